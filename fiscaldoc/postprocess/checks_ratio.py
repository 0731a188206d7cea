"""Percentage columns whose header says what they divide (issue 11 item 4, column rules).

* letters: ``全年预算数（A）``, ``全年执行数（B）``, ``执行率（B/A）`` — the 绩效自评表 form;
* words: ``为预算%`` / ``为调整预算%`` = the actual column (``决算数``, ``执行数``) over the
  budget column (``预算数`` / ``调整预算数``) of the same year, × 100.

Checked per row within the rounding of the three printed figures, on the rows whose cell in
the column is a percentage (printed with %, or under a %-headed column): a 绩效自评表 grid
prints its indicator rows under the same columns with other meanings.  Like every rule read from
a layout, a column rule the printed figures do not bear out is dropped, not used to flag.
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Callable

from .rules import Ref, TableView, _short

# (rule, refs, expected %, actual %, ok) — the form verify uses for share checks
RatioCheck = tuple[str, tuple[Ref, ...], Decimal, Decimal, bool]

_LETTER_RATIO = re.compile(r"[（(]\s*([A-Z])\s*/\s*([A-Z])\s*[)）]")
_ACTUAL = ("决算数", "执行数", "完成数")


def _letter_col(keys: tuple[str, ...], letter: str) -> str | None:
    hits = [k for k in keys if re.search(rf"[（(]\s*{letter}\s*[)）]", _short(k))]
    return hits[0] if len(hits) == 1 else None


def ratio_columns(view: TableView, keys: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """(percent column, numerator column, denominator column) read from the header."""
    out = []
    for k in keys:
        head = _short(k)
        m = _LETTER_RATIO.search(head)
        if m:
            num, den = _letter_col(keys, m.group(1)), _letter_col(keys, m.group(2))
            if num and den and k not in (num, den):
                out.append((k, num, den))
            continue
        leaf = head.split("/")[-1]
        m = re.match(r"^为(调整预算|预算)[%％]", leaf)
        if not m:
            continue
        scope = head.rsplit("/", 1)[0] if "/" in head else ""
        same = [c for c in keys if (_short(c).rsplit("/", 1)[0] if "/" in _short(c) else "")
                == scope and c != k]
        dens = [c for c in same if _short(c).split("/")[-1].endswith(m.group(1) + "数")
                and (m.group(1) == "调整预算" or "调整" not in _short(c))]
        nums = [c for c in same if any(w in _short(c).split("/")[-1] for w in _ACTUAL)]
        if len(dens) == 1 and len(nums) == 1:
            out.append((k, nums[0], dens[0]))
    return out


def ratio_checks(view: TableView, number: Callable[[Ref], Decimal | None],
                 decimals: Callable[[Ref], int], text_layer: bool = True
                 ) -> tuple[list[RatioCheck], list[str]]:
    """The checks of the table's percentage columns; and the column rules dropped."""
    out: list[RatioCheck] = []
    dropped: list[str] = []
    for keys, infos in view.sides:
        for pk, nk, dk in ratio_columns(view, keys):
            rule = f"{_short(pk)} = {_short(nk)} / {_short(dk)} × 100"
            made = []
            for info in infos:
                r = info.record
                if not all(k in r.values for k in (pk, nk, dk)) or r.values[pk].kind != "percent":
                    continue        # (a plain number there: the grid's lower part has other columns)
                refs = (view.ref(r, pk), view.ref(r, nk), view.ref(r, dk))
                pct = r.values[pk].number              # a percentage: not among the amounts
                num, den = number(refs[1]), number(refs[2])
                if pct is None or num is None or den is None or den == 0:
                    continue
                got = num / den * 100
                p_unit = Decimal(1).scaleb(-_places(r.values[pk].raw))
                unit = Decimal(1).scaleb(-decimals(refs[1]))
                slack = 100 * unit / 2 / abs(den) * (1 + abs(num / den)) + p_unit / 2
                made.append((f"{view.tag} {rule} [{view.label(r)}]", refs, pct,
                             got.quantize(Decimal("0.0001")), abs(got - pct) <= slack))
            failed = sum(not ok for *_, ok in made)
            if made and failed * (3 if text_layer else 2) > len(made):
                dropped.append(f"{rule} ({failed}/{len(made)} fail)")
            else:
                out += made
    return out, dropped


def _places(raw: str) -> int:
    s = raw.replace("%", "").replace("％", "").strip()
    return len(s) - s.index(".") - 1 if "." in s else 0
