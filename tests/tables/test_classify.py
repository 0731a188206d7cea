import pytest

from fiscaldoc.geometry import BBox
from fiscaldoc.model import TABLE_KINDS, Cell
from fiscaldoc.tables.classify import classify, classify_table, core_title


@pytest.mark.parametrize("title,report,kind", [
    # numbering 预算NN表 / 公开NN表 / 表N / （N）, full-width and half-width, spaces, quotes
    ("预算01表 收支总表", None, "budget.financial_summary"),
    ("公开 02 表：收入预算总表", "预算", "budget.income"),
    ("2025年部门支出总体情况表", "预算", "budget.expenditure"),
    ("单位收支总表", "预算", "budget.financial_summary"),
    ("财务收支预算总表", None, "budget.financial_summary"),
    ("财政拨款收支总表", "预算", "budget.fiscal_summary"),
    ("财政拨款支出表（功能科目）", "预算", "budget.fiscal_expenditure"),
    ("财政拨款基本支出预算表(经济科目)", None, "budget.fiscal_basic_expenditure"),
    ("一般公共预算财政拨款基本支出预算表", "预算", "budget.basic_expenditure"),
    ("一般公共预算支出明细表（按支出经济分类科目-不含上年结转）", "预算",
     "budget.general_budget_economic"),
    ("一般公共预算基本支出明细表（按支出功能分类科目）", "预算", "budget.basic_expenditure_functional"),
    ("一般公共预算\"三公\"经费、会议费、培训费支出表", "预算", "budget.three_public"),
    ("一般公共预算 三公 经费支出表", "预算", "budget.three_public"),
    ("一般公共预算机关运行经费支出预算表", "预算", "budget.operating_costs"),
    ("2019年政府采购预算表", "预算", "budget.procurement"),
    ("财政拨款政府购买服务明细表", "预算", "budget.purchased_services"),
    ("专项业务经费支出表（不含上年结转）", "预算", "budget.project_expenditure"),
    ("财政拨款上年结转资金支出表", "预算", "budget.carryover_expenditure"),
    ("专项转移支付绩效目标表", "预算", "budget.performance_targets"),
    ("表 7 一般公共预算财政拨款“三公”经费支出决算表", None, "final.three_public"),
    ("国有资本经营预算财政拨款收入支出决算表", None, "final.state_capital"),
    ("一般公共预算财政拨款项目支出决算表", None, "final.project_expenditure"),
    ("信访干部培训专项项目绩效自评表", "决算", "final.performance_evaluation"),
    # city / province 总决算 and 总预算
    ("（1）2021 年全市一般公共预算收支决算表", "决算", "final.region_general_budget"),
    ("2021年市本级一般公共预算收入结算表", "决算", "final.region_general_revenue"),
    ("2021年市本级一般公共预算基本支出经济分类决算表", "决算", "final.region_general_expenditure"),
    ("2021年全市政府性基金预算支出决算表", "决算", "final.region_fund_expenditure"),
    ("2021年全市国有资本经营预算收支决算表", "决算", "final.region_state_capital"),
    ("2021年郑州市本级社会保险基金收入决算表", "决算", "final.region_social_insurance_revenue"),
    ("2021年末政府专项债务余额情况表", "决算", "final.region_debt"),
    ("2021年税收返还和转移支付分项目决算表", "决算", "final.region_transfer"),
    ("14山西省2018年地方政府一般债务余额情况表", "预算", "budget.region_debt"),
    ("政府性基金预算收入预算表", "预算", "budget.region_fund_revenue"),
    ("2024年上半年市本级一般公共预算收入执行情况表", "决算", "budget.region_general_revenue"),
    ("2025-2026年省级社会保险基金预算结余表", "预算", "budget.region_social_insurance"),
    # a department's table that names 转移支付 is no region table
    ("表一 部门上级转移支付补助项目支出预算表", "预算", "budget.project_expenditure"),
])
def test_title_variants(title, report, kind):
    assert kind in TABLE_KINDS
    assert classify(title, report=report) == kind


def test_numbering_and_year_are_not_words():
    assert core_title("预算05表 2026年一般公共预算支出表") == "一般公共预算支出表"
    assert core_title("公开０１表：收支预算总表") == "收支预算总表"


def test_header_alone_decides_an_untitled_table():
    header = ["“三公”经费合计", "因公出国（境）费", "公务用车购置及运行维护费", "公务接待费"]
    assert classify("", header, [["12.00", "0", "10.00", "2.00"]], "预算") == "budget.three_public"
    summary = classify("", ["收入", "支出", "项目", "行次", "金额", "项目", "行次", "金额"],
                       [["一、财政拨款收入", "1", "100.00", "一、一般公共服务支出", "32", "90.00"],
                        ["五、事业收入", "5", "20.00", "八、社会保障和就业支出", "37", "30.00"]],
                       "决算")
    assert summary == "final.income_expenditure_summary"


