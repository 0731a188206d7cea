"""Worn ends: a short rule whose end stops short of the rule it runs to, where wear took
the ink away.

A short rule of a grid (under ``RuleSettings.long_pt``) is accepted when it runs from one
perpendicular rule to another; an end may stop short of a rule by the blur and about a
point (``RuleSettings.short_pt``).  On a worn scan a gap of a few points, or a stub and a gap, can
lie between a short rule's end and the rule it meets: the rule then touches one rule or
none, and its cells merge.  Text stands off the rules by the cell padding too, so a stretch
of blank paper at an end is no evidence on its own.  It is taken as wear when the line is
surely a rule elsewhere -- it runs through a rule it crosses, with its ink just before and
just after that rule, which a stroke of a character never has -- and the stretch from its
end to the rule it stops short of is worn rule: only thin ink on the line with blank paper
beside it along nearly all of the stretch (nothing of a character), and no blank gap
longer than a worn rule's.  All lengths here are pixels (rows of the mask: along the line).
"""
from __future__ import annotations

import numpy as np

from .pieces import LinePieces, LineSet, PixelLine
from .raster import runs
from .stubs import line_band


def worn_reach(axis: LinePieces, ln: PixelLine, perp: LineSet, *, touch: float,
               short: float, reach: float, gap: float, clean: float, tol: float
               ) -> tuple[float, float] | None:
    """*ln*'s ends, each moved onto the perpendicular rule it stops short of by a worn
    stretch (see the module doc), or None when an end neither meets a rule (within
    ``touch`` plus the rule's width plus ``short``) nor stops short of one by a worn stretch
    of at most ``reach`` (from the rule's centre), with no blank gap over ``gap``, blank
    paper beside it along ``clean`` of it, ink within ``tol`` of the line.  The caller
    checks that *ln* runs through the rules it crosses; here it must cross one."""
    if not len(perp.pos):
        return None
    across = (perp.a - touch <= ln.pos) & (ln.pos <= perp.b + touch)
    near = touch + perp.thick
    inside = across & (perp.pos > ln.a + near) & (perp.pos < ln.b - near)
    if not inside.any():
        return None
    ends = []
    for end, sign in ((ln.a, -1.0), (ln.b, 1.0)):
        d = sign * (perp.pos - end)            # how far beyond the end each rule lies
        meets = across & (np.abs(d) <= near + short)
        if meets.any():
            ends.append(end)
            continue
        beyond = np.flatnonzero(across & (d > 0) & (d <= reach))
        if not len(beyond):
            return None
        k = beyond[np.argmin(d[beyond])]
        rule, half = float(perp.pos[k]), float(perp.thick[k]) / 2 + touch
        if not _worn(axis, ln, end, rule - sign * half, gap, clean, tol):
            return None
        ends.append(rule)
    return ends[0], ends[1]


def _worn(axis: LinePieces, ln: PixelLine, end: float, edge: float, gap: float,
          clean: float, tol: float) -> bool:
    """The stretch of *ln*'s line from *end* to *edge* (where the rule it stops short of
    begins, with its blur) is worn rule: no blank gap over *gap*, ink on the line only
    (blank paper beside it along *clean* of it)."""
    lo, hi = sorted((end, edge))
    lo, hi = max(0, int(np.floor(lo))), min(axis.ink.shape[1], int(np.ceil(hi)))
    if hi <= lo:
        return True
    band, beside = line_band(axis, ln.pos, ln.thick / 2 + tol, lo, hi)
    if (~beside).mean() < clean:
        return False
    return all(v - u <= gap for u, v in runs(~band))
