"""read_lenient: a cell holding several figures is no damaged amount (it was 'corrected' to
the figures run together, 10.43 1.68 33.80 -> 104316833.80)."""
from fiscaldoc.postprocess.correct_edits import alternatives, read_lenient


def test_several_figures_are_not_one_amount():
    assert read_lenient("10.43 1.68 33.80") is None
    assert alternatives("10.43 1.68 33.80", 2) == {}


def test_spaced_digits_of_one_figure_still_read():
    rd = read_lenient("1 234.56")
    assert rd is not None and rd.digits == "123456" and rd.frac == 2


def test_thousands_points_still_read():
    rd = read_lenient("2.790.06")
    assert rd is not None and rd.digits == "279006"
