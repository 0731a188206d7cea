"""Subject recognition (issue 4, item 2): scheme, code, level, parent and canonical name.

Works from what the document itself prints, with the (partial) dictionary of
``subjects_data`` only for canonical names:

* level and parent follow from the code (3 digits 类, 5 款, 7 项; parent = code prefix);
* a name-only row (``一、一般公共服务支出`` in 表1/表4) gets its 类 code from a 类 row of the same
  document that prints code and name, else from ``subjects_names.CLASS_LIST`` (names modulo the suffix
  支出/事务 and the ``(类)`` marker; one damaged character is tolerated when the match is unique);
* an OCR-damaged code (one wrong digit) is repaired when the document proves the right one: the
  same name printed with a code one digit away in another table, or the row order (a 项 sits
  under the preceding 款, a 款 under the preceding 类) with a one-digit difference in the prefix;
* anything else stays as printed: a code the dictionary lacks has ``canonical_name=None`` (unknown,
  never guessed), and a code that contradicts the row order is reported as untrusted, so the
  hierarchy checks leave its neighbourhood alone.

The printed text is kept: ``Subject.name`` is the printed name, a repaired code is recorded as a
``Correction`` of its code cell (``before`` = printed), and the table cells are never changed.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from ..model import Correction, Level, Record, Subject, Table
from ..tables.header import split_sides
from .subjects_data import Entry, LookupMiss, SchemeName, SubjectDictionary, load_dictionary
from .subjects_names import (
    CLASS_LIST, LABELS, PRINTED_CLASSES, base_name, class_code, class_names, is_total_name,
    label_of, norm_name, one_char_apart, outline_level, strip_ordinal, template_label,
)

_LETTER_DIGITS = str.maketrans({"O": "0", "o": "0", "D": "0", "Q": "0", "l": "1", "I": "1",
                                "|": "1", "i": "1", "S": "5", "s": "5", "B": "8", "Z": "2",
                                "z": "2", "G": "6", "b": "6", "g": "9", "q": "9"})


# ----------------------------------------------------------------------------- per table

@dataclass(frozen=True, slots=True)
class RecInfo:
    """What recognition found for one record (the new record carries the resolved Subject)."""

    record: Record
    role: str                 # subject | total | group | name | unknown
    trusted: bool             # subject: code consistent with the row order (hierarchy may use it)
    how: str                  # printed | repaired | name | none
    raw_code: str             # the printed code text ("" if none)

    @property
    def code(self) -> str:
        """The record's subject code ("" when it has none; a "subject" record always has one)."""
        return self.record.subject.code or ""


@dataclass(frozen=True, slots=True)
class TableSubjects:
    infos: tuple[RecInfo, ...]          # one per record of the table, in the same order
    corrections: tuple[Correction, ...]
    unknown: tuple[str, ...]            # codes that the shipped (partial) dictionary lacks


def _lenient_code(raw: str) -> str | None:
    s = raw.replace(" ", "").translate(_LETTER_DIGITS)
    return s if re.fullmatch(r"\d{3}(?:\d{2}){0,2}", s) else None


def _code_cells(table: Table) -> dict[int, tuple[tuple[int, str], ...]]:
    """record index -> ((col, text), ...) of its side's code columns."""
    grid = table.to_grid()
    sides = split_sides(table.columns, grid[table.header_rows:])
    by_keys = {frozenset(table.columns[j].key for j in s.value_cols): s for s in sides}
    out: dict[int, tuple[tuple[int, str], ...]] = {}
    for i, r in enumerate(table.records):
        side = by_keys.get(frozenset(r.values))
        if side is not None:
            out[i] = tuple((j, grid[r.row][j]) for j in side.code_cols)
    return out


def _cross_codes(tables: tuple[Table, ...]) -> dict[str, dict[str, int]]:
    """normalized name -> {code: times printed} over the document."""
    out: dict[str, dict[str, int]] = {}
    for t in tables:
        for r in t.records:
            if r.subject.code and r.subject.name:
                d = out.setdefault(norm_name(r.subject.name), {})
                d[r.subject.code] = d.get(r.subject.code, 0) + 1
    return out


def _digits_apart(a: str, b: str) -> int:
    return sum(x != y for x, y in zip(a, b)) if len(a) == len(b) else 99


def _side_digit(records: tuple[Record, ...], idx: list[int]) -> str | None:
    codes = [records[i].subject.code for i in idx]
    firsts = [c[0] for c in codes if c and c[0] in "235"]
    return max(set(firsts), key=firsts.count) if firsts else None


