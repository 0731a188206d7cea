"""Builders for small documents used by the checks / correction / subject / prose tests.

Tables are given as lists of rows (one cell per column, no spans), built with the pipeline's own
header and record stages (``benchmarks.corruption.build_table``).
"""
from benchmarks.corruption import build_table
from fiscaldoc.geometry import BBox
from fiscaldoc.model import Block, Document, Line, Page

BOX = BBox(0.0, 0.0, 1.0, 1.0)


def table(kind: str, rows: list[list[str]], header_rows: int = 1, number: str | None = None,
          title: str = "", notes: tuple[str, ...] = (), unit: str = "万元") -> dict:
    cells = [{"row": r, "col": c, "row_span": 1, "col_span": 1, "text": text}
             for r, row in enumerate(rows) for c, text in enumerate(row)]
    return {"title": title or (number or kind), "number": number, "unit": unit,
            "department": "某单位", "kind": kind, "n_rows": len(rows),
            "n_cols": max(len(r) for r in rows), "header_rows": header_rows,
            "equations": list(notes), "cells": cells}


def document(*tables: dict, conf: float = 1.0, prose: tuple[str, ...] = (),
             year: int = 2021, report: str = "决算") -> Document:
    built = tuple(build_table(k, t, year, None, conf) for k, t in enumerate(tables))
    source = "ocr" if conf < 1.0 else "pdf"
    lines = tuple(Line(s, BOX, conf, source) for s in prose)
    pages = (Page(0, 595.0, 842.0, 0, source, (Block("text", BOX, lines),) if lines else ()),)
    meta = {"department": "某单位", "year": year, "report": report, "unit": "万元"}
    return Document("test.pdf", "", "ok", meta, pages, built)


def values(doc: Document, t: int = 0) -> dict[tuple[int, str], object]:
    """(grid row, column key) -> Value of table ``t``."""
    return {(r.row, k): v for r in doc.tables[t].records for k, v in r.values.items()}


# 支出决算表-like: codes in one column, 合计 row first
EXPENDITURE = [
    ["科目编码", "科目名称", "本年支出合计", "基本支出", "项目支出"],
    ["", "合计", "150.00", "100.00", "50.00"],
    ["201", "一般公共服务支出", "150.00", "100.00", "50.00"],
    ["20103", "政府办公厅（室）及相关机构事务", "150.00", "100.00", "50.00"],
    ["2010301", "行政运行", "100.00", "100.00", ""],
    ["2010399", "其他政府办公厅（室）及相关机构事务支出", "50.00", "", "50.00"],
]


def expenditure(rows=None, **kw) -> dict:
    return table("final.expenditure", rows or EXPENDITURE, number="表3", **kw)


def test_builders_make_records_with_codes_and_values():
    doc = document(expenditure())
    t = doc.tables[0]
    assert [r.subject.code for r in t.records] == [None, "201", "20103", "2010301", "2010399"]
    assert values(doc)[(2, "本年支出合计")].raw == "150.00"
