"""Tables ruled under every row and without column rules (Excel / WPS prints without
vertical borders): rows come from the rules, columns from the alignment of the text.

* rows: every horizontal rule line is a grid line; a cell side half covered by rules
  separates two rows (a header cell spanning rows has no rule across it);
* columns (``rowcols``): the gaps that no single-cell text runs across.  The body rows
  (from the first one holding a number, or starting a left-aligned text) are single cells;
  above them, a header text that runs across such a gap spans columns and does not close
  it, any other header text narrows the gaps (and splits a stretch of columns empty in
  the body);
* spans: a text running across a column line joins the cells it crosses; a header text is
  centred on its cell, so it also takes the empty neighbours that centre it.

All lengths are measured on the page: the text height, the rules' own positions.
"""
from __future__ import annotations

from bisect import bisect_right
from statistics import median

from ..geometry import BBox, Segment
from ..model import Word
from ..unionfind import UnionFind
from .components import cluster_positions
from .rowcols import (CENTRE_TOL, MIN_GAP, NUMBER, column_numbers, columns, header_texts,
                      phrases, text_lines)

MIN_CELL = 3.0          # points: rule lines / column lines closer than this are one
EDGE_COVER = 0.5        # share of a cell side covered by rules that separates two rows


def is_row_ruled(hs: list[Segment], words) -> bool:
    """Whether a rule lies between every two rows holding numbers: no band between
    neighbouring rule lines holds two lines with a number (a 三线表's body is one band of
    many), and two bands do, or the bands are at least half as many as the text lines.  A
    band's other lines are wrapped texts."""
    x0, x1 = min(s.x0 for s in hs), max(s.x1 for s in hs)
    ys = cluster_positions([s.y0 for s in hs], MIN_CELL)
    if len(ys) < 3:
        return False
    box = BBox(x0, ys[0], x1, ys[-1]).expand(1.0)
    band: list[list[Word]] = [[] for _ in ys[1:]]
    for w in words:
        if box.contains_point(w.bbox.cx, w.bbox.cy):
            band[min(max(bisect_right(ys, w.bbox.cy) - 1, 0), len(band) - 1)].append(w)
    lines = [text_lines(b) for b in band]
    numeric = [sum(any(NUMBER.match(w.text) for w in ln) for ln in b) for b in lines]
    if max(numeric) > 1:
        return False
    # a table of a few rows (the body empty or one row): its bands are its rows; and rules
    # run whole across the table above, between and under the rows with numbers, or four
    # whole rules in all (a 三线表 has its top, header and bottom rules; the header's own
    # rules stop short of the cells' edges)
    first = next((k for k, n in enumerate(numeric) if n), 0)   # no numbers: every row
    whole = [_whole([s for s in hs if abs(s.y0 - y) <= MIN_CELL / 2], x0, x1) for y in ys]
    return ((sum(whole[first:]) >= 3 or sum(whole) >= 4)
            and (sum(n > 0 for n in numeric) >= 2
                 or 2 * len(band[first:]) >= sum(map(len, lines[first:]))))


def _whole(segs: list[Segment], x0: float, x1: float) -> bool:
    """Whether rule pieces run across the whole table without a break (a header cell's own
    rule stops short of the cell's edges)."""
    cur = x0 + MIN_GAP
    for s in sorted(segs, key=lambda s: s.x0):
        if s.x0 > cur:
            return False
        cur = max(cur, s.x1)
    return cur >= x1 - MIN_GAP


def rowrule_grid(hs: list[Segment], words):
    """The grid of a table ruled under every row (see the module doc); None if not one."""
    from .grid import Grid, _cells_from_groups, _coverage, _line_spans

    x0, x1 = min(s.x0 for s in hs), max(s.x1 for s in hs)
    ys = cluster_positions([s.y0 for s in hs], MIN_CELL)
    if len(ys) < 3:
        return None
    bbox = BBox(x0, ys[0], x1, ys[-1])
    box = bbox.expand(1.0)
    inside = [w for w in words if box.contains_point(w.bbox.cx, w.bbox.cy)]
    if not inside:
        return None
    nr = len(ys) - 1
    band = [[] for _ in range(nr)]
    for w in inside:
        band[min(max(bisect_right(ys, w.bbox.cy) - 1, 0), nr - 1)].append(w)
    h = median(w.bbox.height for w in inside)
    first_num = _body_start(band, h)
    numbers_row = first_num < nr and column_numbers(band[first_num])
    col_start = first_num + numbers_row
    hspans = _line_spans(hs, ys, horizontal=True)
    heads = header_texts(band, col_start, h, lambda r, a, b: _coverage(hspans[r], a, b)
                          >= EDGE_COVER * (b - a))
    xs, lines = columns(band, col_start, h, x0, x1, heads)
    nc = len(xs) - 1
    uf = UnionFind(nr * nc)
    for r in range(nr - 1):
        for c in range(nc):
            if _coverage(hspans[r + 1], xs[c], xs[c + 1]) < EDGE_COVER * (xs[c + 1] - xs[c]):
                uf.union(r * nc + c, (r + 1) * nc + c)
    for r in range(nr):                    # text running across a column line
        for w in band[r]:
            for j in range(1, nc):
                if w.bbox.x0 + 2 < xs[j] < w.bbox.x1 - 2:
                    uf.union(r * nc + j - 1, r * nc + j)
    _centre_spans(uf, band, xs, lines, nr, nc, min(first_num, nr), h)
    cells = _cells_from_groups(uf, nr, nc, xs, ys, inside)
    return Grid(bbox, nr, nc, -1, cells, tuple(xs), tuple(ys), "rowrules")


