"""The paper's own level, measured on the page, divided out (flat field).

Aged paper is cream, a lamp lights one side of the page more than the other, the binding edge
throws a shadow: the paper's brightness and colour vary over the page, so a fixed threshold
(a grey level for ink, a red margin and level for stamp ink) means different things in
different places.  ``flatten_paper`` estimates the paper under the print, channel by channel,
and divides it out: paper becomes white everywhere, print keeps its contrast against the
paper it lies on, and a red seal in a binding shadow is as red as one in the open.

The estimate: on a copy at ``WORK_DPI``, a grey closing (the brightest level about each
point, then the darkest of those) with a window wider than a character's stroke gaps wipes out
print and leaves the paper, bright features following its slow changes; a blur smooths it.
A page whose paper is white already (within ``WHITE_TOL`` everywhere) is returned as it is.
"""
from __future__ import annotations

import cv2
import numpy as np

WORK_DPI = 50.0          # resolution of the paper estimate
WINDOW_IN = 0.3          # inches: the closing window (wider than the gaps inside characters)
SMOOTH_IN = 0.12         # inches: the blur of the estimate
WHITE_TOL = 12           # grey levels: paper this close to white everywhere is left alone
FLOOR = 40.0             # the estimate is never taken below this (a black band is not paper)


def paper_level(image: np.ndarray, dpi: float) -> np.ndarray:
    """The paper's level under every pixel, per channel (float32, same shape as *image*)."""
    h, w = image.shape[:2]
    f = min(1.0, WORK_DPI / dpi)
    small = cv2.resize(image, (max(1, round(w * f)), max(1, round(h * f))),
                       interpolation=cv2.INTER_AREA) if f < 1.0 else image
    k = max(3, int(round(WINDOW_IN * dpi * f)) | 1)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (k, k))
    # the border is paper (margins): a window reaching past the edge sees the nearest paper
    paper = cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel, borderType=cv2.BORDER_REPLICATE)
    s = max(0.5, SMOOTH_IN * dpi * f)
    paper = cv2.GaussianBlur(paper.astype(np.float32), (0, 0), s)
    return cv2.resize(paper, (w, h), interpolation=cv2.INTER_LINEAR)


def flatten_paper(image: np.ndarray, dpi: float) -> np.ndarray:
    """*image* (BGR or grey uint8) with its paper brought to white (see the module doc)."""
    level = paper_level(image, dpi)
    if float(level.min()) >= 255 - WHITE_TOL:
        return image
    gain = 255.0 / np.maximum(level, FLOOR)
    out = image.astype(np.float32) * gain
    return np.asarray(np.clip(out, 0, 255).astype(np.uint8))
