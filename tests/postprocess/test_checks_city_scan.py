"""Layouts of a city's 总决算 read from a scan (the 济南 2021 scan, issue 13): percentage columns
whose % was lost, growth rates on a comparable basis, region tables with a lost region name
or whole-unit amounts, and long sums of rounded figures.  Each test builds the structure."""
from decimal import Decimal

from fiscaldoc.model import BBox, Cell
from fiscaldoc.postprocess.verify import verify_document
from fiscaldoc.tables.header import column_keys, split_sides

from test_checks_fixtures import document, table, values


def _st(doc, t=0):
    return {(row, k): v.status for (row, k), v in values(doc, t).items()
            if v.number is not None}


def _kinds(doc, key, t=0):
    return {v.kind for (row, k), v in values(doc, t).items() if k == key and v.number is not None}


def test_a_share_column_found_in_the_figures_verifies_its_percentages():
    rows = [["项目", "调整预算数", "决算数", "决算数/点整"],
            ["一、税收", "200000", "198000", "99.00"],
            ["二、非税", "50000", "55000", "110.00"],
            ["三、其他", "40000", "10000", "25.00"],
            ["合计", "290000", "263000", "90.69"]]
    doc = verify_document(document(table("other", rows), conf=0.9))
    assert _kinds(doc, "决算数/点整") == {"percent"}
    st = _st(doc)
    assert {st[(r, "决算数/点整")] for r in range(1, 5)} == {"verified"}


def test_a_growth_column_found_in_the_figures_verifies_its_percentages():
    # 比上年增长% whose header the OCR garbled: 100 × (本年 / 上年 − 1)
    rows = [["项目", "上年决算数", "决算数", "决算数/同二可"],
            ["一、税收", "200000", "220000", "10.00"],
            ["二、非税", "80000", "60000", "-25.00"],
            ["三、其他", "40000", "50000", "25.00"],
            ["合计", "320000", "330000", "3.13"]]
    doc = verify_document(document(table("other", rows), conf=0.9))
    assert _kinds(doc, "决算数/同二可") == {"percent"}
    assert {_st(doc)[(r, "决算数/同二可")] for r in range(1, 5)} == {"verified"}


def test_a_share_of_small_amounts_pins_nothing_and_verifies_nothing():
    # 100 × 3 / 4 = 75, but 2.5..3.5 over 3.5..4.5 allows 56..100: the percentage is not pinned
    rows = [["项目", "预算数", "决算数", "决算数/点整"],
            ["甲", "200000", "198000", "99.00"],
            ["乙", "50000", "55000", "110.00"],
            ["丙", "40000", "10000", "25.00"],
            ["丁", "4", "3", "80.00"]]
    doc = verify_document(document(table("other", rows), conf=0.9))
    st = _st(doc)
    assert st[(1, "决算数/点整")] == "verified" and st[(4, "决算数/点整")] != "verified"


def test_a_growth_rate_on_a_comparable_basis_is_not_summed_as_money():
    # 同口径增长: a rate no two columns show; its % lost: never a term of the 合计 row
    rows = [["项目", "上年决算数", "决算数", "决算数/同口径增长"],
            ["一、税收", "2000", "2200", "8.31"],
            ["二、非税", "800", "600", "-20.12"],
            ["合计", "2800", "2800", "1.05"]]
    doc = verify_document(document(table("other", rows), conf=0.9))
    assert _kinds(doc, "决算数/同口径增长") == {"percent"}
    assert "flagged" not in _st(doc).values() and _st(doc)[(3, "决算数")] == "verified"


def test_a_column_printed_finer_than_all_the_money_is_a_rate():
    # the growth column's header lost altogether ('决算数'); whole 万元 elsewhere
    rows = [["项目", "上年", "预算数", "决算数"],
            ["一、税收", "2000", "2100", "8.31"],
            ["二、非税", "800", "700", "-20.12"],
            ["三、其他", "300", "250", "4.50"],
            ["合计", "3100", "3050", "1.05"]]
    doc = verify_document(document(table("other", rows), conf=0.9))
    assert _kinds(doc, "决算数") == {"percent"}
    assert "flagged" not in _st(doc).values()


