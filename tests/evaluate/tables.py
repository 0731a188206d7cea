"""Small hand-made gold tables and damaged predictions of them (loaded by the eval tests)."""
from __future__ import annotations

import dataclasses
from decimal import Decimal

from fiscaldoc.geometry import BBox
from fiscaldoc.model import Cell, Column, Correction, Document, Record, Subject, Table, Value
from fiscaldoc.tables.numbers import parse_value

HEADER = ("项目", "本年", "上年")
BODY = (("合计", "30.00", "20.00"), ("甲", "10.00", "5.00"), ("乙", "20.00", "15.00"))
COLUMNS = (Column(1, "本年", "本年"), Column(2, "上年", "上年"))


def cell(r, c, text, rs=1, cs=1) -> Cell:
    return Cell(r, c, rs, cs, BBox(50 + 80 * c, 100 + 20 * r, 50 + 80 * (c + cs),
                                   100 + 20 * (r + rs)), text)


def table(rows=(HEADER,) + BODY, *, status="verified", tid="t01", page=0, kind="final.income",
          values: dict | None = None, cells=None, corrections=()) -> Table:
    """A table whose first row is the header and whose other rows are records; ``values``
    replaces the Value at (row, col)."""
    cells = cells if cells is not None else tuple(
        cell(r, c, t) for r, row in enumerate(rows) for c, t in enumerate(row))
    records = []
    for r, row in enumerate(rows[1:], 1):
        if not any(row):
            continue
        vals = {}
        for col in COLUMNS:
            v = dataclasses.replace(parse_value(row[col.index], "万元"), status=status)
            vals[col.key] = (values or {}).get((r, col.index), v)
        records.append(Record(r, Subject(None, row[0]), vals))
    return Table(tid, (page,), BBox(50, 100, 290, 100 + 20 * len(rows)), "收入决算表", kind,
                 len(rows), 3, 1, tuple(cells), unit="万元", columns=COLUMNS,
                 records=tuple(records), corrections=tuple(corrections))


def document(*tables: Table, name="a.pdf", sha="") -> Document:
    return Document(source=name, sha256=sha, status="ok", tables=tables)


def value(raw, number, status, reviewed=False) -> Value:
    return Value(raw, Decimal(number), "amount", "万元", status, "", reviewed)


def shifted() -> Table:
    """An empty row read above the body: every body row one row down."""
    return table((HEADER, ("", "", "")) + BODY)


def merged() -> Table:
    """The header cells 本年 and 上年 read as one cell spanning both columns."""
    cells = [cell(0, 0, "项目"), cell(0, 1, "本年", cs=2)]
    cells += [cell(r, c, t) for r, row in enumerate(BODY, 1) for c, t in enumerate(row)]
    return table(cells=tuple(cells))


def corrected() -> Table:
    """甲/本年 read as 1O.00 and corrected to 10.00."""
    rows = (HEADER, BODY[0], ("甲", "10.00", "5.00"), BODY[2])
    return table(rows, values={(2, 1): value("1O.00", "10.00", "corrected")},
                 corrections=(Correction((2, 1), "1O.00", "10.00", "O read for 0"),))


def flagged_and_wrong() -> Table:
    """乙/上年 flagged although right; 甲/上年 verified although it reads 6.00 (gold 5.00)."""
    rows = (HEADER, BODY[0], ("甲", "10.00", "6.00"), BODY[2])
    return table(rows, values={(3, 2): value("15.00", "15.00", "flagged"),
                               (2, 2): value("6.00", "6.00", "verified")})
