"""Ruling lines of a scanned (prepared) page image, returned in page space.

The image becomes an ink mask in which red stamp ink counts as paper
(``raster.gray_without_red``).  Both directions are handled alike (vertical rules on the
transposed mask), by ``pieces.LinePieces``:

1. a short directional closing bridges gaps of a few pixels in broken or faint lines;
2. a directional opening keeps runs at least ``PIECE_PT`` long: rule pieces, and some text
   strokes; a blob touching a rule (a black stamp, a bar) is cut away from it;
3. pieces on one row are chained across small gaps, and across longer gaps that are mostly
   covered by stamp or solid ink, when the pieces on both sides look like rules.

A chain is a rule when it is thin, made of pieces along most of its length and *isolated*:
along most of it the rows just above and below are blank, or inked on both sides at once (a
crossing).  A text stroke has the rest of its character on one side.  Rules are accepted from
long ones outwards: a rule is long, or touches an accepted perpendicular rule (a short one at
both of its ends), or is a clean partial rule between two accepted long rules (a booktabs
header).  Stroke chains in text touch nothing and are dropped; they are never even measured,
which keeps a dense page fast.  A rule also runs on through the rules it crosses and right up
to those it ends at; strokes of characters stacked down a column, chained across the row
rules by blur, stop short of each by the cell padding.

Lengths are in points and converted with the transform's resolution, so 150-300 dpi behave
alike.  Ends meeting a perpendicular rule are snapped to its centre line, as drawn.
"""
from __future__ import annotations

import cv2
import numpy as np

from ..geometry import POINTS_PER_INCH, PageTransform, Segment
from .pieces import LinePieces, PixelLine
from .raster import gray_without_red, ink_mask, red_mask

LONG_PT = 72.0          # a rule this long needs no support from other rules ...
SEED_COVER = 0.95       # ... when it is this continuous (or twice as long)
MIN_PT = {True: 24.0, False: 14.0}   # shortest rule held by one touch: horizontal, vertical
PARTIAL_MIN_PT = 14.0   # shortest partial header rule of a 三线表 (under a one-character header)
THICK_RATIO = 2.5       # a short rule is at most this much thicker than the long ones
MIN_COVER = 0.75        # share of a rule's length made of pieces (covered gaps excluded)
MIN_ISOLATION = 0.85    # share of a rule's length without ink on exactly one side
MIN_CLEAR = 0.6         # share of a rule's length with blank rows on both sides
TOUCH_PT = 2.0          # a rule ending this close to a perpendicular rule touches it
CROSS_PT = 1.5          # a rule has ink this far before and after each rule it crosses ...
CROSS_SHARE = 0.5       # ... at this share of its crossings at least
SANDWICH_PT = 150.0     # a partial rule lies at most this far from its table's long rules


def find_rules(image: np.ndarray, transform: PageTransform) -> tuple[Segment, ...]:
    """Horizontal and vertical rules of *image* in page points (see the module doc)."""
    red = red_mask(image)
    ink = ink_mask(gray_without_red(image, red), transform.dpi)
    lines = detect_lines(ink, red, transform.dpi / POINTS_PER_INCH)
    return tuple(_to_page(ln, transform) for ln in lines)


def detect_lines(ink: np.ndarray, red: np.ndarray, s: float) -> list[PixelLine]:
    """Accepted rules in pixel space of *ink* (``s`` pixels per point): horizontal ones
    first (``pos`` = row, [a, b) = columns), then vertical ones (``pos`` = column)."""
    h = LinePieces(ink, red, s, horizontal=True)
    v = LinePieces(cv2.transpose(ink), cv2.transpose(red), s, horizontal=False)
    return _Acceptor(h, v, s).run()


def _quality(ln: PixelLine) -> bool:
    return (ln.straight and ln.cover >= MIN_COVER and ln.isolation >= MIN_ISOLATION
            and ln.clear >= MIN_CLEAR)


class _Rules:
    """Accepted rules of one direction, with their centre lines, extents and widths as
    arrays."""

    def __init__(self, lines: list[PixelLine]):
        self.lines = lines
        arr = np.array([(ln.pos, ln.a, ln.b, ln.thick) for ln in lines], np.float64)
        self.pos, self.a, self.b, self.thick = arr.reshape(-1, 4).T


