"""Tables that follow each other on a page with no column rules (三线表, rules under every
row): their horizontal rules line up and form one group; it is cut where the text between two
neighbouring rule lines is the next table's title block.

A title block is told by what it says (a table title, a 单位： line) or by its print: text
taller than the text of the rows on either side (titles are set larger than cells).
"""
from __future__ import annotations

import re
from statistics import median

from ..geometry import Segment
from ..text import normalize_text
from .components import cluster_positions
from .identity import _UNIT, is_title_line
from .rowcols import text_lines

_CJK = re.compile(r"[\u4e00-\u9fff]")
LINE_TOL = 1.0        # points: rules this close in y are one rule line
TALL = 1.25           # text this many times the group's median height is a title


def split_stacked(hs: list[Segment], words) -> list[list[Segment]]:
    """The horizontal rules of one group, cut into one list per table, top to bottom."""
    x0, x1 = min(s.x0 for s in hs), max(s.x1 for s in hs)
    ys = cluster_positions([s.y0 for s in hs], LINE_TOL)
    if len(ys) < 4:
        return [hs]
    near = [w for w in words if x0 - 1 <= w.bbox.cx <= x1 + 1 and ys[0] < w.bbox.cy < ys[-1]]
    if not near:
        return [hs]
    bands = [[w for w in near if a < w.bbox.cy < b] for a, b in zip(ys, ys[1:])]
    # heights of words holding characters only: an OCR box about figures alone is lower than
    # one about characters of the same print (a 栏次 row of 1, 2, 3 is not the rows' size)
    size = [_char_height(band) for band in bands]
    cuts: list[float] = []
    for k, band in enumerate(bands):
        # text taller than both neighbouring rows' (tables on one page may differ in size);
        # the nearest band above and below that holds characters
        above = next((v for v in reversed(size[:k]) if v), 0.0)
        below = next((v for v in size[k + 1:] if v), 0.0)
        h = max(above, below) or size[k]
        if any(_outside(ln, h) for ln in text_lines(band)):
            cuts.append((ys[k] + ys[k + 1]) / 2)
    if not cuts:
        return [hs]
    parts: list[list[Segment]] = [[] for _ in range(len(cuts) + 1)]
    for s in hs:
        parts[sum(s.y0 > c for c in cuts)].append(s)
    return [p for p in parts if p]


def _char_height(words) -> float:
    """Median height of the words that hold characters (0 when none does)."""
    hs = [w.bbox.height for w in words if _CJK.search(w.text)]
    return median(hs) if hs else 0.0


def _outside(line, h: float) -> bool:
    """A text line that a table does not print: a title, a unit line, or taller text."""
    text = normalize_text("".join(w.text for w in line))
    if _UNIT.search(text) or is_title_line(text):
        return True
    chars = [w.bbox.height for w in line if _CJK.search(w.text)]
    return bool(h and chars) and min(chars) >= TALL * h
