"""End to end on born-digital PDFs rendered from the seed truth in four looks.

Every table must come back with its exact grid (cell text and spans) and every printed
amount must be parsed exactly into a record value.
"""
import json
from decimal import Decimal
from pathlib import Path

import pytest

import fiscaldoc
from benchmarks.corpus.render import LOOKS, render_pdf
from fiscaldoc.text import normalize_text

TRUTH = sorted((Path(__file__).parent / "data" / "truth").glob("*.json"))


def _amount(text: str) -> Decimal | None:
    t = text.replace(",", "")
    if "." not in t:
        return None
    try:
        return Decimal(t)
    except ArithmeticError:
        return None


@pytest.fixture(scope="module", params=[(p, look) for p in TRUTH for look in LOOKS],
                ids=lambda pl: f"{pl[0].stem[:3]}-{pl[1]}")
def extracted(request, tmp_path_factory):
    path, look = request.param
    truth = json.loads(path.read_text(encoding="utf-8"))
    pdf = tmp_path_factory.mktemp("corpus") / f"{path.stem}_{look}.pdf"
    manifest = render_pdf(truth, pdf, look)
    return truth, manifest, fiscaldoc.extract(pdf)


def _by_title(doc):
    return {t.title: t for t in doc.tables}


def test_every_table_found_once(extracted):
    truth, _, doc = extracted
    assert sorted(t.title for t in doc.tables) == sorted(normalize_text(t["title"]) for t in truth["tables"])


def test_exact_grids(extracted):
    truth, manifest, doc = extracted
    got = _by_title(doc)
    for t, m in zip(truth["tables"], manifest["tables"]):
        table = got[normalize_text(t["title"])]
        exp = sorted((c["row"], c["col"], c["row_span"], c["col_span"], normalize_text(c["text"]))
                     for c in t["cells"])
        have = sorted((c.row, c.col, c.row_span, c.col_span, c.text) for c in table.cells)
        assert (table.n_rows, table.n_cols) == (t["n_rows"], t["n_cols"]), t["title"]
        assert have == exp, t["title"]
        assert list(table.pages) == m["pages"], t["title"]


def test_every_amount_parsed_exactly(extracted):
    truth, _, doc = extracted
    got = _by_title(doc)
    for t in truth["tables"]:
        table = got[normalize_text(t["title"])]
        values = {(r.row, col.index): r.values[col.key]
                  for r in table.records for col in table.columns if col.key in r.values}
        for c in t["cells"]:
            amount = _amount(c["text"])
            if amount is not None:
                v = values.get((c["row"], c["col"]))
                assert v is not None and v.number == amount and v.raw == c["text"], (t["title"], c)


def test_identity(extracted):
    truth, _, doc = extracted
    got = _by_title(doc)
    for t in truth["tables"]:
        table = got[normalize_text(t["title"])]
        assert table.kind == t["kind"], t["title"]
        assert table.number == t["number"], t["title"]
        assert table.unit == t["unit"], t["title"]
        assert table.department == t["department"], t["title"]
    assert doc.meta["report"] == truth["report"]
    assert doc.meta["year"] == truth["year"]
