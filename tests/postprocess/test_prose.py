"""Figures quoted in the narrative are matched to the cells they quote."""
from fiscaldoc.postprocess.verify import verify_document

from test_checks_fixtures import document, expenditure, table, values

SUMMARY = [["收入/项目", "收入/行次", "收入/决算数", "支出/项目", "支出/行次", "支出/决算数"],
           ["一、一般公共预算财政拨款收入", "1", "150.00", "一、一般公共服务支出", "3", "150.00"],
           ["本年收入合计", "2", "150.00", "本年支出合计", "4", "150.00"],
           ["总计", "5", "150.00", "总计", "6", "150.00"]]


def _prose(*sentences, rows=SUMMARY):
    return verify_document(document(table("final.income_expenditure_summary", rows, number="表1"),
                                    expenditure(), prose=sentences))


def _quotes(doc, t=0):
    return [c for c in doc.tables[t].checks if c.rule.startswith("正文")]


def test_a_matching_quote_verifies_both_totals():
    doc = _prose("本年度收、支总计150.00万元，与上年持平。")
    checks = _quotes(doc)
    assert len(checks) == 2 and all(c.status == "pass" for c in checks)
    assert {c.cells for c in checks} == {((3, 2),), ((3, 5),)}


def test_a_mismatching_quote_is_a_failing_check_and_flags_the_cell():
    doc = _prose("本年度收入总计 151.00 万元。")
    (c,) = _quotes(doc)
    assert c.status == "fail" and c.expected == 151
    assert values(doc)[(3, "收入/决算数")].status == "flagged"


def test_unknown_phrases_and_other_years_are_ignored():
    doc = _prose("机关运行经费 3.00 万元。", "2020 年度收、支总计 99.00 万元。")
    assert _quotes(doc) == []


def test_a_quote_with_fewer_decimals_matches_within_its_last_digit():
    assert all(c.status == "pass" for c in _quotes(_prose("收、支总计150.0万元。")))


def test_a_class_quote_matches_any_table_printing_that_class():
    doc = _prose("其中：一般公共服务(类)支出 150.00 万元。")
    assert any(c.status == "pass" for c in _quotes(doc, 1))


def test_basic_expenditure_quote_checks_table3():
    doc = _prose("基本支出 100.00 万元，项目支出 50.00 万元。")
    assert [c.status for c in _quotes(doc, 1)] == ["pass", "pass"]


def test_a_share_with_a_named_denominator_is_checked():
    doc = _prose("本年支出合计 150.00 万元。其中：基本支出 100.00 万元，占本年支出 66.67%。")
    shares = [c for c in doc.tables[1].checks if "%」" in c.rule]
    assert len(shares) == 1 and shares[0].status == "pass"
    doc = _prose("其中：基本支出 100.00 万元，占本年支出 60.00%。")
    assert [c.status for c in doc.tables[1].checks if "%」" in c.rule] == ["fail"]
