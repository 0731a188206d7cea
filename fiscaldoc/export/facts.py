"""The facts table: one row per value of every record, as a Parquet file per document.

``OUT/facts/<document>.parquet`` files together form one dataset (same schema, ``FACTS_SCHEMA``)
that DuckDB, pandas or Spark read as a whole; ``fiscaldoc query`` and ``fiscaldoc export
--sqlite`` use it.  Amounts are exact decimals: ``number`` as printed (in the table's unit) and
``amount_yuan`` converted to 元 (万元 × 10⁴, 亿元 × 10⁸, 千元 × 10³); see docs/facts.md.
"""
from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..model import Document, Table
from .atomic import atomic_path

FACTS_SCALE = 8                       # digits after the point kept in the decimal columns
UNIT_FACTORS: dict[str, Decimal] = {"元": Decimal(1), "千元": Decimal(1000),
                                    "万元": Decimal(10_000), "百万元": Decimal(1_000_000),
                                    "亿元": Decimal(100_000_000)}

# (name, arrow type name, meaning) — the documented schema; the order is the column order
FACTS_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("document", "string", "output folder name of the document (OUT/<document>/)"),
    ("source", "string", "input path as given"),
    ("sha256", "string", "SHA-256 of the input file"),
    ("department", "string", "department (table's, else the document's)"),
    ("year", "int32", "year the table reports on (table's, else the document's)"),
    ("report", "string", "report kind: 决算 or 预算"),
    ("table_id", "string", "table id within the document (t01, t02, ...)"),
    ("table_kind", "string", "table kind from the fixed vocabulary (final.expenditure, ...)"),
    ("table_title", "string", "table title as printed"),
    ("table_number", "string", "printed table number (表3, 公开02表)"),
    ("page", "int32", "0-based page index the value is printed on"),
    ("row", "int32", "grid row of the value's cell"),
    ("col", "int32", "grid column of the value's cell"),
    ("x0", "float64", "cell box, PDF points, top-left origin of the displayed page"),
    ("y0", "float64", "cell box"),
    ("x1", "float64", "cell box"),
    ("y1", "float64", "cell box"),
    ("subject_code", "string", "subject code as resolved (digits), null for name-only rows"),
    ("subject_level", "string", "类, 款 or 项"),
    ("subject_scheme", "string", "functional, economic, revenue or other"),
    ("subject_name", "string", "subject name as printed"),
    ("canonical_name", "string", "name from the subject dictionary, when it has the code"),
    ("line_no", "int32", "printed 行次 of the record, when there is one"),
    ("column_key", "string", "flattened column header (本年支出/基本支出)"),
    ("column_label", "string", "column label (栏次 number or last header line)"),
    ("raw", "string", "the text as printed"),
    ("value_kind", "string", "amount, percent, blank, dash or text"),
    ("number", f"decimal128(38,{FACTS_SCALE})", "parsed number in the printed unit"),
    ("unit", "string", "unit of the number: 元, 万元, 亿元, ... or empty"),
    ("amount_yuan", f"decimal128(38,{FACTS_SCALE})",
     "the amount in 元 (amounts with a known unit only)"),
    ("status", "string", "ok, verified, corrected, flagged or unchecked"),
    ("reason", "string", "why corrected or flagged"),
)


def facts_schema():
    """The pyarrow schema of a facts file."""
    import pyarrow as pa

    types = {"string": pa.string(), "int32": pa.int32(), "float64": pa.float64(),
             f"decimal128(38,{FACTS_SCALE})": pa.decimal128(38, FACTS_SCALE)}
    return pa.schema([pa.field(name, types[t]) for name, t, _ in FACTS_COLUMNS])


def amount_in_yuan(number: Decimal | None, unit: str) -> Decimal | None:
    """``number`` printed in ``unit`` as 元, exactly; None without a number or a known unit."""
    if number is None or unit not in UNIT_FACTORS:
        return None
    return number * UNIT_FACTORS[unit]


def _cell_pages(table: Table) -> dict[int, int]:
    """Grid row -> page index.  Cells keep the box of the page they are printed on, so a table
    joined across pages starts a new page where a row's top is above the previous row's."""
    tops: dict[int, float] = {}
    for c in table.cells:
        tops[c.row] = min(tops.get(c.row, c.bbox.y0), c.bbox.y0)
    pages, k, prev = {}, 0, None
    for row in sorted(tops):
        if prev is not None and tops[row] < prev - 1.0 and k + 1 < len(table.pages):
            k += 1
        prev = tops[row]
        pages[row] = table.pages[k] if table.pages else 0
    return pages


def _exact(d: Decimal | None) -> Decimal | None:
    if d is None:
        return None
    q = d.quantize(Decimal(1).scaleb(-FACTS_SCALE))
    if q != d:
        raise ValueError(f"{d} has more than {FACTS_SCALE} decimals; the facts table keeps "
                         f"{FACTS_SCALE}")
    return q


def fact_rows(doc: Document, document: str) -> list[dict[str, Any]]:
    """One dict per value of every record of ``doc`` (keys = FACTS_COLUMNS names)."""
    meta = doc.meta or {}
    rows: list[dict[str, Any]] = []
    for t in doc.tables:
        pages = _cell_pages(t)
        boxes = {(c.row, c.col): c.bbox for c in t.cells}
        col_of = {c.key: c for c in t.columns}
        for rec in t.records:
            for key, v in rec.values.items():
                col = col_of.get(key)
                ci = col.index if col is not None else -1
                box = boxes.get((rec.row, ci))
                unit = v.unit or t.unit
                number = v.number
                rows.append({
                    "document": document, "source": doc.source, "sha256": doc.sha256,
                    "department": t.department or meta.get("department"),
                    "year": t.year or meta.get("year"), "report": meta.get("report"),
                    "table_id": t.id, "table_kind": t.kind, "table_title": t.title,
                    "table_number": t.number, "page": pages.get(rec.row),
                    "row": rec.row, "col": ci if ci >= 0 else None,
                    "x0": box.x0 if box else None, "y0": box.y0 if box else None,
                    "x1": box.x1 if box else None, "y1": box.y1 if box else None,
                    "subject_code": rec.subject.code, "subject_level": rec.subject.level,
                    "subject_scheme": rec.subject.scheme, "subject_name": rec.subject.name,
                    "canonical_name": rec.subject.canonical_name, "line_no": rec.line_no,
                    "column_key": key, "column_label": col.label if col is not None else None,
                    "raw": v.raw, "value_kind": v.kind, "number": _exact(number),
                    "unit": unit,
                    "amount_yuan": _exact(amount_in_yuan(number, unit))
                    if v.kind == "amount" else None,
                    "status": v.status, "reason": v.reason})
    return rows


def facts_table(doc: Document, document: str):
    """The facts of ``doc`` as a pyarrow Table with ``facts_schema()``."""
    import pyarrow as pa

    return pa.Table.from_pylist(fact_rows(doc, document), schema=facts_schema())


def write_facts(doc: Document, path: str | os.PathLike, document: str | None = None) -> Path:
    """Write ``doc``'s facts to the Parquet file ``path`` atomically; ``document`` names the
    document in the rows (default: the file's stem)."""
    import pyarrow.parquet as pq

    path = Path(path)
    table = facts_table(doc, document or path.stem)
    with atomic_path(path) as tmp:
        pq.write_table(table, tmp, compression="zstd")
    return path
