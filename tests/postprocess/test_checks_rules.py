"""One test per rule kind: note equations, built-in per kind, hierarchy; statuses and Checks."""
from fiscaldoc.postprocess.verify import verify_document

from test_checks_fixtures import document, expenditure, table, values, EXPENDITURE


def _checks(doc, t=0):
    return {c.rule: c for c in doc.tables[t].checks}


def _find(doc, text, t=0):
    hits = [c for c in doc.tables[t].checks if text in c.rule]
    assert hits, f"no check with {text!r}: {[c.rule for c in doc.tables[t].checks]}"
    return hits


def test_column_note_checks_every_row_by_栏次():
    rows = [["科目编码", "科目名称", "甲", "乙", "丙"], ["", "栏次", "1", "2", "3"],
            ["201", "一般公共服务支出", "30.00", "20.00", "10.00"],
            ["206", "科学技术支出", "9.00", "4.00", "4.00"]]
    doc = verify_document(document(table("final.income", rows, 2, "表2",
                                         notes=("1栏各行=(2+3)栏各行",))))
    ok, bad = sorted(_find(doc, "1栏各行=(2+3)栏各行"), key=lambda c: c.cells[0])
    assert ok.status == "pass" and bad.status == "fail"
    assert bad.cells == ((3, 2), (3, 3), (3, 4)) and bad.expected == 8 and bad.actual == 9
    v = values(doc)
    assert v[(2, "甲")].status == "verified" and v[(3, "甲")].status == "flagged"
    assert "1栏各行=(2+3)栏各行" in v[(3, "甲")].reason


def test_row_note_by_行次():
    rows = [["项目", "行次", "决算数"], ["一、甲收入", "1", "10.00"], ["二、乙收入", "2", "5.00"],
            ["本年收入合计", "3", "16.00"]]
    doc = verify_document(document(table("final.income_expenditure_summary", rows,
                                         notes=("3行=(1+2)行",), number="表1")))
    (c,) = _find(doc, "3行=(1+2)行")
    assert c.status == "fail" and c.actual == 16 and c.expected == 15


def test_builtin_column_tree_without_a_note():
    doc = verify_document(document(expenditure()))
    rules = [c for c in doc.tables[0].checks if "本年支出合计 = 基本支出 + 项目支出" in c.rule]
    assert len(rules) == 5 and all(c.status == "pass" for c in rules)
    assert all(v.status == "verified" for v in values(doc).values() if v.kind == "amount")


def test_hierarchy_sums_item_into_kuan_into_lei_into_total():
    rows = [r[:] for r in EXPENDITURE]
    rows[3][2] = "140.00"                       # 20103 本年支出合计 misprinted
    doc = verify_document(document(expenditure(rows)))
    failing = {c.rule for c in doc.tables[0].checks if c.status == "fail"}
    assert any("20103" in r and "Σ 下级科目" in r and "本年支出合计" in r for r in failing)
    assert any("201 一般公共服务支出 = Σ 下级科目 [本年支出合计]" in r for r in failing)
    assert _find(doc, "合计 = Σ 类 [本年支出合计]")[0].status == "pass"   # 201 itself is right
    assert values(doc)[(3, "本年支出合计")].status == "flagged"
    assert values(doc)[(4, "基本支出")].status == "verified"


def test_government_fund_balance():
    rows = [["科目编码", "科目名称", "年初结转和结余", "本年收入", "本年支出", "年末结转和结余"],
            ["", "合计", "1.00", "5.00", "4.00", "2.00"]]
    doc = verify_document(document(table("final.government_fund", rows, number="表8")))
    (c,) = _find(doc, "年末结转和结余 = 年初结转和结余 + 本年收入 − 本年支出")
    assert c.status == "pass"


def _summary(income_total="15.00", grand_out="15.00"):
    return [["收入/项目", "收入/行次", "收入/决算数", "支出/项目", "支出/行次", "支出/决算数"],
            ["一、甲收入", "1", "10.00", "一、一般公共服务支出", "5", "15.00"],
            ["二、乙收入", "2", "5.00", "二、外交支出", "6", "0.00"],
            ["本年收入合计", "3", income_total, "本年支出合计", "7", "15.00"],
            ["年初结转和结余", "4", "", "年末结转和结余", "8", ""],
            ["总计", "9", income_total, "总计", "10", grand_out]]


def test_summary_totals_and_balance():
    doc = verify_document(document(table("final.income_expenditure_summary", _summary(),
                                         number="表1")))
    for text in ("本年合计 = Σ 项目", "总计 = 本年合计 + 结转结余", "收入总计 = 支出总计"):
        assert all(c.status == "pass" for c in _find(doc, text)), text


def test_summary_balance_fails_when_the_sides_differ():
    doc = verify_document(document(table("final.income_expenditure_summary",
                                         _summary(grand_out="15.01"), number="表1")))
    (c,) = _find(doc, "收入总计 = 支出总计")
    assert c.status == "fail"


def test_outline_parent_is_the_sum_of_its_items():
    rows = [["项目", "本年预算数"], ["合计", "5.00"], ["1.因公出国（境）费用", ""],
            ["2.公务用车购置及运行维护费", "5.00"], ["其中：（1）公务用车购置", "1.00"],
            ["（2）公务用车运行维护费", "4.00"], ["3.公务接待费", ""]]
    doc = verify_document(document(table("budget.three_public", rows), report="预算"))
    assert all(c.status == "pass" for c in _find(doc, "大项 = Σ 其中各项"))
    assert all(c.status == "pass" for c in _find(doc, "合计 = Σ 各项"))


def test_basic_detail_staff_total_is_the_sum_of_its_classes():
    rows = [["人员经费/经济分类科目编码", "人员经费/科目名称", "人员经费/决算数"],
            ["301", "工资福利支出", "8.00"], ["30101", "基本工资", "8.00"],
            ["303", "对个人和家庭的补助", "2.00"], ["30302", "退休费", "2.00"],
            ["人员经费合计", "", "10.00"]]
    doc = verify_document(document(table("final.basic_expenditure_detail", rows, number="表6")))
    (c,) = _find(doc, "人员经费合计 = 301+303")
    assert c.status == "pass"


def test_column_tree_with_a_header_cell_that_has_nothing_under_it():
    # "支出" heads 合计 and 基本支出 and is also a column of its own (nothing under it in the
    # second header row): it is no child of "支出", and the tree check still runs
    rows = [["科目编码", "科目名称", "支出", "支出", "支出"],
            ["", "", "", "合计", "基本支出"],
            ["201", "一般公共服务支出", "30.00", "30.00", "30.00"]]
    doc = verify_document(document(table("final.expenditure", rows, 2, "表3")))
    (c,) = _find(doc, "支出/合计 = 支出/基本支出")
    assert c.status == "pass"
