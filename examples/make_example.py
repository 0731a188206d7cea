"""Render seed 000's nine final-account tables (look "grid") into final_account_2021.pdf.

    python examples/make_example.py [OUT.pdf]
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.corpus.make_truth import SPLIT_SUFFIX  # noqa: E402
from benchmarks.corpus.render import render_pdf  # noqa: E402

TRUTH = ROOT / "tests" / "data" / "truth" / "000_70fb560e43fc82fb.json"
OUT = Path(__file__).resolve().parent / "final_account_2021.pdf"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    out = Path(argv[0]) if argv else OUT
    doc = json.loads(TRUTH.read_text(encoding="utf-8"))
    doc["tables"] = [t for t in doc["tables"] if not t["title"].endswith(SPLIT_SUFFIX)]
    manifest = render_pdf(doc, out, "grid")
    for entry in manifest["tables"]:
        print(f"pages {entry['pages']}: {entry['title']}")
    print(f"{manifest['page_count']} pages -> {out} ({out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
