"""Page preparation for scanned pages: quarter-turn orientation, then deskew (design §4).

``prepare(image, transform)`` returns the straightened image and the transform extended by
the steps applied (``rotate90``, ``deskew`` and, when a canvas grows, ``crop`` with negative
origin = padding), so ``prepared.transform.to_page(px, py)`` maps a pixel of the straightened
image to page points exactly.

* Paper: its level, measured on the page, is divided out (``paper.flatten_paper``), so
  yellowed paper, uneven light and a binding shadow leave white paper behind.
* Orientation: text lines (and table text) run along the page.  On a small copy with the
  ruling lines removed, ink is smeared along rows and along columns by about half a character;
  lines of text then form long runs in one direction only.  A page whose long runs are
  vertical is turned a quarter.  Upside down cannot be told from that; the cheap cue
  ``flip_score`` decides when it is clear-cut, else an ``upright_score`` callable (e.g. OCR
  confidence, ``reading.upright``) compares the page with its half-turn.
* Skew: the angle that makes the row profile of the ink sharpest (long rules dominate when a
  table is present; text lines otherwise), searched coarse to fine within ``max_skew``.
* Warp: rules that are still not straight and parallel (perspective, a curled edge) are
  traced and the page remapped so they are (``rectify``).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable

import cv2
import numpy as np

from ..geometry import PageTransform
from .paper import flatten_paper
from .raster import SmallCopy, gray_without_red, ink_mask
from .rectify import rectify

SIDEWAYS_RATIO = 1.5      # vertical text runs this much stronger than horizontal: turned
SKEW_MIN = 0.05           # degrees: smaller skews are not worth a warp
FLIP_MARGIN = 0.25        # |flip_score| below this: the cue is not trusted
MAX_POINTS = 150_000      # ink pixels sampled for the skew profile

UprightScore = Callable[[np.ndarray], float]


@dataclass(frozen=True, slots=True)
class Prepared:
    image: np.ndarray = field(compare=False, repr=False)
    transform: PageTransform
    quarter_turns: int          # counter-clockwise quarter turns applied (0..3)
    skew: float                 # degrees applied, counter-clockwise
    warp: float = 0.0           # pixels: largest shift of the rectifying warp (0: none)


def prepare(image: np.ndarray, transform: PageTransform, *, max_skew: float = 5.0,
            upright_score: UprightScore | None = None, score_turned_only: bool = False
            ) -> Prepared:
    """Turn *image* upright and straighten it (see the module doc).  ``upright_score``
    decides a half turn where the cheap cue is not clear-cut (with ``score_turned_only``,
    only on a page that was turned a quarter: a page fed sideways was fed either way)."""
    if image.shape[:2] != (transform.image_height, transform.image_width):
        raise ValueError(f"image is {image.shape[1]}x{image.shape[0]} pixels, the transform "
                         f"says {transform.image_width}x{transform.image_height}")
    dpi = transform.dpi
    image = flatten_paper(image, dpi)          # cream, unevenly lit paper -> white
    turns = 1 if is_sideways(image, dpi) else 0
    img, t = _turn(image, transform, turns)
    angle = estimate_skew(img, dpi, max_skew)
    if abs(angle) >= SKEW_MIN:
        img, t = _rotate(img, t, angle)
    else:
        angle = 0.0
    img, shift = rectify(img, dpi)
    if shift:
        t = t.rectified(shift)
    if _upside_down(img, dpi, None if score_turned_only and not turns else upright_score):
        img, t = _turn(img, t, 2)
        turns += 2
    return Prepared(img, t, turns % 4, round(angle, 3), shift)


def _upside_down(img: np.ndarray, dpi: float, upright_score: UprightScore | None) -> bool:
    cue = flip_score(img, dpi)
    if upright_score is None or abs(cue) >= FLIP_MARGIN:
        return cue < -FLIP_MARGIN
    flipped = cv2.rotate(img, cv2.ROTATE_180)
    return float(upright_score(flipped)) > float(upright_score(img))


def _turn(image: np.ndarray, t: PageTransform, k: int) -> tuple[np.ndarray, PageTransform]:
    k %= 4
    if k == 0:
        return image, t
    code = {1: cv2.ROTATE_90_COUNTERCLOCKWISE, 2: cv2.ROTATE_180,
            3: cv2.ROTATE_90_CLOCKWISE}[k]
    return cv2.rotate(image, code), t.rotate90(k)


def _rotate(image: np.ndarray, t: PageTransform, angle: float) -> tuple[np.ndarray, PageTransform]:
    """Rotate counter-clockwise by *angle* degrees about the centre on a canvas grown to
    keep every pixel, and record the same affine map in the transform."""
    h, w = image.shape[:2]
    cx, cy = w / 2.0, h / 2.0
    r = math.radians(abs(angle))
    nw = int(math.ceil(w * math.cos(r) + h * math.sin(r)))
    nh = int(math.ceil(h * math.cos(r) + w * math.sin(r)))
    dx, dy = (nw - w) // 2, (nh - h) // 2
    m = cv2.getRotationMatrix2D((cx, cy), angle, 1.0)
    m[0, 2] += dx
    m[1, 2] += dy
    white = (255,) * (1 if image.ndim == 2 else image.shape[2])
    out = cv2.warpAffine(image, m, (nw, nh), flags=cv2.INTER_LINEAR,
                         borderMode=cv2.BORDER_CONSTANT, borderValue=white)
    t2 = t.rotate(angle, cx, cy).crop(-dx, -dy, nw - dx, nh - dy)
    return out, t2


# ------------------------------------------------------------------------ orientation

def direction_scores(image: np.ndarray, dpi: float) -> tuple[float, float]:
    """Ink (pixels of the small copy) in long horizontal and in long vertical text runs."""
    small = SmallCopy(image, dpi)
    text, em = small.text, small.em
    if em <= 0:
        return 0.0, 0.0
    gap = max(2, int(round(0.45 * em)))
    run = max(6, int(round(3.0 * em)))
    out = []
    rect = cv2.MORPH_RECT
    for kc, ko in (((gap, 1), (run, 1)), ((1, gap), (1, run))):
        closed = cv2.morphologyEx(text, cv2.MORPH_CLOSE, cv2.getStructuringElement(rect, kc))
        opened = cv2.morphologyEx(closed, cv2.MORPH_OPEN, cv2.getStructuringElement(rect, ko))
        out.append(float(cv2.countNonZero(opened)))
    return out[0], out[1]


def is_sideways(image: np.ndarray, dpi: float) -> bool:
    """Whether the page's text runs vertically (a page scanned a quarter turn off)."""
    h, v = direction_scores(image, dpi)
    return v > SIDEWAYS_RATIO * h and v > 0


