import sqlite3
from decimal import Decimal

import pytest

from fiscaldoc import cli
from fiscaldoc.archive.query import ArchiveError, decimal_text, export_sqlite, run_query

PER_TABLE = ("SELECT table_id, status, count(*) AS n, sum(amount_yuan) AS yuan FROM facts "
             "GROUP BY table_id, status ORDER BY table_id, status")


def test_duckdb_and_sqlite_give_the_same_answers(example_out, tmp_path):
    _, duck = run_query(example_out, PER_TABLE)
    db = tmp_path / "facts.sqlite"
    n = export_sqlite(example_out, db)
    with sqlite3.connect(db) as con:
        lite = con.execute(PER_TABLE).fetchall()
        assert con.execute("SELECT count(*) FROM facts").fetchone()[0] == n
    assert n > 300 and len(duck) == len(lite) > 5
    for d, s in zip(duck, lite):
        assert d[:3] == s[:3]
        assert (d[3] is None) == (s[3] is None)
        if d[3] is not None:
            assert Decimal(str(s[3])).quantize(Decimal("0.01")) == d[3].quantize(Decimal("0.01"))


def test_sqlite_keeps_exact_decimal_text(example_out, tmp_path):
    db = tmp_path / "f.sqlite"
    export_sqlite(example_out, db)
    _, duck = run_query(example_out, "SELECT raw, amount_yuan FROM facts WHERE amount_yuan IS "
                        "NOT NULL ORDER BY table_id, row, col LIMIT 20")
    with sqlite3.connect(db) as con:
        lite = con.execute("SELECT raw, amount_yuan FROM facts WHERE amount_yuan IS NOT NULL "
                           "ORDER BY table_id, row, col LIMIT 20").fetchall()
    assert [(r, decimal_text(a)) for r, a in duck] == lite


def test_query_command_prints_csv(example_out, capsys):
    sql = "SELECT count(DISTINCT table_id) AS tables FROM facts"
    assert cli.main(["query", str(example_out), sql]) == 0
    _, rows = run_query(example_out, sql)
    assert capsys.readouterr().out.splitlines() == ["tables", str(rows[0][0])]
    assert rows[0][0] >= 8


def test_bad_sql_and_empty_folder_exit_1(example_out, tmp_path, capsys):
    assert cli.main(["query", str(example_out), "SELECT nope FROM facts"]) == 1
    assert cli.main(["query", str(tmp_path), "SELECT 1"]) == 1
    assert "no facts" in capsys.readouterr().err
    with pytest.raises(ArchiveError):
        export_sqlite(tmp_path, tmp_path / "x.sqlite")


def test_export_command(example_out, tmp_path):
    db = tmp_path / "a.sqlite"
    assert cli.main(["export", str(example_out), "--sqlite", str(db)]) == 0
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM facts WHERE status = 'verified'").fetchone()[0] > 0


def test_decimal_text():
    assert [decimal_text(Decimal(x)) for x in ("17062800.00000000", "1706.28000000",
                                                "-0.00000000", "0.50000000")] == [
        "17062800", "1706.28", "0", "0.5"]
