"""The OCR edit model: what a printed amount could have been, one plausible misreading away.

* a confusable digit: 3/8, 1/7, 0/6, 0/8, 0/9, 6/8, 6/9, 8/9, 5/6, 2/7 (``PAIRS``);
* a dropped digit (one digit inserted back) or an extra digit (one removed);
* a lost, added or moved decimal point (the value must end with the table's printed number of
  decimals), a thousands separator read as a point, letters read for digits (O→0, l→1 …);
* a lost (or spurious) minus sign.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

PAIRS = (("3", "8"), ("1", "7"), ("0", "6"), ("0", "8"), ("0", "9"), ("6", "8"), ("6", "9"),
         ("8", "9"), ("5", "6"), ("2", "7"))
_SWAP: dict[str, tuple[str, ...]] = {}
for _a, _b in PAIRS:
    _SWAP[_a] = _SWAP.get(_a, ()) + (_b,)
    _SWAP[_b] = _SWAP.get(_b, ()) + (_a,)
_LETTERS = str.maketrans({"O": "0", "o": "0", "D": "0", "Q": "0", "l": "1", "I": "1", "|": "1",
                          "i": "1", "S": "5", "s": "5", "B": "8", "Z": "2", "z": "2", "G": "6",
                          "b": "6", "g": "9", "q": "9"})


_FIGURE_WITH_POINT = re.compile(r"\d\.\d")


@dataclass(frozen=True, slots=True)
class Reading:
    neg: bool
    digits: str
    frac: int | None              # digits after the point; None: no point printed
    clean: bool                   # True: the text was already a well-formed number


def read_lenient(raw: str) -> Reading | None:
    """The digits, point and sign of a printed amount, tolerating OCR damage."""
    s = unicodedata.normalize("NFKC", raw).strip()
    for suffix in ("万元", "元"):
        s = s[: -len(suffix)] if s.endswith(suffix) else s
    mapped = s.translate(_LETTERS)
    if not re.search(r"\d", s) or re.sub(r"[0-9.,()\-−\s¥]", "", mapped) or \
            sum(a != b for a, b in zip(s, mapped)) > 2:
        return None
    if sum(bool(_FIGURE_WITH_POINT.search(t)) for t in mapped.split()) > 1:
        return None           # several figures in one cell ("10.43 1.68 33.80"), not one
    neg = s.startswith(("-", "(", "（")) or s.startswith("−")
    body = s.translate(_LETTERS)
    body = re.sub(r"[^0-9.,]", "", body)
    if not re.search(r"\d", body):
        return None
    if body.count(".") > 1:
        head, _, tail = body.rpartition(".")
        body = head.replace(".", ",") + "." + tail
    digits = body.replace(",", "").replace(".", "")
    frac = len(body) - body.index(".") - 1 if "." in body else None
    clean = bool(re.fullmatch(r"-?\(?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?\)?", s.replace(" ", "")))
    return Reading(neg, digits, frac, clean)


def _value(neg: bool, digits: str, frac: int | None) -> Decimal:
    v = Decimal(int(digits)).scaleb(-(frac or 0)) if digits else Decimal(0)
    return -v if neg else v


def _ok_form(digits: str, frac: int | None, decimals: int) -> bool:
    if (frac or 0) != decimals or not digits:
        return False
    whole = digits[: len(digits) - (frac or 0)]
    return bool(whole) and (whole == "0" or not whole.startswith("0"))


@lru_cache(maxsize=4096)
def alternatives(raw: str, decimals: int) -> dict[Decimal, str]:
    """value -> edit, for every single OCR-plausible edit of ``raw``; a damaged text's own
    lenient reading (``1,7O6.28``, ``17,06.28``) is one of them."""
    rd = read_lenient(raw)
    if rd is None:
        return {}
    neg, d, f = rd.neg, rd.digits, rd.frac
    base = d if f is None else d[: len(d) - f] + "." + d[len(d) - f:]
    cur = _value(neg, d, f) if _ok_form(d, f, decimals) else None
    out: dict[Decimal, str] = {}

    def add(text: str, edit: str, sign: bool = neg) -> None:
        if text.count(".") > 1 or text.startswith(".") or text.endswith("."):
            return
        digits = text.replace(".", "")
        frac = len(text) - text.index(".") - 1 if "." in text else None
        if _ok_form(digits, frac, decimals):
            v = _value(sign, digits, frac)
            if v != cur and v not in out:
                out[v] = edit

    if not rd.clean and cur is not None:
        out[cur] = "misread characters or separators"
    for i, ch in enumerate(base):
        for alt in _SWAP.get(ch, ()):
            add(base[:i] + alt + base[i + 1:], f"confusable digit {ch}/{alt}")
    for i in range(len(base) + 1):
        for ch in "0123456789":
            add(base[:i] + ch + base[i:], f"dropped digit {ch}")
    for i, ch in enumerate(base):
        if ch.isdigit():
            add(base[:i] + base[i + 1:], f"extra digit {ch}")
    bare = base.replace(".", "")
    for i in range(1, len(bare)):
        add(bare[:i] + "." + bare[i:], "lost decimal point" if f is None else
            "misplaced decimal point")
    if cur is not None:
        add(base, "lost minus sign" if not neg else "spurious minus sign", sign=not neg)
    return out


def format_like(raw: str, value: Decimal, decimals: int) -> str:
    q = value.quantize(Decimal(1).scaleb(-decimals))
    text = f"{abs(q):,.{decimals}f}" if "," in raw or "，" in raw else f"{abs(q):.{decimals}f}"
    return ("-" if q < 0 else "") + text


def well_formed(raw: str, decimals: int) -> bool:
    rd = read_lenient(raw)
    return rd is not None and rd.clean and (rd.frac or 0) == decimals
