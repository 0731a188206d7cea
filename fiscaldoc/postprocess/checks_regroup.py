"""A table's rows regrouped at its foot (issue 11: region tables whose totals add rows that are
not next to each other).

A province lists its cities, then the regions they make up (珠三角核心区, 东西两翼沿海经济带,
北部生态发展区): each region adds cities scattered through the list, and the table prints no
total.  The regions together are the cities together: the sum of the last ``g`` rows equals, in
every value column, the sum of all the rows above them.  Found in the figures for the smallest
``g`` (2 … ``MAX_GROUPS``), for a side that prints no total row; accepted only where chance
cannot explain it: every column holds within the rounding of its terms, and either one column
holds exactly or the chance of all of them landing that close is under ``MAX_CHANCE``
(per column: window / |sum|, times the number of ``g`` tried).
"""
from __future__ import annotations

from decimal import Decimal

from ..model import Record
from .checks import tolerance
from .rules import Equation, TableView, _short

MAX_GROUPS = 8
MAX_CHANCE = Decimal("1e-6")


def _fig(rec: Record, key: str) -> Decimal | None:
    v = rec.values.get(key)
    if v is None or v.kind in ("blank", "dash"):
        return Decimal(0)
    return v.number if v.kind == "amount" else None


def regroup_equations(view: TableView, keys: tuple[str, ...],
                      recs: list[Record]) -> list[Equation]:
    cols = [k for k in keys if any(k in r.values and r.values[k].kind == "amount" for r in recs)]
    rows = [r for r in recs if all(_fig(r, k) is not None for k in cols)]
    if not cols or len(rows) != len(recs) or len(rows) < 6:
        return []
    tries = min(MAX_GROUPS, len(rows) // 2 - 1)
    for g in range(2, tries + 1):
        tail, head = rows[-g:], rows[:-g]
        chance = Decimal(tries)
        exact = False
        ok = True
        for k in cols:
            a = [_fig(r, k) or Decimal(0) for r in tail]
            b = [_fig(r, k) or Decimal(0) for r in head]
            sa, sb = sum(a, Decimal(0)), sum(b, Decimal(0))
            m = sum(x != 0 for x in a + b)
            tol = tolerance(m, view.decimals)
            if abs(sa - sb) > tol:
                ok = False
                break
            if sa == 0:
                continue
            exact = exact or (sa == sb and m >= 4)
            chance *= min(Decimal(1), (2 * tol + Decimal(1).scaleb(-view.decimals)) / abs(sa))
        if ok and (exact or chance <= MAX_CHANCE):
            return [Equation(f"{view.tag} 末尾{g}行 = 其上各行之和 [{_short(k)}]",
                             tuple(view.ref(r, k) for r in tail if k in r.values),
                             tuple((1, view.ref(r, k)) for r in head if k in r.values),
                             source="found") for k in cols]
    return []
