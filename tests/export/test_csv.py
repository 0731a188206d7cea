import csv

from fiscaldoc.export.csv import STATUS_SUFFIX, write_table_csv
from fiscaldoc.tables.numbers import parse_value


def _read(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def test_bom_for_excel(samples, tmp_path):
    path = write_table_csv(samples.expenditure_table(), tmp_path / "t.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")


def test_records_round_trip_numbers_and_statuses(samples, tmp_path):
    table = samples.expenditure_table()
    rows = _read(write_table_csv(table, tmp_path / "t.csv"))
    head, body = rows[0], rows[1:]
    assert head[:4] == ["row", "code", "name", "level"]
    assert len(body) == len(table.records)
    for line, rec in zip(body, table.records):
        got = dict(zip(head, line))
        assert int(got["row"]) == rec.row and got["name"] == rec.subject.name
        for col in table.columns:
            value = rec.values[col.key]
            assert parse_value(got[col.key]).number == value.number
            assert got[col.key + STATUS_SUFFIX] == value.status


def test_recordless_table_gives_full_grid(samples, tmp_path):
    table = samples.three_public_table()
    rows = _read(write_table_csv(table, tmp_path / "t.csv"))
    assert rows == table.to_grid()
    assert rows[0][1] == "因公出国（境）费"
