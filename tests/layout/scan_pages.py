"""Synthetic report pages for the layout tests: PDFs drawn here, rendered, then degraded.

``report_pdf(style)`` writes one A4 page like a 决算 table page: a running header, a centred
title, a 部门/单位 line, a table (``"grid"``: every cell boxed, merged cells as one box;
``"hrules"``: booktabs rules with a trimmed partial rule under the spanning header;
``"plain"``: the table's text without any rule; ``"none"``: no table), a paragraph of prose
and a page number; optionally a mark, an opaque red seal, a bar chart.  ``prose_pdf`` and
``dense_pdf`` make a page of text and a page-filling table.  Degradations work on the
rendered image and return copies.
"""
from __future__ import annotations

import functools
import math
import random

import cv2
import numpy as np
import pymupdf

from fiscaldoc.geometry import PageTransform
from fiscaldoc.io import open_document, rasterize

from dense_page import dense_table_pdf

W, H = 595.0, 842.0
XS = [50.0, 200.0, 240.0, 320.0, 400.0, 480.0, 545.0]
YS = [130.0, 150.0, 170.0] + [170.0 + 16.0 * k for k in range(1, 11)]
TABLE_BOX = (XS[0], YS[0], XS[-1], YS[-1])
MARK = (80.0, 740.0)          # centre of a small filled square (prepare tests)
FONT = "china-s"
NAMES = ["一般公共服务支出", "人大事务", "行政运行", "机关服务", "社会保障和就业支出",
         "行政事业单位养老支出", "住房公积金", "其他支出", "教育支出", "合计"]
# header cells: (row, col, row_span, col_span, text)
HEAD = [(0, 0, 2, 1, "项目"), (0, 1, 2, 1, "行次"), (0, 2, 1, 3, "本年收入"),
        (1, 2, 1, 1, "合计"), (1, 3, 1, 1, "财政拨款"), (1, 4, 1, 1, "其他收入"),
        (0, 5, 2, 1, "年末结转")]
PROSE = ["本部门2023年度收入总计1,706.28万元，支出总计1,650.10万元。",
         "与上年相比，收入增加85.30万元，增长5.3%，主要原因是人员增加。",
         "一般公共预算财政拨款支出主要用于保障机构正常运转和完成工作任务。"]


def body_cells() -> list[tuple[int, int, int, int, str]]:
    out = []
    for r, name in enumerate(NAMES):
        row = r + 2
        amounts = [f"{(r + 1) * 123.45 + c * 7:,.2f}" for c in range(4)]
        out.append((row, 0, 1, 1, name))
        out.append((row, 1, 1, 1, str(r + 1)))
        for c, a in enumerate(amounts):
            out.append((row, c + 2, 1, 1, a))
    return out


def _text(page, x, y, s, size):
    page.insert_text((x, y), s, fontname=FONT, fontsize=size)


def _cell_text(page, r, c, rs, cs, t):
    x0, x1, y0, y1 = XS[c], XS[c + cs], YS[r], YS[r + rs]
    size = 7.0 if r >= 2 and c >= 2 else 8.0
    w = len(t) * size
    if r >= 2 and c >= 2:
        x = x1 - 3 - w                                  # amounts right-aligned
    elif r >= 2 and c == 0:
        x = x0 + 3
    else:
        x = (x0 + x1 - w) / 2
    _text(page, x, (y0 + y1) / 2 + size * 0.35, t, size)


def grid_rules() -> list[tuple[float, float, float, float]]:
    """Drawn segments (x0, y0, x1, y1) of the boxed grid, merged per line."""
    segs = set()
    cells = HEAD + body_cells()
    for r, c, rs, cs, _ in cells:
        x0, x1, y0, y1 = XS[c], XS[c + cs], YS[r], YS[r + rs]
        segs |= {(x0, y0, x1, y0), (x0, y1, x1, y1), (x0, y0, x0, y1), (x1, y0, x1, y1)}
    return merge_segments(segs)


