"""Subject recognition: level/parent, canonical names, name-only 类 rows, damaged codes."""
from fiscaldoc.postprocess.subjects import (
    CLASS_LIST, class_code, class_names, outline_level, resolve_table, template_label,
)
from fiscaldoc.postprocess.verify import verify_document

from test_checks_fixtures import EXPENDITURE, document, expenditure, table


def _subjects(doc, t=0):
    return {r.row: r.subject for r in doc.tables[t].records}


def test_level_and_parent_follow_from_the_code():
    s = _subjects(verify_document(document(expenditure())))
    assert (s[2].level, s[2].parent, s[2].scheme) == ("类", None, "functional")
    assert (s[3].level, s[3].parent) == ("款", "201")
    assert (s[4].level, s[4].parent) == ("项", "20103")


def test_canonical_name_only_from_the_dictionary_never_guessed():
    rows = [["经济科目", "科目名称", "总计"], ["301", "工资福利支出", "5.00"],
            ["30101", "基本工资", "5.00"]]
    s = _subjects(verify_document(document(table("budget.basic_expenditure", rows), year=2020)))
    assert s[2].canonical_name == "基本工资"        # in the shipped 2020 list
    s = _subjects(verify_document(document(expenditure())))
    assert s[4].code == "2010301" and s[4].canonical_name is None   # not shipped: unknown


def test_unknown_codes_are_reported_as_an_issue():
    doc = verify_document(document(expenditure()))
    (issue,) = [i for i in doc.issues if i.code == "subject-unknown"]
    assert "2010301" in issue.message


def test_split_code_columns_are_joined():
    rows = [["类", "款", "项", "科目名称", "本年支出合计"],
            ["201", "", "", "一般公共服务支出", "5.00"], ["201", "03", "", "政府办公厅", "5.00"],
            ["201", "03", "01", "行政运行", "5.00"]]
    s = _subjects(verify_document(document(table("final.expenditure", rows, number="表3"))))
    assert [s[r].code for r in (1, 2, 3)] == ["201", "20103", "2010301"]


def test_table1_names_resolve_to_class_codes():
    names = class_names(())
    assert class_code("一、一般公共服务支出", names) == "201"
    assert class_code("十九、住房保障支出", names) == "221"
    assert class_code("一般公共服务(类)支出", names) == "201"


def test_damaged_class_names_still_resolve_when_unambiguous():
    names = class_names(())
    assert class_code("一、一般公共服?支出", names) == "201"
    assert class_code("十三、交通运输支一", names) == "214"
    assert class_code("二十四二债务还本支出", names) == "231"


def test_classes_no_seed_prints_a_code_for_stay_unknown():
    names = class_names(())
    assert class_code("十六、金融支出", names) is None
    assert class_code("二十六、抗疫特别国债安排的支出", names) is None
    assert sum(code is None for _, _, code in CLASS_LIST) == 3


def test_template_labels_survive_one_damaged_character():
    assert template_label("本年收入计") == "本年收入合计"
    assert template_label("人员经费?计") == "人员经费合计"
    assert template_label("一般公共服务支出") is None
    assert outline_level("十一?城乡社区支出") == 1 and outline_level("（1）公务用车购置") == 4


def test_a_prefix_digit_is_repaired_from_the_row_order():
    rows = [r[:] for r in EXPENDITURE]
    rows[4][0] = "2016301"                      # 2010301 under 20103, one digit damaged
    doc = verify_document(document(expenditure(rows)))
    assert _subjects(doc)[4].code == "2010301"
    (c,) = doc.tables[0].corrections
    assert (c.cell, c.before, c.after) == ((4, 0), "2016301", "2010301")


def test_a_suffix_digit_is_repaired_from_the_same_row_in_other_tables():
    rows = [r[:] for r in EXPENDITURE]
    rows[5][0] = "2010398"
    doc = verify_document(document(expenditure(rows), expenditure(), expenditure()))
    assert _subjects(doc)[5].code == "2010399"


def test_a_suffix_digit_without_evidence_is_kept_as_printed():
    rows = [r[:] for r in EXPENDITURE]
    rows[5][0] = "2010398"
    doc = document(expenditure(rows))
    info = resolve_table(doc.tables[0], doc.tables, 2021).infos[4]      # record of grid row 5
    assert info.record.subject.code == "2010398" and info.how == "printed"


def test_unit_rows_of_budget_tables_are_not_subjects():
    rows = [["单位代码", "单位名称(科目)", "总计"], ["", "合计", "5.00"], ["18001", "某单位", "5.00"],
            ["2010350", "事业运行", "5.00"]]
    doc = verify_document(document(table("budget.expenditure", rows), report="预算"))
    s = _subjects(doc)
    assert s[2].scheme == "other" and s[2].level is None and s[3].level == "项"
    assert any("单位 = Σ 科目" in c.rule and c.status == "pass" for c in doc.tables[0].checks)


def test_a_damaged_parent_code_is_repaired_by_its_children_not_the_other_way():
    rows = [r[:] for r in EXPENDITURE]
    rows[3][0] = "20163"                        # 款 20103 misread; both 项 below say 20103
    doc = verify_document(document(expenditure(rows)))
    s = _subjects(doc)
    assert [s[r].code for r in (3, 4, 5)] == ["20103", "2010301", "2010399"]


def test_parent_and_single_child_disagreeing_are_left_alone():
    rows = [["经济科目", "科目名称", "总计"], ["301", "工资福利支出", "1.00"],
            ["30101", "基本工资", "1.00"], ["899", "其他支出", "1.00"],
            ["79908", "对民间非营利组织和群众性自治组织补贴", "1.00"]]   # 399 / 39908 misread
    doc = document(table("budget.basic_expenditure", rows), report="预算")
    infos = resolve_table(doc.tables[0], doc.tables, 2021).infos
    assert [i.record.subject.code for i in infos] == ["301", "30101", "899", "79908"]
    assert not infos[3].trusted and not any(i.how == "repaired" for i in infos)
