"""Equations a table must satisfy: parsed from its printed note and built in per table kind.

An ``Equation`` is linear over value cells (``Ref``: table index, grid row, grid column):
``Σ lhs = Σ ±rhs + const``.  Notes such as ``1栏各行=(2+3+4+5+6+7)栏各行``,
``6栏各行=（1+2-3）栏各行``, ``1栏=(2+3+6)栏``, ``27行=(1+2+...+8)行`` are parsed by
``parse_note``; columns are addressed by their 栏次 label (or, where none is printed, by the
position among the value columns), rows by the printed 行次.  The built-in rules give the same
arithmetic for tables whose note was not printed (or was lost), from header keys and row names:

* column trees: a ``合计``/``小计``/``总计`` column (``本年支出合计``, ``本年支出/小计``) equals the
  sum of its sibling columns, per row;
* ``*.government_fund``: 年末结转和结余 = 年初结转和结余 + 本年收入 − 本年支出;
* summary tables (表1, 表4, budget 收支总表 / 财政拨款收支总表): 本年合计 = Σ items, 总计 =
  本年合计 + the rows between, a 结转和结余 row = Σ its fund rows, 收入总计 = 支出总计;
* outlines (``一、`` > ``（一）`` > ``1.`` > ``（1）``, ``其中：``): parent = Σ children;
* 表6: 人员经费合计 / 公用经费合计 = Σ the 类 rows of their sides.
Hierarchy (codes), cross-table and prose equations live in ``checks`` and ``prose``.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from ..model import Record, Table, Value
from .subjects import RecInfo, label_of, norm_name, outline_level, strip_ordinal


@dataclass(frozen=True, slots=True, order=True)
class Ref:
    table: int
    row: int
    col: int


@dataclass(frozen=True, slots=True)
class Equation:
    rule: str
    lhs: tuple[Ref, ...]
    rhs: tuple[tuple[int, Ref], ...]
    const: Decimal = Decimal(0)
    source: str = "builtin"          # note | builtin | hierarchy | cross | prose
    tol: Decimal | None = None       # fixed tolerance; None: from the rounding of the terms

    def coefs(self) -> dict[Ref, int]:
        out: dict[Ref, int] = {}
        for r in self.lhs:
            out[r] = out.get(r, 0) + 1
        for s, r in self.rhs:
            out[r] = out.get(r, 0) - s
        return {r: k for r, k in out.items() if k}

    def signature(self) -> tuple:
        c = self.coefs()
        if not c:
            return ()
        first = min(c)
        flip = -1 if c[first] < 0 else 1
        return (tuple(sorted((r, k * flip) for r, k in c.items())), self.const * flip)


@dataclass(frozen=True, slots=True)
class NoteEquation:
    axis: str                              # "col" (栏) or "row" (行)
    target: int
    terms: tuple[tuple[int, int], ...]     # (sign, 栏次 or 行次)
    text: str


class NoteError(ValueError):
    """A note line that looks like an equation but cannot be one (e.g. refers to itself)."""


_NOTE = re.compile(r"^(\d+)(栏|行)(?:各行)?=(.+)$")
_DOTS = ("⋯⋯", "……", "⋯", "…", "．．．", "。。。")


def parse_note(text: str) -> list[NoteEquation]:
    """All equations of one note line; raises ``NoteError`` for a malformed equation."""
    s = unicodedata.normalize("NFKC", text)
    for d in _DOTS:
        s = s.replace(d, "...")
    s = re.sub(r"\s+", "", s).replace("—", "-").replace("－", "-")
    s = re.sub(r"\.{2,}", "...", s)
    out: list[NoteEquation] = []
    for part in re.split(r"[;；。,，]", s):
        m = _NOTE.match(part)
        if not m:
            continue
        target, axis, rhs = int(m.group(1)), m.group(2), m.group(3)
        if axis not in rhs:
            raise NoteError(f"{part}: the right side does not say {axis}")
        body = re.sub(r"[栏行各()（）]", "", rhs)
        tokens = re.findall(r"[+-]?\d+|\.\.\.", body)
        if not tokens or re.sub(r"[+-]?\d+|\.\.\.|\+", "", body):
            raise NoteError(f"{part}: cannot read the terms")
        terms: list[tuple[int, int]] = []
        for k, tok in enumerate(tokens):
            if tok == "...":
                if k == 0 or k + 1 >= len(tokens) or tokens[k + 1] == "...":
                    raise NoteError(f"{part}: a range needs numbers on both sides")
                lo, hi = terms[-1][1], abs(int(tokens[k + 1]))
                sign = -1 if tokens[k + 1].startswith("-") else 1
                terms.extend((sign, n) for n in range(lo + 1, hi))
            else:
                terms.append((-1 if tok.startswith("-") else 1, abs(int(tok))))
        numbers = [n for _, n in terms]
        if target in numbers:
            raise NoteError(f"{part}: {axis} {target} is on both sides")
        if len(set(numbers)) != len(numbers):
            raise NoteError(f"{part}: a term appears twice")
        out.append(NoteEquation("col" if axis == "栏" else "row", target, tuple(terms), part))
    return out


# ----------------------------------------------------------------------------- table view

_TOTAL_LEAF = re.compile(r"^(?:合计|小计|总计)$|^本年(?:收入|支出)合计$")


class TableView:
    """A table's records and value cells, indexed for building equations."""

    def __init__(self, index: int, table: Table, infos: tuple[RecInfo, ...]):
        self.index = index
        self.table = table
        self.infos = infos
        self.key_col = {c.key: c.index for c in table.columns}
        self.col_key = {c.index: c.key for c in table.columns}
        sides: dict[tuple[str, ...], list[RecInfo]] = {}
        for info in sorted(infos, key=lambda i: i.record.row):
            keys = tuple(sorted(info.record.values, key=lambda k: self.key_col.get(k, 0)))
            if keys:
                sides.setdefault(keys, []).append(info)
        self.sides = sorted(sides.items(), key=lambda kv: self.key_col.get(kv[0][0], 0))
        self.values: dict[tuple[int, int], Value] = {}
        for info in infos:
            for k, v in info.record.values.items():
                if k in self.key_col:
                    self.values[(info.record.row, self.key_col[k])] = v
        decimals = Counter(_decimals(v.raw) for v in self.values.values() if v.kind == "amount")
        self.decimals = decimals.most_common(1)[0][0] if decimals else 2
        extra = re.search(r"表\s*\d+\s*[)）]\s*([（(][^)）]+[)）])\s*$", table.title)
        self.tag = (table.number or table.title or table.id) + (extra.group(1) if extra else "")

    def ref(self, rec: Record, key: str) -> Ref:
        return Ref(self.index, rec.row, self.key_col[key])

    def amount(self, rec: Record, key: str) -> bool:
        v = rec.values.get(key)
        return v is not None and v.kind != "percent"

    def label(self, rec: Record) -> str:
        s = rec.subject
        head = s.code or (f"{rec.line_no}行" if rec.line_no is not None else "")
        return f"{head} {s.name}".strip() or f"r{rec.row}"

    def value_columns(self) -> list[tuple[str, str]]:
        """(key, label) of the value columns in grid order; labels from 栏次 or position."""
        keys = sorted({k for keys, _ in self.sides for k in keys}, key=lambda k: self.key_col[k])
        labels = {c.key: c.label for c in self.table.columns}
        if any(labels.get(k) for k in keys):
            return [(k, labels.get(k, "")) for k in keys]
        return [(k, str(i + 1)) for i, k in enumerate(keys)]


