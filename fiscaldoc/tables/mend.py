"""Worn rules: pieces of a 三线表 rule put back together, pieces of a ruled grid's rules on
their own (``gather_loose``), and text to confirm a worn cell side (``texts_apart``).

A light or worn scan leaves a full-width rule in several collinear pieces.  Pieces on one
line are joined across a gap when the gap is a break, not a real gap between two partial
header rules:

* the table's top and bottom rules are whole by definition (a 三线表 has no side-by-side
  partial rules there), so all their gaps are breaks;
* between them, only when the top or bottom rule shows wear (a page whose outer rules are
  whole has whole rules), a gap that the text below the line runs across is a break: a gap
  between partial header rules is a column boundary (an unruled table has no vertical rule
  to bound those rules; the boundary is where the text below never runs across).  Wear is
  asked for because text boxes of a poor scan may themselves run across columns;
* and, there too, a gap that a header's text above is centred across is a break: the text
  of a cell spanning columns is centred on the whole rule under it, not on a piece;
* the lowest rule between them, with no partial rules under it, is the header separator when
  most of its gaps are breaks: a break may land on a column boundary by chance.
"""
from __future__ import annotations

from bisect import bisect_right

from ..geometry import BBox, Segment
from ..model import Word

LINE_TOL = 1.5      # points: pieces this close in y lie on one rule (thickness + residual skew)
BREAK_GAP = 24.0    # points: the widest gap between two pieces of one worn rule
FULL = 0.9          # a rule across this share of the table's width is a full rule
MIN_CROSSING = 2    # words below a gap that make it a break
CENTRE_TOL = 1.5    # points: a header's text lies this near the centre of its cell's rule


def rule_lines(hs: list[Segment]) -> list[list[Segment]]:
    """Horizontal rules grouped into lines, top to bottom; each line's pieces left to right."""
    lines: list[list[Segment]] = []
    for s in sorted(hs, key=lambda s: s.y0):
        if lines and s.y0 - lines[-1][-1].y0 <= LINE_TOL:
            lines[-1].append(s)
        else:
            lines.append([s])
    return [sorted(ln, key=lambda s: s.x0) for ln in lines]


def mend_rules(hs: list[Segment], words) -> list[Segment]:
    """The rules with the breaks of worn rules closed (every other gap kept)."""
    lines = [_merge_overlaps(ln) for ln in rule_lines(hs)]
    x0 = min(s.x0 for s in hs)
    width = max(s.x1 for s in hs) - x0
    wide = [i for i, ln in enumerate(lines) if _covered(ln) >= FULL * width]
    if len(wide) < 2:
        return list(hs)
    top, bottom = wide[0], wide[-1]
    bottom_y = _y(lines[bottom])
    worn = len(lines[top]) > 1 or len(lines[bottom]) > 1
    out: list[list[Segment]] = []
    for i, ln in enumerate(lines):
        if i in (top, bottom):
            out.append(_join(ln, [True] * (len(ln) - 1)))
        elif worn and top < i < bottom:
            out.append(_join(ln, [a or b for a, b in zip(_breaks(ln, words, bottom_y),
                                                         _centred(lines, i, words))]))
        else:
            out.append(ln)
    # the lowest middle line: a header separator with a break on a column boundary
    if worn and bottom - top >= 2:
        k = bottom - 1
        ln = out[k]
        if len(ln) > 1 and _covered(ln) >= FULL * width:
            crossed = sum(_breaks(lines[k], words, bottom_y))
            real = len(ln) - 1
            if crossed >= max(1, real):
                out[k] = _join(ln, [True] * (len(ln) - 1))
    return [s for ln in out for s in ln]


def _y(line: list[Segment]) -> float:
    return sum(s.y0 * s.length for s in line) / max(sum(s.length for s in line), 1e-9)


def _covered(line: list[Segment]) -> float:
    return sum(s.length for s in line)


def _merge_overlaps(line: list[Segment]) -> list[Segment]:
    """One line's pieces with overlapping pieces (a rule drawn twice) made one; pieces that
    only touch (per-cell borders) stay apart."""
    out: list[Segment] = []
    for s in line:
        if out and s.x0 < out[-1].x1 - 0.5:
            out[-1] = _one([out[-1], s])
        else:
            out.append(s)
    return out


