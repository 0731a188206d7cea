"""A user's subject dictionary (``[subjects] dictionary = "FILE.csv"``).

The file is a CSV (UTF-8, a BOM is allowed) with a header line and at least the columns
``code`` (3, 5 or 7 digits: 类 / 款 / 项) and ``name``; an optional ``year`` column says which
edition a name belongs to (blank: any year).  Other columns are ignored, so the output of
``fiscaldoc subjects OUT -o FILE.csv`` can be edited and given back.  See
docs/subjects-dictionary.md.

It is part of the pipeline (``pipeline.extract`` hands ``refine_subjects`` to
``verify_document``): after the document's subjects are recognised and before any check or
correction, it (1) on OCR pages only, repairs a code it does not list when the row's printed
name is the name of exactly one listed code of the same length one digit away (recorded as a
``Correction``), so the checks then see the repaired code, and (2) sets ``canonical_name`` of
every record whose code it lists (the name of the document's year, else of the nearest year,
else a yearless one).  Text-layer codes are never changed.

The file is read once per process and read again only when its modification time changes.
A driver that sends work to other machines (Ray) puts the file's rows into the configuration
(``with_entries``), so the workers need no shared file system.
"""
from __future__ import annotations

import csv
import dataclasses
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..config import Config
from ..errors import ConfigError
from ..model import Correction, Document, Level, Record, Table
from ..postprocess.subjects import RecInfo, TableSubjects
from ..postprocess.subjects_names import strip_ordinal
from ..postprocess.verify import SubjectsHook

Entry = tuple[str, str, "int | None"]      # code, name, year (None: any year)

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


def read_entries(path: str | Path) -> tuple[Entry, ...]:
    """The rows of a dictionary CSV; raises ConfigError naming the file and line of a bad one."""
    p = Path(path)
    rows: list[Entry] = []
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
                rows.append((code, name, int(year_text) if year_text else None))
    except OSError as e:
        raise ConfigError(f"{p}: cannot read the subject dictionary: {e}") from e
    except UnicodeDecodeError as e:
        raise ConfigError(f"{p}: the subject dictionary is not UTF-8") from e
    return tuple(rows)


def load_dictionary(path: str | Path) -> UserDictionary:
    """Read a dictionary CSV; raises ConfigError naming the file and line of a bad entry."""
    return _from_entries(read_entries(path))


@lru_cache(maxsize=4)
def _from_entries(entries: tuple[Entry, ...]) -> UserDictionary:
    names: dict[str, list[tuple[int | None, str]]] = {}
    for code, name, year in entries:
        names.setdefault(code, []).append((year, name))
    by_name: dict[str, list[str]] = {}
    for code, listed in names.items():
        for _, name in listed:
            codes = by_name.setdefault(strip_ordinal(name), [])
            if code not in codes:
                codes.append(code)
    return UserDictionary({c: tuple(e) for c, e in names.items()},
                          {n: tuple(c) for n, c in by_name.items()})


@lru_cache(maxsize=4)
def _cached(path: str, mtime_ns: int, size: int) -> UserDictionary:
    return load_dictionary(path)


def user_dictionary(config: Config) -> UserDictionary | None:
    """The dictionary ``config`` names: the rows a driver put into it, else the file (read once
    per process, again when its modification time or size changes); None without one."""
    sub = config.subjects
    if sub.entries:
        return _from_entries(tuple(sub.entries))
    if not sub.dictionary:
        return None
    p = Path(sub.dictionary)
    try:
        st = p.stat()
    except OSError as e:
        raise ConfigError(f"{p}: cannot read the subject dictionary: {e}") from e
    return _cached(str(p), st.st_mtime_ns, st.st_size)


def with_entries(config: Config) -> Config:
    """``config`` with its dictionary file's rows in it, for workers on other machines."""
    sub = config.subjects
    if not sub.dictionary or sub.entries:
        return config
    return dataclasses.replace(config, subjects=dataclasses.replace(
        sub, entries=read_entries(sub.dictionary)))


def subjects_hook(config: Config) -> SubjectsHook | None:
    """The ``refine_subjects`` step for ``verify_document``, or None without a dictionary."""
    dic = user_dictionary(config)
    if dic is None:
        return None

    def refine(doc: Document, subjects: dict[int, TableSubjects]) -> dict[int, TableSubjects]:
        return refine_subjects(doc, subjects, dic)

    return refine


def refine_subjects(doc: Document, subjects: dict[int, TableSubjects],
                    dic: UserDictionary) -> dict[int, TableSubjects]:
    """The recognised subjects of every table with codes repaired on OCR pages and canonical
    names from ``dic``."""
    ocr_pages = {p.index for p in doc.pages if p.text_source == "ocr"}
    year = (doc.meta or {}).get("year")
    out = {}
    for k, found in subjects.items():
        t = doc.tables[k]
        out[k] = _refine_table(t, found, dic, t.year or year, bool(set(t.pages) & ocr_pages))
    return out


def _digits_apart(a: str, b: str) -> int:
    return sum(x != y for x, y in zip(a, b)) if len(a) == len(b) else len(a) + len(b)


def _repair(rec: Record, dic: UserDictionary) -> str | None:
    code = rec.subject.code
    if not code or code in dic.names:
        return None
    hits = [c for c in dic.by_name.get(strip_ordinal(rec.subject.name), ())
            if _digits_apart(c, code) == 1]
    return hits[0] if len(hits) == 1 else None


def _refine_table(t: Table, found: TableSubjects, dic: UserDictionary, year: int | None,
                  ocr: bool) -> TableSubjects:
    infos: list[RecInfo] = []
    corrections = list(found.corrections)
    for info in found.infos:
        rec = info.record
        subject, how = rec.subject, info.how
        fixed = _repair(rec, dic) if ocr and info.role == "subject" else None
        if fixed is not None:
            col = _code_column(t, rec.row, subject.code or "")
            corrections.append(Correction(
                (rec.row, col), subject.code or "", fixed,
                f"subject code {subject.code} read as {fixed}: the subject dictionary lists "
                f"{subject.name} under {fixed}, one digit apart, and has no {subject.code}"))
            subject = dataclasses.replace(subject, code=fixed, level=_LEVELS[len(fixed)],
                                          parent=fixed[:-2] if len(fixed) > 3 else None)
            how = "repaired"
        name = dic.canonical(subject.code, year) if subject.code else None
        if name is not None:
            subject = dataclasses.replace(subject, canonical_name=name)
        if subject is not rec.subject:
            info = dataclasses.replace(info, record=dataclasses.replace(rec, subject=subject),
                                       how=how)
        infos.append(info)
    kept = {i.record.subject.code for i in infos}
    unknown = tuple(c for c in found.unknown if c in kept and c not in dic.names)
    return TableSubjects(tuple(infos), tuple(corrections), unknown)


def _code_column(t: Table, row: int, code: str) -> int:
    cells = [c for c in t.cells if c.row == row]
    for c in sorted(cells, key=lambda c: c.col):
        if code and code[:3] in "".join(c.text.split()):
            return c.col
    return min((c.col for c in cells), default=0)
