"""Real disclosures benchmark: every document of ``../shared/realdocs`` as a new user meets it.

There is no truth for these documents; what a user can check without one (issue 11):

* status of every document (0 failed) and crashes of any step (issues ``*-failed``);
* tables found, the share with a known kind, and — where ``benchmarks/realdocs_labels/
  kinds.tsv`` labels a table by hand — the share whose kind is right;
* on born-digital pages, the share of the text layer's amounts found in some table cell
  (``benchmarks.realdocs_found.amounts_found``);
* the share of amounts verified, corrected, flagged and unchecked by the checks (published,
  audited figures: a flag is most often ours);
* seconds per page.

    python -m benchmarks.realdocs [--dir ../shared/realdocs] [--scans] [--only NAME,...]
                                  [--out benchmarks/results/realdocs.md]

``--scans`` adds the image-only documents (the 210-page 济南 scan takes minutes).
"""
from __future__ import annotations

import argparse
import csv
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REALDOCS = ROOT.parent / "shared" / "realdocs"
FAILED_CODES = ("page-failed", "join-failed", "table-failed", "verify-failed", "check-failed",
                "export-failed")


@dataclass
class Row:
    name: str
    scan: bool
    status: str = ""
    pages: int = 0
    seconds: float = 0.0
    tables: int = 0
    known: int = 0
    labelled: int = 0
    kind_right: int = 0
    found: int = 0
    text_amounts: int = 0
    counts: dict = field(default_factory=dict)
    crashes: list = field(default_factory=list)
    missing: list = field(default_factory=list)
    wrong_kinds: list = field(default_factory=list)
    unverified: dict = field(default_factory=dict)
    unverified_kinds: dict = field(default_factory=dict)


def _sources(folder: Path) -> dict[str, dict]:
    path = folder / "SOURCES.tsv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as f:
        return {r["file"]: r for r in csv.DictReader(f, delimiter="\t")}


def _labels() -> dict[str, dict[int, list[str]]]:
    """file -> first page (1-based) -> the labelled kinds of the tables starting there, in
    order (``benchmarks/realdocs_labels/kinds.tsv``)."""
    from .realdocs_kinds import LABELS as path, read_labels

    if not path.exists():
        return {}
    out: dict[str, dict[int, list[str]]] = {}
    for name, rows in read_labels(path).items():
        for page, _title, kind in rows:
            out.setdefault(name, {}).setdefault(page, []).append(kind)
    return out


def measure(pdf: Path, scan: bool, labels: dict) -> Row:
    import fiscaldoc

    row = Row(pdf.name, scan)
    t0 = time.perf_counter()
    doc = next(iter(fiscaldoc.extract_many([pdf])))
    row.seconds = time.perf_counter() - t0
    row.status, row.pages, row.tables = doc.status, len(doc.pages), len(doc.tables)
    row.known = sum(t.kind != "other" for t in doc.tables)
    row.counts = doc.value_counts()
    from .realdocs_unverified import unverified

    row.unverified, row.unverified_kinds = unverified(doc)
    row.crashes = [f"{i.code}: {i.message[:160]}" for i in doc.all_issues()
                   if i.code in FAILED_CODES or doc.status == "failed"]
    by_page = {p: list(kinds) for p, kinds in labels.get(pdf.name, {}).items()}
    for t in doc.tables:
        kinds = by_page.get(t.pages[0] + 1) if t.pages else None
        if not kinds:
            continue
        label = kinds.pop(0)
        row.labelled += 1
        if label == t.kind:
            row.kind_right += 1
        else:
            row.wrong_kinds.append(f"p{t.pages[0] + 1} {t.title[:30]!r}: {t.kind} (label {label})")
    if not scan and doc.status != "failed":
        try:
            from .realdocs_found import amounts_found
        except ImportError:
            return row
        row.found, row.text_amounts, row.missing = amounts_found(pdf, doc)
    return row


def _pct(a: float, b: float) -> str:
    return f"{100 * a / b:.1f}" if b else "–"


