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


def test_a_named_ratio_header_divides_the_columns_it_names():
    rows = [["项目", "2025年年初预算数", "2025年调整预算数（注1）", "2025年执行数", "执行数为调整预算数的",
             "执行数为上年执行数的"],
            ["税收收入", "2,100", "2,000", "2,034", "101.7%", "106.8%"],
            ["非税收入", "450", "400", "372", "93.0%", "95.7%"]]
    doc = verify_document(document(table("other", rows, unit="万元")))
    got = values(doc)
    assert got[(1, "执行数为调整预算数的")].status == got[(2, "执行数为调整预算数的")].status == "verified"
    assert got[(1, "执行数为上年执行数的")].status == "ok"     # 2024 is printed nowhere


_LAST_YEAR = [["项目", "2025年调整预算数", "2025年执行数"], ["一般公共服务支出", "1,000", "980"],
              ["教育支出", "2,000", "2,100"], ["科学技术支出", "500", "450"],
              ["卫生健康支出", "800", "760"]]


def _budget(percents: list[str]) -> dict:
    rows = [["项目", "2025年预算数", "2026年预算数", "预算数为上年执行数的"]]
    for (name, *_), pct, new in zip(_LAST_YEAR[1:], percents, ("1,029", "2,205", "495", "798")):
        rows.append([name, "1,000", new, pct])
    return table("budget.region_general_expenditure", rows, title="2026年支出预算表")


def test_a_ratio_to_last_years_figure_is_checked_against_the_table_that_prints_it():
    last = table("budget.region_general_expenditure", _LAST_YEAR, title="2025年支出执行情况表")
    doc = verify_document(document(last, _budget(["105.0%", "105.0%", "110.0%", "105.0%"])))
    got = values(doc, 1)
    assert all(got[(r, "预算数为上年执行数的")].status == "verified" for r in (1, 2, 3, 4))


def test_a_cross_table_ratio_holding_on_few_rows_by_coincidence_verifies_nothing():
    last = table("budget.region_general_expenditure", _LAST_YEAR, title="2025年支出执行情况表")
    # two rows agree by chance, the others do not: the pairing is not borne out
    doc = verify_document(document(last, _budget(["105.0%", "105.0%", "90.0%", "90.0%"])))
    got = values(doc, 1)
    assert {got[(r, "预算数为上年执行数的")].status for r in (1, 2, 3, 4)} == {"ok"}
    # a table of another kind printing the same column is not a candidate
    other = table("budget.region_general_revenue", _LAST_YEAR, title="2025年收入执行情况表")
    doc = verify_document(document(other, _budget(["105.0%", "105.0%", "110.0%", "105.0%"])))
    assert {values(doc, 1)[(r, "预算数为上年执行数的")].status for r in (1, 2, 3, 4)} == {"ok"}


def test_a_rounded_percentage_verifies_itself_not_the_last_digits_of_large_amounts():
    rows = [["地市", "2025年调整预算数", "2025年执行数", "执行数为调整预算数的"],
            ["甲市", "28,789,239", "28,015,394", "97.3%"], ["乙市", "7,553,570", "6,686,430", "88.5%"]]
    doc = verify_document(document(table("other", rows)))
    got = values(doc)
    assert got[(1, "执行数为调整预算数的")].status == "verified"
    # 28,015,494 would print 97.3% too: the amount is not pinned by the percentage
    assert got[(1, "2025年执行数")].status == got[(1, "2025年调整预算数")].status == "ok"
    rows = [["项目", "全年预算数（A）", "全年执行数（B）", "执行率（B/A）"],
            ["年度资金总额", "4.60", "4.14", "90.00%"]]             # one unit more shows
    doc = verify_document(document(table("other", rows)))
    assert {v.status for v in values(doc).values() if v.number is not None} == {"verified"}


def _uses(shares: list[str]) -> dict:
    rows = [["项目用途", "新增债券", "占比"], ["合计", "6,056.70", "100.0%"],
            ["一、交通基础设施", "1,014.64", shares[0]], ["二、能源", "3.75", shares[1]],
            ["三、农林水利", "430.42", shares[2]], ["四、其他", "4,607.89", shares[3]]]
    return table("budget.region_debt", rows, unit="亿元")


def test_a_share_column_holds_each_rows_share_of_the_total():
    doc = verify_document(document(_uses(["16.8%", "0.1%", "7.1%", "76.1%"])))
    got = values(doc)
    assert {got[(r, "占比")].status for r in range(1, 6)} == {"verified"}


def test_a_share_column_the_figures_do_not_bear_out_is_dropped_not_flagged():
    doc = verify_document(document(_uses(["20.0%", "5.0%", "3.0%", "72.0%"])))
    got = values(doc)
    assert "flagged" not in {v.status for v in got.values()}
    assert got[(2, "占比")].status == "ok"
