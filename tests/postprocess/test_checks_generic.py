"""Kind-free checks: an ``other`` table is verified by its total rows, outline and header."""
from fiscaldoc.postprocess.verify import verify_document

from test_checks_fixtures import document, table, values


def _statuses(doc, t=0):
    return {(row, k): v.status for (row, k), v in values(doc, t).items() if v.kind == "amount"}


def test_a_total_at_the_foot_sums_the_top_outline_level_of_the_rows_above():
    rows = [["项目", "预算数", "决算数"],
            ["一、税收收入", "30.00", "31.00"], ["1.增值税", "10.00", "11.00"],
            ["2.企业所得税", "20.00", "20.00"], ["二、非税收入", "5.00", "4.00"],
            ["其中：专项收入", "2.00", "1.00"], ["收入合计", "35.00", "35.00"]]
    doc = verify_document(document(table("other", rows)))
    got = _statuses(doc)
    assert got.pop((5, "预算数")) == got.pop((5, "决算数")) == "ok"    # 其中: a part, no sum
    assert set(got.values()) == {"verified"}
    assert any("收入合计" in c.rule and c.status == "pass" for c in doc.tables[0].checks)


def test_a_total_at_the_head_and_subtotals_below_it():
    rows = [["单位", "金额"], ["合计", "60.00"], ["甲", "10.00"], ["乙", "20.00"],
            ["小计", "30.00"], ["丙", "30.00"], ["小计", "30.00"]]
    doc = verify_document(document(table("other", rows)))
    assert set(_statuses(doc).values()) == {"verified"}


def test_a_percent_column_is_not_summed_and_holds_percentages():
    rows = [["项目", "决算数", "为预算%"], ["甲", "10.00", "101.5"], ["乙", "20.00", "99.0"],
            ["合计", "30.00", "100.0"]]
    doc = verify_document(document(table("other", rows)))
    assert {v.kind for (r, k), v in values(doc).items() if k == "为预算%"} == {"percent"}
    assert set(_statuses(doc).values()) == {"verified"}


def test_a_rule_the_printed_figures_do_not_bear_out_is_dropped_not_flagged():
    # the 合计 row is a total of other rows than those printed here (a misread layout)
    rows = [["项目", "甲", "乙", "丙"], ["A", "1.00", "2.00", "3.00"], ["B", "4.00", "5.00", "6.00"],
            ["合计", "9.00", "9.00", "9.00"]]
    doc = verify_document(document(table("other", rows)))
    assert "flagged" not in set(_statuses(doc).values())
    assert any(i.code == "kind-free-check-dropped" and "合计" in i.message for i in doc.issues)


def test_a_single_inconsistent_column_of_a_born_digital_total_row_is_still_flagged():
    rows = [["项目", "甲", "乙", "丙", "丁"], ["A", "1.00", "2.00", "3.00", "4.00"],
            ["B", "4.00", "5.00", "6.00", "7.00"], ["合计", "5.00", "7.00", "9.00", "11.50"]]
    doc = verify_document(document(table("other", rows)))
    assert _statuses(doc)[(3, "丁")] == "flagged" and _statuses(doc)[(3, "甲")] == "verified"


def test_a_column_total_of_an_other_table_is_checked_row_by_row():
    rows = [["单位", "合计", "基本支出", "项目支出"], ["甲", "30.00", "20.00", "10.00"],
            ["乙", "7.00", "4.00", "3.00"]]
    doc = verify_document(document(table("other", rows)))
    assert set(_statuses(doc).values()) == {"verified"}


# 类 / 款 / 项 printed by name only (no codes, no outline marks), as city 决算 tables do
BY_NAME = [["支出项目", "预算数", "决算数"], ["合计", "180", "171"],
           ["一般公共服务支出", "120", "115"], ["其中：人大事务", "50", "45"],
           ["行政运行", "30", "28"], ["一般行政管理事务", "20", "17"],
           ["政协事务", "70", "70"], ["行政运行", "40", "41"], ["事业运行", "30", "29"],
           ["国防支出", "60", "56"], ["国防动员", "60", "56"], ["兵役征集", "60", "56"]]


def test_the_sum_structure_of_rows_printed_by_name_only_is_found_in_the_figures():
    doc = verify_document(document(table("other", BY_NAME, unit="万元")))
    assert set(_statuses(doc).values()) == {"verified"}
    rules = [c.rule for c in doc.tables[0].checks]
    assert any("一般公共服务支出 = 其中：人大事+政协事务 [" in r for r in rules)
    assert any("合计 = 一般公共服务+国防支出 [" in r for r in rules)
    assert any("国防动员 = 兵役征集 [" in r for r in rules)        # a lone child


