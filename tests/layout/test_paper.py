"""flatten_paper: the paper's level measured on the page is divided out."""
import cv2
import numpy as np

from fiscaldoc.layout.paper import flatten_paper
from fiscaldoc.layout.raster import red_mask

DPI = 150


def _page() -> np.ndarray:
    """White paper with black text lines and a red ring (a seal) near the right edge."""
    img = np.full((1200, 900, 3), 255, np.uint8)
    for k in range(20):
        cv2.putText(img, "1234.56  2021", (60, 80 + 50 * k), cv2.FONT_HERSHEY_SIMPLEX, 0.8,
                    (0, 0, 0), 2)
    cv2.line(img, (40, 60), (860, 60), (0, 0, 0), 2)
    cv2.circle(img, (840, 600), 50, (40, 40, 220), 8)
    return img


def _aged(img: np.ndarray) -> np.ndarray:
    """Yellowed paper, light falling off to the left, a dark binding shadow on the right."""
    h, w = img.shape[:2]
    x = np.linspace(0, 1, w, dtype=np.float32)
    light = 0.75 + 0.25 * x                                         # dimmer on the left
    shadow = 1.0 - 0.7 * np.exp(-(w - 1 - np.arange(w)) / (0.08 * w))
    gain = (light * shadow)[None, :, None] * np.float32([0.7, 0.9, 0.98])[None, None, :]
    return np.clip(img.astype(np.float32) * gain, 0, 255).astype(np.uint8)


def test_a_white_page_is_left_alone():
    img = _page()
    assert flatten_paper(img, DPI) is img


def test_aged_paper_comes_back_white_and_print_stays_dark():
    clean, aged = _page(), _aged(_page())
    flat = flatten_paper(aged, DPI)
    paper = (clean == 255).all(axis=2)
    ink = (clean < 60).all(axis=2)
    assert np.percentile(aged[paper], 5) < 150
    assert np.median(flat[paper]) >= 245 and np.percentile(flat[paper], 5) >= 190
    assert np.median(flat[ink].astype(np.float32)) < 80


def test_a_seal_in_the_binding_shadow_is_found_as_red():
    clean, aged = _page(), _aged(_page())
    ring = red_mask(clean) > 0
    ring[:, :clean.shape[1] - 50] = False            # the ring's part in the deep shadow
    found_aged = (red_mask(aged) > 0)[ring].mean()
    found_flat = (red_mask(flatten_paper(aged, DPI)) > 0)[ring].mean()
    assert found_aged < 0.7 and found_flat > 0.95
