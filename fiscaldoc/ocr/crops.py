"""Cell crops: decide per crop whether it is empty, one text line or several lines, and
run an engine's batched line recogniser or its detector accordingly.

A crop counts as several lines when its ink splits into separate horizontal bands, or when
its one band is taller than 1.6 text lines (text lines touching).  The text-line height is
the caller's `line_height` or, by default, the median single-band height of the batch.
Ruling-line remnants at the crop edges and specks of noise are not ink.
"""
from __future__ import annotations

from dataclasses import dataclass
from statistics import median
from typing import Callable, Literal, Sequence

import cv2
import numpy as np

from fiscaldoc.errors import EngineError
from fiscaldoc.ocr.base import OcrHit, as_bgr, box_quad, clamp_conf

BLOCK_RATIO = 1.6  # a band taller than this many text lines holds several lines

LineRecogniser = Callable[[list[np.ndarray]], list[tuple[str, float]]]
PagesRecogniser = Callable[[list[np.ndarray]], list[list[OcrHit]]]


@dataclass(frozen=True, slots=True)
class CropPlan:
    kind: Literal["empty", "line", "block"]
    ink: tuple[int, int, int, int]  # x0, y0, x1, y1 (exclusive) of the ink in the crop
    band_height: int
    paper: tuple[int, int, int]  # background colour (BGR)


def ink_mask(bgr: np.ndarray) -> np.ndarray:
    """Boolean mask of dark ink, without ruling-line remnants and specks."""
    gray = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
    paper = float(np.median(gray))
    if paper - float(gray.min()) < 40:
        return np.zeros(gray.shape, bool)
    otsu, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    mask = gray < min(otsu, paper - 40)
    h, w = mask.shape
    # Long horizontal / vertical runs are rules (cell borders), not text.
    if w >= 8:
        long_h = cv2.morphologyEx(mask.astype(np.uint8), cv2.MORPH_OPEN,
                                  np.ones((1, max(8, int(w * 0.8))), np.uint8))
        mask &= long_h == 0
    if h >= 8:
        long_v = cv2.morphologyEx(mask.astype(np.uint8), cv2.MORPH_OPEN,
                                  np.ones((max(8, int(h * 0.8)), 1), np.uint8))
        mask &= long_v == 0
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), 8)
    small = np.flatnonzero(stats[:, cv2.CC_STAT_AREA] < 3)
    small = small[small != 0]
    if small.size:
        mask &= ~np.isin(labels, small)
    return mask


def ink_bands(mask: np.ndarray) -> list[tuple[int, int]]:
    """Row ranges [y0, y1) holding ink; gaps thinner than a third of a band are closed."""
    rows = np.flatnonzero(mask.any(axis=1))
    if rows.size == 0:
        return []
    bands: list[list[int]] = []
    start = prev = int(rows[0])
    for y in rows[1:]:
        y = int(y)
        if y != prev + 1:
            bands.append([start, prev + 1])
            start = y
        prev = y
    bands.append([start, prev + 1])
    merged = [bands[0]]
    for b in bands[1:]:
        last = merged[-1]
        gap = b[0] - last[1]
        if gap <= max(1, (max(last[1] - last[0], b[1] - b[0])) // 3):
            last[1] = b[1]
        else:
            merged.append(b)
    # Drop thin specks of bands far smaller than the main one (e.g. a stray dot row).
    tallest = max(b[1] - b[0] for b in merged)
    return [(b[0], b[1]) for b in merged if (b[1] - b[0]) * 4 >= tallest]


def plan_crops(crops: Sequence[np.ndarray],
               line_height: float | None = None) -> tuple[list[np.ndarray], list[CropPlan]]:
    """Check the crops and plan each one; returns the BGR crops and their plans."""
    images = [as_bgr(c) for c in crops]
    found = []
    for img in images:
        mask = ink_mask(img)
        bands = ink_bands(mask)
        paper = tuple(int(v) for v in np.median(img.reshape(-1, 3), axis=0))
        found.append((mask, bands, paper))
    if line_height is None:
        singles = [b[0][1] - b[0][0] for _, b, _ in found if len(b) == 1]
        line_height = float(median(singles)) if singles else None
    plans = []
    for mask, bands, paper in found:
        if not bands:
            plans.append(CropPlan("empty", (0, 0, 0, 0), 0, paper))
            continue
        cols = np.flatnonzero(mask.any(axis=0))
        ink = (int(cols[0]), bands[0][0], int(cols[-1]) + 1, bands[-1][1])
        tallest = max(b[1] - b[0] for b in bands)
        several = len(bands) > 1 or (
            line_height is not None and tallest > BLOCK_RATIO * line_height)
        plans.append(CropPlan("block" if several else "line", ink, tallest, paper))
    return images, plans


def pad(image: np.ndarray, box: tuple[int, int, int, int], margin: int,
        paper: tuple[int, int, int]) -> np.ndarray:
    """Cut `box` out of `image` and put it on paper with `margin` pixels all round."""
    x0, y0, x1, y1 = box
    part = image[y0:y1, x0:x1]
    return cv2.copyMakeBorder(part, margin, margin, margin, margin, cv2.BORDER_CONSTANT,
                              value=paper)


def recognize_crops_with(crops: Sequence[np.ndarray], lines: LineRecogniser | None,
                         pages: PagesRecogniser, *, min_conf: float = 0.0,
                         line_height: float | None = None) -> list[list[OcrHit]]:
    """The shared `recognize_crops`: empty crops give []; one-line crops go to `lines` in
    one batch; crops of several lines (all non-empty crops when `lines` is None, for
    engines without a recognition-only call) go to `pages`, detection included, padded
    with paper so text at the crop edge is still found."""
    images, plans = plan_crops(crops, line_height)
    out: list[list[OcrHit]] = [[] for _ in images]
    line_ids = [i for i, p in enumerate(plans)
                if p.kind == "line" and lines is not None]
    line_imgs = [pad(images[i], plans[i].ink, max(4, plans[i].band_height // 3),
                     plans[i].paper) for i in line_ids]
    results = lines(line_imgs) if line_imgs and lines is not None else []
    if len(results) != len(line_imgs):
        raise EngineError(f"line recogniser returned {len(results)} results "
                          f"for {len(line_imgs)} lines")
    for i, (text, conf) in zip(line_ids, results):
        text = text.strip()
        conf = clamp_conf(conf)
        if text and conf >= min_conf:
            out[i] = [OcrHit(text, box_quad(*plans[i].ink), conf)]
    done = set(line_ids)
    block_ids = [i for i, p in enumerate(plans) if p.kind != "empty" and i not in done]
    margins = [max(8, plans[i].band_height // 2) for i in block_ids]
    padded = [pad(images[i], (0, 0, images[i].shape[1], images[i].shape[0]), m,
                  plans[i].paper) for i, m in zip(block_ids, margins)]
    found = pages(padded) if padded else []
    if len(found) != len(padded):
        raise EngineError(f"page recogniser returned {len(found)} results "
                          f"for {len(padded)} crops")
    for i, m, hits in zip(block_ids, margins, found):
        h, w = images[i].shape[:2]
        out[i] = [_clip(hit.shifted(-m, -m), w, h) for hit in hits if hit.conf >= min_conf]
    return out


def _clip(hit: OcrHit, w: int, h: int) -> OcrHit:
    quad = tuple((min(max(x, 0.0), float(w)), min(max(y, 0.0), float(h)))
                 for x, y in hit.quad)
    return OcrHit(hit.text, quad, hit.conf)
