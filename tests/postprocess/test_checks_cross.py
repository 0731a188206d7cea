"""Cross-table checks within one document, and the rounding tolerance."""
from decimal import Decimal

from fiscaldoc.postprocess.checks import tolerance
from fiscaldoc.postprocess.verify import verify_document

from test_checks_fixtures import document, expenditure, table, values, EXPENDITURE

GENERAL = [["科目编码", "科目名称", "本年支出/小计", "本年支出/基本支出", "本年支出/项目支出"],
           ["", "合计", "150.00", "100.00", "50.00"],
           ["201", "一般公共服务支出", "150.00", "100.00", "50.00"]]


def _detail(staff="80.00", public="20.00"):
    return [["人员经费/经济分类科目编码", "人员经费/科目名称", "人员经费/决算数",
             "公用经费/经济分类科目编码", "公用经费/科目名称", "公用经费/决算数"],
            ["301", "工资福利支出", staff, "302", "商品和服务支出", public],
            ["人员经费合计", "", staff, "公用经费合计", "", public]]


def _rules(doc, t, text):
    return [c for c in doc.tables[t].checks if text in c.rule]


def test_basic_expenditure_against_staff_plus_public_costs():
    doc = verify_document(document(table("final.general_budget_expenditure", GENERAL, number="表5"),
                                   table("final.basic_expenditure_detail", _detail(), number="表6")))
    (c5,) = _rules(doc, 0, "表5基本支出合计 = 表6人员经费合计 + 公用经费合计")
    (c6,) = _rules(doc, 1, "表5基本支出合计 = 表6人员经费合计 + 公用经费合计")
    assert c5.status == c6.status == "pass"
    assert c5.cells == ((1, 3),) and c6.cells == ((2, 2), (2, 5))   # each table its own cells


def test_a_cross_table_mismatch_flags_both_sides_and_names_the_other_table():
    doc = verify_document(document(table("final.general_budget_expenditure", GENERAL, number="表5"),
                                   table("final.basic_expenditure_detail",
                                         _detail(public="25.00"), number="表6")))
    (c,) = _rules(doc, 0, "表6人员经费合计")
    assert c.status == "fail" and "表6" in c.rule and "表5" in c.rule
    assert values(doc, 0)[(1, "本年支出/基本支出")].status == "flagged"


def _t1(line_201="150.00"):
    return [["收入/项目", "收入/行次", "收入/决算数", "支出/项目", "支出/行次", "支出/决算数"],
            ["一、一般公共预算财政拨款收入", "1", "150.00", "一、一般公共服务支出", "4", line_201],
            ["", "2", "", "二、外交支出", "5", "0.00"],
            ["本年收入合计", "3", "150.00", "本年支出合计", "6", "150.00"]]


def test_table1_class_lines_against_table3_class_rows():
    doc = verify_document(document(table("final.income_expenditure_summary", _t1(), number="表1"),
                                   expenditure()))
    (hit,) = _rules(doc, 0, "表1类 = 表3类: 表1 201")
    (zero,) = _rules(doc, 0, "表1类 = 表3类 (无此类: 0): 表1 202")
    assert hit.status == zero.status == "pass"
    assert doc.tables[0].records[1].subject.code == "201"      # name-only line resolved


def test_table1_class_line_mismatch_is_flagged_never_fixed_in_a_digital_document():
    doc = verify_document(document(table("final.income_expenditure_summary", _t1("150.01"),
                                         number="表1"), expenditure()))
    assert all(c.status == "fail" for c in _rules(doc, 0, "表1类 = 表3类: 表1 201"))
    v = [v for (row, k), v in values(doc, 0).items() if v.raw == "150.01"][0]
    assert v.status == "flagged" and v.number == Decimal("150.01")
    assert not doc.tables[0].corrections


def test_a_table_printed_twice_must_agree_cell_by_cell():
    rows = [r[:] for r in EXPENDITURE]
    rows[4][3] = "100.01"
    rows[4][2] = "100.01"
    doc = verify_document(document(expenditure(), expenditure(rows, title="表3（类款项分列）")))
    assert any(c.status == "fail" for c in _rules(doc, 1, "同表两版一致"))


def test_tolerance_grows_with_the_number_of_rounded_terms():
    cent = Decimal("0.01")
    assert tolerance(2, 2) == 0                 # the same amount printed twice: exact
    assert tolerance(3, 2) == cent and tolerance(4, 2) == 2 * cent
    assert tolerance(12, 2) == 3 * cent and tolerance(27, 2) == 5 * cent


def test_a_sum_off_by_one_cent_passes_an_equality_off_by_one_cent_fails():
    rows = [["科目编码", "科目名称", "本年支出合计", "基本支出", "项目支出"],
            ["201", "一般公共服务支出", "10.01", "3.33", "6.67"]]   # 3.33 + 6.67 = 10.00
    doc = verify_document(document(expenditure(rows)))
    assert all(c.status == "pass" for c in doc.tables[0].checks)
    doc = verify_document(document(table("final.income_expenditure_summary", _t1("150.01"),
                                         number="表1"), expenditure()))
    assert any(c.status == "fail" for c in _rules(doc, 0, "表1类 = 表3类: 表1 201"))


def _detail_unnamed_sides(staff="80.00", public="20.00"):
    """表6 whose three sides are all headed 决算数 (no 人员经费 / 公用经费 heading): the
    group totals sit in rows of their own label, not on a side named after the group."""
    return [["科目代码", "科目名称", "决算数", "科目代码", "科目名称", "决算数"],
            ["301", "工资福利支出", staff, "302", "商品和服务支出", public],
            ["", "人员经费合计", staff, "", "公用经费合计", public]]


def test_table6_without_group_headings_is_matched_by_the_total_rows_label():
    doc = verify_document(document(table("final.general_budget_expenditure", GENERAL, number="表5"),
                                   table("final.basic_expenditure_detail",
                                         _detail_unnamed_sides(), number="表6")))
    assert not [i for i in doc.issues if i.severity == "error"]
    (c6,) = _rules(doc, 1, "表5基本支出合计 = 表6人员经费合计 + 公用经费合计")
    assert c6.status == "pass" and c6.cells == ((2, 2), (2, 5))


def test_table6_without_group_totals_gives_no_cross_check_and_no_crash():
    rows = _detail_unnamed_sides()[:2] + [["", "合计", "100.00", "", "", ""]]
    doc = verify_document(document(table("final.general_budget_expenditure", GENERAL, number="表5"),
                                   table("final.basic_expenditure_detail", rows, number="表6")))
    assert not _rules(doc, 0, "表6人员经费合计")
