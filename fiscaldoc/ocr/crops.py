"""Cell crops: decide per crop whether it is empty, one text line or several lines, and
run an engine's batched line recogniser or its detector accordingly.

A crop counts as several lines when its ink splits into separate horizontal bands, or when
its one band is taller than 1.6 text lines (text lines touching).  The text-line height is
the caller's `line_height` or, by default, the median single-band height of the batch.
Ruling-line remnants at the crop edges and specks of noise are not ink, and a crop whose
every mark is far smaller than the batch's text (a fax's specks in an empty cell) is empty:
it is not read at all (``SPECK_SIZE``).

A text line whose ink leaves a blank column run wider than ``PIECE_GAP`` line heights is read
as separate pieces: such a crop is two cells whose parting rule was not found (a worn rule
leaves "总计" and "30" in one crop), and one hit per piece lets the grid stage part them.
Letter-spaced figures ("1 , 7 0 6 . 2 8") leave blanks of up to ~1.3 line heights between
their glyphs, decimal points and commas counted as ink.
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
PIECE_GAP = 2.0    # a blank column run this many text lines wide parts a line into pieces
MIN_LINE_RATIO = 2.0  # line images are at least this many times as wide as high (see
                      # ``_line_image``; the rapid engine's recogniser minimum, 96 x 48 px)

SPECK_SIZE = 0.3      # a crop whose every mark fits in a square this many text heights wide
                      # holds specks only (see ``_specks_only``)

RUN_TOGETHER = 3.5    # a band this many text lines tall is lines set close together (a
                      # column of a table whose body has no rules between its rows), see
                      # ``split_lines``; up to three (a wrapped name) go to detection whole
LINE_SPAN = 1.3       # ... whose ink pieces are joined into lines up to this many lines tall

SHORT_LINE = 0.5      # a line of a wrapped cell shorter than this share of the cell's ink is
                      # read over its own ink (see ``_line_boxes``)

LineRecogniser = Callable[[list[np.ndarray]], list[tuple[str, float]]]
PagesRecogniser = Callable[[list[np.ndarray]], list[list[OcrHit]]]


@dataclass(frozen=True, slots=True)
class CropPlan:
    kind: Literal["empty", "line", "block"]
    ink: tuple[int, int, int, int]  # x0, y0, x1, y1 (exclusive) of the ink in the crop
    band_height: int
    paper: tuple[int, int, int]  # background colour (BGR)
    bands: tuple[tuple[int, int], ...] = ()  # row ranges of separate text lines
    # per band, the column ranges [x0, x1) of its pieces (see PIECE_GAP)
    pieces: tuple[tuple[tuple[int, int], ...], ...] = ()
    line_height: float | None = None  # the text-line height the plan was made with


def _dark(gray: np.ndarray, paper: float) -> np.ndarray:
    otsu, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return gray < min(otsu, paper - 40)


def _rules(mask: np.ndarray) -> np.ndarray:
    """Long horizontal / vertical runs: cell borders, not text."""
    h, w = mask.shape
    out = np.zeros(mask.shape, bool)
    m = mask.astype(np.uint8)
    if w >= 8:
        out |= cv2.morphologyEx(m, cv2.MORPH_OPEN,
                                np.ones((1, max(8, int(w * 0.8))), np.uint8)) > 0
    if h >= 8:
        out |= cv2.morphologyEx(m, cv2.MORPH_OPEN,
                                np.ones((max(8, int(h * 0.8)), 1), np.uint8)) > 0
    return out


def clean_crop(bgr: np.ndarray) -> tuple[np.ndarray, np.ndarray, tuple[int, int, int]]:
    """(cleaned crop, text mask, paper colour).  Rules, rule remnants along the border and
    specks away from the text are painted with the paper colour; small marks inside the
    text's extent (decimal points, commas) stay in the image but not in the mask."""
    paper_bgr = tuple(int(v) for v in np.median(bgr.reshape(-1, 3), axis=0))
    gray = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
    paper = float(np.median(gray))
    empty = np.zeros(gray.shape, bool)
    if paper - float(gray.min()) < 40:
        return bgr, empty, paper_bgr
    dark = _dark(gray, paper)
    rules = _rules(dark)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(
        (dark & ~rules).astype(np.uint8), 8)
    x, y = stats[1:, cv2.CC_STAT_LEFT], stats[1:, cv2.CC_STAT_TOP]
    cw, ch = stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT]
    keep = stats[1:, cv2.CC_STAT_AREA] >= 3
    bands = ink_bands(np.isin(labels, 1 + np.flatnonzero(keep)))
    if not bands:
        return bgr, empty, paper_bgr
    line = max(b[1] - b[0] for b in bands)
    # lines set close together (a long name wrapped in a narrow cell) merge into one tall
    # band; a character is at most one line high
    glyph = float(np.percentile(ch[keep], 90))
    if line > BLOCK_RATIO * glyph:
        line = int(round(glyph))
    h, w = gray.shape
    side = ((x == 0) | (x + cw >= w)) & (cw < 0.3 * line)
    top = ((y == 0) | (y + ch >= h)) & (ch < 0.3 * line)
    text = keep & ~side & ~top & (np.maximum(cw, ch) >= 0.2 * line)
    mask = np.isin(labels, 1 + np.flatnonzero(text))
    if not mask.any():
        return bgr, empty, paper_bgr
    ys, xs = np.nonzero(mask)
    x0, x1, y0, y1 = xs.min(), xs.max() + 1, ys.min(), ys.max() + 1
    near = (x < x1) & (x + cw > x0) & (y < y1 + line // 3) & (y + ch > y0 - line // 3)
    drop = 1 + np.flatnonzero(~text & ~(near & ~side & ~top))
    erase = rules | np.isin(labels, drop)
    if erase.any():
        erase = cv2.dilate(erase.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
        erase &= ~cv2.dilate(mask.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
        bgr = bgr.copy()
        bgr[erase] = paper_bgr
    return bgr, mask, paper_bgr


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
    """Check, clean and plan each crop; returns the cleaned BGR crops and their plans."""
    images = []
    found = []
    for crop in crops:
        img, mask, paper = clean_crop(as_bgr(crop))
        images.append(img)
        found.append((mask, ink_bands(mask), paper))
    singles = [b[0][1] - b[0][0] for _, b, _ in found if len(b) == 1]
    if line_height is None:
        line_height = float(median(singles)) if singles else None
    text = line_height if line_height is not None else text_height(singles)
    plans = []
    for img, (mask, bands, paper) in zip(images, found):
        if not bands or (text is not None and _specks_only(mask, text)):
            plans.append(CropPlan("empty", (0, 0, 0, 0), 0, paper))
            continue
        if text is not None and max(b[1] - b[0] for b in bands) > RUN_TOGETHER * text:
            bands = split_lines(mask, text)
        rows = np.zeros(mask.shape[0], bool)
        for y0, y1 in bands:
            rows[y0:y1] = True
        cols = np.flatnonzero(mask[rows].any(axis=0))
        ink = (int(cols[0]), bands[0][0], int(cols[-1]) + 1, bands[-1][1])
        tallest = max(b[1] - b[0] for b in bands)
        several = len(bands) > 1 or (
            line_height is not None and tallest > BLOCK_RATIO * line_height)
        gap = PIECE_GAP * (line_height or tallest)
        gray = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)
        dark = _dark(gray, float(np.median(gray))) | mask
        pieces = tuple(_pieces(dark[y0:y1], mask[y0:y1], gap) for y0, y1 in bands)
        plans.append(CropPlan("block" if several else "line", ink, tallest, paper,
                              tuple(bands), pieces, line_height))
    return images, plans


def split_lines(mask: np.ndarray, line: float) -> list[tuple[int, int]]:
    """Row ranges of the text lines of a crop whose lines run together in `ink_bands` (whose
    gaps a third of a band high are closed, and a band many lines tall closes every gap):
    the ink's pieces between blank rows, top to bottom, joined while the line they make is
    at most ``LINE_SPAN`` text lines tall (the strokes of 二 / 三 are one line); pieces
    under a quarter of a line alone are specks."""
    rows = np.flatnonzero(mask.any(axis=1))
    if rows.size == 0:
        return []
    runs = np.split(rows, np.flatnonzero(np.diff(rows) > 1) + 1)
    lines: list[list[int]] = []
    for r in runs:
        a, b = int(r[0]), int(r[-1]) + 1
        if lines and b - lines[-1][0] <= LINE_SPAN * line:
            lines[-1][1] = b
        else:
            lines.append([a, b])
    return [(a, b) for a, b in lines if b - a >= 0.25 * line]


def text_height(heights: Sequence[int]) -> float | None:
    """The text height of a batch, for telling specks from text: the median one-line band
    among those at least a third as tall as the usual tall one (the 90th percentile).  On a
    fax most empty cells hold specks, one band of 2-5 px each (text: ~21 px at 200 dpi);
    they must not make the height.  A crop alone in its batch (a missed piece read again)
    is measured against its own band, and a character's marks are not that small."""
    if not heights:
        return None
    tall = float(np.percentile(heights, 90))
    return float(median([h for h in heights if 3 * h >= tall]))


def _specks_only(mask: np.ndarray, height: float) -> bool:
    """True when every mark of a crop's text ``mask`` fits in a square ``SPECK_SIZE``
    text heights wide: a fax's specks (2 x 2 to 4 x 3 px at 200 dpi), not text.  The
    smallest characters that stand alone are larger: a "1" is most of a text height tall,
    a "-" or "一" about half of one wide, a "、" a third of one.  A decimal point is smaller,
    but never a cell's whole text; beside digits the crop is text."""
    _, _, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), 8)
    sizes = np.maximum(stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT])
    return bool(sizes.size) and float(sizes.max()) < SPECK_SIZE * height


