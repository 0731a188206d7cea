"""LinePieces: candidate lines of an ink mask."""
from __future__ import annotations

import numpy as np

from fiscaldoc.layout.pieces import LinePieces


def test_core_cuts_an_end_that_goes_on_as_a_sliver():
    # a 5 px line whose left end runs on one pixel thin (the edge of a stroke beside it,
    # joined to it by blur): the line proper starts where it has its full width
    ink = np.zeros((40, 200), np.uint8)
    ink[20:25, 60:180] = 255
    ink[20, 30:60] = 255
    lines = LinePieces(ink, np.zeros_like(ink), 200 / 72, horizontal=True)
    (i,) = np.flatnonzero(lines.lengths >= 100)
    assert lines.a[i] == 30
    assert lines.core(i) == (60.0, 180.0)