def test_money_that_grew_stays_money():
    rows = [["项目", "上年", "本年", "增长额"],
            ["甲", "200", "230", "30"], ["乙", "100", "90", "-10"], ["合计", "300", "320", "20"]]
    doc = verify_document(document(table("other", rows), conf=0.9))
    assert _kinds(doc, "增长额") == {"amount"}
    assert _st(doc)[(3, "增长额")] == "verified"


REGIONS = ["合计", "甲区", "乙区", "丙区", "丁区", "戊区", "己区"]


def test_a_long_rounded_sum_off_by_two_is_not_flagged_where_exact_checks_confirm_its_cells():
    # whole 万元 per region, each row's 合计 rounded on its own: 合计 = Σ regions off by ±2
    # on two rows; every cell is confirmed by the exact parent = Σ children in its column
    rows = [["项目"] + REGIONS,
            ["一般公共服务支出", "17000", "3000", "2500", "4000", "3500", "2000", "2000"],
            ["人大事务", "8502", "1500", "1250", "2000", "1750", "1000", "1000"],
            ["政协事务", "8498", "1500", "1250", "2000", "1750", "1000", "1000"]]
    doc = verify_document(document(table("other", rows), conf=0.9))
    st = _st(doc)
    assert "flagged" not in st.values(), st
    assert st[(2, "合计")] == "verified"


def test_a_long_rounded_sum_off_by_two_flags_the_cells_nothing_else_confirms():
    rows = [["项目"] + REGIONS,
            ["人大事务", "8502", "1500", "1250", "2000", "1750", "1000", "1000"],
            ["政协事务", "8500", "1500", "1250", "2000", "1750", "1000", "1000"]]
    doc = verify_document(document(table("other", rows), conf=0.9))
    assert _st(doc)[(1, "合计")] == "flagged"


def test_a_region_whose_name_was_lost_still_counts_in_the_total_column():
    rows = [["项目", "合计", "甲区", "乙区", "", "丁区"],
            ["城市公共设施", "10000", "3000", "2000", "1000", "4000"],
            ["城市环境卫生", "5000", "1000", "1000", "", "3000"],
            ["其他支出", "9000", "2000", "3000", "1500", "2500"]]
    doc = verify_document(document(table("other", rows), conf=0.9))
    st = _st(doc)
    assert "flagged" not in st.values(), st
    assert st[(1, "合计")] == "verified" and st[(1, "col4")] == "verified"


def _cells(rows):
    box = BBox(0, 0, 1, 1)
    return tuple(Cell(r, c, 1, 1, box, t) for r, row in enumerate(rows) for c, t in enumerate(row))


def test_whole_amounts_under_a_region_name_are_not_subject_codes():
    # three-digit amounts are most of the column, but 1803 and 12 are no codes
    rows = [["科目名称", "合计", "市中区", "天桥区"],
            ["其他商业流通事务支出", "2618", "1803", "815"], ["涉外发展服务支出", "2483", "1748", "735"],
            ["涉外发展服务支出", "1483", "748", "735"],
            ["其他涉外发展服务支出", "1483", "748", "735"],
            ["金融支出", "293", "281", "12"],
            ["其他金融支出", "293", "281", "12"]]
    cols = column_keys(_cells(rows), 4, 1)
    sides = split_sides(cols, rows[1:])
    assert [(s.code_cols, s.value_cols) for s in sides] == [((), (1, 2, 3))]


def test_a_code_column_without_a_heading_is_still_found():
    rows = [["", "科目名称", "决算数"], ["201", "一般公共服务支出", "5"],
            ["20101", "人大事务", "5"], ["2010101", "行政运行", "5"]]
    cols = column_keys(_cells(rows), 3, 1)
    assert split_sides(cols, rows[1:])[0].code_cols == (0,)
    assert Decimal("5") == Decimal(rows[1][2])


