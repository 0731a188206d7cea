"""Rules that are strokes of text: dropped once the page's words are read.

Under blur, the middle strokes of a line of small characters (单位代码, 工资福利支出) chain
into a short line as clean as a partial header rule of a 三线表; it becomes a rule, and a
header row is cut through its text.  Once the words are read it is told apart: it lies along
the middle of one word, from end to end within it.
"""
from __future__ import annotations

import numpy as np

from ..geometry import Segment
from ..model import Word

STROKE_BAND = 0.25      # share of a word's height off its top and bottom: its strokes' band
STROKE_REACH = 1.0      # points a stroke may run past the word's box along it
STEM_LENGTH = 2.0       # a vertical stroke is at most this many word heights long


def without_strokes(rules: tuple[Segment, ...], words: list[Word]) -> tuple[Segment, ...]:
    """The rules that are not strokes of a word's characters: a short horizontal rule lying
    along the middle of one word read there, from end to end within the word (the middle
    strokes of a small header's characters, 单位代码, chain into a 'partial rule' under blur;
    a rule under or over a line of text lies outside its middle band, a longer one runs past
    it), and a vertical one through a word no longer than two of its heights."""
    if not words or not rules:
        return rules
    box = np.array([(w.bbox.x0, w.bbox.y0, w.bbox.x1, w.bbox.y1) for w in words], np.float64)
    x0, y0, x1, y1 = box.T
    band_y = STROKE_BAND * (y1 - y0)

    def stroke(r: Segment) -> bool:
        if r.horizontal:
            hit = ((y0 + band_y <= r.y0) & (r.y0 <= y1 - band_y)
                   & (x0 - STROKE_REACH <= r.x0) & (r.x1 <= x1 + STROKE_REACH))
        else:
            # a short vertical one through a word's box: a stem (the 1 of a 栏次 row set
            # tight between two rules, chained to both by blur; a detected line may hold
            # several column numbers, so anywhere across the word)
            mid = (y0 + y1) / 2
            hit = ((x0 <= r.x0) & (r.x0 <= x1) & (r.y0 <= mid) & (mid <= r.y1)
                   & (r.y1 - r.y0 <= STEM_LENGTH * (y1 - y0) + STROKE_REACH))
        return bool(hit.any())
    return tuple(r for r in rules if not stroke(r))
