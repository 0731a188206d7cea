"""Layouts of issue 11 items 2 and 5 without column rules, drawn as real PDFs by code: a
table ruled under every row (Excel / WPS print without vertical borders), two tables on one
page, and a table that starts mid-page after prose and continues on the next page."""
import pymupdf

import fiscaldoc

from .rowrule_pages import FONT, FS, draw_title

WIDTHS = [130.0, 60.0, 90.0, 70.0, 110.0]   # no header text centred on two spans
HEADER = [[(0, 2, "项目"), (2, 3, "本年支出")],
          [(0, 1, "科目名称"), (1, 1, "栏次"), (2, 1, "合计"), (3, 1, "基本支出"),
           (4, 1, "项目支出")]]


def _body(n: int, first: int = 0) -> list[list[str]]:
    rows = []
    for k in range(first, first + n):
        a, b = 10 + k, 2 * k + 1
        rows.append([f"支出科目{k + 1}", str(k + 1), f"{a + b:,.2f}", f"{a:,.2f}", f"{b:,.2f}"])
    return rows


def _text(page, x0, x1, y0, y1, text, align):
    w = len(text) * FS if not text.replace(",", "").replace(".", "").isdigit() else \
        pymupdf.get_text_length(text, fontname="helv", fontsize=FS)
    font = FONT if w == len(text) * FS else "helv"
    x = {"left": x0 + 3, "right": x1 - 3 - w, "center": (x0 + x1 - w) / 2}[align]
    page.insert_text((x, (y0 + y1) / 2 + FS * 0.35), text, fontname=font, fontsize=FS)


def _table(page, x0: float, y: float, rows: list[list[str]], row_h: float = 18.0) -> float:
    """A table ruled under every row and the header cells, no column rules; returns its
    bottom."""
    xs = [x0]
    for w in WIDTHS:
        xs.append(xs[-1] + w)
    shape = page.new_shape()
    shape.draw_line((xs[0], y), (xs[-1], y))
    for r, cells in enumerate(HEADER):
        for c, span, text in cells:
            _text(page, xs[c], xs[c + span], y, y + row_h, text, "center")
            shape.draw_line((xs[c], y + row_h), (xs[c + span], y + row_h))
        y += row_h
    for row in rows:
        for c, text in enumerate(row):
            align = "left" if c == 0 else "center" if c == 1 else "right"
            _text(page, xs[c], xs[c + 1], y, y + row_h, text, align)
        y += row_h
        shape.draw_line((xs[0], y), (xs[-1], y))
    shape.finish(color=(0, 0, 0), width=0.5)
    shape.commit()
    return y


def _note(page, x0: float, y: float) -> float:
    page.insert_text((x0, y + 14), "注：3栏各行=(4+5)栏各行", fontname=FONT, fontsize=FS)
    return y + 20


def _grid(t) -> list[list[str]]:
    return [list(r) for r in t.to_grid()]


def _save(doc, tmp_path, name):
    path = tmp_path / name
    doc.save(path)
    doc.close()
    return path


def test_rowrules_columns_come_from_the_text(tmp_path):
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    y = draw_title(page, 40, 40, "2021年支出决算表")
    _table(page, 40, y, _body(6))
    result = fiscaldoc.extract(_save(doc, tmp_path, "rowrules.pdf"))
    (t,) = result.tables
    assert (t.n_rows, t.n_cols) == (8, 5)
    grid = _grid(t)
    assert grid[2] == ["支出科目1", "1", "11.00", "10.00", "1.00"]
    assert grid[7] == ["支出科目6", "6", "26.00", "15.00", "11.00"]
    spans = {(c.row, c.col): c.col_span for c in t.cells}
    assert spans[(0, 0)] == 2 and spans[(0, 2)] == 3      # centred header texts span


def test_two_tables_on_one_page_keep_their_titles_and_notes(tmp_path):
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    y = draw_title(page, 40, 40, "2021年支出决算表")
    y = _note(page, 40, _table(page, 40, y, _body(4)))
    y = draw_title(page, 40, y + 10, "2021年项目支出决算表")
    _table(page, 40, y, _body(3, first=10))
    result = fiscaldoc.extract(_save(doc, tmp_path, "two.pdf"))
    assert [t.title for t in result.tables] == ["2021年支出决算表", "2021年项目支出决算表"]
    first, second = result.tables
    assert (first.n_rows, second.n_rows) == (6, 5)
    assert first.notes == ("注：3栏各行=(4+5)栏各行",) and second.notes == ()
    assert _grid(second)[2][0] == "支出科目11" and first.unit == second.unit == "万元"


def test_table_after_prose_continues_on_the_next_page(tmp_path):
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    y = 60.0
    for k in range(8):
        page.insert_text((40, y), f"第{k + 1}段说明文字：本部门收支情况说明。", fontname=FONT,
                         fontsize=10)
        y += 18
    y = draw_title(page, 40, y + 10, "2021年支出决算表")
    _table(page, 40, y, _body(20))                  # down to y ≈ 800
    nxt = doc.new_page(width=595, height=842)
    end = _table(nxt, 40, 40, _body(5, first=20))   # header repeated, five more rows
    _note(nxt, 40, end)
    result = fiscaldoc.extract(_save(doc, tmp_path, "flow.pdf"))
    (t,) = result.tables
    assert t.pages == (0, 1) and t.title == "2021年支出决算表"
    assert (t.n_rows, t.n_cols) == (27, 5)
    grid = _grid(t)
    assert [r[0] for r in grid[2:]] == [f"支出科目{k + 1}" for k in range(25)]
    assert t.notes == ("注：3栏各行=(4+5)栏各行",)
