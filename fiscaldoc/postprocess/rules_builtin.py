"""Built-in equations per table kind, for tables whose note was not printed (or was lost).

* column trees (``column_trees``, run for every kind by ``checks_generic``): a
  ``合计``/``小计``/``总计`` column (``本年支出合计``, ``本年支出/小计``) equals the
  sum of its sibling columns, per row;
* ``*.government_fund``: 年末结转和结余 = 年初结转和结余 + 本年收入 − 本年支出;
* summary tables (表1, 表4, budget 收支总表 / 财政拨款收支总表): 本年合计 = Σ items, 总计 =
  本年合计 + the rows between, a 结转和结余 row = Σ its fund rows, 收入总计 = 支出总计;
* outlines (``一、`` > ``（一）`` > ``1.`` > ``（1）``, ``其中：``): parent = Σ children, for
  summary and 三公 tables (``outlines``; ``checks_generic`` tries them on the data first);
* 财政拨款收支预算总表: 一、经济分类 / 基本支出 / 项目支出 = Σ their rows;
* 表6: 人员经费合计 / 公用经费合计 = Σ the 类 rows of their sides.
Rows are found by their recognised template label (``subjects.label_of``), so a label with one
damaged character still counts.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ..model import Record
from .checks_cross import group_total
from .rules import Equation, TableView, _short
from .subjects import RecInfo
from .subjects_names import label_of, norm_name, outline_level, strip_ordinal

# a column that totals its siblings: 合计 / 小计 / 总计, 本年收入合计, or a short name ending in
# 总数 / 总额 / 合计 (项目支出总数 beside 项目支出/扣除基建项目…)
_TOTAL_LEAF = re.compile(r"^(?:合计|小计|总计)$|^本年(?:收入|支出)合计$|^[^其]{1,8}(?:总数|总额|合计)$")


# list-like tables: text columns (采购组织形式, 指标值, 项目简介) beside one amount column
_LISTS = ("performance_targets", "performance_evaluation", "procurement", "purchased_services",
          "asset_allocation")


def builtin_equations(view: TableView) -> list[Equation]:
    kind = view.table.kind
    if kind == "other" or kind.endswith(_LISTS):
        return []
    out: list[Equation] = []      # (column trees need no kind: checks_generic runs them)
    if kind.endswith("government_fund"):
        out += _fund_balance(view)
    if kind.endswith("summary"):
        out += _summary(view)
    # (outlines, read from the row labels, are tried on the data first: checks_generic)
    if kind.endswith("basic_expenditure_detail"):
        out += _basic_detail(view)
    if kind == "budget.fiscal_summary":
        out += _sections(view)
    return out


_SECTION_STOP = ("政府经济分类", "基本支出", "项目支出")


def _sections(view: TableView) -> list[Equation]:
    """财政拨款收支预算总表, 经济分类 column: 一、经济分类 / 基本支出 / 项目支出 = Σ their rows.

    A section is an ``一、`` row without marked children, or a row named 基本支出 / 项目支出;
    it sums the unmarked rows after it up to the next section (or 政府经济分类, a 合计, a
    结转 row).
    """
    out: list[Equation] = []
    for keys, infos in view.sides:
        recs = [i.record for i in infos if i.role in ("name", "total")]
        names = [label_of(r) for r in recs]
        for k, r in enumerate(recs):
            if not (names[k] in ("基本支出", "项目支出") or (
                    outline_level(names[k]) == 1 and k + 1 < len(recs)
                    and outline_level(names[k + 1]) is None)):
                continue
            members = []
            for j in range(k + 1, len(recs)):
                n = names[j]
                if n in _SECTION_STOP or outline_level(n) is not None or n.endswith(
                        ("合计", "总计")) or "结转" in n:
                    break
                members.append(recs[j])
            out += _sum_rule(view, keys, r, members, "分项 = Σ 明细")
    return out


def column_trees(view: TableView) -> list[Equation]:
    out: list[Equation] = []
    for keys, infos in view.sides:
        usable = [k for k in keys if not _UNNAMED.match(k) and "其中" not in k]
        paths = {k: _short(k).split("/") for k in usable}
        paths.update(_unnamed_paths(view, keys, paths))

        def node_value(prefix: list[str]) -> list[str] | None:
            """Columns that make up the node ``prefix``: its total, or its leaves' sum."""
            under = [k for k, p in paths.items() if p[: len(prefix)] == prefix]
            if [k for k in under if paths[k] == prefix]:
                return [k for k in under if paths[k] == prefix]
            total = [k for k in under if len(paths[k]) == len(prefix) + 1
                     and _TOTAL_LEAF.match(paths[k][-1])]
            if total:
                return total[:1]
            parts: list[str] = []
            for child in sorted({paths[k][len(prefix)] for k in under}):
                got = node_value(prefix + [child])
                if got is None:
                    return None
                parts += got
            return parts or None

        groups = {tuple(p[:-1]) for p in paths.values()}

        def lead_and_groups(parent: tuple[str, ...]) -> tuple[list[str], list[str]]:
            """A leading column without sub-columns and the sibling groups after it, when
            every other child of ``parent`` is a group of two columns or more."""
            kids = list(dict.fromkeys(p[len(parent)] for p in paths.values()
                                      if len(p) > len(parent) and tuple(p[: len(parent)]) == parent))
            lead = [k for k, p in paths.items() if p == list(parent) + kids[:1]]
            rest = kids[1:]
            split = [c for c in rest if sum(len(p) > len(parent) + 1 and p[len(parent)] == c
                                            for p in paths.values()) >= 2]
            if not lead or not rest or split != rest:
                return [], []
            return lead, rest

        for parent in sorted(groups):
            kids = [k for k, p in paths.items() if len(p) == len(parent) + 1
                    and tuple(p[:-1]) == parent]
            totals = [k for k in kids if _TOTAL_LEAF.match(paths[k][-1])]
            if len(totals) != 1:
                continue
            # (a column whose path is the parent itself, a header cell with nothing under
            # it next to its split siblings, is no child)
            children = sorted({p[len(parent)] for k, p in paths.items()
                               if len(p) > len(parent) and tuple(p[: len(parent)]) == parent
                               and k != totals[0]})
            cols: list[str] = []
            for child in children:
                got = node_value(list(parent) + [child])
                if got is None:
                    cols = []
                    break
                cols += got
            if not cols:
                continue
            out += _column_sum(view, infos, totals[0], cols)
        for parent in sorted(groups):
            # a leading column without sub-columns before sibling groups may total each group
            # on its own, when the groups are alternative breakdowns ("资金总额 | 按收入性质分
            # (4) | 按支出性质分 (2)"), or all of them together ("合计 | 基本支出 (2) | 项目支出
            # (2)", made above when the lead is named as a total): both are made, and the
            # figures decide, since every derived rule is tried on the data before use
            lead, rest = lead_and_groups(parent)
            for group in rest:
                summed = node_value(list(parent) + [group])
                if not summed or len(summed) < 2:
                    continue
                out += _column_sum(view, infos, lead[0], summed)
    return out


