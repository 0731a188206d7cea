"""Hierarchy and cross-table equations, and how an equation is evaluated.

Hierarchy (per side of a table, with the codes recognition trusts): 款 = Σ its 项, 类 = Σ its
款 (the nearest present ancestor counts, so a table without 款 rows sums 项 into 类), the
合计/总计 row = Σ top-level rows, and in budget tables a unit row (单位代码) = Σ the subjects
under it.  A parent whose stretch of rows holds a row of unknown position (a code that could
not be read or contradicts the row order) is left unchecked.

Cross-table (one document): 表1 against 表2/表3/表4 totals, 收入 lines and per-类 lines, 表4
against 表5/表8/表9, 表5 基本支出 against 表6 人员经费合计 + 公用经费合计, tables printed twice
(the 类款项分列 variant) cell by cell, and the budget analogues.

Tolerance: printed amounts are rounded to the table's last decimal (``u`` = 0.01 万元 for two
decimals).  With ``m`` printed non-zero amounts in an equation (a printed 0.00 is taken as an
exact zero) the rounding residual is at most ``m/2·u``; a plain equality of one amount with another (m = 2) must hold exactly, because
both are the same number rounded the same way.  The bound used is
``min(⌊m/2⌋, ⌈3·√(m/12)⌉)·u`` — the exact worst case for up to 5 amounts, a 3-sigma bound
for longer sums (i.e. at most 0.01 per summed term, as the issue asks, and never more).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable

from .rules import Equation, Ref, TableView, _short
from .subjects import RecInfo
from .subjects_names import label_of, strip_ordinal


@dataclass(frozen=True, slots=True)
class Evaluation:
    actual: Decimal
    expected: Decimal
    residual: Decimal
    tol: Decimal
    ok: bool


def tolerance(m: int, decimals: int) -> Decimal:
    unit = Decimal(1).scaleb(-decimals)
    if m <= 2:
        return Decimal(0)
    return unit * min(m // 2, math.ceil(3 * math.sqrt(m / 12)))


def evaluate(eq: Equation, number: Callable[[Ref], Decimal | None],
             decimals: Callable[[Ref], int]) -> Evaluation | None:
    """None when every cell is blank (nothing to check)."""
    nums = {r: number(r) for r in eq.coefs()}
    printed = [r for r, n in nums.items() if n is not None]
    if not printed and not eq.const:
        return None
    rounded = [r for r in printed if nums[r] != 0]     # a printed 0.00 is taken as exact
    actual = sum((nums[r] or Decimal(0) for r in eq.lhs), Decimal(0))
    expected = sum((s * (nums[r] or Decimal(0)) for s, r in eq.rhs), eq.const)
    if eq.tol is not None:
        tol = eq.tol
    else:
        dec = max((decimals(r) for r in nums), default=2)
        tol = tolerance(len(rounded), dec)
    res = actual - expected
    return Evaluation(actual, expected, res, tol, abs(res) <= tol)


# ----------------------------------------------------------------------------- hierarchy

def hierarchy_equations(view: TableView) -> list[Equation]:
    out: list[Equation] = []
    for keys, infos in view.sides:
        coded = [i for i in infos if i.role == "subject"]
        if not coded:
            continue
        last = max(i.record.row for i in coded)
        doubtful = {i.record.row for i in infos
                    if (i.role == "unknown" and i.record.row < last)
                    or (i.role == "subject" and not i.trusted)}
        counts: dict[str, int] = {}
        for i in coded:
            counts[i.record.subject.code] = counts.get(i.record.subject.code, 0) + 1
        good = [i for i in coded if i.trusted and counts[i.record.subject.code] == 1]
        present = {i.record.subject.code: i for i in good}

        def anc(code: str) -> str | None:
            for n in (5, 3):
                if n < len(code) and code[:n] in present:
                    return code[:n]
            return None

        kids: dict[str, list[RecInfo]] = {}
        tops: list[RecInfo] = []
        for i in good:
            a = anc(i.record.subject.code)
            (kids.setdefault(a, []) if a else tops).append(i)
        for code, ks in kids.items():
            parent = present[code]
            if _span_doubtful(parent, infos, doubtful):
                continue
            out += _sums(view, keys, parent.record, [k.record for k in ks],
                         f"{view.label(parent.record)} = Σ 下级科目")
        whole_ok = not doubtful and len(good) == len(coded)
        for info in infos:
            if info.role == "total" and label_of(info.record) in ("合计", "总计") \
                    and whole_ok and tops:
                out += _sums(view, keys, info.record, [t.record for t in tops], "合计 = Σ 类")
        out += _group_rows(view, keys, infos, tops, whole_ok)
    return out


def _span_doubtful(parent: RecInfo, infos: list[RecInfo], doubtful: set[int]) -> bool:
    code = parent.record.subject.code
    for i in infos:
        if i.record.row <= parent.record.row:
            continue
        c = i.record.subject.code if i.role == "subject" else None
        if i.record.row in doubtful:
            return True
        if i.role in ("total", "group") or (c is not None and not c.startswith(code)):
            return False
    return False


def _group_rows(view: TableView, keys, infos: list[RecInfo], tops: list[RecInfo],
                whole_ok: bool) -> list[Equation]:
    """Budget unit rows: a unit row = Σ subjects below it; a department row = Σ its units."""
    if not whole_ok:
        return []
    out: list[Equation] = []
    order = [i for i in infos if i.role in ("group", "subject", "total")]
    top_rows = {t.record.row for t in tops}
    units, depts = [], []
    for k, i in enumerate(order):
        if i.role != "group":
            continue
        nxt = order[k + 1] if k + 1 < len(order) else None
        (depts if nxt is not None and nxt.role == "group" else units).append(k)
    for k in units:
        members = []
        for i in order[k + 1:]:
            if i.role != "subject":
                break
            if i.record.row in top_rows:
                members.append(i.record)
        out += _sums(view, keys, order[k].record, members, "单位 = Σ 科目")
    for k in depts:
        members = []
        for j in range(k + 1, len(order)):
            if order[j].role == "group" and j in depts:
                break
            if j in units:
                members.append(order[j].record)
        out += _sums(view, keys, order[k].record, members, "部门 = Σ 单位")
    return out


def _sums(view: TableView, keys, target, members, what: str) -> list[Equation]:
    if not members:
        return []
    out = []
    for key in keys:
        if not view.amount(target, key):
            continue
        out.append(Equation(f"{view.tag} {what} [{_short(key)}]", (view.ref(target, key),),
                            tuple((1, view.ref(m, key)) for m in members if key in m.values),
                            source="hierarchy"))
    return out


# ----------------------------------------------------------------------------- cross-table

def _first(views: list[TableView], kind: str) -> TableView | None:
    hits = [v for v in views if v.table.kind == kind]
    return hits[0] if hits else None


def _all(views: list[TableView], kind: str) -> list[TableView]:
    return [v for v in views if v.table.kind == kind]


def _side(view: TableView, prefix: str):
    return [(keys, infos) for keys, infos in view.sides if keys[0].startswith(prefix)]


def _named(view: TableView, prefix: str, pred) -> list[tuple[str, RecInfo]]:
    out = []
    for keys, infos in _side(view, prefix):
        out += [(keys, i) for i in infos if pred(label_of(i.record), i)]
    return out


def _total(view: TableView) -> RecInfo | None:
    for i in view.infos:
        if i.role == "total" and label_of(i.record) in ("合计", "总计") and i.record.values:
            return i
    return None


def _key(view: TableView, rec, *words: str, index: int = 0) -> str | None:
    keys = [k for k in rec.values if all(w in k for w in words)]
    keys.sort(key=lambda k: view.key_col.get(k, 0))
    return keys[index] if len(keys) > index else None


def _class_rows(view: TableView) -> dict[str, RecInfo]:
    rows = [i for i in view.infos if i.role in ("subject", "name")
            and i.record.subject.level == "类" and i.record.subject.code]
    return {i.record.subject.code: i for i in rows}


class _Cross:
    def __init__(self):
        self.out: list[Equation] = []

    def eq(self, a: TableView, ra, ka: str | None, terms, what: str):
        """a[ra, ka] = Σ ±b[rb, kb] over ``terms``: (sign, view, rec, key)."""
        if ra is None or ka is None or any(k is None or r is None for _, _, r, k in terms):
            return
        rhs = tuple((s, v.ref(r, k)) for s, v, r, k in terms)
        names = " + ".join(f"{v.tag} {v.label(r)} [{_short(k)}]" for _, v, r, k in terms) or "0"
        self.out.append(Equation(f"{what}: {a.tag} {a.label(ra)} [{_short(ka)}] = {names}",
                                 (a.ref(ra, ka),), rhs, source="cross"))


def cross_equations(views: list[TableView]) -> list[Equation]:
    x = _Cross()
    t1 = _first(views, "final.income_expenditure_summary")
    t2 = _first(views, "final.income")
    t4 = _first(views, "final.fiscal_summary")
    t6 = _first(views, "final.basic_expenditure_detail")
    if t1 is not None:
        _t1_against(x, t1, t2, _all(views, "final.expenditure"), t4)
    if t4 is not None:
        _t4_against(x, t4, _all(views, "final.general_budget_expenditure"),
                    _first(views, "final.government_fund"), _first(views, "final.state_capital"))
    if t6 is not None:
        for t5 in _all(views, "final.general_budget_expenditure") + _all(
                views, "budget.general_budget_expenditure"):
            _basic_vs_detail(x, t5, t6)
    _budget(x, views)
    _twins(x, views)
    return x.out


def _t1_against(x: _Cross, t1: TableView, t2, t3s: list[TableView], t4) -> None:
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
        t4_lines = []
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
        c = classes.get(i.record.subject.code)
        if c is not None:
            x.eq(a, i.record, ka, [(1, b, c.record, _key(b, c.record))], what)
        elif complete:
            x.eq(a, i.record, ka, [], f"{what} (无此类: 0)")


def _t4_against(x: _Cross, t4: TableView, t5s: list[TableView], t8, t9) -> None:
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
    terms = []
    for group in ("人员经费", "公用经费"):
        row = next((i.record.row for i in t6.infos
                    if label_of(i.record) == group + "合计"), None)
        if row is None:
            return
        cands = [(k, i.record) for keys, infos in t6.sides if keys[0].startswith(group)
                 for i in infos if i.record.row == row for k in keys]
        filled = [c for c in cands if c[1].values[c[0]].kind == "amount"]
        k, rec = (filled or cands)[-1]
        terms.append((1, t6, rec, k))
    x.eq(t5, tot.record, k5, terms, "表5基本支出合计 = 表6人员经费合计 + 公用经费合计")


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


def _twin_key(r) -> tuple:
    return (r.subject.code,) if r.subject.code else (None, label_of(r))


def _twins(x: _Cross, views: list[TableView]) -> None:
    """A table printed twice (e.g. 表3 and 表3（类款项分列）): equal cell by cell."""
    seen: dict[tuple, TableView] = {}
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
