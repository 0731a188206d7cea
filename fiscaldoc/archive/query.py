"""The facts dataset of an output folder: DuckDB queries and a SQLite copy.

``OUT/facts/*.parquet`` (``fiscaldoc.export.facts``) is exposed as one view, ``facts``.
"""
from __future__ import annotations

import os
import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..errors import FiscaldocError
from ..export.atomic import atomic_path
from ..export.facts import FACTS_COLUMNS

FACTS_DIR = "facts"
_SQLITE_TYPES = {"string": "TEXT", "int32": "INTEGER", "float64": "REAL"}


class ArchiveError(FiscaldocError):
    """The output folder has no facts, or a query failed."""


def facts_files(out: str | os.PathLike) -> list[Path]:
    return sorted((Path(out) / FACTS_DIR).glob("*.parquet"))


def connect(out: str | os.PathLike):
    """An in-memory DuckDB connection with the view ``facts`` over ``OUT/facts/*.parquet``."""
    import duckdb

    files = facts_files(out)
    if not files:
        raise ArchiveError(f"{out}: no facts (expected {Path(out) / FACTS_DIR}/*.parquet; "
                           "run fiscaldoc convert ... -o OUT first)")
    con = duckdb.connect(":memory:")
    listing = ", ".join("'" + str(p).replace("'", "''") + "'" for p in files)
    con.execute(f"CREATE VIEW facts AS SELECT * FROM read_parquet([{listing}])")
    return con


def run_query(out: str | os.PathLike, sql: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Run ``sql`` (which may use the view ``facts``); returns column names and rows."""
    import duckdb

    con = connect(out)
    try:
        cur = con.execute(sql)
        columns = [d[0] for d in cur.description or ()]
        return columns, cur.fetchall()
    except duckdb.Error as e:
        raise ArchiveError(f"query failed: {e}") from e
    finally:
        con.close()


def decimal_text(d: Decimal | None) -> str | None:
    """An exact decimal as plain text without trailing zeros (17062800, 1706.28)."""
    if d is None:
        return None
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def export_sqlite(out: str | os.PathLike, target: str | os.PathLike) -> int:
    """Write every fact to the table ``facts`` of a new SQLite file ``target`` (replaced
    atomically); decimals are stored as exact text (``CAST(amount_yuan AS REAL)`` or SUM work
    on them).  Returns the number of rows."""
    import pyarrow.parquet as pq

    files = facts_files(out)
    if not files:
        raise ArchiveError(f"{out}: no facts to export")
    names = [name for name, _, _ in FACTS_COLUMNS]
    decimal_cols = {i for i, (_, t, _) in enumerate(FACTS_COLUMNS) if t.startswith("decimal")}
    cols = ", ".join(f'"{name}" {_SQLITE_TYPES.get(t, "TEXT")}' for name, t, _ in FACTS_COLUMNS)
    n = 0
    with atomic_path(target) as tmp:
        con = sqlite3.connect(tmp)
        try:
            con.execute(f"CREATE TABLE facts ({cols})")
            insert = f"INSERT INTO facts VALUES ({', '.join('?' * len(names))})"
            for f in files:
                table = pq.read_table(f, columns=names)
                for batch in table.to_batches(max_chunksize=10_000):
                    data = batch.to_pydict()
                    rows = []
                    for k in range(batch.num_rows):
                        row = [data[name][k] for name in names]
                        for i in decimal_cols:
                            row[i] = decimal_text(row[i])
                        rows.append(row)
                    con.executemany(insert, rows)
                    n += len(rows)
            con.execute("CREATE INDEX facts_code ON facts (subject_code)")
            con.execute("CREATE INDEX facts_doc ON facts (document, table_id)")
            con.commit()
        finally:
            con.close()
    return n
