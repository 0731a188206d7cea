"""benchmarks.scanned scoring: exact matches count, continued parts are joined."""
from decimal import Decimal

from benchmarks.scanned import Cand, match_and_score, parse_amount, truth_amount


def _cell(r, c, text, rs=1, cs=1):
    return {"row": r, "col": c, "row_span": rs, "col_span": cs, "text": text}


TRUTH = {"n_rows": 3, "n_cols": 2, "header_rows": 1,
         "cells": [_cell(0, 0, "项目"), _cell(0, 1, "金额"), _cell(1, 0, "收入"),
                   _cell(1, 1, "1,706.28"), _cell(2, 0, "支出"), _cell(2, 1, "0.00")]}


def test_amount_parsing():
    assert truth_amount("1,706.28") == Decimal("1706.28")
    assert truth_amount("31") is None
    assert parse_amount("1,706.2 8") == Decimal("1706.28")
    assert parse_amount("１，７０６.２８") == Decimal("1706.28")
    assert parse_amount("收入") is None


def test_perfect_table_scores_full():
    [s] = match_and_score([TRUTH], [[0]], [Cand(TRUTH["cells"], 3, 2, (0,))])
    assert s["exact"] == 1 and s["cells_ok"] == 6 and s["nums_ok"] == 2 and s["teds"] == 1.0


def test_no_table_scores_zero():
    [s] = match_and_score([TRUTH], [[0]], [Cand(TRUTH["cells"], 3, 2, (1,))])
    assert s["exact"] == 0 and s["cells_ok"] == 0 and s["teds"] == 0.0


def test_number_read_with_spaces_counts_as_numeric_not_as_text():
    cells = [dict(c) for c in TRUTH["cells"]]
    cells[3]["text"] = "1,706.2 8"
    [s] = match_and_score([TRUTH], [[0]], [Cand(cells, 3, 2, (0,))])
    assert s["cells_ok"] == 5 and s["nums_ok"] == 2 and s["exact"] == 1


def test_continued_part_drops_its_repeated_header():
    first = Cand(TRUTH["cells"][:4], 2, 2, (0,))
    second = Cand([_cell(0, 0, "项目"), _cell(0, 1, "金额"), _cell(1, 0, "支出"),
                   _cell(1, 1, "0.00")], 2, 2, (1,))
    [s] = match_and_score([TRUTH], [[0, 1]], [second, first])
    assert s["exact"] == 1 and s["cells_ok"] == 6
