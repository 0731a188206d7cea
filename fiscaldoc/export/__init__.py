"""Exports of a Document: JSON, one CSV per table, an XLSX workbook, Markdown, HTML tables and
the facts table (Parquet).  Every file is written atomically (``export.atomic``)."""
from __future__ import annotations

import re
from pathlib import Path

from ..model import Document
from .atomic import write_text_atomic
from .csv import write_table_csv
from .facts import write_facts
from .json import document_json
from .markdown import document_markdown
from .xlsx import write_xlsx

__all__ = ["write_all", "table_file_stem"]

_UNSAFE = re.compile(r"[^\w.-]+")


def table_file_stem(table_id: str) -> str:
    """A file-system-safe stem for a table id."""
    return _UNSAFE.sub("_", table_id).strip("._") or "table"


def write_all(doc: Document, out_dir: Path, *, facts: Path | None = None) -> list[Path]:
    """Write document.json, <table id>.csv per table, tables.xlsx and document.md; with
    ``facts`` (a file path, e.g. ``OUT/facts/<name>.parquet``) the facts table too."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    p = out_dir / "document.json"
    written.append(write_text_atomic(p, document_json(doc)))
    if facts is not None:
        written.append(write_facts(doc, facts, out_dir.name))
    stems: set[str] = set()
    for table in doc.tables:
        stem = base = table_file_stem(table.id)
        n = 1
        while stem.lower() in stems or stem.lower() in ("document", "tables"):
            n += 1
            stem = f"{base}_{n}"
        stems.add(stem.lower())
        written.append(write_table_csv(table, out_dir / f"{stem}.csv"))
    written.append(write_xlsx(doc, out_dir / "tables.xlsx"))
    p = out_dir / "document.md"
    written.append(write_text_atomic(p, document_markdown(doc)))
    return written
