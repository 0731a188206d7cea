import dataclasses
import json

from fiscaldoc.export import write_all
from fiscaldoc.export.json import validate


def test_writes_every_format(rich_doc, tmp_path):
    paths = write_all(rich_doc, tmp_path / "out")
    names = sorted(p.name for p in paths)
    assert names == ["document.json", "document.md", "t01.csv", "t02.csv", "tables.xlsx"]
    assert all(p.stat().st_size > 0 for p in paths)
    validate(json.loads((tmp_path / "out" / "document.json").read_text(encoding="utf-8")))


def test_duplicate_and_unsafe_table_ids(rich_doc, tmp_path):
    t = dataclasses.replace(rich_doc.tables[0], id="p1/t1")
    doc = dataclasses.replace(rich_doc, tables=(t, t))
    names = sorted(p.name for p in write_all(doc, tmp_path) if p.suffix == ".csv")
    assert names == ["p1_t1.csv", "p1_t1_2.csv"]
