"""rasterize: BGR image of the displayed page, sized by its PageTransform."""
from __future__ import annotations

import numpy as np
import pymupdf
import pytest
from io_inputs import page_pdf, rotated_copy

from fiscaldoc.errors import PageTooLargeError
from fiscaldoc.io import open_document, rasterize


def _red_square(page):
    page.draw_rect(pymupdf.Rect(36, 72, 72, 108), color=None, fill=(1, 0, 0))


def test_size_follows_dpi_and_colours_are_bgr():
    with open_document(page_pdf(_red_square, 360, 288)) as doc:
        img, t = rasterize(doc, 0, 144, 10**8)
    assert img.shape == (576, 720, 3) and img.dtype == np.uint8
    assert (t.image_width, t.image_height, t.dpi) == (720, 576, pytest.approx(144))
    x, y = t.to_pixels(54, 90)                       # centre of the red square
    assert tuple(img[int(y), int(x)]) == (0, 0, 255)
    assert tuple(img[10, 10]) == (255, 255, 255)


def test_rotated_page_is_rendered_as_displayed():
    upright = page_pdf(_red_square, 360, 288)
    with open_document(upright) as a, open_document(rotated_copy(upright, 90)) as b:
        img_a, _ = rasterize(a, 0, 72, 10**8)
        img_b, t = rasterize(b, 0, 72, 10**8)
    assert img_b.shape == img_a.shape == (288, 360, 3)
    assert np.abs(img_a.astype(int) - img_b).mean() < 1.0


@pytest.mark.parametrize("dpi", [96, 150, 200, 300])
def test_fractional_page_size_matches_transform(dpi):
    with open_document(page_pdf(_red_square, 595.3, 841.9)) as doc:
        img, t = rasterize(doc, 0, dpi, 10**9)
    assert img.shape[:2] == (t.image_height, t.image_width)


def test_page_too_large_raises_before_rendering():
    with open_document(page_pdf(_red_square, 2000, 3000)) as doc:
        with pytest.raises(PageTooLargeError) as exc:
            rasterize(doc, 0, 600, 60_000_000)
    e = exc.value
    assert (e.page, e.limit, e.pixels) == (0, 60_000_000, 25000 * 16667)
    assert "page 1" in str(e)


def test_image_page_size_comes_from_its_resolution():
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 300, 200), False)
    pix.clear_with(255)
    pix.set_dpi(150, 150)
    with open_document(pix.tobytes("png"), name="scan.png") as doc:
        assert doc.page(0).rect.width == pytest.approx(144)
        img, t = rasterize(doc, 0, 150, 10**8)
    assert img.shape == (200, 300, 3)
