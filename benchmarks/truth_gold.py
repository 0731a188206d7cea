"""Gold ``document.json`` files for the shipped examples, made from the truth they were drawn from.

``examples/make_example.py`` renders truth document 000 (its tables not split over pages) as
``final_account_2021.pdf`` and scans pages 1-3 of it as ``scanned_final_account_2021.pdf``.
This writes, for each, a Document holding the truth tables on the pages they were drawn on,
with the example file's sha256, so that ``fiscaldoc eval`` and ``fiscaldoc bench`` can score
any run on the examples:

    python -m benchmarks.truth_gold [OUT_DIR]     # default examples/gold/ (git-ignored)

Truth cells carry no boxes (each is given an empty box, so the HTML report shows no crop), a
table's box is its whole page, and there are no records: the amounts are the cells whose text
reads as a number with a decimal point.
"""
from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import pymupdf

from benchmarks.corpus.render import render_pdf
from fiscaldoc.cli import file_sha256
from fiscaldoc.export.json import document_json
from fiscaldoc.geometry import BBox
from fiscaldoc.model import TABLE_KINDS, Cell, Document, Page, Table

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "examples"))
import make_example  # noqa: E402


def gold_document(truth: dict, manifest: dict, pdf: Path, pages: list[int]) -> Document:
    """The truth tables drawn on ``pages`` of the rendered PDF, as a Document of ``pdf`` whose
    page k is rendered page ``pages[k]``."""
    index = {p: k for k, p in enumerate(pages)}
    with pymupdf.open(pdf) as d:
        sizes = [(p.rect.width, p.rect.height) for p in d]
    tables = []
    for t, entry in zip(truth["tables"], manifest["tables"]):
        if not set(entry["pages"]) <= set(index):
            continue
        on = tuple(index[p] for p in entry["pages"])
        w, h = sizes[on[0]]
        cells = tuple(Cell(c["row"], c["col"], c["row_span"], c["col_span"], BBox(0, 0, 0, 0),
                           c["text"]) for c in t["cells"])
        tables.append(Table(f"t{len(tables) + 1:02d}", on, BBox(0, 0, w, h), t["title"],
                            t["kind"] if t["kind"] in TABLE_KINDS else "other", t["n_rows"],
                            t["n_cols"], t["header_rows"], cells, number=t.get("number"),
                            unit=t.get("unit", "")))
    page_list = tuple(Page(k, w, h, 0, "pdf") for k, (w, h) in enumerate(sizes))
    return Document(f"examples/{pdf.name}", file_sha256(str(pdf)), "ok",
                    meta={"gold": f"truth {make_example.TRUTH.name}"}, pages=page_list,
                    tables=tuple(tables))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    truth = json.loads(make_example.TRUTH.read_text(encoding="utf-8"))
    truth["tables"] = [t for t in truth["tables"]
                       if not t["title"].endswith(make_example.SPLIT_SUFFIX)]
    with tempfile.TemporaryDirectory() as tmp:
        manifest = render_pdf(truth, Path(tmp) / "x.pdf", "grid")
    out = Path(argv[0]) if argv else ROOT / "examples" / "gold"
    out.mkdir(parents=True, exist_ok=True)
    digital, scanned = make_example.OUT, make_example.SCANNED_OUT
    docs = {digital: gold_document(truth, manifest, digital, list(range(manifest["page_count"]))),
            scanned: gold_document(truth, manifest, scanned, list(make_example.SCAN_PAGES))}
    for pdf, doc in docs.items():
        path = out / f"{pdf.stem}.json"
        path.write_text(document_json(doc), encoding="utf-8")
        print(f"{len(doc.tables)} tables -> {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