def hrules() -> list[tuple[float, float, float, float]]:
    x0, x1 = XS[0], XS[-1]
    return [(x0, YS[0], x1, YS[0]), (XS[2] + 2, YS[1], XS[5] - 2, YS[1]),
            (x0, YS[2], x1, YS[2]), (x0, YS[-1], x1, YS[-1])]


def merge_segments(segs) -> list[tuple[float, float, float, float]]:
    hs: dict[float, list[tuple[float, float]]] = {}
    vs: dict[float, list[tuple[float, float]]] = {}
    for x0, y0, x1, y1 in segs:
        (hs.setdefault(y0, []).append((x0, x1)) if y0 == y1
         else vs.setdefault(x0, []).append((y0, y1)))
    out = []
    for pos, spans, horiz in [(p, s, True) for p, s in hs.items()] + \
                             [(p, s, False) for p, s in vs.items()]:
        spans.sort()
        lo, hi = spans[0]
        for a, b in spans[1:] + [(1e9, 1e9)]:
            if a <= hi + 0.01:
                hi = max(hi, b)
                continue
            out.append((lo, pos, hi, pos) if horiz else (pos, lo, pos, hi))
            lo, hi = a, b
    return sorted(out)


@functools.lru_cache(maxsize=16)
def report_pdf(style: str = "grid", *, rule_width: float = 0.6, mark: bool = False,
               seal: bool = False, figure: bool = False) -> bytes:
    doc = pymupdf.open()
    page = doc.new_page(width=W, height=H)
    _text(page, 50, 32, "某某市财政局2023年度部门决算", 8)
    _text(page, W / 2 - 8 * 16 / 2, 82, "收入支出决算总表", 16)
    _text(page, 50, 115, "部门：某某市财政局", 9)
    _text(page, 500, 115, "单位：万元", 9)
    bottom = 240.0
    if style != "none":
        for cell in HEAD + body_cells():
            _cell_text(page, *cell)
        shape = page.new_shape()
        segs = {"grid": grid_rules, "hrules": hrules, "plain": list}[style]()
        for x0, y0, x1, y1 in segs:
            width = rule_width * (1.6 if style == "hrules" and x0 == XS[0] else 1.0)
            shape.draw_line((x0, y0), (x1, y1))
            shape.finish(color=(0, 0, 0), width=width)
        shape.commit()
        bottom = YS[-1] + 40
    for k, s in enumerate(PROSE):
        _text(page, 50 + (21 if k == 0 else 0), bottom + 18 * k, s, 10.5)
    if figure:
        shape = page.new_shape()
        for k, v in enumerate([60, 110, 85, 140, 95]):      # a bar chart with an axis
            shape.draw_rect(pymupdf.Rect(120 + 50 * k, 620 - v, 150 + 50 * k, 620))
            shape.finish(color=(0, 0, 0), fill=(0.3, 0.3, 0.3), width=0.8)
        shape.draw_line((110, 470), (110, 620))
        shape.draw_line((110, 620), (380, 620))
        shape.finish(color=(0, 0, 0), width=1.0)
        shape.commit()
    if mark:
        page.draw_rect(pymupdf.Rect(MARK[0] - 3, MARK[1] - 3, MARK[0] + 3, MARK[1] + 3),
                       color=None, fill=(0, 0, 0))
    if seal:
        draw_seal(page, 430, 200)
    _text(page, W / 2 - 12, 815, "- 3 -", 9)
    data = doc.tobytes()
    doc.close()
    return data


def draw_seal(page, cx: float, cy: float, r: float = 42.0) -> None:
    """An opaque red stamp (ring, star, text) drawn over whatever is below."""
    red = (0.85, 0.1, 0.1)
    page.draw_circle((cx, cy), r, color=red, width=2.5)
    pts = [(cx + 12 * math.cos(math.radians(90 + 144 * k)),
            cy - 12 * math.sin(math.radians(90 + 144 * k))) for k in range(5)]
    page.draw_polyline(pts + [pts[0]], color=red, fill=red, width=0.5)
    page.insert_text((cx - 27, cy + 28), "财政局公章", fontname=FONT, fontsize=11, color=red)