def test_rows_whose_figures_show_no_sum_are_left_alone():
    rows = [["单位", "人数", "金额"], ["甲", "10", "300"], ["乙", "3", "100"], ["丙", "4", "150"]]
    doc = verify_document(document(table("other", rows), conf=0.9))
    assert set(_statuses(doc).values()) == {"ok"} and not doc.tables[0].checks


def test_found_sums_hold_in_integer_tables_within_the_rounding_of_many_terms():
    rows = [["项目", "上城区", "拱墅区"], ["城乡社区支出", "512488", "12000"],
            ["甲", "73901", "2000"], ["乙", "292805", "3000"], ["丙", "94383", "4000"],
            ["丁", "45256", ""], ["戊", "6142", "3000"]]   # 上城区 Σ 1 off; a blank cell
    doc = verify_document(document(table("other", rows, unit="元")))
    assert set(_statuses(doc).values()) == {"verified"}


def test_a_blank_total_on_a_text_layer_is_printed_elsewhere_not_a_zero():
    rows = [["收入/项目", "收入/金额", "支出/项目", "支出/金额", "支出/用途", "支出/用途金额"],
            ["一、财政拨款", "100.00", "一、一般公共服务支出", "100.00", "基本支出", "100.00"],
            ["收入合计", "100.00", "支出合计", "", "", "100.00"]]
    for conf, flagged in ((1.0, False), (0.9, True)):
        doc = verify_document(document(table("budget.financial_summary", rows), conf=conf,
                                       report="预算"))
        assert ("flagged" in {v.status for v in values(doc).values()}) == flagged


def test_a_cell_on_both_sides_of_an_equation_cancels_and_does_not_crash():
    from decimal import Decimal
    from fiscaldoc.postprocess.checks import evaluate
    from fiscaldoc.postprocess.rules import Equation, Ref
    a, b = Ref(0, 1, 1), Ref(0, 2, 1)
    nums = {a: Decimal("5.00"), b: Decimal("0.00")}
    ev = evaluate(Equation("a = a + b", (a,), ((1, a), (1, b))), nums.get, lambda r: 2)
    assert ev.ok and ev.actual == ev.expected == Decimal("5.00")


def _rounded(parent: list[str]) -> list[list[str]]:
    """A parent printed by name only over children each rounded to 万元: every column's sum is
    one off the parent, no column exact."""
    return [["项目", "2024年预算数", "2025年预算数", "2026年预算数"],
            ["党委办公厅（室）及相关机构事务", *parent],
            ["行政运行", "40,575", "34,150", "34,992"], ["一般行政管理事务", "5,971", "6,050", "5,623"],
            ["机关服务", "477", "420", "365"], ["专项业务", "1,608", "1,658", "2,894"],
            ["事业运行", "1,064", "6,784", "7,044"], ["其他支出", "13,935", "15,189", "14,407"],
            ["市场监督管理事务", "258,391", "238,972", "245,832"]]


def test_a_sum_off_by_rounding_in_every_column_is_found_when_chance_cannot_explain_it():
    doc = verify_document(document(table("other", _rounded(["63,629", "64,250", "65,324"]))))
    st = _statuses(doc)
    assert all(st[(r, "2026年预算数")] == "verified" for r in range(1, 8))
    assert st[(8, "2026年预算数")] == "ok"


def test_small_figures_within_rounding_are_no_evidence_of_a_sum():
    # one column of small figures: landing within the rounding by chance is too likely
    rows = [["项目", "预算数"], ["甲", "30"], ["乙", "12"], ["丙", "9"], ["丁", "7"], ["戊", "40"]]
    doc = verify_document(document(table("other", rows)))
    assert set(_statuses(doc).values()) == {"ok"}


def test_a_first_row_without_a_name_totals_the_rows_below_when_the_figures_say_so():
    rows = [["债券名称", "年限", "发行量"], ["", "", "1,000.01"], ["甲债券", "7", "400.00"],
            ["乙债券", "10", "300.00"], ["丙债券", "30", "300.00"]]
    doc = verify_document(document(table("budget.region_debt", rows, unit="亿元")))
    got = values(doc)
    assert {got[(r, "发行量")].status for r in range(1, 5)} == {"verified"}
    assert got[(2, "年限")].kind == "text"          # a bond's term: years, not money
    # no such sum: the first row is not taken for a total, and nothing is flagged
    rows[1] = ["", "", "2,000.00"]
    doc = verify_document(document(table("budget.region_debt", rows, unit="亿元")))
    assert {values(doc)[(r, "发行量")].status for r in range(1, 5)} == {"ok"}


