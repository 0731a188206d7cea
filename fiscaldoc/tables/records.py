"""Data rows -> records keyed by subject code (or printed name), with parsed values.

A code may be printed in one column (``2010350``), split over 类/款/项 columns
(``201 | 03 | 50``), spaced inside one cell (``201 03 50``) or glued to the name
(``201一般公共服务``).  Rows without a code are keyed by the printed name
(``一、一般公共服务支出``).  Resolution against the official dictionary happens later; here the
level comes from the code's length and the scheme from the table's headers.
"""
from __future__ import annotations

import re
from dataclasses import replace

from ..model import Cell, Column, Level, Record, Scheme, Subject, Value
from .header import Side, split_sides
from .numbers import parse_value
from .ratios import ratio_columns

_DIGITS = re.compile(r"^\d+$")
_GLUED = re.compile(r"^(\d{3}(?:\d{2}){0,2})\s*([^\d\s].*)$")
_LEVELS: dict[int, Level] = {3: "类", 5: "款", 7: "项"}
_PERCENT_HEAD = re.compile(r"[%％]")      # 为预算%, 增长％: the column holds percentages
# a growth rate whose % the page or the OCR lost (增长, 同口径增长, 可比口径增幅, 比上年):
# a rate, not money (money that grew is 增长额 / 增减额 / 增加数)
_GROWTH_HEAD = re.compile(r"增长|增幅|同比|口径|比上年")
_MONEY_WORD = re.compile(r"额|数|元")


# a column that counts or scores something other than money (a 绩效 table's 指标值, 分值,
# 得分 and 权重; 人数, 数量, 面积): its figures are measures, kept as text, never summed
_MEASURE_HEAD = re.compile(r"绩效指标|指标值|分值|得分|权重|评分|人数|数量|个数|台数|面积|编制|年限|期限|^序号$")


# a 绩效 table (targets, self-evaluation) states indicators: its figures are money only where
# the column or the row says so (年度资金总额 | 全年预算数 | 全年执行数); the rest are measures
_MONEY = re.compile(r"资金|预算|执行数|金额|总额|拨款|经费|支出|收入|万元|元）|元\)")


def _performance(table_kind: str) -> bool:
    return "performance" in table_kind


def _indicator_row(row: list[str], columns: tuple[Column, ...]) -> bool:
    """A 绩效 form's indicator row (产出指标 / 指标1：…) printed under the columns of its funds
    block (全年预算数（A） …): the word 指标 stands in a cell whose column header does not say
    指标 (a list's 一级指标 column names the indicator of a row that also states its money)."""
    return any("指标" in text and j < len(columns) and "指标" not in columns[j].key
               for j, text in enumerate(row))


def _as_measure(v: Value) -> Value:
    return replace(v, kind="text", number=None) if v.kind in ("amount", "percent") else v


def _parse(text: str, key: str, unit: str) -> Value:
    v = parse_value(text, unit)
    if _MEASURE_HEAD.search(key):
        return _as_measure(v)
    return _as_percent(v) if _PERCENT_HEAD.search(key) or _growth(key) else v


def _growth(key: str) -> bool:
    leaf = key.split("/")[-1]
    m = _GROWTH_HEAD.search(leaf)
    return m is not None and not _MONEY_WORD.search(leaf[m.start():])


def _as_percent(v: Value) -> Value:
    """A number in a column headed with % is a percentage even when printed without the sign."""
    if v.kind != "amount":
        return v
    return replace(v, kind="percent", unit="%")


def _scheme(code: str, side_keys: str, table_kind: str) -> Scheme:
    if "经济分类" in side_keys or "经济科目" in side_keys:
        return "economic"
    if "功能分类" in side_keys:
        return "functional"
    if table_kind.endswith("basic_expenditure_detail") or table_kind.endswith("basic_expenditure"):
        return "economic"
    if code[:1] in ("3", "5") and len(code) in (3, 5):
        return "economic"
    return "functional"


_FINER_ROWS = 3      # figures a column needs before its precision tells anything


def _places(raw: str) -> int:
    s = raw.replace(",", "").strip()
    return len(s) - s.index(".") - 1 if "." in s else 0


