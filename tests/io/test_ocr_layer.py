"""Text layers that lie: an OCR program's invisible text over a page image goes to OCR."""
from __future__ import annotations

import pymupdf
import pytest

from fiscaldoc.config import TextLayerConfig
from fiscaldoc.io import OCR_ISSUES, open_document, read_page

ROWS = [("项目", "预算数", "执行数"), ("一、一般公共预算收入", "1,811.70", "2,114.72"),
        ("二、转移性收入", "443.23", "6.05"), ("合计", "2,254.93", "2,120.77")]


def _draw_table(page: pymupdf.Page, invisible: bool = False, digits: str = "") -> None:
    """A ruled table; with ``digits`` set, its figures are written in those digits."""
    mode = 3 if invisible else 0
    for r, row in enumerate(ROWS):
        y = 120 + 30 * r
        page.draw_line((40, y - 20), (520, y - 20), color=(0, 0, 0), width=0.6)
        for c, text in enumerate(row):
            if digits:
                text = text.translate(str.maketrans("0123456789", digits))
            page.insert_text((50 + 170 * c, y), text, fontname="china-s", fontsize=11,
                             render_mode=mode)
    page.draw_line((40, 220), (520, 220), color=(0, 0, 0), width=0.6)
    for x in (40, 210, 380, 520):
        page.draw_line((x, 100), (x, 220), color=(0, 0, 0), width=0.6)


def _table_image() -> pymupdf.Pixmap:
    """A picture of the table page, as a scanner would give it."""
    doc = pymupdf.open()
    _draw_table(doc.new_page(width=595, height=842))
    return doc[0].get_pixmap(dpi=150)


def test_transparent_layer_over_image_goes_to_ocr():
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_image(page.rect, pixmap=_table_image())
    for r, row in enumerate(ROWS):
        for c, text in enumerate(row):
            page.insert_text((50 + 170 * c, 120 + 30 * r), text, fontname="china-s",
                             fontsize=11, fill_opacity=0)
    assert [i.code for i in _issues(doc.tobytes())] == ["ocr-text-layer"]


def _ocr_made(under: bool = False, digits: str = "０１２３４５６７８９") -> bytes:
    """A page image plus the OCR program's text: invisible (render mode 3) over it, or,
    with ``under``, ordinary text painted first and covered by the image."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    if under:
        _draw_table(page, digits=digits)
    else:
        page.insert_image(page.rect, pixmap=_table_image())
        _draw_table(page, invisible=True, digits=digits)
    if under:
        page.insert_image(page.rect, pixmap=_table_image())
    return doc.tobytes()


def _issues(data: bytes) -> list:
    with open_document(data) as doc:
        return [i for i in read_page(doc, 0, TextLayerConfig()).issues if i.code in OCR_ISSUES]


def test_invisible_layer_over_image_goes_to_ocr():
    issues = _issues(_ocr_made())
    assert [i.code for i in issues] == ["ocr-text-layer"]
    assert issues[0].severity == "info"
    assert "invisible" in issues[0].message and "full-width digits" in issues[0].message


def test_text_covered_by_a_later_image_goes_to_ocr():
    assert [i.code for i in _issues(_ocr_made(under=True))] == ["ocr-text-layer"]


def test_ordinary_digital_page_is_kept():
    doc = pymupdf.open()
    _draw_table(doc.new_page(width=595, height=842))
    assert _issues(doc.tobytes()) == []


def test_visible_full_width_digits_are_kept():
    """A font that prints full-width digits is a digital page: what is seen is the text."""
    doc = pymupdf.open()
    _draw_table(doc.new_page(width=595, height=842), digits="０１２３４５６７８９")
    assert _issues(doc.tobytes()) == []


def test_visible_text_over_a_background_image_is_kept():
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_image(page.rect, pixmap=_table_image())    # e.g. a letterhead background
    _draw_table(page)
    assert _issues(doc.tobytes()) == []


@pytest.mark.parametrize("share, routed", [(0.5, True), (1.01, False)])
def test_threshold_is_a_setting(share, routed):
    with open_document(_ocr_made()) as doc:
        content = read_page(doc, 0, TextLayerConfig(max_hidden_share=share))
    assert any(i.code == "ocr-text-layer" for i in content.issues) is routed


@pytest.mark.engine
def test_page_with_a_lying_layer_is_read_by_ocr_end_to_end():
    from fiscaldoc import extract

    doc = extract(_ocr_made())
    page = doc.pages[0]
    assert page.text_source == "ocr"
    assert [i.code for i in page.issues] == ["ocr-text-layer"]
    cells = [c.text for t in doc.tables for c in t.cells]
    assert "1,811.70" in cells and "１,８１１.７０" not in cells