@functools.lru_cache(maxsize=16)
def render(pdf: bytes, dpi: int = 200) -> tuple[np.ndarray, PageTransform]:
    """The page rendered at *dpi* (read-only: degradations return copies)."""
    with open_document(pdf) as doc:
        img, t = rasterize(doc, 0, dpi, 10**9)
    img.setflags(write=False)
    return img, t


@functools.lru_cache(maxsize=4)
def prose_pdf() -> bytes:
    """A page of prose: a large centred title, a subtitle, 40 lines of 12 pt text with
    dashes and enumerations, no table."""
    rnd = random.Random(1)
    chars = ("一二三四五六七八九十中华人民共和国财政部门预算决算收支总表基本支出项目经费"
             "政府性基金年度情况说明主要用于保障机构正常运转和完成工作任务")
    doc = pymupdf.open()
    page = doc.new_page(width=W, height=H)
    _text(page, W / 2 - 14 * 24 / 2, 90, "二〇二三年度部门决算公开说明", 24)
    _text(page, W / 2 - 10 * 16 / 2, 140, "——某某市财政局——", 16)
    y = 190.0
    for k in range(40):
        body = "".join(rnd.choice(chars) for _ in range(37))
        line = body if k % 7 else "一、" + body[:10] + "——" + body[10:18]
        _text(page, 50, y, line, 12)
        y += 16
    data = doc.tobytes()
    doc.close()
    return data


@functools.lru_cache(maxsize=4)
def dense_pdf(rows: int = 36, cols: int = 9) -> bytes:
    """A landscape page filled by a boxed table of small text (no title, no page number)."""
    return dense_table_pdf(rows, cols)


TENS_XS = [50.0, 110.0, 290.0, 370.0]
TENS_YS = [100.0 + 15.3 * k for k in range(16)]


def tens_rules() -> list[tuple[float, float, float, float]]:
    """Drawn segments of ``tens_pdf``'s grid."""
    return ([(TENS_XS[0], y, TENS_XS[-1], y) for y in TENS_YS]
            + [(x, TENS_YS[0], x, TENS_YS[-1]) for x in TENS_XS])


@functools.lru_cache(maxsize=4)
def tens_pdf(size: float = 10.0) -> bytes:
    """A boxed table with tight rows whose items are numbered 十、十一、… 二十四、: the
    vertical strokes of 十 stand one under another, a few points right of a column rule."""
    nums = "一二三四五六七八九"
    doc = pymupdf.open()
    page = doc.new_page(width=W, height=H)
    for k in range(len(TENS_YS) - 1):
        n = 10 + k
        label = ("十" if n < 20 else "二十") + (nums[n % 10 - 1] if n % 10 else "")
        y = TENS_YS[k] + 15.3 / 2 + size * 0.35
        _text(page, TENS_XS[1] + 2.5, y, label + "、支出项目", size)
        _text(page, TENS_XS[0] + 3, y, f"项目{k + 1}", size)
        _text(page, TENS_XS[2] + 3, y, f"{12.5 + k:.2f}", size)
    return _finish(doc, page, tens_rules())


def _finish(doc, page, rules) -> bytes:
    """Draw 0.6 pt black ``rules`` on ``page`` and return the document's bytes."""
    shape = page.new_shape()
    for x0, y0, x1, y1 in rules:
        shape.draw_line((x0, y0), (x1, y1))
        shape.finish(color=(0, 0, 0), width=0.6)
    shape.commit()
    data = doc.tobytes()
    doc.close()
    return data


CMID_XS = [60.0, 180.0, 250.0, 330.0, 420.0, 520.0]