_UNNAMED = re.compile(r"^(栏\d+|col\d+)$")


def _unnamed_paths(view: TableView, keys: tuple[str, ...],
                   paths: dict[str, list[str]]) -> dict[str, list[str]]:
    """Columns whose header the page or the OCR lost (``col4``), placed where they stand: a
    child of the deepest heading whose columns lie on both sides of it, else a top-level
    column.  Left out, a total over its siblings (合计 | regions …, one region's name lost)
    would fail on every row where the lost column holds a figure."""
    out: dict[str, list[str]] = {}
    for k in keys:
        if not _UNNAMED.match(k) or k not in view.key_col:
            continue
        at = view.key_col[k]
        best: list[str] = []
        for q, p in paths.items():
            for depth in range(len(p) - 1, len(best), -1):
                under = [view.key_col[c] for c, pc in paths.items()
                         if pc[:depth] == p[:depth] and c in view.key_col]
                if under and min(under) < at < max(under):
                    best = p[:depth]
                    break
        out[k] = best + [k]
    return out


def _column_sum(view: TableView, infos: Sequence[RecInfo], total: str,
                cols: list[str]) -> list[Equation]:
    """``total`` = Σ ``cols`` on every row of one side."""
    rule = f"{_short(total)} = " + " + ".join(_short(c) for c in cols)
    return [Equation(f"{view.tag} {rule} [{view.label(info.record)}]",
                     (view.ref(info.record, total),),
                     tuple((1, view.ref(info.record, c)) for c in cols)) for info in infos]


