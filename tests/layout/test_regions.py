"""Page regions in the documents the pipeline gives: running header and footer on digital
pages, and seals besides on scanned ones (``layout.segment`` wired into ``pipeline``)."""
from __future__ import annotations

import pytest
from scan_pages import render, report_pdf

import fiscaldoc
from benchmarks.corpus.degrade import scanned_pdf
from fiscaldoc.export.markdown import document_markdown
from fiscaldoc.geometry import BBox
from fiscaldoc.layout.segment import margin_regions, with_regions
from fiscaldoc.layout.settings import RegionSettings
from fiscaldoc.model import Block, Line, Word


def _kinds(page):
    return [b.kind for b in page.blocks]


def test_digital_page_has_its_running_header_and_footer():
    doc = fiscaldoc.extract(report_pdf("grid"))
    page = doc.pages[0]
    kinds = _kinds(page)
    assert kinds[0] == "header" and kinds[-1] == "footer"
    by_kind = {b.kind: b for b in page.blocks}
    assert by_kind["header"].text == "某某市财政局2023年度部门决算"
    assert by_kind["footer"].text == "- 3 -"
    assert by_kind["title"].text == "收入支出决算总表"     # the table's title stays a title
    assert doc.tables and doc.tables[0].title == "收入支出决算总表"
    md = document_markdown(doc)       # running heads and page numbers are left out
    assert "某某市财政局2023年度部门决算" not in md and "- 3 -" not in md
    assert "收入支出决算总表" in md


@pytest.mark.engine
def test_scanned_page_carries_seal_header_and_footer(tmp_path):
    img, _ = render(report_pdf("grid", seal=True), 150)
    doc = fiscaldoc.extract(scanned_pdf([img], tmp_path / "scan.pdf", 150))
    page = doc.pages[0]
    kinds = _kinds(page)
    assert "seal" in kinds and "table" in kinds
    assert kinds[0] == "header" and kinds[-1] == "footer"
    seal = next(b for b in page.blocks if b.kind == "seal")
    # the ring is drawn at (430, 200), radius 42 pt: its box in page space
    assert abs(seal.bbox.cx - 430) < 6 and abs(seal.bbox.cy - 200) < 6
    assert 70 < seal.bbox.width < 100


@pytest.mark.engine
def test_regions_failure_keeps_the_page(tmp_path, monkeypatch):
    import fiscaldoc.reading.scan as scan

    def broken(*_a, **_k):
        raise RuntimeError("injected")

    monkeypatch.setattr(scan, "page_regions", broken)
    img, _ = render(report_pdf("grid"), 150)
    doc = fiscaldoc.extract(scanned_pdf([img], tmp_path / "scan.pdf", 150))
    page = doc.pages[0]
    assert any(i.code == "regions-failed" and "injected" in i.message for i in page.issues)
    assert "seal" not in _kinds(page) and "header" not in _kinds(page)
    assert doc.tables and doc.tables[0].records      # the page's table is still read


def _block(kind, y0, y1, text=""):
    box = BBox(50, y0, 500, y1)
    return Block(kind, box, (Word(text, box),) if text else ())


def test_with_regions_retags_text_only_and_adds_seals():
    blocks = [_block("text", 20, 30, "running head"), _block("title", 35, 45, "表1"),
              _block("table", 60, 400), _block("text", 800, 810, "- 1 -")]
    regions = [_block("header", 18, 47), _block("footer", 798, 812),
               Block("seal", BBox(300, 100, 380, 180))]
    out = with_regions(blocks, regions)
    assert [b.kind for b in out] == ["header", "title", "table", "seal", "footer"]
    assert out[0].text == "running head" and out[-1].text == "- 1 -"


def test_settings_decide_the_regions():
    lines = [Line("某某市财政局", BBox(50, 20, 200, 30)), Line("正文第一行", BBox(50, 100, 500, 110)),
             Line("正文第二行", BBox(50, 114, 500, 124)), Line("- 3 -", BBox(280, 815, 310, 825))]
    assert [b.kind for b in margin_regions(lines, 842.0)] == ["header", "footer"]
    assert margin_regions(lines, 842.0, RegionSettings(margin_band=0.01)) == ()