def _finer_columns(records: list[Record], keys: list[str]) -> set[str]:
    """Value columns printed at a finer precision than all the money of their side: every
    figure with decimals (99.48, -3.26) where every other column with figures prints whole
    amounts.  A table prints its money in one unit and precision, so these are rates whose %
    the page or the OCR lost (a growth on a comparable basis, which no two columns show)."""
    places: dict[str, list[int]] = {}
    figures: dict[str, set[str]] = {}
    for r in records:
        for k in keys:
            v = r.values.get(k)
            if v is not None and v.kind == "amount" and v.number:     # (a 0 says nothing)
                places.setdefault(k, []).append(_places(v.raw))
                figures.setdefault(k, set()).add(v.raw.strip())
    # (distinct figures: a total repeated on its 其中 rows is one figure, not three)
    finer = {k for k, p in places.items() if len(figures[k]) >= _FINER_ROWS and all(p)
             and len(set(p)) == 1}
    money = [p for k, p in places.items() if k not in finer]
    if not money or any(any(p) for p in money) or not any(len(p) >= _FINER_ROWS for p in money):
        return set()
    return finer


def _code_from(texts: list[str]) -> str | None:
    parts = [t.replace(" ", "") for t in texts if t.strip()]
    if not parts or not all(_DIGITS.match(p) for p in parts):
        return None
    code = "".join(parts)
    return code if len(code) in (3, 5, 7) else None


def build_records(cells: tuple[Cell, ...], n_rows: int, n_cols: int, header_rows: int,
                  columns: tuple[Column, ...], unit: str, table_kind: str) -> tuple[Record, ...]:
    grid = [["" for _ in range(n_cols)] for _ in range(n_rows)]
    for c in cells:
        grid[c.row][c.col] = c.text
    body = grid[header_rows:]
    sides = split_sides(columns, body)
    records: list[Record] = []
    for side in sides:
        keys = " ".join(columns[j].key for j in side.code_cols + side.name_cols)
        found: list[Record] = []
        block = False       # in a self-evaluation form's indicator block (see _indicator_row)
        for r in range(header_rows, n_rows):
            row = grid[r]
            block = block or ("evaluation" in table_kind and _indicator_row(row, columns))
            rec = _record(row, r, side, columns, unit, keys, table_kind, block)
            if rec is not None:
                found.append(rec)
        # percentage columns whose % the page or the OCR lost (决算数为调整预算数的 read
        # as '决算数/点整', 同比增长% as '同二可'): found in the figures, never money
        ratios = ratio_columns(found, [columns[j].key for j in side.value_cols])
        rates = set(ratios) | _finer_columns(found, [columns[j].key for j in side.value_cols])
        if rates:
            found = [replace(rec, values={k: _as_percent(v) if k in rates else v
                                          for k, v in rec.values.items()}) for rec in found]
        records.extend(found)
    records.sort(key=lambda rec: rec.row)
    return tuple(records)


def _record(row: list[str], r: int, side: Side, columns: tuple[Column, ...], unit: str,
            keys: str, table_kind: str, indicators: bool = False) -> Record | None:
    """One body row's record; ``indicators``: the row lies in a self-evaluation form's indicator
    block (below its first indicator row: the rows under a merged 产出指标 cell name none)."""
    code = _code_from([row[j] for j in side.code_cols]) if side.code_cols else None
    name = " ".join(row[j] for j in side.name_cols if row[j]).strip()
    if code is None and side.code_cols:
        # a name printed in the code column (合计, 人员经费合计) counts as the name
        stray = " ".join(row[j] for j in side.code_cols if row[j]).strip()
        if stray and not name:
            name = stray
    if code is None and name:
        m = _GLUED.match(name)
        if m:
            code, name = m.group(1), m.group(2).strip()
    values = {columns[j].key: _parse(row[j], columns[j].key, unit) for j in side.value_cols}
    if _performance(table_kind):
        if indicators or _indicator_row(row, columns):
            values = {k: _as_measure(v) for k, v in values.items()}
        elif not _MONEY.search(name or next((v.raw for v in values.values()
                                             if v.kind == "text"), "")):
            # (a form prints a row's words, 年度资金总额, in a column the header did not name:
            # without a name, the row's first words stand for it)
            values = {k: v if _MONEY.search(k) else _as_measure(v) for k, v in values.items()}
    if code is None and not name:
        if not any(v.kind in ("amount", "percent") for v in values.values()):
            return None
    line_no = None
    if side.line_col is not None and _DIGITS.match(row[side.line_col].strip() or "x"):
        line_no = int(row[side.line_col].strip())
    level = _LEVELS.get(len(code)) if code else None
    scheme = _scheme(code, keys, table_kind) if code else "other"
    return Record(r, Subject(code, name, level, scheme), values, line_no)
