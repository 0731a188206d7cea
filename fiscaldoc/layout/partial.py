"""Partial header rules of a horizontally ruled table (三线表), the last rules accepted by
``rules._Acceptor`` before the gaps of worn rules are closed.

A partial rule (under a header cell spanning some columns) touches no other rule: it is
accepted when it is clean, shorter than the table's long rules and spanned by an accepted
long rule above and one below it.  All lengths here are pixels.
"""
from __future__ import annotations

import numpy as np

from .pieces import LinePieces, PixelLine

ISOLATION = 0.9         # a partial rule is this isolated ...
CLEAR = 0.8             # ... and has blank paper on both sides along this share of it


def sandwiched(axis: LinePieces, acc: dict[int, PixelLine], longs: list[PixelLine],
               verticals: list[PixelLine], *, touch: float, reach: float, min_len: float,
               cover: float, thick_limit: float) -> None:
    """Accept into ``acc`` (chain index -> line) the candidates of ``axis`` (horizontal) at
    least ``min_len`` long that are partial header rules between two of the accepted
    ``longs`` lying at most ``reach`` above and below; ``verticals``: the accepted vertical
    rules; ``touch``: how near a rule's end must come to a perpendicular rule to meet it;
    ``cover``: the share of its length a partial rule's pieces cover at least."""
    if len(longs) < 2:
        return
    t = touch
    for i in np.flatnonzero(axis.lengths >= min_len).tolist():
        if i in acc:
            continue
        pos, a, b = axis.pos[i], axis.a[i], axis.b[i]
        # a ruled grid has no partial header rules of this kind: a short stroke that
        # meets a vertical rule is text (一 of "一、" next to a cell's left rule)
        if any(v.a - t <= pos <= v.b + t and a - 3 * t <= v.pos <= b + 3 * t for v in verticals):
            continue
        spans = [ln for ln in longs if ln.a - t <= a and b <= ln.b + t]
        above = [ln for ln in spans if 0 < pos - ln.pos <= reach]
        if not (above and any(0 < ln.pos - pos <= reach for ln in spans)):
            continue
        # partial rules sit in the header: of the table-wide rules, only the top one is
        # above them (in a ruled grid every row has a table-wide rule above it)
        widest = max(ln.length for ln in spans)
        if sum(ln.length >= 0.9 * widest for ln in above) > 1:
            continue
        ln = axis.measure(i)
        if (ln.cover >= cover and ln.isolation >= ISOLATION and ln.clear >= CLEAR
                and ln.thick <= thick_limit):
            acc[i] = ln
