import json
from collections import defaultdict
from decimal import Decimal

import pyarrow.parquet as pq
import pytest

from fiscaldoc.export.facts import (FACTS_COLUMNS, amount_in_yuan, facts_schema, facts_table,
                                    write_facts)


def test_facts_sums_equal_document_json(example_out):
    doc = json.loads((example_out / "final_account_2021" / "document.json").read_text("utf-8"))
    want: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    count = 0
    for t in doc["tables"]:
        for rec in t["records"]:
            for key, v in rec["values"].items():
                count += 1
                if v["number"] is not None:
                    want[t["id"], key] += Decimal(str(v["number"]))
    facts = pq.read_table(example_out / "facts" / "final_account_2021.parquet").to_pylist()
    got: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for f in facts:
        if f["number"] is not None:
            got[f["table_id"], f["column_key"]] += f["number"]
    assert len(facts) == count > 300
    assert got == want


def test_amount_in_yuan_is_exact(rich_doc):
    rows = facts_table(rich_doc, "d").to_pylist()
    total = next(r for r in rows if r["raw"] == "2,790.06")
    assert (total["unit"], total["amount_yuan"]) == ("万元", Decimal("27900600"))
    assert amount_in_yuan(Decimal("1.23456789"), "亿元") == Decimal("123456789")
    assert amount_in_yuan(Decimal("5"), "") is None


def test_row_carries_document_table_cell_and_status(rich_doc):
    rows = facts_table(rich_doc, "doc1").to_pylist()
    fixed = next(r for r in rows if r["status"] == "corrected")
    assert (fixed["document"], fixed["sha256"], fixed["table_id"], fixed["table_number"]) == (
        "doc1", rich_doc.sha256, "t01", "表3")
    assert (fixed["row"], fixed["col"], fixed["page"], fixed["subject_code"]) == (3, 3, 0, "201")
    assert fixed["x0"] < fixed["x1"] and fixed["y0"] < fixed["y1"]
    assert "OCR" in fixed["reason"] and fixed["number"] == Decimal("1000")


def test_schema_matches_documented_columns(rich_doc, tmp_path):
    path = write_facts(rich_doc, tmp_path / "facts" / "x.parquet")
    table = pq.read_table(path)
    assert table.schema.equals(facts_schema())
    assert table.column_names == [name for name, _, _ in FACTS_COLUMNS]
    assert set(table.column("document").to_pylist()) == {"x"}


def test_joined_table_rows_get_their_page(rich_doc):
    import dataclasses

    from fiscaldoc.model import Cell
    from fiscaldoc.geometry import BBox

    t = rich_doc.tables[0]
    # rows 4 and 5 moved to the top of the next page, as a table joined across pages is
    cells = tuple(c if c.row < 4 else dataclasses.replace(c, bbox=BBox(c.bbox.x0, c.bbox.y0 - 150,
                                                                     c.bbox.x1, c.bbox.y1 - 150))
                  for c in t.cells)
    doc = dataclasses.replace(rich_doc, tables=(dataclasses.replace(t, pages=(0, 1), cells=cells),))
    pages = {r["row"]: r["page"] for r in facts_table(doc, "d").to_pylist()}
    assert pages == {2: 0, 3: 0, 4: 1, 5: 1}


def test_too_many_decimals_is_an_error(rich_doc):
    import dataclasses

    t = rich_doc.tables[0]
    rec = t.records[0]
    key = next(iter(rec.values))
    v = dataclasses.replace(rec.values[key], number=Decimal("1.123456789"))
    rec = dataclasses.replace(rec, values={**rec.values, key: v})
    doc = dataclasses.replace(rich_doc, tables=(dataclasses.replace(t, records=(rec,)),))
    with pytest.raises(ValueError, match="decimals"):
        facts_table(doc, "d")
