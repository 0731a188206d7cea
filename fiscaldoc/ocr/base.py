"""The OCR engine protocol (design §5) and the geometry every engine shares.

An engine reads a BGR uint8 image and returns `OcrHit`s: text, a 4-point pixel quad
(clockwise from top-left, in the coordinates of the image it was given) and a confidence
in 0..1.  No text is `[]`, never `None`.  Per-call options are arguments; an engine keeps
only its loaded models.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Iterable, Protocol, Sequence, runtime_checkable

import cv2
import numpy as np

from fiscaldoc.errors import EngineError

Point = tuple[float, float]
Quad = tuple[Point, Point, Point, Point]


@dataclass(frozen=True, slots=True)
class OcrHit:
    """One recognised text line."""

    text: str
    quad: tuple[Point, ...]
    conf: float

    def __post_init__(self) -> None:
        if len(self.quad) != 4 or any(len(p) != 2 for p in self.quad):
            raise ValueError(f"quad needs 4 (x, y) points, got {self.quad!r}")
        if not 0.0 <= self.conf <= 1.0:
            raise ValueError(f"conf must lie in 0..1, got {self.conf}")

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        """Axis-aligned (x0, y0, x1, y1) around the quad."""
        xs = [p[0] for p in self.quad]
        ys = [p[1] for p in self.quad]
        return min(xs), min(ys), max(xs), max(ys)

    def shifted(self, dx: float, dy: float) -> "OcrHit":
        """The same hit with its quad moved by (dx, dy)."""
        quad = tuple((x + dx, y + dy) for x, y in self.quad)
        return OcrHit(self.text, quad, self.conf)


@runtime_checkable
class OcrEngine(Protocol):
    """What every engine offers.  Options on the methods apply to that call only."""

    name: str

    def recognize_page(self, image: np.ndarray, *, min_conf: float = 0.0) -> list[OcrHit]:
        """Detect and recognise every text line of a page image (BGR uint8)."""
        ...

    def recognize_crops(self, crops: Sequence[np.ndarray], *, min_conf: float = 0.0,
                        line_height: float | None = None) -> list[list[OcrHit]]:
        """Recognise cell crops in batches: one list of hits per crop, quads relative to
        the crop.  A crop holding one text line is recognised directly; a taller one
        (several lines) goes through detection first."""
        ...


def as_bgr(image: np.ndarray) -> np.ndarray:
    """Check an input image and return it as contiguous 3-channel BGR uint8."""
    if not isinstance(image, np.ndarray):
        raise EngineError(f"image must be a numpy array, got {type(image).__name__}")
    if image.dtype != np.uint8:
        raise EngineError(f"image must be uint8, got {image.dtype}")
    if image.ndim == 2:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    elif image.ndim == 3 and image.shape[2] == 4:
        image = cv2.cvtColor(image, cv2.COLOR_BGRA2BGR)
    elif image.ndim != 3 or image.shape[2] != 3:
        raise EngineError(f"image must be HxW, HxWx3 or HxWx4, got shape {image.shape}")
    if image.shape[0] == 0 or image.shape[1] == 0:
        raise EngineError(f"image is empty, shape {image.shape}")
    return np.ascontiguousarray(image)


def order_quad(points: Iterable[Sequence[float]]) -> Quad:
    """Four points ordered clockwise (on screen, y down) starting at the top-left."""
    pts = [(float(p[0]), float(p[1])) for p in points]
    if len(pts) != 4:
        raise ValueError(f"a quad needs 4 points, got {len(pts)}")
    cx = sum(p[0] for p in pts) / 4
    cy = sum(p[1] for p in pts) / 4
    # y grows downwards, so increasing atan2 angle runs clockwise on screen.
    pts.sort(key=lambda p: math.atan2(p[1] - cy, p[0] - cx))
    start = min(range(4), key=lambda i: (pts[i][0] + pts[i][1], pts[i][1]))
    ordered = pts[start:] + pts[:start]
    return (ordered[0], ordered[1], ordered[2], ordered[3])


def box_quad(x0: float, y0: float, x1: float, y1: float) -> Quad:
    """Quad of an axis-aligned box."""
    x0, x1 = sorted((float(x0), float(x1)))
    y0, y1 = sorted((float(y0), float(y1)))
    return ((x0, y0), (x1, y0), (x1, y1), (x0, y1))


def clamp_conf(value: float) -> float:
    """Engines sometimes report 1.0000001 or tiny negatives; keep 0..1 (NaN -> 0)."""
    value = float(value)
    if math.isnan(value):
        return 0.0
    return min(1.0, max(0.0, value))


def make_hits(rows: Iterable[tuple[str, Iterable[Sequence[float]], float]],
              min_conf: float = 0.0) -> list[OcrHit]:
    """OcrHits from raw (text, 4 points, conf) rows; blank texts and those under
    `min_conf` are left out."""
    hits = []
    for text, points, conf in rows:
        text = text.strip()
        conf = clamp_conf(conf)
        if text and conf >= min_conf:
            hits.append(OcrHit(text, order_quad(points), conf))
    return hits
