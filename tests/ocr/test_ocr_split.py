"""Cutting detected lines at the gutters of unruled tables: the geometry, on drawn images."""
import numpy as np
import pytest

from fiscaldoc.reading.gutters import (INK_LEVEL, TableLines, blank_runs, fit_rows, gutter_cuts,
                                   tighten, wide_cuts)
from fiscaldoc.reading.points import beside_points


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


def test_the_thin_left_edge_of_a_column_is_cut_off_with_the_gutter_before_it():
    # a name joined with "1,346.98": the "1," lies where only the widest amounts reach; the
    # line is cut once, at the blank no box crosses, not also between "1," and "346.98"
    box = (0, 15, 300, 45)
    others = np.zeros(400, np.int32)
    others[0:100] = 20           # names
    others[130:160] = 2          # the "1," of the widest amounts
    others[160:300] = 20         # the rest of every amount
    runs = [(100, 130), (136, 142), (146, 160)]
    assert gutter_cuts(box, runs, others) == [(100, 130)]


def test_a_header_line_over_two_columns_is_cut_where_the_line_under_it_is():
    # "上缴上 经营" over "级支出" and "支出": one line on each side, none across the blank
    box = (0, 0, 230, 50)        # a 30 px blank: 0.6 line heights
    others = np.zeros(400, np.int32)
    others[0:90] = 1
    others[140:230] = 1
    assert gutter_cuts(box, [(100, 130)], others) == [(100, 130)]
    others[95:135] = 1           # a line crossing the blank
    assert gutter_cuts(box, [(100, 130)], others) == []


def test_a_blank_no_fewer_boxes_cross_than_the_glyph_before_it_is_not_a_gutter():
    # "33 1,706.28" joined: the "1" is covered by the 6 widest amounts, the blank after it
    # by 5 of them; only the blank after "33" is a gutter
    box = (0, 0, 300, 40)
    others = np.zeros(400, np.int32)
    others[0:40] = 20            # 行次 numbers
    others[78:150] = 1
    others[150:165] = 6
    others[165:177] = 5
    others[177:300] = 21
    assert gutter_cuts(box, [(40, 78), (165, 177)], others) == [(40, 78)]


def test_wide_blank_runs_cut_whatever_the_other_lines():
    assert wide_cuts((0, 0, 300, 30), [(40, 50), (100, 140)]) == [(100, 140)]


# drawn tables: one text line every 40 px, its glyphs 20 px high in a 28 px box (a gutter cut
# needs 7 px of blank, a wide cut more than 25 px); digits are 8 px blocks 8 px apart

def _digits(img, y, x0, n):
    """``n`` letter-spaced digits from x0."""
    for k in range(n):
        img[y:y + 20, x0 + 16 * k:x0 + 16 * k + 8] = 0


def _width(n):
    return 16 * n - 8


def _joined_rows_table():
    """Right-aligned amounts ending at x 300 and left-aligned codes from x 322 (a 22 px
    gutter, less than a wide cut); the detector joined the two columns in rows 1, 2, 5 and 7."""
    img = np.full((420, 500, 3), 255, np.uint8)
    boxes = []
    for r in range(10):
        y = 10 + 40 * r
        n = (4, 5, 6, 5, 4)[r % 5]
        a0 = 300 - _width(n)
        _digits(img, y, a0, n)
        _digits(img, y, 322, 5)
        end = 322 + _width(5)
        if r in (1, 2, 5, 7):
            boxes.append((a0 - 6, y - 4, end + 6, y + 24))
        else:
            boxes += [(a0 - 6, y - 4, 306, y + 24), (316, y - 4, end + 6, y + 24)]
    return img, boxes


def test_lines_joining_two_columns_in_a_few_rows_are_cut_at_the_gutter():
    lines = TableLines(*_joined_rows_table())
    joined = [b for b in lines.boxes if b[0] < 300 < b[2]]
    assert len(joined) == 4
    assert all(lines.cuts(b, [b]) == [(300, 322)] for b in joined)


def test_amounts_next_to_a_gutter_joined_in_a_few_rows_are_not_cut_between_their_digits():
    lines = TableLines(*_joined_rows_table())
    assert all(lines.cuts(b, [b]) == [] for b in lines.boxes if b[2] <= 300)


def test_a_line_across_a_name_and_a_wide_amount_is_cut_only_between_them():
    # names (solid) from x 20 in every row; right-aligned amounts, 8 of 6 digits and 12 of
    # 4: the blank before the 4-digit amounts is covered by the boxes of the 6-digit ones
    # only, few against the names, but as many as the digit before it
    img = np.full((820, 500, 3), 255, np.uint8)
    boxes = []
    for r in range(20):
        y = 10 + 40 * r
        img[y:y + 20, 20:120 + 10 * (r % 3)] = 0
        n = 6 if r % 5 in (1, 3) else 4
        a0 = 400 - _width(n)
        _digits(img, y, a0, n)
        if r == 3:
            boxes.append((14, y - 4, 406, y + 24))
        else:
            boxes += [(14, y - 4, 146, y + 24), (a0 - 6, y - 4, 406, y + 24)]
    lines = TableLines(img, boxes)
    wide = next(b for b in lines.boxes if b[0] < 200 < b[2])
    assert lines.cuts(wide, [wide]) == [(120, 400 - _width(6))]


