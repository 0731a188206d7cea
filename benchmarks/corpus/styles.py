"""Randomised render styles for the truth tables: a corpus you cannot overfit (issues 11, 13).

``random_style(seed)`` draws one publisher's look; ``render_styled(truth_doc, path, seed)``
writes the truth document in it and returns the manifest and the truth *as printed* (a style
that prints in 元 or without thousands separators changes the printed text of every amount).

What varies, each drawn independently from the seed:

- page: portrait or landscape, margins, title size and alignment;
- text: CJK size 7.5–10.5 pt, padding, line spacing; figures and Latin text in the CJK font or
  in a proportional Latin font (Helvetica, Times), as Word and Excel prints have them;
- rules: a full grid; column rules only in the body (header and frame ruled); a 三线表 (top,
  header and bottom rules only); a rule under every row and no column rules; width 0.25–1.5
  pt, black or grey, stroked or drawn as thin filled rectangles;
- shading: a grey header band, zebra body rows;
- amounts: right-aligned or centred; 万元 or 元 (amounts × 10,000); with or without thousands
  separators;
- flow: every table on a new page, or tables following each other (a table starts mid-page
  after the previous one or after prose, several tables share a page).

Seeds are the unit of hold-out: ``benchmarks.styles`` tunes on some and reports others.
"""
from __future__ import annotations

import copy
import random
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pymupdf

from .layout import Style, TableLayout, layout_table, wrap
from .render import FONT, LANDSCAPE, PORTRAIT, _merge, cell_boxes, cover_sentences, row_tops
from .seeds import AMOUNT

RULES = ("grid", "colrules", "booktabs", "rowrules")
_LATIN_ASCII = re.compile(r"^[\x20-\x7e]+$")


@dataclass(frozen=True)
class RandomStyle:
    seed: int
    base: Style
    landscape: bool
    rules: str
    filled: bool
    gray: float
    latin: str                 # font for all-ASCII texts: FONT, "helv" or "tiro"
    header_fill: float | None
    zebra: bool
    amount_align: str
    yuan: bool
    separators: bool
    flow: bool
    title_left: bool


def random_style(seed: int) -> RandomStyle:
    rng = random.Random(seed)
    base = Style(font_size=rng.uniform(7.5, 10.5), pad_x=rng.uniform(1.5, 5.0),
                 pad_y=rng.uniform(1.0, 4.5), line_factor=rng.uniform(1.1, 1.5),
                 margin=rng.uniform(28.0, 60.0), rule=rng.choice([0.25, 0.4, 0.5, 0.75, 1.0, 1.5]),
                 title_size=rng.uniform(11.0, 16.0))
    return RandomStyle(
        seed=seed, base=base, landscape=rng.random() < 0.3, rules=rng.choice(RULES),
        filled=rng.random() < 0.3, gray=rng.choice([0.0, 0.0, 0.3, 0.5]),
        latin=rng.choice([FONT, "helv", "tiro"]),
        header_fill=rng.choice([None, None, 0.85, 0.92]), zebra=rng.random() < 0.2,
        amount_align=rng.choice(["right", "right", "right", "center"]),
        yuan=rng.random() < 0.3, separators=rng.random() < 0.75, flow=rng.random() < 0.5,
        title_left=rng.random() < 0.2)


def _amount_text(text: str, yuan: bool, separators: bool) -> str:
    value = Decimal(text.replace(",", ""))
    if yuan:
        value *= 10000
    places = max(0, -value.as_tuple().exponent) if not yuan else 2
    shown = f"{value:,.{places}f}" if separators else f"{value:.{places}f}"
    return shown


def printed_truth(truth_doc: dict, style: RandomStyle) -> dict:
    """The truth document as this style prints it (units and amount formats)."""
    doc = copy.deepcopy(truth_doc)
    for t in doc["tables"]:
        amounts = style.yuan and t["unit"] == "万元"
        if amounts:
            t["unit"] = "元"
        for c in t["cells"]:
            if c["row"] >= t["header_rows"] and AMOUNT.match(c["text"]):
                c["text"] = _amount_text(c["text"], amounts, style.separators)
    return doc