# ----------------------------------------------------------------------------- skew

def estimate_skew(image: np.ndarray, dpi: float, max_skew: float = 5.0) -> float:
    """Counter-clockwise rotation (degrees, within +-max_skew) that levels the page's rows."""
    if max_skew <= 0:
        return 0.0
    ys, xs = _ink_points(image, dpi)
    if len(xs) < 50:
        return 0.0
    # coarse on a 4-pixel grid with a sample, then fine on the full grid
    sub = slice(None, None, 4)
    best = _search(xs[sub], ys[sub], np.arange(-max_skew, max_skew + 1e-9, 0.25), 4.0)
    lo, hi = max(-max_skew, best - 0.3), min(max_skew, best + 0.3)
    step = 0.04
    angles = np.arange(lo, hi + 1e-9, step)
    scores = np.array([_sharpness(xs, ys, a, 1.0) for a in angles])
    i = int(np.argmax(scores))
    a = float(angles[i])
    if 0 < i < len(angles) - 1:       # parabola through the peak and its neighbours
        s0, s1, s2 = scores[i - 1], scores[i], scores[i + 1]
        den = s0 - 2 * s1 + s2
        if den < 0:
            a += step * 0.5 * (s0 - s2) / den
    return float(np.clip(a, -max_skew, max_skew))


def _ink_points(image: np.ndarray, dpi: float) -> tuple[np.ndarray, np.ndarray]:
    ink = ink_mask(gray_without_red(image), dpi)
    pts = cv2.findNonZero(ink)
    if pts is None:
        return np.zeros(0), np.zeros(0)
    pts = pts.reshape(-1, 2)
    if len(pts) > MAX_POINTS:            # an even, deterministic sample
        pts = pts[(np.arange(MAX_POINTS) * (len(pts) / MAX_POINTS)).astype(np.int64)]
    xs = pts[:, 0].astype(np.float64) - ink.shape[1] / 2.0
    return pts[:, 1].astype(np.float64), xs


def _sharpness(xs: np.ndarray, ys: np.ndarray, angle: float, bin_px: float) -> float:
    """Sum of squared row counts after levelling by *angle* (peaks when rows are level)."""
    # a row that rises by tan(angle) per pixel becomes level after a ccw turn by angle
    yl = ys - xs * math.tan(math.radians(angle))
    u = (yl - yl.min()) / bin_px
    b = np.floor(u)
    frac = u - b
    b = b.astype(np.int64)
    # each point shared between its two nearest bins: the score varies smoothly with angle
    counts = np.bincount(b, weights=1.0 - frac, minlength=int(b.max()) + 2)
    counts[1:] += np.bincount(b, weights=frac, minlength=int(b.max()) + 1)
    return float(np.dot(counts, counts))


def _search(xs: np.ndarray, ys: np.ndarray, angles: np.ndarray, bin_px: float) -> float:
    scores = [_sharpness(xs, ys, float(a), bin_px) for a in angles]
    return float(angles[int(np.argmax(scores))])


# ------------------------------------------------------------------------ upside down

def flip_score(image: np.ndarray, dpi: float = 200.0) -> float:
    """Cheap evidence about a half turn, from where report pages put things: positive when
    the page looks upright, negative when it looks upside down, 0 when there is no cue.

    Two votes of +-1, averaged: a centred title line in a larger font near the top of the
    content (and none near the bottom), and a short centred isolated line (the page number)
    below everything else (and none above everything else).
    """
    small = SmallCopy(image, dpi)
    boxes = small.line_boxes()
    if len(boxes) < 3:
        return 0.0
    left, top, right, bottom = small.extent()
    x, y, w, h = boxes.T.astype(np.float64)
    body = h[w >= 3 * h]
    hm = float(np.median(body)) if len(body) else float(np.median(h))
    cx, span = (left + right) / 2.0, float(right - left)
    rel = (y + h / 2 - top) / (bottom - top)
    centred = np.abs(x + w / 2 - cx) <= 0.08 * span
    title = centred & (h >= 1.4 * hm) & (w <= 0.8 * span)
    votes = _vote(bool((title & (rel <= 0.25)).any()), bool((title & (rel >= 0.75)).any()))
    short = centred & (w <= 6 * hm) & (h <= 1.5 * hm)
    order = np.argsort(y)
    first, last = order[0], order[-1]
    gap_first = y[order[1]] - (y[first] + h[first])
    gap_last = y[last] - (y[order[-2]] + h[order[-2]])
    votes += _vote(bool(short[last] and gap_last >= 2 * hm),
                   bool(short[first] and gap_first >= 2 * hm))
    return votes / 2.0


def _vote(upright: bool, flipped: bool) -> float:
    return float(upright) - float(flipped)
