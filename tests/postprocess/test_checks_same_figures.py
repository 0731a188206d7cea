"""The same figures printed in two tables of one document verify each other; lines that agree
here and there (unchanged budgets of two years, a shared name) do not."""
from fiscaldoc.postprocess.verify import verify_document

from test_checks_fixtures import document, table, values

_NAMES = ["人大事务", "政协事务", "发展与改革事务", "统计信息事务", "财政事务", "税收事务", "审计事务",
          "海关事务"]
_FIGS = ["25,234", "16,399", "124,144", "8,871", "66,530", "131,902", "9,410", "20,381"]


def _full(figs: list[str], year: str = "2026年预算数") -> dict:
    rows = [["项目", year]] + [[n, f] for n, f in zip(_NAMES, figs)]
    return table("budget.region_general_expenditure", rows, title="省本级支出表")


def _key_items(order: list[int]) -> dict:
    rows = [["重点领域", "2026年预算数"]] + [[_NAMES[i], _FIGS[i]] for i in order]
    return table("budget.region_general_expenditure", rows, title="重点投入表")


def _status(doc, t, col):
    return {v.status for (row, k), v in values(doc, t).items() if k == col and v.number}


def test_a_table_repeating_lines_of_another_is_verified_by_it():
    doc = verify_document(document(_full(_FIGS), _key_items([0, 2, 3, 4, 5, 7])))
    assert _status(doc, 1, "2026年预算数") == {"verified"}
    assert any(c.rule.startswith("同一数字两表") for c in doc.tables[1].checks)


def test_matches_out_of_order_or_too_few_verify_nothing():
    doc = verify_document(document(_full(_FIGS), _key_items([7, 5, 4, 3, 2, 0])))
    assert _status(doc, 1, "2026年预算数") == {"ok"}                 # no run of 5 in order
    doc = verify_document(document(_full(_FIGS), _key_items([0, 2, 4, 7])))
    assert _status(doc, 1, "2026年预算数") == {"ok"}                 # 4 pairs: could be chance


def test_two_years_agreeing_on_their_unchanged_lines_are_not_the_same_figures():
    names = _NAMES + ["其他事务甲", "其他事务乙", "其他事务丙", "其他事务丁"]
    this_year = _FIGS + ["1,500", "2,500", "3,500", "4,500"]
    last_year = ["26,000", "16,399", "130,000", "8,871", "66,530", "140,000", "9,410", "20,381",
                 "1,000", "2,000", "3,000", "4,000"]
    tables = [table("budget.region_general_expenditure", [["项目", year]] + [
        [n, f] for n, f in zip(names, figs)], title=title)
        for year, figs, title in (("2026年预算数", this_year, "2026年表"),
                                  ("2025年预算数", last_year, "2025年表"))]
    doc = verify_document(document(*tables))
    # 5 of 12 lines agree, in order: unchanged appropriations, not one figure printed twice
    assert _status(doc, 0, "2026年预算数") == {"ok"}
