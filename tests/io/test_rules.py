"""Ruling lines from vector drawings: stroked and thin-filled rules, merged into long lines."""
from __future__ import annotations

import pymupdf
import pytest
from io_inputs import page_pdf

from fiscaldoc.config import TextLayerConfig
from fiscaldoc.io import open_document, read_page

X0, Y0, CW, RH, ROWS, COLS = 50.0, 80.0, 90.0, 18.0, 6, 4


def _rules(draw):
    with open_document(page_pdf(draw)) as doc:
        c = read_page(doc, 0, TextLayerConfig())
    hs = sorted((s.y0, s.x0, s.x1) for s in c.rules if s.horizontal)
    vs = sorted((s.x0, s.y0, s.y1) for s in c.rules if not s.horizontal)
    return hs, vs


def _expected():
    x1, y1 = X0 + COLS * CW, Y0 + ROWS * RH
    hs = [(Y0 + r * RH, X0, x1) for r in range(ROWS + 1)]
    vs = [(X0 + k * CW, Y0, y1) for k in range(COLS + 1)]
    return hs, vs


def _cells():
    for r in range(ROWS):
        for k in range(COLS):
            yield pymupdf.Rect(X0 + k * CW, Y0 + r * RH, X0 + (k + 1) * CW, Y0 + (r + 1) * RH)


def test_grid_of_stroked_boxes_gives_long_lines():
    def draw(page):
        shape = page.new_shape()
        for cell in _cells():
            shape.draw_rect(cell)
        shape.finish(color=(0, 0, 0), width=0.5)
        shape.commit()
    assert _rules(draw) == _expected()


def test_thin_filled_rectangles_give_the_same_lines():
    def draw(page):
        x1, y1 = X0 + COLS * CW, Y0 + ROWS * RH
        for r in range(ROWS + 1):                 # 1 pt bars centred on each rule, in pieces
            y = Y0 + r * RH
            for k in range(COLS):
                page.draw_rect(pymupdf.Rect(X0 + k * CW, y - 0.5, X0 + (k + 1) * CW + 0.3, y + 0.5),
                               color=None, fill=(0, 0, 0))
        for k in range(COLS + 1):
            x = X0 + k * CW
            page.draw_rect(pymupdf.Rect(x - 0.5, Y0, x + 0.5, y1), color=None, fill=(0.2, 0.2, 0.2))
    hs, vs = _rules(draw)
    eh, ev = _expected()
    assert len(hs) == len(eh) and len(vs) == len(ev)
    for got, want in zip(hs + vs, eh + ev):
        assert got == pytest.approx(want, abs=0.5)


def test_stroked_lines_and_filled_rules_merge_together():
    def draw(page):
        page.draw_line((50, 100), (200, 100), color=(0, 0, 0), width=0.5)
        page.draw_rect(pymupdf.Rect(200.5, 99.6, 400, 100.4), color=None, fill=(0, 0, 0))
    hs, vs = _rules(draw)
    assert vs == [] and len(hs) == 1
    assert hs[0] == pytest.approx((100, 50, 400), abs=0.3)


def test_backgrounds_white_lines_diagonals_and_specks_are_not_rules():
    def draw(page):
        page.draw_rect(pymupdf.Rect(50, 50, 300, 80), color=None, fill=(0.85, 0.85, 0.85))
        page.draw_line((50, 120), (300, 120), color=(1, 1, 1), width=1)
        page.draw_line((50, 140), (300, 240), color=(0, 0, 0), width=1)
        page.draw_line((50, 300), (52, 300), color=(0, 0, 0), width=1)
        page.draw_circle((400, 400), 40, color=(1, 0, 0))
    assert _rules(draw) == ([], [])


def test_separate_pieces_stay_separate():
    def draw(page):
        page.draw_line((50, 100), (150, 100), color=(0, 0, 0))
        page.draw_line((160, 100), (260, 100), color=(0, 0, 0))
    hs, _ = _rules(draw)
    assert hs == [(100, 50, 150), (100, 160, 260)]


def _cellspacing(page, gap=1.0, fill=(1, 1, 1), background=(0.6, 0.6, 0.6)):
    """An HTML table printed by a browser: a coloured table background, each cell's own
    background painted over it ``gap`` points apart; nothing is stroked."""
    x1, y1 = X0 + COLS * CW, Y0 + ROWS * RH
    page.draw_rect(pymupdf.Rect(X0 - gap, Y0 - gap, x1 + gap, y1 + gap), color=None,
                   fill=background)
    for cell in _cells():
        page.draw_rect(pymupdf.Rect(cell.x0 + gap / 2, cell.y0 + gap / 2, cell.x1 - gap / 2,
                                    cell.y1 - gap / 2), color=None, fill=fill)


@pytest.mark.parametrize("fill", [(1, 1, 1), (0.9, 0.95, 1.0)])
def test_gaps_between_cell_backgrounds_are_rules(fill):
    hs, vs = _rules(lambda page: _cellspacing(page, fill=fill))
    want_h, want_v = _expected()
    assert [h[0] for h in hs] == pytest.approx([h[0] for h in want_h], abs=1.0)
    assert [v[0] for v in vs] == pytest.approx([v[0] for v in want_v], abs=1.0)


def test_cells_the_colour_of_the_background_draw_no_rules():
    assert _rules(lambda page: _cellspacing(page, background=(1, 1, 1))) == ([], [])


def test_bars_on_a_background_are_not_rules():
    def draw(page):
        page.draw_rect(pymupdf.Rect(40, 40, 500, 400), color=None, fill=(0.95, 0.95, 0.8))
        for k in range(8):                       # a bar chart: bars share their bottom only
            page.draw_rect(pymupdf.Rect(60 + 50 * k, 380 - 30 * (k + 1), 90 + 50 * k, 380),
                           color=None, fill=(0.2, 0.3, 0.8))
    assert _rules(draw) == ([], [])


@pytest.mark.parametrize("dot", ["segment", "square"])
def test_dotted_lines_drawn_dot_by_dot_are_rules(dot):
    def draw(page):
        for k in range(60):                        # 1 pt dots, 3 pt apart
            x = 50 + 3 * k
            if dot == "segment":
                page.draw_line((x, 100), (x + 1, 100), color=(0, 0, 0), width=0.5)
            else:
                page.draw_rect(pymupdf.Rect(x, 99.5, x + 1, 100.5), color=None, fill=(0, 0, 0))
    hs, vs = _rules(draw)
    assert vs == [] and len(hs) == 1
    assert hs[0] == pytest.approx((100, 50, 228), abs=0.6)


def test_a_few_specks_in_a_row_are_not_a_rule():
    def draw(page):
        for k in range(3):
            page.draw_line((50 + 3 * k, 100), (51 + 3 * k, 100), color=(0, 0, 0), width=0.5)
    assert _rules(draw) == ([], [])


def test_thick_filled_bar_is_a_rule_a_shaded_row_is_not():
    def draw(page):
        page.draw_rect(pymupdf.Rect(50, 98.5, 400, 101.5), color=None, fill=(0, 0, 0))
        page.draw_rect(pymupdf.Rect(50, 200, 400, 215), color=None, fill=(0.8, 0.8, 0.8))
    hs, vs = _rules(draw)
    assert vs == [] and hs == [pytest.approx((100, 50, 400), abs=0.1)]
