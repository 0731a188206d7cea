"""Tables laid out as published: after prose, several on a page, continued over pages, units."""
from __future__ import annotations

import pytest

from fiscaldoc import extract

from .layout_pdfs import body, pdf, prose, table


def _cells(t) -> list[tuple[str, ...]]:
    rows = [[""] * t.n_cols for _ in range(t.n_rows)]
    for c in t.cells:
        rows[c.row][c.col] = c.text
    return [tuple(r) for r in rows]


def test_table_after_prose_mid_page():
    rows = body(6)

    def draw(page):
        y = prose(page, 80, 12)
        table(page, y + 20, rows, title="收入支出决算总表")
        prose(page, y + 20 + 48 + 7 * 22 + 20, 4)

    doc = extract(pdf([draw]))
    assert len(doc.tables) == 1
    t = doc.tables[0]
    assert t.title == "收入支出决算总表" and t.unit == "万元"
    assert _cells(t)[1:] == rows


def test_several_tables_on_one_page():
    first, second = body(4), body(3, start=20)

    def draw(page):
        y = table(page, 80, first, title="收入决算表", unit="万元")
        y = prose(page, y + 20, 2)
        table(page, y + 20, second, title="支出决算表", unit="元")

    doc = extract(pdf([draw]))
    assert [(t.title, t.unit) for t in doc.tables] == [("收入决算表", "万元"), ("支出决算表", "元")]
    assert _cells(doc.tables[0])[1:] == first
    assert _cells(doc.tables[1])[1:] == second


@pytest.mark.parametrize("last_rows", [1, 5])
def test_table_continued_over_many_pages(last_rows):
    """Header repeated on every page; the last page may hold a single row."""
    parts = [body(28), body(28, start=29), body(last_rows, start=57)]

    def page(k):
        def draw(p):
            table(p, 60, parts[k], title="支出决算表" if k == 0 else "",
                  unit="万元" if k == 0 else "")
        return draw

    doc = extract(pdf([page(0), page(1), page(2)]))
    assert len(doc.tables) == 1
    t = doc.tables[0]
    assert t.pages == (0, 1, 2)
    assert _cells(t)[1:] == parts[0] + parts[1] + parts[2]


@pytest.mark.parametrize("last_rows", [1, 10])
def test_continued_part_without_repeated_header(last_rows):
    """Not repeated: the part may be the table's last row alone, a one-row grid."""
    parts = [body(28), body(last_rows, start=29)]

    def first(p):
        table(p, 60, parts[0], title="支出决算表")

    def second(p):
        table(p, 60, parts[1], unit="", header=False)

    doc = extract(pdf([first, second]))
    assert len(doc.tables) == 1
    assert _cells(doc.tables[0])[1:] == parts[0] + parts[1]


@pytest.mark.parametrize("unit", ["元", "万元", "亿元"])
def test_unit_line(unit):
    def draw(page):
        table(page, 80, body(3), title="一般公共预算收支决算表", unit=unit)

    assert [t.unit for t in extract(pdf([draw])).tables] == [unit]


def test_web_print_table_of_cell_backgrounds():
    """A browser's print of an HTML table: the rules are gaps between cell backgrounds."""
    rows = body(5)

    def draw(page):
        y = prose(page, 60, 3)
        table(page, y + 20, rows, title="一般公共预算支出表", web=True)

    doc = extract(pdf([draw]))
    assert [t.title for t in doc.tables] == ["一般公共预算支出表"]
    assert _cells(doc.tables[0])[1:] == rows


def test_continued_table_under_running_header_then_a_new_table():
    """Each page prints the report's running header and a page number; the table's last
    part is followed, on the same page, by the next table."""
    parts = [body(27), body(6, start=28)]
    other = body(3, start=40)

    def running(p, k):
        p.insert_text((60, 40), "某某市某某局2025年度部门预算公开", fontname="china-s", fontsize=9)
        p.insert_text((290, 810), f"- {k + 1} -", fontname="helv", fontsize=9)

    def first(p):
        running(p, 0)
        table(p, 80, parts[0], title="支出决算表")

    def second(p):
        running(p, 1)
        y = table(p, 80, parts[1], unit="")
        table(p, y + 40, other, title="收入决算表", unit="元")

    doc = extract(pdf([first, second]))
    assert [(t.title, t.pages) for t in doc.tables] == [("支出决算表", (0, 1)),
                                                        ("收入决算表", (1,))]
    assert _cells(doc.tables[0])[1:] == parts[0] + parts[1]
    assert _cells(doc.tables[1])[1:] == other


def test_title_repeated_on_every_page():
    parts = [body(27), body(8, start=28)]

    def page(k):
        def draw(p):
            table(p, 60, parts[k], title="一般公共预算支出决算表")
        return draw

    doc = extract(pdf([page(0), page(1)]))
    assert [t.pages for t in doc.tables] == [(0, 1)]
    assert _cells(doc.tables[0])[1:] == parts[0] + parts[1]


def test_table_printed_without_any_rules():
    rows = body(8)

    def draw(page):
        y = prose(page, 60, 4)
        table(page, y + 20, rows, title="部门收入预算表", rules=False)
        prose(page, y + 20 + 28 + 9 * 22 + 20, 3)

    doc = extract(pdf([draw]))
    assert [t.title for t in doc.tables] == ["部门收入预算表"]
    assert _cells(doc.tables[0]) == [("项目", "预算数", "执行数")] + rows


def test_prose_and_contents_are_not_unruled_tables():
    def draw(page):
        y = prose(page, 60, 10)
        for k in range(8):                   # a table of contents: one page number a line
            page.insert_text((60, y + 18 * k), f"第{k + 1}部分 部门预算表", fontname="china-s",
                             fontsize=10.5)
            page.insert_text((500, y + 18 * k), f"{3 * k + 1}", fontname="helv", fontsize=10.5)

    assert extract(pdf([draw])).tables == ()


def test_unruled_table_with_blank_cells():
    rows = [(n, a, b if k % 3 else "") for k, (n, a, b) in enumerate(body(9))]

    def draw(page):
        table(page, 80, rows, title="部门支出预算表", rules=False)

    doc = extract(pdf([draw]))
    assert len(doc.tables) == 1
    assert _cells(doc.tables[0])[1:] == rows