def _find_key(keys: Iterable[str], *words: str, exclude: tuple[str, ...] = ()) -> str | None:
    hits = [k for k in keys if all(w in k for w in words) and not any(x in k for x in exclude)]
    return hits[0] if hits else None


def _fund_balance(view: TableView) -> list[Equation]:
    out = []
    for keys, infos in view.sides:
        end = _find_key(keys, "年末结转")
        start = _find_key(keys, "年初结转")
        income = _find_key(keys, "本年收入")
        spend = (_find_key(keys, "本年支出", "小计") or _find_key(keys, "本年支出", "合计")
                 or _find_key(keys, "本年支出", exclude=("基本", "项目")))
        if not (end and start and income and spend):
            continue
        for info in infos:
            r = info.record
            out.append(Equation(f"{view.tag} 年末结转和结余 = 年初结转和结余 + 本年收入 − 本年支出 "
                                f"[{view.label(r)}]", (view.ref(r, end),),
                                ((1, view.ref(r, start)), (1, view.ref(r, income)),
                                 (-1, view.ref(r, spend)))))
    return out


def _side_name(keys: tuple[str, ...]) -> str:
    return keys[0].split("/")[0]


_CUR_TOTAL = re.compile(r"^本年.*合计$")
_GRAND = re.compile(r"总计$")
_FUND = re.compile(r"(一般公共预算|政府性基金预算|国有资本经营预算).*拨款$")


def _summary(view: TableView) -> list[Equation]:
    out: list[Equation] = []
    grands: list[tuple[str, Record, str]] = []   # (side name, grand record, first key)
    for keys, infos in view.sides:
        recs = [i for i in infos if i.role != "group"]
        names = [label_of(i.record) for i in recs]
        cur = next((k for k, n in enumerate(names) if _CUR_TOTAL.match(n)), None)
        grand = next((k for k, n in enumerate(names) if _GRAND.search(n)), None)
        if grand is not None and cur is not None and grand < cur:
            grand = None
        if cur is not None:
            out += _sum_rule(view, keys, recs[cur].record, _items(recs[:cur]), "本年合计 = Σ 项目")
        carry_end = grand if grand is not None else len(recs)
        carry, subs = _carry_rows(recs[cur + 1: carry_end] if cur is not None else [])
        for parent, kids in subs:
            out += _sum_rule(view, keys, parent, kids, "结转和结余 = Σ 资金来源")
        if grand is not None:
            items = [recs[cur].record] + carry if cur is not None else _items(recs[:grand])
            out += _sum_rule(view, keys, recs[grand].record, items, "总计 = 本年合计 + 结转结余")
            grands.append((_side_name(keys), recs[grand].record, keys[0]))
    incomes = [g for g in grands if g[0].startswith("收入")]
    for side, rec, key in grands:
        if side.startswith("支出") and len(incomes) == 1:
            _, irec, ikey = incomes[0]
            out.append(Equation(f"{view.tag} 收入总计 = 支出总计 [{_short(key)}]",
                                (view.ref(irec, ikey),), ((1, view.ref(rec, key)),)))
    return out


def _items(infos: list[RecInfo]) -> list[Record]:
    coded = [i for i in infos if i.role == "subject"]
    if coded:
        codes = {i.code for i in coded}
        return [i.record for i in coded if not any(
            i.code[:n] in codes for n in (3, 5) if n < len(i.code))]
    if any(i.record.line_no is not None for i in infos):     # 表1/表4: every numbered line
        return [i.record for i in infos if (outline_level(i.record.subject.name) or 1) == 1
                and not norm_name(i.record.subject.name).startswith("其中")]
    ones = [i.record for i in infos if outline_level(i.record.subject.name) == 1]
    return ones or [i.record for i in infos]


