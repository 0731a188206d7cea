"""Grid reconstruction: ruling lines + words (page space) -> tables of cells with spans.

Two table styles are rebuilt:

* ruled grids (horizontal and vertical rules): every rule position is a grid line; two
  neighbouring grid positions belong to one merged cell when no rule separates them;
* horizontally ruled tables (三线表 / booktabs): columns come from the gaps in the text of the
  body and from the gaps between the header's partial rules; body rows come from text lines;
  header cells are bounded below by their own (partial) rule, so row and column spans in the
  header follow from which rules are present.

Worn rules: see ``mend``; a cell side half covered by rules is a rule (a merged cell's
rules stop at its border), one with a trace of rule too when texts lie on its two sides.

Pure geometry: nothing here knows about DPI, OCR or the meaning of the tables.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from ..geometry import BBox, Segment
from ..model import Cell, Word
from ..text import join_pieces
from ..unionfind import UnionFind
from .bodyrows import band_cuts, mend_rows
from .components import cluster_positions, rule_components
from .mend import gather_loose, mend_rules, texts_apart, words_by_position
from .textlayout import (anchored_gaps, centred_text, inside_single_header_cell, text_gaps,
                         text_rows, under_spanning_text)
from .unruled import unruled_frames

SNAP = 2.0          # points: rules closer than this are the same grid line
MIN_CELL = 3.0      # points: grid lines closer than this are merged
EDGE_COVER = 0.5    # share of a cell side covered by rules that separates two cells (an
                    # overhang left by layout is < 6 pt, under half of a 15 pt row)
TRACE_COVER = 0.2   # ... when texts lie on its two sides, none running across it
MIN_ROW_COLS = 3    # a one-row table (a continued table's last row) has this many columns
_FIGURE = re.compile(r"[-(]?[\d,]+(?:\.\d+)?\)?")


@dataclass(frozen=True, slots=True)
class Grid:
    """A rebuilt table before it is given an identity (internal to the tables stage)."""

    bbox: BBox
    n_rows: int
    n_cols: int
    header_rows: int            # rows known to be header from the geometry; -1 if unknown
    cells: tuple[Cell, ...]
    xs: tuple[float, ...]
    ys: tuple[float, ...]
    style: str                  # "ruled" | "hrules"


def find_grids(words: tuple[Word, ...], rules: tuple[Segment, ...]) -> list[Grid]:
    """Every table on a page, top to bottom."""
    comps = [([s for s in c if s.horizontal], [s for s in c if not s.horizontal])
             for c in rule_components(rules)]
    ruled = {k: BBox.enclosing(hs + vs).expand(SNAP) for k, (hs, vs) in enumerate(comps)
             if len(hs) >= 2 and len(vs) >= 2}
    comps, loose = gather_loose(comps, ruled)
    grids: list[Grid] = []
    for k, (hs, vs) in enumerate(comps):
        if len(hs) < 2:
            continue
        g = _ruled_grid(hs, vs, words, loose[k]) if k in ruled else _hrule_grid(hs, words)
        if g is not None and (g.n_rows >= 2 and g.n_cols >= 2 or _row_of_figures(g)):
            grids.append(g)
    for frame in unruled_frames(words, [g.bbox for g in grids]):     # tables without rules
        g = _hrule_grid(frame, words)
        if g is not None and g.n_rows >= 2 and g.n_cols >= 2:
            grids.append(g)
    grids.sort(key=lambda g: (g.bbox.y0, g.bbox.x0))
    return grids


def _row_of_figures(g: Grid) -> bool:
    """A one-row table that holds figures: the last row of a table continued from the
    previous page (a framed box of text alone is not a table)."""
    return (g.n_rows == 1 and g.n_cols >= MIN_ROW_COLS
            and sum(bool(_FIGURE.fullmatch(c.text)) for c in g.cells) >= 2)


# ----------------------------------------------------------------------------- ruled grids

def _coverage(spans: list[tuple[float, float]], a: float, b: float) -> float:
    """Length of [a, b] covered by the union of spans."""
    total = 0.0
    cur = a
    for s0, s1 in sorted(spans):
        if s1 <= cur:
            continue
        if s0 >= b:
            break
        lo = max(s0, cur)
        hi = min(s1, b)
        if hi > lo:
            total += hi - lo
            cur = hi
    return total


def _line_spans(segs: list[Segment], positions: list[float], horizontal: bool) -> list[list[tuple[float, float]]]:
    """For each grid line position, the spans of rules lying on it."""
    out: list[list[tuple[float, float]]] = [[] for _ in positions]
    for s in segs:
        p = s.y0 if horizontal else s.x0
        i = _nearest(positions, p)
        if abs(positions[i] - p) <= SNAP:
            out[i].append((s.x0, s.x1) if horizontal else (s.y0, s.y1))
    return out


def _nearest(positions: list[float], p: float) -> int:
    i = bisect_right(positions, p)
    if i == 0:
        return 0
    if i == len(positions):
        return len(positions) - 1
    return i if positions[i] - p < p - positions[i - 1] else i - 1


def _ruled_grid(hs: list[Segment], vs: list[Segment], words, loose=()) -> Grid | None:
    """``loose``: rule pieces inside the grid, counted where they lie on its lines."""
    ext = BBox.enclosing(hs + vs)
    xs = cluster_positions([s.x0 for s in vs] + [ext.x0, ext.x1], MIN_CELL)
    ys = cluster_positions([s.y0 for s in hs] + [ext.y0, ext.y1], MIN_CELL)
    if len(xs) < 3 or len(ys) < 2:
        return None
    bbox = BBox(xs[0], ys[0], xs[-1], ys[-1])
    inside = _words_in(words, bbox)
    vspans = _line_spans(vs + [s for s in loose if not s.horizontal], xs, horizontal=False)
    # a band holding several rows with no rule between them (column rules only): cut it
    # between its text lines, as if by rules across the whole table; its columns are those
    # its rules part (text of a cell merged across columns is one column's)
    cuts = [y for a, b in zip(ys, ys[1:]) for y in band_cuts(
        [w for w in inside if a < w.bbox.cy < b],
        [xs[0]] + [x for x, sp in zip(xs[1:-1], vspans[1:-1])
                   if _coverage(sp, a, b) >= EDGE_COVER * (b - a)] + [xs[-1]])]
    ys = sorted(ys + cuts)
    hspans = _line_spans(hs + [s for s in loose if s.horizontal]
                         + [Segment.h(xs[0], xs[-1], y) for y in cuts], ys, horizontal=True)
    nr, nc = len(ys) - 1, len(xs) - 1
    at = words_by_position(inside, xs, ys)

    def v_sep(r: int, j: int) -> bool:   # rule between column j-1 and j on row r
        a, b = ys[r], ys[r + 1]
        cov = _coverage(vspans[j], a, b) / (b - a)
        return cov >= EDGE_COVER or (cov >= TRACE_COVER and texts_apart(
            at, inside, (r, j - 1), (r, j), lambda w: a < w.bbox.cy < b
            and w.bbox.x0 + 2 < xs[j] < w.bbox.x1 - 2))

    def h_sep(i: int, c: int) -> bool:   # rule between row i-1 and i in column c
        a, b = xs[c], xs[c + 1]
        cov = _coverage(hspans[i], a, b) / (b - a)
        return cov >= EDGE_COVER or (cov >= TRACE_COVER and texts_apart(
            at, inside, (i - 1, c), (i, c), lambda w: a < w.bbox.cx < b
            and w.bbox.y0 + 1 < ys[i] < w.bbox.y1 - 1))

    uf = UnionFind(nr * nc)
    for r in range(nr):
        for c in range(nc):
            if c + 1 < nc and not v_sep(r, c + 1):
                uf.union(r * nc + c, r * nc + c + 1)
            if r + 1 < nr and not h_sep(r + 1, c):
                uf.union(r * nc + c, (r + 1) * nc + c)
    cells = _cells_from_groups(uf, nr, nc, xs, ys, inside)
    return Grid(bbox, nr, nc, -1, cells, tuple(xs), tuple(ys), "ruled")


# ------------------------------------------------------------------- horizontally ruled

def _hrule_grid(hs: list[Segment], words) -> Grid | None:
    hs = mend_rules(hs, words)
    x0 = min(s.x0 for s in hs)
    x1 = max(s.x1 for s in hs)
    width = x1 - x0
    full = cluster_positions([s.y0 for s in hs if s.length >= 0.9 * width], 1.0)
    if len(full) < 2:
        return None
    top, bottom = full[0], full[-1]
    partial_ys = [s.y0 for s in hs if s.length < 0.9 * width and top + SNAP < s.y0 < bottom - SNAP]
    # the header ends at the first full rule under the top one, or else under the lowest
    # partial rules (a header whose last row has only its own cell rules)
    sep = full[1] if len(full) > 2 else (max(partial_ys) if partial_ys else None)
    bbox = BBox(x0, top, x1, bottom)
    inside = _words_in(words, bbox)
    if not inside:
        return None

    header_ys: list[float] = []
    partial: list[Segment] = []
    if sep is not None:
        partial = [s for s in hs if top - SNAP <= s.y0 <= sep + SNAP]
        header_ys = cluster_positions([s.y0 for s in partial], 1.0)
    n_head = len(header_ys) - 1 if header_ys else 0

    # column boundaries: gaps between partial rules on the same line
    rule_bounds: list[float] = []
    by_y: dict[int, list[Segment]] = {}
    for s in partial:
        if s.length < 0.9 * width:
            by_y.setdefault(_nearest(header_ys, s.y0), []).append(s)
    for segs in by_y.values():
        segs.sort(key=lambda s: s.x0)
        for a, b in zip(segs, segs[1:]):
            if 0 < b.x0 - a.x1 <= 12:
                rule_bounds.append((a.x1 + b.x0) / 2)

    # column boundaries: gaps in the text of the body and of the last header row
    last_head_top = header_ys[-2] if len(header_ys) >= 2 else top
    last_head_words = [w for w in inside if last_head_top < w.bbox.cy < (sep or top)]
    lowest_rules = by_y.get(len(header_ys) - 2, []) if n_head >= 2 else []
    text_words = [w for w in inside if w.bbox.cy > last_head_top]
    bounds = list(rule_bounds)
    gaps = text_gaps(text_words)
    if not rule_bounds and last_head_words:
        gaps = anchored_gaps(gaps, last_head_words)
    for g0, g1 in gaps:
        if g1 - g0 < 2.0 or any(g0 - 1 <= b <= g1 + 1 for b in rule_bounds):
            continue
        if inside_single_header_cell((g0, g1), lowest_rules, last_head_words):
            continue
        if under_spanning_text((g0, g1), inside, top, last_head_top, lowest_rules):
            continue
        bounds.append((g0 + g1) / 2)
    xs = cluster_positions([x0, x1] + bounds, MIN_CELL)

    # rows: header rules, then text lines of the body
    body_top = sep if sep is not None else top
    body = [w for w in inside if w.bbox.cy > body_top]
    rows = mend_rows(text_rows(body), body, xs)
    ys = list(header_ys) if header_ys else [top]
    for a, b in zip(rows, rows[1:]):
        ys.append((a[1] + b[0]) / 2)
    ys.append(bottom)
    ys = cluster_positions(ys, 1.0)
    nr, nc = len(ys) - 1, len(xs) - 1

    hspans = _line_spans(partial, ys, horizontal=True) if partial else [[] for _ in ys]
    uf = UnionFind(nr * nc)
    mids = [(xs[c] + xs[c + 1]) / 2 for c in range(nc)]
    for r in range(n_head - 1):            # header cells: a partial rule under a cell spans it
        for a, b in hspans[r + 1]:
            cols = [c for c in range(nc) if a <= mids[c] <= b]
            for c, d in zip(cols, cols[1:]):
                uf.union(r * nc + c, r * nc + d)
    for c in range(nc):                    # no rule under a header position: a row span?
        r = 0
        while r < n_head:
            r_end = r
            while r_end + 1 < n_head and not any(a <= mids[c] <= b for a, b in hspans[r_end + 1]):
                r_end += 1
            if r_end > r and centred_text(inside, xs[c], xs[c + 1], ys[r], ys[r_end + 1]):
                for k in range(r, r_end):
                    uf.union(k * nc + c, (k + 1) * nc + c)
            r = r_end + 1
    # text crossing a column boundary merges the cells it crosses (last header row and body)
    _merge_crossed(uf, inside, xs, ys, max(0, n_head - 1))
    cells = _cells_from_groups(uf, nr, nc, xs, ys, inside)
    return Grid(BBox(xs[0], ys[0], xs[-1], ys[-1]), nr, nc, n_head, cells,
                tuple(xs), tuple(ys), "hrules")


def with_columns(g: Grid, words, xs: tuple[float, ...]) -> Grid:
    """Re-cut a horizontally ruled grid on given column lines (a continued table's part).

    ``words`` are the part's own words (in the space of ``g.xs``/``g.ys``)."""
    nr, nc = g.n_rows, len(xs) - 1
    ys = list(g.ys)
    inside = list(words)
    uf = UnionFind(nr * nc)
    _merge_crossed(uf, inside, xs, ys, 0)
    cells = _cells_from_groups(uf, nr, nc, list(xs), ys, inside)
    return Grid(BBox(xs[0], ys[0], xs[-1], ys[-1]), nr, nc, g.header_rows, cells, tuple(xs),
                g.ys, g.style)


def _merge_crossed(uf: UnionFind, words, xs, ys, first_row: int) -> None:
    """Join the cells of a row (from ``first_row`` on) that a word's text runs across."""
    nr, nc = len(ys) - 1, len(xs) - 1
    for w in words:
        r = bisect_right(ys, w.bbox.cy) - 1
        if r < first_row or r >= nr:
            continue
        for j in range(1, nc):
            if w.bbox.x0 + 2 < xs[j] < w.bbox.x1 - 2:
                uf.union(r * nc + j - 1, r * nc + j)







# ----------------------------------------------------------------------------- shared

def _words_in(words, box: BBox) -> list[Word]:
    b = box.expand(1.0)
    return [w for w in words if b.contains_point(w.bbox.cx, w.bbox.cy)]


def _cells_from_groups(uf: UnionFind, nr: int, nc: int, xs, ys, words) -> tuple[Cell, ...]:
    groups = uf.groups()
    rects: list[tuple[int, int, int, int]] = []
    for members in groups.values():
        rs = [m // nc for m in members]
        cs = [m % nc for m in members]
        r0, r1, c0, c1 = min(rs), max(rs), min(cs), max(cs)
        if (r1 - r0 + 1) * (c1 - c0 + 1) == len(members):
            rects.append((r0, c0, r1, c1))
        else:   # not a rectangle: keep every position as its own cell
            rects.extend((m // nc, m % nc, m // nc, m % nc) for m in members)
    owner = [0] * (nr * nc)
    for k, (r0, c0, r1, c1) in enumerate(rects):
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                owner[r * nc + c] = k
    texts: list[list[Word]] = [[] for _ in rects]
    for w in words:
        c = min(max(bisect_right(xs, w.bbox.cx) - 1, 0), nc - 1)
        r = min(max(bisect_right(ys, w.bbox.cy) - 1, 0), nr - 1)
        texts[owner[r * nc + c]].append(w)
    cells = []
    for k, (r0, c0, r1, c1) in enumerate(rects):
        ws = texts[k]
        conf = min((w.conf for w in ws), default=1.0)
        cells.append(Cell(r0, c0, r1 - r0 + 1, c1 - c0 + 1,
                          BBox(xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1]).rounded(),
                          cell_text(ws), round(conf, 4)))
    cells.sort(key=lambda c: (c.row, c.col))
    return tuple(cells)


def cell_text(words: list[Word]) -> str:
    """Join a cell's words: lines top to bottom, words left to right (canonical spacing)."""
    if not words:
        return ""
    ws = sorted(words, key=lambda w: w.bbox.cy)
    lines: list[list[Word]] = []
    for w in ws:
        if lines:
            last = lines[-1][-1]
            ov = min(last.bbox.y1, w.bbox.y1) - max(last.bbox.y0, w.bbox.y0)
            if ov > 0.5 * min(last.bbox.height, w.bbox.height):
                lines[-1].append(w)
                continue
        lines.append([w])
    pieces = []
    for ln in lines:
        ln.sort(key=lambda w: w.bbox.x0)
        # pieces of one line that touch (a split run) are glued without a space
        run = ln[0].text
        for a, b in zip(ln, ln[1:]):
            if b.bbox.x0 - a.bbox.x1 < 0.25 * min(a.bbox.height, b.bbox.height):
                run += b.text
            else:
                pieces.append(run)
                run = b.text
        pieces.append(run)
    return join_pieces(pieces)
