import cv2
import numpy as np
import pytest

import ocr_synth
from fiscaldoc.errors import EngineError
from fiscaldoc.ocr.crops import clean_crop, plan_crops, recognize_crops_with


def _cells():
    page, truth = ocr_synth.table_page(n_rows=4)
    return ocr_synth.crop_cells(page, truth), truth


def test_blank_crop_is_empty():
    _, plans = plan_crops([np.full((40, 120, 3), 250, np.uint8)])
    assert plans[0].kind == "empty"


def test_crop_with_only_its_borders_is_empty():
    crop = np.full((40, 120, 3), 255, np.uint8)
    crop[0:2, :] = 0
    crop[:, 118:] = 0
    _, plans = plan_crops([crop])
    assert plans[0].kind == "empty"


def test_table_cells_are_single_lines():
    crops, _ = _cells()
    _, plans = plan_crops(crops)
    assert {p.kind for p in plans} == {"line"}


def test_two_stacked_cells_make_a_block():
    crops, _ = _cells()
    names = [c for c in crops if c.shape[1] > 400]
    two = np.vstack([names[0], names[1]])
    _, plans = plan_crops([two] + crops)
    assert plans[0].kind == "block"


def test_touching_lines_make_a_block():
    lines = ocr_synth.lines_image(["行政运行", "事业运行"])
    mask_rows = np.flatnonzero((lines.min(axis=2) < 128).any(axis=1))
    tight = lines[mask_rows[0]:mask_rows[-1] + 1]
    # squeeze the gap between the two lines away
    rows = np.flatnonzero((tight.min(axis=2) < 128).any(axis=1))
    gaps = np.flatnonzero(np.diff(rows) > 1)
    cut0, cut1 = rows[gaps[0]] + 1, rows[gaps[0] + 1]
    squeezed = np.vstack([tight[:cut0], tight[cut1:]])
    single = tight[:cut0]
    _, plans = plan_crops([squeezed, single, single])
    assert [p.kind for p in plans] == ["block", "line", "line"]


def _spies():
    """Line and page recognisers that count what they are given."""
    seen = {"lines": 0, "pages": 0}

    def lines(images):
        seen["lines"] += len(images)
        return [("L", 0.9)] * len(images)

    def pages(images):
        seen["pages"] += len(images)
        return [[] for _ in images]

    return seen, lines, pages


def test_lines_and_blocks_are_routed():
    crops, truth = _cells()
    names = [c for c in crops if c.shape[1] > 400]
    block = np.vstack([names[0], names[1]])
    blank = np.full_like(crops[0], 255)
    seen, lines, pages = _spies()

    out = recognize_crops_with([crops[0], blank, block], lines, pages)
    # a crop of two separate lines is read band by band, without detection
    assert seen == {"lines": 3, "pages": 0}
    assert out[0][0].text == "L" and out[1] == [] and [h.text for h in out[2]] == ["L", "L"]
    assert out[2][0].quad[0][1] < out[2][1].quad[0][1]


def test_touching_lines_go_to_detection():
    seen, lines, pages = _spies()

    crops, _ = _cells()
    name = [c for c in crops if c.shape[1] > 400][0]
    rows = np.flatnonzero((name.min(axis=2) < 128).any(axis=1))
    ink = name[rows[0]:rows[-1] + 1]
    pad = np.full((10, name.shape[1], 3), 255, np.uint8)
    touching = np.vstack([pad, ink, ink, pad])      # two lines with no gap between them
    recognize_crops_with([touching], lines, pages, line_height=float(len(rows)))
    assert seen == {"lines": 0, "pages": 1}


def test_line_quad_lies_inside_the_crop():
    crops, _ = _cells()
    out = recognize_crops_with(crops[:3], lambda imgs: [("x", 1.0)] * len(imgs),
                               lambda imgs: [[] for _ in imgs])
    for crop, hits in zip(crops, out):
        x0, y0, x1, y1 = hits[0].bbox
        assert 0 <= x0 < x1 <= crop.shape[1] and 0 <= y0 < y1 <= crop.shape[0]


def test_wrong_result_count_is_an_engine_error():
    crops, _ = _cells()
    with pytest.raises(EngineError):
        recognize_crops_with(crops[:2], lambda imgs: [], lambda imgs: [])


