"""fiscaldoc.bench: peer boxes to grid cells, continued tables joined, a whole run scored."""
from __future__ import annotations

import contextlib
import dataclasses
import io
import json

import pymupdf
import pytest

from fiscaldoc.bench.peers import Box, grid_table
from fiscaldoc.bench.run import join_continued
from fiscaldoc.cli import main
from fiscaldoc.export.json import document_json
from fiscaldoc.geometry import BBox
from tests.evaluate.tables import cell, document, table


def test_boxes_become_cells_with_spans():
    boxes = [Box(0, BBox(0, 0, 100, 10), "收入"), Box(0, BBox(0.5, 10, 50, 20), "项目"),
             Box(0, BBox(50, 10.8, 100, 20), "金额")]
    t = grid_table("x", boxes)
    assert (t.n_rows, t.n_cols) == (2, 2)
    assert [(c.row, c.col, c.row_span, c.col_span, c.text) for c in t.cells] == [
        (0, 0, 1, 2, "收入"), (1, 0, 1, 1, "项目"), (1, 1, 1, 1, "金额")]


def _part(rows, page, tid):
    return table(rows, page=page, tid=tid)


def test_parts_on_following_pages_joined_and_repeated_header_dropped():
    gold = dataclasses.replace(table(), pages=(0, 1))
    head, body = ("项目", "本年", "上年"), [("合计", "30.00", "20.00"), ("甲", "10.00", "5.00"),
                                         ("乙", "20.00", "15.00")]
    pred = document(_part((head,) + tuple(body[:2]), 0, "a"), _part((head, body[2]), 1, "b"))
    joined = join_continued(document(gold), pred)
    [t] = joined.tables
    assert (t.n_rows, t.pages) == (4, (0, 1))
    assert t.to_grid() == table().to_grid()


def test_part_without_repeated_header_keeps_its_rows():
    gold = dataclasses.replace(table(), pages=(0, 1))
    rows = table().to_grid()
    pred = document(_part(tuple(map(tuple, rows[:2])), 0, "a"),
                    table(cells=tuple(cell(r - 2, c, rows[r][c]) for r in (2, 3)
                                      for c in range(3)), page=1, tid="b",
                          rows=tuple(map(tuple, rows[2:]))))
    [t] = join_continued(document(gold), pred).tables
    assert t.to_grid() == rows


def _pdf_with_table(path):
    with pymupdf.open() as d:
        page = d.new_page(width=595, height=842)
        for k in range(4):
            page.draw_line((50, 100 + 20 * k), (290, 100 + 20 * k))
        for x in (50, 130, 210, 290):
            page.draw_line((x, 100), (x, 160))
        for r, row in enumerate([("A", "1.00", "2.00"), ("B", "3.00", "4.00"),
                                 ("C", "5.00", "6.00")]):
            for c, text in enumerate(row):
                page.insert_text((55 + 80 * c, 114 + 20 * r), text, fontsize=9, fontname="china-s")
        d.save(path)


def test_bench_scores_fiscaldoc_and_a_peer_on_the_same_file(tmp_path):
    pdf = tmp_path / "t.pdf"
    _pdf_with_table(pdf)
    from fiscaldoc.cli import file_sha256

    rows = (("A", "1.00", "2.00"), ("B", "3.00", "4.00"), ("C", "5.00", "6.00"))
    gold = dataclasses.replace(document(table(rows), name=str(pdf), sha=file_sha256(str(pdf))))
    (tmp_path / "gold.json").write_text(document_json(gold), encoding="utf-8")
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(["bench", str(pdf), "--gold", str(tmp_path / "gold.json"),
                     "--tools", "pymupdf,pdfplumber", "--out", str(tmp_path / "b")])
    assert code == 0
    result = {r["tool"]: r for r in json.loads((tmp_path / "b" / "bench.json").read_text())}
    assert result["pymupdf"]["tables_matched"] == 1 and result["pymupdf"]["cells_exact"] == 100.0
    assert result["pdfplumber"]["amounts_exact_after"] == 100.0
    assert "| pymupdf | 1/1 | 100.0 | 100.0 |" in out.getvalue()
    assert (tmp_path / "b" / "bench.png").stat().st_size > 1000


def test_unknown_tool_is_a_usage_error(tmp_path):
    with contextlib.redirect_stderr(io.StringIO()):
        assert main(["bench", "x.pdf", "--gold", str(tmp_path), "--tools", "tabula"]) == 2
