"""Render truth tables (``tests/data/truth/*.json``) as digital PDFs in several looks.

``render_pdf(truth_doc, path, look, seed=0)`` writes one PDF: a cover page (document title and
a few sentences quoting figures of the tables), then every table starting on a new page with
its title line, a ``部门：`` / ``单位：`` line, the table, and the table's equation lines.

Looks:

- ``grid``: portrait A4, every cell boxed, merged cells as one box.  Rules are stroked lines for
  even table indices and thin filled rectangles for odd ones.  A table that does not fit
  continues on the next page with its title and header rows repeated.
- ``hrules``: like ``grid`` without vertical rules: full-width top and bottom rules, a rule
  under the header, and under each upper header cell a rule trimmed by 2 pt at both ends.
- ``landscape_split``: landscape A4, full grid; every table with more than 8 body rows is split
  over two pages at half its body.  The second page repeats title and header for even table
  indices; for odd ones it carries body rows only (no title, no header).
- ``rotate90``: like ``grid`` laid out on a landscape page, stored as a portrait page with
  /Rotate 90: a viewer shows it upright, the text layer comes out rotated.
- ``colrules``: a framed table whose header is fully ruled and whose body has vertical rules
  only (no rule between body rows), set tighter (line pitch 1.15 em, 1 pt cell padding);
  a cell's lines sit at the top, middle or bottom of its row by table index (0, 1, 2 mod 3),
  so a wrapped name has its amounts beside its first, middle or last line.
- ``tight``: like ``hrules`` (三线表) set as tight as a word processor does: wrapped lines
  1.0 em apart, rows 0.6 pt padding more (text boxes of neighbouring rows overlap), every
  body cell's lines at the top of its row.

Text is written with PyMuPDF's built-in ``china-s`` font.  The output is deterministic for a
given seed (seed 0 uses the default style, other seeds vary margins, padding, font size and
rule width).
"""
from __future__ import annotations

import random
import re
from dataclasses import replace
from pathlib import Path

import pymupdf

from .layout import Style, TableLayout, halves, layout_table, paginate, wrap
from .seeds import AMOUNT

LOOKS = ("grid", "hrules", "landscape_split", "rotate90", "colrules", "tight")
# spacing of the looks set tighter than the default style
_TIGHTER = {"colrules": {"line_factor": 1.15, "pad_y": 1.0},
            "tight": {"line_factor": 1.0, "pad_y": 0.6}}
VALIGN = ("top", "middle", "bottom")
PORTRAIT = (595.0, 842.0)
LANDSCAPE = (842.0, 595.0)
FONT = "china-s"
BLACK = (0.0, 0.0, 0.0)


def _style(seed: int) -> Style:
    if seed == 0:
        return Style()
    rng = random.Random(seed)
    return Style(font_size=rng.choice([8.5, 9.0, 9.5]), pad_x=rng.uniform(2.0, 3.5),
                 pad_y=rng.uniform(1.5, 3.0), margin=rng.uniform(32.0, 52.0),
                 rule=rng.choice([0.5, 0.6, 0.75, 1.0]), title_size=rng.choice([12.0, 13.0, 14.0]))


class _Canvas:
    """Draws in displayed-page coordinates onto a page that may carry /Rotate 90."""

    def __init__(self, page: pymupdf.Page):
        self.page = page
        self.rotated = page.rotation == 90
        self.matrix = page.derotation_matrix
        self.shape = page.new_shape()

    def text(self, x: float, baseline: float, text: str, size: float) -> None:
        origin = pymupdf.Point(x, baseline) * self.matrix
        self.page.insert_text(origin, text, fontname=FONT, fontsize=size,
                              rotate=90 if self.rotated else 0)

    def rule(self, x0: float, y0: float, x1: float, y1: float, width: float, filled: bool):
        if filled:
            half = width / 2
            rect = (pymupdf.Rect(x0, y0 - half, x1, y1 + half) if y0 == y1
                    else pymupdf.Rect(x0 - half, y0, x1 + half, y1))
            self.shape.draw_rect(rect * self.matrix)
            self.shape.finish(color=None, fill=BLACK, width=0)
        else:
            self.shape.draw_line(pymupdf.Point(x0, y0) * self.matrix,
                                 pymupdf.Point(x1, y1) * self.matrix)
            self.shape.finish(color=BLACK, width=width)

    def commit(self) -> None:
        self.shape.commit()
        self.page.clean_contents()     # one content stream per page instead of one per text


