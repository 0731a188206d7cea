"""Worn 三线表 rules: a full-width rule read back in collinear pieces is still one rule."""
from fiscaldoc.geometry import BBox, Segment
from fiscaldoc.model import Word
from fiscaldoc.tables.grid import find_grids
from fiscaldoc.tables.mend import mend_rules, rule_lines

from .helpers import XS, booktabs_rules, expected, full_grid_rules, got, words

TOP, HEAD_SEP, BOTTOM = 100, 160, 200


def broken(rules, y, *at, gap=4.0):
    """The rules with the one on line ``y`` cut at the given x positions (worn print)."""
    out = []
    for s in rules:
        if s.y0 != y:
            out.append(s)
            continue
        cuts = [x for x in at if s.x0 < x < s.x1]
        edges = [s.x0] + [v for x in cuts for v in (x - gap / 2, x + gap / 2)] + [s.x1]
        out += [Segment.h(a, b, y) for a, b in zip(edges[::2], edges[1::2])]
    return tuple(out)


def worn_booktabs():
    rules = broken(booktabs_rules(), TOP, 100, 350)
    rules = broken(rules, HEAD_SEP, 100, 250)
    return broken(rules, BOTTOM, 250, 350, 450)


def test_table_with_broken_full_rules_is_rebuilt():
    grids = find_grids(words(), worn_booktabs())
    assert len(grids) == 1
    assert grids[0].header_rows == 3
    assert got(grids[0]) == expected()


def test_broken_partial_header_rule_still_spans_its_cell():
    rules = broken(worn_booktabs(), 120, 250)      # 收入's rule worn over 决算数
    assert got(find_grids(words(), rules)[0]) == expected()


def test_partial_rule_worn_on_a_column_boundary_still_spans_its_cell():
    # 支出's rule worn right over the 合计 | 基本支出 boundary below it: no text below runs
    # across that gap, but 支出 above is centred on the two pieces together, not on one
    rules = broken(worn_booktabs(), 120, 400)
    assert got(find_grids(words(), rules)[0]) == expected()


def test_side_by_side_partial_rules_stay_apart():
    lines = rule_lines(mend_rules([s for s in worn_booktabs() if s.horizontal], words()))
    by_y = {round(ln[0].y0): [(s.x0, s.x1) for s in ln] for ln in lines}
    assert by_y[TOP] == [(XS[0], XS[-1])]
    assert by_y[HEAD_SEP] == [(XS[0], XS[-1])]
    assert by_y[120] == [(XS[0] + 2, XS[3] - 2), (XS[3] + 2, XS[-1] - 2)]   # 收入 | 支出


def test_gaps_between_partial_rules_stay_when_the_outer_rules_are_whole():
    # a poor scan's text boxes run across the 收入 | 支出 boundary (x = 300) in two rows
    boxes = (Word("1,706.28982.65", BBox(260, 166, 340, 174)),
             Word("2,790.060.00", BBox(265, 186, 335, 194)))
    lines = rule_lines(mend_rules([s for s in booktabs_rules() if s.horizontal], boxes))
    by_y = {round(ln[0].y0): len(ln) for ln in lines}
    assert by_y[120] == 2


def test_separator_broken_on_a_column_boundary_is_still_the_separator():
    rules = broken(worn_booktabs(), HEAD_SEP, 300)   # no text runs across x = 300
    g = find_grids(words(), rules)[0]
    assert g.header_rows == 3
    assert got(g) == expected()


def test_header_without_separator_keeps_its_cell_rules():
    rules = [s for s in broken(booktabs_rules(), TOP, 100) if s.y0 != HEAD_SEP]
    rules += [Segment.h(a + 2, b - 2, HEAD_SEP) for a, b in zip(XS, XS[1:])]
    g = find_grids(words(), tuple(rules))[0]
    assert g.header_rows == 3
    assert got(g) == expected()


