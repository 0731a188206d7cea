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
  run is still a gutter while they are a minority.  A blank run under the gap between two
  partial header rules (a column boundary) and one wider than ``GAP_RATIO`` line heights
  are always cut.  Detector boxes are padded, so boxes are first shrunk to
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

from ..ocr.base import OcrEngine, OcrHit, box_quad
from .pixels import darkest, ink_level, is_speck
from .gutters import GAP_RATIO, RULE_INK, Box, TableLines, same_line

Band = tuple[float, float]


def _clip(box: tuple[float, float, float, float], shape) -> Box | None:
    h, w = shape[:2]
    x0, y0, x1, y1 = (int(round(v)) for v in box)
    x0, x1, y0, y1 = max(0, x0), min(w, x1), max(0, y0), min(h, y1)
    if x1 - x0 < 8 or y1 - y0 < 4:
        return None
    return x0, y0, x1, y1


_NUMERIC_END = re.compile(r"[\d.,，]$")
_NUMERIC_START = re.compile(r"^[\d.,，]")


_SHARED = "、，,.．:：（）()"  # marks that two broken pieces of a line both read


def _broken_pieces(lines: TableLines, entries: list[list]) -> list[list]:
    """Join neighbouring lines of one row that are pieces of one text: a detector breaks
    a letter-spaced amount ("2,790." + "07"), or a numbered head from its name ("三、" +
    "、国有资本…", PP-OCRv5 mobile), and where the padded boxes overlap both pieces read
    the glyph between them.  Two numeric pieces, or two pieces less than a line apart that
    both read the mark between them, join when no gutter or wide blank run lies between
    them; the joined line is read again."""
    entries = sorted(entries, key=lambda e: e[1][0])
    out: list[list] = []
    for e in entries:
        prev = next((p for p in reversed(out) if same_line(p[1], e[1])), None)
        if prev is None:
            out.append(e)
            continue
        height = min(prev[1][3] - prev[1][1], e[1][3] - e[1][1])
        numeric = _NUMERIC_END.search(prev[0]) and _NUMERIC_START.search(e[0])
        shared = (prev[0] and prev[0][-1] in _SHARED and prev[0][-1:] == e[0][:1]
                  and e[1][0] - prev[1][2] < height)
        if prev[1][2] <= e[1][0] + 2 and (numeric or shared):
            a, b = prev[1], e[1]
            union = (a[0], min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))
            if not any(a[2] - 2 <= (c0 + c1) / 2 <= b[0] + 2
                       for c0, c1 in lines.cuts(union, prev[3] + e[3], prev[0] + e[0])):
                prev[0], prev[1] = prev[0] + e[0], union
                prev[2], prev[3] = min(prev[2], e[2]), prev[3] + e[3]
                prev[4] = True
                continue
        out.append(e)
    return out


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
                if same_line(_int_box(hit.bbox), box)
                and max(hit.bbox[0] - box[2], box[0] - hit.bbox[2]) < GAP_RATIO * line]
        if near:
            # a missed piece is the head of the line after it ("一、", "1,"), when there is one
            after = [i for i in near if hits[i].bbox[0] >= box[0]]
            if after:
                i = min(after, key=lambda i: hits[i].bbox[0])
            else:
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
    gray = darkest(image)
    ink = np.zeros((h, w), np.uint8)
    for a, b in bands:
        a, b = max(0, int(a)), min(h, int(b) + 1)
        # the paper's own level, not a fixed 128: the blurred thin "一" at 150 dpi is under 128
        # over only 8 of its 37 columns
        if b > a:
            ink[a:b] = gray[a:b] < ink_level(gray[a:b])
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
        for text, box, conf, own, again in _broken_pieces(lines, entries):
            cuts = lines.cuts(box, own, text)
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
