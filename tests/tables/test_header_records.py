from fiscaldoc.tables.grid import find_grids
from fiscaldoc.tables.header import column_keys, detect_header_rows
from fiscaldoc.tables.records import build_records
from fiscaldoc.model import Cell
from fiscaldoc.geometry import BBox

from .helpers import full_grid_rules, words


def _cells(rows):
    out = []
    for r, row in enumerate(rows):
        for c, t in enumerate(row):
            out.append(Cell(r, c, 1, 1, BBox(0, 0, 1, 1), t))
    return tuple(out)


def test_header_rows_end_at_first_data_row():
    g = find_grids(words(), full_grid_rules())[0]
    assert detect_header_rows(g.cells, g.n_rows) == 3


def test_column_keys_flatten_multi_row_headers_and_take_column_numbers():
    g = find_grids(words(), full_grid_rules())[0]
    cols = column_keys(g.cells, g.n_cols, 3)
    assert [c.key for c in cols] == ["收入/项目", "收入/行次", "收入/决算数", "支出/合计", "支出/基本支出"]
    assert cols[2].label == "1"


def test_two_sided_table_gives_records_per_side_keyed_by_name():
    g = find_grids(words(), full_grid_rules())[0]
    cols = column_keys(g.cells, g.n_cols, 3)
    recs = build_records(g.cells, g.n_rows, g.n_cols, 3, cols, "万元", "final.income_expenditure_summary")
    left = [r for r in recs if "收入/决算数" in r.values]
    assert [r.subject.name for r in left] == ["一、一般公共服务支出", "总计"]
    assert left[0].line_no == 1
    assert str(left[0].values["收入/决算数"].number) == "1706.28"


def test_code_split_over_class_columns_is_joined():
    rows = [["类", "款", "项", "科目名称", "合计"],
            ["201", "03", "50", "事业运行", "359.30"],
            ["201", "", "", "一般公共服务支出", "1,706.28"]]
    cells = _cells(rows)
    cols = column_keys(cells, 5, 1)
    recs = build_records(cells, 3, 5, 1, cols, "万元", "final.expenditure")
    assert [(r.subject.code, r.subject.level) for r in recs] == [("2010350", "项"), ("201", "类")]


def test_code_glued_to_name_is_split():
    rows = [["项目(按功能分类)", "预算数"], ["201一般公共服务", "1,206.96"]]
    cells = _cells(rows)
    cols = column_keys(cells, 2, 1)
    recs = build_records(cells, 2, 2, 1, cols, "万元", "budget.financial_summary")
    assert (recs[0].subject.code, recs[0].subject.name) == ("201", "一般公共服务")


def test_economic_codes_in_detail_table():
    rows = [["经济分类科目编码", "科目名称", "决算数"], ["30101", "基本工资", "75.76"]]
    cells = _cells(rows)
    cols = column_keys(cells, 3, 1)
    rec = build_records(cells, 2, 3, 1, cols, "万元", "final.basic_expenditure_detail")[0]
    assert (rec.subject.scheme, rec.subject.level) == ("economic", "款")
