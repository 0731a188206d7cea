"""Text normalisation shared by every stage: how pieces of text are joined into cell text.

The canonical form of a cell's text: whitespace next to a CJK character (ideograph or CJK /
full-width punctuation) is removed, other whitespace runs collapse to one space, ends are
stripped.  Words split by the PDF or by OCR, and lines wrapped inside a cell, are joined with
the same rule, so "本年收入 合计", "本年收入\\n合计" and "本年收入合计" all read "本年收入合计",
while "2021 年度" reads "2021年度" and "1, 706.28" stays as two pieces "1, 706.28".
"""
from __future__ import annotations

import re
from collections.abc import Iterable

_CJK_RANGES = (
    (0x2E80, 0x2FDF),   # radicals
    (0x3000, 0x303F),   # CJK symbols and punctuation
    (0x3040, 0x30FF),   # kana
    (0x3400, 0x4DBF),   # ext A
    (0x4E00, 0x9FFF),   # unified ideographs
    (0xF900, 0xFAFF),   # compatibility ideographs
    (0xFE30, 0xFE4F),   # compatibility forms
    (0xFF00, 0xFFEF),   # half/full-width forms (（）：，％ and full-width digits)
    (0x2018, 0x201F),   # curly quotes “ ” ‘ ’ as used around 三公
    (0x2014, 0x2014),   # em dash
)


def is_cjk(ch: str) -> bool:
    o = ord(ch)
    for lo, hi in _CJK_RANGES:
        if lo <= o <= hi:
            return True
    return False


_WS = re.compile(r"\s+")


def normalize_text(s: str) -> str:
    """Canonical cell text (see module docstring)."""
    s = s.strip()
    if not s:
        return ""
    parts = _WS.split(s)
    return join_pieces(parts)


def join_pieces(parts: Iterable[str]) -> str:
    """Join text pieces in reading order: no space where either side is CJK, else one space."""
    out = ""
    for p in parts:
        p = p.strip()
        if not p:
            continue
        if out and not (is_cjk(out[-1]) or is_cjk(p[0])):
            out += " "
        out += p
    return out
