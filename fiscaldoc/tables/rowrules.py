"""Tables ruled under every row and without column rules (Excel / WPS prints without
vertical borders): rows come from the rules, columns from the alignment of the text.

* rows: every horizontal rule line is a grid line; a cell side half covered by rules
  separates two rows (a header cell spanning rows has no rule across it);
* columns: the gaps that no single-cell text runs across.  The rows from the first one
  holding a number down (the 栏次 row and the body) are single cells; above them, a header
  text that runs across such a gap spans columns and does not close it, any other header
  text narrows the gaps (and splits a stretch of columns empty in the body);
* spans: a text running across a column line joins the cells it crosses; a header text is
  centred on its cell, so it also takes the empty neighbours that centre it.

All lengths are measured on the page: the text height, the rules' own positions.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from statistics import median

from ..geometry import BBox, Segment
from ..model import Word
from ..unionfind import UnionFind
from .components import cluster_positions

MIN_CELL = 3.0          # points: rule lines / column lines closer than this are one
EDGE_COVER = 0.5        # share of a cell side covered by rules that separates two rows
PHRASE_GAP = 0.6        # text heights: words of one header line closer than this are one text
                        # (a space; cells in a header row are at least two paddings apart)
MIN_GAP = 1.0           # points: a narrower gap in the text is no column boundary
CENTRE_TOL = 0.25       # text heights: a header text this near a span's centre is centred on it
_NUMBER = re.compile(r"^[-−－(（]?[\d,，.]*\d[)）]?%?$")


def text_lines(words: list[Word]) -> list[list[Word]]:
    """Words grouped into lines by vertical overlap, top to bottom, each left to right."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: w.bbox.cy):
        if lines:
            last = lines[-1]
            y0 = min(v.bbox.y0 for v in last)
            y1 = max(v.bbox.y1 for v in last)
            ov = min(y1, w.bbox.y1) - max(y0, w.bbox.y0)
            if ov > 0.5 * min(w.bbox.height, y1 - y0):
                last.append(w)
                continue
        lines.append([w])
    return [sorted(ln, key=lambda w: w.bbox.x0) for ln in lines]


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
    numeric = [sum(any(_NUMBER.match(w.text) for w in ln) for ln in b) for b in lines]
    if max(numeric) > 1:
        return False
    # a table of a few rows (the body empty or one row): its bands are its rows; and rules
    # run whole across the table above, between and under the rows with numbers, or four
    # whole rules in all (a 三线表 has its top, header and bottom rules; the header's own
    # rules stop short of the cells' edges)
    first = next((k for k, n in enumerate(numeric) if n), len(band))
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
    first_num = _body_start(band)
    numbers_row = first_num < nr and _column_numbers(band[first_num])
    col_start = first_num + numbers_row
    hspans = _line_spans(hs, ys, horizontal=True)
    heads = _header_texts(band, col_start, h, lambda r, a, b: _coverage(hspans[r], a, b)
                          >= EDGE_COVER * (b - a))
    xs, lines = _columns(band, col_start, h, x0, x1, heads)
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


def _body_start(band: list[list[Word]]) -> int:
    """The first row of single-cell texts: the first one holding a number, or a row above
    it that starts a text where two texts of those rows of different widths start (a
    left-aligned body column: header texts are centred)."""
    nr = len(band)
    first = next((r for r in range(nr) if any(_NUMBER.match(w.text) for w in band[r])), nr)
    starts: dict[float, list[Word]] = {}
    for r in range(first, nr):
        for w in band[r]:
            starts.setdefault(round(w.bbox.x0), []).append(w)
    # texts of different widths starting together: left-aligned (not equal-width amounts)
    edges = [min(w.bbox.x0 for w in ws) for ws in starts.values()
             if max(w.bbox.x1 for w in ws) - min(w.bbox.x1 for w in ws) > MIN_GAP]
    while first > 0 and any(abs(w.bbox.x0 - x) <= 0.6 for w in band[first - 1] for x in edges):
        first -= 1
    return first


