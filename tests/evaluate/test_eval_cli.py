"""`fiscaldoc eval` and `fiscaldoc review` on the command line."""
from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest

from fiscaldoc.cli import main
from fiscaldoc.export.json import document_json
from tests.evaluate.tables import corrected, document, shifted, table


def _run(*argv) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main([str(a) for a in argv])
    return code, out.getvalue()


def _write(path: Path, doc) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(document_json(doc), encoding="utf-8")
    return path


@pytest.fixture
def runs(tmp_path):
    gold = _write(tmp_path / "gold" / "a.gold.json", document(table()))
    a = _write(tmp_path / "a" / "a" / "document.json", document(shifted()))
    b = _write(tmp_path / "b" / "a" / "document.json", document(corrected()))
    (tmp_path / "a" / "manifest.json").write_text('{"inputs": []}', encoding="utf-8")
    return gold.parent, a.parent.parent, b.parent.parent


def test_text_report(runs):
    code, out = _run("eval", runs[0], runs[1])
    assert code == 0
    assert "Per document" in out and "Per table kind" in out and "Worst 1 tables" in out
    assert "a t01 (final.income) TEDS 0.810, cells 3/12, amounts 0/6" in out


def test_json_report(runs):
    code, out = _run("eval", runs[0], runs[2], "--json")
    d = json.loads(out)
    assert code == 0 and d["overall"]["cells_exact"] == 11 and d["overall"]["amounts_exact_after"] == 6
    assert d["tables"][0]["wrong_values"] == []


def test_two_runs_compared(runs):
    code, out = _run("eval", *runs)
    assert code == 0 and "Run B against run A" in out
    assert "a t01: better (cells +8, amounts +6" in out
    code, out = _run("eval", runs[0], runs[2], runs[1], "--json")
    assert json.loads(out)["compare"]["tables"][0]["verdict"] == "worse"


def test_html_report_has_plots(runs, tmp_path):
    pytest.importorskip("matplotlib")
    code, _ = _run("eval", *runs, "--html", tmp_path / "r.html")
    text = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert code == 0 and text.count('<img src="data:image/png;base64,') == 3
    assert "gold <b>30.00</b>" in text


def test_missing_gold_is_a_usage_error(tmp_path):
    assert _run("eval", tmp_path / "none", tmp_path)[0] == 2


def test_review_command_writes_the_page(tmp_path):
    folder = _write(tmp_path / "out" / "a" / "document.json", document(table())).parent
    code, out = _run("review", folder)
    assert code == 0 and out.strip() == str(folder / "review.html")
    assert (folder / "review.html").is_file()
    assert _run("review", tmp_path / "missing")[0] == 1
