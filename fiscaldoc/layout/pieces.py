"""Candidate ruling lines along the rows of an ink mask (vertical ones: the transposed mask).

``raster.line_mask`` adds faint thin lines to the ink; ``LinePieces`` finds thin runs, chains them
along a row and scores a chain on request (``measure``); ``Collinear`` walks from a chain to
the next one on its line across a blank gap.  ``rules`` decides which chains are rules
(``LineSet``: accepted lines as arrays; ``snap_ends``: ends moved onto the rules they meet).
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from .raster import runs
from .settings import PIECES, PieceSettings



@dataclass(slots=True)
class PixelLine:
    """A line along the rows of a mask: row ``pos``, columns [a, b) (for a vertical line of
    the original image: the transposed mask, so ``pos`` is a column and [a, b) rows)."""

    horizontal: bool
    pos: float
    a: float
    b: float
    thick: float          # mean thickness in pixels
    cover: float          # share of the length made of pieces (covered gaps excluded)
    isolation: float      # share of the length without ink on exactly one side
    clear: float          # share of the length with blank rows on both sides
    straight: bool        # no piece bends more than a level or slightly sloped line
    one_run: float = 1.0  # longest stretch with ink on exactly one side, share of the length

    @property
    def length(self) -> float:
        return self.b - self.a


class LineSet:
    """Lines of one direction with their centre lines, extents and widths as arrays."""

    def __init__(self, lines: list[PixelLine]):
        self.lines = lines
        arr = np.array([(ln.pos, ln.a, ln.b, ln.thick) for ln in lines], np.float64)
        self.pos, self.a, self.b, self.thick = arr.reshape(-1, 4).T


class _Chain:
    __slots__ = ("a", "b", "top", "bottom", "covered", "area", "wsum", "pos_w", "pos",
                 "excused", "members")

    def __init__(self, i: int, x: int, y: int, w: int, h: int, area: int):
        self.a, self.b = x, x + w
        self.top, self.bottom = y, y + h
        self.covered, self.area, self.wsum = w, area, w
        self.pos_w = (y + h / 2) * w
        self.pos = y + h / 2
        self.excused = 0          # bridged gap columns covered by stamp or solid ink
        self.members = [i]

    def add(self, i: int, x: int, y: int, w: int, h: int, area: int, excused: int) -> None:
        self.covered += max(0, x + w - max(x, self.b))
        self.b = max(self.b, x + w)
        self.top, self.bottom = min(self.top, y), max(self.bottom, y + h)
        self.area += area
        self.wsum += w
        self.pos_w += (y + h / 2) * w
        self.pos = self.pos_w / self.wsum
        self.excused += excused
        self.members.append(i)


class LinePieces:
    """Candidate lines along the rows of an ink mask (see ``rules`` for the method).

    ``pos``, ``a``, ``b``, ``lengths`` are arrays over the candidates (untrimmed geometry,
    cheap); ``measure(i)`` trims candidate i to solid ink and scores it, once.
    """

    def __init__(self, ink: np.ndarray, red: np.ndarray, s: float, *, horizontal: bool,
                 settings: PieceSettings = PIECES):
        self.ink, self.red, self.s, self.horizontal = ink, red, s, horizontal
        self.st = st = settings
        k_close = max(3, int(round(st.close_pt * s)) + 1)
        self.closed = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(
            cv2.MORPH_RECT, (k_close, 1)))
        self.k_open = max(5, int(round((st.piece_h_pt if horizontal else st.piece_v_pt) * s)))
        self.opened = cv2.morphologyEx(self.closed, cv2.MORPH_OPEN, cv2.getStructuringElement(
            cv2.MORPH_RECT, (self.k_open, 1)))
        self.max_thick = st.max_thick_pt * s + 2
        self.p = self._pieces()
        self._iso: dict[int, bool] = {}
        self.chains = [c for c in self._chain() if c.b - c.a >= self.k_open]
        self.n = len(self.chains)
        self.pos = np.array([c.pos for c in self.chains], dtype=np.float64)
        self.a = np.array([c.a for c in self.chains], dtype=np.float64)
        self.b = np.array([c.b for c in self.chains], dtype=np.float64)
        self.lengths = self.b - self.a
        self._measured: dict[int, PixelLine] = {}

    # ----------------------------------------------------------------- pieces
    def _pieces(self) -> np.ndarray:
        """Thin runs of the opened mask as rows (x, y, w, h, area), sorted by x.

        A blob thicker than a line (a filled stamp or a bar touching a rule) is cut down to
        the columns where only the line has ink, so the rule on either side survives.
        """
        contours, _ = cv2.findContours(self.opened, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        if not contours:
            return np.zeros((0, 5), np.int64)
        boxes = np.array([cv2.boundingRect(c) for c in contours], np.int64).reshape(-1, 4)
        # pixel count of a blob from its boundary polygon (Pick: area + perimeter / 2 + 1)
        area = np.array([cv2.contourArea(c) + cv2.arcLength(c, True) / 2 + 1 for c in contours])
        x, y, w, h = boxes.T
        thin = (area <= self.max_thick * w) & (h <= self.max_thick + self.st.slope * w)
        rows = [np.column_stack([boxes[thin], np.round(area[thin]).astype(np.int64)])]
        for j in np.flatnonzero(~thin).tolist():
            bx, by, bw, bh = boxes[j].tolist()
            split = self._split_thick(self.opened[by:by + bh, bx:bx + bw], bx, by)
            if split:
                rows.append(np.array(split, np.int64).reshape(-1, 5))
        arr = np.concatenate(rows)
        return arr[np.argsort(arr[:, 0], kind="stable")]

    def _split_thick(self, sub: np.ndarray, x: int, y: int) -> list[tuple[int, int, int, int, int]]:
        """The line inside a blob: the densest band of rows, in the columns where nothing
        else (what touches the line) has ink."""
        row_counts = np.count_nonzero(sub, axis=1)
        peak = int(np.argmax(row_counts))
        strong = row_counts >= 0.3 * row_counts[peak]
        lo = hi = peak
        while lo > 0 and strong[lo - 1] and hi - lo + 1 < self.max_thick:
            lo -= 1
        while hi + 1 < len(strong) and strong[hi + 1] and hi - lo + 1 < self.max_thick:
            hi += 1
        band = sub[lo:hi + 1].any(axis=0)
        rest = sub.copy()
        rest[lo:hi + 1] = 0
        other = rest.any(axis=0)
        out = []
        for r0, r1 in runs(band & ~other):
            if r1 - r0 >= self.k_open:
                area = int(np.count_nonzero(sub[lo:hi + 1, r0:r1]))
                out.append((x + r0, y + lo, r1 - r0, hi - lo + 1, area))
        return out

    # ----------------------------------------------------------------- chains
    def _chain(self) -> list[_Chain]:
        """Join pieces (sorted by x) lying on one row."""
        pos_tol = max(2.0, 0.8 * self.s)
        bridge_px = self.st.bridge_pt * self.s
        active: dict[int, list[_Chain]] = {}
        chains: list[_Chain] = []
        for i, (x, y, w, h, area) in enumerate(self.p.tolist()):
            if i % 256 == 255:           # drop chains too far behind to be joined again
                for k in list(active):
                    active[k] = [c for c in active[k] if x - c.b <= bridge_px]
            p = y + h / 2
            kb = int(p // pos_tol)
            best, best_d = None, pos_tol + 1
            for k in (kb - 1, kb, kb + 1):
                for c in active.get(k, ()):
                    d = abs(c.pos - p)
                    if d < best_d and d <= pos_tol and x - c.b <= bridge_px:
                        best, best_d = c, d
            excused = self._bridge(best, i, x, y, w, h) if best is not None else -1
            if excused < 0:
                c = _Chain(i, x, y, w, h, area)
                chains.append(c)
                active.setdefault(kb, []).append(c)
                continue
            old = int(best.pos // pos_tol)
            best.add(i, x, y, w, h, area, excused)
            new = int(best.pos // pos_tol)
            if new != old:
                active[old].remove(best)
                active.setdefault(new, []).append(best)
        return chains

    def _bridge(self, c: _Chain, i: int, x: int, y: int, w: int, h: int) -> int:
        """Gap columns excused when piece i joins chain c (0 for a small gap), or -1.

        A longer gap joins when at most ``gap_pt`` of it is blank paper in the band and more is
        stamp ink or solid ink lying over the line, and the pieces on both sides are isolated
        and one of them is long (text strokes never bridge; a blank gap stays open).
        """
        gap = x - c.b
        gap_px = self.st.gap_pt * self.s
        if gap <= self.st.join_pt * self.s:
            return 0
        if max(c.b - c.a, w) < self.st.bridge_min_pt * self.s:
            return -1                   # (cheap test first: text strokes are short)
        lo, hi = max(0, min(c.top, y) - 1), max(c.bottom, y + h) + 1
        covered = int((self.closed[lo:hi, c.b:x].any(axis=0)
                       | self.red[lo:hi, c.b:x].any(axis=0)).sum())
        if gap - covered > min(gap_px, covered) or not (self._isolated(c.members[-1]) and self._isolated(i)):
            return -1
        return covered

    def _isolated(self, i: int) -> bool:
        if i not in self._iso:
            one, _, w = self.clear(i)
            self._iso[i] = one >= self.st.bridge_isolation * w
        return self._iso[i]

    def clear(self, i: int) -> tuple[int, int, int]:
        """Columns of piece i without ink on exactly one side, with no ink on either side,
        and its width.  The strips checked lie just above and below the piece's own ink in
        each column, so a slightly sloped line is judged like a level one."""
        up, down = self.sides(i)
        w = len(up)
        return w - int((up ^ down).sum()), w - int((up | down).sum()), w

    def sides(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        """For each column of piece i: ink just above it, ink just below it (see clear)."""
        x, y, w, h, _ = self.p[i].tolist()
        k = max(2, int(round(self.s)))
        own = self.opened[y:y + h, x:x + w] > 0
        has = own.any(axis=0)
        top = np.argmax(own, axis=0)
        bottom = h - 1 - np.argmax(own[::-1], axis=0)
        y0 = max(0, y - 1 - k)
        region = self.ink[y0:y + h + 1 + k, x:x + w] > 0
        cs = np.zeros((region.shape[0] + 1, w), np.int32)
        np.cumsum(region, axis=0, dtype=np.int32, out=cs[1:])
        n, cols = region.shape[0], np.arange(w)

        def busy(r0: np.ndarray, r1: np.ndarray) -> np.ndarray:     # rows [r0, r1)
            r0, r1 = np.clip(r0, 0, n), np.clip(r1, 0, n)
            return (cs[r1, cols] - cs[r0, cols]) > 0

        t, b = top + (y - y0), bottom + (y - y0)
        return busy(t - 1 - k, t - 1) & has, busy(b + 2, b + 2 + k) & has

    def one_sided(self, ln: PixelLine, lo: float, hi: float) -> float:
        """Share of [lo, hi) along *ln* with ink on exactly one side of it."""
        k = max(2, int(round(self.s)))
        r = int(round(ln.thick / 2)) + 1
        y, a, b = int(round(ln.pos)), max(0, int(lo)), int(hi)
        if b <= a:
            return 0.0
        up = self.ink[max(0, y - r - k):max(0, y - r), a:b].any(axis=0)
        down = self.ink[y + r + 1:y + r + 1 + k, a:b].any(axis=0)
        return float(np.count_nonzero(up ^ down)) / (b - a)

    # ----------------------------------------------------------------- measure
    def measure(self, i: int) -> PixelLine:
        """Candidate i trimmed to solid ink at both ends, with its scores."""
        if i in self._measured:
            return self._measured[i]
        c = self.chains[i]
        a, b = _trim(self.ink[c.top:c.bottom, c.a:c.b].any(axis=0), max(3, int(round(self.s))))
        a, b = c.a + a, c.a + b
        length = max(1, b - a)
        one = both = width = 0
        straight = True
        bend = max(2.0, 0.5 * self.s)
        sided = np.zeros(length, bool)       # columns with ink on exactly one side
        for m in c.members:
            up, down = self.sides(m)
            w = len(up)
            one, both, width = one + w - int((up ^ down).sum()), both + w - int((up | down).sum()), width + w
            x = int(self.p[m][0])
            lo, hi = max(x, a), min(x + w, b)
            if hi > lo:
                sided[lo - a:hi - a] |= (up ^ down)[lo - x:hi - x]
            _, _, pw, ph, parea = self.p[m].tolist()
            straight = straight and ph <= parea / pw + self.st.slope * pw + bend   # an arc bows out
        width = max(1, width)
        longest = max((e - st for st, e in runs(sided)), default=0)
        ln = PixelLine(self.horizontal, c.pos, float(a), float(b), c.area / max(1, c.wsum),
                       min(1.0, min(c.covered, length) / max(1, length - c.excused)),
                       one / width, both / width, straight, longest / length)
        self._measured[i] = ln
        return ln

    def measure_span(self, i: int, a: float, b: float) -> PixelLine:
        """Candidate i judged on its columns [a, b) only: an end cut off it (a stroke of a
        character that the line runs on into) says nothing about the rest."""
        ln = self.measure(i)
        c = self.chains[i]
        lo, hi = max(int(a), c.a), min(int(np.ceil(b)), c.b)
        inked = np.zeros(max(0, hi - lo), bool)
        one = both = width = 0
        for m in c.members:
            x, _, w, _, _ = self.p[m].tolist()
            u, v = max(x, lo), min(x + w, hi)
            if v <= u:
                continue
            up, down = self.sides(m)
            up, down = up[u - x:v - x], down[u - x:v - x]
            one += int((~(up ^ down)).sum())
            both += int((~(up | down)).sum())
            width += v - u
            inked[u - lo:v - lo] = True
        width = max(1, width)
        return PixelLine(self.horizontal, ln.pos, float(a), float(b), ln.thick,
                         float(inked.mean()) if len(inked) else 0.0, one / width,
                         both / width, ln.straight)

    def core(self, i: int) -> tuple[float, float]:
        """Candidate i's extent where it is more than half as thick as it typically is.  An
        end that goes on as a sliver is cut: the edge of a character stroke standing right
        beside the line, joined to the line's edge by blur and the closing (the rule between
        two characters of a header, running on into their gap)."""
        c = self.chains[i]
        width = np.zeros(c.b - c.a, np.int64)
        for m in c.members:
            x, y, w, h, _ = self.p[m].tolist()
            seg = width[x - c.a:x - c.a + w]
            np.maximum(seg, np.count_nonzero(self.opened[y:y + h, x:x + w], axis=0), out=seg)
        if not width.any():
            return float(c.a), float(c.b)
        typical = float(np.median(width[width > 0]))
        a, b = _trim(2 * width > typical, max(3, int(round(self.s))))
        return float(c.a + a), float(c.a + b)


def _trim(col: np.ndarray, k: int) -> tuple[int, int]:
    """First and last+1 index where a window of k columns is at least 80 % ink (noise
    speckles joined to a line's end by the closing are cut off)."""
    n = len(col)
    if n <= k:
        return 0, n
    c = np.concatenate(([0], np.cumsum(col, dtype=np.int64)))
    solid = np.flatnonzero((c[k:] - c[:-k]) >= 0.8 * k)
    if not len(solid):
        return 0, n
    a = int(solid[0])
    while a < n and not col[a]:
        a += 1
    b = int(solid[-1]) + k
    while b > a and not col[b - 1]:
        b -= 1
    return a, b


class Collinear:
    """The chains of one direction linked along their lines: from a chain to the next one on
    its line (within *tol* of it) across a gap of up to *gap*, to walk along a broken rule.

    Lines are gridded twice, half a cell apart (two chains within *tol* of each other share a
    cell of one grid); in a cell, a chain's next one is the one after it along the line.
    """

    def __init__(self, axis: LinePieces, tol: float, gap: float):
        self.axis = axis
        n = axis.n
        pairs = []
        for shift in (0.0, 0.5):
            q = np.floor(axis.pos / (2 * tol) + shift)
            o = np.lexsort((axis.a, q))
            i, j = o[:-1], o[1:]
            d = axis.a[j] - axis.b[i]
            ok = ((q[i] == q[j]) & (d >= -tol) & (d <= gap)
                  & (np.abs(axis.pos[j] - axis.pos[i]) <= tol))
            pairs.append(np.stack([i[ok], j[ok], d[ok]]))
        i, j, d = np.concatenate(pairs, axis=1) if n else np.zeros((3, 0))
        self.next = np.full(n, -1, np.int64)
        self.prev = np.full(n, -1, np.int64)
        for src, dst, link in ((i, j, self.next), (j, i, self.prev)) if len(d) else ():
            o = np.lexsort((-d, src))[::-1]             # per source: the nearest comes first
            src, dst = src[o].astype(np.int64), dst[o].astype(np.int64)
            first = np.r_[True, src[1:] != src[:-1]]
            link[src[first]] = dst[first]
        self.paired = (self.next >= 0) | (self.prev >= 0)

    def group(self, i: int) -> list[int]:
        """The chains of chain i's line, in order along it."""
        seen = {i}
        j, before = i, []
        while (j := int(self.prev[j])) >= 0 and j not in seen:
            seen.add(j)
            before.append(j)
        j, after = i, []
        while (j := int(self.next[j])) >= 0 and j not in seen:
            seen.add(j)
            after.append(j)
        return before[::-1] + [i] + after


def snap_ends(lines: list[PixelLine], perp: list[PixelLine], t: float, short: float) -> None:
    """Move an end that stops at a perpendicular rule onto that rule's centre line (a drawn
    rule ends at the centre of the rule it meets; the ink overshoots by half a width, or
    stops *short* of it where a broken rule has a gap)."""
    for ln in lines:
        for p in perp:
            if not p.a - t <= ln.pos <= p.b + t:
                continue
            if -t - p.thick <= ln.a - p.pos <= t + p.thick + short:
                ln.a = p.pos
            if -t - p.thick - short <= ln.b - p.pos <= t + p.thick:
                ln.b = p.pos