def resolve_table(table: Table, tables: tuple[Table, ...], year: int | None,
                  names: dict[str, str] | None = None) -> TableSubjects:
    """Recognise every record's subject of ``table`` (``tables``: the whole document)."""
    names = class_names(tables) if names is None else names
    recs = table.records
    cells = _code_cells(table)
    cross = _cross_codes(tables)
    sides: dict[frozenset[str], list[int]] = {}
    for i in sorted(range(len(recs)), key=lambda i: recs[i].row):
        sides.setdefault(frozenset(recs[i].values), []).append(i)
    raw = {i: "".join(t for _, t in cells.get(i, ())).replace(" ", "") for i in range(len(recs))}
    cand: dict[int, str] = {}
    digit_of: dict[int, str | None] = {}
    for idx in sides.values():
        digit = _side_digit(recs, idx)
        started = False
        for i in idx:
            digit_of[i] = digit
            code = recs[i].subject.code or (_lenient_code(raw[i]) if raw[i] else None)
            if code and digit and (code[0] == digit or started):
                cand[i] = code          # below the first code: a wrong first digit is damage
                started = True
    how = {i: "printed" if recs[i].subject.code == c else "repaired" for i, c in cand.items()}
    side_of = {i: k for k, idx in sides.items() for i in idx}
    firsts = {k: min((recs[i].row for i in idx if i in cand), default=None)
              for k, idx in sides.items()}

    def below_first_code(i: int) -> bool:
        top = firsts[side_of[i]]
        return top is not None and recs[i].row > top

    dic = load_dictionary(year) if year else None
    schemes: dict[str, SchemeName] = {"2": "functional", "3": "economic_dept",
                                      "5": "economic_gov"}
    for i, code in list(cand.items()):
        better = _evidence(norm_name(recs[i].subject.name), code, cross, dic,
                           schemes.get(digit_of[i] or ""))
        if better is not None:
            cand[i], how[i] = better, "repaired"
    confirmed = {i for i, c in cand.items()
                 if cross.get(norm_name(recs[i].subject.name), {}).get(c, 0) >= 2}
    gaps = {recs[i].row for i in range(len(recs)) if i not in cand and raw[i]
            and any(ch.isdigit() for ch in raw[i]) and below_first_code(i)}
    trusted = _order_repair(recs, cand, how, confirmed, gaps)
    how = {i: "printed" if recs[i].subject.code == c else how[i] for i, c in cand.items()}
    infos: list[RecInfo] = []
    corrections: list[Correction] = []
    unknown: list[str] = []
    first_coded = {k: min((recs[i].row for i in idx if i in cand), default=None)
                   for k, idx in sides.items()}
    for i, r in enumerate(recs):
        s = r.subject
        code = cand.get(i)
        if code is not None:
            canon = _canonical(dic, code)
            if canon is None and code not in unknown:
                unknown.append(code)
            subj = Subject(code, s.name, _LEVEL[len(code)],
                           "functional" if code[0] == "2" else "economic",
                           canon, code[:-2] if len(code) > 3 else None)
            if how[i] == "repaired":
                corrections.append(_code_correction(r, cells.get(i, ()), code))
            infos.append(RecInfo(replace(r, subject=subj), "subject", i in trusted, how[i], raw[i]))
            continue
        label = template_label(s.name)
        if label is not None and label != strip_ordinal(s.name):
            r = replace(r, subject=replace(s, canonical_name=label))
            s = r.subject
        name = label or norm_name(s.name)
        top = first_coded[frozenset(r.values)]
        if name.endswith(("合计", "总计")) or name == "小计":
            infos.append(RecInfo(r, "total", True, "none", raw[i]))
        elif digit_of[i] is None or table.kind.endswith("summary"):
            code = class_code(s.name, names) if label is None else None
            if code is not None and any(k.startswith("支出") for k in r.values):
                subj = Subject(code, s.name, "类", "functional", _canonical(dic, code), None)
                infos.append(RecInfo(replace(r, subject=subj), "name", True, "name", raw[i]))
            else:
                infos.append(RecInfo(r, "name", True, "none", raw[i]))
        elif top is not None and r.row < top and (raw[i].isdigit() or name):
            # a unit / department row (单位代码 18001) or a named row above the first code
            infos.append(RecInfo(replace(r, subject=replace(s, scheme="other", level=None)),
                                 "group", True, "none", raw[i]))
        else:
            # a row of a coded table without a usable code: where it belongs is unknown
            infos.append(RecInfo(r, "unknown", False, "none", raw[i]))
    return TableSubjects(tuple(infos), tuple(corrections), tuple(unknown))


_LEVEL: dict[int, Level] = {3: "类", 5: "款", 7: "项"}


