"""OCR amounts that may have lost their decimal point are flagged, never verified."""
from __future__ import annotations

from decimal import Decimal

from fiscaldoc.geometry import BBox
from fiscaldoc.model import Cell, Column, Document, Page, Record, Subject, Table, Value
from fiscaldoc.postprocess.lost_points import REASON, flag_lost_points


def _table(raws: list[str], page: int = 0) -> Table:
    records = tuple(
        Record(r, Subject(None, f"row{r}", None, "other", None, None),
               {"金额": Value(raw, Decimal(raw.replace(",", "")), "amount", status="verified")})
        for r, raw in enumerate(raws))
    cells = tuple(Cell(r, 1, 1, 1, BBox(100, 20 * r, 200, 20 * r + 18), raw)
                  for r, raw in enumerate(raws))
    return Table(id=f"t{page}", pages=(page,), bbox=BBox(0, 0, 300, 400), title="", kind="other",
                 n_rows=len(raws), n_cols=2, header_rows=0, cells=cells,
                 columns=(Column(1, "金额", "金额"),), records=records)


def _doc(tables: list[Table], source: str = "ocr") -> Document:
    pages = tuple(Page(i, 595.0, 842.0, 0, source) for i in range(len(tables)))  # type: ignore[arg-type]
    return Document("x.pdf", "0" * 64, "ok", pages=pages, tables=tuple(tables))


def _statuses(doc: Document, k: int = 0) -> list[str]:
    return [v.status for r in doc.tables[k].records for v in r.values.values()]


def test_integers_beside_two_decimal_amounts_are_flagged_on_ocr_pages():
    # 23,111,876.62 = 21,477,243.45 + 1,634,633.17 read without points: the sum still holds
    doc = flag_lost_points(_doc([_table(["2311187662", "2147724345", "163463317", "14207.29",
                                         "0"])]))
    assert _statuses(doc) == ["flagged", "flagged", "flagged", "verified", "verified"]
    assert doc.tables[0].records[0].values["金额"].reason == REASON


def test_digital_pages_and_integer_tables_are_left_alone():
    raws = ["2311187662", "2147724345", "14207.29"]
    assert _statuses(flag_lost_points(_doc([_table(raws)], source="pdf"))) == ["verified"] * 3
    ints = ["25,731,500", "26,168,107", "1,650"]       # a 万元 table printing integers
    assert _statuses(flag_lost_points(_doc([_table(ints)]))) == ["verified"] * 3
    short = ["120", "80", "40.50"]                     # three digits: no point lost to fear
    assert _statuses(flag_lost_points(_doc([_table(short)]))) == ["verified"] * 3


def test_a_table_without_decimals_follows_the_document():
    cents = _table(["480544221.62", "20368125.45", "25280256.17", "5640500.00"], page=0)
    lost = _table(["2311187662", "2147724345", "163463317"], page=1)
    doc = flag_lost_points(_doc([cents, lost]))
    assert _statuses(doc, 0) == ["verified"] * 4
    assert _statuses(doc, 1) == ["flagged"] * 3


def test_a_lost_last_digit_is_flagged_too():
    # 1,282,574.11 read as 1282574.1 in a 合计 column and the column it totals: equal, wrong
    doc = flag_lost_points(_doc([_table(["1282574.1", "1282574.1", "20368125.45", "5943908.00",
                                         "14207.29", "652079.54", "0.5"])]))
    assert _statuses(doc) == ["flagged", "flagged", "verified", "verified", "verified",
                              "verified", "flagged"]


def test_a_one_decimal_table_is_its_own_format():
    doc = flag_lost_points(_doc([_table(["1282.5", "3456.7", "4739.2", "12.50"])]))
    assert _statuses(doc) == ["verified"] * 4
