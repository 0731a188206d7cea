"""benchmarks.teds on small tables with known answers."""
import pytest

from benchmarks.teds import levenshtein, teds, teds_struct, tree_distance, table_tree


def _cell(r, c, text, rs=1, cs=1):
    return {"row": r, "col": c, "row_span": rs, "col_span": cs, "text": text}


TWO_BY_TWO = [_cell(0, 0, "ab"), _cell(0, 1, "cd"), _cell(1, 0, "ef"), _cell(1, 1, "gh")]


def test_levenshtein():
    assert levenshtein("kitten", "sitting") == 3
    assert levenshtein("", "abc") == 3
    assert levenshtein("收入", "收入") == 0


def test_identical_tables_score_one():
    assert teds(TWO_BY_TWO, list(TWO_BY_TWO)) == 1.0
    assert teds_struct(TWO_BY_TWO, list(TWO_BY_TWO)) == 1.0


def test_one_cell_text_changed():
    other = [dict(c) for c in TWO_BY_TWO]
    other[0]["text"] = "ax"                       # one of two characters differs
    # tree: table + 2 tr + 4 td = 7 nodes; rename cost 1/2
    assert teds(TWO_BY_TWO, other) == pytest.approx(1 - 0.5 / 7)
    assert teds_struct(TWO_BY_TWO, other) == 1.0


def test_span_change_costs_more_than_a_text_change():
    merged = [_cell(0, 0, "ab", cs=2), _cell(1, 0, "ef"), _cell(1, 1, "gh")]
    # delete one td, rename the other (span differs): 2 edits over 7 nodes
    assert teds_struct(TWO_BY_TWO, merged) == pytest.approx(1 - 2 / 7)
    text_changed = [dict(c) for c in TWO_BY_TWO]
    text_changed[0]["text"] = "ax"
    assert teds(TWO_BY_TWO, merged) < teds(TWO_BY_TWO, text_changed)


def test_missing_row_and_empty_table():
    one_row = TWO_BY_TWO[:2]
    # delete a tr and its two tds: 3 of 7 nodes
    assert teds(TWO_BY_TWO, one_row) == pytest.approx(1 - 3 / 7)
    assert teds(TWO_BY_TWO, []) == pytest.approx(1 - 6 / 7)


def test_distance_is_symmetric_and_text_normalised():
    a = [_cell(0, 0, "本年 收入"), _cell(0, 1, "1.00")]
    b = [_cell(0, 0, "本年收入"), _cell(0, 1, "1.0")]
    assert teds(a, b) == teds(b, a) == pytest.approx(1 - 0.25 / 4)
    assert tree_distance(table_tree(a), table_tree(a)) == 0


def test_accepts_objects_with_attributes():
    from fiscaldoc.geometry import BBox
    from fiscaldoc.model import Cell

    cells = [Cell(c["row"], c["col"], 1, 1, BBox(0, 0, 1, 1), c["text"]) for c in TWO_BY_TWO]
    assert teds(cells, TWO_BY_TWO) == 1.0