def _pieces(dark: np.ndarray, mask: np.ndarray, gap: float) -> tuple[tuple[int, int], ...]:
    """Column ranges [x0, x1) of the ink of one band of a cleaned crop, parted where a blank
    run is wider than ``gap``.  ``dark`` holds every dark pixel (a decimal point or comma
    between two letter-spaced digits is not in the text ``mask``); a range without text is
    dropped."""
    cols = np.flatnonzero(dark.any(axis=0))
    if cols.size == 0:
        return ()
    text = mask.any(axis=0)
    parts = np.split(cols, np.flatnonzero(np.diff(cols) > gap + 1) + 1)
    return tuple((int(p[0]), int(p[-1]) + 1) for p in parts if text[p[0]:p[-1] + 1].any())


def pad(image: np.ndarray, box: tuple[int, int, int, int], margin: int,
        paper: tuple[int, int, int]) -> np.ndarray:
    """`box` grown by `margin` pixels: the image's own pixels where the crop has them,
    paper beyond its edges."""
    h, w = image.shape[:2]
    x0, y0, x1, y1 = box[0] - margin, box[1] - margin, box[2] + margin, box[3] + margin
    part = image[max(0, y0):min(h, y1), max(0, x0):min(w, x1)]
    return cv2.copyMakeBorder(part, max(0, -y0), max(0, y1 - h), max(0, -x0),
                              max(0, x1 - w), cv2.BORDER_CONSTANT, value=paper)


