"""Exports of a Document: JSON, one CSV per table, an XLSX workbook, Markdown, HTML tables and,
given a path, the facts table (Parquet, ``export.facts``).  Every file is written to a
temporary name and renamed (``export.atomic``), so a killed run leaves no torn file.

Every exporter runs on its own (design §9): an exception in one becomes an ``export-failed``
Issue naming the exporter (and the table, for per-table files), the document becomes
``partial``, and the other exporters still write.  ``document.json`` is written last so it
records what failed before it; if it cannot be written itself, the returned document says so.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Callable

from ..model import Document, Issue, Table
from .atomic import write_text_atomic
from .csv import write_table_csv
from .facts import write_facts
from .json import document_json
from .markdown import document_markdown
from .xlsx import write_xlsx

__all__ = ["write_all", "export_all", "Exported", "EXPORTERS", "table_file_stem"]

_UNSAFE = re.compile(r"[^\w.-]+")


def table_file_stem(table_id: str) -> str:
    """A file-system-safe stem for a table id."""
    return _UNSAFE.sub("_", table_id).strip("._") or "table"


def table_stems(tables: tuple[Table, ...]) -> list[str]:
    """One unique, safe file stem per table (never 'document' or 'tables')."""
    stems: list[str] = []
    seen: set[str] = set()
    for table in tables:
        stem = base = table_file_stem(table.id)
        n = 1
        while stem.lower() in seen or stem.lower() in ("document", "tables"):
            n += 1
            stem = f"{base}_{n}"
        seen.add(stem.lower())
        stems.append(stem)
    return stems


def _csv_files(doc: Document, out_dir: Path) -> list[tuple[str, Callable[[], Path]]]:
    return [(f"csv {t.id}", partial(write_table_csv, t, out_dir / f"{s}.csv"))
            for t, s in zip(doc.tables, table_stems(doc.tables))]


def _xlsx(doc: Document, out_dir: Path) -> list[tuple[str, Callable[[], Path]]]:
    return [("xlsx", lambda: write_xlsx(doc, out_dir / "tables.xlsx"))]


def _markdown(doc: Document, out_dir: Path) -> list[tuple[str, Callable[[], Path]]]:
    def write() -> Path:
        return write_text_atomic(out_dir / "document.md", document_markdown(doc))
    return [("markdown", write)]


# Each exporter gives the (name, write) jobs for one document; every job runs on its own.
EXPORTERS: list[Callable[[Document, Path], list[tuple[str, Callable[[], Path]]]]] = [
    _csv_files, _xlsx, _markdown]


@dataclass(frozen=True)
class Exported:
    document: Document           # the document as written: export failures among its issues
    written: list[Path]
    failed: list[str]            # names of the exporters (or files) that raised


def _facts(path: Path) -> Callable[[Document, Path], list[tuple[str, Callable[[], Path]]]]:
    def exporter(doc: Document, out_dir: Path) -> list[tuple[str, Callable[[], Path]]]:
        return [("facts", lambda: write_facts(doc, path, out_dir.name))]
    return exporter


def export_all(doc: Document, out_dir: Path, *, facts: Path | None = None) -> Exported:
    """Write every export of ``doc`` into ``out_dir``, each on its own (see module doc); with
    ``facts`` (a file path such as ``OUT/facts/<name>.parquet``) the facts table too."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    failed: list[str] = []
    for exporter in EXPORTERS + ([_facts(Path(facts))] if facts is not None else []):
        try:
            jobs = exporter(doc, out_dir)
        except Exception as e:   # one exporter's bug must not stop the others
            doc = _failed(doc, failed, getattr(exporter, "__name__", "exporter"), e)
            continue
        for name, job in jobs:
            try:
                written.append(job())
            except Exception as e:   # one file's failure must not stop the others
                doc = _failed(doc, failed, name, e)
    p = out_dir / "document.json"
    try:
        written.insert(0, write_text_atomic(p, document_json(doc)))
    except Exception as e:   # the JSON's own failure is recorded in the returned document
        doc = _failed(doc, failed, "json", e)
    return Exported(doc, written, failed)


def _failed(doc: Document, failed: list[str], name: str, e: Exception) -> Document:
    """``doc`` with an ``export-failed`` Issue for exporter ``name``; ``partial`` if it was ok."""
    failed.append(name)
    issue = Issue("export-failed", "export", None, "error",
                  f"{name}: {doc.source}: {type(e).__name__}: {e}")
    return replace(doc, status="partial" if doc.status == "ok" else doc.status,
                   issues=doc.issues + (issue,))


def write_all(doc: Document, out_dir: Path, *, facts: Path | None = None) -> list[Path]:
    """Write document.json, <table id>.csv per table, tables.xlsx and document.md (and the
    facts file, given its path); the paths written (an exporter that failed is left out;
    ``export_all`` says which and why)."""
    return export_all(doc, out_dir, facts=facts).written
