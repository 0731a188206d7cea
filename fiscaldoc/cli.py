"""Command line: ``fiscaldoc convert IN... -o OUT [--jobs N] [--password PW] [--config F]
[--engine NAME] [--force] [--executor local|ray [--address ADDR] [--pages-per-task N]]``, the archive commands of
``fiscaldoc.cli_archive`` (query, export, subjects) and ``fiscaldoc --version``.

Every input gets a folder ``OUT/<stem>/`` (see ``fiscaldoc.export.write_all``) and one summary
line on stdout; ``OUT/manifest.json`` and ``OUT/manifest.csv`` list every input, failures
included.  Exit status: 0 when every document is ok or partial, 1 when any failed, 2 for a
usage error.  With ``--jobs N`` inputs are converted in N spawned worker processes; a worker
that dies fails only the input it was working on.  A rerun skips every input whose
``OUT/<stem>/.done.json`` matches its content, the version and the configuration
(``fiscaldoc.archive.resume``; ``--force`` redoes them); facts go to ``OUT/facts/``.
"""
from __future__ import annotations

import argparse
import csv
import dataclasses
import json
import multiprocessing
import sys
import time
from collections import deque
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from . import __version__
from .archive import resume
from .archive.progress import Progress
from .archive.resume import file_sha256
from .config import Config
from .errors import ConfigError, EngineError, InputError
from .export.atomic import atomic_path, remove_stale_temporaries, write_text_atomic
from .model import Document, Issue

INPUT_SUFFIXES = frozenset({".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff"})
MANIFEST_FIELDS = ("path", "sha256", "status", "n_tables", "issues", "seconds", "output",
                   "n_pages", "n_numbers", "verified", "corrected", "flagged", "unchecked")
WORKER_CRASH = "WorkerCrashed"
FACTS_DIR = "facts"


@dataclass(frozen=True)
class Task:
    index: int
    path: str
    out: str                  # the input's output folder
    config: Config
    password: str | None


Worker = Callable[[str, str, Config, "str | None"], dict]


# --------------------------------------------------------------------------- entry point

