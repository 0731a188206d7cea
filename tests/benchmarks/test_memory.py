"""The memory benchmark's measurements and table."""
import types

import numpy as np
import pytest

from benchmarks import memory


def test_resident_memory_follows_an_allocation():
    before = memory.rss_mb()
    block = np.ones(200 * 1024 * 1024, np.uint8)      # touched: resident
    during = memory.rss_mb()
    assert during - before > 150
    assert memory.peak_mb() >= during - 1
    del block


def test_report_takes_the_worst_document_and_lists_errors():
    args = types.SimpleNamespace(profile="medium", dpi=200, engine="rapid", argv=["--docs", "1"])
    rows = {("fiscaldoc", 2): [
        {"loaded": 600.0, "peak": 1000.0, "wall": 6.0, "cpu": 10.0, "pages": 3},
        {"loaded": 620.0, "peak": 900.0, "wall": 2.0, "cpu": 4.0, "pages": 1}],
        ("img2table", 0): [{"error": "RuntimeError: boom"}]}
    text = memory.report(rows, args)
    line = next(ln for ln in text.splitlines() if ln.startswith("| fiscaldoc | 2 |"))
    # documents, pages, loaded (max), peak (max), peak - loaded (max), s/page, CPU s/page
    assert line == "| fiscaldoc | 2 | 2 | 4 | 620 | 1000 | 400 | 2.00 | 3.50 |"
    assert "| img2table | – | 0 | 0 |" in text
    assert "img2table error: RuntimeError: boom" in text


@pytest.mark.slow
def test_one_document_measured_in_a_fresh_process(tmp_path, capsys):
    out = tmp_path / "memory.md"
    assert memory.main(["--docs", "1", "--hrules-docs", "0", "--limit-pages", "1",
                        "--workers", "1", "--out", str(out)]) == 0
    line = next(ln for ln in out.read_text().splitlines() if ln.startswith("| fiscaldoc | 1 |"))
    cells = [c.strip() for c in line.strip("|").split("|")]
    loaded, peak = float(cells[4]), float(cells[5])
    assert 100 < loaded <= peak
