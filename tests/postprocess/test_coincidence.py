"""postprocess.coincidence: an equality between two identical low-confidence readings does
not verify them; a sum, a confident reading or differing prints do."""
from decimal import Decimal

from fiscaldoc.postprocess.coincidence import coincidental
from fiscaldoc.postprocess.correct import CellState
from fiscaldoc.postprocess.rules import Equation, Ref


def _states(confs: dict[int, tuple[str, float]]) -> dict[Ref, CellState]:
    out = {Ref(0, r, 1): CellState(raw, Decimal(raw.replace(",", "").replace(" ", "")), True,
                                   True, c, 2)
           for r, (raw, c) in confs.items()}
    for r in range(10, 20):                   # the rest of the table: read confidently
        out[Ref(0, r, 1)] = CellState("1.00", Decimal("1.00"), True, True, 0.98, 2)
    return out


def _eq(lhs: int, *rhs: int) -> Equation:
    return Equation("test", (Ref(0, lhs, 1),), tuple((1, Ref(0, r, 1)) for r in rhs))


def test_identical_unsure_readings_are_coincidental():
    states = _states({1: ("1.90", 0.6), 2: ("1.90", 0.9)})
    assert coincidental([_eq(1, 2)], states) == {Ref(0, 1, 1), Ref(0, 2, 1)}


def test_confident_readings_verify():
    states = _states({1: ("14.90", 0.97), 2: ("14.90", 0.96)})
    assert coincidental([_eq(1, 2)], states) == set()


def test_a_sum_is_not_a_coincidence():
    states = _states({1: ("2.00", 0.5), 2: ("1.00", 0.5), 3: ("1.00", 0.5)})
    assert coincidental([_eq(1, 2, 3)], states) == set()


def test_a_second_strong_check_keeps_the_value():
    states = _states({1: ("1.90", 0.6), 2: ("1.90", 0.6), 3: ("1.00", 0.97), 4: ("0.90", 0.97)})
    assert coincidental([_eq(1, 2), _eq(1, 3, 4)], states) == {Ref(0, 2, 1)}


def test_a_sum_of_readings_that_lost_their_points_verifies_nothing():
    """2554.43 + 1.60 = 2556.03 read as '2554 43' + '1 60' = '2556 03': the sum holds a
    hundred times too large, confidently read or not."""
    states = _states({1: ("2556 03", 0.99), 2: ("2554 43", 0.99), 3: ("1 60", 0.98)})
    assert coincidental([_eq(1, 2, 3)], states) == {Ref(0, 1, 1), Ref(0, 2, 1), Ref(0, 3, 1)}


def test_a_lost_point_among_good_readings_keeps_their_other_checks():
    states = _states({1: ("1.90", 0.9), 2: ("190", 0.99), 3: ("1.00", 0.97), 4: ("0.90", 0.97),
                      5: ("1 90", 0.99)})
    assert coincidental([_eq(1, 3, 4), _eq(2, 5)], states) == {Ref(0, 2, 1), Ref(0, 5, 1)}


def test_a_zero_or_an_integer_table_is_not_a_lost_point():
    states = _states({1: ("0", 0.9), 2: ("0", 0.9), 3: ("0.00", 0.97)})
    assert coincidental([_eq(1, 2, 3)], states) == set()
    ints = {Ref(0, r, 1): CellState(raw, Decimal(raw), True, True, 0.9, 0)
            for r, raw in ((1, "190"), (2, "100"), (3, "90"))}
    assert coincidental([_eq(1, 2, 3)], ints) == set()


def test_text_layer_values_are_never_coincidental():
    states = _states({1: ("1.90", 1.0), 2: ("1.90", 1.0)})
    assert coincidental([_eq(1, 2)], states) == set()
    printed = {Ref(0, r, 1): CellState(raw, Decimal(raw), True, False, 1.0, 2)
               for r, raw in ((1, "190"), (2, "100"), (3, "90"))}
    assert coincidental([_eq(1, 2, 3)], printed) == set()


def test_a_gap_before_two_last_digits_is_a_lost_point_even_where_most_points_are_lost():
    """When most readings of a table lost their points, the table 'prints' no decimals; a
    gap before the last two digits still says where the point was.  The sum's blank rows
    have no state."""
    states = {Ref(0, r, 1): CellState(raw, Decimal(raw.replace(" ", "")), True, True, 0.95, 0)
              for r, raw in ((1, "2556 03"), (2, "2554 43"), (3, "1 60"))}
    lost = {Ref(0, 1, 1), Ref(0, 2, 1), Ref(0, 3, 1)}
    assert coincidental([_eq(1, 2, 3)], states) == lost
    assert coincidental([_eq(1, 2, 3, 7, 8)], states) == lost


def test_a_reading_whose_point_was_put_back_is_no_coincidence():
    """'10000' read leniently as 100.00 (its point put back): a check holding with it says
    the figures are right."""
    states = _states({1: ("100.00", 0.9), 3: ("0.00", 0.9)})
    states[Ref(0, 2, 1)] = CellState("10000", Decimal("100.00"), True, True, 0.9, 2)
    assert coincidental([_eq(2, 1, 3)], states) == set()
