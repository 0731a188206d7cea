"""A blank or near-blank scanned page costs one small rendering, not layout and OCR (issue 13
item 6, issue 15 item 5); a page with a little faint text is still read."""
import cv2
import numpy as np
import pymupdf
import pytest

import fiscaldoc
from fiscaldoc.config import Config
from fiscaldoc.io import open_document
from fiscaldoc.reading.scan import blank_page, ink_area

A4_200DPI = (2339, 1654)


def _scan(tmp_path, draw, paper=245, yellow=False, gradient=False):
    rng = np.random.default_rng(7)
    img = np.full(A4_200DPI + (3,), paper, np.float64)
    if yellow:
        img[..., 0] -= 40                                  # BGR: less blue = yellowed paper
    if gradient:                                            # uneven light / binding shadow
        img -= np.linspace(0, 70, A4_200DPI[1])[None, :, None]
    img += rng.normal(0, 6, img.shape)
    img = np.clip(img, 0, 255).astype(np.uint8)
    draw(img)
    ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 50])
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_image(page.rect, stream=buf.tobytes())
    path = tmp_path / "scan.pdf"
    doc.save(path)
    return path


def _nothing(img):
    return None


def _page_number(img):
    cv2.putText(img, "- 12 -", (780, 2250), cv2.FONT_HERSHEY_SIMPLEX, 1.2, (40, 40, 40), 2)


def _faint_line(img):
    cv2.putText(img, "Table 3  1,706.28", (200, 400), cv2.FONT_HERSHEY_SIMPLEX, 1.6,
                (170, 170, 170), 3)


@pytest.mark.parametrize("draw, yellow, gradient", [
    (_nothing, False, False), (_page_number, False, False), (_nothing, True, True),
    (_page_number, True, True)])
def test_blank_and_near_blank_pages_are_not_read(tmp_path, draw, yellow, gradient):
    path = _scan(tmp_path, draw, yellow=yellow, gradient=gradient)
    with open_document(path) as doc:
        result = blank_page(doc, 0, Config())
    assert result is not None
    assert [i.code for i in result.content.issues] == ["blank-page"]
    assert result.content.words == () and result.content.rules == ()


def test_faint_text_is_read(tmp_path):
    path = _scan(tmp_path, _faint_line)
    with open_document(path) as doc:
        assert ink_area(doc, 0) > Config().render.blank_ink
        assert blank_page(doc, 0, Config()) is None


def test_blank_page_in_a_document(tmp_path):
    doc = fiscaldoc.extract(_scan(tmp_path, _page_number))
    assert doc.status == "ok" and doc.tables == ()
    assert [i.code for i in doc.pages[0].issues] == ["blank-page"]
    assert doc.pages[0].text_source == "ocr"
