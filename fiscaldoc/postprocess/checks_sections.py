"""A total's breakdown = the same breakdown summed over the table's sections.

Social insurance tables (and other 总决算 tables by fund or by category) print a total row with
its items (``社会保险基金收入合计`` / ``其中：社会保险费收入`` / ``利息收入`` …), then one
section per fund (``一、机关事业单位基本养老保险基金收入`` …), each with the same items.  An
item of the total is the sum of that item over the sections, whether or not a section's own
items add up to the section (they often do not: an item is printed only where it matters).

Found from the names: the rows between a total and the first outline-marked row are its
items; each section is an outline-marked row of the highest level with the rows up to the
next one; an item is matched by its name without ``其中`` and ordinal, and checked only when
every section prints it (a section may print it under another name).  Like every rule read
from a layout it is tried on the printed figures first (``checks_generic.keep_plausible``).
"""
from __future__ import annotations

import re

from ..model import Record
from .rules import Equation, TableView, _short
from .subjects_names import outline_level, strip_ordinal

_PART = re.compile(r"^其中[:：]?")


def _item(rec: Record) -> str:
    return strip_ordinal(_PART.sub("", strip_ordinal(rec.subject.name)))


def section_equations(view: TableView, keys: tuple[str, ...],
                      recs: list[Record]) -> list[tuple[str, Equation]]:
    levels = [outline_level(r.subject.name) for r in recs]
    marked = [lv for lv in levels if lv is not None]
    if not marked or not recs:
        return []
    top = min(marked)
    starts = [k for k, lv in enumerate(levels) if lv == top]
    if len(starts) < 2 or starts[0] < 2:
        return []
    items = recs[1:starts[0]]              # the total's breakdown, under its first row
    if any(lv is not None for lv in levels[:starts[0]]):
        return []
    sections: list[dict[str, Record]] = []
    for a, b in zip(starts, starts[1:] + [len(recs)]):
        names: dict[str, Record] = {}
        for r in recs[a + 1:b]:
            n = _item(r)
            if n in names:                 # a name twice in a section: not one breakdown
                return []
            names[n] = r
        sections.append(names)
    out: list[tuple[str, Equation]] = []
    for it in items:
        name = _item(it)
        members = [s[name] for s in sections if name in s]
        if not name or len(members) < 2 or len(members) < len(sections):
            continue        # a section without the item may print it under another name
        group = f"各部分同名项之和: {view.label(recs[0])}"
        for key in keys:
            if not view.amount(it, key):
                continue
            terms = tuple((1, view.ref(m, key)) for m in members
                          if key in m.values and m.values[key].kind != "percent")
            if terms:
                out.append((group, Equation(
                    f"{view.tag} 各部分同名项之和: {view.label(it)} = Σ 各部分「{name}」 "
                    f"[{_short(key)}]", (view.ref(it, key),), terms, source="generic")))
    return out
