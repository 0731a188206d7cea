"""Regions of a scanned (prepared) page in page space: seal, table, figure, header, footer,
title and text blocks.

The pipeline builds title, text and table blocks itself (``layout.lines``, the grids); what it
takes from here is ``page_regions`` on a scanned page (seals, figures, the running header and
footer) and ``margin_regions`` on a digital one, merged by ``with_regions``.

Deterministic rules on a copy of the page at about 100 dpi (``raster.SmallCopy``):

* seal: a blob of red stamp ink, roughly round (or a squat oval), between ~0.3 and 3.5 inch;
* table: a cluster of ruling lines (two or more horizontal and two or more vertical rules
  that meet, or three or more horizontal rules over the same span with text between);
  without rules, three or more consecutive rows of given text ``lines`` cut into cells at
  the same column gaps (an unruled table);
* figure: a region of large, non-character ink (bars, pictures, charts) outside tables;
* header / footer: text in the top / bottom 6 % of the page, at most two rows set apart
  from the body;
* title: a centred line at least 1.25 times the height of the page's body lines and
  narrower than nine tenths of the text width (consecutive ones form one block);
* text: the remaining lines, grouped into blocks by vertical proximity and overlap.

Text lines are the given ``lines`` (OCR text lines in page space), or else boxes of ink
joined along rows, in which case the blocks carry no ``lines``.  The analysis runs in the
page as read (upright, straightened; see ``_Frame``); the boxes returned are page space.
"""
from __future__ import annotations

from typing import Sequence

import cv2
import numpy as np

from ..geometry import BBox, PageTransform, Segment
from ..unionfind import UnionFind
from ..model import Block, BlockKind, Line
from .raster import SmallCopy
from .settings import REGIONS, RegionSettings

DEFAULT = REGIONS


def segment(image: np.ndarray, transform: PageTransform, rules: tuple[Segment, ...],
            lines: Sequence[Line] = (), settings: RegionSettings = DEFAULT) -> list[Block]:
    """Blocks of the page in reading order, boxes in page space (see the module doc)."""
    if image.shape[:2] != (transform.image_height, transform.image_width):
        raise ValueError("image size does not match the transform")
    small = SmallCopy(image, transform.dpi)
    fr = _Frame(small, transform)
    st = settings
    seals = _seals(small, fr, st)
    tables = _rule_tables([fr.segment(r) for r in rules], fr.height, st)
    items: list[_Item]
    if lines:
        items = [(fr.box(w.bbox), w) for w in lines]
    else:
        items = [(fr.pixels(x, y, x + w, y + h), None)
                 for x, y, w, h in small.line_boxes().tolist()]
    items = [it for it in items if not any(_inside(it[0], s) for s in seals)]
    free = [it for it in items if not any(_inside(it[0], t) for t in tables)]
    if lines:
        tables += _aligned_tables([it[0] for it in free])
        free = [it for it in free if not any(_inside(it[0], t) for t in tables)]
    figures = _figures(small, fr, tables + seals, st)
    free = [it for it in free if not any(_inside(it[0], f) for f in figures)]

    blocks = [Block("seal", b, _words_in(items, b)) for b in seals]
    blocks += [Block("table", b, _words_in(items, b)) for b in tables]
    blocks += [Block("figure", b, _words_in(items, b)) for b in figures]
    blocks += _text_blocks(free, fr.height, st)
    blocks.sort(key=lambda b: (round(b.bbox.y0, 1), b.bbox.x0))
    return [Block(b.kind, fr.to_page(b.bbox), b.lines) for b in blocks]


class _Frame:
    """The page as it is read -- upright and straightened -- in points: the prepared
    image's pixels over its resolution.  The same as page space unless the scan was turned
    or deskewed; the analysis runs here so that lines of text are level."""

    def __init__(self, small: SmallCopy, transform: PageTransform):
        self.t = transform.scale(small.f)
        self.sp = small.dpi / 72.0
        self.width = small.ink.shape[1] / self.sp
        self.height = small.ink.shape[0] / self.sp

    def box(self, b: BBox) -> BBox:
        """A page-space box in the frame (the box around its four corners)."""
        x0, y0, x1, y1 = self.t.box_to_pixels(b)
        return self.pixels(x0, y0, x1, y1)

    def pixels(self, x0: float, y0: float, x1: float, y1: float) -> BBox:
        """A box in pixels of the small copy, in the frame."""
        return BBox(x0 / self.sp, y0 / self.sp, x1 / self.sp, y1 / self.sp)

    def segment(self, r: Segment) -> Segment:
        (ax, ay), (bx, by) = self.t.to_pixels(r.x0, r.y0), self.t.to_pixels(r.x1, r.y1)
        ax, ay, bx, by = ax / self.sp, ay / self.sp, bx / self.sp, by / self.sp
        if abs(bx - ax) >= abs(by - ay):
            return Segment.h(ax, bx, (ay + by) / 2)
        return Segment.v(ay, by, (ax + bx) / 2)

    def to_page(self, b: BBox) -> BBox:
        sp = self.sp
        return self.t.box_to_page((b.x0 * sp, b.y0 * sp, b.x1 * sp, b.y1 * sp)).rounded()


