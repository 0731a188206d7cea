"""Pixel geometry of the detected lines of an unruled table (a 三线表), for ``ocr.split``.

All of it is measured on the page with the rules and a fax page's salt-and-pepper specks
painted out.  A *blank run* is a range of pixel columns without ink inside a line's box; a
*gutter* is a blank run of a line that the table's other lines leave (almost) without ink
while they cover the line's texts on both sides; ``TableLines`` holds a table's lines, made
one line high (``fit_rows``) and shrunk to their ink (``tighten``), and tells where each is
cut: at gutters, under the gaps between partial header rules, and at wide blank runs.
"""
from __future__ import annotations

import re
from typing import Sequence

import cv2
import numpy as np

from .pixels import darkest
from .points import MARKS, beside_points, parted_at_point

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

Box = tuple[int, int, int, int]

_NUMBER = re.compile(r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{1,2})?%?")


def one_number(text: str) -> bool:
    """Whether the recogniser read ``text`` as one number: an amount with at most two
    decimals, a code, a row number (the spaces it reads into faint print ignored: a faint
    '1,346.98' reads '1, 346. 9 8').  An amount and a code joined ('90.3030202') is not one."""
    return bool(_NUMBER.fullmatch(re.sub(r"\s+", "", text).replace("，", ",")))


