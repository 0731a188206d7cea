"""The same figures printed in two tables of one document (cross-table agreement, issue 11).

A province prints its 省本级 expenditure by function, then a table of key items (重点投入) that
repeats part of it; a city prints a 决算 table and its 市本级 part.  Nothing in the titles says
which lines are repeated, so the rows are paired on the figures themselves: a row of one table
and a row of the other with the same name (ordinals and a trailing 支出 aside) and the same
non-zero figure in a value column.  One such pair can be chance (行政运行 = 310 twice), so a
pairing of two columns is used only as a structure: its pairs must run in the same order in
both tables, and at least ``MIN_PAIRS`` of them must (the longest run in order); pairs out of
that order are dropped.  And the two columns must repeat each other, not agree here and there:
of the lines named once in both tables, most (``SHARE``) print the same figure in both (two
years' budgets agree on their unchanged lines; they are not the same figures).  Each kept pair is an equality of the two cells.  Pairs that do not
agree are not looked for, so a disagreement is never flagged from here (the pairing is by
name, and a name may stand for two different lines).
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from decimal import Decimal

from ..model import Record
from .rules import Equation, TableView, _short
from .subjects_names import strip_ordinal

MIN_PAIRS = 5
MIN_NAMED = 3
SHARE = Decimal("0.5")

_Key = tuple[str, Decimal]


def _name(rec: Record) -> str:
    name = strip_ordinal(rec.subject.name)
    if not name:
        name = next((strip_ordinal(v.raw) for v in rec.values.values()
                     if v.kind == "text" and v.raw), "")
    return re.sub(r"支出$", "", re.sub(r"^其中[:：]", "", name))


def _cells(view: TableView) -> dict[str, dict[_Key, list[Record]]]:
    """Per value column: (row name, figure) -> the rows printing it."""
    out: dict[str, dict[_Key, list[Record]]] = defaultdict(lambda: defaultdict(list))
    for info in view.infos:
        r = info.record
        name = _name(r)
        if not name:
            continue
        for k, v in r.values.items():
            if v.kind == "amount" and v.number and k in view.key_col:
                out[k][(name, v.number)].append(r)
    return out


def _in_order(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest run of pairs whose rows increase in both tables."""
    pairs.sort()
    tails: list[int] = []
    idx: list[int] = []
    back = [-1] * len(pairs)
    for i, (_, b) in enumerate(pairs):
        j = bisect_left(tails, b)
        if j == len(tails):
            tails.append(b)
            idx.append(i)
        else:
            tails[j], idx[j] = b, i
        back[i] = idx[j - 1] if j else -1
    out: list[tuple[int, int]] = []
    i = idx[-1] if idx else -1
    while i >= 0:
        out.append(pairs[i])
        i = back[i]
    return out[::-1]


def _by_name(view: TableView, key: str) -> dict[str, Decimal]:
    """Names printed once among the rows with a figure in ``key``, and that figure."""
    seen: dict[str, list[Decimal]] = defaultdict(list)
    for info in view.infos:
        v = info.record.values.get(key)
        name = _name(info.record)
        if name and v is not None and v.kind == "amount" and v.number is not None:
            seen[name].append(v.number)
    return {n: xs[0] for n, xs in seen.items() if len(xs) == 1}


def _repeats(a: TableView, ka: str, b: TableView, kb: str, run: int) -> bool:
    """Column ``kb`` repeats column ``ka`` rather than agreeing with it here and there (two
    years' budgets share their unchanged lines): of the lines named once in both with figures
    in both, at least ``SHARE`` print the same figure; with fewer than ``MIN_NAMED`` such
    lines, the run in order must be twice as long."""
    xa, xb = _by_name(a, ka), _by_name(b, kb)
    both = [n for n in xa if n in xb and xa[n] and xb[n]]
    if len(both) < MIN_NAMED:
        return run >= 2 * MIN_PAIRS
    return sum(xa[n] == xb[n] for n in both) > SHARE * len(both)


def same_figure_equations(views: list[TableView]) -> list[Equation]:
    cells = {v.index: _cells(v) for v in views}
    out: list[Equation] = []
    for a in views:
        for b in views:
            if b.index <= a.index:
                continue
            for ka, ca in cells[a.index].items():
                best: list[tuple[int, int]] = []
                best_kb = ""
                for kb, cb in cells[b.index].items():
                    common = [key for key in ca if key in cb
                              and len(ca[key]) == 1 and len(cb[key]) == 1]
                    if len(common) < MIN_PAIRS:
                        continue
                    run = _in_order([(ca[key][0].row, cb[key][0].row) for key in common])
                    if len(run) > len(best) and _repeats(a, ka, b, kb, len(run)):
                        best, best_kb = run, kb
                if len(best) < MIN_PAIRS:
                    continue
                recs_a = {i.record.row: i.record for i in a.infos}
                recs_b = {i.record.row: i.record for i in b.infos}
                for ra, rb in best:
                    x, y = recs_a[ra], recs_b[rb]
                    out.append(Equation(
                        f"同一数字两表: {a.tag} {a.label(x)} [{_short(ka)}] = {b.tag} "
                        f"{b.label(y)} [{_short(best_kb)}] ({len(best)} 行同序一致)",
                        (a.ref(x, ka),), ((1, b.ref(y, best_kb)),), source="cross"))
    return out


__all__ = ["same_figure_equations", "MIN_PAIRS"]
