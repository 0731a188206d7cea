"""Percentage columns checked by the ratio their figures show (``tables.ratios``).

City and province 决算 tables print, beside the money, a share (决算数为调整预算数的%, 占预算%)
and a growth (比上年增长%, 增长%) whose header rarely names its two columns in words the
header rules can read (``checks_ratio``), and a scan loses the rest ('决算数/点整', '同二可').
The figures say it: a percentage column that is, on most of its rows, the same ratio of the
same two columns (``tables.ratios.find_ratio``) is that ratio, and each row is checked
against it.

Only what such a check pins is credited: the percentage, and only on rows where the rounding
of the two amounts moves the ratio by less than the percentage's last printed unit (a share
of two small amounts pins nothing).  The amounts themselves are not verified by it (a
misread last digit of a seven-digit amount moves the ratio by less than its rounding).  A row
that does not hold is left as it is, not flagged: a growth may be printed on a comparable
basis (可比口径) that the two columns do not show.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Callable

from ..tables.ratios import find_ratio, half_unit, predicted
from .checks_ratio import RatioCheck, ratio_columns
from .rules import Ref, TableView, _short

_FORM = {"share": "{a} / {b} × 100", "growth": "({a} / {b} − 1) × 100"}


def found_ratio_checks(view: TableView, number: Callable[[Ref], Decimal | None]
                       ) -> list[RatioCheck]:
    """Passing per-row checks of the percentage columns whose ratio the figures show."""
    out: list[RatioCheck] = []
    for keys, infos in view.sides:
        recs = [i.record for i in infos]
        named = {pk for pk, _, _ in ratio_columns(view, keys)}
        for pk in keys:
            if pk in named or not any(pk in r.values and r.values[pk].kind == "percent"
                                      for r in recs):
                continue
            ratio = find_ratio(recs, list(keys), pk)
            if ratio is None:
                continue
            rule = (f"{_short(pk)} = " + _FORM[ratio.form].format(a=_short(ratio.num),
                                                                  b=_short(ratio.den))
                    + f" (found on {ratio.rows} of {ratio.of} rows)")
            for r in recs:
                v = r.values.get(pk)
                if v is None or v.kind != "percent" or v.number is None:
                    continue
                if ratio.num not in r.values or ratio.den not in r.values:
                    continue
                num, den = number(view.ref(r, ratio.num)), number(view.ref(r, ratio.den))
                if num is None or den is None or den == 0:
                    continue
                got, spread = predicted(num, den, ratio.form)
                unit = 2 * half_unit(v.number)
                if spread > unit / 2:
                    continue        # the amounts' rounding does not pin the percentage
                if abs(got - v.number) <= unit / 2 + spread:
                    out.append((f"{view.tag} {rule} [{view.label(r)}]", (view.ref(r, pk),),
                                v.number, got.quantize(Decimal("0.0001")), True))
    return out
