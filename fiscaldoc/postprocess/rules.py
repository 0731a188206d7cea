"""Equations a table must satisfy, and the equations printed in a table's note.

An ``Equation`` is linear over value cells (``Ref``: table index, grid row, grid column):
``Σ lhs = Σ ±rhs + const``.  Notes such as ``1栏各行=(2+3+4+5+6+7)栏各行``,
``6栏各行=（1+2-3）栏各行``, ``1栏=(2+3+6)栏``, ``27行=(1+2+...+8)行`` are parsed by
``parse_note``; columns are addressed by their 栏次 label (or, where none is printed, by the
position among the value columns), rows by the printed 行次; a note that cannot be an
equation (a line on both sides, as in a misprinted ``57行=（33+…+58）行``) is rejected, not used.
The built-in rules per table kind are in ``rules_builtin``; hierarchy (codes) and cross-table
equations in ``checks``; prose quotes in ``prose``.
"""
from __future__ import annotations

from typing import NamedTuple

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from ..model import Record, Table, Value
from .subjects import RecInfo


class Ref(NamedTuple):
    """A value cell: (table index, grid row, grid column). A tuple: hashed on every check."""

    table: int
    row: int
    col: int


@dataclass(frozen=True, slots=True)
class Equation:
    rule: str
    lhs: tuple[Ref, ...]
    rhs: tuple[tuple[int, Ref], ...]
    const: Decimal = Decimal(0)
    source: str = "builtin"          # note | builtin | hierarchy | cross | prose
    tol: Decimal | None = None       # fixed tolerance; None: from the rounding of the terms

    def coefs(self) -> dict[Ref, int]:
        out: dict[Ref, int] = {}
        for r in self.lhs:
            out[r] = out.get(r, 0) + 1
        for s, r in self.rhs:
            out[r] = out.get(r, 0) - s
        return {r: k for r, k in out.items() if k}

    def signature(self) -> tuple[tuple[tuple[Ref, int], ...], Decimal] | tuple[()]:
        """The equation up to sign: equal for two equations that say the same."""
        c = self.coefs()
        if not c:
            return ()
        first = min(c)
        flip = -1 if c[first] < 0 else 1
        return (tuple(sorted((r, k * flip) for r, k in c.items())), self.const * flip)


@dataclass(frozen=True, slots=True)
class NoteEquation:
    axis: str                              # "col" (栏) or "row" (行)
    target: int
    terms: tuple[tuple[int, int], ...]     # (sign, 栏次 or 行次)
    text: str


class NoteError(ValueError):
    """A note line that looks like an equation but cannot be one (e.g. refers to itself)."""


_NOTE = re.compile(r"^(\d+)(栏|行)(?:各行)?=(.+)$")
_DOTS = ("⋯⋯", "……", "⋯", "…", "．．．", "。。。")


def parse_note(text: str) -> list[NoteEquation]:
    """All equations of one note line; raises ``NoteError`` for a malformed equation."""
    s = unicodedata.normalize("NFKC", text)
    for d in _DOTS:
        s = s.replace(d, "...")
    s = re.sub(r"\s+", "", s).replace("—", "-").replace("－", "-")
    s = re.sub(r"\.{2,}", "...", s)
    out: list[NoteEquation] = []
    for part in re.split(r"[;；。,，]", s):
        m = _NOTE.match(part)
        if not m:
            continue
        target, axis, rhs = int(m.group(1)), m.group(2), m.group(3)
        if axis not in rhs:
            raise NoteError(f"{part}: the right side does not say {axis}")
        body = re.sub(r"[栏行各()（）]", "", rhs)
        tokens = re.findall(r"[+-]?\d+|\.\.\.", body)
        if not tokens or re.sub(r"[+-]?\d+|\.\.\.|\+", "", body):
            raise NoteError(f"{part}: cannot read the terms")
        terms: list[tuple[int, int]] = []
        for k, tok in enumerate(tokens):
            if tok == "...":
                if k == 0 or k + 1 >= len(tokens) or tokens[k + 1] == "...":
                    raise NoteError(f"{part}: a range needs numbers on both sides")
                lo, hi = terms[-1][1], abs(int(tokens[k + 1]))
                sign = -1 if tokens[k + 1].startswith("-") else 1
                terms.extend((sign, n) for n in range(lo + 1, hi))
            else:
                terms.append((-1 if tok.startswith("-") else 1, abs(int(tok))))
        numbers = [n for _, n in terms]
        if target in numbers:
            raise NoteError(f"{part}: {axis} {target} is on both sides")
        if len(set(numbers)) != len(numbers):
            raise NoteError(f"{part}: a term appears twice")
        out.append(NoteEquation("col" if axis == "栏" else "row", target, tuple(terms), part))
    return out


# ----------------------------------------------------------------------------- table view

