"""The last step of rule acceptance (``rules._Acceptor``): the accepted pieces of a worn
grid line joined across their gaps.

Pieces of one line (a group, ``pieces.Collinear``) that meet or cross a perpendicular rule
are a grid line, and a blank gap between them is wear: a piece between two gaps would touch
no rule at all, and the grid builder follows rules that touch.  A gap stays open where the
pieces touch no perpendicular rule (the partial header rules of a 三线表, 4 pt apart), where
the chains lie more than a gap of a broken rule apart, and where the gap runs from one
perpendicular rule to another with no parallel rule across that band (from one table to
the next: side by side, or one under the other).  All lengths here are pixels.
"""
from __future__ import annotations

from typing import Callable, Iterable, Mapping

import numpy as np

from .pieces import LinePieces, LineSet, PixelLine

Touches = Callable[[PixelLine, LineSet], bool]


def close_gaps(acc: Mapping[int, PixelLine], groups: Iterable[list[int]], axis: LinePieces,
               perp: LineSet, touch: float, max_gap: float, touches: Touches
               ) -> list[PixelLine]:
    """The accepted rules ``acc`` (chain index -> line) of one direction, each run of pieces
    of a group joined into one line where ``touches(line, perp)`` says the whole meets or
    crosses a perpendicular rule.  ``touch``: how near an end must come to meet a rule;
    ``max_gap``: the widest gap inside a broken rule."""
    out, seen = [], set()
    for g in groups:
        parts = sorted((i for i in g if i in acc), key=lambda i: acc[i].a)
        seen.update(g)
        runs: list[list[PixelLine]] = []
        for k, i in enumerate(parts):
            # (the chains' own gap: an end cut back to a crossed rule widens it)
            near = k and axis.a[i] - axis.b[parts[k - 1]] <= max_gap
            if near and not _apart(runs[-1][-1], acc[i], perp, acc.values(), touch):
                runs[-1].append(acc[i])
            else:
                runs.append([acc[i]])
        for run in runs:
            out.extend(run if len(run) < 2 else _joined(run, perp, touches))
    return out + [ln for i, ln in acc.items() if i not in seen]


def _apart(p: PixelLine, q: PixelLine, perp: LineSet, parallel: Iterable[PixelLine],
           touch: float) -> bool:
    """The gap from *p* to the next accepted piece *q* of its line runs from one
    perpendicular rule to another with no ``parallel`` rule across that band (from one
    table to the next): it stays open."""
    if not len(perp.pos):
        return True
    reach = touch + perp.thick
    across = (perp.a - touch <= p.pos) & (p.pos <= perp.b + touch)
    end = across & (np.abs(perp.pos - p.b) <= reach)
    start = across & (np.abs(perp.pos - q.a) <= reach)
    if not (end.any() and start.any()) or (end & start).any():
        return False
    return not any(ln.a <= p.b and q.a <= ln.b and abs(ln.pos - p.pos) > touch
                   for ln in parallel)


def _joined(run: list[PixelLine], perp: LineSet, touches: Touches) -> list[PixelLine]:
    """The pieces of *run* as one line when that line meets or crosses a perpendicular
    rule, else as they are."""
    w = [ln.length for ln in run]
    pos = float(np.average([ln.pos for ln in run], weights=w))
    whole = PixelLine(run[0].horizontal, pos, run[0].a, max(ln.b for ln in run),
                      float(np.average([ln.thick for ln in run], weights=w)),
                      min(ln.cover for ln in run), min(ln.isolation for ln in run),
                      min(ln.clear for ln in run), True)
    return [whole] if touches(whole, perp) else run