def test_a_total_column_the_header_does_not_name_is_found_in_the_figures():
    rows = [["战略领域", "2026年", "col5", "col6"], ["合计", "1,560,000", "400,300", "1,159,700"],
            ["甲", "1,360,000", "200,300", "1,159,700"], ["乙", "200,000", "200,000", ""],
            ["丙", "700,000", "300", "699,700"], ["丁", "-", "", ""]]
    rows[1] = ["合计", "2,260,000", "400,600", "1,859,400"]
    doc = verify_document(document(table("other", rows)))
    assert any("数据所示列合计" in c.rule for c in doc.tables[0].checks)
    assert {_statuses(doc)[(r, "col5")] for r in (2, 3, 4)} == {"verified"}


def test_a_column_equal_to_the_next_two_on_few_rows_is_no_column_rule():
    rows = [["项目", "甲", "乙", "丙"], ["一", "300", "100", "200"], ["二", "500", "200", "300"],
            ["三", "40", "12", "19"], ["四", "70", "25", "31"]]   # two rows hold, two do not
    doc = verify_document(document(table("other", rows)))
    assert not any("数据所示列合计" in c.rule for c in doc.tables[0].checks)
    rows = rows[:3]                                              # two rows only: too few
    doc = verify_document(document(table("other", rows)))
    assert not any("数据所示列合计" in c.rule for c in doc.tables[0].checks)


def test_a_subtotal_heading_its_rows_and_a_part_column_beside_its_siblings():
    rows = [["地区", "新增债务限额合计", "新增一般债务限额", "其中：政府外贷", "新增专项债务限额"],
            ["全省", "1,000.00", "300.00", "1.65", "700.00"],
            ["省本级", "400.00", "200.00", "1.65", "200.00"],
            ["地市小计", "600.00", "100.00", "", "500.00"],
            ["甲市", "250.00", "40.00", "", "210.00"], ["乙市", "200.00", "35.00", "", "165.00"],
            ["丙市", "150.00", "25.00", "", "125.00"]]
    doc = verify_document(document(table("budget.region_debt", rows, unit="亿元")))
    st = _statuses(doc)
    assert {st[(r, "新增专项债务限额")] for r in range(1, 7)} == {"verified"}
    assert st[(4, "新增一般债务限额")] == "verified"
    assert "flagged" not in st.values()
    rules = [c.rule for c in doc.tables[0].checks if c.status == "pass"]
    assert any("小计 = Σ 下方各行: 地市小计" in r for r in rules)
    assert any("新增债务限额合计 = 新增一般债务限额 + 新增专项债务限额" in r for r in rules)


def _balances(head: tuple[str, str]) -> list[list[str]]:
    return [["项目", "2026年预算数"], ["本年结余", head[0]], ["滚存结余", head[1]],
            ["一、养老保险基金本年收支结余", "3,574.95"], ["养老保险基金年末滚存结余", "26,473.30"],
            ["二、失业保险基金本年收支结余", "0.34"], ["失业保险基金年末滚存结余", "213.81"],
            ["三、工伤保险基金本年收支结余", "0.15"], ["工伤保险基金年末滚存结余", "99.97"]]


def test_totals_heading_interleaved_parts_sum_the_rows_of_their_own_name():
    doc = verify_document(document(table("budget.region_social_insurance",
                                         _balances(("3,575.44", "26,787.08")), unit="亿元")))
    assert set(_statuses(doc).values()) == {"verified"}
    assert any("首行合计 = Σ 同名各行: 滚存结余" in c.rule for c in doc.tables[0].checks)
    # head figures that are no such sums: nothing verified by it, nothing flagged
    doc = verify_document(document(table("budget.region_social_insurance",
                                         _balances(("3,000.00", "20,000.00")), unit="亿元")))
    assert set(_statuses(doc).values()) == {"ok"}


_CITIES = [("广州市", "27,882,116", "28,015,394"), ("深圳市", "44,982,090", "45,025,478"),
           ("珠海市", "6,852,524", "6,686,430"), ("汕头市", "4,689,692", "3,861,325"),
           ("韶关市", "3,873,688", "3,775,196"), ("河源市", "3,898,436", "3,863,033")]


def _regions(first: str) -> list[list[str]]:
    rows = [["地市", "年初预算数", "执行数"]] + [list(c) for c in _CITIES]
    # 核心区 = 广州 + 深圳 + 珠海; 两翼 = 汕头; 北部 = 韶关 + 河源 (not next to each other)
    return rows + [["珠三角核心区", first, "79,727,302"], ["东西两翼", "4,689,692", "3,861,325"],
                   ["北部生态发展区", "7,772,124", "7,638,229"]]


