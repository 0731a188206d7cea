"""Synthetic scans for the OCR tests and the engine measurement (inputs made by code).

`table_page` draws a dense Chinese budget table with PyMuPDF (built-in font "china-s",
ruling lines), rasterises it and returns the image with the true text and pixel box of
every filled cell.  `degrade` makes a poor scan of it (skew, blur, noise, JPEG).
"""
from __future__ import annotations

import random
from dataclasses import dataclass

import cv2
import numpy as np
import pymupdf

FONT = "china-s"
# insert_text(fontname="china-s") draws digits full-width; a TextWriter with the same
# built-in Droid Sans Fallback embedded keeps digits proportional, as in real reports.
_FONT = pymupdf.Font(FONT)


def _text(page: pymupdf.Page, point: tuple[float, float], text: str, size: float) -> None:
    writer = pymupdf.TextWriter(page.rect)
    writer.append(point, text, font=_FONT, fontsize=size)
    writer.write_text(page)


def _width(text: str, size: float) -> float:
    return _FONT.text_length(text, fontsize=size)

# (code, name) rows; section rows have no code.  Subject names are public facts.
ROWS: tuple[tuple[str, str], ...] = (
    ("", "一、一般公共服务支出"),
    ("20101", "人大事务"),
    ("2010101", "行政运行"),
    ("2010102", "一般行政管理事务"),
    ("2010350", "事业运行"),
    ("2010301", "行政运行"),
    ("2010399", "其他政府办公厅及相关机构事务支出"),
    ("", "二、教育支出"),
    ("20501", "教育管理事务"),
    ("2050201", "学前教育"),
    ("2050202", "小学"),
    ("2050203", "初中"),
    ("", "三、社会保障和就业支出"),
    ("20805", "行政事业单位养老支出"),
    ("2080505", "机关事业单位基本养老保险缴费支出"),
    ("2080506", "机关事业单位职业年金缴费支出"),
    ("", "四、卫生健康支出"),
    ("21011", "行政事业单位医疗"),
    ("2101101", "行政单位医疗"),
    ("2101102", "事业单位医疗"),
    ("2101103", "公务员医疗补助"),
    ("", "五、住房保障支出"),
    ("22102", "住房改革支出"),
    ("2210201", "住房公积金"),
    ("2210203", "购房补贴"),
    ("", "六、工资福利支出"),
    ("30101", "基本工资"),
    ("30102", "津贴补贴"),
    ("30103", "奖金"),
    ("30201", "办公费"),
    ("30202", "印刷费"),
    ("30205", "水费"),
    ("30211", "差旅费"),
    ("30217", "公务接待费"),
)
HEADER = ("科目编码", "科目名称", "合计", "基本支出", "项目支出")
COL_WIDTHS = (62.0, 196.0, 90.0, 90.0, 90.0)


@dataclass(frozen=True)
class TruthCell:
    text: str
    box: tuple[float, float, float, float]  # pixels x0, y0, x1, y1
    numeric: bool


def money(rng: random.Random, big: bool) -> str:
    value = rng.randint(100, 900_000 if big else 90_000) / 100
    return f"{value:,.2f}"


def _draw_table(page: pymupdf.Page, rows, x0: float, y0: float, row_h: float,
                size: float) -> list[tuple[str, pymupdf.Rect, bool]]:
    xs = [x0]
    for width in COL_WIDTHS:
        xs.append(xs[-1] + width)
    cells: list[tuple[str, pymupdf.Rect, bool]] = []
    for r, row in enumerate(rows):
        top = y0 + r * row_h
        for c, text in enumerate(row):
            if not text:
                continue
            rect = pymupdf.Rect(xs[c], top, xs[c + 1], top + row_h)
            numeric = c >= 2 and r > 0
            width = _width(text, size)
            if numeric:
                x = rect.x1 - 4 - width
            elif r == 0:
                x = rect.x0 + (rect.width - width) / 2
            else:
                x = rect.x0 + 4
            baseline = top + row_h / 2 + size * 0.36
            _text(page, (x, baseline), text, size)
            cells.append((text, rect, numeric))
    shape = page.new_shape()
    bottom = y0 + len(rows) * row_h
    for x in xs:
        shape.draw_line((x, y0), (x, bottom))
    for r in range(len(rows) + 1):
        shape.draw_line((xs[0], y0 + r * row_h), (xs[-1], y0 + r * row_h))
    shape.finish(color=(0, 0, 0), width=0.6)
    shape.commit()
    return cells