def test_a_totals_items_are_the_sums_of_the_same_items_over_the_sections():
    # the sections' own items do not add up to them (an item printed only where it matters),
    # but each item of the total is the sum of that item over the sections
    rows = [["项目", "决算数"],
            ["社会保险基金收入合计", "30553"],
            ["其中:社会保险费收入", "19624"],
            ["利息收入", "989"],
            ["一、机关事业单位基本养老保险基金收入", "17666"],
            ["其中:社会保险费收入", "13876"],
            ["利息收入", "365"],
            ["二、居民基本养老保险基金收入", "12887"],
            ["其中:社会保险费收入", "5748"],
            ["利息收入", "624"]]
    doc = verify_document(document(table("other", rows), conf=0.9))
    st = _st(doc)
    assert st[(2, "决算数")] == "verified" and st[(3, "决算数")] == "verified"
    assert st[(8, "决算数")] == "verified" and "flagged" not in st.values()


def test_zeros_and_repeated_figures_are_no_evidence_of_a_ratio():
    # equal columns give a 'growth' of 0 and a total repeated on its 其中 rows repeats one
    # triple: neither makes a column of money a percentage
    rows = [["项目", "合计", "拨款", "其他"],
            ["合计", "120", "120", "0"], ["甲", "80", "80", "0"], ["乙", "40", "40", "0"]]
    doc = verify_document(document(table("other", rows), conf=0.9))
    assert _kinds(doc, "其他") == {"amount"}
    rows = [["项目", "预算数", "执行数", "上年"],
            ["年度资金总额", "8859", "8858.95", "100"],
            ["其中：当年财政拨款", "8859", "8858.95", "100"],
            ["项目完成成本", "8859", "8858.95", "100"]]
    doc = verify_document(document(table("other", rows), conf=0.9))
    assert _kinds(doc, "执行数") == {"amount"}


def test_a_lone_child_in_one_column_counts_once_the_level_above_adds_up():
    # 细化表: one column, 类 / 款 / 项 by name only; 民族事务 has one 项 equal to it
    rows = [["项目", "2021年决算数"],
            ["一般公共服务支出", "5763"],
            ["人大事务", "5497"], ["行政运行", "3535"], ["一般行政管理事务", "1962"],
            ["民族事务", "133"], ["其他民族事务支出", "133"],
            ["港澳台事务", "133"], ["行政运行", "100"], ["一般行政管理事务", "33"]]
    doc = verify_document(document(table("other", rows), conf=0.9))
    st = _st(doc)
    assert st[(1, "2021年决算数")] == "verified" and st[(5, "2021年决算数")] == "verified"
    assert st[(6, "2021年决算数")] == "verified" and "flagged" not in st.values()


def test_two_equal_rows_are_not_taken_for_parent_and_child_without_a_sum_above():
    rows = [["项目", "2021年决算数"],
            ["甲", "300"], ["乙", "120"], ["丙", "120"], ["丁", "75"]]
    doc = verify_document(document(table("other", rows), conf=0.9))
    assert "verified" not in _st(doc).values()


def test_an_item_a_section_prints_under_another_name_is_not_summed():
    # a section naming it 利息收入 (not 利息收入（含投资收益）) still prints it: no rule for it,
    # while the items every section prints are checked
    rows = [["项目", "决算数"],
            ["社会保险基金收入合计", "30600"],
            ["其中:社会保险费收入", "20000"], ["财政补贴收入", "6000"],
            ["利息收入（含投资收益）", "4000"], ["其他收入", "600"],
            ["一、机关事业单位基本养老保险基金收入", "10100"],
            ["其中:社会保险费收入", "7000"], ["财政补贴收入", "2000"],
            ["利息收入（含投资收益）", "1000"], ["其他收入", "100"],
            ["二、居民基本养老保险基金收入", "12200"],
            ["其中:社会保险费收入", "8000"], ["财政补贴收入", "3000"],
            ["利息收入（含投资收益）", "1000"], ["其他收入", "200"],
            ["三、工伤保险基金收入", "8300"],
            ["其中:社会保险费收入", "5000"], ["财政补贴收入", "1000"],
            ["利息收入", "2000"], ["其他收入", "300"]]
    doc = verify_document(document(table("other", rows)))
    st = _st(doc)
    assert "flagged" not in st.values(), st
    assert st[(2, "决算数")] == "verified" and st[(5, "决算数")] == "verified"
