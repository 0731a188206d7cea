"""Equation parsing from table notes (``rules.parse_note``)."""
import pytest

from fiscaldoc.postprocess.rules import NoteError, parse_note


def test_column_equation_for_every_row():
    (eq,) = parse_note("1栏各行=(2+3+4+5+6+7)栏各行")
    assert (eq.axis, eq.target) == ("col", 1)
    assert eq.terms == tuple((1, n) for n in range(2, 8))


def test_full_width_brackets_and_a_minus_term():
    (eq,) = parse_note("6 栏各行=（1+2-3）栏各行")
    assert eq.terms == ((1, 1), (1, 2), (-1, 3))


def test_column_equation_without_各行_and_spaces():
    (eq,) = parse_note("1 栏= (2+3+6) 栏")
    assert (eq.axis, eq.target, eq.terms) == ("col", 1, ((1, 2), (1, 3), (1, 6)))


def test_row_equation():
    (eq,) = parse_note("27 行 = (1+2+3+4+5+6+7+8) 行")
    assert (eq.axis, eq.target) == ("row", 27)
    assert [n for _, n in eq.terms] == list(range(1, 9))


@pytest.mark.parametrize("dots", ["...", "…", "……", "⋯⋯"])
def test_ranges_with_any_ellipsis(dots):
    (eq,) = parse_note(f"57行=(31+32+{dots}+56)行")
    assert [n for _, n in eq.terms] == list(range(31, 57))


def test_several_equations_in_one_line():
    eqs = parse_note("27 行 = (1+2+3) 行；28 行 = (29+30+31) 行；32 行 = (27+28) 行")
    assert [e.target for e in eqs] == [27, 28, 32]


def test_a_line_on_both_sides_is_rejected():
    with pytest.raises(NoteError, match="both sides"):
        parse_note("57行=（33+34+……+58）行")


def test_prose_lines_give_nothing():
    assert parse_note("注：本表反映部门本年度的总收支和年末结转结余情况。") == []
