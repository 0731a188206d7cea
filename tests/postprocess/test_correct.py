"""Correction: each kind of OCR-plausible edit, uniqueness, and text-layer values left alone."""
from decimal import Decimal

import pytest

from fiscaldoc.postprocess.correct import alternatives, read_lenient
from fiscaldoc.postprocess.verify import verify_document

from test_checks_fixtures import EXPENDITURE, document, expenditure, table, values

D = Decimal


@pytest.mark.parametrize("raw, value, edit", [
    ("180.00", "130.00", "confusable digit 8/3"),
    ("10.00", "100.00", "dropped digit 0"),
    ("1000.00", "100.00", "extra digit 0"),
    ("10000", "100.00", "lost decimal point"),
    ("1000.0", "100.00", "misplaced decimal point"),
    ("-50.00", "50.00", "spurious minus sign"),
    ("50.00", "-50.00", "lost minus sign"),
    ("1,7O6.28", "1706.28", "misread characters or separators"),
    ("17,06.28", "1706.28", "misread characters or separators"),
])
def test_edit_model(raw, value, edit):
    assert alternatives(raw, 2)[D(value)] == edit


def test_lenient_reading_refuses_words():
    assert read_lenient("无") is None and read_lenient("abc") is None
    assert read_lenient("1,7O6.28").digits == "170628"


def _damaged(row: int, col: int, text: str, **kw):
    rows = [r[:] for r in EXPENDITURE]
    rows[row][col] = text
    return verify_document(document(expenditure(rows), **kw))


@pytest.mark.parametrize("text, edit", [
    ("700.00", "confusable digit 7/1"), ("10000", "lost decimal point"),
    ("10.00", "dropped digit 0"), ("1000.00", "extra digit 0"),
    ("1OO.00", "misread characters or separators"), ("1000.0", "misplaced decimal point"),
])
def test_each_kind_of_damage_is_corrected_in_an_ocr_table(text, edit):
    doc = _damaged(4, 2, text, conf=0.9)          # 2010301 本年支出合计, truly 100.00
    v = values(doc)[(4, "本年支出合计")]
    assert (v.status, v.number, v.raw) == ("corrected", D("100.00"), text)
    (c,) = doc.tables[0].corrections
    assert c.cell == (4, 2) and c.before == text and c.after == "100.00"
    assert edit in c.reason and c.checks and all(isinstance(r, str) for r in c.checks)
    assert all(ch.status == "pass" for ch in doc.tables[0].checks)


def test_a_spurious_minus_sign_is_removed():
    doc = _damaged(5, 4, "-50.00", conf=0.9)      # 2010399 项目支出
    v = values(doc)[(5, "项目支出")]
    assert (v.status, v.number) == ("corrected", D("50.00"))


def test_two_errors_in_one_cluster_are_both_corrected():
    rows = [r[:] for r in EXPENDITURE]
    rows[4][3] = "180.00"                         # 2010301 基本支出, 100.00 with 0 read as 8
    rows[5][2] = "56.00"                          # 2010399 本年支出合计, 50.00 with 0 read as 6
    doc = verify_document(document(expenditure(rows), conf=0.9))
    v = values(doc)
    assert v[(4, "基本支出")].number == D("100.00") and v[(5, "本年支出合计")].number == D("50.00")
    assert {c.cell for c in doc.tables[0].corrections} == {(4, 3), (5, 2)}


def test_ambiguous_explanations_are_flagged_not_corrected():
    rows = [["经济科目", "科目名称", "总计"], ["", "合计", "88.00"], ["301", "工资福利支出", "88.00"],
            ["30101", "基本工资", "77.00"], ["30102", "津贴补贴", "71.00"]]   # 30101 truly 17.00
    doc = verify_document(document(table("budget.basic_expenditure", rows), conf=0.9,
                                   report="预算"))
    v = values(doc)
    assert not doc.tables[0].corrections
    assert v[(3, "总计")].status == v[(4, "总计")].status == "flagged"


def test_text_layer_values_are_flagged_not_edited():
    doc = _damaged(4, 2, "700.00")                # conf 1.0: a digital document
    v = values(doc)[(4, "本年支出合计")]
    assert (v.status, v.number) == ("flagged", D("700.00")) and not doc.tables[0].corrections


def test_text_layer_values_can_be_opened_to_correction():
    rows = [r[:] for r in EXPENDITURE]
    rows[4][2] = "700.00"
    doc = verify_document(document(expenditure(rows)), edit_text_layer=True)
    assert values(doc)[(4, "本年支出合计")].number == D("100.00")


def test_an_amount_not_printed_like_the_others_is_flagged_when_checks_cannot_confirm_it():
    rows = [["经济科目", "科目名称", "总计"], ["301", "工资福利支出", "60.02"],
            ["30101", "基本工资", "10.00"], ["30102", "津贴补贴", "20.01"],
            ["30103", "奖金", "30.0"]]            # dropped a digit: 30.0x, checks allow several
    doc = verify_document(document(table("budget.basic_expenditure", rows), report="预算",
                                   conf=0.9))
    assert values(doc)[(4, "总计")].status == "flagged"


def test_a_text_layer_amount_printed_with_fewer_decimals_is_what_it_says():
    rows = [["经济科目", "科目名称", "总计"], ["301", "工资福利支出", "60.00"],
            ["30101", "基本工资", "10.00"], ["30102", "津贴补贴", "20.00"],
            ["30103", "奖金", "30"]]               # Excel drops the trailing zeros
    for conf in (1.0, 0.9):
        doc = verify_document(document(table("budget.basic_expenditure", rows), report="预算",
                                       conf=conf))
        assert values(doc)[(4, "总计")].status == ("verified" if conf == 1.0 else "flagged")


def test_integers_are_amounts_where_the_table_prints_many_of_them():
    rows = [["经济科目", "科目名称", "总计"], ["301", "工资福利支出", "60.5"],
            ["30101", "基本工资", "10"], ["30102", "津贴补贴", "20"], ["30103", "奖金", "30.5"],
            ["30104", "伙食补助费", "0"]]
    doc = verify_document(document(table("budget.basic_expenditure", rows), report="预算",
                                   conf=0.9))
    assert {v.status for v in values(doc).values()} == {"verified"}


def test_verifying_twice_changes_nothing():
    rows = [r[:] for r in EXPENDITURE]
    rows[4][2], rows[2][0] = "10000", "207"       # a lost point and a damaged 类 code
    once = verify_document(document(expenditure(rows), conf=0.9))
    assert values(once)[(4, "本年支出合计")].status == "corrected"
    assert verify_document(once) == once
