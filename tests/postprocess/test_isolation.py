"""Each rule family of the checks runs on its own (design §9, issue 11 item 1).

A failure injected into one family becomes a ``check-failed`` Issue naming the family, the
table and the page; the values only that family checks become ``unchecked``; every other
family's checks, the subjects and the corrections survive.
"""
import pytest

import fiscaldoc.postprocess.checks_cross as checks_cross
import fiscaldoc.postprocess.verify as verify
from fiscaldoc.postprocess.isolate import mark_unchecked
from fiscaldoc.postprocess.verify import verify_document

from test_checks_fixtures import EXPENDITURE, document, expenditure, table, values

# checked only by its note (columns 甲 乙 丙 say nothing; no codes, no total row)
NOTED = [["项目", "甲", "乙", "丙"], ["一", "30.00", "20.00", "10.00"],
         ["二", "7.00", "4.00", "3.00"]]
# checked only by the built-in fund balance rule of its kind
FUND = [["项目", "年初结转和结余", "本年收入", "本年支出", "年末结转和结余"],
        ["甲", "10.00", "5.00", "3.00", "12.00"]]
# checked only by its code hierarchy (one value column)
CODED = [["科目编码", "科目名称", "金额"], ["201", "一般公共服务支出", "150.00"],
         ["20103", "政府办公厅（室）及相关机构事务", "150.00"], ["2010301", "行政运行", "150.00"]]


def _boom(*_a, **_k):
    raise RuntimeError("injected")


def _doc(conf=1.0):
    return document(expenditure(), table("other", NOTED, notes=("1栏=2栏+3栏",)),
                    table("final.government_fund", FUND), table("other", CODED), conf=conf)


def _statuses(doc, t):
    return {v.status for v in values(doc, t).values() if v.kind == "amount"}


def _failed(doc, family):
    return [i for i in doc.issues if i.code == "check-failed" and family in i.message]


def test_without_failures_every_table_is_verified_and_nothing_is_unchecked():
    doc = verify_document(_doc())
    assert [_statuses(doc, t) for t in range(4)] == [{"verified"}] * 4
    assert not _failed(doc, "") and doc.status == "ok"


@pytest.mark.parametrize("name, family, lost", [
    ("note_equations", "note equations", 1),
    ("builtin_equations", "builtin rules", 2),
    ("hierarchy_equations", "hierarchy", 3),
])
def test_a_per_table_family_failing_leaves_only_its_values_unchecked(monkeypatch, name, family,
                                                                     lost):
    monkeypatch.setattr(verify, name, _boom)
    doc = verify_document(_doc())
    issues = _failed(doc, family)
    assert issues and all(i.stage == "postprocess" and i.page is not None for i in issues)
    assert any(f"t{lost + 1:02d}" in i.message and "RuntimeError" in i.message for i in issues)
    assert _statuses(doc, lost) == {"unchecked"}
    assert all("rule family failed" in v.reason for v in values(doc, lost).values()
               if v.kind == "amount")
    for t in set(range(4)) - {lost}:     # the other families still verify the other tables
        assert _statuses(doc, t) == {"verified"}, t
    assert doc.tables[0].records[1].subject.level == "类"        # subjects survive
    assert doc.status == "partial"


def test_subject_recognition_failing_keeps_the_printed_codes_and_the_other_rules(monkeypatch):
    monkeypatch.setattr(verify, "resolve_table", _boom)
    doc = verify_document(_doc())
    assert _failed(doc, "subjects")
    assert [r.subject.code for r in doc.tables[3].records] == ["201", "20103", "2010301"]
    assert _statuses(doc, 3) == {"unchecked"}       # only hierarchy could check it
    assert _statuses(doc, 1) == _statuses(doc, 2) == {"verified"}
    assert _statuses(doc, 0) == {"verified"}         # column rule 合计 = 基本 + 项目 per row


GENERAL = [["科目编码", "科目名称", "本年支出/小计", "本年支出/基本支出", "本年支出/项目支出"],
           ["", "合计", "150.00", "100.00", "50.00"],
           ["201", "一般公共服务支出", "150.00", "100.00", "50.00"]]
