"""Short stubs of a worn grid line, kept where the rest of the grid vouches for the line.

Wear can leave a grid line in one row (or column) as two stubs of a few points, one at each
rule it runs between, shorter than the shortest run ``pieces.LinePieces`` keeps (a shorter
one would let in strokes of text such as 1 and 十).  The grid itself says where to look: a
line of accepted rules (a *grid line*) crosses perpendicular rules, and between two of them
(a *section*) its rule may be missing.  There thin ink on the grid line that runs on from a
rule -- a perpendicular rule at the section's end or a piece of the line itself -- with
blank paper on both sides along nearly all of it, is a stub of that line.  Text inside a
cell stands off the rules by the cell padding, and a stroke of a character has the rest of
the character beside it.  Stubs reaching both ends of their section, with the line's pieces
in between, make up the worn rule and are joined into it across their gaps; otherwise they
are kept as they are.  A section can also be worn all along, its ink left in short runs that
touch neither rule: two runs or more of thin ink with blank paper beside them, on a third of
the section at least and with no blank gap longer than ``worn``, are the
rule.  All lengths here are pixels (rows of the mask: along the line).
"""
from __future__ import annotations

import numpy as np

from .pieces import LinePieces, PixelLine
from .raster import runs

WORN_SHARE = 1 / 3      # a section worn all along keeps ink on this share of its length


def grid_stubs(axis: LinePieces, lines: list[PixelLine], perp: list[PixelLine], *,
               tol: float, touch: float, min_len: float, max_gap: float,
               clean: float, worn: float) -> list[PixelLine]:
    """Stubs of the grid lines among ``lines`` (accepted rules of ``axis``'s direction)
    in their sections between the ``perp`` rules crossing them, within the line's extent or
    next to it (see the module doc).  ``tol``: how far a stub may lie off its grid line;
    ``touch``: how near a rule's end must come to a perpendicular rule to meet it;
    ``min_len``: the shortest stub (from the centre of the rule it runs from);
    ``max_gap``: the widest gap of a worn rule; ``clean``: the share of a stub with blank
    paper on both sides; ``worn``: the widest blank gap of a section worn all along."""
    if not lines or not perp:
        return []
    out: list[PixelLine] = []
    for pos, thick, spans in _grid_lines(lines, tol):
        first, last = min(a for a, _ in spans), max(b for _, b in spans)
        ends = sorted((p.pos, p.thick) for p in perp if p.a - touch <= pos <= p.b + touch)
        for start, end in zip(ends, ends[1:]):
            if end[0] >= first - touch and start[0] <= last + touch:
                out.extend(_section(axis, pos, thick, spans, start, end,
                                    tol, min_len, max_gap, clean, worn))
    return out


def _grid_lines(lines: list[PixelLine], tol: float
                ) -> list[tuple[float, float, list[tuple[float, float]]]]:
    """Lines grouped by position: (position, thickness, spans along it)."""
    groups: list[list[PixelLine]] = []
    for ln in sorted(lines, key=lambda ln: ln.pos):
        if groups and ln.pos - groups[-1][-1].pos <= tol:
            groups[-1].append(ln)
        else:
            groups.append([ln])
    out = []
    for g in groups:
        w = [max(ln.length, 1.0) for ln in g]
        out.append((float(np.average([ln.pos for ln in g], weights=w)),
                    float(np.average([ln.thick for ln in g], weights=w)),
                    [(ln.a, ln.b) for ln in g]))
    return out


