"""Check every code/name pair printed in the seed reports against the subject dictionary.

Usage: python -m benchmarks.check_seed_subjects [SEEDS_DIR] > report.md

A pair is a cell holding a 3/5/7-digit functional code (2xx) or a 3/5-digit economic code
(3xx, 5xx) followed, in a later cell of the same tab-separated line, by a cell with Chinese
text; a cell like ``215资源勘探工业信息等支出`` (code and name fused) counts too.  Each pair is
looked up in the dictionary of the document's year and classed as ``ok``, ``alias`` (the names
differ and an alias row explains it), ``name_differs``, or the lookup miss reason.
"""
from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from fiscaldoc.postprocess.subjects_data import Entry, load_dictionary, scheme_of_code

SEED_YEARS = {"000": 2021, "001": 2023, "002": 2021, "003": 2020}
DEFAULT_SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
_CODE_CELL = re.compile(r"(\d{7}|\d{5}|\d{3})")
_FUSED = re.compile(r"(\d{7}|\d{5}|\d{3})([\u4e00-\u9fff]{2}.*)")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _clean(text: str) -> str:
    return re.sub(r"</?b>", "", text).strip()


def extract_pairs(text: str) -> list[tuple[int, str, str]]:
    """(line number, code, printed name) for every code/name pair in a seed text."""
    pairs = []
    for n, line in enumerate(text.splitlines(), 1):
        cells = [_clean(c) for c in line.split("\t")]
        for i, cell in enumerate(cells):
            fused = _FUSED.fullmatch(cell)
            if fused and scheme_of_code(fused.group(1)):
                pairs.append((n, fused.group(1), fused.group(2).strip()))
                continue
            if not _CODE_CELL.fullmatch(cell) or scheme_of_code(cell) is None:
                continue
            for nxt in cells[i + 1:]:
                if not nxt:
                    continue
                if _CJK.search(nxt):
                    pairs.append((n, cell, nxt))
                break
    return pairs


def classify(year: int, code: str, name: str) -> tuple[str, str]:
    d = load_dictionary(year)
    hit = d.lookup(code)
    if not isinstance(hit, Entry):
        names = {a.other_name for a in d.aliases_for(code)} | {a.name for a in d.aliases_for(code)}
        note = f"no entry; aliases.tsv knows {code} as {'/'.join(sorted(names))}" if names else ""
        return hit.reason, note
    norm = "".join(name.split())
    if norm == hit.name:
        return "ok", hit.name
    known = {a.other_name for a in d.aliases_for(code)} | {a.name for a in d.aliases_for(code)}
    return ("alias" if norm in known else "name_differs"), hit.name


def check(seeds: Path) -> list[dict]:
    rows = []
    for path in sorted(seeds.glob("*.txt")):
        year = SEED_YEARS.get(path.name[:3])
        if year is None:
            continue
        grouped: dict[tuple[str, str], list[int]] = defaultdict(list)
        for n, code, name in extract_pairs(path.read_text("utf-8")):
            grouped[(code, name)].append(n)
        for (code, name), lines in sorted(grouped.items()):
            status, dict_name = classify(year, code, name)
            rows.append({"doc": path.name[:3], "year": year, "code": code, "name": name,
                         "lines": lines, "status": status, "dict_name": dict_name,
                         "edition": load_dictionary(year).scheme_years[scheme_of_code(code)]})
    return rows


def report(rows: list[dict]) -> str:
    out = ["| doc | year | code | printed name | status | dictionary name (edition) | lines |",
           "|---|---|---|---|---|---|---|"]
    for r in rows:
        lines = ",".join(map(str, r["lines"][:6])) + ("…" if len(r["lines"]) > 6 else "")
        dict_part = r["dict_name"]
        if r["status"] in ("ok", "alias", "name_differs"):
            dict_part = f"{dict_part} ({r['edition']})"
        out.append(f"| {r['doc']} | {r['year']} | {r['code']} | {r['name']} | {r['status']} "
                   f"| {dict_part} | {lines} |")
    counts = Counter((r["doc"], r["status"]) for r in rows)
    out.append("")
    out.append("Summary (distinct code/name pairs per document):")
    for doc in sorted({r["doc"] for r in rows}):
        parts = ", ".join(f"{s} {c}" for (d, s), c in sorted(counts.items()) if d == doc)
        out.append(f"- {doc}: {parts}")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    seeds = Path(args[0]) if args else DEFAULT_SEEDS
    if not seeds.is_dir():
        sys.stderr.write(f"no seeds directory at {seeds}\n")
        return 2
    sys.stdout.write(report(check(seeds)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
