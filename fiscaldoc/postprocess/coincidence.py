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

import re
import statistics
from decimal import Decimal

from .correct import CONF_MARGIN, CellState
from .rules import Equation, Ref

_GAP_POINT = re.compile(r"\d\s+\d{2}\s*$")
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
    if not (s.editable and s.number is not None and s.number != 0
            and "." not in s.raw and "．" not in s.raw):
        return False
    digits = re.sub(r"\D", "", s.raw)
    if not digits or Decimal(digits) != abs(s.number):
        return False            # the reading already put a point back (a lenient reading)
    # a gap before the last two digits is where the point was (thousands come in threes):
    # so even in a table whose most readings lost their points, and so print no decimals
    return s.decimals > 0 or bool(_GAP_POINT.search(s.raw))


def _holds_as_read(e: Equation, states: dict[Ref, CellState]) -> bool:
    """``e`` holds on the numbers as read (a blank as 0), within a unit of the last printed
    digit per term (the rounding a check allows)."""
    coefs = e.coefs()
    total = sum((k * (states[r].number or 0) if r in states else Decimal(0)
                 for r, k in coefs.items()), Decimal(0))
    tol = sum((abs(k) * Decimal(1).scaleb(-states[r].decimals) for r, k in coefs.items()
               if r in states), Decimal(0))
    return abs(total - e.const) <= max(tol, e.tol or Decimal(0))


def weak(e: Equation, states: dict[Ref, CellState], typical: dict[int, float]) -> bool:
    refs = list(e.coefs())
    # readings that lost their points the same way hold a sum a hundred times too large:
    # the check holds on the figures as read (blank cells of the sum have no state); one
    # that holds only once a lost point is put back (a correction) is no coincidence
    if any(point_lost(states[r]) for r in refs if r in states) and _holds_as_read(e, states):
        return True
    if len(refs) != 2 or any(r not in states for r in refs):
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
    return {r for r in weak_refs - strong if r in states}