def test_a_rule_through_the_bottom_of_a_line_leaves_the_blank_between_its_texts():
    # the 栏次 row's "1", "2", "3" read as one line whose box reaches the rule under the row
    img = np.full((80, 600, 3), 255, np.uint8)
    for x in (100, 300, 500):
        img[20:40, x:x + 8] = 0
    img[41:43, 10:590] = 0
    box = (95, 16, 513, 43)
    assert TableLines(img, [box]).cuts(box, [box]) == []
    lines = TableLines(img, [box], erase=[(10, 42, 590, 42)])
    assert lines.boxes == [(100, 16, 508, 43)]
    assert lines.cuts(lines.boxes[0], lines.boxes) == [(108, 300), (308, 500)]


def test_specks_in_the_blank_between_two_texts_do_not_hide_it():
    img = _page([(100, 124), (170, 194)])
    for x, y in ((130, 25), (141, 33), (152, 22), (163, 37)):     # a fax page's pepper
        img[y, x] = 0
    box = (96, 16, 198, 44)
    assert TableLines(img, [box]).cuts((100, 16, 194, 44), [box]) == [(124, 170)]


def _rows_page():
    """Text lines 20 px high every 40 px, each detected in a box padded 4 px."""
    img = np.full((300, 400, 3), 255, np.uint8)
    boxes = []
    for r in range(6):
        y = 20 + 40 * r
        img[y:y + 20, 50:150] = 0
        boxes.append((46, y - 4, 154, y + 24))
    return img, boxes


def test_a_box_over_the_lines_of_two_rows_is_cut_into_them():
    img, boxes = _rows_page()
    img[60:80, 250:330] = 0
    img[100:120, 250:330] = 0
    parts = fit_rows(img, boxes + [(246, 56, 334, 124)])
    assert parts[:-1] == [[b] for b in boxes]
    assert parts[-1] == [(246, 56, 334, 84), (246, 96, 334, 124)]


def test_a_box_padded_into_the_next_row_is_fitted_to_its_ink():
    img, boxes = _rows_page()
    img[100:120, 250:330] = 0
    assert fit_rows(img, boxes + [(246, 96, 334, 134)])[-1] == [(246, 96, 334, 124)]


def test_a_line_is_cut_under_the_gap_between_two_partial_header_rules():
    img = np.full((240, 500, 3), 255, np.uint8)
    img[9:12, 20:300] = 0            # the partial rules of two header cells, 8 px apart
    img[9:12, 308:480] = 0
    img[60:90, 200:290] = 0          # a line below: two texts 28 px apart (0.7 heights)
    img[60:90, 318:400] = 0
    box = (196, 55, 404, 95)
    others = []                      # the two columns in three more rows, joined in two
    for y in (110, 150, 190):
        img[y:y + 30, 230:290] = 0
        img[y:y + 30, 318:380] = 0
        others += ([(226, y - 5, 384, y + 35)] if y < 190
                   else [(226, y - 5, 294, y + 35), (314, y - 5, 384, y + 35)])
    rules = [(20, 10, 299, 10), (308, 10, 479, 10)]
    assert TableLines(img, [box] + others).cuts((200, 55, 400, 95), [box]) == []
    lines = TableLines(img, [box] + others, rules)
    assert lines.cuts(lines.boxes[0], lines.boxes[:1]) == [(290, 318)]


def test_a_line_alone_under_a_rule_gap_is_not_cut():
    # no other line of the table agrees with the gap: it may be a break of a worn rule
    img = np.full((120, 500, 3), 255, np.uint8)
    img[60:90, 200:290] = 0
    img[60:90, 318:400] = 0
    box = (196, 55, 404, 95)
    lines = TableLines(img, [box], [(20, 10, 299, 10), (308, 10, 479, 10)])
    assert lines.cuts(lines.boxes[0], lines.boxes) == []


class _Reader:
    """Reads every crop as ``text`` and notes the crops' widths: what a split repair reads
    again, and how wide."""

    def __init__(self, text: str):
        self.text, self.widths = text, []

    def recognize_crops(self, crops, **_):
        from fiscaldoc.ocr.base import OcrHit, box_quad

        self.widths.extend(c.shape[1] for c in crops)
        return [[OcrHit(self.text, box_quad(0, 0, c.shape[1], c.shape[0]), 0.99)]
                if self.text else [] for c in crops]


