"""Body rows from the text lines where no rule parts them.

A table body with no horizontal rules between its rows (a 三线表, or a grid with column
rules only) is one tall band of text lines.  Which lines make one row is told by what the
lines hold and by the spacing measured on the band itself (not by constants in points):

* a *value line* holds a figure (an amount, a code, a nil dash) in some column; a figure
  never wraps, so two value lines are two rows, whatever the spacing;
* the *row pitch* is the usual distance between the centres of neighbouring value lines;
  two lines clearly closer than that (a wrapped line is set at the font's line pitch, a row
  adds the cell padding) are one row: a wrapped name, or a name centred around its figures;
* where no line is set closer than the row pitch (no padding: wrapped lines as far apart as
  rows), a text-only line joins the line whose text it continues: in every column where
  both have text, the upper text runs to the column's right text edge (it was wrapped
  there) and the lower starts no new item (一、 / （一） / 1. / a subject code);
* between two value lines left in one row, the cut goes to the widest gap, then before a
  new item, then where no text continues; among equal gaps, by where the band's figures sit
  against their wrapped names (beside the first, middle or last line), voted by the rows
  already told apart.

Pure geometry in PDF points, used by ``grid`` for 三线表 bodies and for ruled bands holding
several rows.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from ..model import Word

FIGURE = re.compile(r"^[-−－+(（]?[\d,，]*\d(?:\.\d+)?[)）]?%?$|^[-—－–]{1,2}$")
ITEM_START = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|"
                        r"\d+[、.．](?!\d)|\d{3,7}(?![\d年])[\u4e00-\u9fff]|其中)")
SAME_LINE = 0.3     # of the text height: centres this close lie on one text line
CLOSER = 0.88       # of the row pitch: lines closer than this are one row
FULL_EMS = 1.5      # text ending this many text heights from its column's right edge is full


@dataclass
class Line:
    """One text line of a band: its extent and its words by column."""

    y0: float
    y1: float
    cy: float
    cols: dict[int, list[Word]] = field(default_factory=dict)

    def text(self, c: int) -> str:
        return "".join(w.text for w in sorted(self.cols.get(c, []), key=lambda w: w.bbox.x0))

    @property
    def figures(self) -> set[int]:
        return {c for c in self.cols if FIGURE.match(self.text(c).replace(" ", ""))}

    def x1(self, c: int) -> float:
        return max(w.bbox.x1 for w in self.cols[c])


def text_lines(words: list[Word], xs) -> list[Line]:
    """Words grouped into lines by their centres, top to bottom, each word in its column."""
    if not words:
        return []
    h = _median([w.bbox.height for w in words])
    lines: list[Line] = []
    for w in sorted(words, key=lambda w: w.bbox.cy):
        if lines and w.bbox.cy - lines[-1].cy <= SAME_LINE * h:
            ln = lines[-1]
            n = sum(len(v) for v in ln.cols.values())
            ln.cy = (ln.cy * n + w.bbox.cy) / (n + 1)
            ln.y0, ln.y1 = min(ln.y0, w.bbox.y0), max(ln.y1, w.bbox.y1)
        else:
            ln = Line(w.bbox.y0, w.bbox.y1, w.bbox.cy)
            lines.append(ln)
        c = min(max(bisect_right(xs, w.bbox.cx) - 1, 0), len(xs) - 2)
        ln.cols.setdefault(c, []).append(w)
    return lines


def stacked(lines: list[Line]) -> bool:
    """Whether two value lines hold a figure in one column (two rows in one band)."""
    seen: set[int] = set()
    for ln in lines:
        f = ln.figures
        if f & seen:
            return True
        seen |= f
    return False


def band_rows(words: list[Word], xs) -> list[tuple[float, float]]:
    """The rows (top, bottom) of a band of text lines, top to bottom (see module doc)."""
    lines = text_lines(words, xs)
    if not lines:
        return []
    figs = [bool(ln.figures) for ln in lines]
    pitch = _row_pitch(lines, figs)
    h = _median([w.bbox.height for ln in lines for ws in ln.cols.values() for w in ws])
    edges = _right_edges(lines, xs)
    gaps = [b.cy - a.cy for a, b in zip(lines, lines[1:])]
    close = [d < CLOSER * pitch for d in gaps]
    cont = [_continues(a, b, edges, h) for a, b in zip(lines, lines[1:])]
    # wrapped lines set closer than rows somewhere: the spacing tells rows apart, and text
    # running to a column's edge is no reason to join lines as far apart as rows
    spaced = _wraps_closer(lines, CLOSER * pitch)
    cut = [not (c or (k and not spaced)) for c, k in zip(close, cont)]
    # two value lines are two rows: between neighbouring ones, cut at the widest gap (a new
    # item, then text not continued, decide between equal gaps) when nothing cut there yet
    valued = [i for i, f in enumerate(figs) if f]
    align = _alignment(cut, figs)
    for a, b in zip(valued, valued[1:]):
        if any(cut[a:b]):
            continue
        score = [(round(gaps[i] / max(h, 1e-9) * 4), _starts_item(lines[i + 1]), not cont[i])
                 for i in range(a, b)]
        ties = [a + k for k, sc in enumerate(score) if sc == max(score)]
        if align == "top":
            best = ties[-1]
        elif align == "bottom":
            best = ties[0]
        else:                   # centred: as many lines under a's figures as above them
            start = max((i + 1 for i in range(a) if cut[i]), default=0)
            best = min(ties, key=lambda i: abs((i - a) - (a - start)))
        cut[best] = True
    rows: list[tuple[float, float]] = []
    group = [lines[0]]
    for ln, c in zip(lines[1:], cut):
        if c:
            rows.append((min(x.y0 for x in group), max(x.y1 for x in group)))
            group = []
        group.append(ln)
    rows.append((min(x.y0 for x in group), max(x.y1 for x in group)))
    return rows


def row_cuts(rows: list[tuple[float, float]]) -> list[float]:
    """Positions between neighbouring rows (half way between their text)."""
    return [(a[1] + b[0]) / 2 for a, b in zip(rows, rows[1:])]


def _row_pitch(lines: list[Line], figs: list[bool]) -> float:
    """A single-line row's height, measured between value lines (two value lines are two
    rows): the widest distance between neighbouring lines from one value line down to the
    next is where their rows part; the lower quartile of these (rows of wrapped names part
    no wider than single-line rows).  A row's lines keep at least a line pitch from the next
    row's, however its cells centre their wrapped lines, so that widest distance is at least
    the row's padding plus a line pitch.  With fewer than two value lines, the usual distance
    between two text lines one under the other in a column."""
    at = [i for i, f in enumerate(figs) if f]
    d = [max(lines[k + 1].cy - lines[k].cy for k in range(a, b)) for a, b in zip(at, at[1:])]
    if not d:
        return _line_pitch(lines)
    d.sort()
    return d[len(d) // 4]


def _line_pitch(lines: list[Line]) -> float:
    """The usual (lower quartile) distance between two text lines one under the other in a
    column."""
    d: list[float] = []
    last: dict[int, float] = {}
    for ln in lines:
        for c in ln.cols:
            if c in last:
                d.append(ln.cy - last[c])
            last[c] = ln.cy
    if not d:
        return 0.0
    d.sort()
    return d[len(d) // 4]


def _right_edges(lines: list[Line], xs) -> dict[int, float]:
    """Per column, where its wrapped text-only (not figure) words end: the right edge of its
    text, and at least the column's right side less the padding its text keeps on the left
    (a name column wider than its names has no wrapped names)."""
    out: dict[int, float] = {}
    left: dict[int, float] = {}
    for ln in lines:
        f = ln.figures
        for c in ln.cols:
            if c not in f:
                out[c] = max(out.get(c, float("-inf")), ln.x1(c))
                left[c] = min(left.get(c, float("inf")), min(w.bbox.x0 for w in ln.cols[c]))
    return {c: max(e, xs[c + 1] - max(0.0, left[c] - xs[c])) for c, e in out.items()}


def _continues(upper: Line, lower: Line, edges: dict[int, float], h: float) -> bool:
    """Whether one of two neighbouring lines (not both holding figures) is the other's text
    wrapped: a text-only line with text only in columns where the other has text too (the
    upper one when the figures sit on a name's last line, the lower one when on its first),
    and in each of them the upper text runs to the column's edge and the lower starts no
    item."""
    if upper.figures and lower.figures:
        return False
    for free, other in ((lower, upper), (upper, lower)):
        if free.figures or any(c not in other.cols or c in other.figures for c in free.cols):
            continue
        return all(upper.x1(c) >= edges[c] - FULL_EMS * h
                   and not ITEM_START.match(lower.text(c)) for c in free.cols)
    return False


def _alignment(cut: list[bool], figs: list[bool]) -> str:
    """Where a row's figures sit against its wrapped text ("top", "bottom" or "centre"),
    by a vote of the rows already told apart that hold one value line and other lines."""
    votes = {"top": 0, "bottom": 0, "centre": 0}
    start = 0
    for end in [i + 1 for i, c in enumerate(cut) if c] + [len(figs)]:
        at = [i for i in range(start, end) if figs[i]]
        if len(at) == 1 and end - start > 1:
            above, below = at[0] - start, end - 1 - at[0]
            key = "top" if above == 0 else "bottom" if below == 0 else (
                "centre" if above == below else "")
            if key:
                votes[key] += 1
        start = end
    return max(("centre", "top", "bottom"), key=lambda k: votes[k])


def _wraps_closer(lines: list[Line], limit: float) -> bool:
    """Whether some column has two text lines, one under the other, closer than ``limit``."""
    last: dict[int, float] = {}
    for ln in lines:
        f = ln.figures
        for c in ln.cols:
            if c in f:
                continue
            if c in last and ln.cy - last[c] < limit:
                return True
            last[c] = ln.cy
    return False


def _starts_item(line: Line) -> bool:
    return any(ITEM_START.match(line.text(c)) for c in line.cols if c not in line.figures)


def _median(values) -> float:
    v = sorted(values)
    return v[len(v) // 2] if v else 0.0


def mend_rows(rows: list[tuple[float, float]], words: list[Word],
              xs) -> list[tuple[float, float]]:
    """Rows found from the spacing alone, or, when one of them stacks two value lines in a
    column (the spacing misled: rows set as tight as wrapped lines), the rows of
    `band_rows`: the spacing's other joins are then not to be trusted either."""
    for r in rows:
        if stacked(text_lines([w for w in words if r[0] - 0.01 <= w.bbox.cy <= r[1] + 0.01],
                              xs)):
            return band_rows(words, xs)
    return rows


def band_cuts(words: list[Word], xs) -> list[float]:
    """Where a ruled band whose lines stack two value lines in a column is cut into rows
    (nothing for a band holding one row)."""
    if not stacked(text_lines(words, xs)):
        return []
    return row_cuts(band_rows(words, xs))
