import numpy as np
import pytest

from fiscaldoc.reading.scan import clean_ocr_text


@pytest.mark.parametrize("raw,clean", [
    ("2 0 21年度", "2021年度"),
    ("２0２１年度", "2021年度"),
    ("1，706.28", "1,706.28"),
    ("1,706。28", "1,706.28"),
    ("收入支出決算总表", "收入支出决算总表"),
    ("一般公共 预算", "一般公共 预算"),
    ("政府办公厅（室)及相关机构事务", "政府办公厅（室）及相关机构事务"),
    ("政府办公厅(室）", "政府办公厅（室）"),
    ("政府办公厅(室)", "政府办公厅(室)"),
    ("（一）(二）", "（一）(二）"),
    ("0.0O", "0.00"),
    ("2O21年度", "2021年度"),
    ("1,7o6.28", "1,706.28"),
    ("No.1", "No.1"),
    ("O", "O"),
    ("IO 30", "IO 30"),
    ("30201 办公费", "30201 办公费"),
    ("1,105,54", "1,105.54"),
    ("105,54", "105.54"),
    ("1,105.54", "1,105.54"),
    ("12,345", "12,345"),
    ("2021,12", "2021,12"),
    ("1,2", "1,2"),
    ("2.790.06", "2,790.06"),
    ("1. 296.70", "1,296.70"),
    ("1.234.567.89", "1,234,567.89"),
    ("1.296", "1.296"),
    ("12.50", "12.50"),
    ("v1.2.3.45", "v1.2.3.45"),
    ("0.00|", "0.00"),                 # a cell rule's edge read with the figure
    ("27900700.00.", "27900700.00"),
    ("0.00 ;", "0.00"),
    ("|12.50", "12.50"),
    ("12.5.", "12.5."),
    ("合计|", "合计|"),
])
def test_ocr_text_cleaning(raw, clean):
    assert clean_ocr_text(raw) == clean


def test_red_stamp_ink_turns_to_paper_and_black_print_stays():
    import numpy as np

    from fiscaldoc.reading.scan import without_stamp

    page = np.full((40, 60, 3), 250, np.uint8)
    page[5:15, 5:55] = (40, 40, 220)        # stamp red (BGR)
    page[20:30, 5:55] = (20, 20, 20)        # black print
    page[8:12, 20:30] = (30, 20, 60)        # black print under the stamp
    out = without_stamp(page)
    assert out[10, 10].min() >= 200          # stamp: as light as paper
    assert out[25, 10].max() <= 40          # print: dark
    assert out[10, 25].max() <= 80          # print under the stamp: still dark


def test_a_page_without_stamp_ink_is_left_as_it_is():
    import numpy as np

    from fiscaldoc.reading.scan import without_stamp

    page = np.full((20, 20, 3), 250, np.uint8)
    page[5:10, 5:10] = (0, 0, 0)
    assert without_stamp(page) is page


def _amount_under_seal():
    """'23.22' printed at ~200 dpi, a blob of semi-transparent stamp red over it (multiplied,
    as ink on paper), blurred and saved as JPEG (its colour kept at half resolution)."""
    import cv2
    import numpy as np

    img = np.full((60, 160, 3), 250, np.uint8)
    cv2.putText(img, "23", (10, 40), cv2.FONT_HERSHEY_SIMPLEX, 0.9, (25, 25, 25), 2, cv2.LINE_AA)
    cv2.putText(img, "22", (80, 40), cv2.FONT_HERSHEY_SIMPLEX, 0.9, (25, 25, 25), 2, cv2.LINE_AA)
    cv2.circle(img, (66, 38), 2, (25, 25, 25), -1, cv2.LINE_AA)        # the decimal point
    ink = np.zeros(img.shape[:2], np.float32)
    cv2.circle(ink, (70, 30), 40, 1.0, -1, cv2.LINE_AA)
    alpha = (0.75 * ink)[:, :, None]
    red = np.array((40, 30, 215), np.float32) / 255.0
    inked = img * (1 - alpha) + img * red * alpha
    inked = cv2.GaussianBlur(inked.astype(np.uint8), (0, 0), 1.0)
    ok, buf = cv2.imencode(".jpg", inked, [cv2.IMWRITE_JPEG_QUALITY, 40])
    assert ok
    return cv2.imdecode(buf, cv2.IMREAD_COLOR)


def test_stamp_ink_leaves_no_grey_ghost_and_a_decimal_point_under_it_stays_dark():
    from fiscaldoc.reading.scan import without_stamp

    page = _amount_under_seal()
    out = without_stamp(page)[:, :, 0]
    # bare ink (below the figures, above them): paper white, not a grey a crop's cleaning
    # would take for ink (the red channel alone leaves ~220 on 250 paper)
    assert out[46:56, 50:60].min() >= 240
    assert out[4:14, 60:80].min() >= 240
    # the point: JPEG spreads the ink's red over it, its red channel alone is ~95
    assert out[34:42, 62:70].min() <= 60
    # the digits under the ink and the paper beside it
    assert out[20:40, 10:60].min() <= 60 and out[20:40, 80:130].min() <= 60
    assert out[5:15, 140:158].min() >= 235


def _merged_cell(side_gray):
    """Two cells whose parting rule at x=100 is worn (``side_gray``; None: no rule), read as
    one cell with a piece of text on each side (72 dpi: pixels are points)."""
    import numpy as np

    from fiscaldoc.geometry import BBox, PageTransform
    from fiscaldoc.ocr.base import OcrHit, box_quad

    page = np.full((60, 200, 3), 252, np.uint8)
    if side_gray is not None:
        page[10:50, 99:101] = side_gray        # a light rule, worn through in the middle
        page[24:34, 99:101] = 252
    frame = PageTransform.for_render(200.0, 60.0, 72.0)
    hits = [OcrHit("总计", box_quad(5, 5, 30, 25), 1.0), OcrHit("30", box_quad(130, 5, 150, 25), 1.0)]
    return page, frame, BBox(0, 10, 200, 50), (0.0, 100.0, 200.0), hits


def test_a_worn_rule_between_two_pieces_of_a_cell_is_a_cell_side():
    from fiscaldoc.reading.scan import _worn_sides

    page, frame, box, xs, hits = _merged_cell(205)
    sides = _worn_sides(page, frame, box, xs, hits, 0)
    assert [(s.x0, s.y0, s.y1) for s in sides] == [(100.0, 10, 50)]


def test_no_cell_side_without_rule_ink():
    from fiscaldoc.reading.scan import _worn_sides

    page, frame, box, xs, hits = _merged_cell(None)
    assert _worn_sides(page, frame, box, xs, hits, 0) == []


def test_a_light_blurred_one_is_ink_and_scanner_noise_is_not():
    from fiscaldoc.reading.scan import _has_ink

    cell = np.full((25, 144, 3), 253, np.uint8)
    cell[6:20, 70] = 150          # the stem of a small "1", blurred light ...
    cell[6:9, 70] = 122           # ... darker only where the flag joins it
    assert _has_ink(cell)
    rng = np.random.default_rng(0)
    noise = np.clip(rng.normal(230, 10, (25, 144, 3)), 0, 255).astype(np.uint8)
    assert not _has_ink(noise)
