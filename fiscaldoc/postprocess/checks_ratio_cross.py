"""Percentage columns whose denominator another table of the same document prints.

A 2026 budget table's ``预算数为上年执行数的`` divides by the 2025 执行数, which the same
document prints in its 2025 执行情况表 of the same kind; a 决算 table split by 市本级 / 名胜区
prints ``为预算%`` beside the 决算数 only, the 预算数 being in the 市本级 table.  The header says
which figure is wanted (``ratio_of``: ``2025年执行数``); the tables of the same kind that print a
column of that name are candidates, rows are paired by name (names printed once in each
table), and where the other table also prints the numerator's column the two figures must be
equal (same row, same scope).

A pairing by name is weaker than a row of the same table, so it is used only when it holds on
the figures: on at least ``_MIN_ROWS`` rows and on more than ``_SHARE`` of the paired rows (of
several candidate tables, the one it holds on most).  Its passing rows verify the percentage
(only: a rounded ratio says little about the amounts); a row on which it fails is no evidence
against the percentage (the names may pair two different lines), so it is left unchecked.
"""
from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Callable

from ..model import Record
from .checks_ratio import RatioCheck, _places, percent_rows, ratio_of
from .rules import Ref, TableView, _short
from .subjects import RecInfo
from .subjects_names import label_of, strip_ordinal

_MIN_ROWS = 3
_SHARE = Decimal(2) / 3

NumberOf = Callable[[Ref], Decimal | None]


def _names(view: TableView, key: str) -> dict[str, Record]:
    """Row name -> record, for names printed once among the rows that print ``key``."""
    recs = [i.record for i in view.infos if key in i.record.values]
    count = Counter(strip_ordinal(label_of(r)) for r in recs)
    return {n: r for r in recs if count[(n := strip_ordinal(label_of(r)))] == 1 and n}


def _column(view: TableView, scope: str, want: str) -> str | None:
    """The other table's column named ``want`` (top level, or under the same scope)."""
    hits = [k for k in view.key_col if _short(k) == want
            or (scope and _short(k) == f"{scope}/{want}")]
    return hits[0] if len(hits) == 1 else None


def cross_ratio_checks(views: list[TableView], number: NumberOf,
                       decimals: Callable[[Ref], int]) -> list[RatioCheck]:
    out: list[RatioCheck] = []
    for v in views:
        for keys, infos in v.sides:
            for k in keys:
                got = ratio_of(keys, k)
                if got is None or got[1] is not None:
                    continue
                num, _, want = got
                scope = _short(k).rsplit("/", 1)[0] if "/" in _short(k) else ""
                best: list[RatioCheck] = []
                for o in views:
                    if o.index == v.index or o.table.kind != v.table.kind:
                        continue
                    ko = _column(o, scope, want)
                    if ko is None:
                        continue
                    checks = _pair(v, infos, k, num, o, ko, _column(o, scope, _short(num)
                                                                   .split("/")[-1]),
                                   number, decimals)
                    passed = [c for c in checks if c[4]]
                    if len(passed) >= _MIN_ROWS and len(passed) > _SHARE * len(checks) \
                            and len(passed) > sum(c[4] for c in best):
                        best = checks
                out += [c for c in best if c[4]]
    return out


def _pair(v: TableView, infos: list[RecInfo], k: str, num: str, o: TableView, ko: str,
          same_num: str | None, number: NumberOf,
          decimals: Callable[[Ref], int]) -> list[RatioCheck]:
    theirs = _names(o, ko)
    made: list[RatioCheck] = []
    for r, val, pct in percent_rows(infos, k, num):
        other = theirs.get(strip_ordinal(label_of(r)))
        if other is None:
            continue
        n_ref, d_ref = v.ref(r, num), o.ref(other, ko)
        n, d = number(n_ref), number(d_ref)
        if n is None or d is None or d == 0:
            continue
        if same_num is not None and same_num in other.values \
                and number(o.ref(other, same_num)) != n:
            continue                  # not the same line (or not the same scope)
        got = n / d * 100
        unit = Decimal(1).scaleb(-max(decimals(n_ref), decimals(d_ref)))
        slack = 100 * unit / 2 / abs(d) * (1 + abs(n / d)) \
            + Decimal(1).scaleb(-_places(val.raw)) / 2
        rule = (f"{v.tag} {_short(k)} = {_short(num)} / {o.tag} {_short(ko)} × 100 "
                f"[{v.label(r)}]")
        made.append((rule, (v.ref(r, k),), pct, got.quantize(Decimal("0.0001")),
                     abs(got - pct) <= slack))
    return made
