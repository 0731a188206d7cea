"""Share columns: ``占比`` / ``比重`` / ``构成`` beside an amount column hold each row's share of
the table's total (issue 11).

The amount column is the nearest value column to the left of the share column; the total is
the side's 合计 / 总计 row (its own share prints 100).  Checked per row within the rounding of
the printed share and amounts; like every rule read from a layout, a share column the figures
do not bear out (more than a third of its rows fail on a text layer, half on OCR) is dropped,
not used to flag.  A pass verifies the share; the amounts are checked by the sums.
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Callable

from ..model import Record
from .checks_ratio import RatioCheck, _places, percent_rows
from .rules import Ref, TableView, _short
from .subjects_names import label_of

_SHARE_HEAD = re.compile(r"^(?:占比|比重|所占比重|构成|占比重|结构)(?:[（(][%％][)）])?[%％]?$")


def _label(rec: Record) -> str:
    """The row's name, or its first words where the name was printed in a value column."""
    return label_of(rec) or next((v.raw.strip() for v in rec.values.values()
                                  if v.kind == "text" and v.raw.strip()), "")


def share_checks(view: TableView, number: Callable[[Ref], Decimal | None],
                 decimals: Callable[[Ref], int], text_layer: bool = True
                 ) -> tuple[list[RatioCheck], list[str]]:
    out: list[RatioCheck] = []
    dropped: list[str] = []
    for keys, infos in view.sides:
        for n, pk in enumerate(keys):
            if not _SHARE_HEAD.match(_short(pk).split("/")[-1]) or n == 0:
                continue
            ak = keys[n - 1]
            total = next((i.record for i in infos if _label(i.record) in ("合计", "总计")
                          and ak in i.record.values), None)
            if total is None:
                continue
            t_ref = view.ref(total, ak)
            t = number(t_ref)
            if not t:
                continue
            made: list[RatioCheck] = []
            for r, v, pct in percent_rows(infos, pk, ak):
                x = number(view.ref(r, ak))
                if x is None:
                    continue
                got = x / t * 100
                unit = Decimal(1).scaleb(-decimals(t_ref))
                slack = 100 * unit / 2 / abs(t) * (1 + abs(x / t)) \
                    + Decimal(1).scaleb(-_places(v.raw)) / 2
                ok = abs(got - pct) <= slack
                made.append((f"{view.tag} {_short(pk)} = {_short(ak)} / 合计 × 100 "
                             f"[{view.label(r)}]", (view.ref(r, pk),) if ok else
                             (view.ref(r, pk), view.ref(r, ak), t_ref), pct,
                             got.quantize(Decimal("0.0001")), ok))
            failed = sum(not c[4] for c in made)
            if made and failed * (3 if text_layer else 2) > len(made):
                dropped.append(f"{_short(pk)} = {_short(ak)} / 合计 ({failed}/{len(made)} fail)")
            else:
                out += made
    return out, dropped
