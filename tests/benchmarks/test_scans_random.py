"""benchmarks.scans_random.trust: values marked verified are scored against the truth, rows
aligned by the best shift."""
from benchmarks.scanned import Cand
from benchmarks.scans_random import trust

TRUTH = {"n_rows": 3, "n_cols": 2, "header_rows": 1, "cells": [
    {"row": 0, "col": 0, "row_span": 1, "col_span": 1, "text": "项目"},
    {"row": 0, "col": 1, "row_span": 1, "col_span": 1, "text": "金额"},
    {"row": 1, "col": 0, "row_span": 1, "col_span": 1, "text": "合计"},
    {"row": 1, "col": 1, "row_span": 1, "col_span": 1, "text": "14.90"},
    {"row": 2, "col": 0, "row_span": 1, "col_span": 1, "text": "工资"},
    {"row": 2, "col": 1, "row_span": 1, "col_span": 1, "text": "14.90"}]}


def _cand(shift: int, values: list[str], status: str) -> Cand:
    cells = [{"row": 1 + shift + k, "col": 1, "row_span": 1, "col_span": 1, "text": v,
              "after": v, "status": status} for k, v in enumerate(values)]
    return Cand(cells, 3 + shift, 2, (0,))


def test_right_values_are_not_wrong_even_shifted():
    s = trust(TRUTH, _cand(1, ["14.90", "14.90"], "verified"))
    assert s["marked"] == 2 and s["marked_wrong"] == 0


def test_a_misread_marked_value_counts():
    s = trust(TRUTH, _cand(0, ["14.90", "190"], "verified"))
    assert s["marked_wrong"] == 1 and s["nums_after_ok"] == 1


def test_unmarked_values_do_not_count():
    assert trust(TRUTH, _cand(0, ["190", "190"], "flagged"))["marked"] == 0


def test_a_value_moved_by_an_extra_column_is_not_wrong():
    cells = [{"row": 1, "col": 2, "row_span": 1, "col_span": 1, "text": "14.90",
              "after": "14.90", "status": "verified"}]
    assert trust(TRUTH, Cand(cells, 3, 3, (0,)))["marked_wrong"] == 0