# ----------------------------------------------------------------- ruled grids

def worn_side(left):
    """The grid with the side between 一、一般公共服务支出 and 总计 (y = 180, x 50-150) worn
    down to ``left`` of its length, in two pieces at its ends."""
    rules = [s for s in full_grid_rules() if not (s.horizontal and s.y0 == 180 and s.x0 == 50)]
    return tuple(rules) + (Segment.h(50, 50 + 50 * left, 180), Segment.h(150 - 50 * left, 150, 180))


def test_cell_side_with_half_its_rule_worn_away_still_separates_the_cells():
    assert got(find_grids(words(), worn_side(0.55))[0]) == expected()


def test_worn_cell_side_separates_two_texts_that_lie_on_its_two_sides():
    assert got(find_grids(words(), worn_side(0.3))[0]) == expected()


def test_worn_cell_side_without_text_on_one_side_is_not_trusted():
    ws = tuple(w for w in words() if w.text != "总计")
    cells = got(find_grids(ws, worn_side(0.3))[0])
    assert (3, 0, 2, 1, "一、一般公共服务支出") in cells


def test_rule_running_a_few_points_into_a_merged_cell_does_not_split_it():
    rules = full_grid_rules() + (Segment.v(114, 140, XS[1]),)       # 6 pt into 收入 (20 pt)
    assert got(find_grids(words(), rules)[0]) == expected()


def test_rule_piece_touching_no_other_rule_still_separates_cells():
    rules = [s for s in full_grid_rules() if not (s.horizontal and s.y0 == 180 and s.x0 == 50)]
    rules.append(Segment.h(60, 140, 180))          # both ends worn away: a piece on its own
    ws = tuple(w for w in words() if w.text != "总计")   # (no text to confirm the side)
    cells = got(find_grids(ws, tuple(rules))[0])
    assert (3, 0, 1, 1, "一、一般公共服务支出") in cells
    assert (4, 0, 1, 1, "") in cells


# ------------------------------------------------- 三线表 header rule ending in a text gap

def code_columns_table(rule_end):
    """A 表3-like 三线表: 项目 over 类 | 款 | 项 (its partial rule ends at ``rule_end``), then
    科目名称 and 合计 spanning both header rows; column edges at 50 80 110 140 240 320."""
    cells = [(0, 0, 1, 3, "项目", 95, 104), (0, 3, 2, 1, "科目名称", 190, 117),
             (0, 4, 2, 1, "合计", 280, 117), (1, 0, 1, 1, "类", 65, 124),
             (1, 1, 1, 1, "款", 95, 124), (1, 2, 1, 1, "项", 125, 124)]
    for r, y, row in ((2, 144, ("201", "03", "01", "一般公共服务支出", "1,706.28")),
                      (3, 164, ("202", "01", "02", "外交支出", "2.00"))):
        left = (65, 95, 134 - 3 * len(row[2]), 146 + 3 * len(row[3]), 280)  # 项 right, name left
        cells += [(r, c, 1, 1, t, x, y) for c, (t, x) in enumerate(zip(row, left))]
    ws = tuple(Word(t, BBox(x - 3 * len(t), y, x + 3 * len(t), y + 8)) for *_, t, x, y in cells)
    rules = (Segment.h(50, 320, 100), Segment.h(52, rule_end, 120), Segment.h(50, 320, 140),
             Segment.h(50, 320, 180))
    return ws, rules, sorted(c[:5] for c in cells)


def test_header_rule_ending_in_a_text_gap_marks_the_column_edge():
    # the text gap between 项 and 科目名称 is 134-146; the rule under 项目 should stop near
    # 138, but a worn print runs it past the gap's middle: the gap is still the cell's edge
    for rule_end in (138, 143, 145):
        ws, rules, want = code_columns_table(rule_end)
        g = find_grids(ws, rules)[0]
        assert (g.header_rows, got(g)) == (2, want), rule_end
