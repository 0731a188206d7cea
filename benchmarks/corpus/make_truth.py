"""Write the truth tables of the four seed reports to ``tests/data/truth/<seed>.json``.

    python -m benchmarks.corpus.make_truth [SEEDS_DIR]      (default /work/shared/seeds)

Truth format (one file per seed)::

    {"source": "000_70fb560e43fc82fb", "department": "...", "year": 2021, "report": "决算",
     "tables": [{"title": "...", "number": "表2" | "公开02表" | null, "unit": "万元",
                 "department": "...", "kind": <fiscaldoc.model.TABLE_KINDS>,
                 "n_rows": R, "n_cols": C, "header_rows": H,
                 "cells": [{"row", "col", "row_span", "col_span", "text"}, ...],
                 "equations": ["27 行 = (1+2+3+4+5+6+7+8) 行", ...]}]}

Only the tables listed in ``TABLES`` are written; every other tab block of a seed (tables of
contents, the narrative performance-evaluation forms whose cells are sentences, the list of
key work items) is skipped and reported.  The explanatory 注/说明 sentences are not copied.

``FIXES`` repairs the seeds' alignment before spans are inferred (see ``seeds.apply_fixes``
for the operations).  Row indices count grid rows of the table (meta lines removed).
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from fiscaldoc.model import TABLE_KINDS

from .seeds import build_table, count_numbers, read_seed, split_codes, tiling_errors

ROOT = Path(__file__).resolve().parents[2]
OUT_DIR = ROOT / "tests" / "data" / "truth"
SEEDS_DIR = Path("/work/shared/seeds")

_FINAL = {"1": "final.income_expenditure_summary", "2": "final.income", "3": "final.expenditure",
          "4": "final.fiscal_summary", "5": "final.general_budget_expenditure",
          "6": "final.basic_expenditure_detail", "7": "final.three_public",
          "8": "final.government_fund", "9": "final.state_capital"}
# 001 numbers its tables 公开01..09 in another order: 07 基金, 08 国资, 09 三公.
_PUBLIC = {**{f"公开0{k}表": v for k, v in _FINAL.items() if k in "123456"},
           "公开07表": _FINAL["8"], "公开08表": _FINAL["9"], "公开09表": _FINAL["7"]}

# seed stem -> {table key (number, or title when there is none): kind}
TABLES: dict[str, dict[str, str]] = {
    "000_70fb560e43fc82fb": {f"表{k}": v for k, v in _FINAL.items()},
    "001_c7293efaaecdcf45": _PUBLIC,
    "002_3fc44a14f39dfbff": {
        "2021年部门支出总表": "budget.expenditure",
        "2021年财政拨款收支预算总表": "budget.fiscal_summary",
        "2021年一般公共预算基本支出表（经济分类款级）": "budget.basic_expenditure",
        "2021年一般公共预算‘三公’经费支出表": "budget.three_public",
        "2021年政府性基金预算支出表": "budget.government_fund",
    },
    "003_fb4b9785bdfc6f0d": {f"表{k}": v for k, v in _FINAL.items()},
}

# Header text spread one column too far left/right, or 项 … 目 spaced over a merged cell:
_SHIFT_HEAD = ("insert", 0, 3, 1)          # row 0: titles from col 3 on belong one column right
FIXES: dict[tuple[str, str], list[tuple]] = {
    # 000 表2: the seed has no separate 科目名称 column (names sit under 项, numbers start at
    # col 3) and repeats the column numbers 1..7 in the 类/款/项 row.  Give names their own
    # column (col 3), drop the repeated numbers, and move every number one column right.
    ("000_70fb560e43fc82fb", "表2"): [
        _SHIFT_HEAD,                       # 本年收入合计 … 其他收入 over cols 4..10
        ("insert", 1, 1, 2),               # 科目名称 to col 3
        ("clear", 2, 3),                   # 类 款 项 row: drop the duplicated 1..7
        ("insert", 3, 3, 1),               # 栏次 row: numbers 1..7 to cols 4..10
        ("insert", (4, None), 1, 1),       # body: code col 0, name col 3, numbers from col 4
    ],
    ("000_70fb560e43fc82fb", "表5"): [_SHIFT_HEAD],      # 本年支出 over 小计/基本/项目
    ("000_70fb560e43fc82fb", "表6"): [("move", -1, 9, 8)],  # 公用经费合计 12.47 under 决算数
    ("000_70fb560e43fc82fb", "表8"): [_SHIFT_HEAD, ("insert", 1, 2, 1)],  # 科目名称, 小计.. right
    ("000_70fb560e43fc82fb", "表9"): [_SHIFT_HEAD],
    # 002 部门支出总表: 项目支出 and 公共项目 sit one column right of their sub-columns.  The
    # numbering row has 16 columns but only 14 have labels: 项目支出 covers the 8 labelled
    # ones (部门项目 ×4, 公共项目 ×4); columns 15 and 16 keep empty headers.
    ("002_3fc44a14f39dfbff", "2021年部门支出总表"): [("move", 0, 9, 8), ("move", 1, 13, 12)],
    ("003_fb4b9785bdfc6f0d", "表2"): [_SHIFT_HEAD, ("move", 1, 1, 3)],
    ("003_fb4b9785bdfc6f0d", "表3"): [_SHIFT_HEAD, ("move", 1, 1, 3)],
    # 003 表5: an empty column between 项 and 科目名称; "项 … 目" spaced over the merged cell.
    ("003_fb4b9785bdfc6f0d", "表5"): [("drop_col", 3), ("set", 0, 0, "项目"), ("set", 0, 3, "")],
    ("003_fb4b9785bdfc6f0d", "表8"): [_SHIFT_HEAD, ("move", 1, 1, 3), ("insert", 1, 4, 1)],
    # 003 表9: "项 … 目" and "合 … 计" spaced over merged cells.
    ("003_fb4b9785bdfc6f0d", "表9"): [("set", 0, 0, "项目"), ("set", 0, 3, ""),
                                      ("set", 3, 0, ""), ("set", 3, 3, "合计")],
}

# Copies whose 5/7-digit function codes are split over 类/款/项 (201 | 03 | 50).
SPLIT_VARIANTS = {("000_70fb560e43fc82fb", "表5"), ("003_fb4b9785bdfc6f0d", "表3")}
SPLIT_SUFFIX = "（类款项分列）"


def build_seed(path: Path) -> tuple[dict, list[str]]:
    """The truth document of one seed file, and notes about the blocks it skipped."""
    seed = read_seed(path)
    wanted = TABLES[seed.stem]
    tables, skipped, seen = [], [], set()
    for raw in seed.tables:
        key = raw.number if raw.number in wanted else raw.title
        if key not in wanted:
            skipped.append(f"{seed.stem}: skipped block at line {raw.line} ({raw.title[:30]!r})")
            continue
        kind = wanted[key]
        if kind not in TABLE_KINDS:
            raise ValueError(f"unknown kind {kind}")
        seen.add(key)
        table = build_table(raw, kind, FIXES.get((seed.stem, key), ()))
        tables.append(table)
        if (seed.stem, key) in SPLIT_VARIANTS:
            tables.append(split_codes(table, table["title"] + SPLIT_SUFFIX))
    missing = set(wanted) - seen
    if missing:
        raise ValueError(f"{seed.stem}: tables not found: {sorted(missing)}")
    for table in tables:
        if errors := tiling_errors(table):
            raise ValueError(f"{seed.stem} {table['title']}: {errors[:3]}")
    department = Counter(t["department"] for t in tables).most_common(1)[0][0]
    doc = {"source": seed.stem, "department": department, "year": seed.year,
           "report": seed.report, "tables": tables}
    return doc, skipped


def dumps(doc: dict) -> str:
    """JSON text with one cell per line (readable diffs)."""
    def enc(value) -> str:
        return json.dumps(value, ensure_ascii=False)

    out = ["{"]
    for key in ("source", "department", "year", "report"):
        out.append(f" {enc(key)}: {enc(doc[key])},")
    out.append(' "tables": [')
    for i, table in enumerate(doc["tables"]):
        out.append("  {")
        for key, value in table.items():
            if key == "cells":
                out.append('   "cells": [')
                out.append(",\n".join(f"    {enc(c)}" for c in value))
                out.append("   ],")
            else:
                out.append(f"   {enc(key)}: {enc(value)},")
        out[-1] = out[-1].rstrip(",")
        out.append("  }" + ("," if i + 1 < len(doc["tables"]) else ""))
    out.append(" ]")
    out.append("}")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    seeds_dir = Path(argv[0]) if argv else SEEDS_DIR
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    totals = Counter()
    for stem in TABLES:
        doc, skipped = build_seed(seeds_dir / f"{stem}.txt")
        (OUT_DIR / f"{stem}.json").write_text(dumps(doc), encoding="utf-8")
        n_cells = sum(len(t["cells"]) for t in doc["tables"])
        n_numbers = sum(count_numbers(t) for t in doc["tables"])
        totals.update(tables=len(doc["tables"]), cells=n_cells, numbers=n_numbers)
        print(f"{stem}: {len(doc['tables'])} tables, {n_cells} cells, "
              f"{n_numbers} non-empty numeric cells")
        for note in skipped:
            print("   ", note)
    print(f"total: {totals['tables']} tables, {totals['cells']} cells, "
          f"{totals['numbers']} non-empty numeric cells -> {OUT_DIR}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