def recognize_crops_with(crops: Sequence[np.ndarray], lines: LineRecogniser | None,
                         pages: PagesRecogniser, *, min_conf: float = 0.0,
                         line_height: float | None = None) -> list[list[OcrHit]]:
    """The shared `recognize_crops`: empty crops give []; one-line crops go to `lines` in
    one batch; crops of several lines (all non-empty crops when `lines` is None, for
    engines without a recognition-only call) go to `pages`, detection included, padded
    with paper so text at the crop edge is still found."""
    images, plans = plan_crops(crops, line_height)
    out: list[list[OcrHit]] = [[] for _ in images]
    # one-line crops, and each band of a crop whose lines are separate, go to the line
    # recogniser in one batch (no detection: a wrapped cell name is two such bands)
    jobs: list[tuple[int, tuple[int, int, int, int]]] = []
    for i, p in enumerate(plans):
        if lines is None or p.kind == "empty":
            continue
        if p.kind == "line" or _separate_lines(p, p.line_height):
            jobs.extend((i, box) for box in _line_boxes(p))
    line_imgs = [_line_image(images[i], box, plans[i].paper) for i, box in jobs]
    results = lines(line_imgs) if line_imgs and lines is not None else []
    if len(results) != len(line_imgs):
        raise EngineError(f"line recogniser returned {len(results)} results "
                          f"for {len(line_imgs)} lines")
    for (i, box), (text, conf) in zip(jobs, results):
        text = text.strip()
        conf = clamp_conf(conf)
        if text and conf >= min_conf:
            out[i].append(OcrHit(text, box_quad(*_own_ink(plans[i], box)), conf))
    done = {i for i, _ in jobs}
    block_ids = [i for i, p in enumerate(plans) if p.kind != "empty" and i not in done]
    margins = [max(8, plans[i].band_height // 2) for i in block_ids]
    padded = [pad(images[i], plans[i].ink, m, plans[i].paper)
              for i, m in zip(block_ids, margins)]
    found = (detect_stacked(padded, pages, plans[block_ids[0]].paper, max_height=STACK_MAX)
             if padded else [])
    if len(found) != len(padded):
        raise EngineError(f"page recogniser returned {len(found)} results "
                          f"for {len(padded)} crops")
    for i, m, hits in zip(block_ids, margins, found):
        h, w = images[i].shape[:2]
        x0, y0 = plans[i].ink[:2]
        out[i] = [_clip(hit.shifted(x0 - m, y0 - m), w, h) for hit in hits
                  if hit.conf >= min_conf]
    return out


def _line_image(image: np.ndarray, box: tuple[int, int, int, int],
                paper: tuple[int, int, int]) -> np.ndarray:
    """The line in ``box`` with a third of its height of margin, and a short line (a lone
    "4") widened with paper to ``MIN_LINE_RATIO`` times its height: the recogniser pads a
    narrower image with grey up to that width, and read a lone digit between grey bands
    with ~0.7 confidence (taken for a speck) where paper gives ~1.0."""
    margin = max(4, (box[3] - box[1]) // 3)
    height, width = box[3] - box[1] + 2 * margin, box[2] - box[0] + 2 * margin
    extra = max(0, int(np.ceil((MIN_LINE_RATIO * height - width) / 2)))
    return pad(image, (box[0] - extra, box[1], box[2] + extra, box[3]), margin, paper)


def _line_boxes(plan: CropPlan) -> list[tuple[int, int, int, int]]:
    """Boxes to read one by one: each band, or each piece of a band parted by a wide blank.
    A short band (under ``SHORT_LINE`` of the crop's ink width) of several is cut to its own
    ink: the short last line of a wrapped name ("入" of
    "…财政拨款收入") read across the crop's whole width came back at 0.45 and was dropped as
    a speck (and cost the recogniser ten times the width)."""
    out = []
    several = len(plan.bands) > 1
    for (y0, y1), pieces in zip(plan.bands, plan.pieces):
        if len(pieces) == 1 and several and \
                pieces[0][1] - pieces[0][0] < SHORT_LINE * (plan.ink[2] - plan.ink[0]):
            out.append((pieces[0][0], y0, pieces[0][1], y1))
        elif len(pieces) < 2:
            out.append((plan.ink[0], y0, plan.ink[2], y1))
        else:
            out.extend((x0, y0, x1, y1) for x0, x1 in pieces)
    return out


def _own_ink(plan: CropPlan, box: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """The box a hit is given: in a crop of many lines (a column of a table whose body has
    no rules between rows), a line read over the crop's ink width is placed over its own ink,
    so where its text ends (a wrapped name runs to the column's edge) is kept."""
    if len(plan.bands) <= 3:
        return box
    for (y0, y1), pieces in zip(plan.bands, plan.pieces):
        if (y0, y1) == (box[1], box[3]) and len(pieces) == 1:
            return (max(box[0], pieces[0][0]), y0, min(box[2], pieces[0][1]), y1)
    return box


def _separate_lines(plan: CropPlan, line_height: float | None) -> bool:
    """Several bands, none of them taller than one text line: read band by band."""
    if len(plan.bands) < 2:
        return False
    limit = BLOCK_RATIO * (line_height or max(b[1] - b[0] for b in plan.bands))
    return all(b[1] - b[0] <= limit for b in plan.bands)


STACK_GAP = 24        # pixels of paper between images stacked for one detection call
STACK_MAX = 1800      # height of one stack of cell crops


def detect_stacked(images: Sequence[np.ndarray], pages: PagesRecogniser,
                   paper: tuple[int, int, int] = (255, 255, 255), *,
                   max_height: float = float("inf")) -> list[list[OcrHit]]:
    """Run detection once per stack of images (one above the other, ``STACK_GAP`` of paper
    between, at most ``max_height`` tall) instead of once per image.  A hit goes back to the
    image whose band (widened by half the gap) holds its centre, in that image's
    coordinates."""
    out: list[list[OcrHit]] = [[] for _ in images]
    start = 0
    while start < len(images):
        end, height = start + 1, images[start].shape[0]
        while end < len(images) and height + STACK_GAP + images[end].shape[0] <= max_height:
            height += STACK_GAP + images[end].shape[0]
            end += 1
        group = images[start:end]
        stack = np.full((height, max(im.shape[1] for im in group), 3), paper, np.uint8)
        tops = []
        y = 0
        for im in group:
            stack[y:y + im.shape[0], :im.shape[1]] = im
            tops.append(y)
            y += im.shape[0] + STACK_GAP
        for hit in pages([stack])[0]:
            cy = (hit.bbox[1] + hit.bbox[3]) / 2
            for k, (top, im) in enumerate(zip(tops, group)):
                if top - STACK_GAP / 2 <= cy < top + im.shape[0] + STACK_GAP / 2:
                    out[start + k].append(hit.shifted(0.0, -top))
                    break
        start = end
    return out


def _clip(hit: OcrHit, w: int, h: int) -> OcrHit:
    quad = tuple((min(max(x, 0.0), float(w)), min(max(y, 0.0), float(h)))
                 for x, y in hit.quad)
    return OcrHit(hit.text, quad, hit.conf)