def _decimals(raw: str) -> int:
    s = raw.replace(",", "").strip()
    return len(s) - s.index(".") - 1 if "." in s else 0


def _short(key: str) -> str:
    return key.split("#")[0]


# ----------------------------------------------------------------------------- notes

def note_equations(view: TableView) -> tuple[list[Equation], list[str]]:
    """Equations from the table's printed note lines; second item: rejected note texts."""
    eqs: list[Equation] = []
    rejected: list[str] = []
    for line in view.table.notes:
        try:
            parsed = parse_note(line)
        except NoteError as e:
            rejected.append(str(e))
            continue
        for ne in parsed:
            made = _col_note(view, ne) if ne.axis == "col" else _row_note(view, ne)
            if made is None:
                rejected.append(f"{ne.text}: refers to columns or lines the table does not have")
            else:
                eqs.extend(made)
    return eqs, rejected


def _col_note(view: TableView, ne: NoteEquation) -> list[Equation] | None:
    if not view.sides:
        return []       # an empty table (说明: no activity): nothing to check
    by_label = {lab: key for key, lab in view.value_columns() if lab}
    if ne.target not in [int(x) for x in by_label if x.isdigit()] or any(
            str(n) not in by_label for _, n in ne.terms):
        return None
    t_key = by_label[str(ne.target)]
    terms = [(s, by_label[str(n)]) for s, n in ne.terms]
    out = []
    for keys, infos in view.sides:
        if t_key not in keys or not all(k in keys for _, k in terms):
            continue
        for info in infos:
            r = info.record
            out.append(Equation(f"{view.tag} {ne.text} [{view.label(r)}]", (view.ref(r, t_key),),
                                tuple((s, view.ref(r, k)) for s, k in terms), source="note"))
    return out


