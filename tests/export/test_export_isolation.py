"""Design §9: each exporter runs on its own; a failing one is an Issue, the others write."""
import json

import pytest

from fiscaldoc import export
from fiscaldoc.export import export_all


def _boom(*args, **kwargs):
    raise RuntimeError("injected")


@pytest.mark.parametrize("name, missing", [
    ("write_xlsx", "tables.xlsx"),
    ("write_table_csv", "t01.csv"),
    ("document_markdown", "document.md"),
])
def test_one_exporter_fails_the_others_write(monkeypatch, rich_doc, tmp_path, name, missing):
    monkeypatch.setattr(export, name, _boom)
    result = export_all(rich_doc, tmp_path)
    names = {p.name for p in result.written}
    assert missing not in names and not (tmp_path / missing).exists()
    assert "document.json" in names
    assert len(names) >= 2
    data = json.loads((tmp_path / "document.json").read_text(encoding="utf-8"))
    failed = [i for i in data["issues"] if i["code"] == "export-failed"]
    assert failed and failed[0]["stage"] == "export" and "injected" in failed[0]["message"]
    assert data["status"] == "partial" and result.document.status == "partial"


def test_one_table_csv_fails_the_other_tables_write(monkeypatch, rich_doc, tmp_path):
    real = export.write_table_csv

    def write(table, path):
        if table.id == rich_doc.tables[0].id:
            raise RuntimeError("injected")
        return real(table, path)

    monkeypatch.setattr(export, "write_table_csv", write)
    result = export_all(rich_doc, tmp_path)
    assert (tmp_path / "t02.csv").exists() and not (tmp_path / "t01.csv").exists()
    assert result.failed == [f"csv {rich_doc.tables[0].id}"]


def test_json_failure_is_reported(monkeypatch, rich_doc, tmp_path):
    monkeypatch.setattr(export, "document_json", _boom)
    result = export_all(rich_doc, tmp_path)
    assert result.failed == ["json"]
    assert (tmp_path / "tables.xlsx").exists()
    assert any(i.code == "export-failed" for i in result.document.issues)


def test_merged_first_column_under_header_writes(rich_doc, tmp_path):
    """openpyxl's freeze_panes raised on a merged cell (a body cell spanning the header's
    bottom edge in column A): 7 real documents lost every export to it."""
    import dataclasses

    t = rich_doc.tables[0]
    h = t.header_rows
    top = next(c for c in t.cells if c.col == 0 and c.row <= h - 1 < c.row + c.row_span)
    cells = [c for c in t.cells if not (c.col == 0 and top.row <= c.row <= h)]
    cells.append(dataclasses.replace(top, row_span=h - top.row + 1))
    doc = dataclasses.replace(rich_doc, tables=(dataclasses.replace(t, cells=tuple(cells)),))
    result = export_all(doc, tmp_path)
    assert result.failed == [] and (tmp_path / "tables.xlsx").exists()
