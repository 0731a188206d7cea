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
from decimal import Decimal

from ..model import Cell, Column, Level, Record, Scheme, Subject, Value
from .header import Side, split_sides
from .numbers import parse_value

_DIGITS = re.compile(r"^\d+$")
_GLUED = re.compile(r"^(\d{3}(?:\d{2}){0,2})\s*([^\d\s].*)$")
_LEVELS: dict[int, Level] = {3: "类", 5: "款", 7: "项"}
_PERCENT_HEAD = re.compile(r"[%％]")      # 为预算%, 增长％: the column holds percentages


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
    return _as_percent(v) if _PERCENT_HEAD.search(key) else v


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


_RATIO_ROWS = 3          # rows a column must be a ratio on before it is read as one
_RATIO_SHARE = 0.8       # share of its figures that must be the same ratio


def _half_unit(d: Decimal) -> Decimal:
    exp = d.as_tuple().exponent
    return Decimal(5).scaleb((exp if isinstance(exp, int) else 0) - 1)


def _ratio_columns(records: list[Record], keys: list[str]) -> set[str]:
    """Value columns whose figures are, row by row, 100 × one other column / another (within
    the rounding of the three printed figures) on at least ``_RATIO_SHARE`` of their rows and
    ``_RATIO_ROWS`` rows: percentage columns whose % the page or the OCR lost (决算数为调整
    预算数的, a header read as '决算数/点整').  They hold percentages, never summed as money."""
    out: set[str] = set()
    for c in keys:
        rows = [r for r in records if c in r.values and r.values[c].kind == "amount"
                and r.values[c].number is not None]
        if len(rows) < _RATIO_ROWS:
            continue
        hits: dict[tuple[str, str], int] = {}
        for r in rows:
            v = r.values[c].number
            if v is None:
                continue
            nums = {k: r.values[k].number for k in keys if k != c and k in r.values
                    and r.values[k].kind == "amount" and r.values[k].number}
            for a, na in nums.items():
                for b, nb in nums.items():
                    if a == b or na is None or nb is None:
                        continue
                    ratio = 100 * na / nb
                    slack = _half_unit(v) + abs(ratio) * (_half_unit(na) / abs(na)
                                                          + _half_unit(nb) / abs(nb))
                    if abs(ratio - v) <= slack:
                        hits[(a, b)] = hits.get((a, b), 0) + 1
        best = max(hits.values(), default=0)
        if best >= _RATIO_ROWS and best >= _RATIO_SHARE * len(rows):
            out.add(c)
    return out


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
        ratios = _ratio_columns(found, [columns[j].key for j in side.value_cols])
        if ratios:
            found = [replace(rec, values={k: _as_percent(v) if k in ratios else v
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
