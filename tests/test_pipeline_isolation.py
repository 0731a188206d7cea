"""Design §9: an exception in one step of ``extract`` costs only what that step covers.

Each test injects a failure into one step (page text layer, page tables, joining, one
table's records, the checks, the whole extraction) and asserts what survives.
"""
from pathlib import Path

import pytest

import fiscaldoc
from fiscaldoc import pipeline

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "final_account_2021.pdf"


@pytest.fixture(scope="module")
def clean():
    return fiscaldoc.extract(EXAMPLE)


def _boom(*args, **kwargs):
    raise RuntimeError("injected")


def _codes(doc):
    return [i.code for i in doc.all_issues()]


def test_one_page_text_layer_fails(monkeypatch, clean):
    real = pipeline.read_page

    def read_page(doc, i, settings):
        if i == 2:            # the page of 收入决算表 (t02)
            raise RuntimeError("injected")
        return real(doc, i, settings)

    monkeypatch.setattr(pipeline, "read_page", read_page)
    doc = fiscaldoc.extract(EXAMPLE)
    assert doc.status == "partial"
    bad = [i for i in doc.pages[2].issues if i.code == "page-failed"]
    assert bad and bad[0].stage == "io" and "page 3" in bad[0].message
    assert "injected" in bad[0].message
    assert len(doc.tables) == len(clean.tables) - 1
    assert "final.income" not in {t.kind for t in doc.tables}
    assert doc.run["values"]["verified"] > 0          # the other tables are still checked


def test_one_page_tables_fail(monkeypatch, clean):
    real = pipeline._page_tables

    def page_tables(index, words, rules, report):
        if index == 7:
            raise RuntimeError("injected")
        return real(index, words, rules, report)

    monkeypatch.setattr(pipeline, "_page_tables", page_tables)
    doc = fiscaldoc.extract(EXAMPLE)
    issue = next(i for i in doc.pages[7].issues if i.code == "page-failed")
    assert issue.stage == "tables" and issue.page == 7
    assert len(doc.tables) == len(clean.tables) - 1
    assert doc.status == "partial"


def test_join_fails_parts_stay_separate(monkeypatch, clean):
    monkeypatch.setattr(pipeline, "join", _boom)
    doc = fiscaldoc.extract(EXAMPLE)
    issue = next(i for i in doc.issues if i.code == "join-failed")
    assert issue.stage == "tables" and issue.page == 5
    # the table continued over pages 5-6 comes out as its two parts
    assert len(doc.tables) == len(clean.tables) + 1
    assert [t.pages for t in doc.tables if 4 in t.pages or 5 in t.pages] == [(4,), (5,)]


def test_one_table_records_fail(monkeypatch, clean):
    real = pipeline.build_records

    def build_records(cells, n_rows, n_cols, header_rows, columns, unit, kind):
        if kind == "final.three_public":
            raise RuntimeError("injected")
        return real(cells, n_rows, n_cols, header_rows, columns, unit, kind)

    monkeypatch.setattr(pipeline, "build_records", build_records)
    doc = fiscaldoc.extract(EXAMPLE)
    issue = next(i for i in doc.issues if i.code == "table-failed")
    assert issue.stage == "tables" and "t07" in issue.message and issue.page == 8
    bare = next(t for t in doc.tables if t.kind == "final.three_public")
    assert bare.records == () and bare.cells           # its cells are kept as read
    others = [t for t in doc.tables if t.kind != "final.three_public"]
    assert all(t.records for t in others)
    assert any(c.status == "pass" for t in others for c in t.checks)


def test_checks_fail_values_unchecked(monkeypatch, clean):
    monkeypatch.setattr(pipeline, "verify_document", _boom)
    doc = fiscaldoc.extract(EXAMPLE)
    assert doc.status == "partial" and "verify-failed" in _codes(doc)
    counts = doc.run["values"]
    assert counts["verified"] == counts["flagged"] == 0
    assert counts["unchecked"] == counts["amounts"] == clean.run["values"]["amounts"]
    assert [t.cells for t in doc.tables] == [t.cells for t in clean.tables]


def test_extract_many_always_yields_a_document(monkeypatch, tmp_path):
    monkeypatch.setattr(pipeline, "_read_layers", _boom)
    missing = tmp_path / "missing.pdf"
    docs = list(fiscaldoc.extract_many([EXAMPLE, missing]))
    assert [d.status for d in docs] == ["failed", "failed"]
    assert docs[0].issues[0].code == "RuntimeError" and str(EXAMPLE) in docs[0].issues[0].message
    assert docs[0].sha256
    assert docs[1].issues[0].code == "FileMissingError"


def test_value_counts_in_document_json(clean):
    counts = clean.run["values"]
    assert set(counts) == {"amounts", "ok", "verified", "corrected", "flagged", "unchecked"}
    assert counts["verified"] + counts["flagged"] + counts["corrected"] > 0
