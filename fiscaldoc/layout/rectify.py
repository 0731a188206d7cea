"""Straighten a warped scan from its own long rules (perspective, keystone, a curled edge).

After deskew a page's rules still need not be parallel: a page photographed or fed at a slant
(perspective, keystone) has rules whose slopes change across the page, and a page curled at
the binding edge has rules that bend near it.  The rule detector and the grid builder assume
axis-parallel rules, so rows and columns would fall out of line.

The page is measured from its long rules: every rule at least ``LONG_SHARE`` of the page
width (height) is traced along its length (the middle of its ink in bins of ``BIN_PT``);
its offset from its own median position is the local displacement of the page there.  Between
traced rules the displacement is interpolated linearly across the page (beyond the first and
last rule it is held), which is exact for a perspective map along each line and follows a
curl piecewise.  The page is remapped only when some rule strays from straight and level by
``MIN_SHIFT_PX`` and ``MIN_SHIFT_PT``: clean (deskewed) pages are left untouched.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ..geometry import POINTS_PER_INCH
from .raster import gray_without_red, ink_mask

LONG_SHARE = 0.3       # a rule traced for rectification spans this share of the page
PIECE_PT = 20.0        # horizontal runs at least this long make up rule pieces
TILT_PX = 3            # pieces of a sloped rule overlap across this many rows
BIN_PT = 12.0          # a rule is traced in bins this long ...
SMOOTH = 5             # ... smoothed by a running median over this many bins
MIN_SHIFT_PX = 1.5     # displacements under this many pixels ...
MIN_SHIFT_PT = 0.6     # ... or points are left alone
MAX_SHIFT = 0.03       # a rule straying more than this share of the page is no rule
WORK_DPI = 100.0       # rules are traced on a copy at this resolution
GRID_PX = 8            # the displacement field is built on a grid this coarse


@dataclass(frozen=True, slots=True)
class Trace:
    """A traced rule: positions along it (``along``) and across it (``across``), pixels."""

    along: np.ndarray
    across: np.ndarray
    thick: float

    @property
    def level(self) -> float:
        return float(np.median(self.across))

    def scaled(self, k: float) -> "Trace":
        return Trace(self.along * k, self.across * k, self.thick * k)

    def shift(self, t: np.ndarray) -> np.ndarray:
        """Displacement from its level at positions ``t`` along it (held beyond its ends)."""
        return np.asarray(np.interp(t, self.along, self.across) - self.level)


def trace_rules(ink: np.ndarray, s: float) -> list[Trace]:
    """Long rules along the rows of the ink mask ``ink`` (``s`` pixels per point)."""
    h, w = ink.shape
    piece = max(9, int(round(PIECE_PT * s)))
    tall = cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_RECT, (1, TILT_PX)))
    runs = cv2.morphologyEx(tall, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (piece, 1)))
    runs = cv2.bitwise_and(runs, ink)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(
        cv2.dilate(runs, cv2.getStructuringElement(cv2.MORPH_RECT, (3, TILT_PX))), connectivity=8)
    out = []
    bin_px = max(4, int(round(BIN_PT * s)))
    for i in range(1, n):
        x, y, bw, bh = stats[i, :4]
        if bw < LONG_SHARE * w or bh > MAX_SHIFT * w + 4 * TILT_PX:
            continue
        sub = (labels[y:y + bh, x:x + bw] == i) & (runs[y:y + bh, x:x + bw] > 0)
        ys, xs = np.nonzero(sub)
        if len(xs) < 0.5 * bw:
            continue
        col = np.bincount(xs, minlength=bw)
        mid = np.bincount(xs, weights=ys, minlength=bw)
        along, across = [], []
        for a in range(0, bw, bin_px):
            c = col[a:a + bin_px]
            if c.sum() >= 0.5 * min(bin_px, bw - a):
                along.append(x + a + min(bin_px, bw - a) / 2.0)
                across.append(y + mid[a:a + bin_px].sum() / c.sum())
        if len(along) < SMOOTH:
            continue
        # a bin through a crossing character, a stamp or a corner: off its neighbours; take
        # the running median of five (mirrored at the ends), which keeps a bend spread over
        # several bins
        padded = np.pad(np.asarray(across), SMOOTH // 2, mode="reflect")
        across = np.median(np.lib.stride_tricks.sliding_window_view(padded, SMOOTH), axis=1)
        out.append(Trace(np.asarray(along), across, float(len(xs)) / max(1, bw)))
    return out


def _field(traces: list[Trace], length: int, across: int) -> np.ndarray:
    """Displacement across the rules, on a grid of ``GRID_PX`` (rows: positions across the
    rules, columns: positions along them)."""
    traces = sorted(traces, key=lambda t: t.level)
    levels = np.array([t.level for t in traces])
    ts = np.arange(0, length + GRID_PX, GRID_PX, dtype=np.float64)
    shifts = np.stack([t.shift(ts) for t in traces])             # rules x positions
    ys = np.arange(0, across + GRID_PX, GRID_PX, dtype=np.float64)
    return np.stack([np.interp(ys, levels, shifts[:, j]) for j in range(len(ts))], axis=1)


def _stray(traces: list[Trace]) -> float:
    """Largest departure of a traced rule from straight and level, in pixels."""
    return max((float(np.max(np.abs(t.across - t.level))) for t in traces), default=0.0)


def rectify(image: np.ndarray, dpi: float) -> tuple[np.ndarray, float]:
    """``image`` remapped so that its long rules run straight and level (see the module
    doc), and the largest displacement applied in pixels; the image itself and 0.0 when no
    rule strays."""
    h, w = image.shape[:2]
    f = min(1.0, WORK_DPI / dpi)
    gray = gray_without_red(image if f == 1.0 else cv2.resize(
        image, None, fx=f, fy=f, interpolation=cv2.INTER_AREA))
    ink = ink_mask(gray, dpi * f)
    s = dpi * f / POINTS_PER_INCH
    rows = [t.scaled(1 / f) for t in trace_rules(ink, s)]
    cols = [t.scaled(1 / f) for t in trace_rules(cv2.transpose(ink), s)]
    least = max(MIN_SHIFT_PX, MIN_SHIFT_PT * dpi / POINTS_PER_INCH)
    stray = max(_stray(rows), _stray(cols))
    if stray < least:
        return image, 0.0
    xs, ys = np.meshgrid(np.arange(w, dtype=np.float32), np.arange(h, dtype=np.float32))
    map_x, map_y = xs, ys
    if _stray(rows) >= least:
        dy = cv2.resize(_field(rows, w, h).astype(np.float32),
                        (w + GRID_PX, h + GRID_PX), interpolation=cv2.INTER_LINEAR)
        # grid node k sits at pixel k*GRID_PX: resize maps it there up to half a cell
        map_y = ys + dy[:h, :w]
    if _stray(cols) >= least:
        dx = cv2.resize(_field(cols, h, w).astype(np.float32),
                        (h + GRID_PX, w + GRID_PX), interpolation=cv2.INTER_LINEAR)
        map_x = xs + cv2.transpose(dx[:w, :h])
    white = (255,) * (1 if image.ndim == 2 else image.shape[2])
    out = cv2.remap(image, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                    borderValue=white)
    return out, round(stray, 2)
