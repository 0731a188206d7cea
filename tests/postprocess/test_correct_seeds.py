"""The truth corpus: consistent tables are never changed; real inconsistencies stay flagged."""
from decimal import Decimal

import pytest

from benchmarks.corruption import build_document, truth_docs
from fiscaldoc.tables.numbers import parse_value
from fiscaldoc.postprocess.verify import verify_document

DOCS = {d["source"][:3]: d for d in truth_docs()}


@pytest.fixture(scope="module", params=[(s, mode) for s in sorted(DOCS) for mode in
                                        ("digital", "ocr", "opened")])
def verified(request):
    seed, mode = request.param
    doc = build_document(DOCS[seed], conf=0.95 if mode == "ocr" else 1.0)
    return seed, verify_document(doc, edit_text_layer=mode == "opened")


def _amounts(doc):
    for t in doc.tables:
        for r in t.records:
            for k, v in r.values.items():
                if v.kind == "amount":
                    yield t, r, k, v


def test_no_value_of_a_truth_table_is_ever_changed(verified):
    _, doc = verified
    assert not [c for t in doc.tables for c in t.corrections]
    for _, _, _, v in _amounts(doc):
        assert v.number == parse_value(v.raw).number and v.status in ("verified", "flagged")


def test_every_number_is_covered_by_a_check(verified):
    _, doc = verified
    assert all(v.status != "ok" for *_, v in _amounts(doc))


def test_only_the_real_inconsistencies_are_flagged(verified):
    seed, doc = verified
    flagged = sorted({v.raw for *_, v in _amounts(doc) if v.status == "flagged"})
    expected = {"000": ["2,790.06", "2,790.07"], "001": [], "002": [],
                "003": ["56.84", "56.85"]}[seed]
    assert flagged == expected


@pytest.mark.parametrize("opened", [False, True])
def test_seed_003_housing_is_left_as_printed_in_both_tables(opened):
    doc = verify_document(build_document(DOCS["003"], conf=0.95), edit_text_layer=opened)
    t1 = next(t for t in doc.tables if t.number == "表1")
    line = next(r for r in t1.records if r.subject.code == "221")
    v = next(iter(v for k, v in line.values.items() if v.kind == "amount"))
    assert (v.number, v.status) == (Decimal("56.84"), "flagged")
    assert "表3" in v.reason and "221" in v.reason