def test_cleaning_erases_specks_away_from_the_text():
    crops, truth = _cells()
    crop = crops[[t.numeric for t in truth].index(True)].copy()
    crop[3:5, 3:5] = 0  # a speck in the top-left corner, far from the right-aligned number
    cleaned, _, _ = clean_crop(crop)
    assert cleaned[3:5, 3:5].min() > 200


def test_cleaning_keeps_decimal_points():
    crop = ocr_synth.lines_image(["91.12"])
    cleaned, mask, _ = clean_crop(crop)
    assert (cleaned < 128).sum() == (crop < 128).sum()


def _spaced(texts, gap_lines):
    """One line of ``texts`` drawn apart: ``gap_lines`` text-line heights of paper between
    neighbours (a cell whose parting rule was lost, or letter-spaced glyphs)."""
    parts = [ocr_synth.lines_image([t]) for t in texts]
    rows = np.flatnonzero((parts[0].min(axis=2) < 128).any(axis=1))
    gap = np.full((parts[0].shape[0], int(gap_lines * (rows[-1] + 1 - rows[0])), 3), 255,
                  np.uint8)
    inked = []
    for p in parts:
        cols = np.flatnonzero((p.min(axis=2) < 128).any(axis=0))
        inked += [p[:, cols[0]:cols[-1] + 1], gap]
    margin = np.full((parts[0].shape[0], 12, 3), 255, np.uint8)
    return np.hstack([margin] + inked[:-1] + [margin])


def test_a_wide_blank_parts_a_line_into_pieces():
    crop = _spaced(["总计", "30"], 5.0)
    seen, lines, pages = _spies()
    out = recognize_crops_with([crop], lines, pages)
    assert seen == {"lines": 2, "pages": 0}
    left, right = out[0]
    assert left.bbox[2] < right.bbox[0]
    assert left.bbox[2] < crop.shape[1] / 3 and right.bbox[0] > crop.shape[1] * 2 / 3


def test_letter_spaced_figures_stay_one_piece():
    # 1.3 line heights between glyphs, the comma and the decimal point included
    crop = _spaced(list("1,706.28"), 1.3)
    seen, lines, pages = _spies()
    out = recognize_crops_with([crop], lines, pages)
    assert seen == {"lines": 1, "pages": 0} and len(out[0]) == 1


def _wrapped(texts, gap=2):
    """A long name wrapped in a narrow cell: ``texts`` as lines set ``gap`` pixels apart,
    so close that their blank rows merge them into one ink band."""
    out = []
    for t in texts:
        img = ocr_synth.lines_image([t])
        rows = np.flatnonzero((img.min(axis=2) < 128).any(axis=1))
        out += [img[rows[0]:rows[-1] + 1], np.full((gap, img.shape[1], 3), 255, np.uint8)]
    pad = np.full((6, out[0].shape[1], 3), 255, np.uint8)
    return np.vstack([pad] + out + [pad])


def test_lines_set_close_together_are_text_not_specks():
    # five lines merged into one tall band: its height is not a character's, and the
    # characters must not be judged too small against it
    crop = _wrapped(["机关事业", "单位基本", "养老保险", "缴费支出", "本年支出"], gap=1)
    _, mask, _ = clean_crop(crop)
    assert mask.sum() > 0.8 * (crop.min(axis=2) < 128).sum()
    _, plans = plan_crops([crop] + [ocr_synth.lines_image(["行政运行"])] * 3)
    assert plans[0].kind == "block"


def test_merged_band_of_a_wrapped_name_goes_to_detection():
    # bands: one line, then three merged ones: read with the batch's line height, the
    # merged band is too tall to be one line, so the crop goes to detection
    first = _wrapped(["对个"], gap=0)
    rest = _wrapped(["人和", "家庭", "的补"], gap=1)
    crop = np.vstack([first, np.full((12, first.shape[1], 3), 255, np.uint8), rest])
    single = ocr_synth.lines_image(["行政运行"])
    seen, lines, pages = _spies()
    recognize_crops_with([crop, single, single, single], lines, pages)
    assert seen == {"lines": 3, "pages": 1}


