"""layout.rectify: warped rules are made straight; straight pages are left alone."""
import cv2
import numpy as np

from benchmarks.corpus.scan_effects import curl, perspective
from fiscaldoc.layout.raster import ink_mask
from fiscaldoc.layout.rectify import _stray, rectify, trace_rules

DPI = 150


def _grid_page() -> np.ndarray:
    h, w = 1650, 1275                       # A4-ish at 150 dpi
    img = np.full((h, w, 3), 255, np.uint8)
    xs = np.linspace(120, w - 120, 7).astype(int)
    ys = np.linspace(200, h - 250, 31).astype(int)
    for y in ys:
        cv2.line(img, (int(xs[0]), int(y)), (int(xs[-1]), int(y)), (0, 0, 0), 2)
    for x in xs:
        cv2.line(img, (int(x), int(ys[0])), (int(x), int(ys[-1])), (0, 0, 0), 2)
    for y in ys[:-1]:
        for x in xs[:-1]:
            cv2.putText(img, "12.34", (int(x) + 10, int(y) + 30), cv2.FONT_HERSHEY_SIMPLEX, 0.6, (0, 0, 0), 1)
    return img


def _stray_of(img: np.ndarray) -> float:
    ink = ink_mask(cv2.cvtColor(img, cv2.COLOR_BGR2GRAY), DPI)
    s = DPI / 72.0
    return max(_stray(trace_rules(ink, s)), _stray(trace_rules(cv2.transpose(ink), s)))


def test_straight_page_untouched():
    img = _grid_page()
    out, shift = rectify(img, DPI)
    assert shift == 0.0 and out is img


def test_perspective_straightened():
    img = perspective(_grid_page(), 0.02, np.random.default_rng(3))
    assert _stray_of(img) > 3
    out, shift = rectify(img, DPI)
    assert shift > 0
    assert _stray_of(out) < 2.0


def test_curl_straightened():
    img = curl(_grid_page(), 0.02, 0.25, "left")
    assert _stray_of(img) > 3
    out, _ = rectify(img, DPI)
    assert _stray_of(out) < 2.0
