"""Decimal points in a detected line of an unruled table, for ``ocr.gutters``.

A point is the smallest glyph of a line and the one a scan damages first: a fax's specks are
its size, a seal's red ink taken out lightens it, and in a right-aligned column of
letter-spaced amounts the blanks either side of it lie at the same place in every row, where
the line cutter sees a gutter.  Both helpers work on the line's blank column runs
(``gutters.blank_runs``) in image pixels.
"""
from __future__ import annotations

import re

import cv2
import numpy as np

from .pixels import darkest

POINT_SIZE = 0.25      # a decimal point is at most this many line heights wide and high

MARKS = re.compile(r"(?<=\d)\s*([.,．，])\s*(?=\d)")   # points and commas read between digits

Box = tuple[int, int, int, int]


def beside_points(image: np.ndarray, box: Box, runs: list[tuple[int, int]],
                  marks: list[str], ink_level: float) -> set[tuple[int, int]]:
    """The blank runs of a line either side of its decimal points.  ``marks``: the points
    and commas read between digits, left to right (``MARKS``).  The marks on the page are
    the glyphs at most ``POINT_SIZE`` line heights wide and high between two taller ones
    (digits; not the "、" after "一") in the lower half of their height (not a "-"); when
    there are as many as were read, they are those marks in the same order (a speck left on
    a fax page makes one more, and then nothing is kept).  A point neither ends nor starts a
    column, so the blanks around it are never cuts, though in a right-aligned column of
    letter-spaced amounts they lie at the same place in every row (a gutter to the other
    lines once the detector joined the amount to the next column's text: "2,790.06
    一、一般公共服务支出")."""
    x0, y0, x1, y1 = box
    size = POINT_SIZE * (y1 - y0)
    edges = [x0] + [v for run in runs for v in run] + [x1]
    glyphs = []                         # (x0, x1, top, bottom) of the inked stretches
    for a, b in zip(edges[::2], edges[1::2]):
        rows = np.flatnonzero((darkest(image[y0:y1, a:b]) < ink_level).any(axis=1))
        glyphs.append((a, b, int(rows[0]), int(rows[-1])) if rows.size else None)

    def tall(g) -> bool:
        return g is not None and g[3] - g[2] + 1 > size

    found = [k for k in range(1, len(glyphs) - 1)
             if glyphs[k] and tall(glyphs[k - 1]) and tall(glyphs[k + 1])
             and glyphs[k][1] - glyphs[k][0] <= size
             and glyphs[k][3] - glyphs[k][2] + 1 <= size
             and 2 * glyphs[k][2] >= glyphs[k - 1][2] + glyphs[k - 1][3]]
    if len(found) != len(marks):
        return set()
    return {runs[j] for k, m in zip(found, marks) if m in ".．"
            for j in (k - 1, k) if 0 <= j < len(runs)}


def parted_at_point(image: np.ndarray, specked: np.ndarray, box: Box,
                    runs: list[tuple[int, int]], ink_level: float) -> list[tuple[int, int]]:
    """``runs`` of a line read as one number with a decimal point, the run holding that
    point parted at it.  A faint point (lightened where a seal's red ink was taken out) can
    be as small as a fax speck and go with the specks (``image`` has them painted out,
    ``specked`` keeps them), leaving a blank between the integer digits and the decimals as
    wide as a gap between two columns.  The point is a speck of at most ``POINT_SIZE`` line
    heights inside one blank run whose bottom lies on the baseline of the glyph left of it;
    where exactly one such speck is found, the run is two runs either side of it (else
    ``runs`` unchanged)."""
    x0, y0, x1, y1 = box
    height = y1 - y0
    size, level = POINT_SIZE * height, max(2.0, 0.1 * height)
    found = []
    for k, (a, b) in enumerate(runs):
        left = np.flatnonzero((darkest(image[y0:y1, max(x0, a - height // 2):a])
                               < ink_level).any(axis=1))
        gray = darkest(specked[y0:y1, a:b])
        if left.size == 0 or gray.size == 0:
            continue
        _, _, stats, _ = cv2.connectedComponentsWithStats(
            (gray < ink_level).astype(np.uint8), connectivity=8)
        for x, y, w, h, _ in stats[1:]:
            if w <= size and h <= size and abs(y + h - 1 - int(left[-1])) <= level:
                found.append((k, a + int(x), a + int(x + w)))
    if len(found) != 1:
        return runs
    k, p0, p1 = found[0]
    a, b = runs[k]
    return runs[:k] + [r for r in ((a, p0), (p1, b)) if r[1] > r[0]] + runs[k + 1:]