def test_header_and_rows_name_the_fund_of_an_untitled_table():
    header = ["项目", "年初结转和结余", "本年收入", "本年支出", "年末结转和结余"]
    fund = [["229", "其他支出", "0", "5.00", "5.00", "0"],
            ["22960", "彩票公益金安排的支出", "0", "5.00", "5.00", "0"]]
    assert classify("", header, fund, "决算") == "final.government_fund"
    assert classify("", header, [["223", "国有资本经营预算支出", "0", "1.00", "1.00", "0"]],
                    "决算") == "final.state_capital"
    assert classify("", header, [["201", "一般公共服务支出", "0", "1.00", "1.00", "0"]],
                    "决算") == "other"


def test_rows_of_indicators_make_a_continued_performance_table():
    rows = [["效益指标", "社会效益指标", "覆盖率", "≥", "99", "%"],
            ["满意度指标", "服务对象满意度指标", "满意率", "≥", "95", "%"]]
    assert classify("", (), rows, "预算") == "budget.performance_targets"
    assert classify("", (), rows + [["总分", "100", "94.7"]], "决算") == "final.performance_evaluation"


def test_a_title_cut_short_is_sharpened_by_the_header():
    header = ["合计", "“三公”经费", "会议费", "培训费", "小计", "因公出国（境）费", "公务接待费"]
    assert classify("支出预算表", header, (), "预算") == "budget.three_public"


def test_budget_or_final():
    title = "一般公共预算支出表"
    assert classify(title, report="预算") == "budget.general_budget_expenditure"
    assert classify(title, report="决算") == "final.general_budget_expenditure"
    # a 决算数 column says final when the document's report kind is not known
    assert classify(title, ["项目", "预算数", "决算数"]).startswith("final.")
    # the title's own word wins over the document's
    assert classify("收入决算表", report="预算") == "final.income"


def test_department_or_region_by_the_header():
    title = "一般公共预算支出预算表"
    region = classify(title, ["项目", "上年执行数", "预算数", "预算数为上年执行数%"], (), "预算")
    dept = classify(title, ["科目编码", "科目名称", "合计", "基本支出", "项目支出"], (), "预算")
    assert region == "budget.region_general_expenditure"
    assert dept == "budget.general_budget_expenditure"


def test_region_by_year_columns_and_unknown_region_tables():
    header = ["项目", "2023年预算数", "2023年决算数", "为预算%", "为上年%"]
    assert classify("2023年某市一般公共预算支出决算表", header, (), "决算") == \
        "final.region_general_expenditure"
    # a 省级 table of no known family, a fund's 补充表: no kind is guessed
    assert classify("2026年省级财政基本建设投资支出表", ["项目", "2026年预算数"], (), "预算") == "other"
    assert classify("2026年省级国有资本经营预算补充表", ["项目", "指标值", "备注"], (), "预算") == "other"


def test_rows_decide_the_scheme():
    title = "一般公共预算基本支出表"
    functional = [["2010101", "行政运行", "10.00"], ["2080505", "养老保险缴费", "2.00"]]
    economic = [["30101", "基本工资", "10.00"], ["30201", "办公费", "2.00"]]
    assert classify(title, (), functional, "预算") == "budget.basic_expenditure_functional"
    assert classify(title, (), economic, "预算") == "budget.basic_expenditure"


@pytest.mark.parametrize("title,header", [
    ("人员名单", ()),
    ("", ["办公室", "组织人事处"]),
    ("", ["序号", "单位名称", "拟变动情况"]),
    ("重点工作任务一览表", ["序号", "任务", "金额"]),
])
def test_unknown_tables_stay_other(title, header):
    assert classify(title, header, [["1", "某某", "3.00"]], "预算") == "other"


def test_classify_table_reads_header_and_rows_from_cells():
    texts = [["项目", "本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出"],
             ["2010101", "行政运行", "5.00", "5.00", "", ""]]
    box = BBox(0, 0, 1, 1)
    cells = [Cell(r, c, 1, 1, box, t) for r, row in enumerate(texts) for c, t in enumerate(row)]
    assert classify_table("", cells, 1, "决算") == "final.expenditure"
    assert classify_table("", cells, 1, None) == "other"


def test_no_budget_kind_takes_a_final_only_family():
    final_only = ("basic_expenditure_detail", "performance_evaluation", "assets")
    assert not [k for k in TABLE_KINDS if k.startswith("budget.") and k.endswith(final_only)]
