"""Failure isolation for the checks (design §9): one rule family's bug costs only its values.

``Guard.run`` calls one rule family (note equations of one table, the hierarchy of one table,
one cross-table comparison, the prose quotes, subject recognition, the correction search …);
an exception becomes an ``Issue`` (code ``check-failed``, naming the family, the table and the
page) and a *cover*: the values that family would have checked.  After the other families have
run, a covered value that no surviving check verified, corrected or flagged gets the status
``unchecked`` — distinct from ``ok``, which means "no check applies".

``mark_unchecked`` is the whole-document fallback: every number of every table becomes
``unchecked`` (used when the checks cannot run at all).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable, TypeVar

from ..model import Document, Issue, Record, Table, Value

T = TypeVar("T")

# value kinds the checks read; only these can be left unchecked
CHECKED_KINDS = ("amount", "percent")

# (table index, record) -> whether a failed family would have checked this record's values
Cover = Callable[[int, Record], bool]


def everything(_k: int, _rec: Record) -> bool:
    return True


def tables_cover(tables: set[int] | frozenset[int]) -> Cover:
    frozen = frozenset(tables)
    return lambda k, _rec: k in frozen


@dataclass
class Guard:
    """Runs rule families; collects the Issues and covers of those that raised."""

    tables: tuple[Table, ...]
    issues: list[Issue] = field(default_factory=list)
    covers: list[tuple[str, Cover]] = field(default_factory=list)

    def run(self, family: str, fn: Callable[[], T], default: T, *,
            table: int | None = None, cover: Cover | None = None) -> T:
        """``fn()``, or ``default`` when it raises (then an Issue and a cover are recorded).

        ``table``: the table the family ran on (its values are the default cover);
        without one, ``cover`` says what is left unchecked (default: everything).
        """
        try:
            return fn()
        except Exception as e:      # a bug in one family must not take the others down
            self.fail(family, e, table=table, cover=cover)
            return default

    def fail(self, family: str, error: BaseException, *, table: int | None = None,
             cover: Cover | None = None) -> None:
        page = None
        where = "document"
        if table is not None:
            t = self.tables[table]
            page = t.pages[0] if t.pages else None
            where = f"table {t.id}" + (f" (page {page + 1})" if page is not None else "")
            cover = cover or tables_cover({table})
        self.issues.append(Issue("check-failed", "postprocess", page, "error",
                                 f"rule family '{family}' failed on {where}: "
                                 f"{type(error).__name__}: {error}; the values it checks "
                                 f"are left unchecked"))
        self.covers.append((family, cover or everything))

    def families_covering(self, k: int, rec: Record) -> list[str]:
        return [name for name, cover in self.covers if cover(k, rec)]


def unchecked(val: Value, reason: str) -> Value:
    return replace(val, status="unchecked", reason=reason)


def mark_unchecked(doc: Document, reason: str) -> Document:
    """``doc`` with every number left ``unchecked`` (corrected and flagged ones keep theirs)
    and an error Issue ``verify-failed`` giving ``reason``; status ``partial``."""
    tables = []
    for t in doc.tables:
        records = tuple(replace(rec, values={
            key: unchecked(v, f"not checked: {reason}")
            if v.kind in CHECKED_KINDS and v.status not in ("corrected", "flagged") else v
            for key, v in rec.values.items()}) for rec in t.records)
        tables.append(replace(t, records=records))
    issue = Issue("verify-failed", "postprocess", None, "error",
                  f"{doc.source}: checks not run: {reason}")
    status = "partial" if doc.status == "ok" else doc.status
    return replace(doc, tables=tuple(tables), status=status,
                   issues=tuple(dict.fromkeys(doc.issues + (issue,))))
