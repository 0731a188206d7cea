"""Truth tables parsed from the seeds (tests/data/truth): shape, known facts, parser rules."""
import json
from collections import Counter
from pathlib import Path

import pytest

from benchmarks.corpus import make_truth
from benchmarks.corpus.seeds import RawTable, build_table, normalize, split_codes, tiling_errors
from fiscaldoc.model import TABLE_KINDS

TRUTH = Path(__file__).resolve().parents[1] / "data" / "truth"
STEMS = ["000_70fb560e43fc82fb", "001_c7293efaaecdcf45", "002_3fc44a14f39dfbff",
         "003_fb4b9785bdfc6f0d"]


def load(stem):
    return json.loads((TRUTH / f"{stem}.json").read_text(encoding="utf-8"))


def table(stem, title_part):
    (found,) = [t for t in load(stem)["tables"] if t["title"].endswith(title_part)]
    return found


def cell_at(t, row, col):
    (found,) = [c for c in t["cells"] if (c["row"], c["col"]) == (row, col)]
    return found


@pytest.mark.parametrize("stem", STEMS)
def test_cells_tile_every_grid_exactly(stem):
    for t in load(stem)["tables"]:
        cover = Counter()
        for c in t["cells"]:
            for r in range(c["row"], c["row"] + c["row_span"]):
                for k in range(c["col"], c["col"] + c["col_span"]):
                    cover[(r, k)] += 1
        grid = {(r, k) for r in range(t["n_rows"]) for k in range(t["n_cols"])}
        assert set(cover) == grid and set(cover.values()) == {1}, t["title"]
        assert [(c["row"], c["col"]) for c in t["cells"]] == sorted(
            (c["row"], c["col"]) for c in t["cells"])


def test_tiling_errors_reports_a_gap_and_an_overlap():
    t = {"n_rows": 1, "n_cols": 3, "cells": [
        {"row": 0, "col": 0, "row_span": 1, "col_span": 2, "text": "a"},
        {"row": 0, "col": 1, "row_span": 1, "col_span": 1, "text": "b"}]}
    errors = tiling_errors(t)
    assert any("(0,1) covered 2" in e for e in errors)
    assert any("(0,2) covered 0" in e for e in errors)


@pytest.mark.parametrize("stem", STEMS)
def test_document_fields_and_kinds(stem):
    doc = load(stem)
    assert doc["source"] == stem and doc["report"] in ("决算", "预算")
    assert all(t["kind"] in TABLE_KINDS and t["unit"] == "万元" for t in doc["tables"])


def test_table_counts_per_seed():
    assert [len(load(s)["tables"]) for s in STEMS] == [10, 9, 5, 10]


def test_seed000_income_table_has_its_total():
    t = table("000_70fb560e43fc82fb", "（表 2）")
    assert "2,790.07" in {c["text"] for c in t["cells"]}
    assert t["equations"] == ["1 栏各行 = (2+3+4+5+6+7) 栏各行"]


def test_seed000_summary_header_spans():
    t = table("000_70fb560e43fc82fb", "（表 1）")
    assert cell_at(t, 0, 0)["text"] == "收入" and cell_at(t, 0, 0)["col_span"] == 3
    assert cell_at(t, 0, 3)["text"] == "支出" and cell_at(t, 0, 3)["col_span"] == 3


def test_seed000_income_table_row_span_over_the_code_rows():
    t = table("000_70fb560e43fc82fb", "（表 2）")
    total = cell_at(t, 0, 4)
    assert (total["text"], total["row_span"]) == ("本年收入合计", 3)
    assert cell_at(t, 5, 0)["text"] == "201" and cell_at(t, 5, 3)["text"] == "一般公共服务支出"


def test_three_public_two_level_header():
    t = table("000_70fb560e43fc82fb", "（表 7）")
    car = cell_at(t, 1, 2)
    assert (car["text"], car["col_span"]) == ("公务用车购置及运行费", 3)
    assert [cell_at(t, 2, k)["text"] for k in (2, 3, 4)] == [
        "小计", "公务用车购置费", "公务用车运行费"]
    assert cell_at(t, 1, 1)["row_span"] == 2 and cell_at(t, 0, 6)["text"] == "决算数"


def test_basic_detail_has_three_column_groups():
    t = table("001_c7293efaaecdcf45", "基本支出决算明细表")
    assert (cell_at(t, 0, 0)["col_span"], cell_at(t, 0, 3)["col_span"]) == (3, 6)
    assert [cell_at(t, 1, k)["text"] for k in (0, 3, 6)] == ["科目代码"] * 3


def test_empty_table_keeps_header_and_total_row():
    t = table("000_70fb560e43fc82fb", "（表 8）")
    assert (t["n_rows"], t["header_rows"]) == (4, 3)
    assert [c["text"] for c in t["cells"] if c["row"] == 3 and c["text"]] == ["合计"]


def test_split_code_variant():
    t = table("000_70fb560e43fc82fb", make_truth.SPLIT_SUFFIX)
    rows = {}
    for c in t["cells"]:
        rows.setdefault(c["row"], []).append(c["text"])
    assert ["201", "03", "50", "事业运行"] in [r[:4] for r in rows.values()]


def test_ocr_damage_kept_and_other_department_heading():
    budget = table("002_3fc44a14f39dfbff", "部门支出总表")
    assert cell_at(budget, 0, 1)["text"] == "?位名称(科目)"
    assert table("003_fb4b9785bdfc6f0d", "（表3）")["department"] == "武汉市东西湖区大数据中心"


@pytest.mark.parametrize("stem", STEMS)
def test_no_note_prose_copied(stem):
    text = json.dumps(load(stem), ensure_ascii=False)
    assert "本表反映" not in text and "说明：" not in text


def test_normalize():
    assert normalize(" 上 级 补 助 收 入 ") == "上级补助收入"
    assert normalize("<b>总计</b>") == "总计" and normalize("**合 计**") == "合计"
    assert normalize("2021  年度收入（表 2）") == "2021 年度收入（表 2）"


def test_header_spans_inferred_from_flattened_tabs():
    raw = RawTable(line=1, title="t", number=None, department="", unit="万元",
                   rows=[["收入", "", "", "支出", "", ""],
                         ["项目", "行次", "金额", "项目", "行次", "金额"],
                         ["总计", "1", "5.00", "总计", "2", "5.00"]])
    t = build_table(raw, "other")
    assert t["header_rows"] == 2
    assert [(c["text"], c["col_span"]) for c in t["cells"] if c["row"] == 0] == [
        ("收入", 3), ("支出", 3)]


def test_split_codes_needs_a_class_column():
    t = build_table(RawTable(1, "t", None, "", "", [["代码", "名称"], ["201", "1.00"]]), "other")
    with pytest.raises(ValueError):
        split_codes(t, "x")


@pytest.mark.skipif(not make_truth.SEEDS_DIR.is_dir(), reason="seed texts not available")
@pytest.mark.parametrize("stem", STEMS)
def test_committed_truth_matches_the_seeds(stem):
    doc, _ = make_truth.build_seed(make_truth.SEEDS_DIR / f"{stem}.txt")
    assert make_truth.dumps(doc) == (TRUTH / f"{stem}.json").read_text(encoding="utf-8")