def _column_numbers(words: list[Word]) -> bool:
    """A 栏次 row: the columns' numbers 1, 2, 3 … left to right (centred labels, read with
    the header: an amount right-aligned under one is in its column)."""
    nums = [w for w in sorted(words, key=lambda w: w.bbox.x0) if _NUMBER.match(w.text)]
    if any("栏次" in w.text for w in words):
        return bool(nums)
    ints = [int(w.text) for w in nums if w.text.isdigit() and len(w.text) <= 2]
    return len(ints) >= 3 and len(ints) == len(nums) and ints == list(range(ints[0], ints[0] + len(ints)))


def _header_texts(band: list[list[Word]], n_head: int, h: float, ruled) -> list[list[tuple[
        float, float]]]:
    """Each header row's texts (x-extents): a line's words closer than PHRASE_GAP text
    heights, joined with the lines stacked on them (a wrapped text: one line may bridge
    the next one's space), within a row or across a row line no rule runs along there
    (``ruled(k, a, b)``: rule line k covers a..b)."""
    pieces = []                       # (x0, x1, y0, y1, band)
    for r in range(n_head):
        for ln in text_lines(band[r]):
            y0, y1 = min(w.bbox.y0 for w in ln), max(w.bbox.y1 for w in ln)
            pieces += [(a, b, y0, y1, r) for a, b in _phrases(ln, h)]
    uf = UnionFind(len(pieces))
    for i, p in enumerate(pieces):
        for j in range(i + 1, len(pieces)):
            q = pieces[j]
            a, b = max(p[0], q[0]), min(p[1], q[1])
            gap = max(q[2] - p[3], p[2] - q[3])
            if b <= a or gap > 0.5 * h or abs(p[4] - q[4]) > 1:
                continue
            if p[4] == q[4] or not ruled(max(p[4], q[4]), a, b):
                uf.union(i, j)
    groups = uf.groups().values()
    out: list[list[tuple[float, float]]] = [[] for _ in range(n_head)]
    for members in groups:
        ext = (min(pieces[m][0] for m in members), max(pieces[m][1] for m in members))
        for r in sorted({pieces[m][4] for m in members}):
            out[r].append(ext)
    return out


def _phrases(words: list[Word], h: float) -> list[tuple[float, float]]:
    """A header row's texts: the words of a line closer than PHRASE_GAP text heights."""
    out: list[tuple[float, float]] = []
    for ln in text_lines(words):
        a, b = ln[0].bbox.x0, ln[0].bbox.x1
        for w in ln[1:]:
            if w.bbox.x0 - b < PHRASE_GAP * h:
                b = max(b, w.bbox.x1)
            else:
                out.append((a, b))
                a, b = w.bbox.x0, w.bbox.x1
        out.append((a, b))
    return out


