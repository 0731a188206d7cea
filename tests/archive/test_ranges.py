"""A document read as page ranges (``archive.ranges``) gives what one reading gives: the parts'
text layers and OCR joined in page order, then tables, joins across a range's boundary,
records and checks on the whole document.  Fast on a rendered digital report; on Ray with a
generated scan (slow: OCR, twice)."""
import json
from pathlib import Path

import pytest

import fiscaldoc
from fiscaldoc.archive.ranges import join_parts, page_ranges
from fiscaldoc.export.json import document_json
from fiscaldoc.pipeline import extract, read_pages

ROOT = Path(__file__).resolve().parents[2]
TRUTH = sorted((ROOT / "tests" / "data" / "truth").glob("*.json"))[0]


def _report(path: Path) -> Path:
    """The first truth document rendered with rules: 12 pages, its 表4 continued from page 5
    onto page 6."""
    from benchmarks.corpus.render import render_pdf

    render_pdf(json.loads(TRUTH.read_text(encoding="utf-8")), path, "grid", seed=1)
    return path


def _without_timings(doc) -> dict:
    data = json.loads(document_json(doc))
    data["run"].pop("timings")
    return data


def test_page_ranges():
    assert page_ranges(5, 2) == [range(0, 2), range(2, 4), range(4, 5)]
    assert page_ranges(4, 20) == [range(0, 4)]
    with pytest.raises(ValueError):
        page_ranges(3, 0)


def test_ranges_joined_give_the_whole_reading(tmp_path):
    pdf = _report(tmp_path / "r.pdf")
    whole = fiscaldoc.extract(pdf)
    continued = [t.pages for t in whole.tables if len(t.pages) > 1]
    assert (4, 5) in continued                      # the boundary below falls inside it
    parts = [read_pages(pdf, None, r) for r in page_ranges(len(whole.pages), 5)]
    assert [len(p.layers) for p in parts] == [5, 5, 2]
    read = join_parts(parts)
    joined = extract(pdf, read=read)
    assert joined.run["timings"]["page_tasks"] == 3
    assert _without_timings(joined) == _without_timings(whole)
    with pytest.raises(ValueError):
        join_parts(parts[::-1])


def _scan(tmp_path: Path) -> Path:
    """Pages 4-6 of the report rasterised at 200 dpi (``clean``: the join of a continued table on
    a degraded scan is the table reader's matter, not this test's), as an image-only PDF: the
    continued 表4 spans its pages 2 and 3, across the boundary of 2-page ranges."""
    from benchmarks.corpus.degrade import degrade, scanned_pdf
    from benchmarks.scanned import rasterize

    images = rasterize(_report(tmp_path / "r.pdf"), [3, 4, 5], 200)
    (tmp_path / "in").mkdir()
    return scanned_pdf([degrade(img, "clean", dpi=200, seed=k) for k, img in enumerate(images)],
                       tmp_path / "in" / "scan.pdf", 200)


@pytest.mark.slow
@pytest.mark.engine
def test_a_scan_split_into_page_ranges_on_ray_equals_the_local_run(tmp_path, local_ray):
    from archive_docs import comparable

    from fiscaldoc import cli

    scan = _scan(tmp_path)
    assert cli.main(["convert", str(scan.parent), "-o", str(tmp_path / "local")]) == 0
    assert cli.main(["convert", str(scan.parent), "-o", str(tmp_path / "ray"), "--executor",
                     "ray", "--pages-per-task", "2"]) == 0
    doc = json.loads((tmp_path / "ray" / "scan" / "document.json").read_text(encoding="utf-8"))
    assert doc["run"]["timings"]["page_tasks"] == 2
    assert [1, 2] in [t["pages"] for t in doc["tables"]]     # joined across the boundary
    assert {p["text_source"] for p in doc["pages"]} == {"ocr"}
    assert comparable(tmp_path / "local") == comparable(tmp_path / "ray")
