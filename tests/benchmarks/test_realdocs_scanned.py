"""The rasterised-real-documents benchmark's pieces: page choice and the cell-by-cell
comparison of a scanned run against the digital one."""
from __future__ import annotations

import dataclasses
from decimal import Decimal

import pymupdf

from benchmarks.realdocs_scanned import Tally, compare, table_pages, values
from fiscaldoc.geometry import BBox
from fiscaldoc.model import Cell, Column, Document, Page, Record, Subject, Table, Value


def _doc(numbers: list[str], statuses: list[str], shift: float = 0.0) -> Document:
    cells = tuple(Cell(r, 1, 1, 1, BBox(100 + shift, 20 * r, 200 + shift, 20 * r + 18), n)
                  for r, n in enumerate(numbers))
    records = tuple(Record(r, Subject(None, f"row{r}", None, "other", None, None),
                           {"金额": Value(n, Decimal(n), "amount", status=s)})
                    for r, (n, s) in enumerate(zip(numbers, statuses)))
    table = Table(id="t01", pages=(0,), bbox=BBox(0, 0, 300, 400), title="", kind="other",
                  n_rows=len(numbers), n_cols=2, header_rows=0, cells=cells,
                  columns=(Column(1, "金额", "金额"),), records=records)
    return Document("x.pdf", "0" * 64, "ok", tables=(table,))


def test_compare_counts_exact_and_verified_but_wrong():
    digital = _doc(["10.00", "20.00", "30.00"], ["verified"] * 3)
    scanned = _doc(["10.00", "29.00", "30.00"], ["verified", "verified", "flagged"], shift=2)
    tally = Tally()
    compare(digital, scanned, tally, "x")
    assert (tally.amounts, tally.matched, tally.exact) == (3, 3, 2)
    assert tally.wrong_verified == 1 and tally.flagged == 1 and tally.verified == 2
    assert tally.digital_verified == 3
    assert any("20.00 read 29.00" in m for m in tally.misses)


def test_an_unread_cell_is_no_match():
    digital = _doc(["10.00"], ["ok"])
    far = _doc(["10.00"], ["ok"], shift=500)
    tally = Tally()
    compare(digital, far, tally, "x")
    assert (tally.matched, tally.exact) == (0, 0)
    assert len(values(digital)) == 1


def test_table_pages_are_spread_and_never_adjacent(tmp_path):
    doc = pymupdf.open()
    for k in range(9):
        page = doc.new_page()
        if k in (2, 3, 4, 7):
            for row in range(22):
                page.insert_text((60, 60 + 20 * row), f"项目{row}")
                page.insert_text((300, 60 + 20 * row), f"{100 + row}.50")
                page.insert_text((420, 60 + 20 * row), f"{200 + row}.25")
    path = tmp_path / "t.pdf"
    doc.save(path)
    pages = table_pages(path, 3)
    assert pages and all(b - a > 1 for a, b in zip(pages, pages[1:]))
    assert set(pages) <= {2, 3, 4, 7} and 7 in pages


def test_a_turned_scan_is_matched_where_the_turn_moved_the_cell():
    import math

    digital = _doc(["10.00", "20.00"], ["verified"] * 2)
    digital = dataclasses.replace(digital, pages=(Page(0, 600.0, 800.0, 0, "pdf"),))
    # the scan turned 2° counter-clockwise about the page centre: every cell moves with it
    a = math.radians(2.0)

    def move(b: BBox) -> BBox:
        cx, cy = (b.x0 + b.x1) / 2 - 300, (b.y0 + b.y1) / 2 - 400
        nx, ny = 300 + cx * math.cos(a) + cy * math.sin(a), 400 - cx * math.sin(a) + cy * math.cos(a)
        return BBox(nx - 50, ny - 9, nx + 50, ny + 9)

    t = digital.tables[0]
    scanned = dataclasses.replace(digital, tables=(dataclasses.replace(
        t, cells=tuple(dataclasses.replace(c, bbox=move(c.bbox)) for c in t.cells)),))
    tally = Tally()
    compare(digital, scanned, tally, "x", angle=2.0)
    assert (tally.matched, tally.exact, tally.wrong_verified) == (2, 2, 0)
