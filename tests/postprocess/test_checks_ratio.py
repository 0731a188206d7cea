"""Percentage columns checked against the columns their header names."""
from fiscaldoc.postprocess.verify import verify_document

from test_checks_fixtures import document, table, values


def test_a_letter_formula_header_checks_the_rate_of_each_row():
    rows = [["项目", "全年预算数（A）", "全年执行数（B）", "执行率（B/A）"],
            ["年度资金总额", "396.00", "378.27", "95.52%"],
            ["其中：当年财政拨款", "396.00", "378.27", "95.52%"],
            ["产出指标", "20", "30", "10"]]          # an indicator row: a score, not a rate
    doc = verify_document(document(table("other", rows)))
    rules = [c for c in doc.tables[0].checks if "执行率" in c.rule]
    assert len(rules) == 2 and all(c.status == "pass" for c in rules)
    assert values(doc)[(1, "执行率（B/A）")].status == "verified"
    assert values(doc)[(3, "执行率（B/A）")].status == "ok"


def test_a_percent_of_budget_column_is_the_actual_over_the_budget():
    rows = [["项目", "2023年预算数", "2023年决算数", "为预算%", "为上年%"],
            ["税收收入", "2000", "2034", "101.7", "106.8"], ["非税收入", "400", "372", "93.0", "95.7"]]
    doc = verify_document(document(table("other", rows, unit="万元")))
    got = values(doc)
    assert got[(1, "为预算%")].status == got[(2, "为预算%")].status == "verified"
    assert got[(1, "为上年%")].status == "ok"              # last year is not in the table


def test_a_rate_column_the_figures_do_not_bear_out_is_dropped_not_flagged():
    rows = [["项目", "预算数", "决算数", "为预算%"], ["甲", "1,000.00", "500.00", "20.0"],
            ["乙", "1,000.00", "600.00", "30.0"], ["丙", "1,000.00", "700.00", "70.0"]]
    doc = verify_document(document(table("other", rows)))
    assert "flagged" not in {v.status for v in values(doc).values()}
    assert any("percentage column" in i.message for i in doc.issues)
