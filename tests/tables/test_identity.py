import pytest

from fiscaldoc.model import TABLE_KINDS
from fiscaldoc.tables.identity import classify, identify, table_number


@pytest.mark.parametrize("title,kind", [
    ("2021 年度收入支出决算总表（表 1）", "final.income_expenditure_summary"),
    ("2021 年度收入决算表（表 2）", "final.income"),
    ("2021 年度支出决算表（表 3）", "final.expenditure"),
    ("2021 年度财政拨款收入支出决算总表（表 4）", "final.fiscal_summary"),
    ("2021 年度一般公共预算财政拨款支出决算表（表 5）", "final.general_budget_expenditure"),
    ("2021 年度一般公共预算财政拨款基本支出决算明细表（表 6）", "final.basic_expenditure_detail"),
    ("2021 年度一般公共预算财政拨款“三公”经费支出决算表（表 7）", "final.three_public"),
    ("2021 年度政府性基金预算财政拨款收入支出决算表（表 8）", "final.government_fund"),
    ("2021 年度国有资本经营预算财政拨款支出决算表（表 9）", "final.state_capital"),
    ("2021年部门支出总表", "budget.expenditure"),
    ("2021年财政拨款收支预算总表", "budget.fiscal_summary"),
    ("2021年一般公共预算基本支出表（经济分类款级）", "budget.basic_expenditure"),
    ("2021年一般公共预算‘三公’经费支出表", "budget.three_public"),
    ("2021年政府性基金预算支出表", "budget.government_fund"),
    ("财务收支预算总表", "budget.financial_summary"),
    ("收入预算总表", "budget.income"),
    ("一般公共预算支出功能分类预算表", "budget.general_budget_expenditure"),
    ("部门整体支出绩效目标申报表", "budget.performance_targets"),
    ("人员名单", "other"),
])
def test_kind_from_title(title, kind):
    assert kind in TABLE_KINDS
    assert classify(title) == kind


@pytest.mark.parametrize("text,number", [
    ("2021 年度收入决算表（表 2）", "表2"), ("公开 02 表", "公开02表"), ("收入决算表", None)])
def test_table_number(text, number):
    assert table_number(text) == number


def test_identity_from_lines_above_and_equations_below():
    ident = identify(["第二部分 决算表", "收入支出决算总表", "公开 01 表", "单位：万元",
                      "部门：武汉市武昌区大数据中心"],
                     ["注：说明文字。", "27 行 = (1+2+3+4+5+6+7+8) 行； 30 行 = (27+28+29) 行；"],
                     report="决算")
    assert ident.number == "公开01表"
    assert ident.kind == "final.income_expenditure_summary"
    assert ident.unit == "万元"
    assert ident.department == "武汉市武昌区大数据中心"
    assert ident.equations == ("27行=(1+2+3+4+5+6+7+8)行；30行=(27+28+29)行；",)


def test_year_from_title():
    assert identify(["2020年度收入决算表（表2）", "部门：某中心", "单位：元"], []).year == 2020
