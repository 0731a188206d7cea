"""The subject dictionary: codes and names of 财政部《政府收支分类科目》, shipped as data files.

Data files live in ``fiscaldoc/postprocess/data/`` (see ``notes/subjects.md``):

* ``functional.tsv``, ``economic_dept.tsv``, ``economic_gov.tsv`` — ``code<TAB>name<TAB>years
  <TAB>sources``; the level follows from the code length (3 类, 5 款, 7 项) and the parent is
  the code prefix.  ``years`` lists the editions in which a source shows that code with that
  name (``2020``, ``2018,2020``, ``2022-2023``).
* ``revenue_items.tsv`` — ``key<TAB>name<TAB>years<TAB>sources``; keys are this project's own.
* ``aliases.tsv`` — other names of a code, marked as renamings or printing variants.

A header line ``# source: KEY | years | where | what`` names each source and ``# complete:
CODE@YEAR`` says that the children of CODE listed for YEAR are all the children there are.

``load_dictionary(year)`` builds, per scheme, the view of one edition: ``year`` itself when a
source attests it, else the nearest attested year (ties go to the earlier one); the choice is
recorded on the object.  Nothing is interpolated between editions.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Literal

from ..model import Level

SchemeName = Literal["functional", "economic_dept", "economic_gov", "revenue"]
SCHEMES: tuple[SchemeName, ...] = ("functional", "economic_dept", "economic_gov", "revenue")
_FILES: dict[SchemeName, str] = {
    "functional": "functional.tsv",
    "economic_dept": "economic_dept.tsv",
    "economic_gov": "economic_gov.tsv",
    "revenue": "revenue_items.tsv",
}
_LEVELS: dict[int, Level] = {3: "类", 5: "款", 7: "项"}
_CODE = re.compile(r"\d{3}(?:\d{2}){0,2}")
_MAX_CACHED_YEARS = 16

MissReason = Literal["malformed", "not_shipped", "not_in_list"]


class DictionaryDataError(ValueError):
    """A shipped data file does not follow the format (a packaging bug, not a user error)."""


@dataclass(frozen=True, slots=True)
class Entry:
    scheme: SchemeName
    code: str                       # official code; for revenue items the project's own key
    name: str                       # the name in the edition of the dictionary's view
    level: Level | None             # None for revenue items (no 类/款/项)
    parent: str | None              # parent code, None for a 类 or a top revenue item
    years: tuple[int, ...]          # editions a source attests for this code and name
    sources: tuple[str, ...]        # source keys, see Dictionary.sources


@dataclass(frozen=True, slots=True)
class LookupMiss:
    """What ``lookup`` returns for a code the dictionary cannot vouch for."""
    code: str
    scheme: SchemeName | None
    reason: MissReason              # malformed: not a 3/5/7-digit code of a known scheme;
                                    # not_shipped: the dictionary lacks it (its list is partial);
                                    # not_in_list: the parent's full list is known and lacks it
    known_ancestor: Entry | None    # the nearest ancestor the dictionary has, if any


@dataclass(frozen=True, slots=True)
class Alias:
    scheme: SchemeName
    code: str
    other_name: str
    name: str
    kind: Literal["renamed", "renamed_unverified", "variant"]
    years: tuple[int, ...]
    evidence: str


@dataclass(frozen=True, slots=True)
class Source:
    key: str
    years: tuple[int, ...]
    where: str
    what: str


@dataclass(frozen=True, slots=True)
class _Row:
    code: str
    name: str
    years: tuple[int, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _SchemeData:
    rows: tuple[_Row, ...]
    sources: tuple[Source, ...]
    complete: frozenset[tuple[str, int]]    # (parent code, year)
    parents: dict[str, str]                 # explicit parents (revenue)


def parse_years(text: str) -> tuple[int, ...]:
    """``"2018,2020-2022"`` -> ``(2018, 2020, 2021, 2022)``; ``""`` -> ``()``."""
    years: set[int] = set()
    for part in filter(None, (p.strip() for p in text.split(","))):
        lo, sep, hi = part.partition("-")
        if not lo.isdigit() or (sep and not hi.isdigit()):
            raise DictionaryDataError(f"bad year range {part!r}")
        first, last = int(lo), int(hi) if sep else int(lo)
        if last < first:
            raise DictionaryDataError(f"bad year range {part!r}")
        years.update(range(first, last + 1))
    return tuple(sorted(years))


def _read(name: str) -> str:
    return resources.files("fiscaldoc.postprocess").joinpath("data", name).read_text("utf-8")


def parse_scheme_file(text: str, scheme: SchemeName) -> _SchemeData:
    rows: list[_Row] = []
    sources: list[Source] = []
    complete: set[tuple[str, int]] = set()
    parents: dict[str, str] = {}
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        if line.startswith("#"):
            key, _, rest = line[1:].strip().partition(":")
            if key == "source":
                parts = [p.strip() for p in rest.split("|")]
                if len(parts) < 4:
                    raise DictionaryDataError(f"{scheme}: line {n}: source needs 4 fields")
                sources.append(Source(parts[0], parse_years(parts[1]), parts[2],
                                      " | ".join(parts[3:])))
            elif key == "complete":
                for item in rest.split():
                    code, _, year = item.partition("@")
                    complete.update((code, y) for y in parse_years(year))
            elif key == "parent":
                for item in rest.split():
                    child, _, parent = item.partition(">")
                    parents[child] = parent
            continue
        cols = line.split("\t")
        if len(cols) != 4 or not cols[0] or not cols[1]:
            raise DictionaryDataError(f"{scheme}: line {n}: expected 4 tab-separated fields")
        code, name = cols[0].strip(), cols[1].strip()
        if scheme != "revenue" and not _CODE.fullmatch(code):
            raise DictionaryDataError(f"{scheme}: line {n}: bad code {code!r}")
        row_sources = tuple(s.strip() for s in cols[3].split(",") if s.strip())
        rows.append(_Row(code, name, parse_years(cols[2]), row_sources))
    known = {s.key for s in sources}
    for row in rows:
        unknown = set(row.sources) - known
        if unknown or not row.years:
            raise DictionaryDataError(f"{scheme}: {row.code}: years/sources {unknown or ''}")
    return _SchemeData(tuple(rows), tuple(sources), frozenset(complete), parents)


def parse_alias_file(text: str) -> tuple[Alias, ...]:
    aliases = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 7 or cols[0] not in SCHEMES or cols[4] not in (
                "renamed", "renamed_unverified", "variant"):
            raise DictionaryDataError(f"aliases: line {n}: bad row")
        aliases.append(Alias(cols[0], cols[1], cols[2], cols[3], cols[4],  # type: ignore[arg-type]
                             parse_years(cols[5]), cols[6]))
    return tuple(aliases)


@lru_cache(maxsize=1)
def _all_data() -> tuple[dict[SchemeName, _SchemeData], tuple[Alias, ...]]:
    data = {s: parse_scheme_file(_read(f), s) for s, f in _FILES.items()}
    return data, parse_alias_file(_read("aliases.tsv"))


def available_years(scheme: SchemeName) -> tuple[int, ...]:
    """Editions for which the shipped data hold at least one entry of ``scheme``."""
    rows = _all_data()[0][scheme].rows
    return tuple(sorted({y for r in rows for y in r.years}))


def _nearest(year: int, years: tuple[int, ...]) -> int | None:
    if not years:
        return None
    return min(years, key=lambda y: (abs(y - year), y))


def scheme_of_code(code: str) -> SchemeName | None:
    """Scheme implied by a 3/5/7-digit code: 2xx functional, 3xx/5xx economic; else None."""
    if not _CODE.fullmatch(code):
        return None
    if code[0] == "2":
        return "functional"
    if len(code) <= 5 and code[0] == "3":
        return "economic_dept"
    if len(code) <= 5 and code[0] == "5":
        return "economic_gov"
    return None


def _parent_of(scheme: SchemeName, code: str, explicit: dict[str, str]) -> str | None:
    if scheme == "revenue":
        return explicit.get(code)
    return code[:-2] if len(code) > 3 else None


@dataclass(frozen=True, eq=False)
class SubjectDictionary:
    requested_year: int
    scheme_years: dict[str, int | None]     # scheme -> edition actually used (None: no data)
    sources: dict[str, Source]              # "scheme:KEY" -> source
    aliases: tuple[Alias, ...]
    _entries: dict[tuple[str, str], Entry] = field(repr=False)
    _children: dict[tuple[str, str], tuple[Entry, ...]] = field(repr=False)
    _complete: frozenset[tuple[str, str]] = field(repr=False)     # (scheme, parent code)
    _by_name: dict[str, tuple[Entry, ...]] = field(repr=False)

    @property
    def fallback(self) -> bool:
        """True when some scheme's view is not of the requested year."""
        return any(y is not None and y != self.requested_year
                   for y in self.scheme_years.values())

    def entries(self, scheme: SchemeName | None = None) -> tuple[Entry, ...]:
        return tuple(e for (s, _), e in self._entries.items() if scheme in (None, s))

    def entries_by_level(self, scheme: SchemeName) -> dict[Level, tuple[Entry, ...]]:
        out: dict[Level, list[Entry]] = {"类": [], "款": [], "项": []}
        for e in self.entries(scheme):
            if e.level is not None:
                out[e.level].append(e)
        return {k: tuple(v) for k, v in out.items()}

    def lookup(self, code: str, scheme: SchemeName | None = None) -> Entry | LookupMiss:
        """The entry for ``code``; a ``LookupMiss`` (never None, never an exception) if absent."""
        code = code.strip()
        scheme = scheme or scheme_of_code(code)
        if scheme is None or (scheme != "revenue" and scheme_of_code(code) != scheme):
            return LookupMiss(code, scheme, "malformed", None)
        found = self._entries.get((scheme, code))
        if found is not None:
            return found
        ancestor = self.parent(code, scheme)
        parent_code = code[:-2] if scheme != "revenue" and len(code) > 3 else None
        complete = parent_code is not None and (scheme, parent_code) in self._complete
        return LookupMiss(code, scheme, "not_in_list" if complete else "not_shipped",
                          ancestor if isinstance(ancestor, Entry) else None)

    def parent(self, code: str, scheme: SchemeName | None = None) -> Entry | LookupMiss:
        """Nearest ancestor the dictionary has; a miss when there is none (or for a 类)."""
        scheme = scheme or scheme_of_code(code)
        if scheme is None:
            return LookupMiss(code, None, "malformed", None)
        own = self._entries.get((scheme, code))
        cur = own.parent if own is not None else _parent_of(scheme, code, {})
        while cur is not None:
            hit = self._entries.get((scheme, cur))
            if hit is not None:
                return hit
            cur = _parent_of(scheme, cur, {})
        return LookupMiss(code, scheme, "not_shipped", None)

    def children(self, code: str, scheme: SchemeName | None = None) -> tuple[Entry, ...]:
        scheme = scheme or scheme_of_code(code)
        return self._children.get((scheme or "revenue", code), ())

    def children_complete(self, code: str, scheme: SchemeName | None = None) -> bool:
        """True when the shipped children of ``code`` are known to be all of them."""
        scheme = scheme or scheme_of_code(code)
        return (scheme or "revenue", code) in self._complete

    def find_name(self, name: str, scheme: SchemeName | None = None) -> list[Entry]:
        """Entries whose name is ``name``, exactly or through an alias of this code."""
        key = _norm(name)
        found = [e for e in self._by_name.get(key, ()) if scheme in (None, e.scheme)]
        for a in self.aliases:
            if scheme not in (None, a.scheme):
                continue
            if key in (_norm(a.other_name), _norm(a.name)):
                hit = self._entries.get((a.scheme, a.code))
                if hit is not None and hit not in found:
                    found.append(hit)
        return found

    def aliases_for(self, code: str) -> tuple[Alias, ...]:
        return tuple(a for a in self.aliases if a.code == code)


