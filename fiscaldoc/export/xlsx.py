"""All tables of a document in one workbook: a sheet per table, merged cells kept.

Each sheet holds the title (row 1), the unit (row 2) and the full grid from row
``GRID_TOP_ROW`` on, header rows included.  Values are written as numbers (Decimal -> float)
with a number format showing the printed number of decimals; corrected cells are filled
light yellow, flagged ones light red and unchecked ones (a rule family failed) grey, each
with a comment giving the reason.
"""
from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..model import Document, Table, Value
from ..tables.numbers import parse_value
from .annotate import cell_note, shown_text, values_by_cell
from .atomic import atomic_path

GRID_TOP_ROW = 3                       # 1-based worksheet row of grid row 0
FILLS = {"corrected": PatternFill("solid", fgColor="FFF2CC"),
         "flagged": PatternFill("solid", fgColor="FFC7CE"),
         "unchecked": PatternFill("solid", fgColor="D9D9D9")}
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FONT = Font(bold=True)
_TITLE_FONT = Font(bold=True, size=13)
_WRAP = Alignment(wrap_text=True, vertical="center")
_CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")


def write_xlsx(doc: Document, path: Path) -> Path:
    wb = Workbook()
    default = wb.worksheets[0]    # a new workbook holds one empty worksheet
    used: set[str] = set()
    for table in doc.tables:
        _write_sheet(wb.create_sheet(sheet_name(table, used)), table)
    if doc.tables:
        wb.remove(default)
    else:
        default.title = "tables"
        default["A1"] = "no tables found"
    with atomic_path(path) as tmp:
        wb.save(tmp)
    return path


def sheet_name(table: Table, used: set[str]) -> str:
    """A valid, unique worksheet name (≤ 31 chars) from the table number, title or kind."""
    base = " ".join(x for x in (table.number, table.title) if x) or table.kind or table.id
    base = _BAD_SHEET_CHARS.sub("_", base).strip("' ") or table.id
    name, n = base[:31], 1
    while name.lower() in used:
        n += 1
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)] + suffix
    used.add(name.lower())
    return name


def _write_sheet(ws: Worksheet, table: Table) -> None:
    title = table.title
    if table.number and table.number not in title:
        title = f"{table.number} {title}".strip()
    ws.cell(row=1, column=1, value=title).font = _TITLE_FONT
    if table.unit:
        ws.cell(row=2, column=1, value=f"单位：{table.unit}")
    values = values_by_cell(table)
    parse_body = not table.records
    widths = [6.0] * table.n_cols
    taken: set[tuple[int, int]] = set()
    for c in sorted(table.cells, key=lambda c: (c.row, c.col)):
        pos = (c.row, c.col)
        if pos in taken:          # overlapping spans in a damaged grid: the first cell wins
            continue
        area = {(r, k) for r in range(c.row, c.row + c.row_span)
                for k in range(c.col, c.col + c.col_span)}
        merge = len(area) > 1 and not (area & taken)
        taken |= area if merge else {pos}
        value = values.get(pos)
        if value is None and parse_body and c.row >= table.header_rows:
            value = _numeric_or_none(c.text)
        xc = ws.cell(row=GRID_TOP_ROW + c.row, column=c.col + 1)
        text = shown_text(table, pos, value, c.text)
        _put(xc, value, text)
        xc.border = _BORDER
        if c.row < table.header_rows:
            xc.font, xc.alignment = _HEADER_FONT, _CENTER
        else:
            xc.alignment = _WRAP
        if value is not None and value.status in FILLS:
            xc.fill = FILLS[value.status]
            xc.comment = Comment(cell_note(table, pos, value), "fiscaldoc", width=300, height=120)
        if c.col_span == 1 and c.col < len(widths):
            widths[c.col] = max(widths[c.col], min(60.0, _display_width(text) + 2))
        if merge:
            ws.merge_cells(start_row=GRID_TOP_ROW + c.row, start_column=c.col + 1,
                           end_row=GRID_TOP_ROW + c.row + c.row_span - 1,
                           end_column=c.col + c.col_span)
    for k, w in enumerate(widths):
        ws.column_dimensions[get_column_letter(k + 1)].width = w
    if table.header_rows:
        # a coordinate, not a cell object: the first column may be inside a merged range
        ws.freeze_panes = f"A{GRID_TOP_ROW + table.header_rows}"


def _numeric_or_none(text: str) -> Value | None:
    """A record-less body cell becomes a number only when it looks like an amount or percent
    (a separator or decimals), so codes and counts stay text."""
    v = parse_value(text)
    if v.kind == "percent" or (v.kind == "amount" and any(ch in v.raw for ch in ".,．，")):
        return v
    return None


def _put(xc: Cell | MergedCell, value: Value | None, text: str) -> None:
    if value is None or value.number is None or value.kind not in ("amount", "percent"):
        xc.value = text
        return
    number = value.number
    decimals = _decimals(number)
    fmt = "#,##0" + ("." + "0" * decimals if decimals else "")
    if value.kind == "percent":
        xc.value = float(number / 100)
        xc.number_format = "0" + ("." + "0" * decimals if decimals else "") + "%"
        return
    xc.value = float(number)
    if number < 0 and value.raw.strip()[:1] in ("(", "（"):
        fmt = f"{fmt};({fmt})"
    xc.number_format = fmt


def _decimals(d: Decimal) -> int:
    exp = d.as_tuple().exponent
    return -exp if isinstance(exp, int) and exp < 0 else 0


def _display_width(text: str) -> float:
    longest = max((line for line in text.split("\n")), key=len, default="")
    return sum(2.0 if ord(ch) > 0x2E7F else 1.0 for ch in longest)
