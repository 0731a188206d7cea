"""review.html as written (no browser): boxes, page of each cell, embedded data, images."""
from __future__ import annotations

import dataclasses
import json
import re

import pymupdf

from fiscaldoc.geometry import BBox
from fiscaldoc.model import Page
from fiscaldoc.review import cell_pages, review_data, review_html, write_review
from tests.evaluate.tables import cell, document, flagged_and_wrong, table


def test_table_continued_on_next_page_moves_at_the_row_that_starts_higher():
    t = table()
    cells = [c if c.row < 2 else dataclasses.replace(c, bbox=BBox(c.bbox.x0, c.bbox.y0 - 60,
                                                                  c.bbox.x1, c.bbox.y1 - 60))
             for c in t.cells]
    t = dataclasses.replace(t, pages=(3, 4), cells=tuple(cells))
    pages = cell_pages(t)
    assert {pages[(r, 0)] for r in (0, 1)} == {3} and {pages[(r, 0)] for r in (2, 3)} == {4}


def _doc(*tables):
    return dataclasses.replace(document(*tables), pages=(Page(0, 595.0, 842.0, 0, "pdf"),))


def test_one_box_per_cell_with_its_value_status():
    page = review_html(_doc(flagged_and_wrong()), {})
    statuses = re.findall(r'class="box" data-cell="[^"]+" data-status="(\w+)"', page)
    assert len(statuses) == 12
    assert statuses.count("flagged") == 1 and statuses.count("verified") == 5
    assert statuses.count("text") == 6
    assert 'data-cell="t01:3:2" data-status="flagged"' in page


def test_checks_and_corrections_reach_the_page_data():
    data = review_data(_doc(flagged_and_wrong()))
    c = data["cells"]["t01:3:2"]
    assert c["status"] == "flagged" and c["key"] == "上年" and c["number"] == "15.00"
    assert data["cells"]["t01:0:0"]["status"] == "text"


def test_script_end_tag_in_a_cell_cannot_close_the_page_script():
    t = table(cells=(cell(0, 0, "</script><b>x"),) + table().cells[1:])
    page = review_html(_doc(t), {})
    assert page.count("</script>") == 3          # the two data blocks and the code
    blob = page.split('id="review-data">', 1)[1].split("</script>", 1)[0]
    assert json.loads(blob)["cells"]["t01:0:0"]["text"] == "</script><b>x"


def test_page_images_written_beside_the_page(tmp_path):
    pdf = tmp_path / "a.pdf"
    with pymupdf.open() as d:
        d.new_page(width=595, height=842).insert_text((72, 72), "page")
        d.save(pdf)
    doc = dataclasses.replace(_doc(table()), source=str(pdf))
    path = write_review(doc, tmp_path / "out", dpi=40)
    assert [p.name for p in (tmp_path / "out" / "review_pages").iterdir()] == ["page-0001.jpg"]
    assert 'src="review_pages/page-0001.jpg"' in path.read_text(encoding="utf-8")
    assert 'loading="lazy"' in path.read_text(encoding="utf-8")


def test_missing_source_gives_blank_pages_not_an_error(tmp_path):
    doc = dataclasses.replace(_doc(table()), source=str(tmp_path / "gone.pdf"))
    text = write_review(doc, tmp_path / "out").read_text(encoding="utf-8")
    assert "no page image" in text and "<img" not in text


def test_convert_with_review_writes_the_page(tmp_path):
    import contextlib
    import io
    from pathlib import Path

    from fiscaldoc.cli import main

    example = Path(__file__).resolve().parents[2] / "examples" / "final_account_2021.pdf"
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["convert", str(example), "-o", str(tmp_path), "--review"]) == 0
    folder = tmp_path / "final_account_2021"
    assert (folder / "review.html").is_file()
    assert len(list((folder / "review_pages").glob("*.jpg"))) == 11
