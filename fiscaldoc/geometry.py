"""Geometry: boxes, rule segments and the pixel <-> page transform.

Everything a user sees is in PDF points with the origin at the top-left of the page *as
displayed* (after /Rotate).  The only code that knows about DPI, rotation and deskew is
``PageTransform``: every raster step appends an invertible affine step, and pixels become
page points only through it.
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any
from dataclasses import dataclass, field

POINTS_PER_INCH = 72.0


@dataclass(frozen=True, slots=True)
class BBox:
    """Axis-aligned box in page points (top-left origin)."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def area(self) -> float:
        return max(0.0, self.width) * max(0.0, self.height)

    def union(self, other: "BBox") -> "BBox":
        return BBox(min(self.x0, other.x0), min(self.y0, other.y0),
                    max(self.x1, other.x1), max(self.y1, other.y1))

    def intersection_area(self, other: "BBox") -> float:
        w = min(self.x1, other.x1) - max(self.x0, other.x0)
        h = min(self.y1, other.y1) - max(self.y0, other.y0)
        return w * h if w > 0 and h > 0 else 0.0

    def contains_point(self, x: float, y: float, tol: float = 0.0) -> bool:
        return self.x0 - tol <= x <= self.x1 + tol and self.y0 - tol <= y <= self.y1 + tol

    def expand(self, d: float) -> "BBox":
        return BBox(self.x0 - d, self.y0 - d, self.x1 + d, self.y1 + d)

    def rounded(self, nd: int = 2) -> "BBox":
        return BBox(round(self.x0, nd), round(self.y0, nd), round(self.x1, nd), round(self.y1, nd))

    @staticmethod
    def enclosing(boxes: Iterable["BBox"]) -> "BBox":
        bs = list(boxes)
        if not bs:
            raise ValueError("BBox.enclosing needs at least one box")
        return BBox(min(b.x0 for b in bs), min(b.y0 for b in bs),
                    max(b.x1 for b in bs), max(b.y1 for b in bs))


@dataclass(frozen=True, slots=True)
class Segment:
    """A ruling line in page points: horizontal (y0 == y1) or vertical (x0 == x1)."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def horizontal(self) -> bool:
        return abs(self.y1 - self.y0) <= abs(self.x1 - self.x0)

    @property
    def length(self) -> float:
        return math.hypot(self.x1 - self.x0, self.y1 - self.y0)

    @staticmethod
    def h(x0: float, x1: float, y: float) -> "Segment":
        return Segment(min(x0, x1), y, max(x0, x1), y)

    @staticmethod
    def v(y0: float, y1: float, x: float) -> "Segment":
        return Segment(x, min(y0, y1), x, max(y0, y1))


# An affine map (a, b, c, d, e, f): x' = a*x + c*y + e ; y' = b*x + d*y + f  (PDF order)
_Affine = tuple[float, float, float, float, float, float]
_IDENTITY: _Affine = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _compose(m: _Affine, n: _Affine) -> _Affine:
    """Apply m first, then n."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
            e * A + f * C + E, e * B + f * D + F)


def _invert(m: _Affine) -> _Affine:
    a, b, c, d, e, f = m
    det = a * d - b * c
    if abs(det) < 1e-12:
        raise ValueError("singular transform")
    ia, ib, ic, id_ = d / det, -b / det, -c / det, a / det
    return (ia, ib, ic, id_, -(e * ia + f * ic), -(e * ib + f * id_))