def _carry_rows(infos: list[RecInfo]) -> tuple[list[Record], list[tuple[Record, list[Record]]]]:
    """Rows between 本年合计 and 总计: the summands, and 结转 rows with their fund sub-rows."""
    top: list[Record] = []
    subs: list[tuple[Record, list[Record]]] = []
    for info in infos:
        r = info.record
        name = label_of(r)
        if _FUND.search(name) and top and "结转" in label_of(top[-1]):
            if not subs or subs[-1][0] is not top[-1]:
                subs.append((top[-1], []))
            subs[-1][1].append(r)
        else:
            top.append(r)
    return top, subs


def _sum_rule(view: TableView, keys: tuple[str, ...], target: Record, items: list[Record],
              what: str) -> list[Equation]:
    out: list[Equation] = []
    if not items:
        return out
    for key in keys:
        if not view.amount(target, key):
            continue
        terms = tuple((1, view.ref(r, key)) for r in items if key in r.values)
        names = "+".join(str(r.line_no) if r.line_no is not None else strip_ordinal(
            r.subject.name)[:6] for r in items)
        out.append(Equation(f"{view.tag} {what}: {view.label(target)} = {names} [{_short(key)}]",
                            (view.ref(target, key),), terms))
    return out


def outlines(view: TableView) -> list[Equation]:
    out: list[Equation] = []
    for keys, infos in view.sides:
        recs = [i.record for i in infos if i.role in ("name", "total", "subject")]
        levels: list[int | None] = []
        for r in recs:
            lv = outline_level(r.subject.name)
            if norm_name(r.subject.name).startswith("其中") and levels and levels[-1]:
                lv = max(lv or 0, levels[-1] + 1)
            levels.append(lv)
        for k, r in enumerate(recs):
            level = levels[k]
            if level is None:
                continue
            kids: list[int] = []
            for j in range(k + 1, len(recs)):
                below = levels[j]
                if below is None or below <= level:
                    break
                if below == level + 1 or (kids == [] and below > level):
                    kids.append(j)
            kids = [j for j in kids if levels[j] == levels[kids[0]]] if kids else []
            if kids:
                out += _sum_rule(view, keys, r, [recs[j] for j in kids], "大项 = Σ 其中各项")
        marked = [lv for lv in levels if lv is not None]
        for k, r in enumerate(recs):
            if marked and label_of(r) in ("合计", "总计") and k == 0:
                top = min(marked)
                out += _sum_rule(view, keys, r, [recs[j] for j in range(len(recs))
                                                 if levels[j] == top], "合计 = Σ 各项")
    return out


def _basic_detail(view: TableView) -> list[Equation]:
    """表6: 人员经费合计 = Σ 类 of the 人员经费 side; 公用经费合计 = Σ 类 of the 公用 sides."""
    out: list[Equation] = []
    by_group: dict[str, list[tuple[tuple[str, ...], RecInfo]]] = {}
    totals: dict[str, tuple[str, Record] | None] = {}
    for keys, infos in view.sides:
        group = _side_name(keys)
        for info in infos:
            if info.role == "subject" and info.record.subject.level == "类":
                by_group.setdefault(group, []).append((keys, info))
    for info in view.infos:
        name = label_of(info.record)
        for group in ("人员经费", "公用经费"):
            if name == group + "合计":
                totals[group] = group_total(view, group)
    for group, target in totals.items():
        members = by_group.get(group, [])
        if target is None or not members:
            continue
        key, rec = target
        terms = tuple((1, view.ref(i.record, keys[0])) for keys, i in members)
        codes = "+".join(i.code for _, i in members)
        out.append(Equation(f"{view.tag} {group}合计 = {codes}", (view.ref(rec, key),), terms))
    return out
