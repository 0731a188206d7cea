"""Layouts met in real disclosures of other provinces (benchmarks/realdocs): each keeps its
amounts checkable, and figures that are not money are never summed."""
from fiscaldoc.postprocess.verify import verify_document
from fiscaldoc.tables.header import column_keys, detect_header_rows, split_sides
from fiscaldoc.model import BBox, Cell

from test_checks_fixtures import document, table, values


def _statuses(doc, t=0):
    return {(row, k): v.status for (row, k), v in values(doc, t).items() if v.kind == "amount"}


def _cells(rows, spans=()):
    box = BBox(0, 0, 1, 1)
    return tuple(Cell(r, c, 1, 1, box, text) for r, row in enumerate(rows) for c, text in enumerate(row))


def test_placeholder_marks_of_the_column_number_row_are_no_key_part():
    rows = [["类", "款", "项", "科目名称", "合计"], ["*", "*", "*", "*", "1"], ["201", "03", "01", "行政运行", "5.00"]]
    keys = [c.key for c in column_keys(_cells(rows), 5, 2)]
    assert keys == ["类", "款", "项", "科目名称", "合计"]


def test_a_first_row_of_integer_amounts_is_body_not_header():
    rows = [["项目", "2023年决算数"], ["合计", "10,965,743"], ["养老保险", "8,000,000"]]
    assert detect_header_rows(_cells(rows), 3) == 1


def test_income_and_expenditure_item_columns_are_names_so_the_sides_split():
    rows = [["收入项目", "决算数", "支出项目", "决算数"], ["税收收入", "10", "教育支出", "7"]]
    cols = column_keys(_cells(rows), 4, 1)
    sides = split_sides(cols, [rows[1]])
    assert [(s.name_cols, s.value_cols) for s in sides] == [((0,), (1,)), ((2,), (3,))]


def test_integers_under_a_money_heading_are_amounts_not_codes():
    rows = [["单位", "人数", "金额"], ["甲", "10", "300"], ["乙", "3", "100"], ["合计", "13", "400"]]
    doc = verify_document(document(table("other", rows, unit="元")))
    st = _statuses(doc)
    assert st[(3, "金额")] == "verified" and st[(1, "金额")] == "verified"
    # 人数 counts people: kept as text, never summed even though it adds up
    assert all(v.kind == "text" for (row, k), v in values(doc).items() if k == "人数")


def test_performance_table_figures_are_money_only_where_labelled():
    rows = [["项目名称", "资金总额", "一级指标", "指标值"],
            ["培训", "30.00", "产出指标", "100"], ["宣传", "20.00", "效益指标", "95"]]
    doc = verify_document(document(table("budget.performance_targets", rows)))
    kinds = {(row, k): v.kind for (row, k), v in values(doc).items()}
    assert kinds[(1, "资金总额")] == "amount" and kinds[(1, "指标值")] == "text"


def test_a_leading_column_totals_each_group_of_its_siblings():
    rows = [["单位", "年度预算申请", "", "", "", ""],
            ["", "资金总额", "按收入性质分", "", "按支出性质分", ""],
            ["", "", "一般公共预算", "其他资金", "基本支出", "项目支出"],
            ["某局", "100.00", "80.00", "20.00", "60.00", "40.00"],
            ["某中心", "50.00", "50.00", "", "10.00", "40.00"]]
    t = table("other", rows, header_rows=3)
    t["cells"] = [c for c in t["cells"] if c["text"] or c["row"] >= 3]
    for c in t["cells"]:
        if c["text"] == "年度预算申请":
            c["col_span"] = 5
        if c["text"] in ("按收入性质分", "按支出性质分"):
            c["col_span"] = 2
        if c["text"] == "资金总额":
            c["row_span"] = 2
    doc = verify_document(document(t))
    st = _statuses(doc)
    assert set(st.values()) == {"verified"}, st


def test_a_column_named_total_count_totals_its_siblings():
    rows = [["科目名称", "合计", "基本支出", "项目支出", ""],
            ["", "", "", "项目支出总数", "扣除基建项目"],
            ["行政运行", "15.00", "10.00", "5.00", "5.00"],
            ["机关服务", "8.00", "", "8.00", "8.00"]]
    t = table("other", rows, header_rows=2)
    t["cells"] = [c for c in t["cells"] if not (c["row"] == 1 and c["col"] < 3) and not (c["row"] == 0 and c["col"] == 4)]
    for c in t["cells"]:
        if c["row"] == 0 and c["col"] in (0, 1, 2):
            c["row_span"] = 2
        if c["text"] == "项目支出":
            c["col_span"] = 2
    doc = verify_document(document(t))
    assert _statuses(doc)[(2, "合计")] == "verified"