@dataclass(frozen=True, slots=True)
class TransformStep:
    name: str          # "scale" | "rotate90" | "deskew" | "crop" | "resize" | "rectify"
    params: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class PageTransform:
    """Maps page points to image pixels through recorded steps; invert to go back.

    ``matrix`` maps page points -> current image pixels.  Each raster operation returns a new
    transform with one more step, so any pixel box can be mapped to page space exactly.
    """

    page_width: float
    page_height: float
    image_width: int
    image_height: int
    matrix: _Affine = _IDENTITY
    steps: tuple[TransformStep, ...] = field(default_factory=tuple)

    @staticmethod
    def for_render(page_width: float, page_height: float, dpi: float) -> "PageTransform":
        s = dpi / POINTS_PER_INCH
        w, h = int(round(page_width * s)), int(round(page_height * s))
        return PageTransform(page_width, page_height, w, h, (s, 0.0, 0.0, s, 0.0, 0.0),
                             (TransformStep("scale", (s,)),))

    @property
    def dpi(self) -> float:
        """Effective resolution of the current image (pixels per inch along x)."""
        a, b, _, _, _, _ = self.matrix
        return math.hypot(a, b) * POINTS_PER_INCH

    def _then(self, step: TransformStep, m: _Affine, w: int, h: int) -> "PageTransform":
        return PageTransform(self.page_width, self.page_height, w, h,
                             _compose(self.matrix, m), self.steps + (step,))

    def rotate90(self, quarter_turns_ccw: int) -> "PageTransform":
        """Image rotated counter-clockwise by k*90 degrees (as numpy.rot90 does)."""
        k = quarter_turns_ccw % 4
        w, h = self.image_width, self.image_height
        if k == 0:
            return self
        if k == 1:    # (x, y) -> (y, w - x)
            m: _Affine = (0.0, -1.0, 1.0, 0.0, 0.0, float(w))
            nw, nh = h, w
        elif k == 2:  # (x, y) -> (w - x, h - y)
            m = (-1.0, 0.0, 0.0, -1.0, float(w), float(h))
            nw, nh = w, h
        else:         # (x, y) -> (h - y, x)
            m = (0.0, 1.0, -1.0, 0.0, float(h), 0.0)
            nw, nh = h, w
        return self._then(TransformStep("rotate90", (float(k),)), m, nw, nh)

    def rotate(self, degrees_ccw: float, cx: float, cy: float,
               new_width: int | None = None, new_height: int | None = None) -> "PageTransform":
        """Small-angle rotation about (cx, cy), as cv2.getRotationMatrix2D(center, angle, 1)."""
        t = math.radians(degrees_ccw)
        al, be = math.cos(t), math.sin(t)
        # OpenCV: x' = al*x + be*y + (1-al)*cx - be*cy ; y' = -be*x + al*y + be*cx + (1-al)*cy
        m: _Affine = (al, -be, be, al, (1 - al) * cx - be * cy, be * cx + (1 - al) * cy)
        return self._then(TransformStep("deskew", (degrees_ccw, cx, cy)), m,
                          new_width or self.image_width, new_height or self.image_height)

    def scale(self, factor: float) -> "PageTransform":
        m: _Affine = (factor, 0.0, 0.0, factor, 0.0, 0.0)
        return self._then(TransformStep("resize", (factor,)), m,
                          int(round(self.image_width * factor)),
                          int(round(self.image_height * factor)))

    def crop(self, x0: int, y0: int, x1: int, y1: int) -> "PageTransform":
        m: _Affine = (1.0, 0.0, 0.0, 1.0, -float(x0), -float(y0))
        return self._then(TransformStep("crop", (x0, y0, x1, y1)), m, x1 - x0, y1 - y0)

    def rectified(self, max_shift: float) -> "PageTransform":
        """Image remapped by a smooth warp moving no pixel more than ``max_shift`` pixels
        (``layout.rectify``): recorded, and mapped as the identity, so page positions of a
        rectified image are good to that many pixels."""
        return self._then(TransformStep("rectify", (max_shift,)), _IDENTITY,
                          self.image_width, self.image_height)

    def to_pixels(self, x: float, y: float) -> tuple[float, float]:
        a, b, c, d, e, f = self.matrix
        return a * x + c * y + e, b * x + d * y + f

    def to_page(self, px: float, py: float) -> tuple[float, float]:
        a, b, c, d, e, f = _invert(self.matrix)
        return a * px + c * py + e, b * px + d * py + f

    def box_to_page(self, points: Iterable[Any]) -> BBox:
        """Pixel polygon (iterable of (x, y)) or (x0, y0, x1, y1) -> enclosing page BBox."""
        pts = list(points)
        if len(pts) == 4 and not isinstance(pts[0], (tuple, list)):
            x0, y0, x1, y1 = pts
            pts = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
        mapped = [self.to_page(float(x), float(y)) for x, y in pts]
        return BBox(min(p[0] for p in mapped), min(p[1] for p in mapped),
                    max(p[0] for p in mapped), max(p[1] for p in mapped))

    def box_to_pixels(self, box: BBox) -> tuple[float, float, float, float]:
        pts = [self.to_pixels(x, y) for x, y in
               ((box.x0, box.y0), (box.x1, box.y0), (box.x1, box.y1), (box.x0, box.y1))]
        return (min(p[0] for p in pts), min(p[1] for p in pts),
                max(p[0] for p in pts), max(p[1] for p in pts))