class TableView:
    """A table's records and value cells, indexed for building equations."""

    def __init__(self, index: int, table: Table, infos: tuple[RecInfo, ...]):
        self.index = index
        self.table = table
        self.infos = infos
        self.key_col = {c.key: c.index for c in table.columns}
        self.col_key = {c.index: c.key for c in table.columns}
        self.skipped = tuple(i for i in infos if _column_numbers(i.record, self.key_col))
        used = [i for i in infos if i not in self.skipped]
        sides: dict[tuple[str, ...], list[RecInfo]] = {}
        for info in sorted(used, key=lambda i: i.record.row):
            keys = tuple(sorted(info.record.values, key=lambda k: self.key_col.get(k, 0)))
            if keys:
                sides.setdefault(keys, []).append(info)
        self.sides = sorted(sides.items(), key=lambda kv: self.key_col.get(kv[0][0], 0))
        self.values: dict[tuple[int, int], Value] = {}
        for info in used:
            for k, v in info.record.values.items():
                if k in self.key_col:
                    self.values[(info.record.row, self.key_col[k])] = v
        decimals = Counter(_decimals(v.raw) for v in self.values.values() if v.kind == "amount")
        self.decimals = decimals.most_common(1)[0][0] if decimals else 2
        extra = re.search(r"表\s*\d+\s*[)）]\s*([（(][^)）]+[)）])\s*$", table.title)
        self.tag = (table.number or table.title or table.id) + (extra.group(1) if extra else "")

    def ref(self, rec: Record, key: str) -> Ref:
        return Ref(self.index, rec.row, self.key_col[key])

    def amount(self, rec: Record, key: str) -> bool:
        v = rec.values.get(key)
        return v is not None and v.kind != "percent"

    def label(self, rec: Record) -> str:
        s = rec.subject
        head = s.code or (f"{rec.line_no}行" if rec.line_no is not None else "")
        return f"{head} {s.name}".strip() or f"r{rec.row}"

    def value_columns(self) -> list[tuple[str, str]]:
        """(key, label) of the value columns in grid order; labels from 栏次 or position."""
        keys = sorted({k for keys, _ in self.sides for k in keys}, key=lambda k: self.key_col[k])
        labels = {c.key: c.label for c in self.table.columns}
        if any(labels.get(k) for k in keys):
            return [(k, labels.get(k, "")) for k in keys]
        return [(k, str(i + 1)) for i, k in enumerate(keys)]


def _column_numbers(rec: Record, key_col: dict[str, int]) -> bool:
    """A leftover 栏次 row read as data: values 1, 2, 3 … (or k, k+1 …) across its columns."""
    vals = [v for k, v in sorted(rec.values.items(), key=lambda kv: key_col.get(kv[0], 0))
            if v.kind != "blank"]
    nums = [int(v.number) for v in vals if v.kind == "amount" and v.number is not None]
    if (len(vals) < 3 or rec.subject.code or len(nums) < len(vals)
            or any("." in v.raw for v in vals)):
        return False
    return all(b == a + 1 for a, b in zip(nums, nums[1:]))


def _decimals(raw: str) -> int:
    s = raw.replace(",", "").strip()
    return len(s) - s.index(".") - 1 if "." in s else 0


def _short(key: str) -> str:
    return key.split("#")[0]


# ----------------------------------------------------------------------------- notes

def note_equations(view: TableView) -> tuple[list[Equation], list[str]]:
    """Equations from the table's printed note lines; second item: rejected note texts."""
    eqs: list[Equation] = []
    rejected: list[str] = []
    for line in view.table.notes:
        try:
            parsed = parse_note(line)
        except NoteError as e:
            rejected.append(str(e))
            continue
        for ne in parsed:
            made = _col_note(view, ne) if ne.axis == "col" else _row_note(view, ne)
            if made is None:
                rejected.append(f"{ne.text}: refers to columns or lines the table does not have")
            else:
                eqs.extend(made)
    return eqs, rejected


def _col_note(view: TableView, ne: NoteEquation) -> list[Equation] | None:
    if not view.sides:
        return []       # an empty table (说明: no activity): nothing to check
    by_label = {lab: key for key, lab in view.value_columns() if lab}
    if ne.target not in [int(x) for x in by_label if x.isdigit()] or any(
            str(n) not in by_label for _, n in ne.terms):
        return None
    t_key = by_label[str(ne.target)]
    terms = [(s, by_label[str(n)]) for s, n in ne.terms]
    out = []
    for keys, infos in view.sides:
        if t_key not in keys or not all(k in keys for _, k in terms):
            continue
        for info in infos:
            r = info.record
            out.append(Equation(f"{view.tag} {ne.text} [{view.label(r)}]", (view.ref(r, t_key),),
                                tuple((s, view.ref(r, k)) for s, k in terms), source="note"))
    return out


def _row_note(view: TableView, ne: NoteEquation) -> list[Equation] | None:
    if not view.sides:
        return []
    for keys, infos in view.sides:
        by_line = {i.record.line_no: i.record for i in infos if i.record.line_no is not None}
        if ne.target not in by_line:
            continue
        target = by_line[ne.target]
        if not all(n in by_line for _, n in ne.terms):
            return None
        out = []
        for key in keys:
            if not view.amount(target, key):
                continue
            out.append(Equation(f"{view.tag} {ne.text} [{_short(key)}]", (view.ref(target, key),),
                                tuple((s, view.ref(by_line[n], key)) for s, n in ne.terms),
                                source="note"))
        return out
    return None
