"""reading.upright: the recogniser tells a page's right way up from its half turn, and a
sideways table page read through the pipeline comes out upright (its figures read, not
their mirror images: '78' upside down reads '8L')."""
import cv2
import numpy as np
import pytest
from scan_pages import render, report_pdf

from fiscaldoc.geometry import PageTransform
from fiscaldoc.layout.preprocess import prepare
from fiscaldoc.ocr.registry import get_engine
from fiscaldoc.reading.upright import ocr_upright_score


def test_the_recogniser_reads_an_upright_page_more_surely_than_its_half_turn():
    img, _ = render(report_pdf("grid"), 150)
    score = ocr_upright_score(get_engine("rapid"), 150)
    up, down = score(img), score(cv2.rotate(img, cv2.ROTATE_180))
    assert up > down + 0.1 and up > 0.8


@pytest.mark.slow
def test_a_page_turned_a_quarter_either_way_comes_out_upright():
    img, _ = render(report_pdf("grid"), 150)
    engine = get_engine("rapid")
    small = cv2.resize(img, (48, 64), interpolation=cv2.INTER_AREA).astype(np.float64)
    for k in (1, 3):
        sideways = np.ascontiguousarray(np.rot90(img, k))
        t = PageTransform.for_render(sideways.shape[1] * 72 / 150, sideways.shape[0] * 72 / 150, 150)
        p = prepare(sideways, t, quarter_score=ocr_upright_score(engine, 150))
        assert p.quarter_turns == 4 - k
        got = cv2.resize(p.image, (48, 64), interpolation=cv2.INTER_AREA).astype(np.float64)
        assert np.abs(got - small).mean() < 20
