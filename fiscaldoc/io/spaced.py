"""Figures printed letter-spaced (``1 ,8 1 1 .7 0``): the pieces of one number joined again.

Some publishers' tools space every glyph of a figure, with real space characters between
them, so a text layer gives one- and two-glyph pieces.  On one line, a run of such numeric
pieces is one number when the pieces lie closer than their own glyphs' width apart (measured
on the pieces), the gaps between them are even (one letter spacing: a gap much wider than the
others is a column gap), and no ruling line runs between them.  Whole numbers next to each
other (``6.05`` and ``443.23`` in neighbouring columns) are never joined: only pieces of at
most two glyphs are.
"""
from __future__ import annotations

import re
from typing import Callable

from ..geometry import BBox
from ..model import Word

_PIECE = re.compile(r"[-−]?[0-9０-９,，.．]{1,2}")
_NUMBER = re.compile(r"[-−]?[0-9０-９]+(?:[,，][0-9０-９]+)*(?:[.．][0-9０-９]+)?")
EVEN_GAPS = 1.5          # the widest gap in a run is at most this times its narrowest (+ 1 pt)
MAX_GAP_GLYPHS = 1.5     # and at most this many glyph widths
SPACE_HEIGHTS = 0.25     # a gap under this share of the text height is a space character
_SEPARATORS = ",，.．"


def join_spaced(words: list[Word], along: int,
                ruled: Callable[[BBox, BBox], bool]) -> list[Word]:
    """One line's words (in reading order along axis *along*: 0 = x, 1 = y) with each
    letter-spaced figure joined into one word; *ruled(a, b)* tells whether a ruling line runs
    between two boxes."""
    out: list[Word] = []
    i, n = 0, len(words)
    while i < n:
        j = i + 1
        if _PIECE.fullmatch(words[i].text):
            while (j < n and _PIECE.fullmatch(words[j].text)
                   and _close(words[j - 1], words[j], along)
                   and not ruled(words[j - 1].bbox, words[j].bbox)):
                j += 1
        for group in _even_groups(words[i:j], along):
            text = "".join(w.text for w in group)
            if len(group) >= 2 and _NUMBER.fullmatch(text) and _spaced(group, along):
                box = BBox.enclosing([w.bbox for w in group])
                out.append(Word(text, box, min(w.conf for w in group), group[0].source))
            else:
                out.extend(group)
        i = j
    return out


def _span(w: Word, along: int) -> tuple[float, float]:
    b = w.bbox
    return (b.x0, b.x1) if along == 0 else (b.y0, b.y1)


def _gap(a: Word, b: Word, along: int) -> float:
    return _span(b, along)[0] - _span(a, along)[1]


def _glyph(w: Word, along: int) -> float:
    lo, hi = _span(w, along)
    return (hi - lo) / max(len(w.text), 1)


def _close(a: Word, b: Word, along: int) -> bool:
    gap = _gap(a, b, along)
    return 0.0 <= gap <= MAX_GAP_GLYPHS * max(_glyph(a, along), _glyph(b, along))


def _spaced(group: list[Word], along: int) -> bool:
    """Evidence that the pieces are one figure: it is broken at its separators (a piece
    starts or ends with ',' or '.'), or every gap is narrower than a space (a quarter of the
    text height: text set that tight was split by space characters, not by position)."""
    if any(w.text[0] in _SEPARATORS or w.text[-1] in _SEPARATORS for w in group):
        return True
    height = min((w.bbox.y1 - w.bbox.y0) if along == 0 else (w.bbox.x1 - w.bbox.x0)
                 for w in group)
    return all(_gap(a, b, along) < SPACE_HEIGHTS * height for a, b in zip(group, group[1:]))


def _even_groups(run: list[Word], along: int) -> list[list[Word]]:
    """*run* cut at its widest gaps until the gaps inside each part are even."""
    if len(run) < 3:
        return [run]
    gaps = [_gap(a, b, along) for a, b in zip(run, run[1:])]
    if max(gaps) <= EVEN_GAPS * min(gaps) + 1.0:
        return [run]
    k = gaps.index(max(gaps)) + 1
    return _even_groups(run[:k], along) + _even_groups(run[k:], along)
