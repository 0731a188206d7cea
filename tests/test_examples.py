"""The shipped examples (README quick start): the scanned copy of the example's first three
table pages converts to the same tables, cell for cell, as the digital original."""
from pathlib import Path

import pytest

from fiscaldoc import cli

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.mark.engine
def test_scanned_example_gives_the_digital_example_tables(tmp_path):
    digital = EXAMPLES / "final_account_2021.pdf"
    scanned = EXAMPLES / "scanned_final_account_2021.pdf"
    assert cli.main(["convert", str(digital), str(scanned), "-o", str(tmp_path)]) == 0
    d, s = tmp_path / digital.stem, tmp_path / scanned.stem
    got = sorted(p.name for p in s.glob("t*.csv"))
    assert got == ["t01.csv", "t02.csv", "t03.csv"]
    for name in got:
        assert (s / name).read_text(encoding="utf-8") == (d / name).read_text(encoding="utf-8")
