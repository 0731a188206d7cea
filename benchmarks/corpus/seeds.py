"""Read the tab-separated tables of a seed report and build truth tables from them.

A seed is a text extraction of a real disclosure report (``/work/shared/seeds``); its tables
survive as runs of consecutive lines whose cells are separated by tabs, with merged header
cells flattened over several tabs.  This module finds those runs, the title / 部门 / 单位 /
公开NN表 lines before them and the arithmetic lines of the note after them, and turns a run
into a truth table: an R x C grid tiled by cells with row and column spans.

Text normalisation (``normalize``), applied to every cell, title and equation:

1. remove ``<b>`` / ``</b>`` tags and ``**`` marks;
2. strip both ends;
3. remove whitespace between two CJK characters, where CJK means ideographs and CJK / full-
   width punctuation (“”‘’（）：；，、。 ...), so ``上 级 补 助`` becomes ``上级补助``;
4. collapse every other run of whitespace to one space (``2021 年度`` stays as it is).

OCR damage such as ``?位名称`` or ``算数`` is kept as printed.

Spans are inferred in the header rows only (``build_table``):

- a non-empty header cell followed by empty cells extends to the right over every empty cell
  that has text somewhere below it in the header, column numbers not counted (a parent over
  its sub-headers);
- a header cell then extends downwards over rows where all its columns are empty, but never
  into the column-numbering row (``栏次`` / ``1 2 3 ...``);
- explicit ``("span", row, col, row_span, col_span)`` fixes override the inference.

Body rows never have spans.  Seed-specific misalignments are repaired before inference with
small grid edits (``apply_fixes``) listed per table by the caller (``make_truth``).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\u2018\u2019\u201c\u201d"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")
_SPACES = re.compile(r"\s+")
AMOUNT = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+$")
_CODE = re.compile(r"^\d{3,7}$")
_SMALL_INT = re.compile(r"^\d{1,2}$")
_DEPT = re.compile(r"^(?:部门|部门名称|单位名称)\s*[：:]\s*(.+)$")
_UNIT = re.compile(r"^单位\s*[：:]\s*(.*)$")
_PUBLIC_NO = re.compile(r"^公开\s*(\d+)\s*表$")
_TITLE_NO = re.compile(r"[（(]\s*表\s*(\d+)\s*[)）]")
_EQUATION = re.compile(r"^\d+\s*[栏行]")
_YEAR = re.compile(r"(\d{4})\s*年")


def normalize(text: str) -> str:
    """Normalise one piece of seed text (see the module docstring)."""
    text = re.sub(r"</?b>", "", text).replace("**", "").strip()
    text = _CJK_GAP.sub("", text)
    return _SPACES.sub(" ", text)


@dataclass
class RawTable:
    """One run of tab-separated lines with the lines around it."""

    line: int                      # 1-based line number of the first grid row
    title: str
    number: str | None             # "表2", "公开02表" or None
    department: str
    unit: str
    rows: list[list[str]]          # normalised fields, meta lines removed
    equations: list[str] = field(default_factory=list)


@dataclass
class SeedText:
    stem: str
    year: int
    report: str                    # "决算" | "预算"
    tables: list[RawTable]


def _meta(text: str, found: dict) -> bool:
    """Record a 部门/单位/公开NN表 line in ``found`` (closest wins); True if it was one."""
    if m := _DEPT.match(text):
        found.setdefault("department", m.group(1).strip())
        return True
    if m := _UNIT.match(text):
        found.setdefault("unit", m.group(1).strip())
        return True
    if m := _PUBLIC_NO.match(text):
        found.setdefault("number", f"公开{m.group(1)}表")
        return True
    return False


def _equations(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        text = normalize(line)
        if not _EQUATION.match(text):
            continue
        for part in re.split(r"[；;]", text):
            part = part.strip().rstrip("。.").strip()
            if part:
                out.append(part)
    return out


def read_seed(path: str | Path) -> SeedText:
    """Find every tab-separated block of a seed file with its title, meta and equations."""
    path = Path(path)
    lines = path.read_text(encoding="utf-8").split("\n")
    first = next(normalize(x) for x in lines if x.strip())
    year_match = _YEAR.search(first)
    if year_match is None:
        raise ValueError(f"{path}: no year in the first line {first!r}")
    report = "决算" if "决算" in first else "预算"
    starts = [i for i, x in enumerate(lines) if "\t" in x and (i == 0 or "\t" not in lines[i - 1])]
    tables: list[RawTable] = []
    for n, start in enumerate(starts):
        end = start
        while end < len(lines) and "\t" in lines[end]:
            end += 1
        found: dict = {}
        rows: list[list[str]] = []
        for raw in lines[start:end]:
            fields = [normalize(x) for x in raw.split("\t")]
            if fields[0] and (_DEPT.match(fields[0]) or _UNIT.match(fields[0])):
                for f in fields:
                    if f:
                        _meta(f, found)
                continue
            rows.append(fields)
        title = ""
        for back in range(start - 1, max(start - 9, -1), -1):
            text = normalize(lines[back]).lstrip("#").strip()
            if not text or text.startswith(("附件", "填报日期")) or _meta(text, found):
                continue
            title = text
            break
        title_no = _TITLE_NO.search(title)
        number = f"表{title_no.group(1)}" if title_no else found.get("number")
        stop = starts[n + 1] if n + 1 < len(starts) else len(lines)
        tables.append(RawTable(
            line=start + 1, title=title, number=number,
            department=found.get("department", ""), unit=found.get("unit", ""),
            rows=rows, equations=_equations(lines[end:min(stop, end + 12)])))
    return SeedText(stem=path.stem, year=int(year_match.group(1)), report=report, tables=tables)


# ---------------------------------------------------------------- grid edits and spans

Fix = tuple  # ("insert", rows, col, n) | ("set", rows, col, text) | ("move", rows, src, dst)
#             | ("clear", rows, from_col) | ("drop_col", col)
#             | ("span", row, col, row_span, col_span) | ("header_rows", n)


def _row_range(spec, n_rows: int) -> range:
    if isinstance(spec, tuple):
        start, stop = spec
        return range(start % n_rows if start < 0 else start, n_rows if stop is None else stop)
    return range(spec % n_rows, spec % n_rows + 1)


def apply_fixes(rows: list[list[str]], fixes: Sequence[Fix]) -> list[list[str]]:
    """Apply grid edits to a copy of ``rows`` (``span`` / ``header_rows`` are ignored here).

    Row specs are an index (negative counts from the end) or a ``(start, stop)`` tuple.
    """
    rows = [list(r) for r in rows]
    for fix in fixes:
        op = fix[0]
        if op == "drop_col":
            for r in rows:
                if len(r) > fix[1]:
                    del r[fix[1]]
            continue
        if op in ("span", "header_rows"):
            continue
        for i in _row_range(fix[1], len(rows)):
            r = rows[i]
            if op == "insert":
                r[fix[2]:fix[2]] = [""] * fix[3]
            elif op == "set":
                r.extend([""] * (fix[2] + 1 - len(r)))
                r[fix[2]] = fix[3]
            elif op == "clear":
                r[fix[2]:] = [""] * max(0, len(r) - fix[2])
            elif op == "move":
                r.extend([""] * (max(fix[2], fix[3]) + 1 - len(r)))
                r[fix[3]], r[fix[2]] = r[fix[2]], ""
            else:
                raise ValueError(f"unknown fix {fix!r}")
    return rows


def is_data_row(fields: Sequence[str]) -> bool:
    """A row with an amount or with a subject code as its first text."""
    first = next((f for f in fields if f), "")
    return any(AMOUNT.match(f) for f in fields) or bool(_CODE.match(first))


def header_count(grid: Sequence[Sequence[str]]) -> int:
    """Header rows: up to the numbering row, else up to the first data or 合计-only row."""
    first_data = next((i for i, r in enumerate(grid) if is_data_row(r)), len(grid))
    numbering = [i for i in range(first_data) if is_numbering_row(grid[i])]
    if numbering:
        return numbering[-1] + 1
    totals = (i for i in range(first_data)
              if any(grid[i]) and {f for f in grid[i] if f} <= {"合计", "总计"})
    return next(totals, first_data)


def is_numbering_row(fields: Sequence[str]) -> bool:
    """The 栏次 row / the row of column numbers 1 2 3 ..."""
    filled = [f for f in fields if f]
    ints = sum(1 for f in filled if _SMALL_INT.match(f))
    return "栏次" in filled or (ints >= 2 and 2 * ints >= len(filled))


def _header_cells(grid: list[list[str]], n_head: int, fixed: dict) -> list[dict]:
    n_cols = len(grid[0]) if grid else 0
    taken = [[False] * n_cols for _ in range(n_head)]
    numbering = {r for r in range(n_head) if is_numbering_row(grid[r])}
    cells = []
    for r in range(n_head):
        for c in range(n_cols):
            if taken[r][c]:
                continue
            text = grid[r][c]
            if (r, c) in fixed:
                rs, cs = fixed[(r, c)]
            elif not text:
                rs = cs = 1
            else:
                cs = 1
                while (c + cs < n_cols and not grid[r][c + cs] and not taken[r][c + cs]
                       and (r, c + cs) not in fixed
                       and any(grid[k][c + cs] and not (k in numbering and
                                                        _SMALL_INT.match(grid[k][c + cs]))
                               for k in range(r + 1, n_head))):
                    cs += 1
                rs = 1
                while (r + rs < n_head and r + rs not in numbering
                       and all(not grid[r + rs][k] and not taken[r + rs][k]
                               for k in range(c, c + cs))):
                    rs += 1
            for rr in range(r, r + rs):
                for cc in range(c, c + cs):
                    if taken[rr][cc]:
                        raise ValueError(f"span at ({r},{c}) overlaps ({rr},{cc})")
                    taken[rr][cc] = True
            cells.append({"row": r, "col": c, "row_span": rs, "col_span": cs, "text": text})
    return cells


def build_table(raw: RawTable, kind: str, fixes: Sequence[Fix] = (), *,
                title: str | None = None) -> dict:
    """Turn a raw table into a truth table dict (see ``make_truth`` for the format)."""
    rows = apply_fixes(raw.rows, fixes)
    n_cols = max((max((i + 1 for i, f in enumerate(r) if f), default=0) for r in rows), default=0)
    grid = [(r + [""] * n_cols)[:n_cols] for r in rows]
    n_head = header_count(grid)
    fixed = {}
    for fix in fixes:
        if fix[0] == "header_rows":
            n_head = fix[1]
        elif fix[0] == "span":
            fixed[(fix[1], fix[2])] = (fix[3], fix[4])
    cells = _header_cells(grid, n_head, fixed)
    for r in range(n_head, len(grid)):
        cells.extend({"row": r, "col": c, "row_span": 1, "col_span": 1, "text": grid[r][c]}
                     for c in range(n_cols))
    cells.sort(key=lambda x: (x["row"], x["col"]))
    return {"title": title or raw.title, "number": raw.number, "unit": raw.unit,
            "department": raw.department, "kind": kind, "n_rows": len(grid),
            "n_cols": n_cols, "header_rows": n_head, "cells": cells,
            "equations": list(raw.equations)}


def split_codes(table: dict, title: str) -> dict:
    """A copy of a 类/款/项 table whose 5/7-digit codes are split as ``201 | 03 | 50``."""
    grid = table_grid(table)
    heads = [grid[r][:3] for r in range(table["header_rows"])]
    if ["类", "款", "项"] not in heads:
        raise ValueError(f"{table['title']}: no 类/款/项 header row")
    cells = []
    for cell in table["cells"]:
        cell = dict(cell)
        r, c = cell["row"], cell["col"]
        code = grid[r][0]
        if r >= table["header_rows"] and c < 3 and _CODE.match(code) and not any(grid[r][1:3]):
            parts = [code[:3], code[3:5], code[5:7]]
            cell["text"] = parts[c]
        cells.append(cell)
    return {**table, "title": title, "cells": cells}


# ---------------------------------------------------------------- helpers for users of truth

def table_grid(table: dict) -> list[list[str]]:
    """The R x C text grid of a truth table (a spanned cell's text at its top-left only)."""
    grid = [[""] * table["n_cols"] for _ in range(table["n_rows"])]
    for cell in table["cells"]:
        grid[cell["row"]][cell["col"]] = cell["text"]
    return grid


def tiling_errors(table: dict) -> list[str]:
    """Problems with how the cells tile the grid ([] when every position is covered once)."""
    n_rows, n_cols = table["n_rows"], table["n_cols"]
    cover = Counter()
    errors = []
    for cell in table["cells"]:
        r, c, rs, cs = cell["row"], cell["col"], cell["row_span"], cell["col_span"]
        if rs < 1 or cs < 1 or r + rs > n_rows or c + cs > n_cols:
            errors.append(f"cell ({r},{c}) {rs}x{cs} leaves the {n_rows}x{n_cols} grid")
        cover.update((rr, cc) for rr in range(r, r + rs) for cc in range(c, c + cs))
    for r in range(n_rows):
        for c in range(n_cols):
            if cover[(r, c)] != 1:
                errors.append(f"position ({r},{c}) covered {cover[(r, c)]} times")
    order = [(x["row"], x["col"]) for x in table["cells"]]
    if order != sorted(order):
        errors.append("cells are not in row-major order")
    return errors


def count_numbers(table: dict) -> int:
    """Non-empty amount cells (``1,706.28``, ``0.00``)."""
    return sum(1 for cell in table["cells"] if AMOUNT.match(cell["text"]))