DETAIL = [["人员经费/经济分类科目编码", "人员经费/科目名称", "人员经费/决算数",
           "公用经费/经济分类科目编码", "公用经费/科目名称", "公用经费/决算数"],
          ["301", "工资福利支出", "80.00", "302", "商品和服务支出", "20.00"],
          ["人员经费合计", "", "80.00", "公用经费合计", "", "20.00"]]


def test_one_cross_table_comparison_failing_keeps_the_others_and_each_tables_rules(monkeypatch):
    monkeypatch.setattr(checks_cross, "_basic_vs_detail", _boom)
    doc = verify_document(document(table("final.general_budget_expenditure", GENERAL,
                                         number="表5"),
                                   table("final.basic_expenditure_detail", DETAIL, number="表6"),
                                   expenditure(), expenditure(title="表3（类款项分列）")))
    assert _failed(doc, "表5 against 表6")
    assert not [c for c in doc.tables[0].checks if "表6" in c.rule]
    assert any("同表两版一致" in c.rule and c.status == "pass" for c in doc.tables[3].checks)
    assert all(c.status == "pass" for t in doc.tables for c in t.checks)
    assert "ok" not in _statuses(doc, 0) | _statuses(doc, 1)   # verified or unchecked


def test_prose_failing_keeps_the_table_checks(monkeypatch):
    monkeypatch.setattr(verify, "prose_checks", _boom)
    doc = verify_document(document(expenditure(), prose=("2021年本年支出合计150.00万元。",)))
    assert _failed(doc, "prose") and _statuses(doc, 0) == {"verified"}


def test_the_correction_search_failing_flags_the_damage_instead_of_fixing_it(monkeypatch):
    rows = [r[:] for r in EXPENDITURE]
    rows[4][2] = "100.0O"                  # an OCR-read letter O
    damaged = document(expenditure(rows), conf=0.9)
    fixed = verify_document(damaged)
    assert values(fixed)[(4, "本年支出合计")].status == "corrected"
    monkeypatch.setattr(verify, "find_fixes", _boom)
    doc = verify_document(damaged)
    assert _failed(doc, "corrections")
    assert values(doc)[(4, "本年支出合计")].status in ("flagged", "unchecked")
    assert values(doc)[(1, "本年支出合计")].status == "verified"
    assert doc.tables[0].records[1].subject.level == "类"


def test_evaluating_one_equation_failing_leaves_its_cells_unchecked(monkeypatch):
    real = verify.evaluate

    def evaluate(e, number, decimals):
        if "1栏" in e.rule:
            raise ZeroDivisionError("injected")
        return real(e, number, decimals)
    monkeypatch.setattr(verify, "evaluate", evaluate)
    doc = verify_document(_doc())
    assert _failed(doc, "evaluation")
    assert _statuses(doc, 1) == {"unchecked"} and _statuses(doc, 2) == {"verified"}


def test_the_kind_free_family_failing_keeps_the_others(monkeypatch):
    monkeypatch.setattr(verify, "generic_equations", _boom)
    doc = verify_document(_doc())
    assert _failed(doc, "kind-free")
    assert _statuses(doc, 0) == _statuses(doc, 2) == {"verified"}


def test_the_percentage_columns_failing_keep_the_other_checks(monkeypatch):
    monkeypatch.setattr(verify, "ratio_checks", _boom)
    doc = verify_document(_doc())
    assert len(_failed(doc, "percentage columns")) == 4           # one per table
    assert [_statuses(doc, t) for t in range(4)] == [{"verified"}] * 4


def test_the_whole_stage_failing_returns_every_number_unchecked(monkeypatch):
    monkeypatch.setattr(verify, "_verify", _boom)
    doc = verify_document(_doc())
    assert [_statuses(doc, t) for t in range(4)] == [{"unchecked"}] * 4
    (issue,) = [i for i in doc.issues if i.code == "verify-failed"]
    assert "RuntimeError: injected" in issue.message and doc.status == "partial"


def test_mark_unchecked_keeps_blanks_and_text_and_says_why():
    doc = mark_unchecked(_doc(), "the checks were not run")
    kinds = {(v.kind, v.status) for t in range(4) for v in values(doc, t).values()}
    assert ("amount", "unchecked") in kinds and ("amount", "ok") not in kinds
    assert all(s == "ok" for k, s in kinds if k not in ("amount", "percent"))
    assert doc.to_dict()["tables"][0]["records"][0]["values"]["本年支出合计"]["status"] == \
        "unchecked"
