import csv
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pymupdf
import pytest

from fiscaldoc import __version__, cli
from fiscaldoc.export.json import validate


def _pipeline_available() -> bool:
    try:
        import fiscaldoc.pipeline  # noqa: F401
    except ImportError:
        return False
    return True


needs_pipeline = pytest.mark.skipif(not _pipeline_available(),
                                    reason="fiscaldoc.pipeline is not importable yet")


def make_pdf(path: Path, total: str = "1,706.28") -> Path:
    """A one-page digital PDF with a small ruled table."""
    rows = (("科目名称", "合计", "基本支出"), ("一般公共服务支出", total, "1,000.00"),
            ("住房保障支出", "56.84", "56.84"))
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((150, 80), "2021年度支出决算表", fontname="china-s", fontsize=14)
    page.insert_text((60, 110), "单位：万元", fontname="china-s", fontsize=9)
    xs, y0 = (60, 260, 380, 500), 120
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            page.insert_text((xs[c] + 4, y0 + 20 * r + 14), text, fontname="china-s", fontsize=10)
    for r in range(len(rows) + 1):
        page.draw_line((xs[0], y0 + 20 * r), (xs[-1], y0 + 20 * r))
    for x in xs:
        page.draw_line((x, y0), (x, y0 + 20 * len(rows)))
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)
    return path


def _manifest(out: Path) -> tuple[list[dict], list[dict]]:
    data = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["inputs"]
    with open(out / "manifest.csv", encoding="utf-8-sig", newline="") as f:
        return data, list(csv.DictReader(f))


def test_version(capsys):
    assert cli.main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"fiscaldoc {__version__}"


@pytest.mark.parametrize("argv", [[], ["convert"], ["convert", "x.pdf"],
                                  ["convert", "x.pdf", "-o", "o", "--jobs", "0"], ["frobnicate"]])
