"""Gold against prediction for whole documents and folders: per document, per kind, overall.

``evaluate(gold, pred)`` takes ``document.json`` files or folders of them.  Documents are
paired by source sha256, then by source file name (stem); tables inside a pair by
``score.match_tables``.  ``Totals`` adds the counts of any group of tables; percentages are
taken over the summed counts, TEDS is the mean over gold tables (a missed table counts 0).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from ..errors import InputError
from ..model import Document
from .score import TableScore, match_tables, score_table


def load_documents(path: Path) -> list[tuple[Path, Document]]:
    """Every document JSON at ``path``: the file itself, or each ``*.json`` under a folder
    that holds a fiscaldoc document (other JSON files such as manifests are passed over)."""
    path = Path(path)
    if not path.exists():
        raise InputError(str(path), "no such file or folder")
    files = [path] if path.is_file() else sorted(path.rglob("*.json"))
    out = []
    for f in files:
        try:
            data = json.loads(f.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
            if path.is_file():
                raise InputError(str(f), f"not a document JSON: {e}") from e
            continue
        if not (isinstance(data, dict) and "schema_version" in data and "tables" in data):
            if path.is_file():
                raise InputError(str(f), "not a fiscaldoc document JSON (no schema_version)")
            continue
        try:
            out.append((f, Document.from_dict(data)))
        except (TypeError, ValueError, KeyError) as e:
            raise InputError(str(f), f"does not load as a Document: {e}") from e
    return out


def doc_name(doc: Document) -> str:
    return Path(doc.source.replace("\\", "/")).stem or doc.sha256[:12] or "document"


def pair_documents(gold: list[Document], pred: list[Document]
                   ) -> list[tuple[Document, Document | None]]:
    """Each gold document with its prediction: same sha256 first, then the same name."""
    left = list(range(len(pred)))
    out: list[tuple[Document, Document | None]] = []
    for g in gold:
        j = next((j for j in left if g.sha256 and pred[j].sha256 == g.sha256), None)
        if j is None:
            j = next((j for j in left if doc_name(pred[j]) == doc_name(g)), None)
        if j is not None:
            left.remove(j)
        out.append((g, pred[j] if j is not None else None))
    return out


@dataclass
class Totals:
    """Summed counts of a group of gold tables."""

    tables: int = 0
    matched: int = 0
    structure_exact: int = 0
    cells: int = 0
    cells_ok: int = 0
    amounts: int = 0
    amounts_ok_before: int = 0
    amounts_ok_after: int = 0
    teds_sum: float = 0.0
    teds_struct_sum: float = 0.0
    reviewed: int = 0
    reviewed_right: int = 0
    statuses: dict[str, list[int]] = field(default_factory=dict)   # status -> [n, right]

    def add(self, s: TableScore) -> None:
        self.tables += 1
        self.matched += s.matched
        self.structure_exact += s.structure_exact
        self.cells += s.cells
        self.cells_ok += s.cells_ok
        self.amounts += s.amounts
        self.amounts_ok_before += s.amounts_ok_before
        self.amounts_ok_after += s.amounts_ok_after
        self.teds_sum += s.teds
        self.teds_struct_sum += s.teds_struct
        for v in s.values:
            right = v.after == v.gold
            if v.reviewed:
                self.reviewed += 1
                self.reviewed_right += right
            if v.status:
                n = self.statuses.setdefault(v.status, [0, 0])
                n[0] += 1
                n[1] += right

    def status(self, name: str) -> tuple[int, int]:
        n, right = self.statuses.get(name, [0, 0])
        return n, right

    def to_dict(self) -> dict[str, Any]:
        n = max(self.tables, 1)
        verified, verified_right = self.status("verified")
        flagged, flagged_right = self.status("flagged")
        return {
            "tables": self.tables, "tables_matched": self.matched,
            "structure_exact": self.structure_exact,
            "cells": self.cells, "cells_exact": self.cells_ok,
            "amounts": self.amounts, "amounts_exact_before": self.amounts_ok_before,
            "amounts_exact_after": self.amounts_ok_after,
            "teds": round(self.teds_sum / n, 4), "teds_struct": round(self.teds_struct_sum / n, 4),
            "verified": verified, "verified_but_wrong": verified - verified_right,
            "flagged": flagged, "flagged_but_right": flagged_right,
            "reviewed": self.reviewed, "reviewed_right": self.reviewed_right,
            "statuses": {k: {"values": v[0], "right": v[1]}
                         for k, v in sorted(self.statuses.items())},
        }


def total(scores: Iterable[TableScore]) -> Totals:
    t = Totals()
    for s in scores:
        t.add(s)
    return t


@dataclass
class Evaluation:
    scores: list[TableScore]
    missing_docs: list[str]          # gold documents with no prediction
    extra_tables: dict[str, int]     # document -> predicted tables no gold table matched

    def by_document(self) -> dict[str, Totals]:
        return _group(self.scores, lambda s: s.doc)

    def by_kind(self) -> dict[str, Totals]:
        return _group(self.scores, lambda s: s.kind)

    def overall(self) -> Totals:
        return total(self.scores)

    def worst(self, n: int = 10) -> list[TableScore]:
        """The ``n`` worst tables: lowest TEDS, then fewest exact cells."""
        return sorted(self.scores, key=lambda s: (s.teds, s.cells_ok / max(s.cells, 1),
                                                  s.doc, s.table_id))[:n]


def _group(scores: Iterable[TableScore], key: Callable[[TableScore], str]) -> dict[str, Totals]:
    out: dict[str, Totals] = {}
    for s in scores:
        out.setdefault(key(s), Totals()).add(s)
    return dict(sorted(out.items()))


def evaluate(gold: Path, pred: Path) -> Evaluation:
    """Score every gold document under ``gold`` against its prediction under ``pred``."""
    golds = [d for _, d in load_documents(gold)]
    preds = [d for _, d in load_documents(pred)]
    return evaluate_documents(golds, preds)


def evaluate_documents(golds: list[Document], preds: list[Document]) -> Evaluation:
    scores: list[TableScore] = []
    missing, extra = [], {}
    for g, p in pair_documents(golds, preds):
        name = doc_name(g)
        if p is None:
            missing.append(name)
            scores.extend(score_table(name, t, None, g.source) for t in g.tables)
            continue
        matched = match_tables(g.tables, p.tables)
        scores.extend(score_table(name, t, m, g.source) for t, m in zip(g.tables, matched))
        n_extra = len(p.tables) - sum(m is not None for m in matched)
        if n_extra:
            extra[name] = n_extra
    return Evaluation(scores, missing, extra)
