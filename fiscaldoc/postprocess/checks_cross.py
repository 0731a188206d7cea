"""Cross-table equations within one document.

表1 against 表2/表3/表4 totals, 收入 lines and per-类 lines, 表4 against 表5/表8/表9, 表5 基本支出
against 表6 人员经费合计 + 公用经费合计, tables printed twice (the 类款项分列 variant) cell by cell,
and the budget analogues.  How the equations are evaluated (tolerance) is in ``checks``.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

from ..model import Record
from .rules import Equation, TableView, _short
from .subjects import RecInfo

_Side = tuple[tuple[str, ...], list[RecInfo]]      # a side's column keys and its records
_Term = tuple[int, TableView, "Record | None", "str | None"]    # (sign, view, record, key)
_Pred = Callable[[str, RecInfo], object]            # (row label, record) -> whether it counts
from .subjects_names import label_of, strip_ordinal


def _first(views: list[TableView], kind: str) -> TableView | None:
    hits = [v for v in views if v.table.kind == kind]
    return hits[0] if hits else None


def _all(views: list[TableView], kind: str) -> list[TableView]:
    return [v for v in views if v.table.kind == kind]


def _side(view: TableView, prefix: str) -> list[_Side]:
    return [(keys, infos) for keys, infos in view.sides if keys[0].startswith(prefix)]


def _named(view: TableView, prefix: str, pred: _Pred) -> list[tuple[tuple[str, ...], RecInfo]]:
    out: list[tuple[tuple[str, ...], RecInfo]] = []
    for keys, infos in _side(view, prefix):
        out += [(keys, i) for i in infos if pred(label_of(i.record), i)]
    return out


def _total(view: TableView) -> RecInfo | None:
    for i in view.infos:
        if i.role == "total" and label_of(i.record) in ("合计", "总计") and i.record.values:
            return i
    return None


def _key(view: TableView, rec: Record, *words: str, index: int = 0) -> str | None:
    keys = [k for k in rec.values if all(w in k for w in words)]
    keys.sort(key=lambda k: view.key_col.get(k, 0))
    return keys[index] if len(keys) > index else None


def _class_rows(view: TableView) -> dict[str, RecInfo]:
    rows = [i for i in view.infos if i.role in ("subject", "name")
            and i.record.subject.level == "类" and i.record.subject.code]
    return {i.code: i for i in rows}


class _Cross:
    def __init__(self) -> None:
        self.out: list[Equation] = []

    def eq(self, a: TableView, ra: Record | None, ka: str | None, terms: Sequence[_Term],
           what: str) -> None:
        """a[ra, ka] = Σ ±b[rb, kb] over ``terms``: (sign, view, rec, key)."""
        if ra is None or ka is None:
            return
        found: list[tuple[int, TableView, Record, str]] = []
        for s, v, r, k in terms:
            if k is None or r is None:
                return
            found.append((s, v, r, k))
        rhs = tuple((s, v.ref(r, k)) for s, v, r, k in found)
        names = " + ".join(f"{v.tag} {v.label(r)} [{_short(k)}]" for _, v, r, k in found) or "0"
        self.out.append(Equation(f"{what}: {a.tag} {a.label(ra)} [{_short(ka)}] = {names}",
                                 (a.ref(ra, ka),), rhs, source="cross"))


def cross_equations(views: list[TableView]) -> list[Equation]:
    out: list[Equation] = []
    for _name, _tables, part in cross_parts(views):
        out += part()
    return out


CrossPart = tuple[str, frozenset[int], Callable[[], list[Equation]]]


def cross_parts(views: list[TableView]) -> list[CrossPart]:
    """The cross-table comparisons of a document, each to be run on its own: (what, the
    indices of the tables it reads, a function giving its equations)."""
    parts: list[CrossPart] = []

    def part(name: str, tables: Sequence[TableView | None], fn: Callable[..., None],
             *args: object) -> None:
        def run() -> list[Equation]:
            x = _Cross()
            fn(x, *args)
            return x.out
        parts.append((name, frozenset(v.index for v in tables if v is not None), run))

    t1 = _first(views, "final.income_expenditure_summary")
    t2 = _first(views, "final.income")
    t4 = _first(views, "final.fiscal_summary")
    t6 = _first(views, "final.basic_expenditure_detail")
    if t1 is not None:
        t3s = _all(views, "final.expenditure")
        part("表1 against 表2/表3/表4", [t1, t2, t4, *t3s], _t1_against, t1, t2, t3s, t4)
    if t4 is not None:
        t5s = _all(views, "final.general_budget_expenditure")
        t8, t9 = _first(views, "final.government_fund"), _first(views, "final.state_capital")
        part("表4 against 表5/表8/表9", [t4, t8, t9, *t5s], _t4_against, t4, t5s, t8, t9)
    if t6 is not None:
        for t5 in _all(views, "final.general_budget_expenditure") + _all(
                views, "budget.general_budget_expenditure"):
            part("表5 against 表6", [t5, t6], _basic_vs_detail, t5, t6)
    budget = [v for v in views if v.table.kind.startswith("budget.")]
    if budget:
        part("budget tables against each other", budget, _budget, views)
    part("tables printed twice", [v for v in views if v.table.number is not None], _twins, views)
    return parts


def _t1_against(x: _Cross, t1: TableView, t2: TableView | None, t3s: list[TableView],
                t4: TableView | None) -> None:
    cur_in = _named(t1, "收入", lambda n, i: n == "本年收入合计")
    cur_out = _named(t1, "支出", lambda n, i: n == "本年支出合计")
    lines_in = _named(t1, "收入", lambda n, i: i.role == "name")
    if t2 is not None and (tot := _total(t2)) is not None:
        k2 = _key(t2, tot.record, "合计")
        for keys, i in cur_in:
            x.eq(t1, i.record, keys[0], [(1, t2, tot.record, k2)], "表1本年收入合计 = 表2合计")
        fiscal = [(keys, i) for keys, i in lines_in if "财政拨款收入" in label_of(i.record)
                  and "非财政" not in label_of(i.record)]
        kf = _key(t2, tot.record, "财政拨款")
        if fiscal and kf:
            x.eq(t2, tot.record, kf, [(1, t1, i.record, keys[0]) for keys, i in fiscal],
                 "表2财政拨款收入 = 表1三项财政拨款收入")
        for keys, i in lines_in:
            name = strip_ordinal(label_of(i.record))
            k = next((k for k in tot.record.values if _short(k) == name), None)
            if k and "财政拨款" not in name:
                x.eq(t1, i.record, keys[0], [(1, t2, tot.record, k)], "表1收入项 = 表2合计列")
    for t3 in t3s:
        classes = _class_rows(t3)
        tot = _total(t3)
        for keys, i in cur_out:
            if tot is not None:
                x.eq(t1, i.record, keys[0], [(1, t3, tot.record, _key(t3, tot.record, "合计")
                                              or _key(t3, tot.record))],
                     "表1本年支出合计 = 表3合计")
            elif classes:
                x.eq(t1, i.record, keys[0],
                     [(1, t3, c.record, _key(t3, c.record)) for c in classes.values()],
                     "表1本年支出合计 = Σ 表3各类")
        _per_class(x, t1, "支出", t3, classes, 0, "表1类 = 表3类")
    if t4 is not None:
        t4_lines: list[tuple[tuple[str, ...], RecInfo]] = []
        for keys4, infos in _side(t4, "收入"):
            for j in infos:
                if label_of(j.record) == "本年收入合计":
                    break
                t4_lines.append((keys4, j))
        for keys, i in lines_in:
            fund = _fund_of(label_of(i.record))
            for keys4, j in t4_lines:
                if fund and "非财政" not in label_of(i.record) \
                        and _fund_of(label_of(j.record)) == fund:
                    x.eq(t1, i.record, keys[0], [(1, t4, j.record, keys4[0])], "表1 = 表4 财政拨款收入")


def _fund_of(name: str) -> str | None:
    for f in ("一般公共预算", "政府性基金", "国有资本经营"):
        if f in name:
            return f
    return None


def _per_class(x: _Cross, a: TableView, side: str, b: TableView, classes: dict[str, RecInfo],
               col: int, what: str, key_words: tuple[str, ...] = ()) -> None:
    lines = _named(a, side, lambda n, i: i.role == "name" and i.record.subject.code)
    if not lines or not classes:
        return
    complete = all(any(i.record.subject.code == c for _, i in lines) for c in classes) and \
        all(i.role in ("subject", "total") and i.trusted for i in b.infos)
    for keys, i in lines:
        ka = next((k for k in keys if all(w in k for w in key_words)), None) if key_words \
            else keys[col]
        c = classes.get(i.code)
        if c is not None:
            x.eq(a, i.record, ka, [(1, b, c.record, _key(b, c.record))], what)
        elif complete:
            x.eq(a, i.record, ka, [], f"{what} (无此类: 0)")


def _t4_against(x: _Cross, t4: TableView, t5s: list[TableView], t8: TableView | None,
                t9: TableView | None) -> None:
    cur = _named(t4, "支出", lambda n, i: n == "本年支出合计")
    for t5 in t5s:
        _per_class(x, t4, "支出", t5, _class_rows(t5), 0, "表4一般公共预算类 = 表5类",
                   ("一般公共预算",))
        tot = _total(t5)
        for keys, i in cur:
            k = next((k for k in keys if "一般公共预算" in k), None)
            if tot is not None:
                x.eq(t4, i.record, k, [(1, t5, tot.record, _key(t5, tot.record))],
                     "表4本年支出(一般公共预算) = 表5合计")
    for other, word in ((t8, "政府性基金"), (t9, "国有资本经营")):
        if other is None or (tot := _total(other)) is None:
            continue
        ko = _key(other, tot.record, "本年支出", "小计") or _key(other, tot.record, "合计") or \
            _key(other, tot.record, "小计")
        for keys, i in cur:
            k = next((k for k in keys if word in k), None)
            x.eq(t4, i.record, k, [(1, other, tot.record, ko)], f"表4本年支出({word}) = {other.tag}合计")


def _basic_vs_detail(x: _Cross, t5: TableView, t6: TableView) -> None:
    tot = _total(t5)
    if tot is None:
        return
    k5 = _key(t5, tot.record, "基本支出")
    terms: list[_Term] = []
    for group in ("人员经费", "公用经费"):
        got = group_total(t6, group)
        if got is None:
            return
        k, rec = got
        terms.append((1, t6, rec, k))
    x.eq(t5, tot.record, k5, terms, "表5基本支出合计 = 表6人员经费合计 + 公用经费合计")


def group_total(view: TableView, group: str) -> tuple[str, Record] | None:
    """表6's ``<group>合计`` cell as (key, record), or None when the table has none.

    The total sits on the side headed by the group (人员经费 | 公用经费) when the header names
    the sides; otherwise (sides headed 决算数, 决算数#2 …) in the row labelled with it.
    """
    row = next((i.record.row for i in view.infos if label_of(i.record) == group + "合计"), None)
    if row is None:
        return None
    cands = [(k, i.record) for keys, infos in view.sides if keys[0].startswith(group)
             for i in infos if i.record.row == row for k in keys]
    if not cands:
        cands = [(k, i.record) for i in view.infos if i.record.row == row
                 and label_of(i.record) == group + "合计" for k in i.record.values
                 if k in view.key_col]
    filled = [c for c in cands if c[1].values[c[0]].kind == "amount"]
    pool = filled or cands
    return pool[-1] if pool else None


def _budget(x: _Cross, views: list[TableView]) -> None:
    gen = _first(views, "budget.general_budget_expenditure")
    basic = _first(views, "budget.basic_expenditure")
    fiscal = _first(views, "budget.fiscal_summary")
    fund = _first(views, "budget.government_fund")
    if basic is not None and (btot := _total(basic)) is not None:
        kb = _key(basic, btot.record)
        if gen is not None and (gtot := _total(gen)) is not None:
            x.eq(gen, gtot.record, _key(gen, gtot.record, "基本支出"), [(1, basic, btot.record, kb)],
                 "一般公共预算支出表基本支出 = 基本支出表合计")
        fund_empty = fund is None or not any(v.number for v in fund.values.values())
        if fiscal is not None and fund_empty:
            for keys, i in _named(fiscal, "支出", lambda n, i: n == "基本支出"):
                x.eq(fiscal, i.record, keys[0], [(1, basic, btot.record, kb)],
                     "财政拨款基本支出 = 一般公共预算基本支出表合计 (无政府性基金)")
    summary = _first(views, "budget.financial_summary")
    for other, side, word in ((_first(views, "budget.income"), "收入", "本年收入合计"),
                              (_first(views, "budget.expenditure"), "支出", "本年支出合计")):
        if summary is None or other is None or (tot := _total(other)) is None:
            continue
        ko = _key(other, tot.record)
        for keys, i in _named(summary, side, lambda n, i: n == word):
            x.eq(summary, i.record, keys[0], [(1, other, tot.record, ko)], f"收支总表{word} = {other.tag}合计")


def _twin_key(r: Record) -> tuple[str | None, ...]:
    return (r.subject.code,) if r.subject.code else (None, label_of(r))


def _twins(x: _Cross, views: list[TableView]) -> None:
    """A table printed twice (e.g. 表3 and 表3（类款项分列）): equal cell by cell."""
    seen: dict[tuple[str, str | None], TableView] = {}
    for v in views:
        key = (v.table.kind, v.table.number)
        if v.table.number is None or key not in seen:
            seen[key] = v
            continue
        a = seen[key]
        ra = {_twin_key(i.record): i.record for i in a.infos}
        for i in v.infos:
            r = i.record
            other = ra.get(_twin_key(r))
            if other is None:
                continue
            for k in r.values:
                if k in other.values and v.amount(r, k):
                    x.eq(v, r, k, [(1, a, other, k)], "同表两版一致")
