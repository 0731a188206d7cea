from decimal import Decimal

import pytest

from fiscaldoc.tables.numbers import is_numeric_text, parse_value


@pytest.mark.parametrize("raw, number", [
    ("1,706.28", "1706.28"),
    ("1706.28", "1706.28"),
    ("0.00", "0.00"),
    ("-12.50", "-12.50"),
    ("(12.50)", "-12.50"),
    ("（12.50）", "-12.50"),
    ("－12.50", "-12.50"),
    ("１，７０６．２８", "1706.28"),
    ("1, 706.28", "1706.28"),
    (" 2,790.06 ", "2790.06"),
    ("12", "12"),
    ("1,234,567.8", "1234567.8"),
])
def test_amounts(raw, number):
    v = parse_value(raw, "万元")
    assert (v.kind, v.number, v.raw, v.unit) == ("amount", Decimal(number), raw, "万元")


def test_printed_scale_is_kept():
    assert str(parse_value("0.00").number) == "0.00"
    assert str(parse_value("1,706.20").number) == "1706.20"


@pytest.mark.parametrize("raw, unit", [("56.84万元", "万元"), ("300元", "元")])
def test_unit_suffix_is_stripped_and_recorded(raw, unit):
    v = parse_value(raw)
    assert v.kind == "amount" and v.unit == unit and v.raw == raw


@pytest.mark.parametrize("raw, number", [("12.5%", "12.5"), ("12.5％", "12.5"), ("100%", "100")])
def test_percent(raw, number):
    v = parse_value(raw, "万元")
    assert (v.kind, v.number, v.unit) == ("percent", Decimal(number), "%")


@pytest.mark.parametrize("raw", ["", "   ", "\u3000"])
def test_blank(raw):
    v = parse_value(raw)
    assert (v.kind, v.number, v.raw) == ("blank", None, raw)


@pytest.mark.parametrize("raw", ["-", "—", "–", "－", "——", "/", " - "])
def test_dash(raw):
    v = parse_value(raw)
    assert (v.kind, v.number, v.raw) == ("dash", None, raw)


@pytest.mark.parametrize("raw", ["合计", "17,06.28", "1.706.28", "(12.50", "12.5万", "一", "-—"])
def test_text(raw):
    v = parse_value(raw)
    assert (v.kind, v.number) == ("text", None)


def test_amount_arithmetic_treats_dash_as_zero():
    assert parse_value("—").amount == 0 and parse_value("3.10").amount == Decimal("3.10")


@pytest.mark.parametrize("s, expected", [("1,706.28", True), ("12%", True), ("(3.00)", True),
                                         ("-", False), ("", False), ("合计", False)])
def test_is_numeric_text(s, expected):
    assert is_numeric_text(s) is expected
