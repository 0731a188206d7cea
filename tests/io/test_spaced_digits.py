"""Figures printed with spaces inside (``1 ,8 1 1 .7 0``) are read as one number."""
from __future__ import annotations

import pymupdf

from fiscaldoc.config import TextLayerConfig
from fiscaldoc.io import open_document, read_page


def _words(draw) -> list[str]:
    doc = pymupdf.open()
    draw(doc.new_page(width=595, height=842))
    with open_document(doc.tobytes()) as opened:
        return [w.text for w in read_page(opened, 0, TextLayerConfig()).words]


def test_letter_spaced_figure_is_one_word():
    def draw(page):
        page.insert_text((40, 100), "执行数", fontname="china-s", fontsize=11)
        page.insert_text((200, 100), "1 ,8 1 1 .7 0", fontname="china-s", fontsize=11)
        page.insert_text((60, 140), "4 4 3 .2 3", fontname="helv", fontsize=9)
    assert _words(draw) == ["执行数", "1,811.70", "443.23"]


def test_numbers_in_neighbouring_columns_stay_apart():
    def draw(page):
        page.insert_text((40, 100), "6.05", fontname="helv", fontsize=10)
        page.insert_text((70, 100), "443.23", fontname="helv", fontsize=10)
        for k in range(3):                      # single digits in tight columns (0.5 em)
            page.insert_text((40 + 10.6 * k, 130), "0", fontname="helv", fontsize=10)
    assert _words(draw) == ["6.05", "443.23", "0", "0", "0"]


def test_uneven_gap_is_a_column_gap():
    def draw(page):
        page.insert_text((40, 100), "1 ,2", fontname="helv", fontsize=10)
        page.insert_text((62, 100), ".5", fontname="helv", fontsize=10)
    assert _words(draw) == ["1,2", ".5"]


def test_rule_between_pieces_keeps_them_apart():
    def draw(page):
        page.insert_text((40, 100), "1 ,2", fontname="helv", fontsize=10)
        page.draw_line((48.5, 80), (48.5, 110), color=(0, 0, 0), width=0.5)
        page.draw_line((30, 80), (30, 110), color=(0, 0, 0), width=0.5)
        page.draw_line((80, 80), (80, 110), color=(0, 0, 0), width=0.5)
    assert _words(draw) == ["1", ",2"]
