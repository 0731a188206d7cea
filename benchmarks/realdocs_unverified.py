"""Why the amounts the checks did not verify are left (issue 11): a breakdown for the real
documents benchmark.

Each number (``Value.number`` set) that ends neither verified nor corrected is put in one class:

* ``percent, base not printed`` — a percentage whose header names a figure the document does
  not print (为上年%, 执行数为上年执行数的, 为上年同期%: last year's figures);
* ``percent, other`` — any other percentage (利率, 占比, 抚养比, a rate column with no formula);
* ``table with no check`` — an amount in a table on which no check at all was evaluated (a list
  without a total: 债券 issues, project lists, 政府采购 lines, a single column of key items);
* ``其中 part`` — an amount on a 其中 row (a part of its parent, never the whole of it);
* ``绩效 form`` — an amount in a performance table (targets, self-evaluation);
* ``amount in a checked table`` — the rest: rows no found rule reaches (non-adjacent sums,
  rounded single columns, lone children with one column …).

Also by table kind.  Flagged values are counted apart (``flagged``).
"""
from __future__ import annotations

from collections import Counter

from fiscaldoc.model import Document
from fiscaldoc.postprocess.checks_ratio import ratio_names

CLASSES = ("percent, base not printed", "percent, other", "table with no check", "其中 part",
           "绩效 form", "amount in a checked table", "flagged")


def _base_not_printed(key: str) -> bool:
    names = ratio_names(key.split("#")[0])
    return names is not None and names[1].startswith("上年")


def unverified(doc: Document) -> tuple[Counter[str], Counter[str]]:
    """(count per class, count per table kind) of the numbers not verified or corrected."""
    by_class: Counter[str] = Counter()
    by_kind: Counter[str] = Counter()
    for t in doc.tables:
        checked = bool(t.checks)
        for rec in t.records:
            part = "".join(rec.subject.name.split()).startswith("其中")
            for key, v in rec.values.items():
                if v.number is None or v.status in ("verified", "corrected"):
                    continue
                if v.status == "flagged":
                    cls = "flagged"
                elif v.kind == "percent":
                    cls = "percent, base not printed" if _base_not_printed(key) else "percent, other"
                elif not checked:
                    cls = "table with no check"
                elif part:
                    cls = "其中 part"
                elif "performance" in t.kind:
                    cls = "绩效 form"
                else:
                    cls = "amount in a checked table"
                by_class[cls] += 1
                by_kind[t.kind] += 1
    return by_class, by_kind


def report(rows: list[tuple[str, Counter[str], int]]) -> list[str]:
    """Markdown lines: per document, its unverified numbers by class (and share of its numbers)."""
    head = "| document | not verified | " + " | ".join(CLASSES) + " |"
    lines = ["", "Numbers not verified, by reason (`benchmarks/realdocs_unverified.py`):", "",
             head, "|---" * (len(CLASSES) + 2) + "|"]
    total: Counter[str] = Counter()
    for name, counts, _amounts in rows:
        total.update(counts)
        lines.append(f"| {name} | {sum(counts.values())} | "
                     + " | ".join(str(counts.get(c, 0)) for c in CLASSES) + " |")
    lines.append(f"| **all** | {sum(total.values())} | "
                 + " | ".join(str(total.get(c, 0)) for c in CLASSES) + " |")
    return lines
