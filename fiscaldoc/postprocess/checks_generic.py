"""Checks that need no table kind (issue 11 item 4): every table is checked, ``other`` too.

* columns: a 合计 / 小计 / 总计 column equals the sum of its sibling columns under the same
  heading (``rules_builtin.column_trees``: 本年支出/小计 = 基本支出 + 项目支出; 合计 = the
  others);
* total rows by position, for a side without subject codes (codes are the hierarchy's): a
  小计 row sums the rows since the previous total; a 合计 / 总计 row at the foot sums the rows
  above it (a 小计 standing for its rows, an earlier 合计 for all above it), at the head the
  rows below it down to the next total; where rows carry an outline (一、 （一） 1. （1）),
  only the highest level counts, and ``其中`` rows never do;
* outline parents: an ``一、`` row equals the sum of its next-level rows (or of its unmarked
  rows, where it has no marked ones);
* rows printed by name only, without marks: the sum structure the figures show
  (``checks_found``).

Each equation comes in a *group* (one derived rule: one total row across its columns, one
column rule down its rows).  ``keep_plausible`` tries every group on the printed data before
use: a group that fails on most of its equations is a wrong reading of the layout (published
figures are nearly always consistent), so it is dropped with a note instead of flagging
correct figures.
"""
from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from typing import Callable

from ..model import Record
from .subjects import RecInfo
from .checks import evaluate
from .checks_found import found_equations
from .checks_found_columns import found_column_equations
from .checks_regroup import regroup_equations
from .checks_sections import section_equations
from .rules import Equation, Ref, TableView, _short
from .rules_builtin import column_trees, outlines
from .subjects_names import (class_code, class_names, label_of, norm_name, outline_level,
                             strip_ordinal)

Group = tuple[str, Equation]          # (group name, equation)

_TOTAL = re.compile(r"(合计|总计|小计)$")
_PERCENT_HEAD = re.compile(r"[%％]")
# share of a group's equations that may fail before the group counts as a misreading:
# a text layer prints what was published (consistent), OCR may have damaged some cells
_TEXT_LAYER_FAILS = Decimal(1) / 3
_OCR_FAILS = Decimal(1) / 2


def text_columns(v: TableView) -> set[int]:
    """Grid columns whose non-blank cells are mostly words (绩效目标, 项目名称 …): never values."""
    words: dict[int, int] = {}
    numbers: dict[int, int] = {}
    for (_row, col), val in v.values.items():
        if val.kind == "text":
            words[col] = words.get(col, 0) + 1
        elif val.kind in ("amount", "percent"):
            numbers[col] = numbers.get(col, 0) + 1
    return {c for c, n in words.items() if n > numbers.get(c, 0)}


def generic_equations(view: TableView) -> list[Group]:
    out: list[Group] = []
    for eq in column_trees(view):
        out.append((f"column rule {eq.rule.split(' [')[0]}", eq))
    if view.table.kind.endswith(("summary", "three_public")):
        for eq in outlines(view):
            out.append((eq.rule.split(" [")[0].removeprefix(view.tag).strip(), eq))
    texts = [view.col_key[c] for c in sorted(text_columns(view)) if c in view.col_key]
    for keys, infos in view.sides:
        values = tuple(k for k in keys if k not in texts)
        out += [("found columns", e) for e in found_column_equations(
            view, values, [i.record for i in infos])]
        if any(i.role == "subject" for i in infos):
            continue                      # coded rows: the hierarchy checks them
        recs = [_named(i.record, texts) for i in infos if i.role != "group"]
        keys = tuple(k for k in keys if k not in texts)
        out += _total_rows(view, keys, recs)
        out += _outline_parents(view, keys, recs)
        out += _head_families(view, keys, recs)
        out += _class_members(view, keys, recs)
        if not any(_total_of(r) for r in recs):
            out += [("regrouped", e) for e in regroup_equations(view, keys, recs)]
        out += [("found", e) for e in found_equations(view, keys, recs)]
        out += section_equations(view, keys, recs)
    out += _two_breakdowns(view, texts)
    return out


def _tops(infos: list[RecInfo]) -> list[Record]:
    """A side's top-level lines above its first total (类 rows where codes are printed)."""
    recs: list[Record] = []
    for i in infos:
        if i.role == "total" or _total_of(i.record) or not strip_ordinal(i.record.subject.name):
            break
        recs.append(i.record)
    if any(r.subject.code for r in recs):
        return [r for r in recs if r.subject.code and len(r.subject.code) == 3]
    return _top_level(recs)


