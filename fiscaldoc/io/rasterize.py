"""Render a displayed page to a BGR image and the PageTransform that maps it (design §4)."""
from __future__ import annotations

import cv2
import numpy as np
import pymupdf

from ..errors import CorruptPdfError, PageTooLargeError
from ..geometry import POINTS_PER_INCH, PageTransform
from .open import MUPDF_ERRORS, OpenedDocument, take_mupdf_warnings


def rasterize(doc: OpenedDocument, index: int, dpi: int,
              max_pixels: int) -> tuple[np.ndarray, PageTransform]:
    """BGR uint8 image of page *index* as displayed (after /Rotate) at *dpi*.

    The image is exactly ``transform.image_height x transform.image_width``.  Raises
    PageTooLargeError before rendering when that exceeds *max_pixels*, and CorruptPdfError
    (with ``page`` set) when MuPDF cannot load or render the page.
    """
    if dpi <= 0:
        raise ValueError(f"dpi must be positive, got {dpi}")
    page = doc.page(index)
    rect = page.rect
    transform = PageTransform.for_render(rect.width, rect.height, dpi)
    w, h = transform.image_width, transform.image_height
    if w * h > max_pixels:
        raise PageTooLargeError(doc.path, index, w * h, max_pixels)
    if w < 1 or h < 1:
        raise CorruptPdfError(doc.path, f"page has no area ({rect.width} x {rect.height} pt)",
                              page=index)
    scale = dpi / POINTS_PER_INCH
    try:
        pix = page.get_pixmap(matrix=pymupdf.Matrix(scale, scale), colorspace=pymupdf.csRGB,
                              alpha=False)
    except MUPDF_ERRORS as e:
        raise CorruptPdfError(doc.path, f"cannot render page: {e}", page=index) from e
    finally:
        take_mupdf_warnings()
    rows = np.frombuffer(pix.samples_mv, dtype=np.uint8).reshape(pix.height, pix.stride)
    rgb: np.ndarray = rows[:, :pix.width * 3].reshape(pix.height, pix.width, 3)
    # MuPDF rounds the pixmap size outwards; the transform rounds to nearest.  Both start at
    # the page origin with the same scale, so cropping (or padding white) keeps them aligned.
    rgb = rgb[:h, :w]
    if rgb.shape[0] < h or rgb.shape[1] < w:
        rgb = cv2.copyMakeBorder(rgb, 0, h - rgb.shape[0], 0, w - rgb.shape[1],
                                 cv2.BORDER_CONSTANT, value=(255, 255, 255))
    return cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR), transform
