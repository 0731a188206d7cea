"""Header rows, column keys and the label/value roles of columns.

Column keys flatten multi-row headers top-down with "/" ("本年支出/基本支出"); the 栏次 row's
numbers become the column label.  Label columns (codes, names, 行次) and value columns are told
apart by their header words, so side-by-side layouts (表1 收入 | 支出, 表6's three groups) split
into "sides", each with its own label and value columns.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Cell, Column

_AMOUNT = re.compile(r"^[-−－(（]?[\d,，]*\d\.\d+[)）]?%?$")
_CODE = re.compile(r"^\d{3}(\d{2}){0,2}$")
_INT = re.compile(r"^\d{1,2}$")
# an integer amount: thousands separators, or five digits and more (no code, 栏次 or year)
_BIG_INT = re.compile(r"^[-−－(（]?(?:\d{1,3}(?:[,，]\d{3})+|\d{5,})[)）]?$")
_BODY_WORDS = ("合计", "总计", "小计")
_NUMBERED = re.compile(r"^[一二三四五六七八九十]+、|^（[一二三四五六七八九十]+）|^\d+[.、．]")

LINE_WORDS = ("行次",)


_MONEY_HEAD = re.compile(r"金额|[预决]算|数$|合计|总计|小计|收入|支出|拨款|资金|经费|费$|余额")
# a 栏次 row marks its label columns with placeholders ("栏次 | * | * | 1 | 2"): no key part
_PLACEHOLDER = re.compile(r"^[*＊×—–\-/／△]+$")


def _row_texts(cells: tuple[Cell, ...], n_rows: int) -> list[list[Cell]]:
    rows: list[list[Cell]] = [[] for _ in range(n_rows)]
    for c in cells:
        rows[c.row].append(c)
    return rows


def is_header_row(texts: list[str]) -> bool:
    """A row that still belongs to the header (labels, 栏次, column numbers)."""
    ts = [t for t in texts if t]
    if not ts:
        return True
    if any("栏次" in t or "栏 次" in t for t in ts):
        return True
    if any(_AMOUNT.match(t.replace(" ", "")) or _BIG_INT.match(t.replace(" ", "")) for t in ts):
        return False
    if all(t.replace(" ", "") in _BODY_WORDS for t in ts):
        return False    # a 合计/总计 row empty of numbers, not a header label (合计 column)
    if any(_CODE.match(t) or _NUMBERED.match(t) for t in ts):
        return False
    return True         # labels, column numbers 1 2 3 …


def detect_header_rows(cells: tuple[Cell, ...], n_rows: int, known: int = -1) -> int:
    """Number of header rows: geometry's answer if known, else the first body-like row."""
    if known >= 0:
        return known
    rows = _row_texts(cells, n_rows)
    for r, row in enumerate(rows):
        if not is_header_row([c.text for c in row]):
            return r
        if r >= 10:
            return 1    # text-only table: take the first row as its header
    return n_rows


def column_keys(cells: tuple[Cell, ...], n_cols: int, header_rows: int) -> tuple[Column, ...]:
    """One Column per grid column: key from the header texts above it, label from 栏次."""
    parts: list[list[str]] = [[] for _ in range(n_cols)]
    labels = [""] * n_cols
    for c in sorted(cells, key=lambda c: (c.row, c.col)):
        if c.row >= header_rows or not c.text:
            continue
        t = c.text.replace(" ", "")
        for j in range(c.col, c.col + c.col_span):
            if _INT.match(t) and c.col_span == 1:
                labels[j] = t
            elif t in ("栏次",) or _PLACEHOLDER.match(t):
                continue
            elif not parts[j] or parts[j][-1] != t:
                parts[j].append(t)
    keys: list[str] = []
    seen: dict[str, int] = {}
    for j in range(n_cols):
        k = "/".join(parts[j]) or (f"栏{labels[j]}" if labels[j] else f"col{j}")
        if k in seen:
            seen[k] += 1
            k = f"{k}#{seen[k]}"
        else:
            seen[k] = 1
        keys.append(k)
    return tuple(Column(j, keys[j], labels[j]) for j in range(n_cols))


@dataclass(frozen=True, slots=True)
class Side:
    code_cols: tuple[int, ...]
    name_cols: tuple[int, ...]
    line_col: int | None
    value_cols: tuple[int, ...]


def _role(key: str) -> str:
    leaf = key.split("/")[-1].split("#")[0].replace(" ", "")
    full = key.split("#")[0]
    if any(w in leaf for w in LINE_WORDS):
        return "line"
    if leaf in ("类", "款", "项") or "编码" in leaf or "代码" in leaf or leaf in ("经济科目", "功能科目"):
        return "code"
    if (leaf in ("项目", "科目", "项目名称") or "名称" in leaf
            or leaf.startswith(("项目(", "项目（"))
            or re.match(r"^(?:收入|支出|收支|预算|决算)(?:项目|科目)$", leaf)   # 收入项目 | 支出项目
            or "科目（" in leaf or "科目(" in leaf):           # 支出功能分科目（按大类）
        return "name"
    if leaf.startswith("栏") or leaf.startswith("col"):
        # no header text: decide from the upper header parts
        if any(w in full for w in ("编码", "代码")):
            return "code"
        return "value"
    return "value"


def _integer_amounts(vals: list[str]) -> bool:
    """Whole figures of other lengths among three/five/seven-digit ones (1803 and 748 under a
    region's name): amounts of a whole-unit table, not subject codes, which are all 3, 5 or 7
    digits long."""
    other = sum(v.isdigit() and not _CODE.match(v) for v in vals)
    return other >= max(2, 0.1 * len(vals))


def split_sides(columns: tuple[Column, ...], body: list[list[str]]) -> list[Side]:
    """Group columns into sides: label columns followed by their value columns."""
    roles = [_role(c.key) for c in columns]
    # a column whose header names no money that holds codes in the body is a code column
    # (under 金额 / 预算数 / 合计 three- and five-digit integers are amounts of a 元 table)
    for j, c in enumerate(columns):
        if roles[j] == "value" and not _MONEY_HEAD.search(c.key.split("/")[-1]):
            vals = [row[j].replace(" ", "") for row in body if j < len(row) and row[j]]
            if vals and sum(bool(_CODE.match(v)) for v in vals) >= 0.6 * len(vals) \
                    and not _integer_amounts(vals):
                roles[j] = "code"
    sides: list[Side] = []
    codes: list[int] = []
    names: list[int] = []
    line: int | None = None
    values: list[int] = []
    for j, role in enumerate(roles):
        if role != "value" and values:
            sides.append(Side(tuple(codes), tuple(names), line, tuple(values)))
            codes, names, line, values = [], [], None, []
        if role == "code":
            codes.append(j)
        elif role == "name":
            names.append(j)
        elif role == "line":
            line = j
        else:
            values.append(j)
    if codes or names or values:
        sides.append(Side(tuple(codes), tuple(names), line, tuple(values)))
    return sides
