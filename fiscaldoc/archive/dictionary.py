"""A user's subject dictionary (``[subjects] dictionary = "FILE.csv"``).

The file is a CSV (UTF-8, a BOM is allowed) with a header line and at least the columns
``code`` (3, 5 or 7 digits: 类 / 款 / 项) and ``name``; an optional ``year`` column says which
edition a name belongs to (blank: any year).  Other columns are ignored, so the output of
``fiscaldoc subjects OUT -o FILE.csv`` can be edited and given back.  See
docs/subjects-dictionary.md.

Applied to a converted document it (1) sets ``canonical_name`` of every record whose code it
lists (the name of the document's year, else of the nearest year, else a yearless one), and
(2) on OCR pages only, repairs a code it does not list when the row's printed name is the name
of exactly one listed code of the same length one digit away (recorded as a ``Correction``).
Text-layer codes are never changed.
"""
from __future__ import annotations

import csv
import dataclasses
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import ConfigError
from ..model import Correction, Document, Level, Record, Subject, Table
from ..postprocess.subjects_names import strip_ordinal

_LEVELS: dict[int, Level] = {3: "类", 5: "款", 7: "项"}


@dataclass(frozen=True, slots=True)
class UserDictionary:
    names: dict[str, tuple[tuple[int | None, str], ...]]     # code -> (year, name) ...
    by_name: dict[str, tuple[str, ...]]                      # name (no ordinal) -> codes

    def canonical(self, code: str, year: int | None) -> str | None:
        entries = self.names.get(code)
        if not entries:
            return None
        dated = [(y, n) for y, n in entries if y is not None]
        if year is not None and dated:
            return min(dated, key=lambda e: (abs(e[0] - year), e[0]))[1]
        undated = [n for y, n in entries if y is None]
        return undated[0] if undated else max(dated)[1]


def load_dictionary(path: str | Path) -> UserDictionary:
    """Read a dictionary CSV; raises ConfigError naming the file and line of a bad entry."""
    p = Path(path)
    names: dict[str, list[tuple[int | None, str]]] = {}
    try:
        with open(p, encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            fields = set(reader.fieldnames or ())
            if not {"code", "name"} <= fields:
                raise ConfigError(f"{p}: the subject dictionary needs the columns code and name "
                                  f"(found {sorted(fields)})")
            for line, row in enumerate(reader, start=2):
                code, name = (row.get("code") or "").strip(), (row.get("name") or "").strip()
                year_text = (row.get("year") or "").strip()
                if len(code) not in _LEVELS or not code.isdigit() or not name:
                    raise ConfigError(f"{p}, line {line}: expected a 3/5/7-digit code and a "
                                      f"name, got {code!r}, {name!r}")
                if year_text and not year_text.isdigit():
                    raise ConfigError(f"{p}, line {line}: year must be a number: {year_text!r}")
                names.setdefault(code, []).append((int(year_text) if year_text else None, name))
    except OSError as e:
        raise ConfigError(f"{p}: cannot read the subject dictionary: {e}") from e
    except UnicodeDecodeError as e:
        raise ConfigError(f"{p}: the subject dictionary is not UTF-8") from e
    by_name: dict[str, list[str]] = {}
    for code, entries in names.items():
        for _, name in entries:
            codes = by_name.setdefault(strip_ordinal(name), [])
            if code not in codes:
                codes.append(code)
    return UserDictionary({c: tuple(e) for c, e in names.items()},
                          {n: tuple(c) for n, c in by_name.items()})


@lru_cache(maxsize=4)
def _cached(path: str, mtime: float) -> UserDictionary:
    return load_dictionary(path)


def apply_dictionary_file(doc: Document, path: str | Path) -> Document:
    p = Path(path)
    try:
        mtime = p.stat().st_mtime
    except OSError as e:
        raise ConfigError(f"{p}: cannot read the subject dictionary: {e}") from e
    return apply_dictionary(doc, _cached(str(p), mtime))


def apply_dictionary(doc: Document, dic: UserDictionary) -> Document:
    """``doc`` with canonical names from ``dic`` and codes repaired on OCR pages."""
    ocr_pages = {p.index for p in doc.pages if p.text_source == "ocr"}
    year = (doc.meta or {}).get("year")
    tables = tuple(_apply_table(t, dic, t.year or year, bool(set(t.pages) & ocr_pages))
                   for t in doc.tables)
    return dataclasses.replace(doc, tables=tables)


def _digits_apart(a: str, b: str) -> int:
    return sum(x != y for x, y in zip(a, b)) if len(a) == len(b) else len(a) + len(b)


def _repair(rec: Record, dic: UserDictionary) -> str | None:
    code = rec.subject.code
    if not code or code in dic.names:
        return None
    hits = [c for c in dic.by_name.get(strip_ordinal(rec.subject.name), ())
            if _digits_apart(c, code) == 1]
    return hits[0] if len(hits) == 1 else None


def _apply_table(t: Table, dic: UserDictionary, year: int | None, ocr: bool) -> Table:
    records, corrections = [], list(t.corrections)
    for rec in t.records:
        subject = rec.subject
        fixed = _repair(rec, dic) if ocr else None
        if fixed is not None:
            col = _code_column(t, rec.row, subject.code or "")
            corrections.append(Correction(
                (rec.row, col), subject.code or "", fixed,
                f"subject code {subject.code} read as {fixed}: the subject dictionary lists "
                f"{subject.name} under {fixed}, one digit apart, and has no {subject.code}"))
            subject = dataclasses.replace(subject, code=fixed, level=_LEVELS[len(fixed)],
                                          parent=fixed[:-2] if len(fixed) > 3 else None)
        name = dic.canonical(subject.code, year) if subject.code else None
        if name is not None:
            subject = dataclasses.replace(subject, canonical_name=name)
        records.append(rec if subject is rec.subject else dataclasses.replace(rec, subject=subject))
    return dataclasses.replace(t, records=tuple(records), corrections=tuple(corrections))


def _code_column(t: Table, row: int, code: str) -> int:
    cells = [c for c in t.cells if c.row == row]
    for c in sorted(cells, key=lambda c: c.col):
        if code and code[:3] in "".join(c.text.split()):
            return c.col
    return min((c.col for c in cells), default=0)
