"""Detected text lines inside unruled tables, made to match the table's cells.

A text detector reads a table without vertical rules (a 三线表) line by line and gets the
cell boundaries wrong in four ways, each repaired here in the pixels of the prepared page
(measured with the rules and a fax page's salt-and-pepper specks painted out):

* **Lines across rows.**  On thick (binarised) print a box is padded into the next row, or
  one box covers the lines of two rows.  Each box is made one line high around its ink
  with the table's usual padding, and cut at blank bands into its lines (``fit_rows``).
* **Joined columns.**  A name filling its column and the right-aligned amount next to it
  ("一般公共服务支出1,706.28"), two adjacent amounts or two header texts come back as one
  line, and the grid stage would merge their cells.  A line is cut where it crosses a
  *gutter*: a blank run of the line that the table's other lines leave (almost) without ink
  while several of them cover both sides.  Where the detector joined two columns in several
  rows, their boxes cross the gutter with the blank between the texts; a wide enough blank
  run is still a gutter while they are a minority.  A blank run wider than ``GAP_RATIO``
  line heights is always cut.  Detector boxes are padded, so boxes are first shrunk to
  their ink (``tighten``) or no gutter would show.
* **Broken numbers.**  A letter-spaced amount comes back as two lines ("2,790." + "07"),
  and where the padded boxes overlap both read the glyph between them ("2,790.0" + "07").
  Neighbouring numeric pieces with no gutter between them are joined and read again.
* **Missed text.**  A short piece ("1," of "1,706.28", the "一、" of a numbered row) gets no
  box at all.  Ink outside every box and rule is read, together with the line next to it
  when there is one (a lone "一、" reads as "4").

Changed lines are read again with recognition only, in one batch.  Only lines inside ruled
bands (between the top and bottom rules of a table) are touched: titles and prose stay whole.
"""
from __future__ import annotations

import re
from typing import Sequence

import cv2
import numpy as np

from .base import OcrEngine, OcrHit, box_quad, is_speck

GAP_RATIO = 0.9        # a blank run this many line heights wide always splits a line
GUTTER_GAP = 0.25      # a gutter cut needs a blank run at least this many line heights wide
GUTTER_SHARE = 0.25    # a gutter's ink and boxes are at most this share of its sides' boxes
DIP_SHARE = 0.6        # its boxes at most this share where the blank is at least
JOINED_GAP = 0.7       # this many line heights wide (columns joined in several rows)
MIN_SUPPORT = 2        # lines covering each side of a gutter
HEADER_GAP = 0.5       # one on each side where no line crosses a blank this many heights wide
INK_LEVEL = 170        # gray below this is ink (keeps the light decimal point of a blurred scan)
SPECK_SIZE = 1 / 16    # inked pieces of at most (this many line heights)² pixels are specks
RULE_INK = 3           # pixels: a rule's ink lies this far either side of its line
ROW_GAP = 0.3          # a blank band this many line heights high splits a box into two rows

Band = tuple[float, float]
Box = tuple[int, int, int, int]


def _inked_columns(image: np.ndarray, box: Box) -> np.ndarray:
    """Per column of ``box`` (x0, y0, x1, y1): whether it holds ink."""
    x0, y0, x1, y1 = box
    gray = image[y0:y1, x0:x1]
    if gray.ndim == 3:
        gray = gray.min(axis=2)
    return (gray < INK_LEVEL).any(axis=0)


def blank_runs(image: np.ndarray, box: Box) -> list[tuple[int, int]]:
    """Blank column runs [a, b) strictly inside the ink of ``box`` (x0, y0, x1, y1), in
    image columns."""
    x0 = box[0]
    ink = _inked_columns(image, box)
    cols = np.flatnonzero(ink)
    if cols.size < 2:
        return []
    runs = []
    start = None
    for x in range(int(cols[0]), int(cols[-1]) + 1):
        if not ink[x]:
            if start is None:
                start = x
        elif start is not None:
            runs.append((x0 + start, x0 + x))
            start = None
    return runs


