"""Worn 三线表 rules: a full-width rule read back in collinear pieces is still one rule."""
from fiscaldoc.geometry import Segment
from fiscaldoc.tables.grid import find_grids
from fiscaldoc.tables.mend import mend_rules, rule_lines

from .helpers import XS, booktabs_rules, expected, got, words

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


def test_side_by_side_partial_rules_stay_apart():
    lines = rule_lines(mend_rules([s for s in worn_booktabs() if s.horizontal], words()))
    by_y = {round(ln[0].y0): [(s.x0, s.x1) for s in ln] for ln in lines}
    assert by_y[TOP] == [(XS[0], XS[-1])]
    assert by_y[HEAD_SEP] == [(XS[0], XS[-1])]
    assert by_y[120] == [(XS[0] + 2, XS[3] - 2), (XS[3] + 2, XS[-1] - 2)]   # 收入 | 支出


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
