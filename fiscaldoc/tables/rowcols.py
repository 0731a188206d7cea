"""Columns of a table without column rules, from the alignment of its text (used by
``rowrules``): the body's text gaps, narrowed or split by the header's single-cell texts;
header texts are centred on their cells, body texts aligned on the cells' paddings.

Pure geometry in PDF points; every length is measured on the page (text height, gaps).
"""
from __future__ import annotations

import re

from ..model import Word
from ..unionfind import UnionFind

PHRASE_GAP = 0.6        # text heights: words of one header line closer than this are one text
                        # (a space; cells in a header row are at least two paddings apart)
MIN_GAP = 1.0           # points: a narrower gap in the text is no column boundary
MIN_CELL = 3.0          # points: a column line this near the table's edge is its edge
CENTRE_TOL = 0.25       # text heights: a header text this near a span's centre is centred on it
NUMBER = re.compile(r"^[-−－(（]?[\d,，.]*\d[)）]?%?$")


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


def column_numbers(words: list[Word]) -> bool:
    """A 栏次 row: the columns' numbers 1, 2, 3 … left to right (centred labels, read with
    the header: an amount right-aligned under one is in its column)."""
    nums = [w for w in sorted(words, key=lambda w: w.bbox.x0) if NUMBER.match(w.text)]
    if any("栏次" in w.text for w in words):
        return bool(nums)
    ints = [int(w.text) for w in nums if w.text.isdigit() and len(w.text) <= 2]
    return len(ints) >= 3 and len(ints) == len(nums) and ints == list(range(ints[0], ints[0] + len(ints)))


def header_texts(band: list[list[Word]], n_head: int, h: float, ruled) -> list[list[tuple[
        float, float]]]:
    """Each header row's texts (x-extents): a line's words closer than PHRASE_GAP text
    heights, joined with the lines stacked on them (a wrapped text: one line may bridge
    the next one's space), within a row or across a row line no rule runs along there
    (``ruled(k, a, b)``: rule line k covers a..b)."""
    pieces = []                       # (x0, x1, y0, y1, band)
    for r in range(n_head):
        for ln in text_lines(band[r]):
            y0, y1 = min(w.bbox.y0 for w in ln), max(w.bbox.y1 for w in ln)
            pieces += [(a, b, y0, y1, r) for a, b in phrases(ln, h)]
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


def phrases(words: list[Word], h: float) -> list[tuple[float, float]]:
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


def columns(band: list[list[Word]], first_num: int, h: float, x0: float, x1: float,
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
        labels = r == first_num - 1 and column_numbers(band[r])
        for p in texts_of[r]:
            cols = _merged(spans)
            over = [i for i, c in enumerate(cols) if c[0] < p[1] and p[0] < c[1]]
            if len(over) == 1:                  # inside one column: narrows its gaps
                lines = _line_ranges(cols, heads, x0, x1, tol)
                i = over[0]
                # and clear of its neighbours' text (a text touching theirs would join
                # their columns: it is centred across the gap, on a span)
                if lines[i][0] + MIN_GAP < p[0] and p[1] < lines[i + 1][1] - MIN_GAP:
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
            others = [q for q in free if q is not p]
            placed = _place(p, cols, _line_ranges(cols, heads, x0, x1, tol), tol, busy,
                            aligned, others)
            if placed is None and labels:       # a column number never spans columns
                placed = p
            if placed is not None:              # one text of this row per column
                spans.append(placed)
                here.append(p)
    texts = [(w.bbox.x0, w.bbox.x1) for w in (band[first_num] if first_num < len(band) else [])
             if not NUMBER.match(w.text) and first_num and not column_numbers(
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
           aligned: tuple[list[float], list[float]] = ([], []),
           others: list[tuple[float, float]] = ()) -> tuple[float, float] | None:
    """What a header text lying in a gap adds to the columns' text: the stretch joining it
    to the neighbour column it is centred on, nothing when it is centred on columns on both
    sides (a spanning text: None), else itself (a column empty in the body).  ``lines`` says
    where each column line may lie: centred means some choice of two lines puts the text's
    centre midway; a column with a text of its own in this row (``busy``) takes no other,
    nor does a column of right-aligned text one right of its texts' right edge (or left-
    aligned, left of their left edge: ``aligned``), since a centred text's centre lies
    between the cell's paddings.  ``others``: the row's other texts lying in gaps; one in
    this gap holds a column of its own, so the line closing a column joined to this text
    lies between the two texts (header texts side by side in a gap, as 类 款 项 over a code
    column narrower than 类's cell)."""
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
    # the outer columns' lines lie anywhere up to the table's edges (columns empty in the
    # body may still come beyond them)
    lines = [free[0]] + list(lines[1:-1]) + [free[-1]]
    inner = lines[j] if 0 < j < n else free[j]      # the line in this gap, if it is one
    rights, lefts = aligned
    if j >= 1 and any(cols[j - 1][0] <= r <= cols[j - 1][1] + 0.5 and r < p[0] for r in rights):
        busy = busy | {j - 1}
    if j < n and any(cols[j][0] - 0.5 <= e <= cols[j][1] and e > p[1] for e in lefts):
        busy = busy | {j}
    g0, g1 = free[j]
    nxt = min((q[0] for q in others if p[1] <= q[0] and q[1] <= g1), default=None)
    prv = max((q[1] for q in others if q[1] <= p[0] and g0 <= q[0]), default=None)
    right = ((p[1], nxt) if nxt is not None
             else (max(p[1], inner[0]), g1 if j == n else inner[1]))
    left = ((prv, p[0]) if prv is not None
            else (g0 if j == 0 else inner[0], min(p[0], inner[1])))
    if j >= 1 and j - 1 not in busy and centred(lines[j - 1], right):
        return (g0, p[1])
    if j < n and j not in busy and centred(left, lines[j + 1]):
        return (p[0], g1)
    if any(centred(lines[k], lines[m]) for k in range(j) for m in range(j + 1, n + 1)
           if not busy.intersection(range(k, m))):
        return None
    return p
