"""Table geometry for the corpus renderer: column widths, wrapped cell text, row heights, pages.

Everything here is in points of the page *as displayed*; the renderer maps it onto the PDF page.
PyMuPDF's built-in ``china-s`` font draws every glyph (CJK, digits, spaces) one em wide, so a
text's width is ``len(text) * font_size``.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .seeds import AMOUNT

_CODE_OR_INT = re.compile(r"^\d+$")
MIN_FONT = 3.5          # below this a table no longer fits; it is drawn anyway (overflowing)


@dataclass(frozen=True)
class Style:
    font_size: float = 9.0
    pad_x: float = 2.5
    pad_y: float = 2.0
    line_factor: float = 1.25
    margin: float = 40.0
    rule: float = 0.6
    title_size: float = 13.0


@dataclass
class TableLayout:
    font_size: float
    col_x: list[float]                        # n_cols + 1 column boundaries, first is 0
    row_h: list[float]                        # one height per grid row
    line_h: float                             # distance between wrapped lines
    lines: dict[tuple[int, int], list[str]]   # wrapped text of each cell, by (row, col)
    align: dict[tuple[int, int], str]         # "left" | "right" | "center"

    @property
    def width(self) -> float:
        return self.col_x[-1]


def _unbreakable(text: str) -> bool:
    return bool(AMOUNT.match(text) or _CODE_OR_INT.match(text))


def _column_ems(table: dict) -> tuple[list[float], list[float]]:
    """Per column: the narrowest width (em) that keeps numbers on one line, and a natural one."""
    n_cols, head = table["n_cols"], table["header_rows"]
    low, natural = [2.0] * n_cols, [2.0] * n_cols
    for cell in table["cells"]:
        text, c = cell["text"], cell["col"]
        if not text or cell["col_span"] != 1:
            continue
        n = float(len(text))
        if cell["row"] < head:
            low[c] = max(low[c], min(n, 2.0))
            natural[c] = max(natural[c], min(n, 6.0))
        elif _unbreakable(text):
            low[c] = max(low[c], n)
            natural[c] = max(natural[c], n + 1.0)
        else:
            low[c] = max(low[c], min(n, 4.0))
            natural[c] = max(natural[c], min(n, 16.0))
    return low, natural


def column_widths(table: dict, width: float, style: Style) -> tuple[float, list[float]]:
    """Font size and column widths (points) that fill ``width``."""
    low, natural = _column_ems(table)
    n_cols = table["n_cols"]
    pads = 2 * style.pad_x * n_cols
    fs = style.font_size
    if sum(low) * fs + pads > width:
        fs = max(MIN_FONT, (width - pads) / sum(low))
    widths = [e * fs + 2 * style.pad_x for e in low]
    spare = width - sum(widths)
    want = [(n - e) * fs for e, n in zip(low, natural)]
    if spare > 0 and sum(want) > 0:
        share = min(1.0, spare / sum(want))
        widths = [w + x * share for w, x in zip(widths, want)]
        spare = width - sum(widths)
    if spare > 0:
        total = sum(widths)
        widths = [w + spare * w / total for w in widths]
    return fs, widths


def wrap(text: str, width: float, fs: float, pad: float) -> list[str]:
    """Break ``text`` into lines of at most ``width - 2*pad`` points (one em per glyph)."""
    if not text:
        return []
    per_line = max(1, int((width - 2 * pad) / fs + 1e-6))
    if len(text) <= per_line or _unbreakable(text):
        return [text]
    lines = [text[i:i + per_line].strip() for i in range(0, len(text), per_line)]
    return [x for x in lines if x]


def _align(text: str, header: bool) -> str:
    if header:
        return "center"
    if AMOUNT.match(text):
        return "right"
    if _CODE_OR_INT.match(text) and len(text) <= 2:
        return "center"          # 行次 / 栏次 numbers
    return "left"


def layout_table(table: dict, width: float, style: Style) -> TableLayout:
    """Widths, wrapped lines and row heights of a whole truth table."""
    fs, widths = column_widths(table, width, style)
    col_x = [0.0]
    for w in widths:
        col_x.append(col_x[-1] + w)
    line_h = fs * style.line_factor
    base = line_h + 2 * style.pad_y
    row_h = [base] * table["n_rows"]
    lines, align, tall = {}, {}, []
    for cell in table["cells"]:
        r, c, rs, cs = cell["row"], cell["col"], cell["row_span"], cell["col_span"]
        text = wrap(cell["text"], col_x[c + cs] - col_x[c], fs, style.pad_x)
        lines[(r, c)] = text
        align[(r, c)] = _align(cell["text"], r < table["header_rows"])
        need = max(1, len(text)) * line_h + 2 * style.pad_y
        if rs == 1:
            row_h[r] = max(row_h[r], need)
        else:
            tall.append((r, rs, need))
    for r, rs, need in tall:
        have = sum(row_h[r:r + rs])
        if have < need:
            row_h[r + rs - 1] += need - have
    return TableLayout(font_size=fs, col_x=col_x, row_h=row_h, line_h=line_h, lines=lines,
                       align=align)


def paginate(layout: TableLayout, header_rows: int, n_rows: int, room: float,
             forced: tuple[int, ...] = ()) -> list[list[int]]:
    """Split the body rows into chunks whose rows (plus the header) fit in ``room`` points.

    ``forced`` lists body row indices that must start a new chunk.
    """
    head = sum(layout.row_h[:header_rows])
    chunks: list[list[int]] = []
    current: list[int] = []
    used = head
    for r in range(header_rows, n_rows):
        h = layout.row_h[r]
        if current and (used + h > room or r in forced):
            chunks.append(current)
            current, used = [], head
        current.append(r)
        used += h
    if current or not chunks:
        chunks.append(current)
    return chunks


def halves(header_rows: int, n_rows: int) -> tuple[int, ...]:
    """The forced break that splits the body into two roughly equal parts."""
    body = n_rows - header_rows
    return (header_rows + math.ceil(body / 2),)
