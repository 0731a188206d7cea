import dataclasses

import openpyxl

from fiscaldoc.export.xlsx import GRID_TOP_ROW, sheet_name, write_xlsx
from fiscaldoc.model import Document


def _spans(table):
    return {(GRID_TOP_ROW + c.row, c.col + 1, GRID_TOP_ROW + c.row + c.row_span - 1,
             c.col + c.col_span) for c in table.cells if c.row_span > 1 or c.col_span > 1}


def test_merged_ranges_equal_table_spans(rich_doc, tmp_path):
    wb = openpyxl.load_workbook(write_xlsx(rich_doc, tmp_path / "t.xlsx"))
    for ws, table in zip(wb.worksheets, rich_doc.tables):
        merged = {(r.min_row, r.min_col, r.max_row, r.max_col) for r in ws.merged_cells.ranges}
        assert merged == _spans(table)


def test_numbers_are_numbers_with_printed_decimals(rich_doc, tmp_path):
    ws = openpyxl.load_workbook(write_xlsx(rich_doc, tmp_path / "t.xlsx")).worksheets[0]
    total = ws.cell(GRID_TOP_ROW + 2, 3)
    assert total.value == 2790.06 and total.number_format == "#,##0.00"
    assert ws.cell(GRID_TOP_ROW + 4, 3).value == -12.5
    assert ws.cell(GRID_TOP_ROW + 3, 1).value == "201"          # codes stay text
    assert ws.cell(GRID_TOP_ROW + 5, 5).value == "—"


def test_title_and_unit_above_grid(rich_doc, tmp_path):
    ws = openpyxl.load_workbook(write_xlsx(rich_doc, tmp_path / "t.xlsx")).worksheets[0]
    assert ws["A1"].value == "表3 支出决算表" and ws["A2"].value == "单位：万元"
    assert ws.cell(GRID_TOP_ROW, 1).value == "科目编码"


def test_corrected_yellow_flagged_red_with_comments(rich_doc, tmp_path):
    ws = openpyxl.load_workbook(write_xlsx(rich_doc, tmp_path / "t.xlsx")).worksheets[0]
    fixed, flagged = ws.cell(GRID_TOP_ROW + 3, 4), ws.cell(GRID_TOP_ROW + 5, 3)
    assert fixed.value == 1000 and fixed.fill.fgColor.rgb.endswith("FFF2CC")
    assert "1,0O0.00 → 1,000.00" in fixed.comment.text
    assert flagged.fill.fgColor.rgb.endswith("FFC7CE") and "check failed" in flagged.comment.text
    assert ws.cell(GRID_TOP_ROW + 2, 3).comment is None


def test_recordless_table_numbers_parsed(rich_doc, tmp_path):
    ws = openpyxl.load_workbook(write_xlsx(rich_doc, tmp_path / "t.xlsx")).worksheets[1]
    assert ws.cell(GRID_TOP_ROW + 1, 1).value == 1.2
    assert ws.cell(GRID_TOP_ROW, 1).value == "合计"


def test_sheet_names_valid_and_unique(samples):
    t = samples.expenditure_table()
    used = set()
    long = dataclasses.replace(t, number=None, title="a/b:c*d?e[f]g\\h" + "x" * 40)
    names = [sheet_name(long, used), sheet_name(long, used), sheet_name(t, used)]
    assert len(set(names)) == 3 and all(len(n) <= 31 for n in names)
    assert not any(ch in "".join(names) for ch in "[]:*?/\\")


def test_document_without_tables(tmp_path):
    doc = Document(source="x.pdf", sha256="", status="ok")
    wb = openpyxl.load_workbook(write_xlsx(doc, tmp_path / "t.xlsx"))
    assert len(wb.worksheets) == 1
