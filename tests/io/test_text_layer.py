"""read_page: words in displayed page space, and the needs-ocr verdict."""
from __future__ import annotations

import dataclasses

import cv2
import numpy as np
import pymupdf
import pytest
from io_inputs import cjk_without_tounicode, image_bytes, page_pdf, rotated_copy

from fiscaldoc.config import TextLayerConfig
from fiscaldoc.io import open_document, read_page

CFG = TextLayerConfig()


def _read(data: bytes, cfg: TextLayerConfig = CFG):
    with open_document(data) as doc:
        return read_page(doc, 0, cfg)


def _texts(content) -> list[str]:
    return [w.text for w in content.words]


def _table_page(page: pymupdf.Page) -> None:
    page.insert_text((40, 60), "收入支出决算总表", fontname="china-s", fontsize=14)
    page.insert_text((40, 120), "合计 1,706.28", fontname="china-s", fontsize=10)
    page.insert_text((200, 120), "(12.00)", fontname="helv", fontsize=10)
    page.draw_rect(pymupdf.Rect(30, 100, 270, 200), color=(0, 0, 0), width=0.5)
    page.draw_line((30, 150), (270, 150), color=(0, 0, 0), width=0.5)
    page.draw_rect(pymupdf.Rect(30, 250, 270, 251), color=None, fill=(0, 0, 0))


def test_digital_page_is_usable():
    c = _read(page_pdf(_table_page, 300, 420))
    assert _texts(c) == ["收入支出决算总表", "合计", "1,706.28", "(12.00)"]
    assert (c.width, c.height, c.rotation, c.source, c.issues) == (300, 420, 0, "pdf", ())
    assert all(w.conf == 1.0 and w.source == "pdf" for w in c.words)
    title = c.words[0].bbox
    assert title.x0 == pytest.approx(40, abs=0.5) and title.y0 < 60 < title.y1


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_rotated_page_gives_upright_words_and_rules(rotation):
    upright = page_pdf(_table_page, 300, 420)
    a, b = _read(upright), _read(rotated_copy(upright, rotation))
    assert (b.width, b.height, b.rotation) == (300, 420, rotation)
    assert _texts(b) == _texts(a)
    for wa, wb in zip(a.words, b.words):
        assert dataclasses.astuple(wb.bbox) == pytest.approx(dataclasses.astuple(wa.bbox), abs=0.5)
    key = dataclasses.astuple
    flat_b = [v for seg in sorted(map(key, b.rules)) for v in seg]
    flat_a = [v for seg in sorted(map(key, a.rules)) for v in seg]
    assert flat_b == pytest.approx(flat_a, abs=0.5)


def test_split_at_gap_wider_than_threshold():
    def draw(page):
        w = pymupdf.get_text_length("AB", fontname="helv", fontsize=10)
        page.insert_text((50, 100), "AB", fontname="helv", fontsize=10)
        page.insert_text((50 + w + 1.5, 100), "CD", fontname="helv", fontsize=10)   # 0.15 em
        page.insert_text((50, 200), "EF", fontname="helv", fontsize=10)
        page.insert_text((50 + w + 3.5, 200), "GH", fontname="helv", fontsize=10)   # 0.35 em
    assert _texts(_read(page_pdf(draw))) == ["ABCD", "EF", "GH"]


def test_split_where_a_vertical_rule_separates_touching_text():
    def draw(page):
        w = pymupdf.get_text_length("1,706.28", fontname="helv", fontsize=10)
        for y, rule in ((100, True), (200, False)):
            page.insert_text((50, y), "1,706.28", fontname="helv", fontsize=10)
            page.insert_text((50 + w, y), "2,000.00", fontname="helv", fontsize=10)
            if rule:
                page.draw_line((50 + w, y - 12), (50 + w, y + 4), color=(0, 0, 0), width=0.5)
    assert _texts(_read(page_pdf(draw))) == ["1,706.28", "2,000.00", "1,706.282,000.00"]


def test_lines_are_never_merged():
    def draw(page):
        page.insert_text((50, 100), "一般公共", fontname="china-s", fontsize=10)
        page.insert_text((50, 111), "服务支出", fontname="china-s", fontsize=10)
    assert _texts(_read(page_pdf(draw))) == ["一般公共", "服务支出"]


def test_vertical_text_keeps_its_box():
    def draw(page):
        page.insert_text((100, 300), "单位：万元", fontname="china-s", fontsize=10, rotate=90)
    c = _read(page_pdf(draw))
    assert _texts(c) == ["单位：万元"]
    box = c.words[0].bbox
    assert box.height > 4 * box.width and box.x1 == pytest.approx(100, abs=12)


def test_image_only_page_needs_ocr():
    img = np.full((400, 300, 3), 255, np.uint8)
    cv2.putText(img, "1706.28", (20, 200), cv2.FONT_HERSHEY_SIMPLEX, 1.5, (0, 0, 0), 3)
    png = cv2.imencode(".png", img)[1].tobytes()
    c = _read(page_pdf(lambda page: page.insert_image(page.rect, stream=png)))
    assert c.words == () and c.source == "pdf"
    assert [(i.code, i.page, i.severity) for i in c.issues] == [("needs-ocr", 0, "warning")]


def test_cid_sequences_need_ocr():
    def draw(page):
        page.insert_text((72, 72), "(cid:12)(cid:345)(cid:7) 2023", fontname="helv")
    c = _read(page_pdf(draw))
    assert "needs-ocr" in [i.code for i in c.issues]
    assert _texts(c) == ["(cid:12)(cid:345)(cid:7)", "2023"]       # words are still returned


def test_unmapped_glyphs_need_ocr():
    c = _read(cjk_without_tounicode("收入支出决算总表合计"))
    assert [i.code for i in c.issues] == ["needs-ocr"]
    assert set("".join(_texts(c))) == {"\ufffd"}


def test_few_characters_need_ocr_per_config():
    data = page_pdf(lambda page: page.insert_text((72, 72), "第3页", fontname="china-s"))
    assert [i.code for i in _read(data).issues] == ["needs-ocr"]
    assert _read(data, TextLayerConfig(min_chars=3)).issues == ()


def test_image_input_needs_ocr():
    with open_document(image_bytes(".png", [(300, 200)])) as doc:
        c = read_page(doc, 0, CFG)
    assert c.words == () and [i.code for i in c.issues] == ["needs-ocr"]
    assert "image" in c.issues[0].message


def test_cropbox_sets_origin_and_hides_outside_text():
    def draw(page):
        page.insert_text((50, 60), "inside", fontsize=10)
        page.insert_text((50, 500), "outside", fontsize=10)
        page.draw_line((10, 100), (500, 100), color=(0, 0, 0))
        page.set_cropbox(pymupdf.Rect(20, 20, 400, 300))
    c = _read(page_pdf(draw), TextLayerConfig(min_chars=1))
    assert (c.width, c.height) == (380, 280)
    assert _texts(c) == ["inside"] and c.words[0].bbox.x0 == pytest.approx(30, abs=0.5)
    assert [(s.x0, s.y0, s.x1) for s in c.rules] == [(0, 80, 380)]
