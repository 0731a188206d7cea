"""Archive commands: ``fiscaldoc query OUT "SQL"``, ``fiscaldoc export OUT --sqlite FILE`` and
``fiscaldoc subjects OUT [-o FILE.csv]``.  Each subcommand sets ``handler(args) -> int``."""
from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path
from typing import Any, Sequence

from .archive.query import ArchiveError


def add_parsers(sub: Any) -> None:
    q = sub.add_parser("query", help="run SQL (DuckDB) over the facts of an output folder")
    q.add_argument("out", type=Path, metavar="OUT", help="output folder of fiscaldoc convert")
    q.add_argument("sql", metavar="SQL", help='e.g. "SELECT count(*) FROM facts"')
    q.add_argument("--format", choices=("table", "csv"), default=None,
                   help="table on a terminal, CSV otherwise (default)")
    q.set_defaults(handler=_query)
    e = sub.add_parser("export", help="copy the facts of an output folder to SQLite")
    e.add_argument("out", type=Path, metavar="OUT")
    e.add_argument("--sqlite", type=Path, required=True, metavar="FILE")
    e.set_defaults(handler=_export)
    s = sub.add_parser("subjects", help="every subject code seen, with printed names by year")
    s.add_argument("out", type=Path, metavar="OUT")
    s.add_argument("-o", "--output", type=Path, metavar="FILE.csv",
                   help="write CSV here (default: stdout)")
    s.set_defaults(handler=_subjects)


def _fail(e: Exception) -> int:
    print(f"fiscaldoc: error: {e}", file=sys.stderr)
    return 1


def _query(args: argparse.Namespace) -> int:
    from .archive.query import run_query

    try:
        columns, rows = run_query(args.out, args.sql)
    except ArchiveError as e:
        return _fail(e)
    fmt = args.format or ("table" if sys.stdout.isatty() else "csv")
    if fmt == "table":
        _print_table(columns, rows)
    else:
        _write_csv(sys.stdout, columns, rows)
    return 0


def _export(args: argparse.Namespace) -> int:
    from .archive.query import export_sqlite

    try:
        n = export_sqlite(args.out, args.sqlite)
    except (ArchiveError, OSError) as e:
        return _fail(e)
    print(f"{n} facts written to {args.sqlite} (table facts)", file=sys.stderr)
    return 0


def _subjects(args: argparse.Namespace) -> int:
    from .archive.subjects import SUBJECT_COLUMNS, list_subjects
    from .export.atomic import write_text_atomic

    try:
        rows = list_subjects(args.out)
    except ArchiveError as e:
        return _fail(e)
    values = [[r[c] for c in SUBJECT_COLUMNS] for r in rows]
    if args.output:
        buf = io.StringIO()
        _write_csv(buf, SUBJECT_COLUMNS, values)
        write_text_atomic(args.output, "\ufeff" + buf.getvalue())
        print(f"{len(rows)} subject names written to {args.output}", file=sys.stderr)
    else:
        _write_csv(sys.stdout, SUBJECT_COLUMNS, values)
    return 0


def _write_csv(stream: Any, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    w = csv.writer(stream, lineterminator="\n")
    w.writerow(columns)
    w.writerows(["" if v is None else v for v in r] for r in rows)


def _print_table(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    t = Table(*columns)
    for r in rows:
        t.add_row(*("" if v is None else str(v) for v in r))
    Console().print(t)