def test_a_short_line_is_widened_with_paper():
    # a lone digit goes to the recogniser at least twice as wide as high, on paper: a
    # recogniser pads narrower images with grey, and a digit between grey bands was read
    # with speck-level confidence
    digit = ocr_synth.lines_image(["4"])
    cols = np.flatnonzero((digit.min(axis=2) < 128).any(axis=0))
    digit = digit[:, max(0, cols[0] - 8):cols[-1] + 9]
    shapes = []

    def lines(images):
        shapes.extend(im.shape for im in images)
        assert all(im[:, :3].min() > 200 and im[:, -3:].min() > 200 for im in images)
        return [("4", 1.0)] * len(images)

    out = recognize_crops_with([digit], lines, lambda imgs: [[] for _ in imgs])
    (h, w, _), = shapes
    assert w >= 2 * h
    x0, _, x1, _ = out[0][0].bbox          # the hit still covers the digit only
    assert x1 - x0 < h


def test_each_line_of_a_wrapped_name_is_read_over_its_own_ink():
    # the short last line of a wrapped name ("入") is read from its own ink, not across the
    # whole crop: read 380 px wide for one glyph it came back at speck-level confidence
    crop = ocr_synth.lines_image(["三、国有资本经营预算财政拨款收", "入"])
    single = ocr_synth.lines_image(["行政运行"])
    shapes = []

    def lines(images):
        shapes.extend(im.shape[:2] for im in images)
        return [("x", 1.0)] * len(images)

    out = recognize_crops_with([crop, single, single], lines, lambda imgs: [[] for _ in imgs])
    assert len(out[0]) == 2 and len(shapes) == 4
    long_line, last_line = shapes[0], shapes[1]
    assert long_line[1] > 6 * long_line[0]
    assert last_line[1] <= 2.5 * last_line[0]      # one glyph, widened to twice its height


def _specks(shape=(32, 220), n=12, seed=0):
    """An empty cell of a fax page as it reaches the crops: specks of 2 x 2 to 3 x 3 dark
    pixels (a scanner's single pixels, smeared by rendering and straightening)."""
    rng = np.random.default_rng(seed)
    out = np.full(shape + (3,), 255, np.uint8)
    for y, x, h, w in zip(rng.integers(1, shape[0] - 4, n), rng.integers(1, shape[1] - 4, n),
                          rng.integers(2, 4, n), rng.integers(2, 4, n)):
        out[y:y + h, x:x + w] = rng.integers(0, 90)
    return out


def _glyph_cell(text, width=120):
    """``text`` alone in a cell, at the size of the table's own text."""
    img = ocr_synth.lines_image([text], size=9.0)
    rows = np.flatnonzero((img.min(axis=2) < 128).any(axis=1))
    mid = (rows[0] + rows[-1]) // 2
    out = np.full((32, width, 3), 255, np.uint8)
    part = img[max(0, mid - 16):mid + 16, :width]
    out[:part.shape[0], :part.shape[1]] = part
    return out


SMALL_TEXT = ["1", "0", "、", "-", "一", "一、", "（", "）"]


def test_speck_only_crops_are_empty_and_small_text_is_kept():
    crops, _ = _cells()
    specks = [_specks(seed=k) for k in range(4)] + [_specks((62, 100), 8, seed=9)]
    small = [_glyph_cell(t) for t in SMALL_TEXT]
    assert all(clean_crop(s)[1].any() for s in specks)     # specks the cleaning keeps
    _, plans = plan_crops(crops + specks + small)
    kinds = [p.kind for p in plans]
    n = len(crops)
    assert kinds[n:n + len(specks)] == ["empty"] * len(specks)
    assert "empty" not in kinds[n + len(specks):]
    assert set(kinds[:n]) == {"line"}


def test_specks_of_most_crops_do_not_set_the_text_height():
    # a sparse table: most inked crops of a fax page hold specks only
    crops, _ = _cells()
    specks = [_specks(seed=k) for k in range(3 * len(crops))]
    seen, lines, pages = _spies()
    out = recognize_crops_with(crops[:6] + specks + [_glyph_cell("1")], lines, pages)
    assert seen == {"lines": 7, "pages": 0}
    assert all(o == [] for o in out[6:-1]) and len(out[-1]) == 1


def test_small_text_alone_in_its_batch_is_kept():
    # a missed piece read again is a batch of its own, measured against its own band
    for text in SMALL_TEXT:
        _, plans = plan_crops([_glyph_cell(text)])
        assert plans[0].kind != "empty", text