def table_rows(seed: int = 7, n: int | None = None) -> list[tuple[str, ...]]:
    rng = random.Random(seed)
    rows: list[tuple[str, ...]] = [HEADER]
    for code, name in ROWS[:n]:
        total = money(rng, big=not code)
        basic = money(rng, big=not code)
        project = money(rng, big=False) if rng.random() < 0.6 else ""
        rows.append((code, name, total, basic, project))
    return rows


def table_page(dpi: int = 200, size: float = 9.0, seed: int = 7,
               n_rows: int | None = None) -> tuple[np.ndarray, list[TruthCell]]:
    """A4 page with a title and a ruled table; returns BGR image and the true cells."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    title = "2024年部门支出决算表"
    _text(page, (200, 60), title, 14)
    _text(page, (42, 88), "部门：某某市财政局", size)
    _text(page, (480, 88), "单位：万元", size)
    cells = _draw_table(page, table_rows(seed, n_rows), 42, 96, 19.0, size)
    zoom = dpi / 72
    pix = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), alpha=False)
    img = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width, 3)
    img = cv2.cvtColor(img, cv2.COLOR_RGB2BGR)
    truth = [TruthCell(t, (r.x0 * zoom, r.y0 * zoom, r.x1 * zoom, r.y1 * zoom), num)
             for t, r, num in cells]
    return img, truth


def degrade(img: np.ndarray, angle: float = 1.0, seed: int = 3, jpeg_quality: int = 40,
            blur: float = 0.8, noise: float = 10.0) -> tuple[np.ndarray, np.ndarray]:
    """Skew, blur, noise, JPEG.  Returns the image and the 2x3 affine used (orig -> new)."""
    h, w = img.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    out = cv2.warpAffine(img, matrix, (w, h), flags=cv2.INTER_LINEAR,
                         borderValue=(255, 255, 255))
    out = cv2.GaussianBlur(out, (0, 0), blur)
    speckle = np.random.default_rng(seed).normal(0, noise, out.shape)
    out = np.clip(out.astype(np.float32) + speckle, 0, 255).astype(np.uint8)
    ok, buf = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, jpeg_quality])
    if not ok:
        raise RuntimeError("JPEG encoding failed")
    return cv2.imdecode(buf, cv2.IMREAD_COLOR), matrix


def fax(img: np.ndarray, angle: float = 0.5, seed: int = 11,
        threshold: int = 170) -> tuple[np.ndarray, np.ndarray]:
    """A binarised fax-like copy (slight skew, hard threshold, salt-and-pepper)."""
    h, w = img.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    gray = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)
    gray = cv2.warpAffine(gray, matrix, (w, h), borderValue=255)
    bw = np.where(gray < threshold, 0, 255).astype(np.uint8)
    rng = np.random.default_rng(seed)
    flips = rng.random(bw.shape) < 0.004
    bw[flips] = 255 - bw[flips]
    return cv2.cvtColor(bw, cv2.COLOR_GRAY2BGR), matrix


def lines_image(lines: list[str], size: float = 11.0, dpi: int = 200) -> np.ndarray:
    """A small white image with one string per line (for quick real-engine tests)."""
    doc = pymupdf.open()
    width = 40 + max(_width(s, size) for s in lines)
    page = doc.new_page(width=width, height=20 + len(lines) * size * 2.2)
    for i, text in enumerate(lines):
        _text(page, (20, 20 + size + i * size * 2.2), text, size)
    zoom = dpi / 72
    pix = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), alpha=False)
    img = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width, 3)
    return cv2.cvtColor(img, cv2.COLOR_RGB2BGR)


def crop_cells(img: np.ndarray, truth: list[TruthCell], pad: int = 3) -> list[np.ndarray]:
    """Cut each true cell out of a clean page, just inside its ruling lines."""
    crops = []
    for cell in truth:
        x0, y0, x1, y1 = (int(round(v)) for v in cell.box)
        crops.append(img[y0 + pad:y1 - pad + 1, x0 + pad:x1 - pad + 1].copy())
    return crops
