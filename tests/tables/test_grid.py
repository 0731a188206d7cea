from fiscaldoc.geometry import Segment
from fiscaldoc.tables.grid import cell_text, find_grids
from fiscaldoc.model import Word
from fiscaldoc.geometry import BBox

from .helpers import booktabs_rules, expected, full_grid_rules, got, words


def test_full_grid_rebuilds_spans_and_text():
    grids = find_grids(words(), full_grid_rules())
    assert len(grids) == 1
    assert got(grids[0]) == expected()


def test_booktabs_table_rebuilt_from_partial_rules_and_text():
    grids = find_grids(words(), booktabs_rules())
    assert len(grids) == 1
    g = grids[0]
    assert g.style == "hrules"
    assert g.header_rows == 3
    assert got(g) == expected()


def test_rules_drawn_twice_give_the_same_grid():
    rules = full_grid_rules() + full_grid_rules()
    assert got(find_grids(words(), rules)[0]) == expected()


def test_lone_underline_is_not_a_table():
    assert find_grids(words(), (Segment.h(50, 300, 90),)) == []


def test_two_tables_on_one_page_come_back_top_to_bottom():
    rules = full_grid_rules() + full_grid_rules(dy=300)
    grids = find_grids(words() + words(dy=300), rules)
    assert [round(g.bbox.y0) for g in grids] == [100, 400]
    assert got(grids[1]) == expected()


def test_cell_lines_join_in_reading_order_without_spaces_between_cjk():
    ws = [Word("相关机构事务支出", BBox(10, 22, 80, 30)), Word("其他政府办公厅（室）及", BBox(10, 10, 90, 18))]
    assert cell_text(ws) == "其他政府办公厅（室）及相关机构事务支出"


def test_latin_pieces_keep_one_space():
    ws = [Word("1,", BBox(10, 10, 20, 18)), Word("706.28", BBox(22, 10, 50, 18))]
    assert cell_text(ws) == "1, 706.28"
