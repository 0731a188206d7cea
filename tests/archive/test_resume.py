import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pyarrow.parquet as pq

from fiscaldoc import cli
from fiscaldoc.archive import resume

from archive_docs import make_report

ROOT = Path(cli.__file__).resolve().parent.parent


def _convert(inputs, out, *extra):
    return subprocess.Popen([sys.executable, "-m", "fiscaldoc", "convert", str(inputs), "-o",
                             str(out), *extra], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})


def _no_torn_file(out: Path) -> None:
    """Every output file reads whole (temporary files of a killed run aside)."""
    for p in out.rglob("*"):
        if not p.is_file() or p.name.endswith(".tmp"):
            continue
        if p.suffix == ".json":
            json.loads(p.read_text(encoding="utf-8"))
        elif p.suffix == ".parquet":
            pq.read_table(p)
        elif p.suffix == ".xlsx":
            openpyxl.load_workbook(p).close()
        else:
            p.read_text(encoding="utf-8-sig")


def _done(out: Path) -> dict[str, int]:
    """Folders with a done record -> document.json's modification time."""
    return {d.name: (d / "document.json").stat().st_mtime_ns
            for d in out.iterdir() if (d / resume.DONE_FILE).is_file()}


def test_rerun_skips_done_inputs_and_force_redoes_them(reports, tmp_path, capsys):
    out = tmp_path / "out"
    assert cli.main(["convert", str(tmp_path / "in"), "-o", str(out)]) == 0
    first = capsys.readouterr()
    assert len(first.out.strip().splitlines()) == 6 and "0 skipped" in first.err
    make_report(reports[0], 99)                          # one input changes
    assert cli.main(["convert", str(tmp_path / "in"), "-o", str(out)]) == 0
    again = capsys.readouterr()
    assert [line.split()[1] for line in again.out.strip().splitlines()] == [str(reports[0])]
    assert "1 converted, 5 skipped" in again.err
    rows = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["inputs"]
    assert [r["path"] for r in rows] == [str(p) for p in reports]
    assert [r["output"] for r in rows] == [p.stem for p in reports]
    assert cli.main(["convert", str(tmp_path / "in"), "-o", str(out), "--force"]) == 0
    assert "6 converted, 0 skipped" in capsys.readouterr().err


def test_changed_config_redoes(reports, tmp_path, capsys):
    out = tmp_path / "out"
    assert cli.main(["convert", str(reports[0]), "-o", str(out)]) == 0
    cfg = tmp_path / "c.toml"
    cfg.write_text("[render]\ndpi = 150\n")
    assert cli.main(["convert", str(reports[0]), "-o", str(out), "--config", str(cfg)]) == 0
    assert "1 converted, 0 skipped" in capsys.readouterr().err


def test_sigkill_at_random_points_then_rerun_finishes_the_rest(tmp_path):
    inputs = [make_report(tmp_path / "in" / f"r{i}.pdf", i) for i in range(14)]
    out = tmp_path / "out"
    rng = random.Random(15)
    for _ in range(3):     # kill after 1-2 inputs are reported, at a random moment after that
        proc = _convert(tmp_path / "in", out)
        for _ in range(rng.randint(1, 2)):
            proc.stdout.readline()
        time.sleep(rng.uniform(0.0, 0.25))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        proc.stderr.close()
        _no_torn_file(out)
    before = _done(out)
    assert 0 < len(before) < len(inputs)
    proc = _convert(tmp_path / "in", out)
    stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 0, stderr
    converted = {Path(line.split()[1]).stem for line in stdout.strip().splitlines()}
    assert converted == {p.stem for p in inputs} - set(before)     # nothing done is redone
    assert {k: v for k, v in _done(out).items() if k in before} == before
    rows = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["inputs"]
    assert sorted(r["path"] for r in rows) == sorted(str(p) for p in inputs)
    assert all(r["status"] == "ok" for r in rows)
    assert not [p for p in out.rglob("*.tmp")]
    _no_torn_file(out)
    assert len(list((out / "facts").glob("*.parquet"))) == len(inputs)


def test_an_exporter_failure_leaves_the_input_to_be_redone(reports, tmp_path, capsys):
    out = tmp_path / "out"
    (out / "facts" / "r0.parquet").mkdir(parents=True)     # the facts file cannot be written
    assert cli.main(["convert", str(reports[0]), "-o", str(out)]) == 0
    assert "export-failed" in capsys.readouterr().out
    assert resume.read_done(out / "r0") is None
    (out / "facts" / "r0.parquet").rmdir()
    assert cli.main(["convert", str(reports[0]), "-o", str(out)]) == 0
    assert "1 converted, 0 skipped" in capsys.readouterr().err
    assert resume.read_done(out / "r0") is not None
