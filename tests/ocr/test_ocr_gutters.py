"""Cuts under the gaps between partial header rules (``TableLines``): a worn rule is broken at
random places too, over the blank between two digits or two characters of one cell."""
import numpy as np

from fiscaldoc.reading.gutters import TableLines, one_number

# one text line every 40 px, its glyphs 20 px high in a 28 px box (a blank of 7 px is a
# candidate cut); digits are 8 px blocks 8 px apart


def _digits(img, y, x0, n, step=16):
    for k in range(n):
        img[y:y + 20, x0 + step * k:x0 + step * k + 8] = 0


def _rule(img, y, pieces):
    """A rule drawn in ``pieces`` (x0, x1) on row y; returned as the rule boxes of the page."""
    for x0, x1 in pieces:
        img[y - 1:y + 2, x0:x1] = 0
    return [(x0, y, x1 - 1, y) for x0, x1 in pieces]


def _amounts_under_a_worn_rule():
    """Right-aligned amounts ending at x 400 whose faint decimal point leaves a 16 px blank
    (x 352..368) in every row, under a full rule broken over that blank (x 355..366)."""
    img = np.full((460, 500, 3), 255, np.uint8)
    rules = _rule(img, 30, [(20, 355), (366, 480)])
    boxes = []
    for r in range(10):
        y = 50 + 40 * r
        n = (4, 3, 5, 4, 2)[r % 5]
        _digits(img, y, 368, 2)                  # the decimals at 368..376 and 384..392
        x0 = 352 - (16 * n - 8)
        _digits(img, y, x0, n)                   # the integer digits end at 352
        boxes.append((x0 - 6, y - 4, 398, y + 24))
    return img, boxes, rules


def test_no_cut_at_a_faint_decimal_point_under_a_break_of_a_worn_rule():
    img, boxes, rules = _amounts_under_a_worn_rule()
    lines = TableLines(img, boxes, rules)
    assert lines.rule_gaps == [(30, 354, 366)]
    assert all(lines.cuts(b, [b]) == [] for b in lines.boxes)


def _joined_under_partial_rules():
    """Right-aligned amounts ending at x 300 and left-aligned codes from x 318 (an 18 px
    gutter) under two partial header rules 10 px apart over it; the detector joined the two
    columns in 8 of 10 rows, so their boxes cross the gutter in most rows."""
    img = np.full((460, 500, 3), 255, np.uint8)
    rules = _rule(img, 30, [(20, 305), (315, 480)])
    boxes = []
    for r in range(10):
        y = 50 + 40 * r
        n = (4, 5, 6, 5, 4)[r % 5]
        a0 = 300 - (16 * n - 8)
        _digits(img, y, a0, n)
        _digits(img, y, 318, 5)
        if r in (3, 8):
            boxes += [(a0 - 6, y - 4, 306, y + 24), (312, y - 4, 392, y + 24)]
        else:
            boxes.append((a0 - 6, y - 4, 392, y + 24))
    return img, boxes, rules


def test_lines_joining_two_columns_are_cut_under_the_gap_between_partial_rules():
    img, boxes, rules = _joined_under_partial_rules()
    joined = lambda lines: [b for b in lines.boxes if b[0] < 300 < b[2]]
    without = TableLines(img, boxes)
    assert len(joined(without)) == 8
    assert all(without.cuts(b, [b]) == [] for b in joined(without))
    lines = TableLines(img, boxes, rules)
    assert all(lines.cuts(b, [b], "4,5678 12345") == [(300, 318)] for b in joined(lines))


def test_a_line_read_as_one_number_is_not_cut_under_a_rule_gap():
    # codes printed 类 款 项 apart (a 12 px blank after the 3rd and the 5th digit) and
    # left-aligned, under the header cells 类 and 款 and a break of the worn rule under them:
    # the 3-digit codes and 类 end at the blank, 款 starts after it, the longer codes cross it
    img = np.full((480, 500, 3), 255, np.uint8)
    img[10:30, 36:58] = 0
    img[10:30, 74:96] = 0
    boxes = [(32, 6, 62, 34), (70, 6, 100, 34)]
    rules = _rule(img, 40, [(20, 61), (72, 480)])
    for r in range(10):
        y = 60 + 40 * r
        n = (3, 5, 7, 7, 5)[r % 5]
        for k in range(n):
            x = 20 + 16 * k + 4 * (k >= 3) + 4 * (k >= 5)
            img[y:y + 20, x:x + 8] = 0
        boxes.append((14, y - 4, 20 + 16 * n + 8, y + 24))
    lines = TableLines(img, boxes, rules)
    code = next(b for b in lines.boxes if b[2] - b[0] > 110)
    assert lines.cuts(code, [code]) == [(60, 72)]
    assert lines.cuts(code, [code], "2010350") == []


def test_one_number():
    assert one_number("1,346.98") and one_number("1, 346. 9 8") and one_number("1，706.28")
    assert one_number("2010350") and one_number("-12.5") and one_number("33")
    assert not one_number("90.3030202")          # an amount and a code joined
    assert not one_number("1,706.28 1,706.28")
    assert not one_number("一般公共服务支出1,706.28")
    assert not one_number("")


def test_a_gap_in_two_rule_rows_at_one_place_is_cut_under_though_every_line_crosses_it():
    # a page holding two rows of the table: both join an amount and the text after it; the
    # header's partial rules leave a gap at that place in two rule rows, which wear would not
    img = np.full((200, 500, 3), 255, np.uint8)
    boxes = []
    for y in (110, 150):
        _digits(img, y, 200, 5)                  # the amount ends at 272
        img[y:y + 20, 294:380] = 0               # the text from 294
        boxes.append((194, y - 4, 386, y + 24))
    one = _rule(img, 30, [(20, 280), (291, 480)])
    two = _rule(img, 70, [(20, 280), (291, 480)])
    lines = TableLines(img, boxes, one)
    assert lines.cuts(lines.boxes[0], lines.boxes[:1]) == []
    lines = TableLines(img, boxes, one + two)
    assert lines.cuts(lines.boxes[0], lines.boxes[:1]) == [(272, 294)]


def _amount_with_a_faint_point(point_y):
    """'758.13' with glyphs 28 px high in a 40 px box: three digits ending at x 140, a 2x3 px
    point (as small as a speck) from x 152 at row ``point_y``, two decimals from x 185: the
    blank 140..185 is wider than a line height once the point goes with the specks."""
    img = np.full((120, 300, 3), 255, np.uint8)
    for x in (100, 116, 132, 185, 201):
        img[40:68, x:x + 8] = 0
    img[point_y:point_y + 2, 152:155] = 0
    return img, [(96, 34, 213, 74)]


def test_a_number_is_not_cut_at_its_decimal_point_on_the_baseline():
    img, boxes = _amount_with_a_faint_point(66)         # the point's bottom on the baseline
    lines = TableLines(img, boxes)
    box = lines.boxes[0]
    assert lines.cuts(box, [box], "758.13") == []
    assert lines.cuts(box, [box], "758 13") == [(140, 185)]      # no point was read


def test_a_speck_off_the_baseline_is_no_decimal_point():
    img, boxes = _amount_with_a_faint_point(50)         # a speck at mid-height
    lines = TableLines(img, boxes)
    box = lines.boxes[0]
    assert lines.cuts(box, [box], "758.13") == [(140, 185)]