def _clip(box: tuple[float, float, float, float], shape) -> Box | None:
    h, w = shape[:2]
    x0, y0, x1, y1 = (int(round(v)) for v in box)
    x0, x1, y0, y1 = max(0, x0), min(w, x1), max(0, y0), min(h, y1)
    if x1 - x0 < 8 or y1 - y0 < 4:
        return None
    return x0, y0, x1, y1


def gutter_cuts(box: Box, runs: list[tuple[int, int]], others: np.ndarray,
                others_ink: np.ndarray | None = None) -> list[tuple[int, int]]:
    """Blank runs where a line is cut at the table's gutters.  ``others[x]`` is the number of the
    table's other lines whose box covers column x, ``others_ink[x]`` the number of those with
    ink there (a box counts as blank over its own blank runs of a cut's width; default:
    ``others``); ``runs`` the line's blank runs.

    A blank run of the line (at least ``GUTTER_GAP`` line heights wide) lies in a gutter when
    the other lines leave it (almost) without ink and without boxes while they cover the
    line's texts on both sides (the ``support``: the most boxes over a column on either side,
    at least ``MIN_SUPPORT``).  Where a detector joined the two columns of several rows into
    one line, their boxes cover the gutter with the blank between the texts: a run at least
    ``JOINED_GAP`` line heights wide is then a gutter while the boxes over it are at most
    ``DIP_SHARE`` of the support.  A narrower run is not: a right-aligned column's
    letter-spaced digits leave blanks at the same places in every row, and few boxes (the
    widest amounts) cover those next to its left edge."""
    x0, y0, x1, y1 = box
    cov = others[x0:x1]
    ink = cov if others_ink is None else others_ink[x0:x1]
    if cov.size == 0 or not cov.any():
        return []
    height = y1 - y0
    found = []          # (a, b, boxes over the run, support)
    for a, b in runs:
        a, b = a - x0, b - x0
        if b - a < GUTTER_GAP * height or a <= 0 or b >= len(cov):
            continue
        support = min(int(cov[:a].max()), int(cov[b:].max()))
        boxes = int(cov[a:b].min())
        # a wide blank no other line crosses needs one line on each side (the two columns
        # of a two-line header: "上缴上 经营" over "级支出 支出")
        least = 1 if boxes == 0 and b - a >= HEADER_GAP * height else MIN_SUPPORT
        if support < least or ink[a:b].min() > GUTTER_SHARE * support:
            continue
        if boxes <= GUTTER_SHARE * support or (
                boxes <= DIP_SHARE * support and b - a >= JOINED_GAP * height):
            found.append((a, b, boxes, support))
    # runs with only thinly covered text between them (the "1," before a right-aligned
    # column's wider amounts) lie in one gutter: it is cut once, where fewest boxes cross
    groups: list[list[tuple[int, int, int, int]]] = []
    for run in found:
        if groups:
            last = groups[-1][-1]
            if cov[last[1]:run[0]].max() <= GUTTER_SHARE * min(last[3], run[3]):
                groups[-1].append(run)
                continue
        groups.append([run])
    cuts = [min(g, key=lambda r: (r[2], r[0] - r[1])) for g in groups]
    return [(x0 + a, x0 + b) for a, b, _, _ in cuts]


