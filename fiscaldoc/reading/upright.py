"""Which way up a page turned a quarter reads: asked of the OCR recogniser (design §4).

A page whose text runs vertically (a landscape table printed across a portrait page) is
turned a quarter, but which quarter cannot be told from the ink's direction, and the cheap
layout cue (``layout.preprocess.flip_score``) is often silent on a table page.  The
recogniser knows: its confidence on text lines read the right way up is clearly higher than
on the same lines upside down (``6`` and ``9`` swap, ``7`` reads ``L``, characters come out
as other characters with little confidence).  ``ocr_upright_score`` reads the page's widest
text lines and gives their mean confidence per character; ``prepare`` compares it with the
half-turned page's.
"""
from __future__ import annotations

import numpy as np

from ..layout.preprocess import UprightScore
from ..layout.raster import SmallCopy
from ..ocr.base import OcrEngine

UPRIGHT_LINES = 12        # widest text lines read to score one orientation


def ocr_upright_score(engine: OcrEngine, dpi: float) -> UprightScore:
    """A score of how upright an image of a page reads: the recogniser's mean confidence per
    character over the page's ``UPRIGHT_LINES`` widest text lines (0 without text)."""
    def score(image: np.ndarray) -> float:
        small = SmallCopy(image, dpi)
        boxes = small.line_boxes()
        if not len(boxes) or small.em <= 0:
            return 0.0
        widest = boxes[np.argsort(-boxes[:, 2], kind="stable")[:UPRIGHT_LINES]]
        pad = small.em / 2
        h, w = image.shape[:2]
        crops = []
        for x, y, bw, bh in widest.astype(np.float64):
            x0, y0 = max(0, int((x - pad) / small.f)), max(0, int((y - pad) / small.f))
            x1, y1 = min(w, int((x + bw + pad) / small.f)), min(h, int((y + bh + pad) / small.f))
            if x1 > x0 and y1 > y0:
                crops.append(np.ascontiguousarray(image[y0:y1, x0:x1]))
        if not crops:
            return 0.0
        chars = 0
        conf = 0.0
        for hits in engine.recognize_crops(crops):
            for hit in hits:
                n = len(hit.text.strip())
                chars += n
                conf += hit.conf * n
        return conf / chars if chars else 0.0
    return score