REGION_KINDS = ("seal", "figure", "header", "footer")

_Item = tuple[BBox, "Line | None"]    # a text line's box in the frame, and the line if given
_Group = tuple[BlockKind, list[_Item]]


def page_regions(image: np.ndarray, transform: PageTransform, rules: tuple[Segment, ...],
                 lines: Sequence[Line] = (), settings: RegionSettings = DEFAULT
                 ) -> tuple[Block, ...]:
    """The regions the pipeline's own blocks (title, text, table) do not give: seals and
    figures (found in the pixels) and the running header and footer."""
    return tuple(b for b in segment(image, transform, rules, lines, settings)
                 if b.kind in REGION_KINDS)


def margin_regions(lines: Sequence[Line], page_height: float,
                   settings: RegionSettings = DEFAULT) -> tuple[Block, ...]:
    """The running header and footer of a page from its text lines alone (a digital page):
    at most two rows in the top or bottom ``margin_band`` of the page, set apart from the
    body by more than a line."""
    blocks = _text_blocks([(w.bbox, w) for w in lines], page_height, settings)
    return tuple(b for b in blocks if b.kind in ("header", "footer"))


def with_regions(blocks: Sequence[Block], regions: Sequence[Block]) -> list[Block]:
    """The page's blocks with its regions: a text block inside a header or footer
    region takes that kind; seals and figures are added.  Reading order."""
    margins = [r for r in regions if r.kind in ("header", "footer")]
    out: list[Block] = []
    for b in blocks:
        home = next((r for r in margins if b.kind == "text"
                     and r.bbox.expand(1.0).contains_point(b.bbox.cx, b.bbox.cy)), None)
        out.append(Block(home.kind, b.bbox, b.lines) if home is not None else b)
    out += [r for r in regions if r.kind in ("seal", "figure")]
    out.sort(key=lambda b: (round(b.bbox.y0, 1), b.bbox.x0))
    return out


def _inside(box: BBox, region: BBox) -> bool:
    """Whether a box lies (mostly) inside a region: its centre does."""
    return region.contains_point(box.cx, box.cy)


def _words_in(items: Sequence[_Item], region: BBox) -> tuple[Line, ...]:
    return tuple(w for b, w in items if w is not None and _inside(b, region))


# ------------------------------------------------------------------------------ seals

def _seals(small: SmallCopy, fr: _Frame, st: RegionSettings) -> list[BBox]:
    if not cv2.countNonZero(small.red):
        return []
    k = max(3, int(small.dpi * 4 / 72))                       # join strokes ~4 pt apart
    joined = cv2.morphologyEx(small.red, cv2.MORPH_CLOSE, np.ones((k, k), np.uint8))
    n, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    s = small.dpi / 72.0
    out = []
    for x, y, w, h, area in stats[1:].tolist():
        lo, hi = min(w, h) / s, max(w, h) / s
        if lo >= st.seal_min_pt and hi <= st.seal_max_pt and hi <= 1.6 * lo:
            out.append(fr.pixels(x, y, x + w, y + h))
    # a star or text inside a ring is part of that seal
    return [b for b in out if not any(o != b and o.expand(1.0).contains_point(b.x0, b.y0)
                                      and o.expand(1.0).contains_point(b.x1, b.y1) for o in out)]


# ----------------------------------------------------------------------------- tables

def _rule_tables(segments: Sequence[Segment], page_h: float, st: RegionSettings) -> list[BBox]:
    """Boxes of rule clusters that look like tables."""
    rules = [r for r in segments if r.length >= 3.0]
    uf = UnionFind(len(rules))
    for i in range(len(rules)):
        for j in range(i + 1, len(rules)):
            if _linked(rules[i], rules[j], page_h, st):
                uf.union(i, j)
    groups = {k: [rules[i] for i in members] for k, members in uf.groups().items()}
    out = []
    for g in groups.values():
        hs = [r for r in g if r.horizontal]
        vs = [r for r in g if not r.horizontal]
        box = BBox(min(r.x0 for r in g), min(r.y0 for r in g),
                   max(r.x1 for r in g), max(r.y1 for r in g))
        if (len(hs) >= 2 and len(vs) >= 2) or (len(hs) >= 3 and not vs and box.height >= 20):
            out.append(box)
    return out