def _merge(segments: set[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """Union of collinear intervals: (coordinate, start, end) triples."""
    out: list[tuple[float, float, float]] = []
    for key, start, end in sorted(segments):
        if out and out[-1][0] == key and start <= out[-1][2] + 0.01:
            out[-1] = (key, out[-1][1], max(out[-1][2], end))
        else:
            out.append((key, start, end))
    return out


def _short_title(title: str) -> str:
    title = re.sub(r"^\d{4}\s*年度?", "", title)
    return re.sub(r"[（(]\s*表\s*\d+\s*[)）]$", "", title).strip()


def cover_sentences(doc: dict) -> list[str]:
    """A few sentences (generated, not copied) that quote figures of the tables."""
    year, dept, tables = doc["year"], doc["department"], doc["tables"]
    unit = next((t["unit"] for t in tables if t["unit"]), "万元")
    out = [f"本文件为{dept}{year} 年度部门{doc['report']}公开文本，附表 {len(tables)} 张。"]
    rows = []
    for t in tables:
        grid: dict[int, list[str]] = {}
        for cell in t["cells"]:
            grid.setdefault(cell["row"], []).append(cell["text"])
        rows.append((t, [grid[r] for r in sorted(grid) if r >= t["header_rows"]]))
    for t, body in rows:
        if not t["kind"].endswith(("income_expenditure_summary", "fiscal_summary")):
            continue
        for row in body:
            first = next((x for x in row if x), "")
            amounts = [x for x in row if AMOUNT.match(x)]
            if first in ("总计", "收入总计") and len(amounts) >= 2:
                if amounts[0] == amounts[-1]:
                    out.append(f"{year} 年度收、支总计 {amounts[0]} {unit}。")
                else:
                    out.append(f"{year} 年度收入总计 {amounts[0]} {unit}，"
                               f"支出总计 {amounts[-1]} {unit}。")
                break
        if len(out) > 1:
            break
    quoted = 0
    for t, body in rows:
        for row in body:
            amounts = [x for x in row if AMOUNT.match(x)]
            if "合计" in row and amounts and quoted < 2:
                out.append(f"{_short_title(t['title'])}合计 {amounts[0]} {t['unit'] or unit}。")
                quoted += 1
                break
    return out


def _draw_cover(canvas: _Canvas, doc: dict, style: Style, size: tuple[float, float]) -> None:
    width = size[0]
    kind = "年度" if doc["report"] == "决算" else "年"
    title = f"{doc['year']} {kind}{doc['department']}部门{doc['report']}公开"
    ts = style.title_size + 5
    y = style.margin + 120
    canvas.text((width - len(title) * ts) / 2, y, title, ts)
    y += ts * 3
    fs = style.font_size + 1.5
    for sentence in cover_sentences(doc):
        for line in wrap(sentence, width - 2 * style.margin, fs, 0):
            canvas.text(style.margin, y, line, fs)
            y += fs * 1.6


def _title_height(table: dict, style: Style) -> float:
    fs = style.font_size
    extra = fs * 1.5 if table["number"] and not _number_in_title(table) else 0
    return style.title_size * 1.8 + extra + fs * 1.8


def _number_in_title(table: dict) -> bool:
    return table["number"] in re.sub(r"\s+", "", table["title"])


def _draw_title(canvas: _Canvas, table: dict, style: Style, x0: float, width: float,
                y: float) -> float:
    ts, fs = style.title_size, style.font_size
    canvas.text(x0 + (width - len(table["title"]) * ts) / 2, y + ts, table["title"], ts)
    y += ts * 1.8
    if table["number"] and not _number_in_title(table):
        canvas.text(x0 + width - len(table["number"]) * fs, y + fs, table["number"], fs)
        y += fs * 1.5
    if table["department"]:
        canvas.text(x0, y + fs, f"部门：{table['department']}", fs)
    unit = f"单位：{table['unit']}"
    canvas.text(x0 + width - len(unit) * fs, y + fs, unit, fs)
    return y + fs * 1.8


def row_tops(lay: TableLayout, rows: list[int], top: float) -> tuple[dict[int, float], float]:
    """Top of each drawn grid row, stacked from ``top``, and the bottom of the last."""
    pos, y = {}, top
    for r in rows:
        pos[r] = y
        y += lay.row_h[r]
    return pos, y


def cell_boxes(table: dict, lay: TableLayout, pos: dict[int, float], x0: float):
    """(cell, x0, x1, y0, y1) of every truth cell whose row is drawn (``pos``)."""
    for cell in table["cells"]:
        r, c, rs, cs = cell["row"], cell["col"], cell["row_span"], cell["col_span"]
        if r not in pos:
            continue
        yield (cell, x0 + lay.col_x[c], x0 + lay.col_x[c + cs], pos[r],
               pos[r] + sum(lay.row_h[r:r + rs]))


def _draw_chunk(canvas: _Canvas, table: dict, lay: TableLayout, rows: list[int], x0: float,
                top: float, style: Style, rules: str, valign: str = "middle") -> float:
    """Draw the given grid rows (header and/or body) from ``top``; returns the table bottom."""
    pos, bottom = row_tops(lay, rows, top)
    fs, head = lay.font_size, table["header_rows"]
    h_seg, v_seg = set(), set()
    for cell, cx0, cx1, cy0, cy1 in cell_boxes(table, lay, pos, x0):
        r, c, rs = cell["row"], cell["col"], cell["row_span"]
        lines = lay.lines[(r, c)]
        block = len(lines) * lay.line_h
        spare = cy1 - cy0 - block
        offset = (spare / 2 if valign == "middle" or r < head else
                  style.pad_y if valign == "top" else spare - style.pad_y)
        base = cy0 + offset + (lay.line_h - 1.2 * fs) / 2 + fs
        for i, line in enumerate(lines):
            w = len(line) * fs
            align = lay.align[(r, c)]
            x = (cx0 + style.pad_x if align == "left" else cx1 - style.pad_x - w
                 if align == "right" else (cx0 + cx1 - w) / 2)
            canvas.text(x, base + i * lay.line_h, line, fs)
        if rules != "colrules" or r < head:
            h_seg.add((round(cy0, 2), cx0, cx1))
        if rules != "colrules" or r + rs <= head or abs(cy1 - bottom) < 0.01:
            h_seg.add((round(cy1, 2), cx0, cx1))
        v_seg.update({(round(cx0, 2), cy0, cy1), (round(cx1, 2), cy0, cy1)})
        if rules == "booktabs" and r < head and cell["text"] and cy1 < pos.get(head, bottom) - 0.01:
            canvas.rule(cx0 + 2, cy1, cx1 - 2, cy1, style.rule * 0.7, False)
    if rules == "booktabs":
        right = x0 + lay.width
        canvas.rule(x0, top, right, top, style.rule * 1.4, False)
        canvas.rule(x0, bottom, right, bottom, style.rule * 1.4, False)
        if head in pos and rows[0] < head:
            canvas.rule(x0, pos[head], right, pos[head], style.rule, False)
        return bottom
    if rules == "colrules":
        h_seg.add((round(top, 2), x0, x0 + lay.width))
    filled = rules == "filled"
    width = 0.5 if filled else style.rule
    for y0, a, b in _merge(h_seg):
        canvas.rule(a, y0, b, y0, width, filled)
    for x, a, b in _merge(v_seg):
        canvas.rule(x, a, x, b, width, filled)
    return bottom


def render_pdf(truth_doc: dict, path: str | Path, look: str, *, seed: int = 0) -> dict:
    """Write ``truth_doc`` as a PDF at ``path``; return where each table was drawn.

    The manifest is ``{"look", "seed", "page_count", "tables": [{"title", "pages"}]}`` with
    0-based page indices, one entry per truth table in order (page 0 is the cover).
    """
    if look not in LOOKS:
        raise ValueError(f"unknown look {look!r}; expected one of {LOOKS}")
    style = _style(seed)
    if look in _TIGHTER:
        style = replace(style, **_TIGHTER[look])
    size = LANDSCAPE if look in ("landscape_split", "rotate90") else PORTRAIT
    doc = pymupdf.open()

    def new_canvas() -> _Canvas:
        if look == "rotate90":
            page = doc.new_page(width=PORTRAIT[0], height=PORTRAIT[1])
            page.set_rotation(90)
        else:
            page = doc.new_page(width=size[0], height=size[1])
        return _Canvas(page)

    cover = new_canvas()
    _draw_cover(cover, truth_doc, style, size)
    cover.commit()
    x0, width = style.margin, size[0] - 2 * style.margin
    entries = []
    for index, table in enumerate(truth_doc["tables"]):
        lay = layout_table(table, width, style)
        head, n_rows = table["header_rows"], table["n_rows"]
        eq_h = (len(table["equations"]) * style.font_size * 1.5 + style.font_size
                if table["equations"] else 0.0)
        room = size[1] - 2 * style.margin - _title_height(table, style) - eq_h
        split = look == "landscape_split" and n_rows - head > 8
        chunks = paginate(lay, head, n_rows, room, halves(head, n_rows) if split else ())
        rules = "filled" if index % 2 else "stroke"
        rules = "booktabs" if look in ("hrules", "tight") else look if look == "colrules" else rules
        valign = VALIGN[index % 3] if look == "colrules" else "top" if look == "tight" else "middle"
        pages = []
        for k, chunk in enumerate(chunks):
            canvas = new_canvas()
            pages.append(doc.page_count - 1)
            repeat = k == 0 or not (look == "landscape_split" and index % 2 == 1)
            y = style.margin
            if repeat:
                y = _draw_title(canvas, table, style, x0, width, y)
            rows = (list(range(head)) if repeat else []) + chunk
            bottom = _draw_chunk(canvas, table, lay, rows, x0, y, style, rules,
                                                valign) if rows else y
            if k == len(chunks) - 1:
                fs = style.font_size
                for i, eq in enumerate(table["equations"]):
                    canvas.text(x0, bottom + fs * 1.5 * (i + 1) + fs * 0.5, eq, fs)
            canvas.commit()
        entries.append({"title": table["title"], "pages": pages})
    doc.set_metadata({"title": truth_doc.get("source", ""), "creator": "fiscaldoc corpus",
                      "producer": "PyMuPDF", "creationDate": "", "modDate": ""})
    page_count = doc.page_count
    doc.save(str(path), garbage=3, deflate=True, no_new_id=True)
    doc.close()
    return {"look": look, "seed": seed, "page_count": page_count, "tables": entries}