class _Page:
    def __init__(self, doc: pymupdf.Document, size: tuple[float, float]):
        self.page = doc.new_page(width=size[0], height=size[1])
        self.shape = self.page.new_shape()      # rules, over the text
        self.back = self.page.new_shape()       # shading, under the text

    def text(self, x: float, baseline: float, text: str, size: float, font: str = FONT):
        self.page.insert_text((x, baseline), text, fontname=font, fontsize=size)

    def fill(self, rect: pymupdf.Rect, gray: float) -> None:
        self.back.draw_rect(rect)
        self.back.finish(color=None, fill=(gray, gray, gray), width=0)

    def rule(self, x0, y0, x1, y1, width: float, style: RandomStyle) -> None:
        color = (style.gray,) * 3
        if style.filled:
            h = width / 2
            rect = (pymupdf.Rect(x0, y0 - h, x1, y1 + h) if y0 == y1
                    else pymupdf.Rect(x0 - h, y0, x1 + h, y1))
            self.shape.draw_rect(rect)
            self.shape.finish(color=None, fill=color, width=0)
        else:
            self.shape.draw_line((x0, y0), (x1, y1))
            self.shape.finish(color=color, width=width)

    def commit(self) -> None:
        self.back.commit(overlay=False)
        self.shape.commit()


def _text_width(text: str, fs: float, style: RandomStyle) -> tuple[float, str]:
    if style.latin != FONT and _LATIN_ASCII.match(text):
        return pymupdf.get_text_length(text, fontname=style.latin, fontsize=fs), style.latin
    return len(text) * fs, FONT


def _draw_rows(page: _Page, table: dict, lay: TableLayout, rows: list[int], x0: float,
               top: float, style: RandomStyle) -> float:
    pos, bottom = row_tops(lay, rows, top)
    right = x0 + lay.width
    fs, head, sb = lay.font_size, table["header_rows"], style.base
    body_top = pos.get(head, bottom)
    if style.header_fill is not None and rows and rows[0] < head:
        page.fill(pymupdf.Rect(x0, top, right, body_top), style.header_fill)
    if style.zebra:
        for k, r in enumerate(r for r in rows if r >= head):
            if k % 2:
                page.fill(pymupdf.Rect(x0, pos[r], right, pos[r] + lay.row_h[r]), 0.93)
    h_seg, v_seg = set(), set()
    for cell, cx0, cx1, cy0, cy1 in cell_boxes(table, lay, pos, x0):
        r, c = cell["row"], cell["col"]
        lines = lay.lines[(r, c)]
        block = len(lines) * lay.line_h
        base = cy0 + (cy1 - cy0 - block) / 2 + (lay.line_h - 1.2 * fs) / 2 + fs
        for i, line in enumerate(lines):
            w, font = _text_width(line, fs, style)
            align = lay.align[(r, c)]
            if align == "right" and style.amount_align == "center":
                align = "center"
            x = (cx0 + sb.pad_x if align == "left" else cx1 - sb.pad_x - w
                 if align == "right" else (cx0 + cx1 - w) / 2)
            page.text(x, base + i * lay.line_h, line, fs, font)
        h_seg.update({(round(cy0, 2), cx0, cx1), (round(cy1, 2), cx0, cx1)})
        v_seg.update({(round(cx0, 2), cy0, cy1), (round(cx1, 2), cy0, cy1)})
        if style.rules == "booktabs" and r < head and cell["text"] and cy1 < body_top - 0.01:
            page.rule(cx0 + 2, cy1, cx1 - 2, cy1, sb.rule * 0.7, style)
    if style.rules == "booktabs":
        page.rule(x0, top, right, top, sb.rule * 1.5, style)
        page.rule(x0, bottom, right, bottom, sb.rule * 1.5, style)
        if head in pos and rows[0] < head:
            page.rule(x0, body_top, right, body_top, sb.rule, style)
        return bottom
    for y0, a, b in _merge(h_seg):
        inner = body_top + 0.01 < y0 < bottom - 0.01
        if style.rules == "colrules" and inner:
            continue
        page.rule(a, y0, b, y0, sb.rule, style)
    for x, a, b in _merge(v_seg):
        if style.rules == "rowrules":
            continue
        if style.rules == "colrules":
            page.rule(x, a, x, b, sb.rule, style)
            continue
        page.rule(x, a, x, b, sb.rule, style)
    return bottom


