"""A one-row ruled grid is a table only when it holds figures (a continued table's last row)."""
from fiscaldoc.geometry import BBox, Segment
from fiscaldoc.model import Word
from fiscaldoc.tables.grid import find_grids

XS = (50, 150, 250, 350)


def _box(texts):
    rules = [Segment.h(XS[0], XS[-1], 100), Segment.h(XS[0], XS[-1], 120)]
    rules += [Segment.v(100, 120, x) for x in XS]
    words = tuple(Word(t, BBox(x + 10, 106, x + 10 + 6 * len(t), 114))
                  for x, t in zip(XS, texts) if t)
    return find_grids(words, tuple(rules))


def test_row_of_figures_is_a_table():
    grids = _box(["2210203", "130.02", "130.02"])
    assert [(g.n_rows, g.n_cols) for g in grids] == [(1, 3)]
    assert [c.text for c in grids[0].cells] == ["2210203", "130.02", "130.02"]


def test_framed_text_is_not_a_table():
    assert _box(["填报单位", "联系人", "电话"]) == []
