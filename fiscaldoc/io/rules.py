"""Ruling lines from a page's vector drawings, in displayed page space.

Input is ``page.get_cdrawings()`` (unrotated space) and ``page.rotation_matrix`` (a multiple
of 90 degrees, so rectangles stay rectangles).  Stroked lines and rectangle outlines, thin
filled rectangles and dotted lines drawn dot by dot become horizontal / vertical
``Segment``s; cell backgrounds, diagonals, curves and white or transparent paint are
ignored, except that cells painted over a table's background a little apart make their sides
rules (``io.fills``).  Collinear pieces that
overlap or touch are merged, so a grid drawn as many boxes gives long lines.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ..geometry import Segment
from .fills import MAX_FILLS, Fill, cell_sides

THIN_FILL = 2.0          # a filled rectangle this thin (pt) or thinner is a rule
THICK_FILL = 4.0         # ... and so is one up to this thick and LONG times as long
LONG = 8.0
DOT_GAP = 4.0            # pieces of a dotted line drawn one by one lie at most this far apart
DOT_RUN = 5              # ... and a dotted line has at least this many of them
MERGE_TOL = 1.0          # collinear within / gaps up to this many points are merged
MIN_LENGTH = 3.0         # shorter merged segments are dropped
_WHITE = 0.95            # every colour component at least this light: invisible on paper
_AXIS_TOL = 0.5          # a line is horizontal when |dy| <= max(_AXIS_TOL, 1% of |dx|)

_Pt = tuple[float, float]
_Run = tuple[float, float, float]            # (position across, start, end) along the axis


class _Collector:
    """Horizontal runs (y, x0, x1) and vertical runs (x, y0, y1) in displayed space."""

    __slots__ = ("m", "hs", "vs")

    def __init__(self, m: tuple[float, ...]):
        self.m = m
        self.hs: list[_Run] = []
        self.vs: list[_Run] = []

    def tp(self, x: float, y: float) -> _Pt:
        a, b, c, d, e, f = self.m
        return a * x + c * y + e, b * x + d * y + f

    def line(self, x0: float, y0: float, x1: float, y1: float) -> None:
        """A straight piece in displayed space: kept only if (nearly) axis-aligned."""
        dx, dy = abs(x1 - x0), abs(y1 - y0)
        if dx <= _AXIS_TOL and dy <= _AXIS_TOL:        # a dot: of a dotted line either way
            self.hs.append(((y0 + y1) / 2, min(x0, x1), max(x0, x1)))
            self.vs.append(((x0 + x1) / 2, min(y0, y1), max(y0, y1)))
        elif dy <= _AXIS_TOL or dy <= 0.01 * dx:
            if dx > 0:
                self.hs.append(((y0 + y1) / 2, min(x0, x1), max(x0, x1)))
        elif dx <= _AXIS_TOL or dx <= 0.01 * dy:
            self.vs.append(((x0 + x1) / 2, min(y0, y1), max(y0, y1)))

    def box(self, x0: float, y0: float, x1: float, y1: float, stroked: bool) -> None:
        """An axis-aligned rectangle in displayed space (x0 <= x1, y0 <= y1)."""
        if stroked:
            self.hs.append((y0, x0, x1))
            self.hs.append((y1, x0, x1))
            self.vs.append((x0, y0, y1))
            self.vs.append((x1, y0, y1))
            return
        w, h = x1 - x0, y1 - y0
        if (h <= THIN_FILL and w > h) or (h <= THICK_FILL and w >= LONG * h):
            self.hs.append(((y0 + y1) / 2, x0, x1))
        elif (w <= THIN_FILL and h > w) or (w <= THICK_FILL and h >= LONG * w):
            self.vs.append(((x0 + x1) / 2, y0, y1))
        elif w == h <= THIN_FILL:                       # a square dot
            self.hs.append(((y0 + y1) / 2, x0, x1))
            self.vs.append(((x0 + x1) / 2, y0, y1))

    def polygon(self, points: list[_Pt]) -> None:
        """A filled polygon counts when its bounding box is a thin rectangle."""
        if len(points) >= 3:                      # two points enclose no area
            pts = [self.tp(x, y) for x, y in points]
            xs = [p[0] for p in pts]
            ys = [p[1] for p in pts]
            self.box(min(xs), min(ys), max(xs), max(ys), False)


def extract_rules(paths: Iterable[dict[str, Any]], m: tuple[float, ...], width: float,
                  height: float) -> tuple[Segment, ...]:
    """Merged horizontal and vertical rules from cdrawings *paths* (see module doc)."""
    col = _Collector(m)
    tp = col.tp
    fills: list[Fill] = []                       # (box, colour) of every filled rectangle
    for path in paths:
        kind = path.get("type", "")
        stroked = "s" in kind and _visible(path.get("color"), path.get("stroke_opacity"))
        filled = "f" in kind and _visible(path.get("fill"), path.get("fill_opacity"))
        if "f" in kind and len(fills) <= MAX_FILLS:
            _note_fill(path, tp, fills)
        if not (stroked or filled):
            continue
        items = path["items"]
        if not stroked and any(item[0] == "c" for item in items):
            continue                       # filled shapes with curves: seals, charts, bullets
        chain: list[_Pt] = []              # consecutive filled 'l' items: one polygon
        for item in items:
            op = item[0]
            if op == "l":
                if stroked:
                    p1, p2 = tp(*item[1]), tp(*item[2])
                    col.line(p1[0], p1[1], p2[0], p2[1])
                elif chain and chain[-1] == item[1]:
                    chain.append(item[2])
                else:
                    col.polygon(chain)
                    chain = [item[1], item[2]]
                continue
            if chain:
                col.polygon(chain)
                chain = []
            if op == "re":
                r = item[1]
                p1, p2 = tp(r[0], r[1]), tp(r[2], r[3])
                col.box(min(p1[0], p2[0]), min(p1[1], p2[1]), max(p1[0], p2[0]),
                        max(p1[1], p2[1]), stroked)
            elif op == "qu":
                if stroked:
                    ul, ur, ll, lr = (tp(*q) for q in item[1])
                    for p1, p2 in ((ul, ur), (ur, lr), (lr, ll), (ll, ul)):
                        col.line(p1[0], p1[1], p2[0], p2[1])
                else:
                    col.polygon(list(item[1]))
            # 'c' (curves) in stroked paths: rounded corners, arcs -> ignored
        if chain:
            col.polygon(chain)
    for box in cell_sides(fills):
        col.box(*box, True)
    hs = [(y, lo, hi) for y, lo, hi in _dotted(_merge(col.hs))
          if -MERGE_TOL <= y <= height + MERGE_TOL]
    vs = [(x, lo, hi) for x, lo, hi in _dotted(_merge(col.vs))
          if -MERGE_TOL <= x <= width + MERGE_TOL]
    out = [Segment.h(max(lo, 0.0), min(hi, width), y) for y, lo, hi in hs
           if min(hi, width) - max(lo, 0.0) >= MIN_LENGTH]
    out += [Segment.v(max(lo, 0.0), min(hi, height), x) for x, lo, hi in vs
            if min(hi, height) - max(lo, 0.0) >= MIN_LENGTH]
    return tuple(out)


def _note_fill(path: dict[str, Any], tp: Callable[[float, float], _Pt],
               fills: list[Fill]) -> None:
    """A filled rectangle wider and taller than a rule, with its colour (white included)."""
    colour = path.get("fill")
    opacity = path.get("fill_opacity")
    if colour is None or (isinstance(opacity, (int, float)) and opacity <= 0.0):
        return
    items = path["items"]
    if len(items) != 1 or items[0][0] != "re":
        return
    r = items[0][1]
    p1, p2 = tp(r[0], r[1]), tp(r[2], r[3])
    box = (min(p1[0], p2[0]), min(p1[1], p2[1]), max(p1[0], p2[0]), max(p1[1], p2[1]))
    if box[2] - box[0] > THIN_FILL and box[3] - box[1] > THIN_FILL:
        fills.append((box, tuple(colour) if isinstance(colour, (tuple, list)) else ()))


def _visible(color: object, opacity: object) -> bool:
    if color is None or (isinstance(opacity, (int, float)) and opacity <= 0.0):
        return False
    comps = tuple(color) if isinstance(color, (tuple, list)) else ()
    return not comps or min(comps) < _WHITE


def _merge(items: list[_Run]) -> list[_Run]:
    """Merge runs whose positions agree within MERGE_TOL and that overlap or touch."""
    items.sort()
    merged: list[_Run] = []
    i, n = 0, len(items)
    while i < n:
        start = items[i][0]
        j = i + 1
        while j < n and items[j][0] - start <= MERGE_TOL:
            j += 1
        group = sorted(items[i:j], key=lambda t: t[1]) if j - i > 1 else items[i:j]
        pos, lo, hi = group[0]
        pos_sum, len_sum = pos * (hi - lo), hi - lo
        for pos, a, b in group[1:]:
            if a > hi + MERGE_TOL:
                merged.append((_mean(pos_sum, len_sum, group[0][0]), lo, hi))
                lo, hi, pos_sum, len_sum = a, b, 0.0, 0.0
            elif b > hi:
                hi = b
            pos_sum += pos * (b - a)
            len_sum += b - a
        merged.append((_mean(pos_sum, len_sum, group[0][0]), lo, hi))
        i = j
    return merged


def _dotted(runs: list[_Run]) -> list[_Run]:
    """Dotted and dashed lines drawn as separate pieces: a row of at least DOT_RUN short
    collinear pieces, each at most DOT_GAP from the next, becomes one run; other short
    pieces stay as they are (and are dropped as shorter than MIN_LENGTH)."""
    short = sorted(r for r in runs if r[2] - r[1] < MIN_LENGTH)
    if len(short) < DOT_RUN:
        return runs
    out = [r for r in runs if r[2] - r[1] >= MIN_LENGTH]
    i = 0
    while i < len(short):
        j = i + 1
        while j < len(short) and short[j][0] - short[i][0] <= MERGE_TOL:
            j += 1
        line = sorted(short[i:j], key=lambda r: r[1])       # one position, along the axis
        chain = [line[0]]
        for r in line[1:]:
            if 0 <= r[1] - chain[-1][2] <= DOT_GAP:
                chain.append(r)
                continue
            out.extend(_chained(chain))
            chain = [r]
        out.extend(_chained(chain))
        i = j
    return out


def _chained(chain: list[_Run]) -> list[_Run]:
    if len(chain) < DOT_RUN:
        return chain
    pos = sum(r[0] for r in chain) / len(chain)
    return [(round(pos, 3), chain[0][1], max(r[2] for r in chain))]


def _mean(pos_sum: float, len_sum: float, fallback: float) -> float:
    return round(pos_sum / len_sum, 3) if len_sum > 0 else fallback
