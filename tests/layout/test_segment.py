"""segment: page regions of synthetic scans, from the image alone and with text lines."""
from __future__ import annotations

import numpy as np
import pytest
from scan_pages import (TABLE_BOX, dense_pdf, jpeg, noise, prose_pdf, render, report_pdf,
                        skew, skew_point, words_and_rules)

from fiscaldoc.geometry import PageTransform
from fiscaldoc.layout.lines import group_lines
from fiscaldoc.layout.preprocess import prepare
from fiscaldoc.layout.rules import find_rules
from fiscaldoc.layout.segment import segment


def page(style: str, lines: str = "none", **kw):
    """Blocks of a report page: from the image only, or with its lines / words as OCR would
    give them (``lines``: "none", "lines" joined per text line, "words" per cell)."""
    pdf = report_pdf(style, **kw)
    img, t = render(pdf, 200)
    words, _ = words_and_rules(pdf)
    given = {"none": (), "lines": tuple(group_lines(words)), "words": words}[lines]
    return segment(img, t, find_rules(img, t), given)


def kinds(blocks):
    return [b.kind for b in blocks]


def near(box, want, tol=3.0):
    return all(abs(a - b) <= tol for a, b in zip((box.x0, box.y0, box.x1, box.y1), want))


@pytest.mark.parametrize("lines", ["none", "lines"])
def test_report_page_regions(lines):
    blocks = page("grid", lines, seal=True)
    assert kinds(blocks) == ["header", "title", "text", "text", "table", "seal", "text",
                             "footer"]
    table = blocks[4]
    assert near(table.bbox, TABLE_BOX, 1.5)
    assert near(blocks[5].bbox, (388, 158, 472, 242), 4.0)     # the ring, r = 42 pt


def test_blocks_carry_the_given_lines():
    blocks = page("grid", "lines", seal=True)
    by_kind = {b.kind: b for b in blocks}
    assert by_kind["title"].text == "收入支出决算总表"
    assert by_kind["header"].text.startswith("某某市财政局")
    assert by_kind["footer"].text == "- 3 -"
    assert "一般公共服务支出" in by_kind["table"].text
    assert all(b.lines == () for b in page("grid", "none"))


def test_turned_and_skewed_scan_is_read_upright():
    img, t = render(report_pdf("grid", seal=True), 150)
    s = 150 / 72
    h, w = img.shape[:2]
    scan = np.ascontiguousarray(np.rot90(skew(img, -3.0), 1))
    page_t = PageTransform.for_render(scan.shape[1] / s, scan.shape[0] / s, 150)
    p = prepare(scan, page_t)
    blocks = segment(p.image, p.transform, find_rules(p.image, p.transform))
    assert kinds(blocks) == ["header", "title", "text", "text", "table", "seal", "text",
                             "footer"]
    # the table's centre, carried through the scan's skew and turn, lies in its block
    cx, cy = skew_point(*t.to_pixels(297.5, 230.0), w, h, -3.0)
    qx, qy = PageTransform.for_render(w / s, h / s, 150).rotate90(1).to_pixels(cx / s, cy / s)
    assert blocks[4].bbox.contains_point(qx / s, qy / s)
    assert blocks[4].bbox.height > 400              # page space: the table lies sideways


def test_booktabs_table_spans_its_rules():
    blocks = page("hrules")
    tables = [b for b in blocks if b.kind == "table"]
    assert len(tables) == 1 and near(tables[0].bbox, TABLE_BOX, 1.5)


def test_unruled_table_from_aligned_lines():
    blocks = page("plain", "words")
    tables = [b for b in blocks if b.kind == "table"]
    assert len(tables) == 1
    box = tables[0].bbox
    assert box.y0 < 140 and box.y1 > 320 and box.x0 < 60 and box.x1 > 535
    assert not any(b.kind == "table" for b in page("plain", "none"))   # no lines, no rules


def test_figure_is_found_outside_text():
    blocks = page("none", "lines", figure=True)
    figures = [b for b in blocks if b.kind == "figure"]
    assert len(figures) == 1 and near(figures[0].bbox, (110, 470, 380, 620), 4.0)
    assert "table" not in kinds(blocks)


def test_prose_page_is_title_and_text():
    img, t = render(prose_pdf(), 200)
    img = jpeg(noise(img, 8))
    blocks = segment(img, t, find_rules(img, t))
    assert kinds(blocks) == ["title", "title", "text"]          # title, subtitle, body
    assert blocks[-1].bbox.y0 < 185 and blocks[-1].bbox.y1 > 800


def test_dense_table_page_is_one_table():
    img, t = render(dense_pdf(), 150)
    assert kinds(segment(img, t, find_rules(img, t))) == ["table"]


def test_blank_page_has_no_blocks():
    t = PageTransform.for_render(595, 842, 100)
    blank = np.full((t.image_height, t.image_width, 3), 255, np.uint8)
    assert segment(blank, t, ()) == []
