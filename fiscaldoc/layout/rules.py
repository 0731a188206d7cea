"""Ruling lines of a scanned (prepared) page image, returned in page space.

The image becomes an ink mask in which red stamp ink counts as paper (on a page with a
stamp, its red channel lifted to the paper's level, ``raster.without_stamp``: black print
under the seal stays dark; else ``raster.gray_without_red``), joined with the faint thin lines that a ridge filter finds
(``raster.line_mask``: the local-mean ink threshold loses a light rule next to a line of
text).  Both directions are handled alike (vertical rules on the transposed mask), by
``pieces.LinePieces``:

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
rules by blur, stop short of each by the cell padding (``crossing``).

A worn or faint rule comes in pieces with blank gaps.  The pieces of one line
(``pieces.Collinear``) are judged together, as the rule they make up; each clean piece is
accepted but the gaps stay open (a 4 pt gap is also what separates two partial header rules)
until the end: then the pieces of a line that meets or crosses a perpendicular rule (a line
of a ruled grid) are joined across their gaps, unless a gap runs from one perpendicular rule
to another (two tables one under the other).
An end that runs a few points past the last rule it crosses is cut back to it (noise, or the
stroke of a character chained through the rule), and an end stopping short of a rule by
about a gap still meets it.
Wear can leave a grid line in one row as stubs shorter than a piece: they are kept where
they run on from a rule along a grid line found elsewhere in the table (``stubs``).  A short
rule that runs through a rule it crosses may stop a wear gap short of a rule it runs to
(``worn``).  Partial header rules of a 三线表 are found last (``partial``).

Lengths are in points and converted with the transform's resolution, so 150-300 dpi behave
alike.  Ends meeting a perpendicular rule are snapped to its centre line, as drawn.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import cv2
import numpy as np

from ..geometry import POINTS_PER_INCH, PageTransform, Segment
from .closing import close_gaps
from .crossing import runs_through
from .partial import sandwiched
from .pieces import Collinear, LinePieces, LineSet, PixelLine, snap_ends
from .quality import rule_like
from .settings import RULES, RuleSettings
from .raster import gray_without_red, ink_mask, line_mask, red_mask, without_stamp
from .stubs import grid_stubs
from .worn import worn_reach



def find_rules(image: np.ndarray, transform: PageTransform,
               settings: RuleSettings = RULES) -> tuple[Segment, ...]:
    """Horizontal and vertical rules of *image* in page points (see the module doc)."""
    red = red_mask(image)
    # under a red seal the print is read from the red channel, where the seal is faint
    # (``without_stamp``): a rule crossing a seal stays whole instead of being cut by it
    gray = without_stamp(image)[:, :, 0] if cv2.countNonZero(red) else gray_without_red(image, red)
    lines = detect_lines(gray, red, transform.dpi, settings)
    return tuple(_to_page(ln, transform) for ln in lines)


def detect_lines(gray: np.ndarray, red: np.ndarray, dpi: float,
                 settings: RuleSettings = RULES) -> list[PixelLine]:
    """Accepted rules in pixel space of *gray* (``pos`` = row, [a, b) = columns of a
    horizontal one, ``pos`` = column of a vertical one): horizontal ones first."""
    s = dpi / POINTS_PER_INCH
    ink = ink_mask(gray, dpi)
    h = LinePieces(cv2.bitwise_or(ink, line_mask(gray, s)), red, s, horizontal=True,
                   settings=settings.pieces)
    v = LinePieces(cv2.bitwise_or(cv2.transpose(ink), line_mask(cv2.transpose(gray), s)),
                   cv2.transpose(red), s, horizontal=False, settings=settings.pieces)
    return _Acceptor(h, v, s, settings).run()


class _Acceptor:
    """Grows the set of accepted rules from the long ones (see the module doc)."""

    def __init__(self, h: LinePieces, v: LinePieces, s: float, settings: RuleSettings):
        self.axes = {True: h, False: v}
        self.s = s
        self.st = settings
        self.px = px = settings.at(s)     # every length of the settings, in pixels, once
        self.t = px.touch
        self.acc: dict[bool, dict[int, PixelLine]] = {True: {}, False: {}}
        self.thick_limit = float("inf")

    def run(self) -> list[PixelLine]:
        long_px = self.px.long
        for horiz, axis in self.axes.items():
            for i in np.flatnonzero(axis.lengths >= long_px).tolist():
                ln = axis.measure(i)
                # a free-standing rule is continuous; strokes of a text line have gaps
                if rule_like(ln, self.st, self.px.long) and (ln.cover >= self.st.seed_cover
                                              or ln.length >= 2 * long_px):
                    self.acc[horiz][i] = ln
        for horiz in (True, False):     # (seeds of both directions judge each other)
            perp = LineSet(list(self.acc[not horiz].values()))
            self.acc[horiz] = {i: ln for i, ln in self.acc[horiz].items()
                               if self._runs_through(horiz, [i], ln, perp)}
        seeds = sorted(ln.thick for d in self.acc.values() for ln in d.values())
        if seeds:       # short pieces much thicker than the page's rules: a ring, a bar
            self.thick_limit = max(self.st.thick_ratio * seeds[len(seeds) // 2], 1.0 * self.s + 1)
        tol, gap = self.px.group_tol, self.px.group_gap
        self.walker = {horiz: Collinear(axis, tol, gap) for horiz, axis in self.axes.items()}
        self.groups: dict[bool, list[list[int]]] = {True: [], False: []}
        self.group_of: dict[bool, dict[int, int]] = {True: {}, False: {}}
        for _ in range(4):
            grown = (self._grow(False) + self._grow(True)
                     + self._join(False) + self._join(True))
            if not grown:
                break
        self._sandwiched()
        self._cut_overhangs(True)
        self._cut_overhangs(False)
        hs, vs = self._closed(True), self._closed(False)
        hs, vs = hs + self._stubs(True, hs, vs), vs + self._stubs(False, vs, hs)
        snap_ends(hs, vs, self.t, self.px.short)
        snap_ends(vs, hs, self.t, self.px.short)
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
            if i in acc:
                continue
            if not self._supported(rough, perp):
                # (cheap test first: text strokes touch no two rules).  A short rule whose
                # end runs on through a rule into a character stroke (the 出 of a header
                # over a partial rule) is judged without that end; so is an end that goes on
                # as a sliver (the edge of a stroke beside it, joined to it by blur).
                rough.a, rough.b = axis.core(i)
                self._trim(axis, rough, perp)
                if rough.length < axis.b[i] - axis.a[i] and self._supported(rough, perp):
                    ln = axis.measure_span(i, rough.a, rough.b)
                else:       # (or it stops a wear gap short of the rules it runs to)
                    if (worn := self._worn_line(horiz, i, perp)) is not None:
                        acc[i] = worn
                        added += 1
                    continue
            else:
                ln = axis.measure(i)
            if (ln.thick <= self.thick_limit and rule_like(ln, self.st, self.px.long, touched=True)
                    and self._supported(ln, perp)
                    and self._runs_through(horiz, [i], ln, perp)):
                acc[i] = ln
                added += 1
        return added

    def _supported(self, ln: PixelLine, perp: LineSet) -> bool:
        """A rule of at least ``min_h_pt`` / ``min_v_pt`` needs one perpendicular rule touching it; a shorter
        one (a piece of a grid between two rules) needs one at each end."""
        return self._between(ln, perp, one=ln.length >= (self.px.min_h if ln.horizontal else self.px.min_v) and (
            ln.horizontal or ln.length >= self.px.long))

    def _between(self, ln: PixelLine, perp: LineSet, one: bool = False) -> bool:
        """*ln* runs from a perpendicular rule to another (touches one when *one*)."""
        t, short = self.t, self.px.short
        meet = ((ln.a - t - short <= perp.pos) & (perp.pos <= ln.b + t + short)
                & (perp.a - t <= ln.pos) & (ln.pos <= perp.b + t))
        if one:
            return bool(meet.any())
        # a short vertical rule runs from one horizontal rule to the next; a stroke that
        # touches one rule only is text (十 of 十一、十二、… aligned down a column)
        reach = t + perp.thick + short
        return bool((meet & (np.abs(perp.pos - ln.a) <= reach)).any()
                    and (meet & (np.abs(perp.pos - ln.b) <= reach)).any())

    def _join(self, horiz: bool) -> int:
        """Accept the clean pieces of broken rules: the pieces of a line (see
        ``pieces.Collinear``), walked from a long piece or one touching an accepted perpendicular
        rule, are judged as one rule -- long and nearly whole, or running between accepted
        perpendicular rules -- and crossing rules as a rule does.  Its pieces stay apart (a
        gap may be the one between two partial header rules)."""
        axis, acc = self.axes[horiz], self.acc[horiz]
        perp = self._lines(not horiz)
        t = self.t
        start = axis.lengths >= self.px.join_start
        if len(perp.pos):
            start |= ((axis.a[:, None] - t <= perp.pos) & (perp.pos <= axis.b[:, None] + t)
                      & (perp.a - t <= axis.pos[:, None])
                      & (axis.pos[:, None] <= perp.b + t)).any(axis=1)
        for i in np.flatnonzero(start & self.walker[horiz].paired).tolist():
            if i not in self.group_of[horiz]:
                g = self.walker[horiz].group(i)
                for j in g:
                    self.group_of[horiz][j] = len(self.groups[horiz])
                self.groups[horiz].append(g)
        added = 0
        for g in self.groups[horiz]:
            if len(g) < 2 or all(i in acc for i in g):
                continue
            a, b = float(axis.a[g].min()), float(axis.b[g].max())
            if axis.lengths[g].sum() < self.st.min_cover * (b - a):
                continue                # (cheap test first: strokes of text lie apart)
            pos = float(np.average(axis.pos[g], weights=axis.lengths[g]))
            rough = PixelLine(horiz, pos, a, b, 0.0, 0.0, 0.0, 0.0, False)
            whole = b - a >= self.px.long
            ends = None
            if not whole and not self._between(rough, perp):
                if (ends := self._worn_ends(rough, perp)) is None:
                    continue
            need = (self.st.group_cover if whole else self.st.min_cover) * (b - a)
            good: dict[int, PixelLine] = {}
            left, inked = float(axis.lengths[g].sum()), 0.0
            for i in sorted(g, key=lambda i: -axis.lengths[i]):     # longest first: text
                ln = axis.measure(i)                                # fails soon
                if rule_like(ln, self.st, self.px.long) and ln.thick <= self.thick_limit:
                    # (an end cut off an accepted piece that is clean whole is ink of the
                    # line; a worn rule is judged whole, and takes that end back)
                    good[i] = ln if ends or i not in acc else acc[i]
                    inked += ln.length
                elif i in acc:
                    good[i] = acc[i]
                    inked += acc[i].length
                else:
                    left -= axis.lengths[i]
                    if left < need:
                        break
            if left < need or inked < need:
                continue
            thick = float(np.mean([ln.thick for ln in good.values()]))
            line = PixelLine(horiz, pos, a, b, thick, 0.0, 0.0, 0.0, True)
            if not self._runs_through(horiz, list(good), line, perp, 1.0 if ends else self.st.cross_share):
                continue
            if ends:        # (the end pieces run on to the rules their worn ends stop short of)
                first, last = min(good, key=lambda i: good[i].a), max(good, key=lambda i: good[i].b)
                good[first] = replace(good[first], a=min(good[first].a, ends[0]))
                good[last] = replace(good[last], b=max(good[last].b, ends[1]))
            for i, ln in good.items():
                added += i not in acc
                if ends or i not in acc:
                    acc[i] = ln
        return added

    def _worn_ends(self, ln: PixelLine, perp: LineSet) -> tuple[float, float] | None:
        """*ln*'s ends moved onto the rules they stop short of where worn (``worn``)."""
        return worn_reach(self.axes[ln.horizontal], ln, perp, touch=self.t,
                          short=self.px.short, reach=self.px.worn,
                          gap=self.px.worn_gap, clean=self.st.min_isolation,
                          tol=self.px.group_tol)

    def _worn_line(self, horiz: bool, i: int, perp: LineSet) -> PixelLine | None:
        """Candidate i as a rule running on to the rules its worn ends stop short of, when
        it is clean and runs through every rule it crosses (``worn``)."""
        ln = self.axes[horiz].measure(i)
        if not (rule_like(ln, self.st, self.px.long) and ln.thick <= self.thick_limit):
            return None
        ends = self._worn_ends(ln, perp)
        if ends is None or not self._runs_through(horiz, [i], ln, perp, 1.0):
            return None
        return replace(ln, a=ends[0], b=ends[1])

    def _runs_through(self, horiz: bool, chains: list[int], ln: PixelLine, perp: LineSet,
                      share: float | None = None) -> bool:
        """``crossing.runs_through`` on this direction's pieces."""
        return runs_through(self.axes[horiz], chains, ln, perp, touch=self.t,
                            cross=self.px.cross,
                            share=self.st.cross_share if share is None else share)

    def _cut_overhangs(self, horiz: bool) -> None:
        """Cut a rule's end that runs on past the last rule it crosses and meets no rule:
        always when short (noise or a stroke stuck to the end), up to twice as long when
        it has ink on one side (a stroke of a character in the next cell, chained through
        the crossed rule)."""
        axis, acc, perp = self.axes[horiz], self.acc[horiz], self._lines(not horiz)
        if not len(perp.pos):
            return
        group = self.group_of[horiz]
        for i, ln in acc.items():
            mates = [acc[j] for j in self.groups[horiz][group[i]] if j in acc] if i in group else []
            self._trim(axis, ln, perp, mates)

    def _trim(self, axis: LinePieces, ln: PixelLine, perp: LineSet,
              mates: Sequence[PixelLine] = ()) -> None:
        """Cut *ln*'s ends that run on past the last rule it crosses (see _cut_overhangs);
        ``mates``: other pieces of the same broken rule (an end continued by one stays)."""
        short, reach = self.px.overhang, self.t + perp.thick
        across = (perp.a - self.t <= ln.pos) & (ln.pos <= perp.b + self.t)
        inside = perp.pos[across & (perp.pos > ln.a + reach) & (perp.pos < ln.b - reach)]
        if not len(inside):
            return
        for end, last in ((ln.a, inside.min()), (ln.b, inside.max())):
            if (np.any(across & (np.abs(perp.pos - end) <= reach))
                    or any(m.a < ln.a if end == ln.a else m.b > ln.b for m in mates)
                    or abs(last - end) > 2 * short):
                continue                # (meets a rule, continues in a piece, or long)
            lo, hi = sorted((end, last))
            if (abs(last - end) <= short
                    or axis.one_sided(ln, lo, hi) > 1 - self.st.min_isolation):
                if end == ln.a:
                    ln.a = float(last)
                else:
                    ln.b = float(last)

    def _closed(self, horiz: bool) -> list[PixelLine]:
        """Accepted rules of one direction, the pieces of a worn grid line joined
        (``closing.close_gaps``)."""
        return close_gaps(self.acc[horiz], self.groups[horiz], self.axes[horiz],
                          self._lines(not horiz), self.t, self.px.group_gap,
                          lambda ln, perp: self._between(ln, perp, one=True))

    def _stubs(self, horiz: bool, lines: list[PixelLine], perp: list[PixelLine]
               ) -> list[PixelLine]:
        """Stubs of worn grid lines, too short to be pieces (``stubs.grid_stubs``)."""
        return grid_stubs(self.axes[horiz], lines, perp, tol=self.px.group_tol,
                          touch=self.t, min_len=self.px.stub,
                          max_gap=self.px.group_gap, clean=self.st.min_isolation,
                          worn=self.px.worn_gap)

    def _lines(self, horiz: bool) -> LineSet:
        """Accepted rules of one direction, the accepted pieces of a group as one."""
        acc, out = self.acc[horiz], []
        seen: set[int] = set()
        for g in self.groups[horiz]:
            parts = [acc[i] for i in g if i in acc]
            seen.update(g)
            if parts:
                out.append(PixelLine(horiz, float(np.mean([p.pos for p in parts])),
                                     min(p.a for p in parts), max(p.b for p in parts),
                                     float(np.mean([p.thick for p in parts])),
                                     0.0, 0.0, 0.0, True))
        return LineSet(out + [ln for i, ln in acc.items() if i not in seen])

    def _sandwiched(self) -> None:
        """Partial header rules of a horizontally ruled table (``partial.sandwiched``)."""
        longs = [ln for ln in self._lines(True).lines if ln.length >= self.px.long]
        sandwiched(self.axes[True], self.acc[True], longs, self._lines(False).lines,
                   touch=self.t, reach=self.px.sandwich,
                   min_len=self.px.partial_min, cover=self.st.seed_cover,
                   thick_limit=self.thick_limit)


def _to_page(ln: PixelLine, t: PageTransform) -> Segment:
    if ln.horizontal:
        p0, p1 = t.to_page(ln.a, ln.pos), t.to_page(ln.b, ln.pos)
    else:
        p0, p1 = t.to_page(ln.pos, ln.a), t.to_page(ln.pos, ln.b)
    if abs(p1[0] - p0[0]) >= abs(p1[1] - p0[1]):
        return Segment.h(round(p0[0], 2), round(p1[0], 2), round((p0[1] + p1[1]) / 2, 2))
    return Segment.v(round(p0[1], 2), round(p1[1], 2), round((p0[0] + p1[0]) / 2, 2))