def _two_breakdowns(view: TableView, texts: list[str]) -> list[Group]:
    """Two sides under one heading that break the same figure down two ways (支出 by 功能分类
    and by 支出用途): their top-level lines add up to the same sum, wherever the total itself
    is printed."""
    single = []
    for keys, infos in view.sides:
        vals = [k for k in keys if k not in texts]
        parts = _short(vals[0]).split("/") if len(vals) == 1 else []
        if len(parts) >= 3:
            single.append((vals[0], parts, infos))
    out: list[Group] = []
    for n, (ka, pa, ia) in enumerate(single):
        for kb, pb, ib in single[n + 1:]:
            if pa[0] != pb[0] or pa[1] == pb[1]:
                continue
            ta = [r for r in _tops(ia) if view.amount(r, ka)]
            tb = [r for r in _tops(ib) if view.amount(r, kb)]
            if len(ta) + len(tb) < 3 or not ta or not tb:
                continue
            out.append((f"两种分类同一{pa[0]}", Equation(
                f"{view.tag} 两种分类同一{pa[0]}: Σ {pa[1]} = Σ {pb[1]}",
                tuple(view.ref(r, ka) for r in ta), tuple((1, view.ref(r, kb)) for r in tb),
                source="generic")))
    return out


def _named(rec: Record, texts: list[str]) -> Record:
    """A record whose name was printed in a column the header did not mark as the name column
    (单位, 地区 …): named by its first text cell."""
    if rec.subject.name.strip():
        return rec
    name = next((rec.values[k].raw for k in texts if k in rec.values and rec.values[k].raw), "")
    return replace(rec, subject=replace(rec.subject, name=name)) if name else rec


def _total_of(rec: Record) -> str | None:
    m = _TOTAL.search(strip_ordinal(label_of(rec)))
    return m.group(1) if m else None


def _is_part(rec: Record) -> bool:
    return norm_name(rec.subject.name).startswith("其中")


def _top_level(recs: list[Record]) -> list[Record]:
    """The rows a total adds up: those of the highest outline level, no 其中 rows."""
    recs = [r for r in recs if not _is_part(r)]
    levels = [outline_level(r.subject.name) for r in recs]
    marked = [lv for lv in levels if lv is not None]
    if not marked:
        return recs
    top = min(marked)
    return [r for r, lv in zip(recs, levels) if lv == top]


def _total_rows(view: TableView, keys: tuple[str, ...], recs: list[Record]) -> list[Group]:
    out: list[Group] = []
    done: list[Record] = []       # summed items so far (a 小计 for its rows)
    run: list[Record] = []        # rows since the last total
    for k, r in enumerate(recs):
        kind = _total_of(r)
        if kind is None and not strip_ordinal(r.subject.name) and len(recs) > 2 and (
                k == 0 or len(run) >= 2 or done) and _long_figure(r, view.decimals):
            kind = "合计"         # a first row, or a row after the named rows, with figures and
            # no name at all: a total whose label the print left out or spread over the other
            # side's columns (当年支出小计 | … | 15897.44); the figures decide (keep_plausible)
        if kind is None:
            run.append(r)
            continue
        if kind == "小计":
            out += _sum(view, keys, r, _top_level(run), "小计 = Σ 上方各行")
            below = []                # or a 小计 heading its rows (地市小计, then the cities)
            for q in recs[k + 1:]:
                if _total_of(q):
                    break
                below.append(q)
            if len(below) >= 2:
                out += _sum(view, keys, r, _top_level(below), "小计 = Σ 下方各行")
            done.append(r)
        elif not done and not run:    # a total at the head: the rows below it
            below = []
            for q in recs[k + 1:]:
                if _total_of(q) in ("合计", "总计"):
                    break
                below.append(q)
            if any(_total_of(q) == "小计" for q in below):
                below = [q for q in below if _total_of(q) == "小计"]
            else:
                below = _top_level(below)
            out += _sum(view, keys, r, below, "合计 = Σ 下方各行")
            continue
        else:
            out += _sum(view, keys, r, done + _top_level(run), "合计 = Σ 上方各行")
            done = [r]
        run = []
    return out


def _long_figure(rec: Record, decimals: int) -> bool:
    """A figure of five or more digits (in units of the last decimal): a sum of other rows
    landing on it within rounding is no chance (a row without a name is taken for a total on
    the figures alone)."""
    unit = Decimal(1).scaleb(-decimals)
    return any(v.kind == "amount" and v.number is not None and abs(v.number) >= 10_000 * unit
               for v in rec.values.values())


def _outline_parents(view: TableView, keys: tuple[str, ...], recs: list[Record]) -> list[Group]:
    out: list[Group] = []
    levels = [outline_level(r.subject.name) for r in recs]
    for k, r in enumerate(recs):
        level = levels[k]
        if level is None or _total_of(r) or _is_part(r):
            continue
        kids: list[int] = []
        for j in range(k + 1, len(recs)):
            below = levels[j]
            if _total_of(recs[j]) or (below is not None and below <= level):
                break
            kids.append(j)
        marked = [lv for lv in (levels[j] for j in kids) if lv is not None]
        if marked:
            members = [recs[j] for j in kids if levels[j] == min(marked) and not _is_part(recs[j])]
        else:
            members = [recs[j] for j in kids if not _is_part(recs[j])]
        if any(_is_part(recs[j]) for j in kids) and not marked:
            continue                  # 其中 rows are parts, not a breakdown
        out += _sum(view, keys, r, members, "大项 = Σ 下级各行")
    return out


