"""continues: two scanned pages place one text-column table a few points apart (skew,
keystone); a printed page places it to the point."""
from fiscaldoc.geometry import BBox
from fiscaldoc.tables.grid import Grid
from fiscaldoc.tables.join import continues


def _part(x0: float, x1: float) -> Grid:
    return Grid(BBox(x0, 100, x1, 300), 6, 6, -1, (), (x0, x1), (100, 300), "rowrules")


def test_a_scanned_continuation_a_few_points_off_is_joined():
    assert continues(_part(54.4, 552.0), _part(51.8, 549.7), "", "")


def test_a_table_of_another_width_is_not():
    assert not continues(_part(54.4, 552.0), _part(54.4, 520.0), "", "")


def test_another_title_is_never_a_continuation():
    assert not continues(_part(54.4, 552.0), _part(54.4, 552.0), "收入决算表", "支出决算表")