def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:            # argparse: --help/--version exit 0, errors exit 2
        return e.code if isinstance(e.code, int) else 2
    if getattr(args, "handler", None):   # subcommands of cli_review and cli_archive
        return args.handler(args)
    if args.command != "convert":
        parser.print_usage(sys.stderr)
        return 2
    return _convert(args, parser)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="fiscaldoc", description="Tables from Chinese budget and "
                                "final-account disclosures (部门预算/决算公开).")
    p.add_argument("--version", action="version", version=f"fiscaldoc {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    c = sub.add_parser("convert", help="convert PDFs / images into JSON, CSV, XLSX, Markdown")
    c.add_argument("inputs", nargs="+", metavar="IN", help="files or directories (recursed)")
    c.add_argument("-o", "--out", required=True, type=Path, help="output directory")
    c.add_argument("--jobs", type=_positive_int, default=1, help="worker processes (default 1)")
    c.add_argument("--password", help="password for encrypted PDFs")
    c.add_argument("--config", type=Path, help="TOML configuration file")
    c.add_argument("--engine", help="OCR engine name (overrides the configuration)")
    c.add_argument("--force", action="store_true",
                   help="convert again inputs already done with the same content, version "
                        "and configuration (default: skip them)")
    c.add_argument("--executor", choices=("local", "ray"), default="local",
                   help="local worker processes (default) or Ray tasks, one per document")
    c.add_argument("--address", help="Ray cluster address (with --executor ray; default: "
                   "RAY_ADDRESS or a local instance)")
    c.add_argument("--pages-per-task", type=_positive_int, default=20, metavar="N",
                   help="with --executor ray: a document of more pages is read as page "
                        "ranges of N pages, one task each (default 20)")
    from .cli_archive import add_parsers as add_archive_parsers
    from .cli_review import add_parsers

    add_parsers(sub, c)
    add_archive_parsers(sub)
    return p


def _positive_int(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return n


def _convert(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    try:
        config = load_config(args.config, args.engine)
    except ConfigError as e:
        print(f"fiscaldoc: error: {e}", file=sys.stderr)
        return 2
    inputs = find_inputs(args.inputs)
    if not inputs:
        parser.print_usage(sys.stderr)
        print("fiscaldoc: error: no inputs found (looked for "
              f"{', '.join(sorted(INPUT_SUFFIXES))})", file=sys.stderr)
        return 2
    out = Path(args.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        print(f"fiscaldoc: error: cannot create {out}: {e}", file=sys.stderr)
        return 2
    folders = output_folders(inputs)
    tasks = [Task(i, str(p), str(out / f), config, args.password)
             for i, (p, f) in enumerate(zip(inputs, folders))]
    remove_stale_temporaries(out)
    remove_stale_temporaries(out / FACTS_DIR)
    results = {} if args.force else done_before(tasks, config)
    skipped = len(results)
    todo = [t for t in tasks if t.index not in results]

    def report(task: Task, result: dict) -> None:
        result["output"] = folders[task.index]
        results[task.index] = result
        progress.print(summary_line(result))
        progress.advance(result)

    with Progress(len(tasks), sys.stderr, skipped=skipped) as progress:
        if args.executor == "ray":
            try:
                run_on_ray(todo, report, args.address, args.jobs if args.jobs > 1 else None,
                           args.pages_per_task)
            except EngineError as e:
                print(f"fiscaldoc: error: {e}", file=sys.stderr)
                return 2
        elif args.jobs == 1:
            for t in todo:
                report(t, convert_one(t.path, t.out, t.config, t.password))
        else:
            run_parallel(todo, args.jobs, report)
    rows = [results[i] for i in range(len(tasks))]
    write_manifest(out, rows)
    if args.review:
        from .cli_review import review_outputs
        review_outputs(out, rows)
    failed = sum(r["status"] == "failed" for r in rows)
    print(f"fiscaldoc: {len(todo)} converted, {skipped} skipped (already converted with the "
          f"same content, version and configuration; --force redoes them), {failed} failed",
          file=sys.stderr)
    return 1 if failed else 0


def done_before(tasks: list[Task], config: Config) -> dict[int, dict]:
    """Manifest rows of the inputs an earlier run converted with the same key."""
    found = {}
    for t in tasks:
        row = resume.done_row(t.out, resume.run_key(resume.file_sha256(t.path), config))
        if row is not None:
            found[t.index] = {**row, "output": Path(t.out).name}
    return found


def run_on_ray(tasks: list[Task], report: Callable[[Task, dict], None], address: str | None,
               in_flight: int | None, pages_per_task: int | None = None) -> None:
    """``--executor ray``: extraction as Ray tasks, outputs written here as in a local run."""
    from .archive.executors import run_ray, with_sha

    def finish(doc: Document, t: Task, seconds: float) -> dict:
        doc = with_sha(doc, file_sha256(t.path))
        return write_outputs(doc, t.path, t.out, t.config, seconds)

    run_ray(tasks, report, finish, extract_document, address=address, in_flight=in_flight,
            crash_code=WORKER_CRASH, pages_per_task=pages_per_task)


def load_config(path: Path | None, engine: str | None) -> Config:
    """The configuration from ``--config`` (defaults without it), ``--engine`` applied; the
    subject dictionary it names is read once to check it."""
    config = Config.from_toml(path) if path else Config()
    if engine:
        config = dataclasses.replace(config, ocr=dataclasses.replace(config.ocr, engine=engine))
    if config.subjects.dictionary:   # a bad dictionary is a usage error, found before any work
        from .archive.dictionary import user_dictionary

        user_dictionary(config)       # and kept for this process
    return config


# --------------------------------------------------------------------------- inputs and folders

def find_inputs(args: list[str]) -> list[Path]:
    """Files as given (whatever their type: a bad one fails, visibly); directories recursed
    for supported suffixes.  A path that does not exist is kept, so it is reported as failed."""
    found: list[Path] = []
    seen: set[Path] = set()
    for a in args:
        p = Path(a)
        if p.is_dir():
            cands = sorted(q for q in p.rglob("*")
                           if q.is_file() and q.suffix.lower() in INPUT_SUFFIXES)
        else:
            cands = [p]
        for q in cands:
            key = q.resolve()
            if key not in seen:
                seen.add(key)
                found.append(q)
    return found


def output_folders(inputs: list[Path]) -> list[str]:
    """One folder name per input: its stem, with -2, -3 ... for repeated stems."""
    used: set[str] = set()
    names = []
    for p in inputs:
        base = p.stem or "input"
        name, n = base, 1
        while name.lower() in used:
            n += 1
            name = f"{base}-{n}"
        used.add(name.lower())
        names.append(name)
    return names


# --------------------------------------------------------------------------- one input

def convert_one(path: str, out: str, config: Config, password: str | None) -> dict:
    """Extract one input and write its folder; returns the manifest row (worker entry point)."""
    t0 = time.perf_counter()
    doc = extract_document(path, config, password)
    return write_outputs(doc, path, out, config, time.perf_counter() - t0)


def extract_document(path: str, config: Config, password: str | None) -> Document:
    """The input's Document; any failure gives a ``failed`` one."""
    try:
        from .pipeline import extract_many

        return next(iter(extract_many([path], config, password=password)))
    except Exception as e:   # batch boundary: an unexpected error fails this input only
        return failed_document(path, type(e).__name__, str(e), "pipeline", _page_of(e))


def write_outputs(doc: Document, path: str, out: str, config: Config, seconds: float) -> dict:
    """Write the input's folder and facts, then (when the document and every exporter
    succeeded) its done record, last."""
    t0 = time.perf_counter()
    folder = Path(out)
    resume.clear_done(folder)
    remove_stale_temporaries(folder)
    complete = False
    try:
        from .export import export_all

        exported = export_all(doc, folder,
                              facts=folder.parent / FACTS_DIR / f"{folder.name}.parquet")
        doc, complete = exported.document, not exported.failed
    except Exception as e:   # batch boundary: a full disk or unwritable folder fails this input
        doc = dataclasses.replace(doc, status="failed", issues=doc.issues + (
            Issue(type(e).__name__, "export", None, "error", f"{path}: {e}"),))
        _write_json_only(doc, folder)
    row = manifest_row(doc, path, seconds + time.perf_counter() - t0)
    if complete and doc.status != "failed":   # a failed exporter is tried again next run
        resume.mark_done(folder, resume.run_key(doc.sha256, config), row)
    return row


def _write_json_only(doc: Document, out: Path) -> None:
    """Best effort: record a failure in ``out/document.json``; the manifest has it anyway."""
    from .export.json import document_json

    try:
        write_text_atomic(out / "document.json", document_json(doc))
    except OSError:
        return


def _page_of(e: BaseException) -> int | None:
    return e.page if isinstance(e, InputError) else None


def failed_document(path: str, code: str, message: str, stage: str,
                    page: int | None = None) -> Document:
    """A ``failed`` Document for an input whose conversion raised or whose worker died."""
    return Document(source=str(path), sha256=file_sha256(path), status="failed",
                    issues=(Issue(code, stage, page, "error", message),),
                    run={"fiscaldoc": __version__})


def manifest_row(doc: Document, path: str, seconds: float) -> dict[str, Any]:
    counts = doc.value_counts()
    codes = list(dict.fromkeys(i.code for i in doc.all_issues()))
    return {"path": str(path), "sha256": doc.sha256, "status": doc.status,
            "n_tables": len(doc.tables), "issues": codes, "seconds": round(seconds, 3),
            "output": "", "n_pages": len(doc.pages), "n_numbers": counts["amounts"],
            "verified": counts["verified"], "corrected": counts["corrected"],
            "flagged": counts["flagged"], "unchecked": counts["unchecked"]}


def summary_line(r: dict[str, Any]) -> str:
    issues = ",".join(r["issues"]) or "-"
    return (f"{r['status']:<7} {r['path']}  tables={r['n_tables']} pages={r['n_pages']} "
            f"numbers={r['n_numbers']} verified={r['verified']} corrected={r['corrected']} "
            f"flagged={r['flagged']} unchecked={r.get('unchecked', 0)} issues={issues} {r['seconds']:.2f}s")


def write_manifest(out: Path, rows: list[dict[str, Any]]) -> None:
    write_text_atomic(out / "manifest.json", json.dumps(
        {"fiscaldoc": __version__, "inputs": rows}, ensure_ascii=False, indent=1))
    with atomic_path(out / "manifest.csv") as tmp, \
            open(tmp, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.DictWriter(f, fieldnames=MANIFEST_FIELDS)
        w.writeheader()
        for r in rows:
            w.writerow({**r, "issues": ";".join(r["issues"])})


# --------------------------------------------------------------------------- worker processes

def run_parallel(tasks: list[Task], jobs: int, report: Callable[[Task, dict], None],
                 worker: Worker = convert_one) -> None:
    """Run ``worker`` over ``tasks`` in ``jobs`` spawned processes, reporting each result as it
    arrives.  At most ``jobs`` tasks are in flight, so when a process dies only those are
    suspects; each suspect is re-run alone, and one that kills its process again is failed."""
    ctx = multiprocessing.get_context("spawn")
    queue = deque(tasks)
    while queue:
        suspects: list[Task] = []
        with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
            running: dict[Any, Task] = {}
            while queue or running:
                while queue and not suspects and len(running) < jobs:
                    t = queue.popleft()
                    running[pool.submit(worker, t.path, t.out, t.config, t.password)] = t
                if not running:
                    break
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for fut in done:
                    t = running.pop(fut)
                    try:
                        result = fut.result()
                    except BrokenProcessPool:
                        suspects.append(t)
                        continue
                    except Exception as e:   # the worker raised instead of returning a row
                        result = _failed_row(t, type(e).__name__, f"{t.path}: {e}")
                    report(t, result)
        for t in sorted(suspects, key=lambda t: t.index):
            report(t, _run_alone(t, worker) if len(suspects) > 1 else _crashed(t))


def _run_alone(t: Task, worker: Worker) -> dict:
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as p:
        try:
            return p.submit(worker, t.path, t.out, t.config, t.password).result()
        except BrokenProcessPool:
            return _crashed(t)
        except Exception as e:   # the worker raised instead of returning a row
            return _failed_row(t, type(e).__name__, f"{t.path}: {e}")


def _crashed(t: Task) -> dict:
    return _failed_row(t, WORKER_CRASH, f"{t.path}: the worker process died")


def _failed_row(t: Task, code: str, message: str) -> dict:
    doc = failed_document(t.path, code, message, "cli")
    _write_json_only(doc, Path(t.out))
    return manifest_row(doc, t.path, 0.0)


if __name__ == "__main__":
    raise SystemExit(main())
