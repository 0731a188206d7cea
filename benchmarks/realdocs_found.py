"""Amounts found: how many of a digital page's printed amounts end up in a table cell.

The reference is the PDF's own text layer, read here independently of ``fiscaldoc.io``:
MuPDF's words (NFKC-normalised, so full-width digits count), with letter-spaced figures
(``1 ,8 1 1 .7 0``: runs of one- or two-glyph numeric pieces closer than a glyph's width)
joined back.  A word is an *amount* when it is wholly a number (``1,234.56``, ``1234``,
``0.00``, ``-3.5``, ``(12.00)``; not ``12%``, not ``2019年``) and a *table amount* when it
stands apart on its line: the line has another word, and the gaps to its neighbours on the
line are at least one text height (prose numbers sit a space away from their words; page
numbers sit alone or between dashes or ornaments) and the line is not prose (sentence punctuation
。，； and words covering most of the line: figures filled into underlined blanks of a
sentence are padded with spaces; a figure followed by its unit is in a sentence).  Column numbers (a line whose amounts are 1 2 … n,
the 栏次 row of a header, repeated on every page of a continued table) are not amounts.

An amount is *found* when some cell of a table that covers its page holds exactly that
number as its whole text (spaces inside ignored), each cell counted once.  Cells holding
several amounts (rows run together) do not count.  Only pages the output read from the text
layer (``Page.text_source == "pdf"``) are measured.

    python -m benchmarks.realdocs_found [PDF ...]   # default: every PDF of ../shared/realdocs
"""
from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pymupdf

from fiscaldoc.model import Document

_AMOUNT = re.compile(r"[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_PIECE = re.compile(r"[-−]?[\d,.]{1,2}")
_PROSE = "。，；"                          # sentence punctuation: a line of prose
_UNITS = ("元", "万元", "亿元", "%", "％")    # '100 万元，': a figure in a sentence
REALDOCS = Path("/work/shared/realdocs")


def _norm(text: str) -> str:
    s = unicodedata.normalize("NFKC", text).replace("−", "-")
    return "".join(s.split())


def _as_amount(text: str) -> str:
    """The amount a word is, in a canonical spelling, or '' when it is not one."""
    s = _norm(text)
    if s.startswith("(") and s.endswith(")"):
        s = "-" + s[1:-1]
    return s.replace(",", "") if _AMOUNT.fullmatch(s) else ""


def _lines(words: list[tuple]) -> list[list[tuple]]:
    """MuPDF words (x0, y0, x1, y1, text, ...) grouped into lines, left to right."""
    rows: list[list[tuple]] = []
    for w in sorted(words, key=lambda w: ((w[1] + w[3]) / 2, w[0])):
        cy = (w[1] + w[3]) / 2
        if rows:
            last = rows[-1]
            top = min(v[1] for v in last)
            bottom = max(v[3] for v in last)
            if top <= cy <= bottom:
                last.append(w)
                continue
        rows.append([w])
    return [sorted(r, key=lambda w: w[0]) for r in rows]


def _join_spaced(line: list[tuple]) -> list[tuple]:
    """Runs of one- or two-glyph numeric pieces closer than a glyph's width become one word."""
    out: list[tuple] = []
    for w in line:
        u = _norm(w[4])
        if out and _PIECE.fullmatch(u):
            p = out[-1]
            t = _norm(p[4])
            glyph = max((p[2] - p[0]) / max(len(t), 1), (w[2] - w[0]) / max(len(u), 1))
            if ((_PIECE.fullmatch(t) or p[5]) and w[0] - p[2] <= glyph):
                out[-1] = (p[0], min(p[1], w[1]), w[2], max(p[3], w[3]), t + u, True)
                continue
        out.append((*w[:5], False))
    return out


def _prose(line: list[tuple]) -> bool:
    """A line of sentences: sentence punctuation, and words covering most of its length."""
    if not any(mark in w[4] for w in line for mark in _PROSE):
        return False
    covered = sum(w[2] - w[0] for w in line)
    return covered >= 0.7 * (line[-1][2] - line[0][0])


def _worded(text: str) -> bool:
    """Whether a word holds a letter or a CJK character (not only digits and ornaments)."""
    return any(c.isalpha() for c in text)


def table_amounts(page: pymupdf.Page) -> list[str]:
    """The page's table amounts (see module doc), canonical spelling, reading order."""
    found: list[str] = []
    m = page.rotation_matrix
    words = []
    for w in page.get_text("words"):
        r = pymupdf.Rect(w[:4]) * m               # as displayed (pages with /Rotate)
        words.append((r.x0, r.y0, r.x1, r.y1, w[4]))
    for line in _lines(words):
        line = _join_spaced(line)
        if len(line) < 2 or _prose(line):
            continue
        apart: list[str] = []
        for k, w in enumerate(line):
            amount = _as_amount(w[4])
            if not amount:
                continue
            height = w[3] - w[1]
            left = w[0] - line[k - 1][2] if k else float("inf")
            right = line[k + 1][0] - w[2] if k + 1 < len(line) else float("inf")
            unit = k + 1 < len(line) and _norm(line[k + 1][4]).startswith(_UNITS)
            if min(left, right) >= height and not unit:
                apart.append(amount)
        if len(apart) == 1 and not any(_worded(w[4]) for w in line):
            continue                         # '— 52 —': a page number between ornaments
        if apart != [str(k) for k in range(1, len(apart) + 1)] or len(apart) < 2:
            found.extend(apart)              # 1 2 3 ... n: column numbers (栏次), a header
    return found


def amounts_found(pdf_path: str | Path, document: Document,
                  strict: bool = True) -> tuple[int, int, list[str]]:
    """(found, total, up to 10 missing examples as 'p<page>: <amount>') for one document.

    ``strict=False`` also counts an amount that is one of several in a cell (rows run
    together): the amount reached the right table, not its own cell."""
    pools: list[tuple[set[int], Counter]] = []
    for t in document.tables:
        texts = [c.text for c in t.cells] if strict else [
            piece for c in t.cells for piece in c.text.split()]
        cells = Counter(a for a in (_as_amount(x) for x in texts) if a)
        pools.append((set(t.pages), cells))
    digital = {p.index for p in document.pages if p.text_source == "pdf"}
    found = total = 0
    missing: list[str] = []
    with pymupdf.open(str(pdf_path)) as pdf:
        for index in sorted(digital):
            if index >= pdf.page_count:
                continue
            for amount in table_amounts(pdf[index]):
                total += 1
                pool = next((c for pages, c in pools if index in pages and c[amount] > 0), None)
                if pool is None:
                    if len(missing) < 10:
                        missing.append(f"p{index + 1}: {amount}")
                    continue
                pool[amount] -= 1
                found += 1
    return found, total, missing


def main(argv: list[str]) -> int:
    from fiscaldoc import extract
    from fiscaldoc.errors import FiscaldocError

    paths = [Path(a) for a in argv] or sorted(REALDOCS.glob("*.pdf"))
    all_found = all_total = 0
    for path in paths:
        try:
            doc = extract(str(path))
        except FiscaldocError as e:
            print(f"{path.name}\tfailed\t{e}")
            continue
        found, total, missing = amounts_found(path, doc)
        loose = amounts_found(path, doc, strict=False)[0]
        all_found += found
        all_total += total
        share = f"{100 * found / total:.1f}%" if total else "-"
        print(f"{path.name}\t{found}/{total}\t{share}\t(in a cell with others: {loose - found})"
              f"\t{'; '.join(missing[:4])}", flush=True)
    if all_total:
        print(f"ALL\t{all_found}/{all_total}\t{100 * all_found / all_total:.2f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
