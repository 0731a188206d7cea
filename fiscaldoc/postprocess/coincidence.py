"""Checks that may hold by coincidence between misread values (issue 13, item 5).

A scan misreads one printed figure the same way wherever it is printed alike: the same
string in the same font under the same blur.  An equality between two cells (a parent with
one child, a total repeated in another table) then holds between two wrong readings.  Such a
check is *weak* when both of its cells were read by OCR with the same text and one of them
with a confidence clearly under its table's typical (median) OCR confidence: the
recogniser's own doubt, measured against the page.  A value whose every passing check is
weak is not verified by them: it is flagged as unsure.  A sum of three or more cells, or an
equality between readings that differ in print, does not hold by such a coincidence -- unless
a reading lost its decimal point (``point_lost``): a scan that drops the point of one figure
drops it from the figures printed alike, and a sum of such readings holds a hundred times too
large (2554 43 + 1 60 = 2556 03).  Every check holding such a reading is weak.
"""
from __future__ import annotations

import statistics

from .correct import CONF_MARGIN, CellState
from .rules import Equation, Ref

REASON = ("unsure: its only passing checks may hold by coincidence (an equality with the "
          "same low-confidence OCR reading elsewhere, or readings that lost their decimal "
          "point)")


def _print(raw: str) -> str:
    return "".join(raw.split()).replace(",", "")


def typical_conf(states: dict[Ref, CellState]) -> dict[int, float]:
    """Median OCR confidence of each table's OCR-read cells."""
    per: dict[int, list[float]] = {}
    for r, s in states.items():
        if s.editable and s.conf < 1.0 and s.number is not None:
            per.setdefault(r.table, []).append(s.conf)
    return {k: statistics.median(v) for k, v in per.items()}


def point_lost(s: CellState) -> bool:
    """An OCR reading without a decimal point of a non-zero figure in a table that prints
    decimals ("2554 43", "160" for 1.60): the point was lost (a small mark, gone under blur
    or a seal), and the reading is off by a power of ten."""
    return (s.editable and s.decimals > 0 and s.number is not None
            and s.number != 0 and "." not in s.raw and "．" not in s.raw)


def weak(e: Equation, states: dict[Ref, CellState], typical: dict[int, float]) -> bool:
    refs = list(e.coefs())
    if any(r not in states for r in refs):
        return False
    # readings that lost their points the same way hold a sum a hundred times too large
    if any(point_lost(states[r]) for r in refs):
        return True
    if len(refs) != 2:
        return False
    a, b = (states[r] for r in refs)
    if not (a.editable and b.editable and a.conf < 1.0 and b.conf < 1.0):
        return False
    if not _print(a.raw) or _print(a.raw) != _print(b.raw):
        return False
    low = min(typical.get(r.table, 1.0) for r in refs) - CONF_MARGIN
    return min(a.conf, b.conf) <= low


def coincidental(passing: list[Equation], states: dict[Ref, CellState]) -> set[Ref]:
    """Cells whose every passing check (``passing``) is weak."""
    typical = typical_conf(states)
    strong: set[Ref] = set()
    weak_refs: set[Ref] = set()
    for e in passing:
        (weak_refs if weak(e, states, typical) else strong).update(e.coefs())
    return weak_refs - strong
