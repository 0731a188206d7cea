"""Cutting detected lines at the gutters of unruled tables: the geometry, on drawn images."""
import numpy as np

from fiscaldoc.ocr.split import blank_runs, gutter_cuts, tighten, wide_cuts


def _page(blocks, shape=(60, 400)):
    """White page with black blocks (x0, x1) on rows 20..40."""
    img = np.full(shape + (3,), 255, np.uint8)
    for x0, x1 in blocks:
        img[20:40, x0:x1] = 0
    return img


def test_blank_runs_lie_between_the_ink():
    img = _page([(10, 30), (50, 60), (200, 220)])
    assert blank_runs(img, (0, 10, 400, 50)) == [(30, 50), (60, 200)]


def test_overlapping_padded_boxes_are_parted_at_the_blank_between_the_texts():
    img = _page([(20, 100), (130, 200)])
    left, right = tighten(img, [(10, 15, 140, 45), (115, 15, 210, 45)])
    assert left == (20, 15, 100, 45)
    assert right == (130, 15, 200, 45)


def test_a_line_is_cut_where_the_other_lines_leave_a_gutter():
    box = (20, 15, 200, 45)
    runs = [(100, 130)]
    others = np.zeros(400, np.int32)
    others[10:100] = 5           # names of the other rows
    others[135:210] = 7          # amounts of the other rows
    assert gutter_cuts(box, runs, others) == [(100, 130)]


def test_no_cut_inside_a_column_the_other_lines_cover():
    box = (20, 15, 200, 45)
    others = np.zeros(400, np.int32)
    others[10:210] = 6           # the other rows run right across the blank
    assert gutter_cuts(box, [(100, 130)], others) == []


def test_no_gutter_cut_at_a_blank_narrower_than_a_quarter_line():
    box = (20, 15, 200, 45)      # 30 px high: a cut needs at least 7.5 px of blank
    others = np.zeros(400, np.int32)
    others[10:100] = 5
    others[106:210] = 7
    assert gutter_cuts(box, [(100, 106)], others) == []


def test_a_thinly_covered_edge_of_a_column_is_not_a_gutter():
    # right-aligned amounts: few wide ones cover the column's left edge; that thin part
    # lies next to the wide ones, not between two covered sides
    box = (20, 15, 200, 45)
    others = np.zeros(400, np.int32)
    others[20:60] = 8
    others[60:90] = 7
    others[90:200] = 28
    assert gutter_cuts(box, [(62, 80)], others) == []


def test_wide_blank_runs_cut_whatever_the_other_lines():
    assert wide_cuts((0, 0, 300, 30), [(40, 50), (100, 140)]) == [(100, 140)]