def _inked_columns(image: np.ndarray, box: Box) -> np.ndarray:
    """Per column of ``box`` (x0, y0, x1, y1): whether it holds ink."""
    x0, y0, x1, y1 = box
    gray = darkest(image[y0:y1, x0:x1])
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
    blanks = [(a - x0, b - x0) for a, b in runs
              if b - a >= GUTTER_GAP * height and x0 < a and b < x1]
    found = []          # (a, b, boxes over the run, support)
    for k, (a, b) in enumerate(blanks):
        support = min(int(cov[:a].max()), int(cov[b:].max()))
        boxes = int(cov[a:b].min())
        # a wide blank no other line crosses needs one line on each side (the two columns
        # of a two-line header: "上缴上 经营" over "级支出 支出")
        least = 1 if boxes == 0 and b - a >= HEADER_GAP * height else MIN_SUPPORT
        if support < least or ink[a:b].min() > GUTTER_SHARE * support:
            continue
        # the glyphs right next to the run: boxes over a gutter are fewer than over them
        # (the "1," of a right-aligned column's widest amounts is covered by those only)
        near = min(_beside(cov, blanks, k, 0, len(cov)))
        if (boxes <= GUTTER_SHARE * support and boxes <= DIP_SHARE * near) or (
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


def _beside(cov: np.ndarray, blanks: list[tuple[int, int]], k: int, lo: int,
            hi: int) -> tuple[int, int]:
    """The most boxes ``cov`` over a column of the glyphs left and right of blank run ``k``
    of ``blanks``: up to the neighbouring runs, or to ``lo`` / ``hi`` (the line's ends)."""
    a, b = blanks[k]
    left = cov[blanks[k - 1][1] if k else lo:a]
    right = cov[b:blanks[k + 1][0] if k + 1 < len(blanks) else hi]
    return int(left.max()), int(right.max())


def wide_cuts(box: Box, runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Blank runs wider than ``GAP_RATIO`` line heights."""
    gap = max(4, int(GAP_RATIO * (box[3] - box[1])))
    return [(a, b) for a, b in runs if b - a > gap]


def same_line(a: Box, b: Box) -> bool:
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
            if i == j or not (a[0] < b[0] < a[2] <= b[2]) or not same_line(a, b):
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
    gray = darkest(image[y0:y1, x0:x1])
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
    (pieces less than half a text line high are what reaches in from a neighbour), and its
    padding above and below the ink is cut back to the table's median.  Boxes only shrink;
    ink taller than one and a half text lines (two wrapped lines set close) is left alone."""
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
    out = []
    for box, k in zip(boxes, kept):
        if not k or any(b - a > 1.5 * text for a, b in k):
            out.append([box])
        else:
            out.append([(box[0], max(box[1], a - top), box[2], min(box[3], b + bottom))
                        for a, b in k])
    return out


def _erased(image: np.ndarray, erase: Sequence[Box]) -> np.ndarray:
    """``image`` with the rules' pixel boxes (a little widened) painted white."""
    out = image.copy()
    for x0, y0, x1, y1 in erase:
        out[max(0, y0 - RULE_INK):max(0, y1 + RULE_INK + 1),
            max(0, x0 - RULE_INK):max(0, x1 + RULE_INK + 1)] = 255
    return out


def _despecked(image: np.ndarray, rows: tuple[int, int], speck: float) -> np.ndarray:
    """``image`` with, in ``rows`` (y0, y1), the specks painted white: inked pieces of at
    most ``speck`` pixels (the salt and pepper of a fax page fill the blank between two
    texts)."""
    out = image.copy()
    y0, y1 = rows
    band = out[y0:y1]
    gray = darkest(band)
    n, labels, stats, _ = cv2.connectedComponentsWithStats((gray < INK_LEVEL).astype(np.uint8),
                                                           connectivity=8)
    small = np.flatnonzero(stats[:, cv2.CC_STAT_AREA] <= speck)
    small = small[small > 0]
    if small.size:
        band[np.isin(labels, small)] = 255
    return out


def rule_gaps(erase: Sequence[Box], widest: float) -> tuple[list[int], list[tuple[int, int, int]]]:
    """The rows of horizontal rules among the rule boxes ``erase`` (their y) and the gaps
    (y, x0, x1) of at most ``widest`` pixels between collinear pieces: a header's partial
    rules stop short of each other at the column boundaries."""
    hs = sorted((b for b in erase if b[3] - b[1] < b[2] - b[0]),
                key=lambda b: ((b[1] + b[3]) / 2, b[0]))
    rows: list[tuple[float, list[Box]]] = []
    for b in hs:
        y = (b[1] + b[3]) / 2
        if rows and y - rows[-1][0] <= RULE_INK:
            rows[-1][1].append(b)
        else:
            rows.append((y, [b]))
    gaps = []
    for y, pieces in rows:
        pieces.sort()
        end = pieces[0][2]
        for b in pieces[1:]:
            if 0 < b[0] - end <= widest:
                gaps.append((int(y), end, b[0]))
            end = max(end, b[2])
    return [int(y) for y, _ in rows], gaps


class TableLines:
    """The detected lines of one table on the page with the rules (``erase``, pixel boxes)
    and specks painted out: ``parts``, per detected box the lines it is made into (fitted
    to rows and tightened to their ink), ``boxes`` all of them, and how many of them cover,
    and ink, each pixel column; ``specked`` is the page with only the rules painted out (a
    faint decimal point can be as small as a speck)."""

    def __init__(self, image: np.ndarray, boxes: list[Box], erase: Sequence[Box] = ()):
        self.rule_rows: list[int] = []
        self.rule_gaps: list[tuple[int, int, int]] = []
        self.specked = image            # the rules painted out, the specks kept
        if boxes:
            line = float(np.median([b[3] - b[1] for b in boxes]))
            rows = (min(b[1] for b in boxes), max(b[3] for b in boxes))
            self.specked = _erased(image, erase)
            image = _despecked(self.specked, rows, max(2.0, (SPECK_SIZE * line) ** 2))
            self.rule_rows, self.rule_gaps = rule_gaps(erase, line)
        self.image = image
        rows = fit_rows(image, boxes)
        fitted = tighten(image, [p for parts in rows for p in parts])
        it = iter(fitted)
        self.parts = [[next(it) for _ in parts] for parts in rows]   # per box, its lines
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

    def cuts(self, box: Box, own: list[Box], text: str = "") -> list[tuple[int, int]]:
        """Where a line (``box``, made of the table lines ``own``: tightened boxes; ``text``
        as read) is cut: at the table's gutters, under the gaps between partial rules and at
        blank runs wider than ``GAP_RATIO`` line heights."""
        others, ink = self.cov.copy(), self.ink.copy()
        for b in own:
            others[b[0]:b[2]] -= 1
            ink -= self._ink(b)
        runs = blank_runs(self.image, box)
        if "." in text and one_number(text):
            runs = parted_at_point(self.image, self.specked, box, runs, INK_LEVEL)
        found = set(gutter_cuts(box, runs, others, ink)) | set(wide_cuts(box, runs))
        if not one_number(text):
            found |= set(self._rule_cuts(box, runs, others))
        marks = MARKS.findall(text)
        if any(m in ".．" for m in marks):
            found -= beside_points(self.image, box, runs, marks, INK_LEVEL)
        return sorted(found)

    def _rule_cuts(self, box: Box, runs: list[tuple[int, int]],
                   others: np.ndarray) -> list[tuple[int, int]]:
        """The line's blank runs over the gaps between partial rules: of the rule rows above
        it (a column boundary holds for every row under it) and of the first one below (the
        rules under the line's own header cells).  A worn rule is broken at random places as
        well, over the blank between two digits or two characters of one cell, so a gap
        counts where another rule row has one at the same place (wear does not repeat
        itself) or where the table's other lines agree (``others[x]``: how many of their
        boxes cover column x): fewer of them cross the blank than cover the line's glyphs on
        either side of it.  Inside a column, those next to the blank cross it too.  (A line
        read as one number is not cut here at all: ``cuts``.)"""
        cy = (box[1] + box[3]) / 2
        below = [y for y in self.rule_rows if y > cy]
        gaps = [(x0, x1) for y, x0, x1 in self.rule_gaps
                if y < cy or (below and y == below[0])]
        min_gap = GUTTER_GAP * (box[3] - box[1])
        blanks = [(a, b) for a, b in runs if b - a >= min_gap]
        out = []
        for k, (a, b) in enumerate(blanks):
            over = [(x0, x1) for x0, x1 in gaps if a - 2 <= (x0 + x1) / 2 <= b + 2]
            if not over:
                continue
            if int(others[a:b].min()) < min(_beside(others, blanks, k, box[0], box[2])) or any(
                    2 * (min(p[1], q[1]) - max(p[0], q[0])) >= min(p[1] - p[0], q[1] - q[0])
                    for i, p in enumerate(over) for q in over[i + 1:]):
                out.append((a, b))
        return out