def _linked(a: Segment, b: Segment, page_h: float, st: RegionSettings) -> bool:
    """Rules of one table: a horizontal and a vertical rule that meet; horizontal rules over
    the same span close together, or farther apart (a long booktabs table) when their ends
    agree and neither is a running header or footer rule."""
    t = st.touch_pt
    if a.horizontal != b.horizontal:
        h, v = (a, b) if a.horizontal else (b, a)
        return h.x0 - t <= v.x0 <= h.x1 + t and v.y0 - t <= h.y0 <= v.y1 + t
    if not a.horizontal:
        return False
    ov = min(a.x1, b.x1) - max(a.x0, b.x0)
    if ov < 0.8 * min(a.length, b.length):
        return False
    dy = abs(a.y0 - b.y0)
    if dy <= st.stack_pt:
        return True
    band = st.margin_band * page_h
    same_ends = abs(a.x0 - b.x0) <= t and abs(a.x1 - b.x1) <= t
    inner = all(band < r.y0 < page_h - band for r in (a, b))
    return same_ends and inner

def _aligned_tables(boxes: list[BBox]) -> list[BBox]:
    """Unruled tables: runs of >= 3 rows cut into cells at a shared column gap, with the
    header rows right above them."""
    if not boxes:
        return []
    hm = float(np.median([b.height for b in boxes]))
    rows = _rows(boxes, hm)
    out: list[BBox] = []
    run: list[int] = []
    for i in range(len(rows) + 1):
        cells = rows[i] if i < len(rows) else []
        gaps = [c.x0 - p.x1 for p, c in zip(cells, cells[1:])]
        multi = bool(gaps) and max(gaps) >= 1.5 * hm
        close = bool(run) and bool(cells) and \
            cells[0].y0 - max(b.y1 for b in rows[run[-1]]) <= 2.5 * hm
        if multi and (not run or close):
            run.append(i)
            continue
        if len(run) >= 3 and _shared_gap([rows[k] for k in run]):
            out.append(_with_header(rows, run))
        run = [i] if multi else []
    return out


def _rows(boxes: list[BBox], hm: float) -> list[list[BBox]]:
    """Boxes grouped into rows (centres within half a line height), each sorted by x."""
    rows: list[list[BBox]] = []
    for b in sorted(boxes, key=lambda b: b.cy):
        if rows and abs(b.cy - float(np.mean([r.cy for r in rows[-1]]))) <= 0.5 * hm:
            rows[-1].append(b)
        else:
            rows.append([b])
    return [sorted(r, key=lambda b: b.x0) for r in rows]


def _with_header(rows: list[list[BBox]], run: list[int]) -> BBox:
    """The run's box grown by the rows right above it inside its width (header rows, a
    spanning cell) that are no farther from it than its own rows are from each other."""
    box = BBox.enclosing(b for k in run for b in rows[k])
    spacing = max(rows[k + 1][0].y0 - max(b.y1 for b in rows[k]) for k in run[:-1])
    k = run[0] - 1
    while k >= 0 and box.y0 - max(b.y1 for b in rows[k]) <= 1.5 * max(spacing, 1.0) \
            and all(box.x0 - 1 <= b.x0 and b.x1 <= box.x1 + 1 for b in rows[k]):
        box = box.union(BBox.enclosing(rows[k]))
        k -= 1
    return box


def _shared_gap(rows: list[list[BBox]]) -> bool:
    """Whether some vertical strip is free of text in every row and has text on both sides."""
    x0 = min(b.x0 for r in rows for b in r)
    x1 = max(b.x1 for r in rows for b in r)
    edges = sorted({round(b.x1, 1) for r in rows for b in r})
    for e in edges:
        probe = e + 1.0
        if probe >= x1:
            continue
        if all(not any(b.x0 <= probe <= b.x1 for b in r)
               and any(b.x1 <= probe for b in r) and any(b.x0 >= probe for b in r)
               for r in rows):
            return x0 < probe
    return False


# ---------------------------------------------------------------------------- figures