def _breaks(line: list[Segment], words, bottom_y: float) -> list[bool]:
    """For each gap of a line: whether the text below it runs across (a break)."""
    y = _y(line)
    below = [w for w in words if y < w.bbox.cy < bottom_y]
    out = []
    for a, b in zip(line, line[1:]):
        mid = (a.x1 + b.x0) / 2
        n = sum(1 for w in below if w.bbox.x0 < mid < w.bbox.x1)
        out.append(b.x0 - a.x1 <= BREAK_GAP and n >= MIN_CROSSING)
    return out


def _centred(lines: list[list[Segment]], i: int, words) -> list[bool]:
    """For each gap of line *i*: whether a word in the cell above it (under the nearest
    line above that runs over the word) is centred on a run of the line's pieces across the
    gap, and on no shorter run: a header's text is centred on its cell, and the rule under
    a cell is one rule."""
    line, out = lines[i], [False] * (len(lines[i]) - 1)
    y = _y(line)
    for w in words:
        cx, cy = w.bbox.cx, w.bbox.cy
        # (a line runs over the word across a gap of its own: wear may sit over it)
        tops = [_y(ln) for ln in lines[:i]
                if any(s.x0 - BREAK_GAP <= cx <= s.x1 + BREAK_GAP for s in ln)]
        # the pieces under the word's centre (both sides of a gap there)
        under = [n for n, s in enumerate(line) if s.x0 <= cx <= s.x1] or [
            n for n in range(len(line) - 1) if line[n].x1 < cx < line[n + 1].x0][:1]
        if not under or not tops or not max(tops) < cy < y:
            continue
        lo, hi = under[0], under[0] + (not line[under[0]].x0 <= cx <= line[under[0]].x1)
        runs = [(j - h, h, j) for h in range(lo + 1) for j in range(hi, len(line))
                if abs((line[h].x0 + line[j].x1) / 2 - cx) <= CENTRE_TOL
                and all(line[n + 1].x0 - line[n].x1 <= BREAK_GAP for n in range(h, j))]
        if runs:
            _, h, j = min(runs)
            out[h:j] = [True] * (j - h)
    return out


def _join(line: list[Segment], join: list[bool]) -> list[Segment]:
    """Pieces joined across the gaps marked True, the others kept apart."""
    if not line:
        return []
    out: list[Segment] = []
    group = [line[0]]
    for s, j in zip(line[1:], join):
        if j and s.x0 - max(g.x1 for g in group) <= BREAK_GAP:
            group.append(s)
        else:
            out.append(_one(group))
            group = [s]
    out.append(_one(group))
    return out


def _one(group: list[Segment]) -> Segment:
    if len(group) == 1:
        return group[0]
    return Segment.h(min(s.x0 for s in group), max(s.x1 for s in group), _y(group))


def texts_apart(at, words, p, q, across) -> bool:
    """Text in both grid positions ``p`` and ``q`` and no word running ``across`` their side."""
    return bool(at.get(p)) and bool(at.get(q)) and not any(across(w) for w in words)


def words_by_position(words, xs, ys) -> dict[tuple[int, int], list[Word]]:
    """Words by the grid position (row, column) their centre lies in."""
    out: dict[tuple[int, int], list[Word]] = {}
    for w in words:
        c = min(max(bisect_right(xs, w.bbox.cx) - 1, 0), len(xs) - 2)
        r = min(max(bisect_right(ys, w.bbox.cy) - 1, 0), len(ys) - 2)
        out.setdefault((r, c), []).append(w)
    return out


def gather_loose(comps: list[tuple[list[Segment], list[Segment]]], grids: dict[int, BBox]):
    """Rule components (horizontals, verticals) lying inside a ruled grid's box: pieces of its
    worn rules whose ends, worn away, touch none of its rules.  Returns the components with
    those emptied, and for each grid (index in ``comps``) its loose pieces."""
    out = list(comps)
    loose: dict[int, list[Segment]] = {k: [] for k in grids}
    for k, (hs, vs) in enumerate(comps):
        if k in grids:
            continue
        home = next((g for g, box in grids.items()
                     if all(box.contains_point(s.x0, s.y0) and box.contains_point(s.x1, s.y1)
                            for s in hs + vs)), None)
        if home is not None:
            loose[home] += hs + vs
            out[k] = ([], [])
    return out, loose
