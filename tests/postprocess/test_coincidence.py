"""postprocess.coincidence: an equality between two identical low-confidence readings does
not verify them; a sum, a confident reading or differing prints do."""
from decimal import Decimal

from fiscaldoc.postprocess.coincidence import coincidental
from fiscaldoc.postprocess.correct import CellState
from fiscaldoc.postprocess.rules import Equation, Ref


def _states(confs: dict[int, tuple[str, float]]) -> dict[Ref, CellState]:
    out = {Ref(0, r, 1): CellState(raw, Decimal(raw.replace(",", "")), True, True, c, 2)
           for r, (raw, c) in confs.items()}
    for r in range(10, 20):                   # the rest of the table: read confidently
        out[Ref(0, r, 1)] = CellState("1.00", Decimal("1.00"), True, True, 0.98, 2)
    return out


def _eq(lhs: int, *rhs: int) -> Equation:
    return Equation("test", (Ref(0, lhs, 1),), tuple((1, Ref(0, r, 1)) for r in rhs))


def test_identical_unsure_readings_are_coincidental():
    states = _states({1: ("190", 0.6), 2: ("190", 0.9)})
    assert coincidental([_eq(1, 2)], states) == {Ref(0, 1, 1), Ref(0, 2, 1)}


def test_confident_readings_verify():
    states = _states({1: ("14.90", 0.97), 2: ("14.90", 0.96)})
    assert coincidental([_eq(1, 2)], states) == set()


def test_a_sum_is_not_a_coincidence():
    states = _states({1: ("2.00", 0.5), 2: ("1.00", 0.5), 3: ("1.00", 0.5)})
    assert coincidental([_eq(1, 2, 3)], states) == set()


def test_a_second_strong_check_keeps_the_value():
    states = _states({1: ("190", 0.6), 2: ("190", 0.6), 3: ("100", 0.97), 4: ("90", 0.97)})
    assert coincidental([_eq(1, 2), _eq(1, 3, 4)], states) == {Ref(0, 2, 1)}


def test_text_layer_values_are_never_coincidental():
    states = _states({1: ("190", 1.0), 2: ("190", 1.0)})
    assert coincidental([_eq(1, 2)], states) == set()