def _figures(small: SmallCopy, fr: _Frame, taken: list[BBox], st: RegionSettings) -> list[BBox]:
    """Regions of large non-character ink outside tables and seals."""
    if small.em <= 0 and not cv2.countNonZero(small.ink):
        return []
    ink = small.ink.copy()
    for b in taken:
        x0, y0, x1, y1 = (int(round(v * fr.sp)) for v in (b.x0 - 2, b.y0 - 2, b.x1 + 2, b.y1 + 2))
        ink[max(0, y0):max(0, y1), max(0, x0):max(0, x1)] = 0
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    em = small.em if small.em > 0 else small.dpi * 10 / 72
    big = np.zeros(n, bool)
    size = np.maximum(stats[:, 2], stats[:, 3])
    thin = np.minimum(stats[:, 2], stats[:, 3])
    big[1:] = (size[1:] > 2.5 * em) & (thin[1:] > 0.4 * em)     # not a character, not a rule
    if not big.any():
        return []
    mask = np.where(big[labels], 255, 0).astype(np.uint8)
    k = max(3, int(round(em)))
    grown = cv2.dilate(mask, np.ones((k, k), np.uint8))
    m, _, st2, _ = cv2.connectedComponentsWithStats(grown, connectivity=8)
    s = small.dpi / 72.0
    out = []
    for x, y, w, h, _ in st2[1:].tolist():
        if w / s >= st.figure_min_pt[0] and h / s >= st.figure_min_pt[1]:
            out.append(fr.pixels(x + k // 2, y + k // 2, x + w - k // 2, y + h - k // 2))
    return out


# ------------------------------------------------------------------------------- text

def _text_blocks(items: Sequence[_Item], page_h: float, st: RegionSettings) -> list[Block]:
    if not items:
        return []
    items = sorted(items, key=lambda it: (it[0].cy, it[0].x0))
    hm_all = float(np.median([it[0].height for it in items]))
    n_head = sum(1 for it in items if it[0].cy <= st.margin_band * page_h)
    n_foot = sum(1 for it in items if it[0].cy >= (1 - st.margin_band) * page_h)
    head, foot = items[:n_head], items[len(items) - n_foot:]
    out: list[Block] = []
    # at most two rows, set apart from the body by more than a line
    if (0 < _n_rows(head, hm_all) <= 2 and n_head < len(items)
            and items[n_head][0].y0 - max(it[0].y1 for it in head) > hm_all):
        out.append(_block("header", head))
    else:
        n_head = 0
    if (0 < _n_rows(foot, hm_all) <= 2 and n_foot < len(items) - n_head
            and min(it[0].y0 for it in foot) - max(it[0].y1 for it in items[:-n_foot]) > hm_all):
        out.append(_block("footer", foot))
    else:
        n_foot = 0
    body = items[n_head:len(items) - n_foot]
    if not body:
        return out
    wide = [it[0].height for it in body if it[0].width >= 3 * it[0].height]
    hm = float(np.median(wide or [it[0].height for it in body]))
    left = min(it[0].x0 for it in body)
    right = max(it[0].x1 for it in body)
    cx, span = (left + right) / 2, right - left
    groups: list[_Group] = []
    for it in body:
        b = it[0]
        kind: BlockKind = ("title" if b.height >= st.title_ratio * hm and abs(b.cx - cx) <= 0.1 * span
                and 1.5 * b.height <= b.width <= 0.9 * span else "text")
        target = _joinable(groups, kind, b, hm)
        if target:
            target[0][1].append(it)
        else:
            groups.append((kind, [it]))
    out += [_block(kind, members) for kind, members in _merge_touching(groups, hm)]
    return out


def _n_rows(items: Sequence[_Item], hm: float) -> int:
    return len(_rows([it[0] for it in items], hm)) if items else 0


def _merge_touching(groups: list[_Group], hm: float) -> list[_Group]:
    """Merge text groups whose boxes touch (pieces of one line that were split, a line
    that started a block next to an earlier one)."""
    groups = [(k, list(m)) for k, m in groups]
    changed = True
    while changed:
        changed = False
        for i in range(len(groups)):
            for j in range(i + 1, len(groups)):
                (ki, mi), (kj, mj) = groups[i], groups[j]
                if ki != "text" or kj != "text":
                    continue
                a = BBox.enclosing(it[0] for it in mi)
                b = BBox.enclosing(it[0] for it in mj)
                grown = BBox(a.x0 - hm, a.y0 - 0.3 * hm, a.x1 + hm, a.y1 + 0.3 * hm)
                if grown.intersection_area(b) > 0:
                    mi.extend(mj)
                    del groups[j]
                    changed = True
                    break
            if changed:
                break
    for _, m in groups:
        m.sort(key=lambda it: (it[0].cy, it[0].x0))
    return groups


def _joinable(groups: list[_Group], kind: BlockKind, b: BBox, hm: float) -> list[_Group]:
    """The group of the same kind this line continues (a one-element list, or empty): its
    lowest line ends at most 1.2 line heights above this one and they overlap horizontally."""
    for g in reversed(groups):
        if g[0] != kind:
            continue
        bottom = max(it[0].y1 for it in g[1])
        last = BBox.enclosing(it[0] for it in g[1])
        overlap = min(last.x1, b.x1) - max(last.x0, b.x0)
        if b.y0 - bottom <= 1.2 * max(hm, b.height) and overlap > 0:
            return [g]
    return []


def _block(kind: BlockKind, members: Sequence[_Item]) -> Block:
    box = BBox.enclosing(it[0] for it in members)
    return Block(kind, box, tuple(w for _, w in members if w is not None))