@pytest.mark.parametrize("stroke", [0, 140])   # 140: a thin stroke blurred at 150 dpi
def test_a_missed_piece_is_read_with_the_line_after_it(stroke):
    # the detector left out the "一" of "一、一般公共服务支出"; it lies between the end of an
    # amount and the start of the name, nearer the amount's centre: it is the head of the
    # name, so the name is read again with it, and the amount is left alone
    from fiscaldoc.ocr.base import OcrHit, box_quad
    from fiscaldoc.reading.split import with_missed_text

    img = np.full((60, 400, 3), 255, np.uint8)
    img[20:44, 20:86] = 0          # the amount, detected
    img[30:33, 100:115] = stroke   # the thin stroke of "一", missed
    img[20:44, 128:250] = 0        # the name, detected
    amount = OcrHit("2,790.06", box_quad(20, 18, 86, 44), 0.99)
    name = OcrHit("一般公共服务支出", box_quad(128, 18, 250, 44), 0.99)
    engine = _Reader("一、一般公共服务支出")
    out = with_missed_text(engine, img, [amount, name], [(15, 45)])
    assert engine.widths == [250 + 3 - (100 - 3)]       # one crop: the stroke through the name's end
    assert sorted(h.text for h in out) == ["2,790.06", "一、一般公共服务支出"]


def _amount_and_name(point_top: int, speck: bool = False):
    """'2,790.06' as letter-spaced 8 px digits (20 px high, baseline at row 39): a comma
    (rows 36..42) after the first, a 4 px mark in the point's place whose top is
    ``point_top``; then a name from x 330 (and a speck on the baseline in the gap before
    it)."""
    img = np.full((60, 500, 3), 255, np.uint8)
    img[20:40, 84:92] = 0
    img[36:43, 98:102] = 0
    for x in (108, 124, 140):
        img[20:40, x:x + 8] = 0
    img[point_top:point_top + 4, 156:160] = 0
    for x in (166, 182):
        img[20:40, x:x + 8] = 0
    if speck:
        img[36:40, 240:243] = 0
    img[20:40, 330:480] = 0
    return img


BOX = (84, 16, 480, 44)


def test_the_blanks_either_side_of_a_decimal_point_are_never_cuts():
    # the detector joined an amount to the next column's text ("2,790.06 一、一般公共服务支出");
    # the points of a right-aligned column line up, so the other lines leave the blanks
    # around this one's point blank too: they must not cut "2,790." from "06"
    img = _amount_and_name(36)
    runs = blank_runs(img, BOX)
    kept = beside_points(img, BOX, runs, [",", "."], INK_LEVEL)
    assert kept == {(148, 156), (160, 166)}


def test_a_mark_above_the_baseline_is_not_a_point():
    img = _amount_and_name(28)       # a dash at mid-height ("-"): only the comma is a mark
    runs = blank_runs(img, BOX)
    assert beside_points(img, BOX, runs, [",", "."], INK_LEVEL) == set()


def test_a_speck_beside_the_marks_read_keeps_nothing():
    img = _amount_and_name(36, speck=True)
    runs = blank_runs(img, BOX)
    assert beside_points(img, BOX, runs, [",", "."], INK_LEVEL) == set()


def test_pieces_of_a_line_that_both_read_the_mark_between_them_are_read_as_one():
    # PP-OCRv5 mobile breaks "三、国有资本经营预算财政拨款收入" into "三、" and "、国有…" with
    # overlapping boxes; both read the "、" and the cell came out "三、、国有…"
    from fiscaldoc.ocr.base import OcrHit, box_quad
    from fiscaldoc.reading.split import split_hits

    img = np.full((60, 400, 3), 255, np.uint8)
    img[20:40, 20:40] = 0             # 三
    img[34:40, 44:50] = 0             # 、
    img[20:40, 56:300] = 0            # 国有…
    head = OcrHit("三、", box_quad(18, 18, 52, 42), 0.99)
    rest = OcrHit("、国有资本", box_quad(42, 18, 302, 42), 0.99)
    engine = _Reader("三、国有资本")
    out = split_hits(engine, img, [head, rest], [(10, 50)])
    assert [h.text for h in out] == ["三、国有资本"]
    assert len(engine.widths) == 1


def test_pieces_apart_are_not_joined_for_sharing_a_mark():
    from fiscaldoc.ocr.base import OcrHit, box_quad
    from fiscaldoc.reading.split import split_hits

    img = np.full((60, 400, 3), 255, np.uint8)
    img[20:40, 20:50] = 0
    img[20:40, 120:300] = 0
    left = OcrHit("合计、", box_quad(18, 18, 52, 42), 0.99)
    right = OcrHit("、其他", box_quad(118, 18, 302, 42), 0.99)
    engine = _Reader("")
    out = split_hits(engine, img, [left, right], [(10, 50)])
    assert sorted(h.text for h in out) == ["、其他", "合计、"]
    assert engine.widths == []
