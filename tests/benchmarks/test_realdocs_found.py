"""benchmarks.realdocs_found: text-layer amounts of table lines, found in table cells."""
from dataclasses import replace

import pymupdf

from benchmarks.realdocs_found import amounts_found, table_amounts
from fiscaldoc import extract
from tests.tables.layout_pdfs import body, pdf, prose, table


def _page(data: bytes) -> pymupdf.Page:
    return pymupdf.open(stream=data)[0]


def test_table_amounts_skip_prose_page_numbers_and_column_numbers(tmp_path):
    rows = body(3)

    def draw(page):
        y = prose(page, 60, 3)                            # figures inside sentences
        table(page, y + 20, [("栏次", "1", "2")] + rows, title="收入决算表")
        page.insert_text((290, 800), "- 3 -", fontname="helv", fontsize=9)

    want = [a.replace(",", "") for _, *amounts in rows for a in amounts]
    assert table_amounts(_page(pdf([draw]))) == want


def test_letter_spaced_figure_counts_once():
    def draw(page):
        page.insert_text((60, 100), "一般债务余额", fontname="china-s", fontsize=11)
        page.insert_text((300, 100), "1 ,8 1 1 .7 0", fontname="china-s", fontsize=11)
    assert table_amounts(_page(pdf([draw]))) == ["1811.70"]


def test_found_in_cells_and_missing_when_a_table_is_lost(tmp_path):
    def draw(page):
        table(page, 80, body(4), title="收入决算表")

    path = tmp_path / "t.pdf"
    path.write_bytes(pdf([draw]))
    doc = extract(str(path))
    assert amounts_found(path, doc) == (8, 8, [])
    found, total, missing = amounts_found(path, replace(doc, tables=()))
    assert (found, total, len(missing)) == (0, 8, 8) and missing[0].startswith("p1: ")
