"""fiscaldoc.evaluate against figures worked out by hand on 4-row tables (tables.py).

The gold table has 12 cells (a header row and three records) and 6 amounts.  Its TEDS tree
has 17 nodes: the table, 4 rows, 12 cells.
"""
import pytest

from fiscaldoc.evaluate import evaluate_documents
from tests.evaluate.tables import (corrected, document, flagged_and_wrong, merged, shifted, table,
                                   value)


def _overall(pred_table, gold_table=None):
    gold = document(gold_table or table())
    return evaluate_documents([gold], [document(pred_table)]).overall().to_dict()


def test_identical_table_is_perfect():
    d = _overall(table())
    assert (d["tables_matched"], d["structure_exact"], d["cells_exact"], d["amounts_exact_before"],
            d["amounts_exact_after"], d["teds"]) == (1, 1, 12, 6, 6, 1.0)
    assert d["verified"] == 6 and d["verified_but_wrong"] == 0


def test_shifted_row():
    # only the 3 header cells stay in place; every amount is read one row too low.  TEDS:
    # the prediction has 21 nodes (5 rows, 15 cells); inserting the empty row and its 3 cells
    # turns the gold tree into it: distance 4.
    d = _overall(shifted())
    assert d["structure_exact"] == 0 and d["cells_exact"] == 3
    assert d["amounts_exact_before"] == 0 and d["amounts_exact_after"] == 0
    assert d["teds"] == pytest.approx(1 - 4 / 21, abs=1e-4)
    assert d["teds_struct"] == pytest.approx(1 - 4 / 21, abs=1e-4)


def test_merged_cell():
    # 上年 is gone (11 of 12 cells); the amounts are untouched.  TEDS: delete one cell and give
    # the other a column span of 2 (rename cost 1): distance 2 over max(17, 16) nodes.
    d = _overall(merged())
    assert d["structure_exact"] == 0 and d["cells_exact"] == 11
    assert d["amounts_exact_before"] == 6 and d["amounts_exact_after"] == 6
    assert d["teds"] == pytest.approx(1 - 2 / 17, abs=1e-4)
    assert d["teds_struct"] == pytest.approx(1 - 2 / 17, abs=1e-4)


def test_corrected_value_counts_wrong_as_read_and_right_after_correction():
    d = _overall(corrected())
    assert d["structure_exact"] == 1 and d["cells_exact"] == 11
    assert d["amounts_exact_before"] == 5 and d["amounts_exact_after"] == 6
    assert d["statuses"]["corrected"] == {"values": 1, "right": 1}
    # one text edit of 1 character in 5 out of 17 nodes
    assert d["teds"] == pytest.approx(1 - (1 / 5) / 17, abs=1e-4)
    assert d["teds_struct"] == 1.0


def test_verified_but_wrong_and_flagged_but_right():
    d = _overall(flagged_and_wrong())
    assert d["verified"] == 5 and d["verified_but_wrong"] == 1
    assert d["flagged"] == 1 and d["flagged_but_right"] == 1
    assert d["cells_exact"] == 11 and d["amounts_exact_after"] == 5


def test_unknown_status_is_counted_under_its_own_name():
    pred = table(values={(1, 1): value("30.00", "30.00", "unchecked")})
    d = _overall(pred)
    assert d["statuses"]["unchecked"] == {"values": 1, "right": 1}
    assert d["statuses"]["verified"] == {"values": 5, "right": 5}


def test_table_on_another_page_is_not_matched():
    d = _overall(table(page=1))
    assert d["tables_matched"] == 0 and d["cells_exact"] == 0 and d["teds"] == 0.0


def test_tables_matched_by_box_not_by_order():
    gold = document(table(tid="t01", kind="final.income"),
                    table(tid="t02", page=1, kind="final.expenditure"))
    pred = document(table(tid="x9", page=1), shifted())
    ev = evaluate_documents([gold], [pred])
    by_kind = {k: t.to_dict() for k, t in ev.by_kind().items()}
    assert by_kind["final.expenditure"]["cells_exact"] == 12
    assert by_kind["final.income"]["cells_exact"] == 3
    assert [s.table_id for s in ev.worst(1)] == ["t01"]


def test_reviewed_gold_value_is_reported():
    gold = table(values={(2, 1): value("10.00", "10.00", "flagged", reviewed=True)})
    d = _overall(table(), gold)
    assert d["reviewed"] == 1 and d["reviewed_right"] == 1
    d = _overall(flagged_and_wrong(), table(values={(2, 2): value("5.00", "5.00", "ok", True)}))
    assert d["reviewed"] == 1 and d["reviewed_right"] == 0


def test_documents_paired_by_sha_then_name():
    g1, g2 = document(table(), name="x/a.pdf", sha="1" * 64), document(table(), name="b.pdf")
    p1 = document(shifted(), name="renamed.pdf", sha="1" * 64)
    p2 = document(merged(), name="other/b.pdf")
    ev = evaluate_documents([g1, g2], [p2, p1])
    docs = {k: t.to_dict()["cells_exact"] for k, t in ev.by_document().items()}
    assert docs == {"a": 3, "b": 11}
    ev = evaluate_documents([g1, document(table(), name="c.pdf")], [p1])
    assert ev.missing_docs == ["c"]
