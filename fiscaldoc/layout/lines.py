"""Text lines and blocks from words (digital pages and OCR output alike)."""
from __future__ import annotations

from collections.abc import Iterable

from ..geometry import BBox
from ..model import Block, Line, Word
from ..text import join_pieces


def group_lines(words: Iterable[Word]) -> list[Line]:
    """Merge words into text lines (top to bottom, left to right)."""
    ws = sorted(words, key=lambda w: (w.bbox.cy, w.bbox.x0))
    lines: list[list[Word]] = []
    for w in ws:
        placed = False
        for ln in reversed(lines[-3:]):
            ref = ln[0].bbox
            ov = min(ref.y1, w.bbox.y1) - max(ref.y0, w.bbox.y0)
            if ov > 0.5 * min(ref.height, w.bbox.height):
                ln.append(w)
                placed = True
                break
        if not placed:
            lines.append([w])
    out: list[Line] = []
    for ln in lines:
        ln.sort(key=lambda w: w.bbox.x0)
        # a wide horizontal gap splits a visual line into separate lines (e.g. 部门 … 单位)
        start = 0
        for i in range(1, len(ln) + 1):
            if i == len(ln) or ln[i].bbox.x0 - ln[i - 1].bbox.x1 > 4 * max(ln[i].bbox.height, 1.0):
                part = ln[start:i]
                out.append(Line(join_pieces(w.text for w in part),
                                BBox.enclosing(w.bbox for w in part),
                                min(w.conf for w in part), part[0].source))
                start = i
    out.sort(key=lambda w: (round(w.bbox.cy), w.bbox.x0))
    return out


def text_blocks(lines: list[Line], title_lines: set[int] | None = None) -> list[Block]:
    """Lines into blocks: consecutive lines closer than a line height form one text block."""
    blocks: list[Block] = []
    cur: list[Line] = []
    title_lines = title_lines or set()

    def flush() -> None:
        if cur:
            blocks.append(Block("text", BBox.enclosing(w.bbox for w in cur), tuple(cur)))
            cur.clear()

    for i, ln in enumerate(lines):
        if i in title_lines:
            flush()
            blocks.append(Block("title", ln.bbox, (ln,)))
            continue
        if cur and ln.bbox.y0 - cur[-1].bbox.y1 > 1.0 * ln.bbox.height:
            flush()
        cur.append(ln)
    flush()
    return blocks
