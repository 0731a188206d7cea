"""benchmarks.teds on small tables with known answers."""
import pytest

from fiscaldoc.evaluate.teds import levenshtein, teds, teds_struct, tree_distance, table_tree


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


def _forest_distance(f1, f2, memo):
    """Textbook recursive tree edit distance on forests (tuples of Nodes), unit costs and
    TEDS renaming, to check the Zhang–Shasha implementation on small trees."""
    from fiscaldoc.evaluate.teds import _text_cost

    key = (f1, f2)
    if key in memo:
        return memo[key]
    if not f1 and not f2:
        out = 0.0
    elif not f1:
        out = _forest_distance(f1, f2[:-1] + f2[-1].children, memo) + 1
    elif not f2:
        out = _forest_distance(f1[:-1] + f1[-1].children, f2, memo) + 1
    else:
        a, b = f1[-1], f2[-1]
        if a.tag != b.tag or (a.tag == "td" and (a.row_span, a.col_span) != (b.row_span, b.col_span)):
            ren = 1.0
        else:
            ren = _text_cost(a.text, b.text) if a.tag == "td" else 0.0
        out = min(_forest_distance(f1[:-1] + a.children, f2, memo) + 1,
                  _forest_distance(f1, f2[:-1] + b.children, memo) + 1,
                  _forest_distance(f1[:-1], f2[:-1], memo)
                  + _forest_distance(a.children, b.children, memo) + ren)
    memo[key] = out
    return out


def test_zhang_shasha_matches_the_recursive_definition():
    import random

    rng = random.Random(7)
    for _ in range(30):
        tables = []
        for _ in range(2):
            cells = []
            for r in range(rng.randint(0, 2)):
                for c in range(rng.randint(1, 3)):
                    cells.append(_cell(r, c, rng.choice(["a", "ab", "b", "1.0", ""]),
                                       cs=rng.choice([1, 1, 2])))
            tables.append(table_tree(cells))
        a, b = tables
        assert tree_distance(a, b) == pytest.approx(_forest_distance((a,), (b,), {}))
