"""What the text of a horizontally ruled table (三线表) says about its grid.

Columns come from the gaps in the words' x-extents (anchored on the header texts when the
header has no partial rules), rows from chains of vertically overlapping words; a header cell
spanning rows is told by its text sitting around the middle of the span.

Pure geometry in PDF points, used by ``grid``.
"""
from __future__ import annotations

from ..geometry import Segment
from ..model import Word


def text_gaps(words: list[Word]) -> list[tuple[float, float]]:
    """Horizontal gaps in the union of the words' x-extents."""
    intervals = sorted((w.bbox.x0, w.bbox.x1) for w in words)
    gaps: list[tuple[float, float]] = []
    if intervals:
        cur1 = intervals[0][1]
        for a, b in intervals[1:]:
            if a > cur1 + 1.0:
                gaps.append((cur1, a))
            cur1 = max(cur1, b)
    return gaps


def anchored_gaps(gaps, head_words: list[Word]) -> list[tuple[float, float]]:
    """A single-row header with no partial rules: one column per header text.

    Keeps, between two neighbouring header texts, the widest text gap, and drops gaps before
    the first or after the last header text (body text there belongs to the outer columns).
    """
    hw = sorted(head_words, key=lambda w: w.bbox.x0)
    kept = []
    for a, b in zip(hw, hw[1:]):
        between = [g for g in gaps if a.bbox.x1 - 1 <= g[0] and g[1] <= b.bbox.x0 + 1]
        if between:
            kept.append(max(between, key=lambda g: g[1] - g[0]))
    return kept


def inside_single_header_cell(gap: tuple[float, float], lowest_rules: list[Segment],
                              last_words: list[Word]) -> bool:
    """A text gap under one header cell whose sub-header row has no text on both sides.

    A header cell's rule stops near the cell's edges (trimmed, or worn or run on a few points
    in a poor scan): a rule ending inside the gap says the gap is that cell's edge, wherever
    the gap's middle falls."""
    g0, g1 = gap
    b = (g0 + g1) / 2
    for s in lowest_rules:
        if s.x0 + 1 < b < s.x1 - 1:
            if s.x0 >= g0 - 1 or s.x1 <= g1 + 1:     # the rule ends in the gap
                return False
            left = any(s.x0 - 2 <= w.bbox.x0 and w.bbox.x1 <= b for w in last_words)
            right = any(b <= w.bbox.x0 and w.bbox.x1 <= s.x1 + 2 for w in last_words)
            return not (left and right)
    return False


def under_spanning_text(gap: tuple[float, float], words, top: float, last_top: float,
                        lowest_rules: list[Segment]) -> bool:
    """A text gap of the last header row under a word of the rows above that no rule
    underlines: that word's cell spans down into the last row (its wrapped text reaches
    there, e.g. "(境) 费" under "因公出国"), so the gap lies inside one cell."""
    if not lowest_rules:
        return False
    g0, g1 = gap
    for w in words:
        if top < w.bbox.cy <= last_top + 1.0 and w.bbox.x0 - 1 <= g0 and g1 <= w.bbox.x1 + 1 \
                and not any(s.x0 - 1 <= w.bbox.cx <= s.x1 + 1 for s in lowest_rules):
            return True
    return False


def centred_text(words, x0: float, x1: float, y0: float, y1: float) -> bool:
    """Whether the text in a box sits around its vertical middle (a merged cell)."""
    ws = [w for w in words if x0 <= w.bbox.cx <= x1 and y0 <= w.bbox.cy <= y1]
    if not ws:
        return False
    cy = (min(w.bbox.y0 for w in ws) + max(w.bbox.y1 for w in ws)) / 2
    h = y1 - y0
    return y0 + 0.3 * h <= cy <= y1 - 0.3 * h


def text_rows(words: list[Word]) -> list[tuple[float, float]]:
    """Group words into table rows: vertical overlap chains, then wrapped lines joined."""
    if not words:
        return []
    ws = sorted(words, key=lambda w: w.bbox.y0)
    lines: list[list[float]] = []
    for w in ws:
        if lines and w.bbox.y0 < lines[-1][1] - 0.3 * min(w.bbox.height, lines[-1][2]):
            ln = lines[-1]
            ln[1] = max(ln[1], w.bbox.y1)
            ln[2] = min(ln[2], w.bbox.height)
        else:
            lines.append([w.bbox.y0, w.bbox.y1, w.bbox.height])
    heights = sorted(ln[2] for ln in lines)
    h = heights[len(heights) // 2]
    join_below = wrap_gap(lines, h)
    rows: list[list[float]] = []
    for y0, y1, _ in lines:
        if rows and y0 - rows[-1][1] < join_below:
            rows[-1][1] = max(rows[-1][1], y1)
        else:
            rows.append([y0, y1])
    return [(a, b) for a, b in rows]


WRAP_GAP_OF_HEIGHT = 0.25    # a gap under a quarter of the text height is a wrapped line
WRAP_GAP_OF_ROW_GAP = 0.6    # ... and so is one well under the page's usual gap between rows
MIN_LINES_FOR_ROW_GAP = 6


def wrap_gap(lines: list[list[float]], h: float) -> float:
    """The gap between two text lines below which they are one (wrapped) row.

    A quarter of the median text height, or, with enough lines to know the usual gap between
    rows, 0.6 of that gap if larger: detectors differ in how tightly their boxes hug the ink
    (PP-OCRv5 mobile's boxes are ~1.5 pt shorter than PP-OCRv6 small's at 200 dpi), which
    widens every gap, the wrapped ones included, by the same amount."""
    gaps = sorted(b[0] - a[1] for a, b in zip(lines, lines[1:]))
    limit = WRAP_GAP_OF_HEIGHT * h
    if len(gaps) + 1 >= MIN_LINES_FOR_ROW_GAP:
        limit = max(limit, WRAP_GAP_OF_ROW_GAP * gaps[len(gaps) // 2])
    return limit
