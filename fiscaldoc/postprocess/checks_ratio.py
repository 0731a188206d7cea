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
from collections.abc import Iterable, Iterator
from typing import Callable

from ..model import Record, Value
from .subjects import RecInfo

from .rules import Ref, TableView, _short

# (rule, refs, expected %, actual %, ok) — the form verify uses for share checks
RatioCheck = tuple[str, tuple[Ref, ...], Decimal, Decimal, bool]


def percent_rows(infos: Iterable[RecInfo], pk: str, needs: str
                 ) -> Iterator[tuple[Record, Value, Decimal]]:
    """The records whose ``pk`` holds a printed percentage and that have a ``needs`` value:
    the record, the percentage's value and its number."""
    for info in infos:
        r = info.record
        v = r.values.get(pk)
        if v is None or v.kind != "percent" or v.number is None or needs not in r.values:
            continue
        yield r, v, v.number

_LETTER_RATIO = re.compile(r"[（(]\s*([A-Z])\s*/\s*([A-Z])\s*[)）]")
_ACTUAL = ("决算数", "执行数", "完成数")
_PCT = re.compile(r"[%％]")
_NOTE = re.compile(r"[（(]\s*注\s*\d*\s*[)）]")        # （注1）: a footnote mark
_YEAR = re.compile(r"^(\d{4})年(?:度)?")


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
        got = ratio_of(keys, k)
        if got is not None and got[1] is not None:
            out.append((k, got[0], got[1]))
    return out


def ratio_names(head: str) -> tuple[str, str] | None:
    """(numerator name, denominator name) of a ``X为Y的`` / ``X为Y%`` header leaf: ``执行数为调整预算
    数的`` -> (执行数, 调整预算数); ``为预算%`` -> ('', 预算数); ``为上年%`` -> ('', 上年)."""
    leaf = _NOTE.sub("", head.split("/")[-1])
    if not ("为" in leaf and (_PCT.search(leaf) or leaf.endswith("的"))):
        return None
    leaf = _PCT.sub("", leaf).removesuffix("的")
    num, _, den = leaf.partition("为")
    if not den or _PCT.search(den) or "为" in den:
        return None
    if den != "上年" and not den.endswith("数"):
        den += "数"
    return num, den


def _scope(head: str) -> str:
    return head.rsplit("/", 1)[0] if "/" in head else ""


def _plain(head: str) -> str:
    """A figure column's leaf without its year: ``2025年汇总调整预算数`` -> ``汇总调整预算数``."""
    return _YEAR.sub("", _NOTE.sub("", head.split("/")[-1]))


def year_of(head: str) -> int | None:
    m = _YEAR.match(head.split("/")[-1])
    return int(m.group(1)) if m else None


def _named_cols(cands: list[str], name: str) -> list[str]:
    """The columns among ``cands`` holding the figure ``name`` (预算数 is not 调整预算数, 执行数 is
    not 上年执行数); of several years, the latest (the table's own figure)."""
    hits = [c for c in cands if _plain(_short(c)).endswith(name)
            and ("调整" in name or "调整" not in _plain(_short(c)))
            and (name.startswith("上年") or not _plain(_short(c)).startswith("上年"))]
    if len({_plain(_short(c)) for c in hits}) == 1 and len(hits) > 1:
        years = [year_of(_short(c)) for c in hits]
        if None not in years and len(set(years)) == len(years):
            hits = [max(hits, key=lambda c: year_of(_short(c)) or 0)]
    return hits


def ratio_of(keys: tuple[str, ...], k: str) -> tuple[str, str | None, str] | None:
    """For a percentage column ``k`` headed ``X为Y…``: (numerator column, denominator column or
    None when the table does not print it, the denominator's figure name — ``2024年执行数`` for
    上年执行数 of a 2025 numerator).  None when the header is no such ratio or is ambiguous."""
    head = _short(k)
    names = ratio_names(head)
    if names is None:
        return None
    num_name, den_name = names
    same = [c for c in keys if c != k and _scope(_short(c)) == _scope(head)
            and ratio_names(_short(c)) is None and not _PCT.search(_short(c))]
    if num_name:
        nums = _named_cols(same, num_name)
    else:
        nums = [c for c in same if any(w in _plain(_short(c)) for w in _ACTUAL)
                and not _plain(_short(c)).startswith("上年")]
    if len(nums) != 1:
        return None
    num = nums[0]
    if den_name.startswith("上年"):
        rest = den_name[2:] or _plain(_short(num))
        if not rest.endswith("数") or any(w in rest for w in ("同期", "可比")):
            return None
        year = year_of(_short(num))
        dens = _named_cols(same, den_name if den_name != "上年" else "上年" + rest)
        if not dens and year is not None:
            want = f"{year - 1}年{rest}"
            dens = [c for c in same if _short(c).split("/")[-1] == want]
            if not dens:
                return num, None, want
        if len(dens) != 1:
            return None
        return num, dens[0], ""
    dens = [c for c in _named_cols(same, den_name) if c != num]
    if not dens and (year := year_of(_short(num))) is not None:
        return num, None, f"{year}年{den_name}"
    if len(dens) != 1:
        return None
    return num, dens[0], ""


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
                ok = abs(got - pct) <= slack
                # a rounded percentage pins an amount only where one unit more of it would show
                # in the printed percentage (small amounts); a failure points at all three
                kept = refs if not ok else refs[:1] + tuple(
                    ref for ref, step in ((refs[1], 100 * unit / abs(den)),
                                          (refs[2], abs(got) * unit / abs(den)))
                    if step > p_unit)
                made.append((f"{view.tag} {rule} [{view.label(r)}]", kept,
                             pct, got.quantize(Decimal("0.0001")), ok))
            failed = sum(not ok for *_, ok in made)
            if made and failed * (3 if text_layer else 2) > len(made):
                dropped.append(f"{rule} ({failed}/{len(made)} fail)")
            else:
                out += made
    return out, dropped


def _places(raw: str) -> int:
    s = raw.replace("%", "").replace("％", "").strip()
    return len(s) - s.index(".") - 1 if "." in s else 0
