"""The scanned path end to end with the embedded engine: small synthetic scans.

Pages are rendered from truth tables, rasterised, degraded and written as image-only PDFs
(or images), so the pipeline has no text layer to lean on.
"""
import importlib.util
import json
from decimal import Decimal
from pathlib import Path

import numpy as np
import pymupdf
import pytest

import fiscaldoc
from benchmarks.corpus.degrade import degrade, scanned_pdf
from benchmarks.corpus.render import render_pdf
from fiscaldoc.config import Config, OcrConfig, RenderConfig
from fiscaldoc.text import normalize_text

pytestmark = pytest.mark.engine

TRUTH = Path(__file__).parent / "data" / "truth"
DPI = 200


def _truth_table(doc_stem: str, number: str):
    truth = json.loads((TRUTH / f"{doc_stem}.json").read_text(encoding="utf-8"))
    small = {**truth, "tables": [t for t in truth["tables"] if t["number"] == number][:1]}
    return small, small["tables"][0]


def _page_image(pdf: Path, index: int) -> np.ndarray:
    with pymupdf.open(pdf) as d:
        pix = d[index].get_pixmap(dpi=DPI)
        img = np.frombuffer(pix.samples, np.uint8).reshape(pix.h, pix.w, pix.n)[:, :, :3]
        return np.ascontiguousarray(img[:, :, ::-1])


def _cells(table):
    return sorted((c.row, c.col, c.row_span, c.col_span, c.text) for c in table.cells)


def _truth_cells(t):
    return sorted((c["row"], c["col"], c["row_span"], c["col_span"], normalize_text(c["text"]))
                  for c in t["cells"])


@pytest.fixture(scope="module")
def table5_page(tmp_path_factory):
    """Seed 000 表5 (26 rows, merged headers, wrapped names) as a rendered page image."""
    doc, table = _truth_table("000_70fb560e43fc82fb", "表5")
    pdf = tmp_path_factory.mktemp("scan") / "t5.pdf"
    manifest = render_pdf(doc, pdf, "grid")
    return table, _page_image(pdf, manifest["tables"][0]["pages"][0])


def _extract_images(images, tmp_path, name="scan.pdf"):
    pdf = scanned_pdf(images, tmp_path / name, DPI)
    return fiscaldoc.extract(pdf)


def test_medium_degradation_gives_exact_grid_and_numbers(table5_page, tmp_path):
    table, image = table5_page
    doc = _extract_images([degrade(image, "medium", dpi=DPI)], tmp_path)
    assert doc.pages[0].text_source == "ocr"
    got = {t.title: t for t in doc.tables}[normalize_text(table["title"])]
    assert _cells(got) == _truth_cells(table)
    values = {(r.row, c.index): r.values[c.key] for r in got.records for c in got.columns
              if c.key in r.values}
    for c in table["cells"]:
        if "." in c["text"]:
            assert values[(c["row"], c["col"])].number == Decimal(c["text"].replace(",", ""))
    assert got.kind == "final.general_budget_expenditure" and got.unit == "万元"


def test_unruled_table_scan_gives_exact_grid_and_numbers(tmp_path):
    """A 三线表 (no vertical rules) whose long names touch the right-aligned amounts: the
    detector joins name and amount into one line; the line is cut at the column gutter."""
    doc, table = _truth_table("000_70fb560e43fc82fb", "表3")
    pdf = tmp_path / "t3.pdf"
    manifest = render_pdf(doc, pdf, "hrules")
    image = degrade(_page_image(pdf, manifest["tables"][0]["pages"][0]), "medium", dpi=DPI)
    got = {t.title: t for t in _extract_images([image], tmp_path).tables}[
        normalize_text(table["title"])]
    assert _cells(got) == _truth_cells(table)


@pytest.mark.parametrize("turns", [1, 2, 3])
def test_a_turned_page_gives_the_same_grid(table5_page, tmp_path, turns):
    table, image = table5_page
    doc = _extract_images([np.ascontiguousarray(np.rot90(image, turns))], tmp_path)
    got = {t.title: t for t in doc.tables}[normalize_text(table["title"])]
    assert _cells(got) == _truth_cells(table)
    # boxes are reported on the page as displayed (the turned page), not the straightened one
    page = doc.pages[0]
    assert got.bbox.x1 <= page.width + 1 and got.bbox.y1 <= page.height + 1


def test_png_and_multipage_tiff_inputs(table5_page, tmp_path):
    from PIL import Image

    table, image = table5_page
    rgb = Image.fromarray(image[:, :, ::-1])
    png = tmp_path / "page.png"
    rgb.save(png, dpi=(DPI, DPI))
    tif = tmp_path / "pages.tif"
    rgb.save(tif, save_all=True, append_images=[rgb], dpi=(DPI, DPI))
    doc_png = fiscaldoc.extract(png)
    doc_tif = fiscaldoc.extract(tif)
    assert [t.title for t in doc_png.tables] == [normalize_text(table["title"])]
    assert len(doc_tif.pages) == 2 and len(doc_tif.tables) >= 1
    assert _cells(doc_png.tables[0]) == _truth_cells(table)


