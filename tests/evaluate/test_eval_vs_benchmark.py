"""`fiscaldoc eval` and the benchmark scorer (benchmarks/scanned.py) give the same numbers.

A truth document is rendered as a PDF and extracted; the extraction is then damaged (a row
dropped, a text changed, a value corrected, a header merged) so that the scores are not all
perfect, and both scorers score the same prediction.
"""
import dataclasses
import json
from pathlib import Path

import pytest

import fiscaldoc
from benchmarks.corpus.render import render_pdf
from benchmarks.scanned import TRUTH, _fiscaldoc_cands, match_and_score
from fiscaldoc.evaluate import evaluate_documents
from fiscaldoc.geometry import BBox
from fiscaldoc.model import Cell, Correction, Document, Table


def _gold(truth: dict, manifest: dict) -> Document:
    tables = []
    for k, (t, entry) in enumerate(zip(truth["tables"], manifest["tables"])):
        cells = tuple(Cell(c["row"], c["col"], c["row_span"], c["col_span"], BBox(0, 0, 1, 1),
                           c["text"]) for c in t["cells"])
        tables.append(Table(f"g{k}", tuple(entry["pages"]), BBox(0, 0, 595, 842), t["title"],
                            "other", t["n_rows"], t["n_cols"], t["header_rows"], cells))
    return Document("truth.pdf", "", "ok", tables=tuple(tables))


def _damage(doc: Document) -> Document:
    tables = list(doc.tables)
    t = tables[0]                                     # last row lost
    tables[0] = dataclasses.replace(t, n_rows=t.n_rows - 1,
                                    cells=tuple(c for c in t.cells if c.row < t.n_rows - 1))
    t = tables[1]                                     # a number read wrong, then corrected
    c = next(c for c in t.cells if "." in c.text and c.row > t.header_rows)
    wrong = c.text.replace(c.text[0], "8" if c.text[0] != "8" else "3", 1)
    tables[1] = dataclasses.replace(t, corrections=(Correction((c.row, c.col), wrong, c.text,
                                                               "test"),))
    t = tables[2]                                     # a text cell changed, two cells merged
    cells = list(t.cells)
    k = next(i for i, c in enumerate(cells) if c.text and "." not in c.text)
    cells[k] = dataclasses.replace(cells[k], text=cells[k].text + "X")
    first = next(i for i, c in enumerate(cells) if c.row == t.n_rows - 1 and c.col == 0)
    cells[first] = dataclasses.replace(cells[first], col_span=2)
    cells = [c for c in cells if not (c.row == t.n_rows - 1 and c.col == 1)]
    tables[2] = dataclasses.replace(t, cells=tuple(cells))
    return dataclasses.replace(doc, tables=tuple(tables))


def test_eval_equals_benchmark_scorer(tmp_path: Path):
    truth = json.loads(sorted(TRUTH.glob("*.json"))[0].read_text(encoding="utf-8"))
    pdf = tmp_path / "truth.pdf"
    manifest = render_pdf(truth, pdf, "grid")
    pred = _damage(fiscaldoc.extract(pdf))
    bench = match_and_score(truth["tables"], [e["pages"] for e in manifest["tables"]],
                            _fiscaldoc_cands(pred))
    ev = evaluate_documents([_gold(truth, manifest)], [dataclasses.replace(pred, source="truth.pdf")])
    assert len(ev.scores) == len(bench) >= 3
    for b, s in zip(bench, ev.scores):
        assert (s.structure_exact, s.cells, s.cells_ok, s.amounts, s.amounts_ok_before) == (
            b["exact"], b["cells"], b["cells_ok"], b["nums"], b["nums_ok"])
        assert s.teds == pytest.approx(b["teds"]) and s.teds_struct == pytest.approx(b["teds_struct"])
    assert sum(b["cells_ok"] for b in bench) < sum(b["cells"] for b in bench)
    assert sum(b["exact"] for b in bench) <= len(bench) - 2
    assert sum(b["nums_ok"] for b in bench) < sum(b["nums"] for b in bench)


def test_example_gold_files_validate_and_pair_with_the_examples(tmp_path: Path):
    from benchmarks.truth_gold import main
    from fiscaldoc.cli import file_sha256
    from fiscaldoc.evaluate import load_documents
    from fiscaldoc.export.json import validate

    assert main([str(tmp_path)]) == 0
    docs = {p.stem: d for p, d in load_documents(tmp_path)}
    for p in tmp_path.glob("*.json"):
        validate(json.loads(p.read_text(encoding="utf-8")))
    root = Path(__file__).resolve().parents[2] / "examples"
    assert docs["final_account_2021"].sha256 == file_sha256(str(root / "final_account_2021.pdf"))
    assert [len(d.tables) for _, d in sorted(docs.items())] == [9, 3]
    assert [t.pages for t in docs["scanned_final_account_2021"].tables] == [(0,), (1,), (2,)]