def test_usage_errors_exit_2(argv, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli.main(argv) == 2


def test_no_inputs_found_exits_2(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.txt").write_text("x")
    assert cli.main(["convert", str(tmp_path / "empty"), "-o", str(tmp_path / "out")]) == 2
    assert "no inputs found" in capsys.readouterr().err


def test_bad_config_exits_2(tmp_path, capsys):
    cfg = tmp_path / "c.toml"
    cfg.write_text("[ocr]\nengin = 'x'\n")
    make_pdf(tmp_path / "a.pdf")
    argv = ["convert", str(tmp_path / "a.pdf"), "-o", str(tmp_path / "o"), "--config", str(cfg)]
    assert cli.main(argv) == 2
    assert "engin" in capsys.readouterr().err


def test_engine_overrides_config(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text("[ocr]\nengine = 'paddle'\n[render]\ndpi = 300\n")
    config = cli.load_config(cfg, "rapidocr")
    assert (config.ocr.engine, config.render.dpi) == ("rapidocr", 300)


def test_summary_counts_come_from_value_statuses():
    path = Path(__file__).parent / "export" / "samples.py"
    spec = importlib.util.spec_from_file_location("fiscaldoc_cli_test_samples", path)
    samples = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(samples)
    row = cli.manifest_row(samples.rich_document(), "q.pdf", 1.0)
    assert (row["n_tables"], row["n_pages"], row["n_numbers"]) == (2, 2, 11)
    assert (row["verified"], row["corrected"], row["flagged"], row["unchecked"]) == (1, 1, 1, 0)
    assert row["issues"] == ["check-failed", "needs-ocr"]
    assert ("verified=1 corrected=1 flagged=1 unchecked=0 issues=check-failed,needs-ocr"
            in cli.summary_line(row))


def test_inputs_recursed_and_stems_disambiguated(tmp_path):
    for sub in ("x", "y/z"):
        make_pdf(tmp_path / sub / "report.pdf")
    (tmp_path / "y" / "readme.txt").write_text("x")
    found = cli.find_inputs([str(tmp_path / "x"), str(tmp_path / "y"), str(tmp_path / "x")])
    assert [p.name for p in found] == ["report.pdf", "report.pdf"]
    assert cli.output_folders(found) == ["report", "report-2"]


@needs_pipeline
def test_convert_good_inputs(tmp_path, capsys):
    a, b = make_pdf(tmp_path / "in" / "a.pdf"), make_pdf(tmp_path / "in" / "b.pdf", "9.99")
    out = tmp_path / "out"
    assert cli.main(["convert", str(a), str(b), "-o", str(out)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 2 and all(line.startswith("ok") for line in lines)
    assert {p.name for p in (out / "a").iterdir()} >= {"document.json", "tables.xlsx",
                                                      "document.md"}
    validate(json.loads((out / "a" / "document.json").read_text(encoding="utf-8")))


@needs_pipeline
def test_bad_input_among_good_exits_1_and_manifest_lists_all(tmp_path, capsys):
    make_pdf(tmp_path / "in" / "a.pdf")
    (tmp_path / "in" / "broken.pdf").write_bytes(b"this is not a pdf")
    missing = tmp_path / "gone.pdf"
    out = tmp_path / "out"
    assert cli.main(["convert", str(tmp_path / "in"), str(missing), "-o", str(out)]) == 1
    assert len(capsys.readouterr().out.strip().splitlines()) == 3
    data, rows = _manifest(out)
    status = {Path(r["path"]).name: (r["status"], r["issues"]) for r in data}
    assert status["a.pdf"][0] == "ok"
    assert status["broken.pdf"] == ("failed", ["NotAPdfError"])
    assert status["gone.pdf"] == ("failed", ["FileMissingError"])
    assert [r["status"] for r in rows] == [r["status"] for r in data]
    assert all(len(r["sha256"]) == 64 for r in data if r["path"] != str(missing))
    assert json.loads((out / "broken" / "document.json").read_text())["status"] == "failed"


@needs_pipeline
def test_jobs_2_matches_jobs_1(tmp_path):
    for i in range(3):
        make_pdf(tmp_path / "in" / f"f{i}.pdf")
    (tmp_path / "in" / "bad.pdf").write_bytes(b"%PDF-1.7 truncated")
    assert cli.main(["convert", str(tmp_path / "in"), "-o", str(tmp_path / "o1")]) == 1
    assert cli.main(["convert", str(tmp_path / "in"), "-o", str(tmp_path / "o2"),
                     "--jobs", "2"]) == 1
    keys = ("path", "status", "n_tables", "issues", "output", "n_numbers")
    one, two = _manifest(tmp_path / "o1")[0], _manifest(tmp_path / "o2")[0]
    assert [[r[k] for k in keys] for r in one] == [[r[k] for k in keys] for r in two]


def crashing_worker(path, out, config, password):
    """Test worker for run_parallel: kills its process for an input named "crash"."""
    if Path(path).name == "crash":
        os._exit(3)
    doc = cli.failed_document(path, "x", "x", "cli")
    return {**cli.manifest_row(doc, path, 0.0), "status": "ok", "issues": []}


def test_worker_crash_fails_only_that_input(tmp_path):
    from fiscaldoc.config import Config

    names = ["a", "crash", "b", "c"]
    tasks = [cli.Task(i, str(tmp_path / n), str(tmp_path / "out" / n), Config(), None)
             for i, n in enumerate(names)]
    got = {}
    cli.run_parallel(tasks, 2, lambda t, r: got.setdefault(t.index, r), crashing_worker)
    assert sorted(got) == [0, 1, 2, 3]
    assert got[1]["status"] == "failed" and got[1]["issues"] == [cli.WORKER_CRASH]
    assert all(got[i]["status"] == "ok" for i in (0, 2, 3))


def test_python_dash_m_fiscaldoc():
    root = Path(cli.__file__).resolve().parent.parent
    proc = subprocess.run([sys.executable, "-m", "fiscaldoc", "--version"], cwd=root,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and proc.stdout.strip() == f"fiscaldoc {__version__}"
