import numpy as np
import pytest

from fiscaldoc.errors import EngineError
from fiscaldoc.ocr.base import OcrHit, as_bgr, box_quad, make_hits, order_quad


def test_hit_rejects_three_points():
    with pytest.raises(ValueError):
        OcrHit("x", ((0, 0), (1, 0), (1, 1)), 0.5)


def test_hit_rejects_conf_above_one():
    with pytest.raises(ValueError):
        OcrHit("x", box_quad(0, 0, 1, 1), 1.5)


def test_order_quad_starts_top_left_clockwise():
    shuffled = [(10, 20), (0, 0), (0, 20), (10, 0)]
    assert order_quad(shuffled) == ((0, 0), (10, 0), (10, 20), (0, 20))


def test_order_quad_of_skewed_box():
    # a box turned by a few degrees: the top-left corner is the one nearest the origin
    pts = [(102, 58), (2, 50), (100, 78), (0, 70)]
    q = order_quad(pts)
    assert q[0] == (2, 50) and q[1] == (102, 58) and q[2] == (100, 78) and q[3] == (0, 70)


def test_box_quad_sorts_corners():
    assert box_quad(5, 8, 1, 2) == ((1, 2), (5, 2), (5, 8), (1, 8))


def test_make_hits_drops_blank_and_low_conf_and_clamps():
    rows = [("  ", box_quad(0, 0, 1, 1), 0.9), ("低", box_quad(0, 0, 1, 1), 0.2),
            (" 359.30 ", box_quad(0, 0, 1, 1), 1.0000002)]
    hits = make_hits(rows, min_conf=0.5)
    assert [(h.text, h.conf) for h in hits] == [("359.30", 1.0)]


def test_hit_bbox_and_shift():
    hit = OcrHit("a", box_quad(1, 2, 3, 4), 0.9).shifted(10, 20)
    assert hit.bbox == (11, 22, 13, 24)


def test_as_bgr_converts_gray():
    assert as_bgr(np.zeros((4, 5), np.uint8)).shape == (4, 5, 3)


def test_as_bgr_rejects_float_images():
    with pytest.raises(EngineError):
        as_bgr(np.zeros((4, 5, 3), np.float32))


@pytest.mark.parametrize("shape", [(7, 5, 3), (7, 5, 4), (7, 5, 1), (7, 5)])
def test_darkest_is_the_minimum_over_channels(shape):
    from fiscaldoc.reading.pixels import darkest

    image = np.random.default_rng(3).integers(0, 256, shape, dtype=np.uint8)
    want = image if image.ndim == 2 else image[:, :, :3].min(axis=2)
    assert np.array_equal(darkest(image), want)


@pytest.mark.parametrize("text,conf,speck", [
    ("1", 0.5, True), ("1", 0.95, False), ("总计", 0.3, False),
    ("-- --- ---", 0.9, True), ("”“", 0.99, True), ("。-。。-", 0.8, True), ("-=", 0.9, True),
    ("-", 0.99, False), ("—", 0.99, False), ("——", 0.99, False), ("--", 0.99, True),
    ("1:", 0.9, False),
    ("（一）", 0.9, False),
])
def test_specks_are_lone_doubtful_characters_or_marks_only(text, conf, speck):
    from fiscaldoc.reading.pixels import is_speck

    assert is_speck(text, conf) is speck
