"""Whether a candidate rule runs through the perpendicular rules it crosses, for ``rules``.

A rule runs on through the perpendicular rules it crosses and right up to those it ends at:
at most of them there is ink just before and (unless it ends there) just after the
perpendicular rule.  Strokes of characters aligned down a column (十 of 十一、十二、…) chain
across the row rules after blur, or reach them by the closing, but each stops short of them
by the cell padding.  All lengths here are pixels (rows of the mask: along the line).
"""
from __future__ import annotations

import numpy as np

from .pieces import LinePieces, LineSet, PixelLine


def runs_through(axis: LinePieces, chains: list[int], ln: PixelLine, perp: LineSet, *,
                 touch: float, cross: float, share: float) -> bool:
    """Whether *ln* (made of the candidate ``chains`` of ``axis``) has ink ``cross`` before
    and after at least ``share`` of the ``perp`` rules it meets (within ``touch``) and
    crosses, and before those it ends at."""
    t = touch
    reach = t + perp.thick
    before, after = perp.pos > ln.a + reach, perp.pos < ln.b - reach
    # (a rule ending on this one, a T, says nothing: a gap may sit next to it)
    crossed = (perp.a + reach < ln.pos) & (ln.pos < perp.b - reach)
    met = np.flatnonzero((perp.a - t <= ln.pos) & (ln.pos <= perp.b + t) & (before | after)
                         & (crossed | ~(before & after))
                         & (ln.a - reach <= perp.pos) & (perp.pos <= ln.b + reach))
    if not len(met):
        return True
    # columns with ink in a band along the line, following its pieces (residual skew)
    d, r = int(round(cross)), int(ln.thick / 2 + 1)
    lo, hi = max(0, int(ln.a) - d - 2), min(axis.ink.shape[1], int(ln.b) + d + 3)
    y = int(round(ln.pos))
    has = np.asarray(axis.ink[max(0, y - r):y + r + 1, lo:hi].any(axis=0))
    for m in (m for i in chains for m in axis.chains[i].members):
        x, y, w, h, _ = axis.p[m].tolist()
        x0, x1, y = max(x, lo), min(x + w, hi), y + h // 2
        if x1 > x0:
            has[x0 - lo:x1 - lo] = axis.ink[max(0, y - r):y + r + 1, x0:x1].any(axis=0)
    cum = np.concatenate(([0], np.cumsum(has)))
    n = len(has)

    def inked(x0: np.ndarray, x1: np.ndarray) -> np.ndarray:    # half of [x0, x1) at least
        x0, x1 = np.clip(x0 - lo, 0, n), np.clip(x1 - lo, 0, n)
        return np.asarray((x1 > x0) & (2 * (cum[x1] - cum[x0]) >= x1 - x0))

    c, half = perp.pos[met], (perp.thick[met] / 2 + 1).astype(int)
    ci = c.astype(int)
    ok = ((~before[met] | inked(ci - half - d, ci - half))
          & (~after[met] | inked(ci + half + 1, ci + half + d + 1)))
    return int(ok.sum()) >= share * len(met)