def wide_cuts(box: Box, runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Blank runs wider than ``GAP_RATIO`` line heights."""
    gap = max(4, int(GAP_RATIO * (box[3] - box[1])))
    return [(a, b) for a, b in runs if b - a > gap]


def _same_line(a: Box, b: Box) -> bool:
    overlap = min(a[3], b[3]) - max(a[1], b[1])
    return overlap > 0.5 * min(a[3] - a[1], b[3] - b[1])


def tighten(image: np.ndarray, boxes: list[Box]) -> list[Box]:
    """Detector boxes are padded, so two neighbouring lines of one row overlap and the
    glyphs of one reach into the other's box.  Each overlap is resolved at the blank run
    between the two texts; then every box is shrunk to the ink it holds."""
    boxes = [list(b) for b in boxes]
    order = sorted(range(len(boxes)), key=lambda i: boxes[i][0])
    for i in order:
        for j in order:
            a, b = boxes[i], boxes[j]
            if i == j or not (a[0] < b[0] < a[2] <= b[2]) or not _same_line(a, b):
                continue
            y0, y1 = max(a[1], b[1]), min(a[3], b[3])
            runs = blank_runs(image, (a[0], y0, b[2], y1))
            lo, hi = b[0], a[2]
            near = [r for r in runs if r[1] >= lo and r[0] <= hi]
            if near:
                ra, rb = max(near, key=lambda r: min(r[1], hi) - max(r[0], lo))
                a[2], b[0] = max(a[0] + 1, ra), min(b[2] - 1, rb)
    out = []
    for x0, y0, x1, y1 in boxes:
        cols = np.flatnonzero(_inked_columns(image, (x0, y0, x1, y1)))
        out.append((x0 + int(cols[0]), y0, x0 + int(cols[-1]) + 1, y1) if cols.size
                   else (x0, y0, x1, y1))
    return out


def _ink_rows(image: np.ndarray, box: Box, join: float) -> list[tuple[int, int]]:
    """Row runs [a, b) of ``box`` (image rows) holding ink; runs less than ``join`` apart are
    one (the strokes of 二)."""
    x0, y0, x1, y1 = box
    gray = image[y0:y1, x0:x1]
    if gray.ndim == 3:
        gray = gray.min(axis=2)
    rows = np.flatnonzero((gray < INK_LEVEL).any(axis=1))
    runs: list[list[int]] = []
    for y in rows.tolist():
        if runs and y - runs[-1][1] < join:
            runs[-1][1] = y + 1
        else:
            runs.append([y, y + 1])
    return [(y0 + a, y0 + b) for a, b in runs]


def fit_rows(image: np.ndarray, boxes: list[Box]) -> list[list[Box]]:
    """Each box made one line high around its ink: a detector pads a line of a thick
    (binarised) print into the next row, or returns one box over the lines of two rows.
    A box is cut at blank bands of at least ``ROW_GAP`` line heights into its text lines
    (pieces less than half a text line high are what reaches in from a neighbour); every
    line gets the table's median padding above and below its ink."""
    if not boxes:
        return []
    line = float(np.median([b[3] - b[1] for b in boxes]))
    runs = [_ink_rows(image, b, ROW_GAP * line) for b in boxes]
    tallest = [max(b - a for a, b in r) for r in runs if r]
    if not tallest:
        return [[b] for b in boxes]
    text = float(np.median(tallest))
    kept = [[(a, b) for a, b in r if b - a >= 0.5 * text] for r in runs]
    single = [(box, k[0]) for box, k in zip(boxes, kept) if len(k) == 1]
    if not single:
        return [[b] for b in boxes]
    top = int(round(np.median([a - box[1] for box, (a, _) in single])))
    bottom = int(round(np.median([box[3] - b for box, (_, b) in single])))
    h = image.shape[0]
    return [[(box[0], max(0, a - top), box[2], min(h, b + bottom)) for a, b in k] if k else [box]
            for box, k in zip(boxes, kept)]


def _cleaned(image: np.ndarray, erase: Sequence[Box], rows: tuple[int, int],
             speck: float) -> np.ndarray:
    """``image`` with the rules' pixel boxes (a little widened) painted white, and in
    ``rows`` (y0, y1) the specks: inked pieces of at most ``speck`` pixels (the salt and
    pepper of a fax page fill the blank between two texts)."""
    out = image.copy()
    for x0, y0, x1, y1 in erase:
        out[max(0, y0 - RULE_INK):max(0, y1 + RULE_INK + 1),
            max(0, x0 - RULE_INK):max(0, x1 + RULE_INK + 1)] = 255
    y0, y1 = rows
    band = out[y0:y1]
    gray = band.min(axis=2) if band.ndim == 3 else band
    n, labels, stats, _ = cv2.connectedComponentsWithStats((gray < INK_LEVEL).astype(np.uint8),
                                                           connectivity=8)
    small = np.flatnonzero(stats[:, cv2.CC_STAT_AREA] <= speck)
    small = small[small > 0]
    if small.size:
        band[np.isin(labels, small)] = 255
    return out


class TableLines:
    """The detected lines of one table on the page with the rules (``erase``, pixel boxes)
    and specks painted out: ``parts``, per detected box the lines it is made into (fitted
    to rows and tightened to their ink), ``boxes`` all of them, and how many of them cover,
    and ink, each pixel column."""

    def __init__(self, image: np.ndarray, boxes: list[Box], erase: Sequence[Box] = ()):
        if boxes:
            line = float(np.median([b[3] - b[1] for b in boxes]))
            rows = (min(b[1] for b in boxes), max(b[3] for b in boxes))
            image = _cleaned(image, erase, rows, max(2.0, (SPECK_SIZE * line) ** 2))
        self.image = image
        self.parts = fit_rows(image, boxes)        # per box, the lines it is made into
        fitted = tighten(image, [p for parts in self.parts for p in parts])
        it = iter(fitted)
        self.parts = [[next(it) for _ in parts] for parts in self.parts]
        self.boxes = fitted
        width = image.shape[1]
        self.cov = np.zeros(width, np.int32)
        self.ink = np.zeros(width, np.int32)
        self._inked: dict[Box, np.ndarray] = {}
        for box in self.boxes:
            self.cov[box[0]:box[2]] += 1
            self.ink += self._ink(box)

    def _ink(self, box: Box) -> np.ndarray:
        """1 over the line's box except over its blank runs of a gutter cut's width."""
        if box not in self._inked:
            out = np.zeros(self.image.shape[1], np.int32)
            out[box[0]:box[2]] = 1
            min_gap = GUTTER_GAP * (box[3] - box[1])
            for a, b in blank_runs(self.image, box):
                if b - a >= min_gap:
                    out[a:b] = 0
            self._inked[box] = out
        return self._inked[box]

    def cuts(self, box: Box, own: list[Box]) -> list[tuple[int, int]]:
        """Where a line (``box``, made of the table lines ``own``: tightened boxes) is cut:
        at the table's gutters and at blank runs wider than ``GAP_RATIO`` line heights."""
        others, ink = self.cov.copy(), self.ink.copy()
        for b in own:
            others[b[0]:b[2]] -= 1
            ink -= self._ink(b)
        runs = blank_runs(self.image, box)
        return sorted(set(gutter_cuts(box, runs, others, ink)) | set(wide_cuts(box, runs)))


_NUMERIC_END = re.compile(r"[\d.,，]$")
_NUMERIC_START = re.compile(r"^[\d.,，]")


def _number_pieces(lines: TableLines, entries: list[list]) -> list[list]:
    """Join neighbouring lines of one row that are pieces of one number: a detector breaks
    a letter-spaced amount ("2,790." + "07"), and where the padded boxes overlap both
    pieces read the glyph between them.  Two pieces join when no gutter or wide blank run
    lies between them; the joined line is read again."""
    entries = sorted(entries, key=lambda e: e[1][0])
    out: list[list] = []
    for e in entries:
        prev = next((p for p in reversed(out) if _same_line(p[1], e[1])), None)
        if (prev is not None and prev[1][2] <= e[1][0] + 2
                and _NUMERIC_END.search(prev[0]) and _NUMERIC_START.search(e[0])):
            a, b = prev[1], e[1]
            union = (a[0], min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))
            if not any(a[2] - 2 <= (c0 + c1) / 2 <= b[0] + 2
                       for c0, c1 in lines.cuts(union, prev[3] + e[3])):
                prev[0], prev[1] = prev[0] + e[0], union
                prev[2], prev[3] = min(prev[2], e[2]), prev[3] + e[3]
                prev[4] = True
                continue
        out.append(e)
    return out


