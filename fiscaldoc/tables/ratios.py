"""Percentage columns found in the figures: a column whose figures are, row by row, a ratio of
two other columns of the same rows.

Two forms are printed in budget and final-account tables:

* a share, ``100 × a / b`` (决算数为调整预算数的%, 占预算%, 执行率);
* a growth, ``100 × (a / b − 1)`` (比上年增长%, 同比增减%, 增长%).

A column is taken as one when the same pair of columns and form holds, within the rounding of
the three printed figures, on at least ``RATIO_SHARE`` of its rows and ``RATIO_ROWS`` rows:
chance agreement of a money column with a ratio of two others on most of its rows does not
happen.  ``tables.records`` uses this to keep such a column out of the money (its % lost by
the page or the OCR: '决算数/点整', '同二可'); ``postprocess.checks_ratio_found`` checks each
row against it.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..model import Record, Value

RATIO_ROWS = 3          # rows a column must be a ratio on before it is read as one
RATIO_SHARE = 0.8       # share of its figures that must be the same ratio
FORMS = ("share", "growth")


@dataclass(frozen=True, slots=True)
class Ratio:
    column: str          # the percentage column
    num: str             # a
    den: str             # b
    form: str            # "share": 100·a/b; "growth": 100·(a/b − 1)
    rows: int            # rows it holds on
    of: int              # rows with a figure in the column


def half_unit(d: Decimal) -> Decimal:
    """Half the last printed unit of a parsed figure (0.005 for 1.23, 0.5 for 123)."""
    exp = d.as_tuple().exponent
    return Decimal(5).scaleb((exp if isinstance(exp, int) else 0) - 1)


def predicted(num: Decimal, den: Decimal, form: str) -> tuple[Decimal, Decimal]:
    """The percentage ``form`` gives for figures ``num``, ``den`` (den ≠ 0), and how far the
    rounding of the two printed figures may move it."""
    share = 100 * num / den
    spread = abs(share) * ((half_unit(num) / abs(num) if num else Decimal(0))
                           + half_unit(den) / abs(den))
    return (share if form == "share" else share - 100), spread


def _figure(v: Value | None) -> Decimal | None:
    if v is None or v.number is None or v.kind not in ("amount", "percent"):
        return None
    return v.number


def find_ratio(records: list[Record], keys: list[str], column: str) -> Ratio | None:
    """The pair of columns and form that ``column``'s figures are the ratio of, or None."""
    rows = [r for r in records if _figure(r.values.get(column)) is not None]
    if len(rows) < RATIO_ROWS:
        return None
    hits: dict[tuple[str, str, str], int] = {}
    seen: set[tuple[str, str, str, Decimal, Decimal, Decimal]] = set()
    for r in rows:
        v = _figure(r.values[column])
        if v is None:
            continue
        nums = {k: n for k in keys if k != column and k in r.values
                and r.values[k].kind == "amount" and (n := r.values[k].number)}
        for a, na in nums.items():
            for b, nb in nums.items():
                if a == b:
                    continue
                for form in FORMS:
                    got, spread = predicted(na, nb, form)
                    if abs(got - v) > half_unit(v) + spread:
                        continue
                    # evidence only where the figure says something: not 0 (a growth of
                    # equal figures), not a copy of one of the two (a share of 100), and
                    # each printed triple once (rows repeating a parent's figures)
                    key = (a, b, form, na, nb, v)
                    if v == 0 or v in (na, nb) or key in seen:
                        continue
                    seen.add(key)
                    hits[(a, b, form)] = hits.get((a, b, form), 0) + 1
    if not hits:
        return None
    (a, b, form), best = max(hits.items(), key=lambda kv: kv[1])
    if best >= RATIO_ROWS and best >= RATIO_SHARE * len(rows):
        return Ratio(column, a, b, form, best, len(rows))
    return None


def ratio_columns(records: list[Record], keys: list[str]) -> dict[str, Ratio]:
    """Value columns of ``records`` whose amounts are a ratio of two other columns."""
    out: dict[str, Ratio] = {}
    for c in keys:
        if not any(c in r.values and r.values[c].kind == "amount" for r in records):
            continue
        found = find_ratio(records, keys, c)
        if found is not None:
            out[c] = found
    # c = 100·a/b is b = 100·a/c: of two columns found as each other's share, the percentage
    # is the one of smaller figures (99.48 beside 1,340,122)
    for c, r in list(out.items()):
        twin = out.get(r.den)
        if twin is not None and twin.den == c and twin.num == r.num and c in out:
            big = max((c, r.den), key=lambda k: _typical(records, k))
            out.pop(big, None)
    return out


def _typical(records: list[Record], key: str) -> Decimal:
    nums = sorted(abs(n) for r in records if (n := _figure(r.values.get(key))) is not None)
    return nums[len(nums) // 2] if nums else Decimal(0)