@dataclass(frozen=True)
class ArchiveTop:
    """How an archive's print sets the lines right above a grid (drawn from its own
    generator, so ``random_style`` draws stay as they were): the 部门/编制单位 line and the
    单位 line on one line or on two, and the gap from the last one's text to the grid top, as
    a fraction of the body text size (0.15: the text almost touches the rule)."""
    two_lines: bool
    label: str
    gap: float


def archive_top(seed: int) -> ArchiveTop:
    rng = random.Random(f"{seed}/archive-top")
    return ArchiveTop(two_lines=rng.random() < 0.5,
                      label=rng.choice(["部门：", "编制部门：", "编制单位：", "单位名称："]),
                      gap=rng.uniform(0.15, 0.6))


def _archive_lines(page: _Page, table: dict, style: RandomStyle, top: ArchiveTop, x0: float,
                   width: float, y: float) -> float:
    """The 部门 line and the 单位 line set close above the grid; returns the grid top."""
    fs = style.base.font_size
    unit = f"单位：{table['unit']}"
    dept = f"{top.label}{table['department']}" if table["department"] else ""
    if top.two_lines and dept:
        page.text(x0, y + fs, dept, fs)
        y += fs * 1.35
    elif dept:
        page.text(x0, y + fs, dept, fs)
    page.text(x0 + width - len(unit) * fs, y + fs, unit, fs)
    return y + fs * (1.2 + top.gap)          # the glyphs end ~0.2 fs below the baseline


def _title_block(page: _Page, table: dict, style: RandomStyle, x0: float, width: float,
                 y: float, top: ArchiveTop | None = None) -> float:
    ts, fs = style.base.title_size, style.base.font_size
    tx = x0 if style.title_left else x0 + (width - len(table["title"]) * ts) / 2
    page.text(tx, y + ts, table["title"], ts)
    y += ts * 1.8
    if table["number"] and table["number"] not in re.sub(r"\s+", "", table["title"]):
        page.text(x0 + width - len(table["number"]) * fs, y + fs, table["number"], fs)
        y += fs * 1.5
    if top is not None:
        return _archive_lines(page, table, style, top, x0, width, y)
    if table["department"]:
        page.text(x0, y + fs, f"部门：{table['department']}", fs)
    unit = f"单位：{table['unit']}"
    page.text(x0 + width - len(unit) * fs, y + fs, unit, fs)
    return y + fs * 1.8


