"""Tables printed with no ruling lines at all (Excel or WPS sheets printed without borders,
Word tables with borders switched off): found from the alignment of their figures.

A *figure* stands apart on its line (gaps of at least a text height on both sides, as
columns leave; words in a sentence sit a space apart); a *data line* has two or more.  A
table is a run of lines with figures, each no further below the previous one than LINE_GAP
text heights, holding at least MIN_LINES data lines, whose figures all end on right edges
shared with another line (right-aligned columns; a line at either end that does not fit,
such as a page number, is left out).  Lines of words directly above the run that are not sentences are its header.  The
region is then handed to the horizontally ruled path (``grid._hrule_grid``) as if it were
framed by rules above, under the header and below, so its columns and rows come from the
text like those of a 三线表.  Regions that a ruled table already covers are left alone.
"""
from __future__ import annotations

import re

from ..geometry import BBox, Segment
from ..model import Word

_FIGURE = re.compile(r"[-(（]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?[)）%]?")
_SENTENCE = "。，；"
MIN_LINES = 3        # data lines in a run
LINE_GAP = 2.5       # text heights between the lines of one table (header included)
ALIGN = 2.0          # points: right edges of one column's figures agree this closely
MAX_HEADER = 3       # header lines taken above the run


def unruled_frames(words: tuple[Word, ...], taken: list[BBox]) -> list[list[Segment]]:
    """For each table without rules, virtual rules (top, under the header, bottom)."""
    lines = _lines([w for w in words if not any(_in(w, b) for b in taken)])
    frames: list[list[Segment]] = []
    i = 0
    while i < len(lines):
        if not _figures(lines[i]):
            i += 1
            continue
        j = i + 1
        while (j < len(lines) and _figures(lines[j]) and _close(lines[j - 1], lines[j])):
            j += 1
        run = lines[i:j]
        while len(run) > 1 and not _fits(run, len(run) - 1):     # e.g. a page number under it
            run.pop()
        while len(run) > 1 and not _fits(run, 0):
            run.pop(0)
        if (sum(1 for ln in run if len(_figures(ln)) >= 2) >= MIN_LINES
                and all(_fits(run, k) for k in range(len(run)))):
            head: list[list[Word]] = []
            k = i + next(n for n, ln in enumerate(lines[i:j]) if ln is run[0]) - 1
            while (k >= 0 and len(head) < MAX_HEADER and _close(lines[k], run[0] if not head
                   else head[0]) and _header_like(lines[k])):
                head.insert(0, lines[k])
                k -= 1
            frames.append(_frame(head, run))
        i = j
    return frames


def _frame(head: list[list[Word]], run: list[list[Word]]) -> list[Segment]:
    every = [w for ln in head + run for w in ln]
    x0 = min(w.bbox.x0 for w in every) - 2.0
    x1 = max(w.bbox.x1 for w in every) + 2.0
    top = min(w.bbox.y0 for w in every) - 1.0
    bottom = max(w.bbox.y1 for w in run[-1]) + 1.0
    out = [Segment.h(x0, x1, top), Segment.h(x0, x1, bottom)]
    if head:
        under = (max(w.bbox.y1 for w in head[-1]) + min(w.bbox.y0 for w in run[0])) / 2
        out.insert(1, Segment.h(x0, x1, under))
    return out


def _lines(words: list[Word]) -> list[list[Word]]:
    """Words grouped into text lines (vertical overlap), top to bottom, left to right."""
    out: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.bbox.cy, w.bbox.x0)):
        if out:
            last = out[-1]
            y0 = min(v.bbox.y0 for v in last)
            y1 = max(v.bbox.y1 for v in last)
            if y0 <= w.bbox.cy <= y1:
                last.append(w)
                continue
        out.append([w])
    return [sorted(ln, key=lambda w: w.bbox.x0) for ln in out]


def _height(line: list[Word]) -> float:
    hs = sorted(w.bbox.height for w in line)
    return hs[len(hs) // 2]


def _apart(line: list[Word], k: int) -> bool:
    h = line[k].bbox.height
    left = line[k].bbox.x0 - line[k - 1].bbox.x1 if k else float("inf")
    right = line[k + 1].bbox.x0 - line[k].bbox.x1 if k + 1 < len(line) else float("inf")
    return min(left, right) >= h


def _figures(line: list[Word]) -> list[Word]:
    """The line's figures standing apart (none in a sentence)."""
    if any(m in w.text for w in line for m in _SENTENCE):
        return []
    return [w for k, w in enumerate(line) if _FIGURE.fullmatch(w.text) and _apart(line, k)]


def _close(upper: list[Word], lower: list[Word]) -> bool:
    gap = min(w.bbox.y0 for w in lower) - max(w.bbox.y1 for w in upper)
    return gap <= LINE_GAP * max(_height(upper), _height(lower))


def _fits(run: list[list[Word]], k: int) -> bool:
    """Whether every figure of line *k* ends on a right edge shared with another line."""
    others = [w.bbox.x1 for j, ln in enumerate(run) if j != k for w in _figures(ln)]
    return all(any(abs(w.bbox.x1 - o) <= ALIGN for o in others) for w in _figures(run[k]))


def _header_like(line: list[Word]) -> bool:
    """Column headings: two or more words apart, no sentence."""
    if any(m in w.text for w in line for m in _SENTENCE):
        return False
    return len(line) >= 2 and sum(1 for k in range(len(line)) if _apart(line, k)) >= 2


def _in(w: Word, box: BBox) -> bool:
    return box.contains_point(w.bbox.cx, w.bbox.cy)
