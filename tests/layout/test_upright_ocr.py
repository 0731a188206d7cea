"""A page fed sideways either way comes out upright: where no title or page number tells
which way up it is, the recogniser's confidence on its widest lines does (reading.upright)."""
import cv2
import pytest
from scan_pages import dense_pdf, render

from fiscaldoc.geometry import PageTransform
from fiscaldoc.layout.preprocess import flip_score, prepare
from fiscaldoc.ocr import get_engine
from fiscaldoc.reading.upright import ocr_upright_score

DPI = 150


@pytest.mark.parametrize("fed,turns", [(cv2.ROTATE_90_CLOCKWISE, 1),
                                       (cv2.ROTATE_90_COUNTERCLOCKWISE, 3)])
def test_a_sideways_page_is_turned_upright_whichever_way_it_was_fed(fed, turns):
    img, _ = render(dense_pdf(), DPI)
    assert flip_score(img, DPI) == 0.0                # no cheap cue on this page
    page = cv2.rotate(img, fed)
    s = DPI / 72.0
    t = PageTransform.for_render(page.shape[1] / s, page.shape[0] / s, DPI)
    score = ocr_upright_score(get_engine("rapid"), DPI)
    p = prepare(page, t, quarter_score=score)
    assert p.quarter_turns == turns
    assert score(p.image) > score(cv2.rotate(p.image, cv2.ROTATE_180)) + 0.1


def test_an_unturned_page_asks_no_recogniser():
    img, _ = render(dense_pdf(), DPI)
    s = DPI / 72.0
    t = PageTransform.for_render(img.shape[1] / s, img.shape[0] / s, DPI)
    calls = []
    p = prepare(img, t, quarter_score=lambda im: calls.append(1) or 0.0)
    assert p.quarter_turns == 0 and not calls