def render_styled(truth_doc: dict, path: str | Path, seed: int,
                  archive: bool = False) -> tuple[dict, dict]:
    """Write ``truth_doc`` in ``random_style(seed)``; returns (manifest, printed truth).
    ``archive``: the 部门 and 单位 lines set close above the grid as ``archive_top(seed)``
    draws them (the scanned-archive benchmark; off for the digital one, whose pages stay as
    they were).

    The manifest is ``{"seed", "style", "page_count", "tables": [{"title", "pages"}]}``.
    """
    style = random_style(seed)
    top = archive_top(seed) if archive else None
    truth = printed_truth(truth_doc, style)
    size = LANDSCAPE if style.landscape else PORTRAIT
    sb = style.base
    doc = pymupdf.open()
    x0, width = sb.margin, size[0] - 2 * sb.margin
    bottom_limit = size[1] - sb.margin
    page = _Page(doc, size)
    kind = "年度" if truth["report"] == "决算" else "年"
    y = sb.margin + 40
    page.text(x0, y, f"{truth['year']} {kind}{truth['department']}部门{truth['report']}公开",
              sb.title_size + 3)
    y += (sb.title_size + 3) * 2
    fs = sb.font_size + 1
    for sentence in cover_sentences(truth):
        for line in wrap(sentence, width, fs, 0):
            page.text(x0, y, line, fs)
            y += fs * 1.6
    entries = []
    for table in truth["tables"]:
        lay = layout_table(table, width, sb)
        head, n_rows = table["header_rows"], table["n_rows"]
        title_h = sb.title_size * 1.8 + sb.font_size * (5.0 if top else 3.5)
        eq_h = len(table["equations"]) * sb.font_size * 1.5 + sb.font_size
        full = size[1] - 2 * sb.margin - title_h - eq_h
        room = bottom_limit - y - title_h - eq_h - sb.font_size * 2
        first_rows = sum(lay.row_h[:head + min(3, n_rows - head)])
        if not style.flow or room < first_rows:
            page.commit()
            page = _Page(doc, size)
            y, room = sb.margin, full
        else:
            y += sb.font_size * 2
        chunks = _chunks(lay, head, n_rows, room, full)
        pages = []
        for k, chunk in enumerate(chunks):
            if k:
                page.commit()
                page = _Page(doc, size)
                y = sb.margin
            pages.append(doc.page_count - 1)
            y = _title_block(page, table, style, x0, width, y, top)
            y = _draw_rows(page, table, lay, list(range(head)) + chunk, x0, y, style)
        for eq in table["equations"]:
            y += sb.font_size * 1.5
            page.text(x0, y, eq, sb.font_size)
        entries.append({"title": table["title"], "pages": pages})
    page.commit()
    doc.set_metadata({"title": truth.get("source", ""), "creator": "fiscaldoc styles",
                      "producer": "PyMuPDF", "creationDate": "", "modDate": ""})
    page_count = doc.page_count
    doc.save(str(path), garbage=3, deflate=True, no_new_id=True)
    doc.close()
    described = _describe(style) + (f", 部门 line {'2' if top.two_lines else '1'}-line gap "
                                     f"{top.gap:.2f}" if top else "")
    manifest = {"seed": seed, "style": described, "page_count": page_count,
                "tables": entries}
    return manifest, truth


def _chunks(lay: TableLayout, head: int, n_rows: int, room: float, full: float) -> list[list[int]]:
    """Body rows per page: the first page has ``room`` points for header and rows, the next
    ones ``full`` (the header is repeated on every page)."""
    head_h = sum(lay.row_h[:head])
    chunks: list[list[int]] = []
    current: list[int] = []
    used, cap = head_h, room
    for r in range(head, n_rows):
        if current and used + lay.row_h[r] > cap:
            chunks.append(current)
            current, used, cap = [], head_h, full
        current.append(r)
        used += lay.row_h[r]
    chunks.append(current)
    return chunks


def _describe(style: RandomStyle) -> str:
    parts = [style.rules, "landscape" if style.landscape else "portrait",
             f"{style.base.font_size:.1f}pt", f"rule {style.base.rule}",
             "filled" if style.filled else "stroked", f"latin {style.latin}"]
    if style.gray:
        parts.append(f"grey {style.gray}")
    if style.header_fill is not None:
        parts.append("shaded header")
    if style.zebra:
        parts.append("zebra")
    if style.amount_align != "right":
        parts.append("centred amounts")
    if style.yuan:
        parts.append("元")
    if not style.separators:
        parts.append("no separators")
    if style.flow:
        parts.append("flowing")
    return ", ".join(parts)