def _gaps(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    spans = sorted(spans)
    if spans:
        cur = spans[0][1]
        for a, b in spans[1:]:
            if a > cur + MIN_GAP:
                out.append((cur, a))
            cur = max(cur, b)
    return out


def _columns(band: list[list[Word]], first_num: int, h: float, x0: float, x1: float,
             texts_of: list[list[tuple[float, float]]]) -> tuple[list[float],
                                                                 list[tuple[float, float]]]:
    """Column lines and where each may lie: the body's text gaps, narrowed (or split) by
    the header's single-cell texts from the lowest header row up; a header text across a
    gap, or too wide for the column it lies in, spans columns."""
    body = [w for r in range(first_num, len(band)) for w in band[r]]
    spans = [(w.bbox.x0, w.bbox.x1) for w in body]
    aligned = (_aligned(body, 2), _aligned(body, 0))    # right edges, left edges
    tol = CENTRE_TOL * h
    heads: list[tuple[float, float]] = []       # header texts inside one column, lowest first
    all_heads = [p for r in range(min(first_num, len(band))) for p in texts_of[r]]
    for r in range(min(first_num, len(band)) - 1, -1, -1):
        free, here = [], []
        labels = r == first_num - 1 and _column_numbers(band[r])
        for p in texts_of[r]:
            cols = _merged(spans)
            over = [i for i, c in enumerate(cols) if c[0] < p[1] and p[0] < c[1]]
            if len(over) == 1:                  # inside one column: narrows its gaps
                lines = _line_ranges(cols, heads, x0, x1, tol)
                i = over[0]
                if lines[i][0] - 0.5 <= p[0] and p[1] <= lines[i + 1][1] + 0.5:
                    here.append(p)
            elif not over:
                free.append(p)
            # else it runs across a gap (or out of its column): it spans columns
        heads += here
        spans += here
        for p in sorted(free, key=lambda p: p[1] - p[0], reverse=True):
            cols = _merged(spans)
            busy = {i for i, c in enumerate(cols) if any(c[0] < q[1] and q[0] < c[1]
                                                         for q in here)}
            placed = _place(p, cols, _line_ranges(cols, heads, x0, x1, tol), tol, busy,
                            aligned)
            if placed is None and labels:       # a column number never spans columns
                placed = p
            if placed is not None:              # one text of this row per column
                spans.append(placed)
                here.append(p)
    texts = [(w.bbox.x0, w.bbox.x1) for w in (band[first_num] if first_num < len(band) else [])
             if not _NUMBER.match(w.text) and first_num and not _column_numbers(
                 band[first_num - 1])]          # labels in the 栏次 row (类 款 项)
    spans += _unheaded(_merged(spans), heads, all_heads + texts, x0, x1, tol)
    cols = _merged(spans)
    lines = [ln for ln in _line_ranges(cols, heads, x0, x1, tol) if ln[0] in (x0, x1) or x0 + MIN_CELL < (ln[0] + ln[1]) / 2 < x1 - MIN_CELL]
    return [(a + b) / 2 for a, b in lines], lines


def _unheaded(cols, heads, texts, x0: float, x1: float,
              tol: float) -> list[tuple[float, float]]:
    """Stretches joining a column of body text that no label lies over (``texts``: the
    header's and the 栏次 row's labels; numbers right-aligned under a centred 栏次 number and
    header) to the neighbour column whose header text the two are centred under together,
    left neighbour first."""
    out = []
    lines = _line_ranges(cols, [], x0, x1, tol)     # the gaps themselves: no pins
    centre: list[float | None] = [None] * len(cols)
    for p in heads:
        i = next((i for i, c in enumerate(cols) if c[0] <= p[0] and p[1] <= c[1]), None)
        if i is not None and centre[i] is None:
            centre[i] = (p[0] + p[1]) / 2
    for i, c in enumerate(cols):
        if not heads or any(p[0] < c[1] and c[0] < p[1] for p in texts):
            continue
        for k, lo, hi in ((i - 1, i - 1, i + 1), (i + 1, i, i + 2)):
            if 0 <= k < len(cols) and centre[k] is not None:
                a, b = lines[lo], lines[hi]
                if (a[0] + b[0]) / 2 - tol <= centre[k] <= (a[1] + b[1]) / 2 + tol:
                    out.append((min(c[1], cols[k][1]), max(c[0], cols[k][0])))
                    break
    return out


def _aligned(words: list[Word], side: int) -> list[float]:
    """Edges (side 0: left, 2: right) where two texts of different extents line up."""
    by: dict[int, list[Word]] = {}
    for w in words:
        by.setdefault(round((w.bbox.x0, 0, w.bbox.x1)[side] * 2), []).append(w)
    other = 2 - side
    return [key / 2 for key, ws in by.items()
            if len({round((w.bbox.x0, 0, w.bbox.x1)[other]) for w in ws}) >= 2]


def _merged(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1] + MIN_GAP:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _line_ranges(cols, heads, x0: float, x1: float, tol: float) -> list[tuple[float, float]]:
    """Where each column line may lie: in its gap (the table's edges exactly), narrowed by
    the header texts centred on single columns (the lowest one of each column)."""
    rng = [(x0, x0)] + [(a[1], b[0]) for a, b in zip(cols, cols[1:])] + [(x1, x1)]
    centre: list[float | None] = [None] * len(cols)
    for p in heads:
        i = next((i for i, c in enumerate(cols) if c[0] <= p[0] and p[1] <= c[1]), None)
        if i is not None and centre[i] is None:
            centre[i] = (p[0] + p[1]) / 2
    for _ in range(2):
        for i, c in enumerate(centre):
            if c is None:
                continue
            (a0, a1), (b0, b1) = rng[i], rng[i + 1]
            nb = (max(b0, 2 * c - a1 - tol), min(b1, 2 * c - a0 + tol))
            na = (max(a0, 2 * c - b1 - tol), min(a1, 2 * c - b0 + tol))
            if nb[0] <= nb[1] and na[0] <= na[1]:   # else the text is not centred: no pin
                rng[i], rng[i + 1] = na, nb
    return rng


def _place(p: tuple[float, float], cols: list[tuple[float, float]],
           lines: list[tuple[float, float]], tol: float, busy: set[int],
           aligned: tuple[list[float], list[float]] = ([], [])) -> tuple[float, float] | None:
    """What a header text lying in a gap adds to the columns' text: the stretch joining it
    to the neighbour column it is centred on, nothing when it is centred on columns on both
    sides (a spanning text: None), else itself (a column empty in the body).  ``lines`` says
    where each column line may lie: centred means some choice of two lines puts the text's
    centre midway; a column with a text of its own in this row (``busy``) takes no other,
    nor does a column of right-aligned text one right of its texts' right edge (or left-
    aligned, left of their left edge: ``aligned``), since a centred text's centre lies
    between the cell's paddings."""
    x0, x1 = lines[0][0], lines[-1][1]
    free = [(x0, cols[0][0] if cols else x1)] + [(a[1], b[0]) for a, b in zip(cols, cols[1:])]
    free.append((cols[-1][1] if cols else x0, x1))
    j = next((j for j, (g0, g1) in enumerate(free) if g0 <= p[0] and p[1] <= g1), None)
    if j is None or not cols:
        return p
    cx = (p[0] + p[1]) / 2

    def centred(lk: tuple[float, float], lm: tuple[float, float]) -> bool:
        lo_k, hi_k = lk[0], min(lk[1], p[0])
        lo_m, hi_m = max(lm[0], p[1]), lm[1]
        return (lo_k <= hi_k and lo_m <= hi_m
                and (lo_k + lo_m) / 2 - tol <= cx <= (hi_k + hi_m) / 2 + tol)

    n = len(cols)
    inner = lines[j] if 0 < j < n else free[j]      # the line in this gap, if it is one
    rights, lefts = aligned
    if j >= 1 and any(cols[j - 1][0] <= r <= cols[j - 1][1] + 0.5 and r < p[0] for r in rights):
        busy = busy | {j - 1}
    if j < n and any(cols[j][0] - 0.5 <= e <= cols[j][1] and e > p[1] for e in lefts):
        busy = busy | {j}
    if j >= 1 and j - 1 not in busy and centred(lines[j - 1], (max(p[1], inner[0]), free[j][1] if j == n else inner[1])):
        return (free[j][0], p[1])
    if j < n and j not in busy and centred((free[j][0] if j == 0 else inner[0], min(p[0], inner[1])), lines[j + 1]):
        return (p[0], free[j][1])
    if any(centred(lines[k], lines[m]) for k in range(j) for m in range(j + 1, n + 1)
           if not busy.intersection(range(k, m))):
        return None
    return p


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
