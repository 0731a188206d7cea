"""One CSV per table (UTF-8 with BOM, so spreadsheet programs read the Chinese text).

A table with records gives one line per record: ``row, code, name, level``, then for each
data column its text and a ``<key> [status]`` column (ok / verified / corrected /
flagged / unchecked).
The text is as printed, except for corrected values, which show the corrected text.
A table without records gives its raw grid, header rows included.
"""
from __future__ import annotations

import csv
from pathlib import Path

from ..model import Table
from .atomic import atomic_path
from .annotate import shown_text

STATUS_SUFFIX = " [status]"


def table_rows(table: Table) -> list[list[str]]:
    if not table.records:
        return table.to_grid()
    head = ["row", "code", "name", "level"]
    for col in table.value_columns():
        head += [col.key, col.key + STATUS_SUFFIX]
    rows = [head]
    for rec in table.records:
        line = [str(rec.row), rec.subject.code or "", rec.subject.name, rec.subject.level or ""]
        for col in table.value_columns():
            value = rec.values.get(col.key)
            if value is None:
                line += ["", ""]
            else:
                line += [shown_text(table, (rec.row, col.index), value, value.raw), value.status]
        rows.append(line)
    return rows


def write_table_csv(table: Table, path: Path) -> Path:
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(table_rows(table))
    return path
