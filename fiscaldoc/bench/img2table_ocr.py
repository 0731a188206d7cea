"""img2table on fiscaldoc's terms: its OCR fed by a fiscaldoc engine, and the one OpenCV
function it needs from opencv-contrib provided for the headless OpenCV fiscaldoc uses."""
from __future__ import annotations

import types
from typing import Any

import cv2
import numpy as np

from ..ocr.base import OcrEngine


def headless_sauvola() -> None:
    """img2table calls ``cv2.ximgproc.niBlackThreshold`` (opencv-contrib only).  With the one
    OpenCV package of this environment (headless, no contrib), provide Sauvola thresholding
    as OpenCV defines it: T = mean * (1 + k * (std / r - 1)) over a replicated-border box."""
    if hasattr(cv2, "ximgproc"):
        return

    def ni_black(src: np.ndarray, max_value: float, kind: int, block: int, k: float,
                 binarizationMethod: int = 1, r: float = 128.0) -> np.ndarray:
        if binarizationMethod != 1:
            raise NotImplementedError("only BINARIZATION_SAUVOLA is provided")
        f = src.astype(np.float32)
        def box(a: np.ndarray) -> np.ndarray:
            return np.asarray(cv2.boxFilter(a, cv2.CV_32F, (block, block), normalize=True,
                                            borderType=cv2.BORDER_REPLICATE))

        mean = box(f)
        std = np.sqrt(np.maximum(box(f * f) - mean * mean, 0))
        thresh = mean * (1.0 + k * (std / r - 1.0))
        hit = f <= thresh if kind == cv2.THRESH_BINARY_INV else f > thresh
        return np.where(hit, max_value, 0).astype(np.uint8)

    setattr(cv2, "ximgproc",
            types.SimpleNamespace(niBlackThreshold=ni_black, BINARIZATION_SAUVOLA=1))


def img2table_ocr(engine: OcrEngine) -> Any:
    """An img2table OCRInstance that reads pages with a fiscaldoc OCR engine."""
    from img2table.ocr._types import OCRData, OCRInstance

    # img2table ships no annotations, so its base class is Any to mypy
    class FiscaldocOCR(OCRInstance):  # type: ignore[misc]
        def of(self, document: Any) -> Any:
            records: dict[int, list[dict[str, object]]] = {}
            for page, rgb in enumerate(document.images):
                hits = engine.recognize_page(cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))
                for k, h in enumerate(hits):
                    x0, y0, x1, y1 = h.bbox
                    ident = f"word_{page + 1}_{k + 1}"
                    records.setdefault(page, []).append(
                        {"id": ident, "parent": ident, "value": h.text,
                         "confidence": int(round(100 * h.conf)),
                         "x1": int(x0), "y1": int(y0), "x2": int(round(x1)), "y2": int(round(y1))})
            return OCRData(records=records) if records else None

    return FiscaldocOCR()
