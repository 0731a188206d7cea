"""Cell text -> ``Value``: amounts, percentages, blanks, dashes and text (design §1).

The printed text is kept verbatim in ``Value.raw``; ``Value.number`` is an exact ``Decimal``
with the printed scale ("0.00" -> Decimal("0.00")).  Runs on every cell, so the common case
(ASCII digits, commas, one dot) takes one translate and one regex match.

Accepted amount forms: ``1,706.28``, ``1706.28``, ``-12.50``, ``(12.50)`` / ``（12.50）``
(negative), full-width digits, commas, dot and minus, spaces inside (``1, 706.28``), an
optional leading ``¥``/``￥`` and a trailing ``万元``/``元`` (the suffix becomes the unit).
Thousands separators must group by three (``17,06.28`` is text, for the correction stage).
"""
from __future__ import annotations

import re
from decimal import Decimal

from ..model import Value

# Full-width forms and look-alike signs folded to ASCII; every kind of space removed.
_FOLD = str.maketrans({
    **{chr(0xFF10 + i): str(i) for i in range(10)},
    "，": ",", "．": ".", "％": "%", "（": "(", "）": ")", "＋": "+",
    "－": "-", "−": "-", "–": "-", "﹣": "-",
    "￥": "", "¥": "",
    " ": None, "\u3000": None, "\u00a0": None, "\t": None, "\n": None, "\r": None,
    "\u2009": None, "\u202f": None,
})

_NUMBER = re.compile(
    r"(?P<neg>-)?(?P<open>\()?(?P<neg2>-)?\+?"
    r"(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?P<frac>\.\d+)?"
    r"(?P<close>\))?(?P<pct>%)?"
)
_DASHES = frozenset({"-", "—", "–", "－", "―", "─", "‐", "‑", "﹣", "−", "/", "\\", "／"})
_UNIT_SUFFIXES = ("万元", "元")

_BLANK = Value(raw="", number=None, kind="blank")


def parse_value(raw: str, unit: str = "") -> Value:
    """Parse one data cell's printed text; ``unit`` is recorded on amounts."""
    if not raw:
        return _BLANK
    s = raw.translate(_FOLD)
    if not s or s.isspace():
        return Value(raw=raw, number=None, kind="blank")
    parsed = _parse_number(s)
    if parsed is not None:
        number, is_pct, suffix_unit = parsed
        if is_pct:
            return Value(raw=raw, number=number, kind="percent", unit="%")
        return Value(raw=raw, number=number, kind="amount", unit=suffix_unit or unit)
    if _is_dash(raw):
        return Value(raw=raw, number=None, kind="dash")
    return Value(raw=raw, number=None, kind="text")


def is_numeric_text(s: str) -> bool:
    """True when ``s`` reads as an amount or a percentage."""
    return bool(s) and _parse_number(s.translate(_FOLD)) is not None


def _parse_number(s: str) -> tuple[Decimal, bool, str] | None:
    """Folded text -> (number, is_percent, unit suffix), or None when it is not a number."""
    suffix_unit = ""
    for suffix in _UNIT_SUFFIXES:
        if s.endswith(suffix) and len(s) > len(suffix):
            s, suffix_unit = s[: -len(suffix)], suffix
            break
    m = _NUMBER.fullmatch(s)
    if m is None:
        return None
    opened, closed = m.group("open") is not None, m.group("close") is not None
    sign_out, sign_in = m.group("neg") is not None, m.group("neg2") is not None
    if opened != closed or (sign_in and not opened) or (sign_out and sign_in):
        return None
    is_pct = m.group("pct") is not None
    if is_pct and suffix_unit:
        return None
    number = Decimal(m.group("int").replace(",", "") + (m.group("frac") or ""))
    if sign_out or sign_in or opened:     # "-x", "(x)" and "(-x)" all read as negative
        number = -number
    return number, is_pct, suffix_unit


def _is_dash(raw: str) -> bool:
    s = raw.strip().replace(" ", "").replace("\u3000", "")
    return 0 < len(s) <= 3 and all(ch in _DASHES for ch in s) and len(set(s)) == 1