def _evidence(name: str, code: str, cross: dict[str, dict[str, int]],
              dic: SubjectDictionary | None, scheme: SchemeName | None) -> str | None:
    """A code one digit away from ``code`` that the document (the same name printed with it
    more often elsewhere; a name one character away if the name itself is not) or the
    dictionary (the only entry of that name) gives for this row."""
    seen = cross.get(name, {})
    if sum(seen.values()) <= 1:
        near = [k for k in cross if one_char_apart(k, name)]
        if len(near) == 1:
            seen = {**cross[near[0]], code: seen.get(code, 0)}
    best = [c for c, n in seen.items() if _digits_apart(c, code) == 1 and n > seen.get(code, 0)]
    if len(best) == 1:
        return best[0]
    if dic is not None and scheme is not None and isinstance(dic.lookup(code, scheme), LookupMiss):
        hits = [e.code for e in dic.find_name(name, scheme) if _digits_apart(e.code, code) == 1]
        if len(hits) == 1:
            return hits[0]
    return None


def _canonical(dic: SubjectDictionary | None, code: str) -> str | None:
    if dic is None:
        return None
    entry = dic.lookup(code)
    return entry.name if isinstance(entry, Entry) else None


def _order_repair(records: tuple[Record, ...], cand: dict[int, str], how: dict[int, str],
                  confirmed: set[int], gaps: set[int]) -> set[int]:
    """Check codes against the row order (per side); repair one-digit prefix damage.

    A parent whose children (≥ 2, all agreeing) print another prefix one digit away is
    repaired first; then each child whose prefix is one digit away from its parent's code.
    Codes ``confirmed`` elsewhere in the document are never changed, and no child is repaired
    across a row whose printed code could not be read (``gaps``: its real parent may be that
    row).  Returns the records whose codes agree with the order.
    """
    sides: dict[frozenset[str], list[int]] = {}
    for i in sorted(cand, key=lambda i: records[i].row):
        sides.setdefault(frozenset(records[i].values), []).append(i)
    trusted: set[int] = set()
    for order in sides.values():
        for _ in range(2):      # parents first, then children against repaired parents
            parent_of = _positional_parents(order, cand)
            kids: dict[int, list[int]] = {}
            for i, p in parent_of.items():
                if p is not None:
                    kids.setdefault(p, []).append(i)
            for p, ks in kids.items():
                pre = Counter(cand[k][: len(cand[p])] for k in ks)
                q, n = pre.most_common(1)[0]
                if q != cand[p] and n >= 2 and 2 * n > len(ks) and p not in confirmed \
                        and _digits_apart(q, cand[p]) == 1:
                    cand[p], how[p] = q, "repaired"
            for i, p in parent_of.items():
                if p is None or i in confirmed or any(
                        records[p].row < g < records[i].row for g in gaps):
                    continue
                pc, c = cand[p], cand[i]
                siblings = [k for k in kids[p] if k != i]
                agree = sum(cand[k].startswith(pc) for k in siblings)
                if not c.startswith(pc) and _digits_apart(c[: len(pc)], pc) == 1 \
                        and agree >= 1 and 2 * agree >= len(siblings):
                    cand[i], how[i] = pc + c[len(pc):], "repaired"
        parent_of = _positional_parents(order, cand)
        prev_top: str | None = None
        for i in order:
            p = parent_of[i]
            c = cand[i]
            ok = p is None or c.startswith(cand[p])
            if p is None and len(c) > 3 and any(len(cand[j]) < len(c) for j in order):
                ok = False   # a 款/项 above the first 类/款 it should sit under
            if len(c) == 3:
                ok = ok and (prev_top is None or c > prev_top)
                prev_top = c
            if ok:
                trusted.add(i)
    return trusted


def _positional_parents(order: list[int], cand: dict[int, str]) -> dict[int, int | None]:
    """Each coded row's parent by position: the nearest row above with a shorter code."""
    out: dict[int, int | None] = {}
    stack: list[int] = []
    for i in order:
        while stack and len(cand[stack[-1]]) >= len(cand[i]):
            stack.pop()
        out[i] = stack[-1] if stack else None
        stack.append(i)
    return out


def _code_correction(r: Record, cells: tuple[tuple[int, str], ...], code: str) -> Correction:
    printed = "".join(t for _, t in cells).replace(" ", "")
    col = next((j for j, t in cells if t.strip()), cells[0][0] if cells else 0)
    return Correction((r.row, col), printed or (r.subject.code or ""), code,
                      f"subject code {printed or '?'} read as {code}: one digit differs from the "
                      f"code the document's hierarchy / other tables give for {r.subject.name}")


def resolve_document(tables: tuple[Table, ...], year: int | None) -> dict[int, TableSubjects]:
    names = class_names(tables)
    return {k: resolve_table(t, tables, t.year or year, names) for k, t in enumerate(tables)}


__all__ = [
    "RecInfo", "TableSubjects", "resolve_table", "resolve_document",
    # re-exported from subjects_names
    "CLASS_LIST", "LABELS", "PRINTED_CLASSES", "base_name", "class_code", "class_names",
    "is_total_name", "label_of", "norm_name", "one_char_apart", "outline_level", "strip_ordinal",
    "template_label",
]