MISS_LEVEL = 128        # gray below this is ink when looking for text the detector missed
MISS_MIN = 0.35         # a missed piece is at least this many line heights wide or tall
MISS_CONF = 0.5         # and is read with at least this confidence


def with_missed_text(engine: OcrEngine, image: np.ndarray, hits: Sequence[OcrHit],
                      bands: Sequence[Band], erase: Sequence[Box] = ()) -> list[OcrHit]:
    """``hits`` plus the text inside ``bands`` that no detected line covers: a detector
    drops a short piece such as the "1," of "1,706.28" or the "一、" of a numbered row.
    A missed piece close to a line of its row is read together with that line (the
    recogniser needs the context: a lone "一、" reads as "4"); others are read alone.
    ``erase``: pixel boxes of the rules, which are ink but not text."""
    hits = list(hits)
    if not bands or not hits:
        return hits
    line = float(np.median([hit.bbox[3] - hit.bbox[1] for hit in hits]))
    boxes = _missed_boxes(image, hits, bands, erase, line)
    if not boxes:
        return hits
    jobs: dict[int, Box] = {}          # index of the hit read again (or -1 - k) -> box
    for k, box in enumerate(boxes):
        near = [i for i, hit in enumerate(hits)
                if _same_line(_int_box(hit.bbox), box)
                and max(hit.bbox[0] - box[2], box[0] - hit.bbox[2]) < GAP_RATIO * line]
        if near:
            i = min(near, key=lambda i: abs((hits[i].bbox[0] + hits[i].bbox[2]) / 2
                                            - (box[0] + box[2]) / 2))
            x0, y0, x1, y1 = jobs.get(i, _int_box(hits[i].bbox))
            jobs[i] = (min(x0, box[0]), min(y0, box[1]), max(x1, box[2]), max(y1, box[3]))
        else:
            jobs[-1 - k] = box
    out = [hit for i, hit in enumerate(hits) if i not in jobs]
    for key, (text, conf) in zip(jobs, _read_again(engine, image, list(jobs.values()), 3, 0)):
        text = text.strip()
        alone = key < 0
        if text and (not alone or (conf >= MISS_CONF and not is_speck(text, conf))):
            out.append(OcrHit(text, box_quad(*jobs[key]), conf))
        elif not alone:
            out.append(hits[key])
    return out


