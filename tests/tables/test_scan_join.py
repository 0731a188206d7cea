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


def _table(head: list[str], body: list[str], conf: float) -> Grid:
    from fiscaldoc.model import Cell
    rows = [head, ["栏次", "", "1"]] + [[f"项{k}", str(k), v] for k, v in enumerate(body)]
    cells = tuple(Cell(r, c, 1, 1, BBox(50 + 100 * c, 100 + 15 * r, 150 + 100 * c, 115 + 15 * r),
                       t, conf if t else 1.0)
                  for r, row in enumerate(rows) for c, t in enumerate(row))
    return Grid(BBox(50, 100, 350, 100 + 15 * len(rows)), len(rows), 3, 2, cells,
                (50, 150, 250, 350), tuple(100 + 15 * r for r in range(len(rows) + 1)), "ruled")


def test_a_repeated_header_read_with_a_misread_character_is_dropped():
    from fiscaldoc.tables.join import join
    prev = _table(["项目", "行次", "金额"], ["1.00", "2.00"], 0.95)
    nxt = _table(["项目", "行次", "金麟"], ["3.00"], 0.9)
    joined = join(prev, nxt, 2)
    assert joined.n_rows == 5 and [c.text for c in joined.cells if c.row == 4][2] == "3.00"


def test_printed_headers_must_match_exactly():
    from fiscaldoc.tables.join import join
    prev = _table(["项目", "行次", "金额"], ["1.00", "2.00"], 1.0)
    nxt = _table(["项目", "行次", "金麟"], ["3.00"], 1.0)
    assert join(prev, nxt, 2).n_rows == 7