def report(rows: list[Row]) -> str:
    lines = ["| document | status | pages | s/page | tables | known kind % | kind right "
             "(labelled) | text amounts found % | amounts | verified % | corrected | flagged % "
             "| unchecked % | step crashes |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    tot = Row("all", False)
    for r in rows:
        c = r.counts or {}
        n = c.get("amounts", 0)
        lines.append(
            f"| {r.name} | {r.status} | {r.pages} | {r.seconds / max(1, r.pages):.3f} | "
            f"{r.tables} | {_pct(r.known, r.tables)} | {r.kind_right}/{r.labelled} | "
            f"{_pct(r.found, r.text_amounts) if not r.scan else 'scan'} | {n} | "
            f"{_pct(c.get('verified', 0), n)} | {c.get('corrected', 0)} | "
            f"{_pct(c.get('flagged', 0), n)} | {_pct(c.get('unchecked', 0), n)} | "
            f"{len(r.crashes)} |")
        tot.pages += r.pages
        tot.seconds += r.seconds
        tot.tables += r.tables
        tot.known += r.known
        tot.labelled += r.labelled
        tot.kind_right += r.kind_right
        tot.found += r.found
        tot.text_amounts += r.text_amounts
        for k, v in c.items():
            tot.counts[k] = tot.counts.get(k, 0) + v
    c, n = tot.counts, tot.counts.get("amounts", 0)
    failed = sum(r.status == "failed" for r in rows)
    crashes = sum(len(r.crashes) for r in rows)
    lines.append(
        f"| **all {len(rows)}** | {failed} failed | {tot.pages} | "
        f"{tot.seconds / max(1, tot.pages):.3f} | {tot.tables} | {_pct(tot.known, tot.tables)} | "
        f"{tot.kind_right}/{tot.labelled} | {_pct(tot.found, tot.text_amounts)} | {n} | "
        f"{_pct(c.get('verified', 0), n)} | {c.get('corrected', 0)} | "
        f"{_pct(c.get('flagged', 0), n)} | {_pct(c.get('unchecked', 0), n)} | {crashes} |")
    lines += ["", "Targets (issue 11): 0 failed, 0 step crashes; ≥ 99.9 % of text-layer amounts "
              "found; ≥ 95 % of tables with a known kind; ≥ 95 % of amounts verified; ≤ 0.5 % "
              "flagged."]
    from .realdocs_unverified import report as why_report

    lines += why_report([(r.name, r.unverified, (r.counts or {}).get("amounts", 0))
                         for r in rows])
    kinds: dict = {}
    for r in rows:
        for k, n in r.unverified_kinds.items():
            kinds[k] = kinds.get(k, 0) + n
    lines += ["", "Not verified, by table kind: " + "; ".join(
        f"{k} {n}" for k, n in sorted(kinds.items(), key=lambda kv: -kv[1])[:15])]
    details = []
    for r in rows:
        for what, items in (("step crashes", r.crashes), ("amounts not found", r.missing),
                            ("wrong kinds", r.wrong_kinds)):
            if items:
                details.append(f"- {r.name}, {what}: " + "; ".join(map(str, items[:6]))
                               + (f" … ({len(items)})" if len(items) > 6 else ""))
    if details:
        lines += ["", "Details:", *details]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", type=Path, default=REALDOCS)
    ap.add_argument("--scans", action="store_true", help="also the image-only documents")
    ap.add_argument("--only", default="", help="comma-separated file name parts")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args(argv)
    sources = _sources(args.dir)
    labels = _labels()
    rows = []
    for pdf in sorted(args.dir.glob("*.pdf")):
        scan = "NONE" in sources.get(pdf.name, {}).get("text_layer", "")
        if scan and not args.scans:
            continue
        if args.only and not any(part in pdf.name for part in args.only.split(",")):
            continue
        rows.append(measure(pdf, scan, labels))
        print(f"{pdf.name}: {rows[-1].status} {rows[-1].seconds:.1f}s", file=sys.stderr)
    text = report(rows)
    print(text)
    if args.out:
        args.out.write_text("# Real documents (`python -m benchmarks.realdocs`)\n\n" + text,
                            encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
