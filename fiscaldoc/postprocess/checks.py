"""Hierarchy equations, and how an equation is evaluated.

Hierarchy (per side of a table, with the codes recognition trusts): 款 = Σ its 项, 类 = Σ its
款 (the nearest present ancestor counts, so a table without 款 rows sums 项 into 类), the
合计/总计 row = Σ top-level rows, and in budget tables a unit row (单位代码) = Σ the subjects
under it.  A parent whose stretch of rows holds a row of unknown position (a code that could
not be read or contradicts the row order) is left unchecked.

Cross-table equations are made in ``checks_cross`` (``cross_equations`` is re-exported here).

Tolerance: printed amounts are rounded to the table's last decimal (``u`` = 0.01 万元 for two
decimals).  With ``m`` printed non-zero amounts in an equation (a printed 0.00 is taken as an
exact zero) the rounding residual is at most ``m/2·u``; a plain equality of one amount with another (m = 2) must hold exactly, because
both are the same number rounded the same way.  The bound used is
``min(⌊m/2⌋, ⌈3·√(m/12)⌉)·u`` — the exact worst case for up to 5 amounts, a 3-sigma bound
for longer sums (i.e. at most 0.01 per summed term, as the issue asks, and never more).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable

from ..model import Record
from .checks_cross import cross_equations
from .rules import Equation, Ref, TableView, _short
from .subjects import RecInfo
from .subjects_names import label_of


@dataclass(frozen=True, slots=True)
class Evaluation:
    actual: Decimal
    expected: Decimal
    residual: Decimal
    tol: Decimal
    ok: bool


def tolerance(m: int, decimals: int) -> Decimal:
    unit = Decimal(1).scaleb(-decimals)
    if m <= 2:
        return Decimal(0)
    return unit * min(m // 2, math.ceil(3 * math.sqrt(m / 12)))


def evaluate(eq: Equation, number: Callable[[Ref], Decimal | None],
             decimals: Callable[[Ref], int]) -> Evaluation | None:
    """None when every cell is blank (nothing to check)."""
    nums = {r: number(r) for r in eq.coefs()}
    printed = [r for r, n in nums.items() if n is not None]
    if not printed and not eq.const:
        return None
    rounded = [r for r in printed if nums[r] != 0]     # a printed 0.00 is taken as exact
    # (a cell on both sides cancels out of ``coefs`` but still counts in each side's sum)
    actual = sum((number(r) or Decimal(0) for r in eq.lhs), Decimal(0))
    expected = sum((s * (number(r) or Decimal(0)) for s, r in eq.rhs), eq.const)
    if eq.tol is not None:
        tol = eq.tol
    else:
        dec = max((decimals(r) for r in nums), default=2)
        tol = tolerance(len(rounded), dec)
    res = actual - expected
    return Evaluation(actual, expected, res, tol, abs(res) <= tol)


# ----------------------------------------------------------------------------- hierarchy

def hierarchy_equations(view: TableView) -> list[Equation]:
    out: list[Equation] = []
    for keys, infos in view.sides:
        coded = [i for i in infos if i.role == "subject"]
        if not coded:
            continue
        last = max(i.record.row for i in coded)
        doubtful = {i.record.row for i in infos
                    if (i.role == "unknown" and i.record.row < last)
                    or (i.role == "subject" and not i.trusted)}
        counts: dict[str, int] = {}
        for i in coded:
            counts[i.code] = counts.get(i.code, 0) + 1
        good = [i for i in coded if i.trusted and counts[i.code] == 1]
        present = {i.code: i for i in good}

        def anc(code: str) -> str | None:
            for n in (5, 3):
                if n < len(code) and code[:n] in present:
                    return code[:n]
            return None

        kids: dict[str, list[RecInfo]] = {}
        tops: list[RecInfo] = []
        for i in good:
            a = anc(i.code)
            (kids.setdefault(a, []) if a else tops).append(i)
        for code, ks in kids.items():
            parent = present[code]
            if _span_doubtful(parent, infos, doubtful):
                continue
            out += _sums(view, keys, parent.record, [k.record for k in ks],
                         f"{view.label(parent.record)} = Σ 下级科目")
        whole_ok = not doubtful and len(good) == len(coded)
        for info in infos:
            if info.role == "total" and label_of(info.record) in ("合计", "总计") \
                    and whole_ok and tops:
                out += _sums(view, keys, info.record, [t.record for t in tops], "合计 = Σ 类")
        out += _group_rows(view, keys, infos, tops, whole_ok)
    return out


def _span_doubtful(parent: RecInfo, infos: list[RecInfo], doubtful: set[int]) -> bool:
    code = parent.code
    for i in infos:
        if i.record.row <= parent.record.row:
            continue
        c = i.record.subject.code if i.role == "subject" else None
        if i.record.row in doubtful:
            return True
        if i.role in ("total", "group") or (c is not None and not c.startswith(code)):
            return False
    return False


def _group_rows(view: TableView, keys: tuple[str, ...], infos: list[RecInfo],
                tops: list[RecInfo], whole_ok: bool) -> list[Equation]:
    """Budget unit rows: a unit row = Σ subjects below it; a department row = Σ its units."""
    if not whole_ok:
        return []
    out: list[Equation] = []
    order = [i for i in infos if i.role in ("group", "subject", "total")]
    top_rows = {t.record.row for t in tops}
    units: list[int] = []
    depts: list[int] = []
    for k, i in enumerate(order):
        if i.role != "group":
            continue
        nxt = order[k + 1] if k + 1 < len(order) else None
        (depts if nxt is not None and nxt.role == "group" else units).append(k)
    for k in units:
        members = []
        for i in order[k + 1:]:
            if i.role != "subject":
                break
            if i.record.row in top_rows:
                members.append(i.record)
        out += _sums(view, keys, order[k].record, members, "单位 = Σ 科目")
    for k in depts:
        members = []
        for j in range(k + 1, len(order)):
            if order[j].role == "group" and j in depts:
                break
            if j in units:
                members.append(order[j].record)
        out += _sums(view, keys, order[k].record, members, "部门 = Σ 单位")
    return out


def _sums(view: TableView, keys: tuple[str, ...], target: Record, members: list[Record],
          what: str) -> list[Equation]:
    if not members:
        return []
    out = []
    for key in keys:
        if not view.amount(target, key):
            continue
        out.append(Equation(f"{view.tag} {what} [{_short(key)}]", (view.ref(target, key),),
                            tuple((1, view.ref(m, key)) for m in members if key in m.values),
                            source="hierarchy"))
    return out


__all__ = ["Evaluation", "tolerance", "evaluate", "hierarchy_equations", "cross_equations"]