def test_regions_regrouping_scattered_rows_at_the_foot_are_checked_against_them():
    doc = verify_document(document(table("budget.region_general_expenditure",
                                         _regions("79,716,730"))))
    assert set(_statuses(doc).values()) == {"verified"}
    # a foot block whose sums are not those of the rows above: nothing is taken for a regroup
    doc = verify_document(document(table("budget.region_general_expenditure",
                                         _regions("79,716,000"))))
    assert not any("其上各行之和" in c.rule for c in doc.tables[0].checks)
    assert "flagged" not in set(_statuses(doc).values())


def _summary(use: tuple[str, str, str]) -> list[list[str]]:
    return [["收入", "", "支出", "", "", ""],
            ["项目名称", "金额", "功能分类", "", "支出用途", ""],
            ["", "", "功能科目名称", "金额", "项目名称", "金额"],
            ["一、财政拨款", "15897.44", "201 一般公共服务支出", "12706.28", "一、基本支出", use[0]],
            ["二、其他资金", "", "208 社会保障和就业支出", "1068.78", "二、项目支出", use[1]],
            ["", "", "221 住房保障支出", "2122.38", "三、单位预留机动经费", use[2]],
            ["当年收入小计", "15897.44", "当年支出小计", "", "", "15897.44"]]


def _summary_table(use: tuple[str, str, str]) -> dict:
    t = table("budget.financial_summary", _summary(use), header_rows=3)
    for c in t["cells"]:
        if c["row"] == 0 and c["text"]:
            c["col_span"] = 2 if c["text"] == "收入" else 4
        if c["row"] == 1 and c["text"] in ("功能分类", "支出用途"):
            c["col_span"] = 2
        if c["text"] == "当年支出小计":
            c["col_span"] = 3         # its figure is printed in the 支出用途 金额 column
    t["cells"] = [c for c in t["cells"] if c["text"] or c["row"] >= 3]
    return t


def test_a_spending_total_printed_in_the_other_groupings_column_and_two_breakdowns():
    doc = verify_document(document(_summary_table(("7877.76", "6333.96", "1685.72"))))
    got = {v.raw: v.status for v in values(doc).values() if v.number is not None}
    assert {got[x] for x in ("12706.28", "1068.78", "2122.38", "7877.76", "1685.72")} \
        == {"verified"}
    # breakdowns that do not add up to the same: the rule is dropped, nothing flagged
    doc = verify_document(document(_summary_table(("7000.00", "6333.96", "1685.72"))))
    assert "flagged" not in {v.status for v in values(doc).values()}
    assert values(doc)[(3, "支出/功能分类/金额")].status == "ok"


def _transfers(head: str) -> list[list[str]]:
    return [["项目", "2026年预算数"], ["2.专项转移支付", head],
            ["一般公共服务支出", "336,713"], ["其中：立法联系点建设运作项目经费", "306"],
            ["乡镇人大工作和建设经费", "29,610"], ["粮油物资储备支出", "365"],
            ["其中：储备粮轮换补助", "300"], ["科学技术支出", "1,131,005"],
            ["其中：人才发展战略专项资金", "19,579"], ["3.其他", "10"]]


def test_an_outline_row_sums_its_class_lines_between_their_project_items():
    doc = verify_document(document(table("budget.region_transfer", _transfers("1,468,083"))))
    st = _statuses(doc)
    assert {st[(r, "2026年预算数")] for r in (1, 2, 5, 7)} == {"verified"}
    assert st[(3, "2026年预算数")] == "ok"                 # a project item: a part only
    doc = verify_document(document(table("budget.region_transfer", _transfers("1,500,000"))))
    assert {_statuses(doc)[(r, "2026年预算数")] for r in (1, 2, 5, 7)} == {"ok"}


def test_a_line_carried_up_unchanged_is_found_when_its_figure_is_too_long_for_chance():
    rows = [["项目", "2026年预算数"], ["上解中央支出", "2,887,732"],
            ["预备费", "240,000"], ["预备费及预留", "240,000"],
            ["资本性支出", "54"], ["公务用车购置", "54"]]
    st = _statuses(verify_document(document(table("other", rows))))
    assert st[(2, "2026年预算数")] == st[(3, "2026年预算数")] == "verified"
    # 54 = 54 under each other: two short figures are equal by chance too often
    assert st[(4, "2026年预算数")] == st[(5, "2026年预算数")] == "ok"


def test_a_row_without_a_name_and_short_figures_is_not_taken_for_a_total():
    rows = [["项目", "金额"], ["甲", "3"], ["乙", "4"], ["丙", "5"], ["", "12"]]
    doc = verify_document(document(table("other", rows, unit="元")))
    assert set(_statuses(doc).values()) == {"ok"}
