import dataclasses

from fiscaldoc.export.markdown import document_markdown
from fiscaldoc.geometry import BBox


def test_blocks_in_reading_order_with_tables_in_place(rich_doc):
    md = document_markdown(rich_doc)
    order = ["# 2021年度部门决算", "一、部门主要职责", "<caption>支出决算表</caption>",
             "本年支出合计2,790.06万元。", "## 三公经费", "<caption>“三公”经费支出决算表</caption>"]
    positions = [md.index(s) for s in order]
    assert positions == sorted(positions)


def test_headers_and_footers_left_out(rich_doc):
    md = document_markdown(rich_doc)
    assert "青山区大数据中心" not in md and "- 1 -" not in md


def test_each_table_once(rich_doc):
    assert document_markdown(rich_doc).count("<table>") == 2


def test_unmatched_table_follows_its_first_page(rich_doc):
    moved = dataclasses.replace(rich_doc.tables[1], pages=(0,), bbox=BBox(0, 600, 10, 610))
    doc = dataclasses.replace(rich_doc, tables=(rich_doc.tables[0], moved))
    md = document_markdown(doc)
    assert md.index("本年支出合计") < md.index("“三公”经费支出决算表") < md.index("## 三公经费")


def test_markdown_specials_escaped(rich_doc):
    page = rich_doc.pages[0]
    block = dataclasses.replace(page.blocks[2], lines=(
        dataclasses.replace(page.blocks[2].lines[0], text="# not a heading *x*"),))
    doc = dataclasses.replace(rich_doc, pages=(dataclasses.replace(page, blocks=(block,)),))
    assert "\\# not a heading \\*x\\*" in document_markdown(doc)


def test_page_warnings_and_errors_are_quoted_under_the_page(rich_doc):
    from fiscaldoc.model import Issue

    lost = Issue("page-content-lost", "io", 1, "error", "x.pdf page 2: image 5 0 R is missing")
    pages = (rich_doc.pages[0], dataclasses.replace(rich_doc.pages[1],
                                                    issues=rich_doc.pages[1].issues + (lost,)))
    md = document_markdown(dataclasses.replace(rich_doc, pages=pages))
    quote = "> **error** `page-content-lost`: x.pdf page 2: image 5 0 R is missing"
    assert md.index("<!-- page 2 -->") < md.index(quote)
    assert "needs-ocr" not in md   # info notes stay in the JSON