def cmid_rules() -> list[tuple[float, float, float, float]]:
    """Drawn segments of ``cmidrules_pdf``: top, header and bottom rules, and a row of
    partial rules under the header groups, trimmed 2 pt at each end (booktabs cmidrules)."""
    x0, x1 = CMID_XS[0], CMID_XS[-1]
    return ([(x0, 100.0, x1, 100.0), (x0, 140.0, x1, 140.0), (x0, 300.0, x1, 300.0)]
            + [(a + 2, 120.0, b - 2, 120.0) for a, b in zip(CMID_XS, CMID_XS[1:])])


@functools.lru_cache(maxsize=4)
def cmidrules_pdf() -> bytes:
    """A 三线表 whose header groups each have a partial rule under them, 4 pt apart."""
    doc = pymupdf.open()
    page = doc.new_page(width=W, height=H)
    for a, b in zip(CMID_XS, CMID_XS[1:]):
        _text(page, (a + b) / 2 - 16, 114, "收入项目", 8)
        _text(page, (a + b) / 2 - 8, 134, "合计", 8)
        for k in range(8):
            _text(page, b - 40, 160 + 16 * k, f"{12.5 * (k + 1):.2f}", 8)
    return _finish(doc, page, cmid_rules())


STACK_XS = [60.0, 160.0, 240.0, 320.0]
STACK_YS = ([100.0 + 16.0 * k for k in range(5)], [176.0 + 16.0 * k for k in range(5)])


def stacked_rules() -> list[tuple[float, float, float, float]]:
    """Drawn segments of ``stacked_pdf``: two boxed tables, 12 pt apart, columns aligned."""
    out = []
    for ys in STACK_YS:
        out += [(STACK_XS[0], y, STACK_XS[-1], y) for y in ys]
        out += [(x, ys[0], x, ys[-1]) for x in STACK_XS]
    return out


@functools.lru_cache(maxsize=4)
def stacked_pdf() -> bytes:
    """Two small boxed tables one right under the other (a table and its continuation)."""
    doc = pymupdf.open()
    page = doc.new_page(width=W, height=H)
    for ys in STACK_YS:
        for r, y in enumerate(ys[:-1]):
            _text(page, STACK_XS[0] + 3, y + 11, f"项目{r + 1}", 8)
            _text(page, STACK_XS[2] - 30, y + 11, f"{12.5 * (r + 1):.2f}", 8)
    return _finish(doc, page, stacked_rules())


def words_and_rules(pdf: bytes):
    from fiscaldoc.config import TextLayerConfig
    from fiscaldoc.io import read_page
    with open_document(pdf) as doc:
        pc = read_page(doc, 0, TextLayerConfig())
    return pc.words, pc.rules


# ------------------------------------------------------------------ degradations

def blur(img: np.ndarray, sigma: float = 1.2) -> np.ndarray:
    return cv2.GaussianBlur(img, (0, 0), sigma)


def noise(img: np.ndarray, sigma: float = 12.0, seed: int = 1) -> np.ndarray:
    rng = np.random.default_rng(seed)
    n = rng.normal(0, sigma, img.shape[:2])[..., None]
    return np.clip(img.astype(np.float32) + n, 0, 255).astype(np.uint8)


def jpeg(img: np.ndarray, quality: int = 40) -> np.ndarray:
    ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return cv2.imdecode(buf, cv2.IMREAD_COLOR)


def fax(img: np.ndarray, thicken: bool = False) -> np.ndarray:
    """Hard black and white; *thicken*: strokes grow by a pixel, as on a fax."""
    g = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)
    b = np.where(g < 160, 0, 255).astype(np.uint8)
    if thicken:
        b = cv2.erode(b, np.ones((2, 2), np.uint8))
    return cv2.cvtColor(b, cv2.COLOR_GRAY2BGR)


