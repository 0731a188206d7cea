"""Table identity: printed title, number, unit, department, year and kind.

The kind here is the title's alone (``fiscaldoc.model.TABLE_KINDS``, ``other`` if unknown); the
pipeline decides it again once the header and rows are known (``fiscaldoc.tables.classify``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..text import normalize_text
from .classify import classify as classify_kind

_NUMBER_PATTERNS = (
    (re.compile(r"公开\s*0*(\d{1,2})\s*表"), lambda m: f"公开{int(m.group(1)):02d}表"),
    (re.compile(r"[（(]\s*表\s*(\d{1,2})\s*[）)]"), lambda m: f"表{int(m.group(1))}"),
    (re.compile(r"^表\s*(\d{1,2})$"), lambda m: f"表{int(m.group(1))}"),
    (re.compile(r"附表\s*(\d{1,2})"), lambda m: f"附表{int(m.group(1))}"),
)
_UNIT = re.compile(r"(?:金额)?单位\s*[：:]\s*(?:人民币)?(亿元|万元|千元|元)")
_DEPT = re.compile(r"(?:部门名称|单位名称|编制单位|编制部门|部门|单位)\s*[：:]\s*(.+)")
_YEAR = re.compile(r"(20\d{2})\s*年")
_EQUATION = re.compile(r"\d+\s*[栏行][^。]*?=|=\s*[（(][\d+\-.…\s]+[）)]")

_STANDALONE_NUMBER = re.compile(r"^(?:公开\s*\d+\s*表|表\s*\d+|附表\s*\d+)$")
_TABLE_WORD = re.compile(r"表\s*[（(]?|总表|明细表|公开\s*\d+\s*表")


@dataclass(frozen=True, slots=True)
class Identity:
    title: str
    number: str | None
    unit: str
    department: str | None
    year: int | None
    kind: str
    equations: tuple[str, ...]


def table_number(text: str) -> str | None:
    t = text.strip()
    for pat, fmt in _NUMBER_PATTERNS:
        m = pat.search(t)
        if m:
            return fmt(m)
    return None


def is_title_line(text: str) -> bool:
    t = normalize_text(text)
    if len(t) > 60 or len(t) < 3:
        return False
    if _UNIT.search(t) or _DEPT.match(t):
        return False
    return bool(_TABLE_WORD.search(t)) and (table_number(t) is not None or t.endswith("表")
                                           or "表（" in t or "表(" in t)


def classify(title: str, report: str | None = None) -> str:
    """Kind of a table from its title alone ("" → other); ``report`` is 决算/预算 if known.
    The pipeline decides again with the header and rows (``tables.classify``)."""
    return classify_kind(title, (), (), report)


def identify(above: list[str], below: list[str], report: str | None = None) -> Identity:
    """Identity from the text lines printed above and below a table (nearest last/first)."""
    title_parts: list[str] = []
    number = None
    unit = ""
    dept = None
    for line in reversed(above[-6:]):
        t = normalize_text(line)
        m = _UNIT.search(t)
        if m and not unit:
            unit = m.group(1)
        dm = _DEPT.match(t)
        if dm and not _UNIT.match(t) and dept is None:
            dept = normalize_text(_UNIT.sub("", dm.group(1))).strip("：: ")
            continue
        if m:
            continue
        n = table_number(t)
        if n and number is None:
            number = n
            if not _STANDALONE_NUMBER.match(t):
                title_parts.insert(0, t)
                break
            continue
        if is_title_line(t) or (title_parts and "表" in t and len(t) <= 40):
            title_parts.insert(0, t)
            break
        if title_parts:
            break
    # titles print full-width brackets; OCR often returns ASCII ones for either side
    title = (" ".join(title_parts) or (number or "")).replace("(", "（").replace(")", "）")
    ym = _YEAR.search(title) or next((_YEAR.search(normalize_text(a)) for a in reversed(above)
                                      if _YEAR.search(normalize_text(a))), None)
    year = int(ym.group(1)) if ym else None
    equations = tuple(re.sub(r"\s+", "", b) for b in below[:8]
                      if _EQUATION.search(normalize_text(b)))
    return Identity(title, number, unit, dept or None, year, classify(title, report), equations)