def test_a_percentage_column_that_lost_its_sign_is_found_in_the_figures():
    # 决算数为调整预算数的% with its header garbled by OCR: the figures are 100 × 决算 / 预算
    rows = [["项目", "预算数", "决算数", "决算数/点整"],
            ["一、税收", "200.00", "198.00", "99.00"],
            ["二、非税", "50.00", "55.00", "110.00"],
            ["三、其他", "40.00", "10.00", "25.00"],
            ["合计", "290.00", "263.00", "90.69"]]
    doc = verify_document(document(table("other", rows), conf=0.9))
    kinds = {(row, k): v.kind for (row, k), v in values(doc).items()}
    assert {kinds[(r, "决算数/点整")] for r in range(1, 5)} == {"percent"}
    st = _statuses(doc)
    assert st[(4, "决算数")] == "verified" and "flagged" not in st.values()


def test_a_money_column_is_not_taken_for_a_ratio_by_one_coincidence():
    rows = [["项目", "预算数", "决算数", "上年数"],
            ["一、税收", "200.00", "100.00", "50.00"],     # 50 = 100 × 100 / 200: once only
            ["二、非税", "50.00", "55.00", "61.00"],
            ["三、其他", "40.00", "10.00", "12.00"],
            ["合计", "290.00", "165.00", "123.00"]]
    doc = verify_document(document(table("other", rows)))
    assert {v.kind for (row, k), v in values(doc).items() if k == "上年数"} == {"amount"}


def test_indicator_rows_of_a_self_evaluation_form_hold_measures_under_money_columns():
    rows = [["项目资金（万元）", "", "全年预算数（A）", "全年执行数（B）"],
            ["", "年度资金总额", "460", "450"],
            ["效益指标（30分）", "指标1：核酸监测率", "100%", "98"]]
    doc = verify_document(document(table("final.performance_evaluation", rows)))
    kinds = {(row, k): v.kind for (row, k), v in values(doc).items()}
    assert kinds[(1, "全年预算数（A）")] == "amount"
    assert kinds.get((2, "全年预算数（A）"), "text") == kinds.get((2, "全年执行数（B）"), "text") \
        == "text"                 # (a row of measures without a name is no record)
    assert sum(v.number is not None for v in values(doc).values()) == 2
    # a targets list names each row's indicator in an 一级指标 column: its money stays money
    rows = [["项目名称", "资金总额", "一级指标", "指标值"], ["培训", "30.00", "产出指标", "100"]]
    doc = verify_document(document(table("budget.performance_targets", rows)))
    assert values(doc)[(1, "资金总额")].kind == "amount"


def test_a_form_row_named_only_by_its_words_keeps_its_rate_and_its_lone_part_checks_it():
    rows = [["项目资金（万元）", "", "年初预算数", "全年预算数（A）", "全年执行数（B）", "执行率（B/A）"],
            ["", "年度资金总额", "1,120.00", "460.00", "414.00", "90.00%"],
            ["", "其中：当年财政拨款", "1,120.00", "460.00", "414.00", "90.00%"]]
    doc = verify_document(document(table("final.performance_evaluation", rows)))
    got = values(doc)
    assert got[(1, "执行率（B/A）")].kind == "percent"
    assert {got[(r, k)].status for r in (1, 2) for k in rows[0][2:]} == {"verified"}


def test_rows_under_a_merged_indicator_cell_are_indicators_too():
    rows = [["项目资金（万元）", "", "全年预算数（A）", "全年执行数（B）", "执行率（B/A）"],
            ["", "年度资金总额", "52,110.00", "51,552.90", "98.93%"],
            ["", "其中：当年财政拨款", "52,110.00", "51,552.90", "98.93%"],
            ["产出指标", "指标1：筛查人次", "≧10万人次", "11万人次", "4"],
            ["", "新迁建社区卫生服务中心", "≧5所", "8所", "3"],   # no 指标 word: still the block
            ["", "计划生育奖补资金发放率", "≧98%", "100%", "3"]]
    doc = verify_document(document(table("final.performance_evaluation", rows)))
    nums = {(r, k): v for (r, k), v in values(doc).items() if v.number is not None}
    assert {r for r, _ in nums} == {1, 2}
    assert {v.status for v in nums.values()} == {"verified"}
