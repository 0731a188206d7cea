"""Joining a table that continues on the next page (header repeated or not)."""
from __future__ import annotations

import re
from dataclasses import replace
from difflib import SequenceMatcher

from ..model import Cell
from .grid import Grid, with_columns

COL_TOL = 3.0     # points: column lines of the two parts must agree this closely
EXTENT_SHARE = 0.012   # share of the width two text-column parts' edges may differ by
TEXT_COLUMNS = ("hrules", "rowrules")   # grid styles whose column lines come from the text


def _row_texts(g: Grid, n: int) -> list[tuple[str, ...]]:
    rows: list[list[str]] = [[""] * g.n_cols for _ in range(min(n, g.n_rows))]
    for c in g.cells:
        if c.row < len(rows):
            rows[c.row][c.col] = c.text
    return [tuple(r) for r in rows]


def continues(prev: Grid, nxt: Grid, nxt_title: str, prev_title: str) -> bool:
    """Whether ``nxt`` (first table of the next page) continues ``prev`` (last of a page).

    Parts without column rules are compared by extent only: their columns come from text and
    a part without the header may lack the text of empty columns; ``join`` re-cuts them.
    """
    if nxt_title and nxt_title != prev_title and "续" not in nxt_title:
        return False
    if _text_columns(prev, nxt):
        # two scanned pages place and scale one table a little differently (skew, keystone:
        # up to about 1 % of its width); a printed page places it to the point
        tol = max(COL_TOL, EXTENT_SHARE * prev.bbox.width)
        return (abs(prev.bbox.x0 - nxt.bbox.x0) <= tol
                and abs(prev.bbox.x1 - nxt.bbox.x1) <= tol)
    if prev.n_cols != nxt.n_cols:
        return False
    widths_p = [b - a for a, b in zip(prev.xs, prev.xs[1:])]
    widths_n = [b - a for a, b in zip(nxt.xs, nxt.xs[1:])]
    # column lines of a horizontally ruled table come from text gaps and may drift a little
    tol = COL_TOL if prev.style == nxt.style == "ruled" else 4 * COL_TOL
    if abs(prev.bbox.width - nxt.bbox.width) > COL_TOL:
        return False
    return all(abs(a - b) <= tol for a, b in zip(widths_p, widths_n))


def _text_columns(prev: Grid, nxt: Grid) -> bool:
    """Whether both parts take their columns from the text: two parts of one style, or a
    row-ruled table whose next part is so short (a header and a row or two) that its rules
    read as a 三线表's."""
    return ((prev.style == nxt.style and prev.style in TEXT_COLUMNS)
            or (prev.style, nxt.style) == ("rowrules", "hrules"))


def _flat(rows: list[tuple[str, ...]]) -> list[str]:
    return [t for row in rows for t in row if t]


def _chars(rows: list[tuple[str, ...]]) -> list[str]:
    """The header's characters, in any order: a re-cut part may put a wrapped header
    text's lines in other cells than the first part has them."""
    return sorted("".join(_flat(rows)).replace(" ", ""))


OCR_HEADER_SIMILAR = 0.85   # share of a repeated header's characters a scan reads alike
_AMOUNT = re.compile(r"\d\.\d{2}$")


def _same_header(prev: Grid, nxt: Grid, n: int) -> bool:
    """``nxt`` starts with ``prev``'s first ``n`` rows (its repeated header): the same
    characters; on a scan (OCR-read cells), nearly the same (a character or two misread,
    金麟 for 金额) and no amount among them."""
    a, b = _chars(_row_texts(prev, n)), _chars(_row_texts(nxt, n))
    if a == b:
        return True
    head = [c for c in nxt.cells if c.row < n]
    if not a or not head or all(c.conf >= 1.0 for c in head):
        return False
    if any(_AMOUNT.search(c.text.replace(",", "")) for c in head):
        return False
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= OCR_HEADER_SIMILAR


def join(prev: Grid, nxt: Grid, header_rows: int, nxt_words=()) -> Grid:
    """Append ``nxt``'s rows to ``prev``, dropping ``nxt``'s repeated header rows."""
    if (_text_columns(prev, nxt) and nxt.xs != prev.xs
            and (nxt.style == "hrules" or nxt.n_cols != prev.n_cols)):
        # a rowrules part keeps its own columns when it has as many: its header spans
        # come from its rules, which a re-cut would lose
        nxt = with_columns(nxt, nxt_words, prev.xs)
    skip = 0
    if header_rows and nxt.n_rows > header_rows:
        if _same_header(prev, nxt, header_rows):
            skip = header_rows
    offset = prev.n_rows - skip
    cells = list(prev.cells)
    for c in nxt.cells:
        if c.row < skip:
            continue
        cells.append(Cell(c.row + offset, c.col, c.row_span, c.col_span, c.bbox, c.text, c.conf))
    cells.sort(key=lambda c: (c.row, c.col))
    return replace(prev, n_rows=prev.n_rows + nxt.n_rows - skip, cells=tuple(cells),
                   ys=prev.ys + tuple(y for y in nxt.ys[skip + 1:]))
