"""Render styles nobody tuned for: fiscaldoc and pdfplumber on randomised renderings.

Every truth document (``tests/data/truth``) is rendered in the style drawn from each seed
(``benchmarks.corpus.styles``); fiscaldoc and pdfplumber read the same pages in the same run.
Per seed: the style, tables with the exact grid, cells exact, amounts exact (fiscaldoc's
parsed numbers against the printed truth; pdfplumber's cells by text).

Seed sets, never mixed: ``--tune`` seeds are the ones a developer may look at while
changing the code; ``--holdout`` seeds are only run to report (notes and README name them);
``--looked`` seeds were a hold-out once and have since been looked at (reported, no longer
clean).

    python -m benchmarks.styles [--tune 1-12] [--looked 101-124] [--holdout 301-340]
                                [--peers pdfplumber] [--out benchmarks/results/styles.md]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from .corpus.styles import render_styled
from .digital import _truth_docs, run_fiscaldoc, run_pdfplumber


def seeds(text: str) -> list[int]:
    out: list[int] = []
    for part in text.split(","):
        if "-" in part:
            a, b = part.split("-")
            out += list(range(int(a), int(b) + 1))
        elif part:
            out.append(int(part))
    return out


def run_seed(seed: int, tmp: Path, peers: list[str]) -> dict:
    row = {"seed": seed, "style": "", "tables": 0, "exact": 0, "cells": 0, "right": 0,
           "numbers": 0, "numbers_right": 0, "seconds": 0.0, "pages": 0,
           "peer_right": dict.fromkeys(peers, 0), "misses": []}
    for stem, doc in _truth_docs():
        pdf = tmp / f"{stem}_s{seed}.pdf"
        manifest, truth = render_styled(doc, pdf, seed)
        row["style"] = manifest["style"]
        res = run_fiscaldoc(pdf, manifest, truth["tables"])
        row["tables"] += len(truth["tables"])
        for key in ("exact", "cells", "right", "numbers", "numbers_right", "seconds"):
            row[key] += res["exact_tables" if key == "exact" else key]
        row["pages"] += manifest["page_count"]
        if res["exact_tables"] < len(truth["tables"]):
            row["misses"].append(f"{stem[:3]}: {len(truth['tables']) - res['exact_tables']}")
        if "pdfplumber" in peers:
            row["peer_right"]["pdfplumber"] += run_pdfplumber(pdf, manifest, truth["tables"])["right"]
        pdf.unlink()
    return row


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:.1f}" if b else "–"


def table(name: str, rows: list[dict], peers: list[str]) -> list[str]:
    head = ("| seed | style | tables exact | cells exact % | amounts exact % | "
            + "".join(f"{p} cells % | " for p in peers) + "s/page |")
    lines = [f"### {name}", "", head, "|" + "---|" * (6 + len(peers))]
    tot = {"tables": 0, "exact": 0, "cells": 0, "right": 0, "numbers": 0, "numbers_right": 0,
           "seconds": 0.0, "pages": 0, "peer": dict.fromkeys(peers, 0)}
    for r in rows:
        lines.append(f"| {r['seed']} | {r['style']} | {r['exact']}/{r['tables']} | "
                     f"{_pct(r['right'], r['cells'])} | {_pct(r['numbers_right'], r['numbers'])} | "
                     + "".join(f"{_pct(r['peer_right'][p], r['cells'])} | " for p in peers)
                     + f"{r['seconds'] / max(1, r['pages']):.3f} |")
        for k in ("tables", "exact", "cells", "right", "numbers", "numbers_right", "seconds",
                  "pages"):
            tot[k] += r[k]
        for p in peers:
            tot["peer"][p] += r["peer_right"][p]
    lines.append(f"| **all** | {len(rows)} styles | {tot['exact']}/{tot['tables']} "
                 f"({_pct(tot['exact'], tot['tables'])} %) | {_pct(tot['right'], tot['cells'])} | "
                 f"{_pct(tot['numbers_right'], tot['numbers'])} | "
                 + "".join(f"{_pct(tot['peer'][p], tot['cells'])} | " for p in peers)
                 + f"{tot['seconds'] / max(1, tot['pages']):.3f} |")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tune", default="1-12")
    ap.add_argument("--looked", default="101-124")
    ap.add_argument("--holdout", default="301-340")
    ap.add_argument("--peers", default="pdfplumber")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args(argv)
    peers = [p for p in args.peers.split(",") if p]
    text = ["Randomised render styles (`python -m benchmarks.styles`): 4 truth documents "
            "per seed, 34 tables; fiscaldoc and pdfplumber on the same pages in the same run.", ""]
    with tempfile.TemporaryDirectory(prefix="fd-styles-") as tmp:
        for name, spec in (("tuning seeds", args.tune),
                           ("former held-out seeds, looked at", args.looked),
                           ("held-out seeds", args.holdout)):
            if not spec:
                continue
            rows = []
            for seed in seeds(spec):
                rows.append(run_seed(seed, Path(tmp), peers))
                print(f"seed {seed}: {rows[-1]['exact']}/{rows[-1]['tables']} "
                      f"{rows[-1]['misses']}", file=sys.stderr)
            text += table(f"{name} ({spec})", rows, peers) + [""]
    out = "\n".join(text)
    print(out)
    if args.out:
        args.out.write_text(out + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