def _read_again(engine: OcrEngine, image: np.ndarray, boxes: Sequence[Box],
                pad_x: int, pad_y: int) -> list[tuple[str, float]]:
    """Recognition only, in one batch: the text of each box (padded, inside the image) and
    the lowest confidence of its pieces (0 when nothing was read)."""
    h, w = image.shape[:2]
    crops = [image[max(0, y0 - pad_y):min(h, y1 + pad_y), max(0, x0 - pad_x):min(w, x1 + pad_x)]
             for x0, y0, x1, y1 in boxes]
    return [("".join(f.text for f in found), min((f.conf for f in found), default=0.0))
            for found in engine.recognize_crops(crops)]


def _int_box(b: tuple[float, float, float, float]) -> Box:
    return int(b[0]), int(b[1]), int(round(b[2])), int(round(b[3]))


def _missed_boxes(image: np.ndarray, hits: list[OcrHit], bands: Sequence[Band],
                  erase: Sequence[Box], line: float) -> list[Box]:
    """Line-high boxes around inked pieces in ``bands`` outside every hit and rule."""
    h, w = image.shape[:2]
    gray = image.min(axis=2) if image.ndim == 3 else image
    ink = np.zeros((h, w), np.uint8)
    for a, b in bands:
        a, b = max(0, int(a)), min(h, int(b) + 1)
        ink[a:b] = gray[a:b] < MISS_LEVEL
    for hit in hits:
        x0, y0, x1, y1 = _int_box(hit.bbox)
        ink[max(0, y0 - 2):y1 + 2, max(0, x0 - 2):x1 + 2] = 0
    for x0, y0, x1, y1 in erase:
        ink[max(0, y0 - RULE_INK):y1 + RULE_INK + 1, max(0, x0 - RULE_INK):x1 + RULE_INK + 1] = 0
    if not ink.any():
        return []
    reach = max(3, int(0.4 * line))
    joined = cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_RECT, (reach, max(3, reach // 2))))
    _, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    boxes: list[Box] = []
    for x, y, bw, bh, _ in stats[1:]:
        part = ink[y:y + bh, x:x + bw]
        rows, cols = np.flatnonzero(part.any(axis=1)), np.flatnonzero(part.any(axis=0))
        if rows.size == 0:
            continue
        x0, x1 = x + int(cols[0]), x + int(cols[-1]) + 1
        y0, y1 = y + int(rows[0]), y + int(rows[-1]) + 1
        if max(x1 - x0, y1 - y0) < MISS_MIN * line or y1 - y0 > 1.5 * line:
            continue
        if y1 - y0 < 0.25 * line and x1 - x0 > 2 * line:     # what is left of a rule
            continue
        if part.sum() < 0.015 * line * line:
            continue
        cy = (y0 + y1) / 2
        boxes.append((x0, int(max(0, cy - line / 2)), x1, int(min(h, cy + line / 2))))
    return boxes


def split_hits(engine: OcrEngine, image: np.ndarray, hits: Sequence[OcrHit],
               bands: Sequence[Band], erase: Sequence[Box] = ()) -> list[OcrHit]:
    """``hits`` with the lines inside ``bands`` (pixel row ranges of unruled tables) cut at
    gutters and wide blank runs and broken numbers joined; changed lines are read again.
    ``erase``: pixel boxes of the rules; a detected line reaching onto a rule (the 栏次 row's
    "1" over the header's last rule) would find no blank in it."""
    out: list[OcrHit] = []
    groups: list[list[tuple[OcrHit, Box]]] = [[] for _ in bands]
    for hit in hits:
        x0, y0, x1, y1 = hit.bbox
        cy = (y0 + y1) / 2
        k = next((k for k, (a, b) in enumerate(bands) if a <= cy <= b), None)
        box = _clip(hit.bbox, image.shape) if k is not None else None
        if box is None:
            out.append(hit)
        else:
            groups[k].append((hit, box))
    jobs: list[Box] = []
    for group in groups:
        lines = TableLines(image, [b for _, b in group], erase)
        # entry: [text, box, conf, table lines it is made of, read again?]; a box cut into
        # the lines of several rows is read again line by line
        entries = [[h.text if len(parts) == 1 else "", b, h.conf, [b], len(parts) > 1]
                   for (h, _), parts in zip(group, lines.parts) for b in parts]
        for text, box, conf, own, again in _number_pieces(lines, entries):
            cuts = lines.cuts(box, own)
            if not cuts and not again:
                out.append(OcrHit(text, box_quad(*box), conf))
                continue
            starts = [box[0]] + [b for _, b in cuts]
            ends = [a for a, _ in cuts] + [box[2]]
            jobs.extend((a, box[1], b, box[3]) for a, b in zip(starts, ends) if b - a >= 4)
    for box, (text, conf) in zip(jobs, _read_again(engine, image, jobs, 2, 2)):
        if text.strip():
            out.append(OcrHit(text, box_quad(*box), conf))
    return out