def _section(axis: LinePieces, pos: float, thick: float, spans: list[tuple[float, float]],
             start: tuple[float, float], end: tuple[float, float], tol: float,
             min_len: float, max_gap: float, clean: float, worn: float) -> list[PixelLine]:
    """The stubs of the grid line at *pos* between the perpendicular rules *start* and
    *end* (centre, thickness), joined into one rule when they reach from one to the other."""
    (c0, w0), (c1, w1) = start, end
    k = max(2, int(round(axis.s)))
    lo, hi = max(0, int(np.floor(c0))), min(axis.ink.shape[1], int(np.ceil(c1)) + 1)
    if hi - lo < 2 * min_len or any(a <= c0 + w0 / 2 + k and c1 - w1 / 2 - k <= b
                                    for a, b in spans):
        return []               # (too short for stubs, or the line is whole here)
    x = np.arange(lo, hi)
    # the crossing rules' own ink (with its blur) and the line's accepted pieces: rule
    rule = (np.abs(x - c0) <= w0 / 2 + k) | (np.abs(x - c1) <= w1 / 2 + k)
    for a, b in spans:
        rule |= (x >= a) & (x < b)
    if rule.all():
        return []
    band, beside = line_band(axis, pos, thick / 2 + tol, lo, hi)
    blank = ~beside             # paper on both sides
    stubs: list[tuple[float, float]] = []
    for r0, r1 in runs(band):
        for u, v in runs(~rule[r0:r1]):
            u, v = r0 + u, r0 + v
            # runs on from a rule: the column before or after it is inked rule
            if not ((u > r0 and rule[u - 1]) or (v < r1 and rule[v])):
                continue
            a = c0 if u > r0 and abs(x[u - 1] - c0) <= w0 / 2 + k else float(x[u])
            b = c1 if v < r1 and abs(x[v] - c1) <= w1 / 2 + k else float(x[v - 1] + 1)
            if b - a >= min_len and blank[u:v].mean() >= clean:
                stubs.append((a, b))
    inner = [(max(a, c0), min(b, c1)) for a, b in spans]
    if (stubs and _reaches(sorted(stubs + [(a, b) for a, b in inner if b - a >= min_len]),
                           c0, c1, max_gap)) or _worn_across(band, rule, blank, worn, clean):
        stubs = [(c0, c1)]
    return [PixelLine(axis.horizontal, pos, a, b, thick, 1.0, clean, clean, True)
            for a, b in stubs]


def line_band(axis: LinePieces, pos: float, r: float, lo: int, hi: int
              ) -> tuple[np.ndarray, np.ndarray]:
    """For each column [lo, hi) along the line at *pos*: ink within *r* of it (the band), and
    ink just beside the band, above or below it (``axis.s`` rounded, 2 pixels at least)."""
    h = axis.ink.shape[0]
    k = max(2, int(round(axis.s)))
    y0, y1 = max(0, int(np.floor(pos - r))), min(h, int(np.ceil(pos + r)) + 1)
    band = np.asarray(axis.ink[y0:y1, lo:hi].any(axis=0))
    beside = np.asarray(axis.ink[max(0, y0 - k):y0, lo:hi].any(axis=0)
                        | axis.ink[y1:y1 + k, lo:hi].any(axis=0))
    return band, beside


def _worn_across(band: np.ndarray, rule: np.ndarray, blank: np.ndarray, gap: float,
                 clean: float) -> bool:
    """The section is worn rule all along: thin ink on the line in two runs or more, blank
    paper beside it, nowhere a blank gap longer than *gap*, and ink on WORN_SHARE of the
    section (a stroke of a character standing on the line in a merged cell is one run, or
    leaves a longer gap, or has the rest of its character beside it)."""
    ink = band & ~rule
    pieces = runs(ink)
    if len(pieces) < 2 or ink.sum() < WORN_SHARE * (~rule).sum():
        return False
    return (blank[ink].mean() >= clean
            and all(v - u <= gap for u, v in runs(~(band | rule))))


def _reaches(parts: list[tuple[float, float]], c0: float, c1: float, max_gap: float) -> bool:
    """*parts* (sorted) run from *c0* to *c1* with no gap wider than *max_gap*."""
    if parts[0][0] > c0:
        return False
    cur = parts[0][1]
    for a, b in parts[1:]:
        if a - cur > max_gap:
            return False
        cur = max(cur, b)
    return cur >= c1
