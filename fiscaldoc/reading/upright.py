"""Which way up a page is, asked of the recogniser (``layout.preprocess.prepare``'s
``upright_score``).

A page fed sideways is turned a quarter by the direction of its text lines, but whether it
was fed clockwise or anticlockwise cannot be told from that; a report page's title and page
number tell it when they are there, and the recogniser tells it always: upside-down text is
read with low confidence.  The score is the recogniser's mean confidence, weighted by the
characters read, over the page's widest text lines (found on a small copy, as
``raster.SmallCopy`` finds them).
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from ..layout.raster import SmallCopy
from ..ocr.base import OcrEngine

LINES = 10           # text lines read per orientation
PAD = 0.3            # share of a line's height added about it


def line_crops(image: np.ndarray, dpi: float, count: int = LINES) -> list[np.ndarray]:
    """Crops of the widest text lines of *image* (at most ``count``), padded."""
    small = SmallCopy(image, dpi)
    boxes = small.line_boxes()
    if not len(boxes):
        return []
    boxes = boxes[boxes[:, 2] >= 3 * boxes[:, 3]]
    order = np.argsort(-boxes[:, 2], kind="stable")[:count]
    h, w = image.shape[:2]
    out = []
    for x, y, bw, bh in boxes[order].astype(np.float64) / small.f:
        p = PAD * bh
        x0, y0 = max(0, int(x - p)), max(0, int(y - p))
        x1, y1 = min(w, int(x + bw + p)), min(h, int(y + bh + p))
        if x1 - x0 >= 8 and y1 - y0 >= 6:
            out.append(np.ascontiguousarray(image[y0:y1, x0:x1]))
    return out


def ocr_upright(engine: OcrEngine, dpi: float) -> Callable[[np.ndarray], float]:
    """An ``upright_score``: the recogniser's confidence over the page's widest lines."""
    def score(image: np.ndarray) -> float:
        crops = line_crops(image, dpi)
        if not crops:
            return 0.0
        total = weight = 0.0
        for hits in engine.recognize_crops(crops):
            for hit in hits:
                n = len(hit.text.strip())
                total += hit.conf * n
                weight += n
        return total / weight if weight else 0.0
    return score
