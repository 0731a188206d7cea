"""A total column found in the figures, where the header does not name it (issue 11).

A header read without its words for some columns (``2026年 | col5 | col6``: the split columns'
labels were lost, or printed as a picture) gives no column rule, yet the figures show one:
the column equals, row by row, the sum of the columns right after it.  Accepted only on strong
evidence, so that chance is not taken for structure: the sum holds on every row that prints
the column (within the rounding of its terms), exactly on at least ``MIN_ROWS`` rows with two
or more non-zero terms, and fails on none.  The fewest following columns that do so are
taken (2, 3 … ``MAX_TERMS``).
"""
from __future__ import annotations

from decimal import Decimal

from ..model import Record
from .checks import tolerance
from .rules import Equation, TableView, _short

MIN_ROWS = 3
MAX_TERMS = 4


def _num(rec: Record, key: str) -> Decimal | None:
    v = rec.values.get(key)
    if v is None or v.kind in ("blank", "dash"):
        return Decimal(0)
    if v.kind == "amount" and v.number is not None:
        return v.number
    return None                     # words or a percentage: not a sum's term


def found_column_equations(view: TableView, keys: tuple[str, ...],
                           recs: list[Record]) -> list[Equation]:
    out: list[Equation] = []
    # a column headed 其中 is a part of the column before it, never a term beside its siblings
    keys = tuple(k for k in keys if not _short(k).split("/")[-1].startswith("其中"))
    for c, total in enumerate(keys):
        for k in range(2, MAX_TERMS + 1):
            parts = keys[c + 1:c + 1 + k]
            if len(parts) < k:
                break
            rows = _holds(recs, total, parts, view.decimals)
            if rows is None:
                continue
            names = " + ".join(_short(p) for p in parts)
            out += [Equation(f"{view.tag} 数据所示列合计: {_short(total)} = {names} "
                             f"[{view.label(r)}]", (view.ref(r, total),),
                             tuple((1, view.ref(r, p)) for p in parts if p in r.values),
                             source="found") for r in rows]
            break
    return out


def _holds(recs: list[Record], total: str, parts: tuple[str, ...],
           decimals: int) -> list[Record] | None:
    """The rows the column sum covers, or None when the figures do not bear it out."""
    used: list[Record] = []
    strong = 0
    for r in recs:
        v = r.values.get(total)
        if v is None or v.kind != "amount" or v.number is None:
            continue
        terms = [_num(r, p) for p in parts]
        if any(t is None for t in terms):
            return None
        nums = [t for t in terms if t is not None]
        s = sum(nums, Decimal(0))
        m = sum(t != 0 for t in nums)
        if abs(v.number - s) > tolerance(m + (v.number != 0), decimals):
            return None
        if m >= 2 and v.number == s:
            strong += 1
        used.append(r)
    return used if strong >= MIN_ROWS else None