def faint(img: np.ndarray, level: int = 170) -> np.ndarray:
    """Lighten all ink: black becomes ``level`` grey."""
    f = img.astype(np.float32) / 255.0
    return (255 - (255 - level) * (1 - f)).astype(np.uint8)


def broken(img: np.ndarray, t: PageTransform, gap_px: int = 4, every_pt: float = 25.0,
           seed: int = 3) -> np.ndarray:
    """White gaps of ``gap_px`` pixels cut across every rule line, about every ``every_pt``."""
    rng = np.random.default_rng(seed)
    out = img.copy()
    for x0, y0, x1, y1 in grid_rules():
        a = t.to_pixels(x0, y0)
        b = t.to_pixels(x1, y1)
        n = int(math.hypot(x1 - x0, y1 - y0) / every_pt)
        for k in range(n):
            u = (k + rng.uniform(0.2, 0.8)) / n
            px, py = a[0] + u * (b[0] - a[0]), a[1] + u * (b[1] - a[1])
            if y0 == y1:
                out[int(py) - 2:int(py) + 3, int(px):int(px) + gap_px] = 255
            else:
                out[int(py):int(py) + gap_px, int(px) - 2:int(px) + 3] = 255
    return out


def worn(img: np.ndarray, t: PageTransform, rules, broken=(), level: int = 170,
         gap_pt: float = 4.0, every_pt: float = 60.0, seed: int = 5) -> np.ndarray:
    """*rules* (segments in points) printed light grey, and white gaps of ``gap_pt`` cut
    every ``every_pt`` (from a random start) along the *broken* ones; text stays black (a
    worn scan)."""
    rng = np.random.default_rng(seed)
    s = t.dpi / 72.0
    mask = np.zeros(img.shape[:2], np.uint8)
    gaps = np.zeros(img.shape[:2], np.uint8)
    for x0, y0, x1, y1 in rules:
        a, b = t.to_pixels(x0, y0), t.to_pixels(x1, y1)
        cv2.line(mask, (round(a[0]), round(a[1])), (round(b[0]), round(b[1])), 255, 5)
    for x0, y0, x1, y1 in broken:
        a, b = t.to_pixels(x0, y0), t.to_pixels(x1, y1)
        length, h = math.hypot(x1 - x0, y1 - y0), gap_pt * s / 2
        for d in np.arange(rng.uniform(0, every_pt), length, every_pt):
            cx, cy = a[0] + d / length * (b[0] - a[0]), a[1] + d / length * (b[1] - a[1])
            cv2.rectangle(gaps, (int(cx - h), int(cy - h)), (int(cx + h), int(cy + h)), 255, -1)
    out = img.copy()
    lines = (mask > 0) & (img.min(axis=2) < 200)
    out[lines] = np.maximum(out[lines], level)
    out[(mask > 0) & (gaps > 0)] = 255
    return out


def stamp(img: np.ndarray, t: PageTransform, cx: float, cy: float, r: float = 42.0,
          core: float = 10.0) -> np.ndarray:
    """A red stamp blended like ink on paper (multiply): black stays black under it; a
    ring of radius *r* and a solid disc of radius *core*."""
    layer = np.full(img.shape, 255, np.uint8)
    s = t.dpi / 72.0
    c = (int(cx * s), int(cy * s))
    cv2.circle(layer, c, int(r * s), (40, 40, 220), max(2, int(2.5 * s)))
    cv2.circle(layer, c, int(core * s), (40, 40, 220), -1)
    return (img.astype(np.uint16) * layer // 255).astype(np.uint8)


def skew(img: np.ndarray, degrees: float) -> np.ndarray:
    """The image turned ``degrees`` counter-clockwise about its centre, same size."""
    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    return cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR,
                          borderValue=(255, 255, 255))


def skew_point(x: float, y: float, w: int, h: int, degrees: float) -> tuple[float, float]:
    m = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    return (m[0, 0] * x + m[0, 1] * y + m[0, 2], m[1, 0] * x + m[1, 1] * y + m[1, 2])