def _sum(view: TableView, keys: tuple[str, ...], target: Record, members: list[Record],
         what: str) -> list[Group]:
    if not members or target in members:
        return []
    group = f"{what}: {view.label(target)}"
    names = "+".join(strip_ordinal(m.subject.name)[:6] or f"r{m.row}" for m in members[:6])
    names += "+…" if len(members) > 6 else ""
    out: list[Group] = []
    for key in keys:
        if not view.amount(target, key) or _PERCENT_HEAD.search(key):
            continue
        terms = tuple((1, view.ref(m, key)) for m in members
                      if key in m.values and m.values[key].kind != "percent")
        if terms:
            out.append((group, Equation(f"{view.tag} {what}: {view.label(target)} = {names} "
                                        f"[{_short(key)}]", (view.ref(target, key),), terms,
                                        source="generic")))
    return out


def keep_plausible(view: TableView, groups: list[Group], number: Callable[[Ref], Decimal | None],
                   decimals: Callable[[Ref], int], *, text_layer: bool = True
                   ) -> tuple[list[Equation], str]:
    """The equations of the groups the printed data bears out; and a note on those dropped.

    A group is dropped when more than a third (text layer) or half (OCR) of its equations
    that have something to check fail: the rule was read from the layout wrongly.
    """
    by_group: dict[str, list[Equation]] = {}
    for name, eq in groups:
        by_group.setdefault(name, []).append(eq)
    limit = _TEXT_LAYER_FAILS if text_layer else _OCR_FAILS
    kept: list[Equation] = []
    dropped: list[str] = []
    for name, eqs in by_group.items():
        evs = [ev for ev in (evaluate(e, number, decimals) for e in eqs) if ev is not None]
        failed = sum(not ev.ok for ev in evs)
        if evs and failed > limit * len(evs):
            dropped.append(f"{name} ({failed}/{len(evs)} fail)")
        else:
            kept += eqs
    note = ""
    if dropped:
        note = (f"{len(dropped)} kind-free rule(s) not used, the printed figures do not bear "
                f"them out (likely a misread layout): " + "; ".join(dropped[:5])
                + (" …" if len(dropped) > 5 else ""))
    return kept, note


def _head_families(view: TableView, keys: tuple[str, ...], recs: list[Record]) -> list[Group]:
    """Totals heading a table whose parts come interleaved below: 本年结余 and 滚存结余 at the
    head, then for each fund its 本年收支结余 and its 年末滚存结余.  The head rows (no outline
    mark, two or more, above the first marked row) share a last word (结余); what is left of
    each name (本年, 滚存) picks its rows below, and every row below must be picked by exactly
    one head.  The figures decide (``keep_plausible``)."""
    names = [strip_ordinal(r.subject.name) for r in recs]
    levels = [outline_level(r.subject.name) for r in recs]
    first = next((k for k, lv in enumerate(levels) if lv is not None), None)
    if first is None or first < 2 or any(not n for n in names[:first]):
        return []
    heads, body = names[:first], names[first:]
    common = heads[0]
    for h in heads[1:]:
        while common and not h.endswith(common):
            common = common[1:]
    stems = [h[: len(h) - len(common)] for h in heads]
    if len(common) < 2 or any(not st for st in stems):
        return []
    picks: list[list[Record]] = [[] for _ in heads]
    for r, n in zip(recs[first:], body):
        hits = [j for j, st in enumerate(stems) if st in n and n.endswith(common)]
        if len(hits) != 1:
            return []
        picks[hits[0]].append(r)
    out: list[Group] = []
    for head, members in zip(recs, picks):
        if len(members) >= 2:
            out += _sum(view, keys, head, members, "首行合计 = Σ 同名各行")
    return out


def _class_like(name: str, names: dict[str, str], loose: bool) -> bool:
    """A line naming a 类 of the functional classification (or, ``loose``, any short name
    ending in 支出: the shipped list of 类 names is partial; the figures decide)."""
    if _is_part_name(name):
        return False
    if class_code(name, names):
        return True
    base = strip_ordinal(name)
    return loose and base.endswith("支出") and len(base) <= 10


def _is_part_name(name: str) -> bool:
    return norm_name(name).startswith("其中")


def _class_members(view: TableView, keys: tuple[str, ...], recs: list[Record]) -> list[Group]:
    """An outline row (2.专项转移支付) whose 类 lines, printed by name only, are each followed
    by their own items (其中：… project lines): it is the sum of the rows that name a 类,
    down to the next row of its level."""
    names = class_names(())
    out: list[Group] = []
    levels = [outline_level(r.subject.name) for r in recs]
    for k, r in enumerate(recs):
        level = levels[k]
        if level is None or _total_of(r) or class_code(r.subject.name, names):
            continue
        span: list[Record] = []
        for j in range(k + 1, len(recs)):
            below = levels[j]
            if (below is not None and below <= level) or _total_of(recs[j]):
                break
            span.append(recs[j])
        for loose in (False, True):
            members = [q for q in span if _class_like(q.subject.name, names, loose)
                       and outline_level(q.subject.name) is None]   # (marked: the outlines')
            if len(members) >= 2 and len(members) < len(span):   # (adjacent 类 rows: outlines)
                out += _sum(view, keys, r, members, "大项 = Σ 各类" + ("（名称）" if loose else ""))
    return out