def test_mixed_digital_and_scanned_pages(table5_page, tmp_path):
    table, image = table5_page
    scan = scanned_pdf([degrade(image, "light", dpi=DPI)], tmp_path / "s.pdf", DPI)
    doc, t9 = _truth_table("000_70fb560e43fc82fb", "表9")
    digital = tmp_path / "d.pdf"
    render_pdf(doc, digital, "grid")
    mixed = tmp_path / "mixed.pdf"
    with pymupdf.open(digital) as a, pymupdf.open(scan) as b:
        a.insert_pdf(b)
        a.save(mixed)
    out = fiscaldoc.extract(mixed)
    assert {p.text_source for p in out.pages} == {"pdf", "ocr"}
    titles = {t.title for t in out.tables}
    assert {normalize_text(table["title"]), normalize_text(t9["title"])} <= titles


def test_garbage_text_layer_is_read_as_a_scan(table5_page, tmp_path):
    table, image = table5_page
    pdf = scanned_pdf([image], tmp_path / "g.pdf", DPI)
    with pymupdf.open(pdf) as d:
        d[0].insert_text((20, 20), "(cid:123)(cid:87)" * 12, fontsize=4)
        d.save(tmp_path / "garbage.pdf")
    out = fiscaldoc.extract(tmp_path / "garbage.pdf")
    assert out.pages[0].text_source == "ocr"
    assert _cells(out.tables[0]) == _truth_cells(table)


@pytest.mark.skipif(importlib.util.find_spec("paddleocr") is not None,
                    reason="paddle is installed here")
def test_missing_engine_makes_the_page_an_issue_not_a_crash(table5_page, tmp_path):
    _, image = table5_page
    pdf = scanned_pdf([image], tmp_path / "p.pdf", DPI)
    out = fiscaldoc.extract(pdf, Config(ocr=OcrConfig(engine="paddle")))
    assert out.status == "partial"
    assert "ocr-unavailable" in {i.code for i in out.all_issues()}


def test_pages_read_side_by_side_match_one_at_a_time(table5_page, tmp_path):
    # page 2 is too large to render: it becomes an issue, the pages around it are read,
    # and reading two pages at once changes nothing in the result, order included
    table, image = table5_page
    h, w = image.shape[:2]
    big = np.full((2 * h, 2 * w, 3), 255, np.uint8)
    turned = np.ascontiguousarray(np.rot90(image))
    pdf = scanned_pdf([image, big, turned], tmp_path / "three.pdf", DPI)
    limit = 2 * h * w
    docs = [fiscaldoc.extract(pdf, Config(ocr=OcrConfig(workers=n),
                                          render=RenderConfig(dpi=DPI, max_pixels=limit)))
            for n in (1, 2)]
    for doc in docs:
        assert [p.text_source for p in doc.pages] == ["ocr", "pdf", "ocr"]
        assert [i.code for i in doc.pages[1].issues if i.severity == "error"] == ["PageTooLargeError"]
        assert doc.status == "partial"
        assert [_cells(t) for t in doc.tables] == [_truth_cells(table)] * 2
    one, two = (d.to_dict() for d in docs)
    one.pop("run"), two.pop("run")
    assert one == two


def test_workers_below_one_is_a_config_error():
    from fiscaldoc.errors import ConfigError

    with pytest.raises(ConfigError, match="workers"):
        Config.from_dict({"ocr": {"workers": 0}})


def test_precision_other_than_int8_or_float32_is_a_config_error():
    from fiscaldoc.errors import ConfigError

    with pytest.raises(ConfigError, match="precision"):
        Config.from_dict({"ocr": {"precision": "int4"}})


@pytest.mark.parametrize("precision", ["int8", "float32"])
def test_either_recogniser_precision_reads_the_table_and_the_run_says_which(
        table5_page, tmp_path, precision):
    from fiscaldoc.config import OcrConfig

    table, image = table5_page
    pdf = scanned_pdf([degrade(image, "medium", dpi=DPI)], tmp_path / "scan.pdf", DPI)
    doc = fiscaldoc.extract(pdf, Config(ocr=OcrConfig(precision=precision)))
    got = {t.title: t for t in doc.tables}[normalize_text(table["title"])]
    assert _cells(got) == _truth_cells(table)
    assert doc.run["rec_precision"] == precision


def test_a_bug_on_one_scanned_page_loses_only_that_page(table5_page, tmp_path, monkeypatch):
    # an unexpected error while reading one page (a bug, not bad input) becomes that page's
    # issue; the other page is read and its table found
    import fiscaldoc.reading.scanned as scan

    table, image = table5_page
    pdf = scanned_pdf([image, image], tmp_path / "two.pdf", DPI)
    real = scan.read_rendered_page

    def read(page, *args, **kwargs):
        if page.index == 0:
            raise IndexError("list index out of range")
        return real(page, *args, **kwargs)

    monkeypatch.setattr(scan, "read_rendered_page", read)
    doc = fiscaldoc.extract(pdf)
    (issue,) = [i for i in doc.pages[0].issues if i.severity == "error"]
    assert issue.code == "page-failed" and "page 1" in issue.message and "IndexError" in issue.message
    assert doc.status == "partial"
    assert [_cells(t) for t in doc.tables] == [_truth_cells(table)]


def test_a_bug_in_the_checks_leaves_the_tables_unchecked(tmp_path, monkeypatch):
    import fiscaldoc.pipeline as pipeline

    def broken(document):
        raise KeyError("column")

    monkeypatch.setattr(pipeline, "verify_document", broken)
    doc = fiscaldoc.extract(Path(__file__).parents[1] / "examples" / "final_account_2021.pdf")
    assert len(doc.tables) == 9 and doc.status == "partial"
    assert [i.code for i in doc.issues if i.severity == "error"] == ["verify-failed"]
