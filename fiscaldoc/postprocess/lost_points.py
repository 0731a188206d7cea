"""Amounts read by OCR whose decimal point or last digit may have been lost: never verified.

A decimal point is the smallest mark of a figure and the first one an OCR engine drops on a
coarse or blurred scan: ``23,111,876.62`` read as ``2311187662`` is the same figure a hundred
times too large.  When a table loses its points alike, every figure is scaled alike, so every
sum of the table still holds and the checks *verify* the wrong figures.  No equation can tell,
so the format must: on a page read by OCR, a table that prints its amounts with two decimals
(most of its amounts that print a point do, or most of the document's OCR amounts do) prints none of four or more digits without them, and none with one
or three decimals (``1,282,574.11`` read as ``1282574.1`` twice, in a 合计 column and the
column it totals, made an equality that held).  Such an amount is flagged, whatever the
checks said, with the reason; a person (or a better scan) decides.
"""
from __future__ import annotations

import re
from dataclasses import replace

from ..model import Document, Record, Table, Value

_TWO_DECIMALS = re.compile(r"\d[.．]\d{2}$")
_OTHER_DECIMALS = re.compile(r"\d[.．](\d|\d{3,})$")
MIN_DIGITS = 4            # an integer of this many digits or more could be a figure lost its point
REASON = ("decimal point or digit maybe lost in OCR: printed without two decimals where the "
          "table's amounts print two; a lost point scales every figure alike, so the sums hold")


def _raw(v: Value) -> str:
    return v.raw.strip().replace(",", "").replace("，", "").replace(" ", "")


def _is_zero(v: Value) -> bool:
    return v.number is not None and v.number == 0


def _two_decimals(v: Value) -> bool:
    return v.kind == "amount" and not _is_zero(v) and bool(_TWO_DECIMALS.search(_raw(v)))


def _other_decimals(v: Value) -> bool:
    return v.kind == "amount" and not _is_zero(v) and bool(_OTHER_DECIMALS.search(_raw(v)))


def _pointless(v: Value) -> bool:
    """Printed unlike a two-decimal amount: an integer of ``MIN_DIGITS`` or more digits, or
    one or three decimals."""
    raw = _raw(v).lstrip("-−(").rstrip(")")
    if v.kind != "amount" or _is_zero(v):
        return False
    return (raw.isdigit() and len(raw) >= MIN_DIGITS) or _other_decimals(v)


def _amounts(t: Table) -> list[Value]:
    return [v for r in t.records for v in r.values.values()]


def flag_lost_points(doc: Document) -> Document:
    """``doc`` with the suspect amounts of its OCR tables flagged (see the module doc)."""
    ocr_pages = {p.index for p in doc.pages if p.text_source == "ocr"}
    ocr_tables = [k for k, t in enumerate(doc.tables) if ocr_pages.intersection(t.pages)]
    if not ocr_tables:
        return doc
    pool = [v for k in ocr_tables for v in _amounts(doc.tables[k])]
    two, bare = sum(map(_two_decimals, pool)), sum(map(_pointless, pool))
    document_decimals = two >= bare         # most of the OCR pages' long amounts print cents
    tables = list(doc.tables)
    changed = False
    for k in ocr_tables:
        t = tables[k]
        values = _amounts(t)
        two_here = sum(map(_two_decimals, values))
        if not ((two_here and two_here >= sum(map(_other_decimals, values)))
                or document_decimals):
            continue
        if not any(_pointless(v) and v.status != "flagged" for v in values):
            continue
        records: list[Record] = []
        for r in t.records:
            vals = {key: (replace(v, status="flagged", reason=REASON)
                          if _pointless(v) and v.status != "flagged" else v)
                    for key, v in r.values.items()}
            records.append(replace(r, values=vals))
        tables[k] = replace(t, records=tuple(records))
        changed = True
    return replace(doc, tables=tuple(tables)) if changed else doc