class _Acceptor:
    """Grows the set of accepted rules from the long ones (see the module doc)."""

    def __init__(self, h: LinePieces, v: LinePieces, s: float):
        self.axes = {True: h, False: v}
        self.s = s
        self.t = TOUCH_PT * s
        self.acc: dict[bool, dict[int, PixelLine]] = {True: {}, False: {}}
        self.thick_limit = float("inf")

    def run(self) -> list[PixelLine]:
        long_px = LONG_PT * self.s
        for horiz, axis in self.axes.items():
            for i in np.flatnonzero(axis.lengths >= long_px).tolist():
                ln = axis.measure(i)
                # a free-standing rule is continuous; strokes of a text line have gaps
                if _quality(ln) and (ln.cover >= SEED_COVER or ln.length >= 2 * long_px):
                    self.acc[horiz][i] = ln
        for horiz in (True, False):     # (seeds of both directions judge each other)
            perp = _Rules(list(self.acc[not horiz].values()))
            self.acc[horiz] = {i: ln for i, ln in self.acc[horiz].items()
                               if self._runs_through(horiz, [i], ln, perp)}
        seeds = sorted(ln.thick for d in self.acc.values() for ln in d.values())
        if seeds:       # short pieces much thicker than the page's rules: a ring, a bar
            self.thick_limit = max(THICK_RATIO * seeds[len(seeds) // 2], 1.0 * self.s + 1)
        for _ in range(4):
            grown = self._grow(False) + self._grow(True)
            if not grown:
                break
        self._sandwiched()
        hs = list(self.acc[True].values())
        vs = list(self.acc[False].values())
        _snap_ends(hs, vs, self.t)
        _snap_ends(vs, hs, self.t)
        return sorted(hs, key=lambda ln: (ln.pos, ln.a)) + sorted(vs, key=lambda ln: (ln.pos, ln.a))

    def _grow(self, horiz: bool) -> int:
        """Accept candidates of one direction that touch accepted perpendicular rules."""
        axis, acc = self.axes[horiz], self.acc[horiz]
        perp = self._lines(not horiz)
        if not len(perp.pos) or not axis.n:
            return 0
        t, pp, pa, pb = self.t, perp.pos, perp.a, perp.b
        near = ((axis.a[:, None] - t <= pp[None, :]) & (pp[None, :] <= axis.b[:, None] + t)
                & (pa[None, :] - t <= axis.pos[:, None]) & (axis.pos[:, None] <= pb[None, :] + t))
        added = 0
        for i in np.flatnonzero(near.any(axis=1)).tolist():
            rough = PixelLine(horiz, axis.pos[i], axis.a[i], axis.b[i], 0.0, 0.0, 0.0, 0.0, False)
            if i in acc or not self._supported(rough, perp):
                continue                # (cheap test first: text strokes touch no two rules)
            ln = axis.measure(i)
            if (ln.thick <= self.thick_limit and _quality(ln) and self._supported(ln, perp)
                    and self._runs_through(horiz, [i], ln, perp)):
                acc[i] = ln
                added += 1
        return added

    def _supported(self, ln: PixelLine, perp: _Rules) -> bool:
        """A rule of at least MIN_PT needs one perpendicular rule touching it; a shorter
        one (a piece of a grid between two rules) needs one at each end."""
        return self._between(ln, perp, one=ln.length >= MIN_PT[ln.horizontal] * self.s and (
            ln.horizontal or ln.length >= LONG_PT * self.s))

    def _between(self, ln: PixelLine, perp: _Rules, one: bool = False) -> bool:
        """*ln* runs from a perpendicular rule to another (touches one when *one*)."""
        t = self.t
        meet = ((ln.a - t <= perp.pos) & (perp.pos <= ln.b + t)
                & (perp.a - t <= ln.pos) & (ln.pos <= perp.b + t))
        if one:
            return bool(meet.any())
        # a short vertical rule runs from one horizontal rule to the next; a stroke that
        # touches one rule only is text (十 of 十一、十二、… aligned down a column)
        reach = t + perp.thick
        return bool((meet & (np.abs(perp.pos - ln.a) <= reach)).any()
                    and (meet & (np.abs(perp.pos - ln.b) <= reach)).any())

    def _runs_through(self, horiz: bool, chains: list[int], ln: PixelLine, perp: _Rules) -> bool:
        """A rule runs on through the perpendicular rules it crosses and right up to those
        it ends at: at most of them there is ink just before and (unless it ends there) just
        after the perpendicular rule.  Strokes of characters aligned down a column (十 of
        十一、十二、…) chain across the row rules after blur, or reach them by the closing,
        but each stops short of them by the cell padding."""
        axis, t = self.axes[horiz], self.t
        reach = t + perp.thick
        before, after = perp.pos > ln.a + reach, perp.pos < ln.b - reach
        met = np.flatnonzero((perp.a - t <= ln.pos) & (ln.pos <= perp.b + t) & (before | after)
                             & (ln.a - reach <= perp.pos) & (perp.pos <= ln.b + reach))
        if not len(met):
            return True
        # columns with ink in a band along the line, following its pieces (residual skew)
        d, r = int(round(CROSS_PT * self.s)), int(ln.thick / 2 + 1)
        lo, hi = max(0, int(ln.a) - d - 2), int(ln.b) + d + 3
        rows = np.full(hi - lo, int(round(ln.pos)))
        for m in (m for i in chains for m in axis.chains[i].members):
            x, y, w, h, _ = axis.p[m].tolist()
            rows[max(0, x - lo):max(0, x + w - lo)] = y + h // 2
        band = axis.ink[:, lo:hi]
        has = np.zeros(hi - lo, bool)
        for y in np.unique(rows).tolist():
            cols = np.flatnonzero(rows == y)
            has[cols] = band[max(0, y - r):y + r + 1, cols].any(axis=0)
        cum = np.concatenate(([0], np.cumsum(has)))
        n = len(has)

        def inked(x0: np.ndarray, x1: np.ndarray) -> np.ndarray:    # half of [x0, x1) at least
            x0, x1 = np.clip(x0 - lo, 0, n), np.clip(x1 - lo, 0, n)
            return (x1 > x0) & (2 * (cum[x1] - cum[x0]) >= x1 - x0)

        c, half = perp.pos[met], (perp.thick[met] / 2 + 1).astype(int)
        ci = c.astype(int)
        ok = ((~before[met] | inked(ci - half - d, ci - half))
              & (~after[met] | inked(ci + half + 1, ci + half + d + 1)))
        return int(ok.sum()) >= CROSS_SHARE * len(met)

    def _lines(self, horiz: bool) -> _Rules:
        return _Rules(list(self.acc[horiz].values()))

    def _sandwiched(self) -> None:
        """Partial header rules of a horizontally ruled table: clean, shorter than the long
        rules, and spanned by an accepted long rule above and one below."""
        axis, acc = self.axes[True], self.acc[True]
        longs = [ln for ln in self._lines(True).lines if ln.length >= LONG_PT * self.s]
        if len(longs) < 2:
            return
        t, reach = self.t, SANDWICH_PT * self.s
        verticals = self._lines(False).lines
        for i in np.flatnonzero(axis.lengths >= PARTIAL_MIN_PT * self.s).tolist():
            if i in acc:
                continue
            pos, a, b = axis.pos[i], axis.a[i], axis.b[i]
            # a ruled grid has no partial header rules of this kind: a short stroke that
            # meets a vertical rule is text (一 of "一、" next to a cell's left rule)
            if any(v.a - t <= pos <= v.b + t and a - 3 * t <= v.pos <= b + 3 * t for v in verticals):
                continue
            spans = [ln for ln in longs if ln.a - t <= a and b <= ln.b + t]
            above = [ln for ln in spans if 0 < pos - ln.pos <= reach]
            if not (above and any(0 < ln.pos - pos <= reach for ln in spans)):
                continue
            # partial rules sit in the header: of the table-wide rules, only the top one is
            # above them (in a ruled grid every row has a table-wide rule above it)
            widest = max(ln.length for ln in spans)
            if sum(ln.length >= 0.9 * widest for ln in above) > 1:
                continue
            ln = axis.measure(i)
            if (ln.cover >= SEED_COVER and ln.isolation >= 0.9 and ln.clear >= 0.8
                    and ln.thick <= self.thick_limit):
                acc[i] = ln


def _snap_ends(lines: list[PixelLine], perp: list[PixelLine], t: float) -> None:
    """Move an end that stops at a perpendicular rule onto that rule's centre line (a drawn
    rule ends at the centre of the rule it meets; the ink overshoots by half a width)."""
    for ln in lines:
        for p in perp:
            if not p.a - t <= ln.pos <= p.b + t:
                continue
            if abs(p.pos - ln.a) <= t + p.thick:
                ln.a = p.pos
            if abs(p.pos - ln.b) <= t + p.thick:
                ln.b = p.pos


def _to_page(ln: PixelLine, t: PageTransform) -> Segment:
    if ln.horizontal:
        p0, p1 = t.to_page(ln.a, ln.pos), t.to_page(ln.b, ln.pos)
    else:
        p0, p1 = t.to_page(ln.pos, ln.a), t.to_page(ln.pos, ln.b)
    if abs(p1[0] - p0[0]) >= abs(p1[1] - p0[1]):
        return Segment.h(round(p0[0], 2), round(p1[0], 2), round((p0[1] + p1[1]) / 2, 2))
    return Segment.v(round(p0[1], 2), round(p1[1], 2), round((p0[0] + p1[0]) / 2, 2))