def _row_note(view: TableView, ne: NoteEquation) -> list[Equation] | None:
    if not view.sides:
        return []
    for keys, infos in view.sides:
        by_line = {i.record.line_no: i.record for i in infos if i.record.line_no is not None}
        if ne.target not in by_line:
            continue
        target = by_line[ne.target]
        if not all(n in by_line for _, n in ne.terms):
            return None
        out = []
        for key in keys:
            if not view.amount(target, key):
                continue
            out.append(Equation(f"{view.tag} {ne.text} [{_short(key)}]", (view.ref(target, key),),
                                tuple((s, view.ref(by_line[n], key)) for s, n in ne.terms),
                                source="note"))
        return out
    return None


# ----------------------------------------------------------------------------- built-in

def builtin_equations(view: TableView) -> list[Equation]:
    kind = view.table.kind
    if kind == "other" or kind.endswith("performance_targets"):
        return []
    out = _column_trees(view)
    if kind.endswith("government_fund"):
        out += _fund_balance(view)
    if kind.endswith("summary"):
        out += _summary(view)
    if kind.endswith(("summary", "three_public")):
        out += _outlines(view)
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


def _column_trees(view: TableView) -> list[Equation]:
    out: list[Equation] = []
    for keys, infos in view.sides:
        usable = [k for k in keys if not re.match(r"^(栏\d+|col\d+)$", k) and "其中" not in k]
        paths = {k: _short(k).split("/") for k in usable}

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
        for parent in sorted(groups):
            kids = [k for k, p in paths.items() if len(p) == len(parent) + 1
                    and tuple(p[:-1]) == parent]
            totals = [k for k in kids if _TOTAL_LEAF.match(paths[k][-1])]
            if len(totals) != 1:
                continue
            children = sorted({p[len(parent)] for k, p in paths.items()
                               if tuple(p[: len(parent)]) == parent and k != totals[0]})
            cols: list[str] = []
            for child in children:
                got = node_value(list(parent) + [child])
                if got is None:
                    cols = []
                    break
                cols += got
            if not cols:
                continue
            rule = f"{_short(totals[0])} = " + " + ".join(_short(c) for c in cols)
            for info in infos:
                r = info.record
                out.append(Equation(f"{view.tag} {rule} [{view.label(r)}]",
                                    (view.ref(r, totals[0]),),
                                    tuple((1, view.ref(r, c)) for c in cols)))
    return out


def _find_key(keys, *words: str, exclude: tuple[str, ...] = ()) -> str | None:
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
        codes = {i.record.subject.code for i in coded}
        return [i.record for i in coded if not any(
            i.record.subject.code[:n] in codes for n in (3, 5) if n < len(i.record.subject.code))]
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


def _sum_rule(view: TableView, keys, target: Record, items: list[Record], what: str):
    out = []
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


def _outlines(view: TableView) -> list[Equation]:
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
            if levels[k] is None:
                continue
            kids = []
            for j in range(k + 1, len(recs)):
                if levels[j] is None or levels[j] <= levels[k]:
                    break
                if levels[j] == levels[k] + 1 or (kids == [] and levels[j] > levels[k]):
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
                row = info.record.row
                cands = [(k, i.record) for keys, infos in view.sides if _side_name(keys) == group
                         for i in infos if i.record.row == row for k in keys]
                filled = [c for c in cands if c[1].values[c[0]].kind == "amount"]
                totals[group] = (filled or cands or [None])[-1]
    for group, target in totals.items():
        members = by_group.get(group, [])
        if target is None or not members:
            continue
        key, rec = target
        terms = tuple((1, view.ref(i.record, keys[0])) for keys, i in members)
        codes = "+".join(i.record.subject.code for _, i in members)
        out.append(Equation(f"{view.tag} {group}合计 = {codes}", (view.ref(rec, key),), terms))
    return out
