"""grid_stubs (through find_rules): short stubs of a worn grid line kept where the grid
vouches for the line, and nothing else."""
from __future__ import annotations

import cv2
import numpy as np
import pytest
from scan_pages import (XS, YS, blur, grid_rules, jpeg, noise, render, report_pdf,
                        words_and_rules, worn)
from test_scan_rules import stray, weak_edges

from fiscaldoc.layout.rules import find_rules
from fiscaldoc.tables.grid import find_grids


def cells(grid):
    return sorted((c.row, c.col, c.row_span, c.col_span) for c in grid.cells)


def _vector_grid():
    return [cells(g) for g in find_grids((), words_and_rules(report_pdf("grid"))[1])]


def _scan(img, seed):
    return jpeg(noise(blur(img, 1.0), 6, seed), 40)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_stubs_of_a_worn_rule_in_the_last_row_keep_the_cell_edge(seed):
    # a light grid whose vertical rule at x = 320 lost the middle 6 pt of the last row:
    # two 5 pt stubs remain, one at each horizontal rule, shorter than a rule piece
    img, t = render(report_pdf("grid"), 200)
    img = worn(img, t, grid_rules(), level=200)
    s = t.dpi / 72.0
    x, y0, y1 = XS[3] * s, (YS[-2] + 5.0) * s, (YS[-1] - 5.0) * s
    img[int(y0):int(np.ceil(y1)), int(x - 4):int(x + 5)] = 255
    found = find_rules(_scan(img, seed), t)
    assert weak_edges(found, grid_rules()) == [] and stray(found, grid_rules()) == []
    assert [cells(g) for g in find_grids((), found)] == _vector_grid()


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("a, b", [(4, 11), (6, 14)])
def test_a_stroke_on_a_grid_line_in_a_merged_cell_is_no_rule(seed, a, b):
    # the grid line x = 320 runs down the body; in the merged header cell 本年收入 (20 pt)
    # above it a text stroke stands on that line: 7 pt from 4 pt below the cell's top rule
    # (it meets no rule: no stub), or a clean 8 pt "1" 6 pt from the rules above and below
    # (ink on nearly half of the section with no longer gap, but in one run: no worn rule)
    img, t = render(report_pdf("grid"), 200)
    img = worn(img, t, grid_rules(), level=200)
    s = t.dpi / 72.0
    x, top = XS[3] * s, YS[0] * s
    cv2.line(img, (round(x), round(top + a * s)), (round(x), round(top + b * s)), (0, 0, 0), 2)
    found = find_rules(_scan(img, seed), t)
    assert stray(found, grid_rules()) == []
    assert [cells(g) for g in find_grids((), found)] == _vector_grid()


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_rule_worn_all_along_a_row_keeps_the_cell_edge(seed):
    # the vertical rule at x = 320 in the last row (16 pt) kept ink in three runs: a 2 pt
    # stub at the top rule, 3.5 pt in the middle and 4 pt at the bottom rule, with 3.5 and
    # 3 pt of blank paper between (a stub too short, a piece standing free)
    img, t = render(report_pdf("grid"), 200)
    img = worn(img, t, grid_rules(), level=200)
    s = t.dpi / 72.0
    x, top = XS[3] * s, YS[-2]
    for a, b in ((top + 2.0, top + 5.5), (top + 9.0, top + 12.0)):
        img[int(a * s):int(np.ceil(b * s)), int(x - 4):int(x + 5)] = 255
    found = find_rules(_scan(img, seed), t)
    assert weak_edges(found, grid_rules()) == [] and stray(found, grid_rules()) == []
    assert [cells(g) for g in find_grids((), found)] == _vector_grid()
