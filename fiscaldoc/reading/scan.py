"""The scanned-page path: raster → upright and straight → rules → OCR words, in page space.

Its output is the same ``PageContent`` the text layer gives for digital pages, so the grid,
identity, record and export stages run unchanged on scans.  Where ruled grids are found, cell
crops are recognised in batches (each crop holds one cell, so no detected line straddles a
rule; where a crop's text comes back in pieces on both sides of a grid line, the line is
checked for a worn rule, `_worn_sides`); the rest of the page (titles, 部门/单位 lines,
notes, the narrative) is read with full-page detection on the image with the table areas
blanked.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import cv2
import numpy as np
import pymupdf

from ..config import Config
from ..geometry import BBox, PageTransform, Segment
from ..io import OpenedDocument, rasterize
from ..io.open import take_mupdf_warnings
from ..layout.preprocess import prepare
from ..layout.raster import without_stamp
from ..layout.lines import group_lines
from ..layout.rules import find_rules
from ..layout.segment import page_regions
from ..model import Block, Issue, PageContent, Word
from ..ocr.base import OcrEngine, OcrHit
from .pixels import darkest, ink_level, is_speck
from ..ocr.crops import STACK_GAP, detect_stacked
from .split import split_hits, with_missed_text
from .strokes import without_strokes
from .upright import ocr_upright_score
from ..tables.grid import find_grids

SIDE_DARK = 25         # gray levels under the paper: a pixel of a worn rule
SIDE_SHARE = 0.5       # share of a cell side's rows dark along a worn rule
OCR_BOX_TRIM = 0.10    # share of a detected line's height trimmed off its top and bottom
CELL_INSET = 0.12      # share of the smaller cell side trimmed off each crop (keeps rules out)

_FULLWIDTH_DIGITS = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)})
# Disclosures are printed in simplified characters; the recogniser sometimes returns the
# traditional form of a character (決 for 决).  These are the traditional forms of characters
# of the reports' vocabulary; each maps to its simplified form.
_TRAD = ("決决 預预 門门 財财 撥拨 項项 類类 經经 費费 務务 計计 總总 業业 運运 單单 醫医 療疗 "
         "險险 養养 員员 資资 產产 購购 國国 會会 區区 數数 據据 體体 設设 備备 網网 絡络 軟软 "
         "補补 貼贴 獎奖 職职 餘余 結结 轉转 額额 與与 術术 農农 環环 節节 護护 鄉乡 積积 儲储 "
         "災灾 應应 債债 還还 辦办 廳厅 關关 構构 機机 稅税 繳缴 屬属 級级 營营 專专 勞劳 勵励 "
         "藥药 衛卫 傳传 藝艺 廣广 電电 視视 報报 紙纸 書书 畫画 館馆 歷历 議议 訓训 練练 維维 "
         "車车 輛辆 氣气 郵邮 權权 證证 測测 檢检 驗验 實实 際际 標标 準准 質质 監监 規规 劃划 "
         "範范 圍围 層层 縣县 鎮镇 聯联 組组 織织 黨党 團团 億亿 萬万 圓圆 們们 個个 為为 發发 "
         "現现 開开 間间 場场 樣样 說说 導导 達达 選选 舉举")
_TRAD_MAP = str.maketrans({pair[0]: pair[1] for pair in _TRAD.split()})
_FULLWIDTH_BRACKETS = str.maketrans({"(": "（", ")": "）"})
_SPACED_DIGITS = re.compile(r"(?<=[\d,.])\s+(?=[\d,.])")
_CN_COMMA = re.compile(r"(?<=\d)[，､](?=\d{3})")
_CN_DOT = re.compile(r"(?<=\d)[。．·](?=\d)")
# an amount whose decimal point was read as a comma: "1,105,54" (a thousands group has three
# digits, so a comma before two last digits is the point)
_COMMA_POINT = re.compile(r"(?<![\d,.])(\d{1,3}(?:,\d{3})*),(\d{2})(?![\d,.])")
# an amount whose thousands commas were read as points: "2.790.06" (a figure holds one decimal
# point, so every point before the last, each followed by three digits, is a comma)
_POINT_COMMA = re.compile(r"(?<![\d,.])(\d{1,3}(?:\.\d{3})+)\.(\d{2})(?![\d,.])")
# a run of figures, points, commas and the letter O not inside a word ("0.0O", "2O21")
_FIGURE_RUN = re.compile(r"(?<![A-Za-z])[0-9Oo.,]*[0-9][0-9Oo.,]*(?![A-Za-z])")
_O_BY_FIGURE = re.compile(r"[0-9.,][Oo]|[Oo][0-9.,]")
# a cell rule's edge read with a figure it touches: a bar or a mark after the two decimals
# ("0.00|", "27900700.00.", "0.00;") or a bar before the figure ("|12.50"); no digit goes
_RULE_MARK = re.compile(r"(?<=\.\d\d)\s*[|丨;:,.!]+$|^[|丨!]\s*(?=[-\d])")


def _letter_o_in_figure(m: re.Match) -> str:
    """A figure with the letter O read for a zero ("0.0O" -> "0.00"), when the run holds an
    O next to a digit or a point; a lone "O" or letters of a word are left alone."""
    run = m.group(0)
    if _O_BY_FIGURE.search(run):
        return run.replace("O", "0").replace("o", "0")
    return run


def clean_ocr_text(text: str) -> str:
    """Undo what recognisers do to figures and characters: full-width digits, letter-spaced
    digits ("2 0 21"), a Chinese comma or full stop inside a number, the letter O for a zero
    inside a figure ("0.0O"), a decimal point read as a comma ("1,105,54") and thousands commas
    read as points ("2.790.06"), a rule's edge read as a bar or mark at a figure's end
    ("0.00|"), traditional forms of
    simplified characters (決 → 决), a bracket pair read half full-width ("（室)" → "（室）").
    Other text is left alone."""
    t = text.translate(_FULLWIDTH_DIGITS).translate(_TRAD_MAP)
    t = _SPACED_DIGITS.sub("", t)
    t = _CN_COMMA.sub(",", t)
    t = _CN_DOT.sub(".", t).strip()
    t = _FIGURE_RUN.sub(_letter_o_in_figure, t)
    t = _COMMA_POINT.sub(r"\1.\2", t)
    t = _POINT_COMMA.sub(lambda m: m.group(1).replace(".", ",") + "." + m.group(2), t)
    t = _RULE_MARK.sub("", t)
    # a recogniser mixes the forms of one bracket pair: "（室)", "(室）"
    if ("（" in t) != ("(" in t) and ("）" in t) != (")" in t) and ("（" in t) != ("）" in t):
        t = t.translate(_FULLWIDTH_BRACKETS)
    return t


def _hit_word(hit: OcrHit, transform: PageTransform, dx: float = 0.0, dy: float = 0.0) -> Word:
    pts = [(x + dx, y + dy) for x, y in hit.quad]
    box = transform.box_to_page(pts)
    # detector boxes are padded around the glyphs; trim them to the glyph band so lines of
    # neighbouring table rows do not overlap
    trim = OCR_BOX_TRIM * box.height
    box = BBox(box.x0, box.y0 + trim, box.x1, box.y1 - trim)
    return Word(clean_ocr_text(hit.text), box.rounded(), round(hit.conf, 4), "ocr")


def _cell_crops(image: np.ndarray, transform: PageTransform,
                boxes: list[BBox]) -> list[tuple[np.ndarray, int, int, int]]:
    """The inked cells of ``boxes`` as (crop, x, y, k): the crop inset from the cell's rules,
    the pixel position of its top-left corner and the index of its box.  Cells too small or
    without ink are left out."""
    h, w = image.shape[:2]
    out = []
    for k, b in enumerate(boxes):
        x0, y0, x1, y1 = transform.box_to_pixels(b)
        inset = CELL_INSET * min(x1 - x0, y1 - y0)
        inset = max(2.0, min(inset, 6.0))
        ix0, iy0 = max(0, int(x0 + inset)), max(0, int(y0 + inset))
        ix1, iy1 = min(w, int(x1 - inset)), min(h, int(y1 - inset))
        if ix1 - ix0 >= 4 and iy1 - iy0 >= 4:
            crop = image[iy0:iy1, ix0:ix1]
            if _has_ink(crop):
                out.append((crop, ix0, iy0, k))
    return out


def _worn_sides(image: np.ndarray, frame: PageTransform, box: BBox, xs: tuple[float, ...],
                hits: list[OcrHit], ox: int) -> list[Segment]:
    """Cell sides inside the word-free grid's cell ``box`` that a worn rule still marks.

    Where a rule is too faint to be found, two cells come out as one and their texts as
    separate pieces of one crop (``ocr.crops.PIECE_GAP``).  A grid line (``xs``, from the
    rows where the rule was found) running through the blank between two pieces of one line
    is a cell side when a column of light ink follows it over most of the cell's height.
    ``hits`` are in the cell crop's pixels, ``ox`` the crop's left edge in the image."""
    w = image.shape[1]
    _, py0, _, py1 = frame.box_to_pixels(box)
    inset = max(3, int(0.15 * (py1 - py0)))
    a, b = int(py0) + inset, int(py1) - inset
    if b - a < 4:
        return []
    boxes = sorted(hit.bbox for hit in hits)
    out = []
    for left, right in zip(boxes, boxes[1:]):
        overlap = min(left[3], right[3]) - max(left[1], right[1])
        if overlap <= 0.5 * min(left[3] - left[1], right[3] - right[1]):
            continue
        for x in xs:
            if not box.x0 + 1.0 < x < box.x1 - 1.0:
                continue
            px = int(round(frame.to_pixels(x, box.y0)[0]))
            if not (left[2] + ox < px - 4 and px + 4 < right[0] + ox) or px < 12 or px + 12 > w:
                continue
            gray = darkest(image[a:b, px - 12:px + 13]).astype(np.int16)
            paper = int(np.median(gray))
            near = gray[:, 8:17]
            col = 8 + int(np.argmin(near.mean(axis=0)))
            dark = gray[:, col - 1:col + 2].min(axis=1) < paper - SIDE_DARK
            if dark.mean() >= SIDE_SHARE:
                out.append(Segment.v(box.y0, box.y1, x))
    return out


INK_PIXELS = 6          # a crop with fewer ink pixels is empty (a blurred "1" has ~25)


def _has_ink(crop: np.ndarray) -> bool:
    gray = darkest(crop)
    return bool((gray < ink_level(gray)).sum() >= INK_PIXELS)


STRIP_GAP_PT = 14.0    # blank band (points) that separates two strips of text


def _ink_strips(image: np.ndarray, dpi: float) -> tuple[list[tuple[int, int]], tuple[int, int]]:
    """Row ranges of the page that hold ink, split at blank bands, and the column range of
    all that ink (both with a margin)."""
    gray = darkest(image)
    dark = gray < 160
    rows = np.flatnonzero(dark.sum(axis=1) >= 2)
    if rows.size == 0:
        return [], (0, 0)
    gap = int(STRIP_GAP_PT * dpi / 72.0)
    margin = max(4, gap // 3)
    strips: list[list[int]] = [[int(rows[0]), int(rows[0])]]
    for y in rows[1:]:
        if y - strips[-1][1] > gap:
            strips.append([int(y), int(y)])
        else:
            strips[-1][1] = int(y)
    h, w = gray.shape
    cols = np.flatnonzero(dark.sum(axis=0) >= 2)
    columns = (max(0, int(cols[0]) - gap), min(w, int(cols[-1]) + 1 + gap))
    return [(max(0, a - margin), min(h, b + 1 + margin)) for a, b in strips], columns


def _read_outside(engine: OcrEngine, masked: np.ndarray, dpi: float):
    """Full-page detection on the text outside the tables, run on the page's inked strips
    stacked together (a table page's title and notes are a small part of its area), cut to
    the columns that hold ink (detection costs by the pixel; page margins are blank).
    Yields (hit, dx, dy): they move the hit from its strip back to the page."""
    strips, (x0, x1) = _ink_strips(masked, dpi)
    if not strips:
        return
    inked = masked[:, x0:x1]
    total = sum(b - a for a, b in strips) + STACK_GAP * (len(strips) - 1)
    if total >= 0.8 * masked.shape[0]:
        for hit in engine.recognize_page(inked):
            yield hit, float(x0), 0.0
        return
    found = detect_stacked([inked[a:b] for a, b in strips],
                           lambda images: [engine.recognize_page(im) for im in images])
    for (a, _), hits in zip(strips, found):
        for hit in hits:
            yield hit, float(x0), float(a)


def _rule_bands(rules, frame: PageTransform) -> list[tuple[float, float]]:
    """Pixel row ranges spanned by horizontally ruled tables (two or more long rules)."""
    hs = sorted((r for r in rules if r.horizontal and r.length >= 72.0), key=lambda r: r.y0)
    if len(hs) < 2:
        return []
    top = frame.to_pixels(0.0, hs[0].y0)[1]
    bottom = frame.to_pixels(0.0, hs[-1].y0)[1]
    return [(top, bottom)]


@dataclass(frozen=True, slots=True)
class ScannedPage:
    """OCR output in the straightened reading frame, and the map from it to page space.

    Grids are rebuilt in the frame (the upright, deskewed image in points), where rows and
    columns are axis-aligned whatever the scan's skew or quarter turn; their boxes are then
    mapped to page space with ``to_page`` (design §4).
    """

    content: PageContent
    transform: PageTransform          # pixels of the prepared image -> page space
    frame: PageTransform              # pixels of the prepared image -> frame points
    regions: tuple[Block, ...] = ()   # seals, figures, running header and footer (frame)

    def to_page(self, box: BBox) -> BBox:
        return self.transform.box_to_page(self.frame.box_to_pixels(box)).rounded()


@dataclass(frozen=True, slots=True)
class RenderedPage:
    """A page as pixels, ready for `read_rendered_page` (which needs no open document)."""

    index: int
    image: np.ndarray
    transform: PageTransform          # pixels -> page space
    rotation: int                     # the page's /Rotate


def render_page(doc: OpenedDocument, index: int, cfg: Config) -> RenderedPage:
    """Rasterise one page (MuPDF: call from one thread at a time per document).  Raises
    PageTooLargeError or CorruptPdfError naming the file and page."""
    image, transform = rasterize(doc, index, cfg.render.dpi, cfg.render.max_pixels)
    return RenderedPage(index, image, transform, int(doc.page(index).rotation))


BLANK_DPI = 36                  # resolution of the blank-page look (a whole A4 page: 0.13 MP)
BLANK_CONTRAST = 40             # gray levels under the local paper: a pixel of ink
BLANK_PAPER = 15.0              # points: the window that estimates the local paper level


def ink_area(doc: OpenedDocument, index: int) -> float:
    """Square points of ink on page ``index``, from a quick low-resolution grey rendering:
    pixels darker than their local paper (the brightest level within ``BLANK_PAPER`` points,
    so yellowed paper, uneven light and a binding shadow are paper) by ``BLANK_CONTRAST``
    levels."""
    page = doc.page(index)
    scale = BLANK_DPI / 72.0
    try:
        pix = page.get_pixmap(matrix=pymupdf.Matrix(scale, scale), colorspace=pymupdf.csGRAY,
                              alpha=False)
    finally:
        take_mupdf_warnings()
    grey = np.frombuffer(pix.samples_mv, dtype=np.uint8).reshape(pix.height, pix.stride)
    grey = np.ascontiguousarray(grey[:, :pix.width])
    k = int(BLANK_PAPER * scale) | 1
    paper = cv2.dilate(grey, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    ink = cv2.subtract(paper, grey) > BLANK_CONTRAST
    return float(np.count_nonzero(ink)) / (scale * scale)


def blank_page(doc: OpenedDocument, index: int, cfg: Config,
               text_issues: tuple[Issue, ...] = ()) -> ScannedPage | None:
    """The result of reading page ``index`` when it holds less ink than
    ``cfg.render.blank_ink`` square points (blank, or a page number or a few specks): an
    empty page with a ``blank-page`` Issue, at the cost of one small rendering instead of
    layout and OCR.  None when the page has ink to read, or is too large to render at
    ``cfg.render.dpi`` (rendering it says so)."""
    rect = doc.page(index).rect
    full = PageTransform.for_render(rect.width, rect.height, cfg.render.dpi)
    if full.image_width * full.image_height > cfg.render.max_pixels:
        return None
    area = ink_area(doc, index)
    if area >= cfg.render.blank_ink:
        return None
    transform = PageTransform.for_render(rect.width, rect.height, BLANK_DPI)
    issues = tuple(i for i in text_issues if i.code != "needs-ocr") + (Issue(
        "blank-page", "layout", index, "info",
        f"{doc.path}, page {index + 1}: blank or near-blank ({area:.0f} pt² of ink), not read"),)
    content = PageContent(index, rect.width, rect.height, int(doc.page(index).rotation), "ocr",
                          (), (), issues)
    return ScannedPage(content, transform, transform)


def read_scanned_page(doc: OpenedDocument, index: int, cfg: Config, engine: OcrEngine,
                      text_issues: tuple[Issue, ...] = ()) -> ScannedPage:
    """OCR one page; raises only typed errors (PageTooLargeError, CorruptPdfError)."""
    return read_rendered_page(render_page(doc, index, cfg), engine, text_issues)


def read_rendered_page(page: RenderedPage, engine: OcrEngine,
                       text_issues: tuple[Issue, ...] = ()) -> ScannedPage:
    """OCR one rendered page.  Touches no document, so pages can be read side by side
    (with an engine that is safe to share between threads, as the built-in ones are)."""
    index = page.index
    prep = prepare(page.image, page.transform,
                   quarter_score=ocr_upright_score(engine, page.transform.dpi))
    img = prep.image
    dpi = prep.transform.dpi
    frame = PageTransform.for_render(img.shape[1] * 72.0 / dpi, img.shape[0] * 72.0 / dpi, dpi)
    rules = find_rules(img, frame)
    issues = [i for i in text_issues if i.code != "needs-ocr"]
    if prep.quarter_turns or abs(prep.skew) >= 0.05 or prep.warp:
        issues.append(Issue("page-straightened", "layout", index, "info",
                            f"page turned {prep.quarter_turns * 90}° and deskewed {prep.skew:.2f}°"
                            + (f", rules straightened (up to {prep.warp:.1f} px)" if prep.warp else "")))

    words: list[Word] = []
    sides: list[Segment] = []
    grids = [g for g in find_grids((), rules) if g.style == "ruled"]
    img = without_stamp(img)
    masked = img.copy()
    if grids:
        cells = [(g, c.bbox) for g in grids for c in g.cells]
        crops = _cell_crops(img, frame, [b for _, b in cells])
        # line height: the batch's own median one-line band (a fixed guess from the dpi
        # misses two tightly set lines in one band)
        results = engine.recognize_crops([c for c, _, _, _ in crops]) if crops else []
        for (_, ox, oy, k), hits in zip(crops, results):
            hits = [h for h in hits if not is_speck(h.text, h.conf)]
            words.extend(_hit_word(h, frame, ox, oy) for h in hits)
            if len(hits) > 1:
                sides += _worn_sides(img, frame, cells[k][1], cells[k][0].xs, hits, ox)
        for g in grids:
            x0, y0, x1, y1 = (int(v) for v in frame.box_to_pixels(g.bbox.expand(1.0)))
            masked[max(0, y0):max(0, y1), max(0, x0):max(0, x1)] = 255
    outside = [hit.shifted(dx, dy) for hit, dx, dy in _read_outside(engine, masked, dpi)]
    bands = _rule_bands(rules, frame)
    erase = [tuple(int(round(v)) for v in frame.box_to_pixels(BBox(r.x0, r.y0, r.x1, r.y1)))
             for r in rules]
    outside = with_missed_text(engine, masked, outside, bands, erase)
    words.extend(_hit_word(h, frame) for h in split_hits(engine, masked, outside, bands, erase))
    rules = without_strokes(rules, words)
    try:
        regions = page_regions(prep.image, frame, rules, group_lines(words))
    except Exception as e:   # regions are a description of the page: never lose its text
        regions = ()
        issues.append(Issue("regions-failed", "layout", index, "warning",
                            f"page {index + 1}: regions: {type(e).__name__}: {e}"))
    content = PageContent(index, frame.page_width, frame.page_height, page.rotation,
                          "ocr", tuple(words), rules + tuple(sides), tuple(issues))
    return ScannedPage(content, prep.transform, frame, regions)
