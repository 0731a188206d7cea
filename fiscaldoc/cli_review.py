"""Subcommands ``fiscaldoc review`` and ``fiscaldoc eval``, and ``convert --review``.

``cli.py`` registers them with ``add_parsers(subparsers, convert_parser)``; each subcommand
sets ``handler`` on its arguments.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from .errors import FiscaldocError


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser],
                convert: argparse.ArgumentParser) -> None:
    convert.add_argument("--review", action="store_true",
                         help="also write review.html (page images with every cell's status)")
    r = sub.add_parser("review", help="write review.html for finished conversions")
    r.add_argument("folders", nargs="+", type=Path, metavar="OUT/NAME",
                   help="a conversion's output folder (holds document.json)")
    r.add_argument("--pdf", type=Path, help="the source file, where document.json's path "
                   "does not lead to it")
    r.add_argument("--dpi", type=int, default=110, help="page image resolution (default 110)")
    r.set_defaults(handler=_review)
    e = sub.add_parser("eval", help="score document.json files against gold ones")
    e.add_argument("gold", type=Path, help="gold document.json or a folder of them")
    e.add_argument("pred", type=Path, help="predicted document.json or a folder of them")
    e.add_argument("other", type=Path, nargs="?",
                   help="a second prediction: compare it with PRED on the same gold")
    e.add_argument("--json", action="store_true", help="print JSON instead of text")
    e.add_argument("--html", type=Path, help="also write an HTML report with plots")
    e.add_argument("--worst", type=int, default=10, help="how many worst tables to list")
    e.set_defaults(handler=_eval)
    b = sub.add_parser("bench", help="run fiscaldoc and peer extractors, score them on gold")
    b.add_argument("inputs", nargs="+", type=Path, metavar="IN", help="PDF files")
    b.add_argument("--gold", type=Path, required=True, help="gold document.json or a folder")
    b.add_argument("--tools", default="fiscaldoc,pdfplumber,camelot,pymupdf,img2table",
                   help="comma list (default: all)")
    b.add_argument("--out", type=Path, help="write bench.md, bench.json and bench.png here")
    b.add_argument("--config", type=Path, help="TOML configuration file for fiscaldoc")
    b.add_argument("--engine", help="OCR engine (fiscaldoc, and img2table on scans)")
    b.set_defaults(handler=_bench)


def review_outputs(out: Path, rows: list[dict[str, Any]]) -> None:
    """``convert --review``: a review page in every output folder that was converted."""
    for row in rows:
        if row.get("status") != "failed" and row.get("output"):
            _write_one(out / row["output"], Path(row["path"]), 110)


def _write_one(folder: Path, pdf: Path | None, dpi: int) -> Path:
    from .model import Document
    from .review import write_review

    data = json.loads((folder / "document.json").read_text(encoding="utf-8"))
    return write_review(Document.from_dict(data), folder, pdf=pdf, dpi=dpi)


def _review(args: argparse.Namespace) -> int:
    status = 0
    for folder in args.folders:
        try:
            page = _write_one(folder, args.pdf, args.dpi)
        except (OSError, ValueError, TypeError, FiscaldocError) as e:
            print(f"fiscaldoc: error: {folder}: {e}", file=sys.stderr)
            status = 1
            continue
        print(page)
    return status


def _eval(args: argparse.Namespace) -> int:
    from .evaluate import evaluate
    from .evaluate.report import compare, json_report, text_compare, text_report

    try:
        ev = evaluate(args.gold, args.pred)
        other = evaluate(args.gold, args.other) if args.other else None
    except FiscaldocError as e:
        print(f"fiscaldoc: error: {e}", file=sys.stderr)
        return 2
    if args.json:
        data = json_report(ev, args.worst)
        if other is not None:
            data = {"a": data, "b": json_report(other, args.worst), "compare": compare(ev, other)}
        print(json.dumps(data, ensure_ascii=False, indent=1))
    else:
        print(text_report(ev, args.worst))
        if other is not None:
            print("\n" + text_compare(compare(ev, other)))
    if args.html:
        from .evaluate.html import write_html

        write_html(ev, args.html, other=other, worst=args.worst)
    return 0


def _bench(args: argparse.Namespace) -> int:
    from .bench.report import markdown, plot, rows
    from .bench.run import TOOLS, available, bench
    from .cli import load_config

    tools = [t for t in args.tools.split(",") if t]
    unknown = sorted(set(tools) - set(TOOLS))
    if unknown:
        print(f"fiscaldoc: error: unknown tools {unknown}; known: {', '.join(TOOLS)}",
              file=sys.stderr)
        return 2
    for tool in [t for t in tools if not available(t)]:
        print(f"fiscaldoc: {tool} is not installed (pip install 'fiscaldoc[bench]'); left out",
              file=sys.stderr)
        tools.remove(tool)
    try:
        result = bench(args.inputs, args.gold, tools, load_config(args.config, args.engine))
    except FiscaldocError as e:
        print(f"fiscaldoc: error: {e}", file=sys.stderr)
        return 2
    text = markdown(result)
    print(text)
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "bench.md").write_text(text + "\n", encoding="utf-8")
        (args.out / "bench.json").write_text(json.dumps(rows(result), ensure_ascii=False,
                                                        indent=1), encoding="utf-8")
        plot(result, args.out / "bench.png")
    return 0
