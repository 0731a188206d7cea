"""Generated inputs for the archive tests (imported by conftest and the tests)."""
from __future__ import annotations

import json
from pathlib import Path

import pymupdf

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "final_account_2021.pdf"


def make_report(path: Path, seed: int, pages: int = 1) -> Path:
    """A digital 支出决算表 (万元) with three class rows whose amounts depend on ``seed``; with
    ``pages`` > 1 the same table is printed on each page (a different table per page)."""
    doc = pymupdf.open()
    for k in range(pages):
        a, b = 100 + 7 * seed + k, 20 + seed
        rows = (("科目编码", "科目名称", "合计", "基本支出", "项目支出"),
                ("", "合计", f"{a + b:,}.50", f"{a:,}.25", f"{b}.25"),
                ("201", "一般公共服务支出", f"{a:,}.25", f"{a:,}.25", "0.00"),
                ("221", "住房保障支出", f"{b}.25", "0.00", f"{b}.25"))
        page = doc.new_page(width=595, height=842)
        page.insert_text((170, 80), f"2021年度支出决算表{k + 1 if pages > 1 else ''}",
                         fontname="china-s", fontsize=14)
        page.insert_text((60, 110), "单位：万元", fontname="china-s", fontsize=9)
        xs, y0 = (60, 120, 280, 360, 440, 520), 120
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                page.insert_text((xs[c] + 4, y0 + 20 * r + 14), text, fontname="china-s",
                                 fontsize=9)
        for r in range(len(rows) + 1):
            page.draw_line((xs[0], y0 + 20 * r), (xs[-1], y0 + 20 * r))
        for x in xs:
            page.draw_line((x, y0), (x, y0 + 20 * len(rows)))
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)
    return path


def comparable(out: Path) -> dict[str, object]:
    """Every output file's content, with run timings and manifest seconds taken out."""
    found: dict[str, object] = {}
    for p in sorted(out.rglob("*")):
        if not p.is_file() or p.suffix == ".xlsx":
            continue
        rel = str(p.relative_to(out))
        if p.name == "document.json":
            data = json.loads(p.read_text(encoding="utf-8"))
            data["run"].pop("timings", None)
            found[rel] = data
        elif p.name in ("manifest.json", ".done.json"):
            data = json.loads(p.read_text(encoding="utf-8"))
            for row in data.get("inputs", [data.get("row", {})]):
                row.pop("seconds", None)
            found[rel] = data
        elif p.suffix == ".parquet":
            import pyarrow.parquet as pq

            found[rel] = pq.read_table(p).to_pylist()
        elif p.name != "manifest.csv":
            found[rel] = p.read_bytes()
    return found
