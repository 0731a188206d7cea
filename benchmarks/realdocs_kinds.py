"""Table kinds of converted real documents against hand labels (``realdocs_labels/kinds.tsv``).

    python -m benchmarks.realdocs_kinds OUT [--reclassify] [--docs NAME ...]

OUT holds one folder per document (``<stem>/document.json``, as ``fiscaldoc convert -o OUT``
writes them).  A label is matched to the converted table that starts on the same page (in
order, when a page holds several).  ``--reclassify`` decides the kinds again with the current
``fiscaldoc.tables.classify`` from the stored title, cells and header rows (so an old
conversion measures a new classifier).  Printed: per document and in all, labelled tables
found, kind right / ``other`` (unknown) / wrong, the confusion of the misses, and the converted
tables no label covers (continuation parts, false tables) with their kinds.
"""
from __future__ import annotations

import argparse
import csv
import json
from collections import Counter, defaultdict
from pathlib import Path

from fiscaldoc.model import Cell
from fiscaldoc.tables.classify import classify_table

LABELS = Path(__file__).parent / "realdocs_labels" / "kinds.tsv"


def read_labels(path: Path = LABELS) -> dict[str, list[tuple[int, str, str]]]:
    out: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    with open(path, encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            out[row["document"]].append((int(row["page"]), row["title"], row["kind"]))
    return out


def converted(doc: dict, reclassify: bool) -> list[tuple[int, str, str]]:
    """(first page 1-based, title, kind) of each converted table, in document order."""
    report = (doc.get("meta") or {}).get("report")
    out = []
    for t in doc.get("tables", []):
        kind = t["kind"]
        if reclassify:
            cells = [Cell(c["row"], c["col"], c.get("row_span", 1), c.get("col_span", 1), None,
                          c["text"]) for c in t["cells"]]
            kind = classify_table(t["title"], cells, t["header_rows"], report)
        out.append((t["pages"][0] + 1, t["title"], kind))
    return out


def score(out_dir: Path, labels, reclassify: bool, docs: list[str] | None):
    totals: Counter = Counter()
    misses: Counter = Counter()
    extras: list[tuple[str, int, str, str]] = []
    lines: list[str] = []
    where: list[str] = []
    for name in sorted(labels):
        stem = name.removesuffix(".pdf")
        if docs and stem not in docs:
            continue
        path = out_dir / stem / "document.json"
        tables = converted(json.loads(path.read_text(encoding="utf-8")), reclassify) \
            if path.is_file() else []
        by_page: dict[int, list] = defaultdict(list)
        for t in tables:
            by_page[t[0]].append(t)
        c: Counter = Counter()
        for page, title, kind in labels[name]:
            got = by_page[page].pop(0) if by_page[page] else None
            c["labelled"] += 1
            if got is None:
                c["not found"] += 1
                continue
            pred = got[2]
            if pred == kind:
                c["right"] += 1
                c["right known" if kind != "other" else "right other"] += 1
            else:
                c["unknown" if pred == "other" else "wrong"] += 1
                misses[(kind, pred)] += 1
                where.append(f"  {stem} p{page} {title[:40]}: {kind} -> {pred}")
            c["known label found"] += kind != "other"
        for page, rest in by_page.items():
            extras += [(stem, page, t[1], t[2]) for t in rest]
        totals.update(c)
        lines.append(f"{stem:40s} labelled {c['labelled']:3d}  not found {c['not found']:3d}  "
                     f"right {c['right']:3d}  other {c['unknown']:3d}  wrong {c['wrong']:3d}")
    return totals, misses, extras, lines + [""] + where


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--reclassify", action="store_true")
    ap.add_argument("--docs", nargs="*")
    ap.add_argument("--labels", type=Path, default=LABELS)
    a = ap.parse_args(argv)
    totals, misses, extras, lines = score(a.out, read_labels(a.labels), a.reclassify, a.docs)
    print("\n".join(lines))
    known = totals["known label found"]
    print(f"\nlabelled {totals['labelled']}, found {totals['labelled'] - totals['not found']}; "
          f"of those with a known kind ({known}): right {totals['right known']} "
          f"({100 * totals['right known'] / max(known, 1):.1f} %), other {totals['unknown']}, "
          f"wrong {totals['wrong']}; labelled other and kept other: {totals['right other']}")
    if misses:
        print("\nmisses (label -> got):")
        for (lab, got), n in misses.most_common():
            print(f"  {n:3d}  {lab} -> {got}")
    if extras:
        print(f"\nconverted tables without a label ({len(extras)}): "
              + ", ".join(f"{k}" for k, n in Counter(e[3] for e in extras).most_common()))
        for stem, page, title, kind in extras:
            print(f"  {stem} p{page} {kind} {title[:40]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