def _norm(name: str) -> str:
    return "".join(name.split()).replace("(", "（").replace(")", "）")


def _build(year: int) -> SubjectDictionary:
    data, aliases = _all_data()
    entries: dict[tuple[str, str], Entry] = {}
    scheme_years: dict[str, int | None] = {}
    sources: dict[str, Source] = {}
    complete: set[tuple[str, str]] = set()
    for scheme in SCHEMES:
        sd = data[scheme]
        chosen = _nearest(year, available_years(scheme))
        scheme_years[scheme] = chosen
        for s in sd.sources:
            sources[f"{scheme}:{s.key}"] = s
        complete.update((scheme, c) for c, y in sd.complete if y == chosen)
        for row in sd.rows:
            if chosen in row.years:
                entries[(scheme, row.code)] = Entry(
                    scheme, row.code, row.name,
                    None if scheme == "revenue" else _LEVELS[len(row.code)],
                    _parent_of(scheme, row.code, sd.parents), row.years, row.sources)
    children: dict[tuple[str, str], list[Entry]] = {}
    by_name: dict[str, list[Entry]] = {}
    for e in entries.values():
        if e.parent is not None:
            children.setdefault((e.scheme, e.parent), []).append(e)
        by_name.setdefault(_norm(e.name), []).append(e)
    return SubjectDictionary(
        year, scheme_years, sources, aliases, entries,
        {k: tuple(sorted(v, key=lambda e: e.code)) for k, v in children.items()},
        frozenset(complete), {k: tuple(v) for k, v in by_name.items()})


@lru_cache(maxsize=_MAX_CACHED_YEARS)
def load_dictionary(year: int) -> SubjectDictionary:
    """The dictionary for documents of ``year`` (cached: one object per year, bounded)."""
    if not isinstance(year, int) or isinstance(year, bool):
        raise TypeError(f"year must be an int, not {type(year).__name__}")
    return _build(year)