def _body_start(band: list[list[Word]], h: float) -> int:
    """The first row of single-cell texts: the first one holding a number, or a row above
    it most of whose texts start where two texts of those rows of different widths start
    (left-aligned body columns: header texts are centred; a header text wrapped to its
    cell's width starts there too, but not its row's other, centred texts)."""
    nr = len(band)
    first = next((r for r in range(nr) if any(NUMBER.match(w.text) for w in band[r])), nr)
    starts: dict[float, list[Word]] = {}
    for r in range(first, nr):
        for w in band[r]:
            starts.setdefault(round(w.bbox.x0), []).append(w)
    # texts of different widths starting together: left-aligned (not equal-width amounts)
    edges = [min(w.bbox.x0 for w in ws) for ws in starts.values()
             if max(w.bbox.x1 for w in ws) - min(w.bbox.x1 for w in ws) > MIN_GAP]

    def body_like(words: list[Word]) -> bool:
        texts = [a for ln in text_lines(words) for a, _ in phrases(ln, h)]
        at = sum(any(abs(a - x) <= 0.6 for x in edges) for a in texts)
        return 2 * at > len(texts)

    while first > 0 and body_like(band[first - 1]):
        first -= 1
    return first


def _centre_spans(uf: UnionFind, band, xs, lines, nr: int, nc: int, n_head: int,
                  h: float) -> None:
    """A header text not centred on its cell takes the empty neighbours that centre it."""
    tol = CENTRE_TOL * h
    for r in range(n_head):
        for c in range(nc):
            _centre_one(uf, band, xs, lines, nr, nc, uf.find(r * nc + c), tol)


def _group_box(uf: UnionFind, nr: int, nc: int, root: int) -> tuple[int, int, int, int, int]:
    members = [m for m in range(nr * nc) if uf.find(m) == root]
    rs, cs = [m // nc for m in members], [m % nc for m in members]
    return min(rs), max(rs), min(cs), max(cs), len(members)


def _centre_one(uf: UnionFind, band, xs, lines, nr: int, nc: int, root: int, tol: float) -> None:
    r0, r1, c0, c1, n = _group_box(uf, nr, nc, root)
    if n != (r1 - r0 + 1) * (c1 - c0 + 1):
        return
    ws = [w for r in range(r0, r1 + 1) for w in band[r] if xs[c0] <= w.bbox.cx <= xs[c1 + 1]]
    if not ws:
        return
    cx = (min(w.bbox.x0 for w in ws) + max(w.bbox.x1 for w in ws)) / 2

    def off(a: int, b: int) -> float:     # how far cx is from any centre of columns a..b
        lo = (lines[a][0] + lines[b + 1][0]) / 2
        hi = (lines[a][1] + lines[b + 1][1]) / 2
        return max(0.0, lo - cx, cx - hi)

    def err(a: int, b: int) -> float:     # ... from the centre of the lines as drawn
        return abs((xs[a] + xs[b + 1]) / 2 - cx)

    # centred on its own cell: it still spans when centred on empty cells on both sides too
    # (a spanning header text over equal columns is centred on the middle one)
    single = err(c0, c1) <= tol

    def free(c: int) -> bool:     # column c, rows r0..r1: empty cells of those rows only
        for r in range(r0, r1 + 1):
            q0, q1, d0, d1, _ = _group_box(uf, nr, nc, uf.find(r * nc + c))
            if q0 < r0 or q1 > r1 or d0 != d1 or any(
                    xs[c] <= w.bbox.cx <= xs[c + 1] for w in band[r]):
                return False
        return True

    lo = c0
    while lo > 0 and free(lo - 1):
        lo -= 1
    hi = c1
    while hi < nc - 1 and free(hi + 1):
        hi += 1
    best = None
    for a in range(lo, c0 + 1):
        for b in range(c1, hi + 1):
            if single:
                if a < c0 and b > c1 and err(a, b) <= tol and (best is None or b - a > best[0]):
                    best = (b - a, a, b)
                continue
            key = (err(a, b), b - a)
            if off(a, b) <= tol and (best is None or key < best[0]):
                best = (key, a, b)
    if best is None:
        return
    _, a, b = best
    for r in range(r0, r1 + 1):
        for c in range(a, b):
            uf.union(r * nc + c, r * nc + c + 1)
