"""Rules that are gaps between cell backgrounds (HTML ``cellspacing`` tables, web prints).

A web page's table is often painted as one coloured rectangle (the table's background) with
each cell's own background painted over it, a point or two apart: the lines a reader sees are
the table colour showing between the cells, and nothing is stroked.  Such cells are found as
fills painted over a larger fill of another colour that they tile (two or more rows and two or
more columns of cells sharing their top and bottom, left and right edges); their sides are
then rules.  A lone shaded box, a banner or a chart's bars (which share one edge only) are not.
"""
from __future__ import annotations

from collections import Counter

_Box = tuple[float, float, float, float]
Fill = tuple[_Box, tuple[float, ...]]          # (x0, y0, x1, y1) displayed, colour
ALIGN = 1.0           # cells of one row (column) share top and bottom (left and right) this closely
CONTRAST = 0.1        # colours differing by less than this in every component look the same
MAX_FILLS = 1000      # pages painting more fills than this (charts, patterns) are not searched
MIN_TILED = 2         # rows (and columns) of at least this many cells make a table


def cell_sides(fills: list[Fill]) -> list[_Box]:
    """Boxes of the cells (in painting order *fills*) whose sides are visible rules."""
    if len(fills) < 5 or len(fills) > MAX_FILLS:
        return []
    children: dict[int, list[int]] = {}
    for i, (box, colour) in enumerate(fills):
        area = _area(box)
        for j in range(i - 1, -1, -1):            # the latest fill painted under it
            outer, under = fills[j]
            if _area(outer) > area and _contains(outer, box):
                if _differ(colour, under):
                    children.setdefault(j, []).append(i)
                break
    out: list[_Box] = []
    for cells in children.values():
        boxes = [fills[k][0] for k in cells]
        if _tiled(boxes):
            out.extend(boxes)
    return out


def _tiled(boxes: list[_Box]) -> bool:
    rows = Counter((round(b[1] / ALIGN), round(b[3] / ALIGN)) for b in boxes)
    cols = Counter((round(b[0] / ALIGN), round(b[2] / ALIGN)) for b in boxes)
    return (sum(1 for n in rows.values() if n >= MIN_TILED) >= MIN_TILED
            and sum(1 for n in cols.values() if n >= MIN_TILED) >= MIN_TILED)


def _area(b: _Box) -> float:
    return (b[2] - b[0]) * (b[3] - b[1])


def _contains(outer: _Box, inner: _Box) -> bool:
    return (outer[0] - 0.5 <= inner[0] and outer[1] - 0.5 <= inner[1]
            and inner[2] <= outer[2] + 0.5 and inner[3] <= outer[3] + 0.5)


def _differ(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    if len(a) != len(b):
        return True
    return any(abs(x - y) >= CONTRAST for x, y in zip(a, b))
