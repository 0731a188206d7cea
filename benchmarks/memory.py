"""Memory benchmark: peak resident memory of fiscaldoc and img2table reading the same scanned
pages, each run in a fresh process.

The corpus is the scanned benchmark's (``benchmarks/scanned.py``: truth documents rendered,
rasterised, degraded with one profile, written as image-only PDFs).  For every tool setting
and every document, a child process (``spawn``: nothing inherited) builds the OCR engine,
reads a one-page warm-up, notes its resident memory ("loaded": libraries and models), reads
the document, and reports its peak resident memory (``ru_maxrss``) with the wall and CPU
seconds of the document.  Settings: fiscaldoc with ``[ocr] workers`` = 1, 2, 3 (pages read
side by side) and, with ``--peers img2table``, img2table with the same engine (one PNG per page,
as in the scanned benchmark).  Linux only (``/proc/self/statm``).

    python -m benchmarks.memory --docs 2 --hrules-docs 1 --limit-pages 3 --peers img2table \
        --out benchmarks/results/memory.md
"""
from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import cv2

from .corpus.degrade import PROFILES, degrade, scanned_pdf
from .scanned import make_cases, rasterize, write_report

MB = 1024 * 1024


def rss_mb() -> float:
    """Resident memory of this process now, in MiB."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / MB


def peak_mb() -> float:
    """Peak resident memory of this process so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _read(tool: str, workers: int, doc: tuple[str, list[str], bool], dpi: int,
          engine_name: str, engine) -> None:
    pdf, pngs, borderless = doc
    if tool == "fiscaldoc":
        import fiscaldoc
        from fiscaldoc.config import Config, OcrConfig, RenderConfig

        fiscaldoc.extract(pdf, Config(ocr=OcrConfig(engine=engine_name, workers=workers),
                                      render=RenderConfig(dpi=dpi)))
    else:
        from .scanned import run_img2table

        run_img2table([cv2.imread(p) for p in pngs], engine, borderless=borderless)


def child(tool: str, workers: int, warm: tuple[str, list[str], bool],
          doc: tuple[str, list[str], bool], dpi: int, engine_name: str, out) -> None:
    """One measured run in a fresh process; puts a dict on ``out``."""
    try:
        from fiscaldoc.ocr import get_engine

        engine = get_engine(engine_name)
        _read(tool, workers, warm, dpi, engine_name, engine)
        loaded = rss_mb()
        t0, c0 = time.perf_counter(), time.process_time()
        _read(tool, workers, doc, dpi, engine_name, engine)
        out.put({"loaded": loaded, "peak": peak_mb(), "wall": time.perf_counter() - t0,
                 "cpu": time.process_time() - c0, "pages": len(doc[1])})
    except Exception as exc:  # reported in the table, not fatal to the benchmark
        out.put({"error": f"{type(exc).__name__}: {exc}"})


def measure(setting: tuple[str, int], warm, doc, dpi: int, engine: str) -> dict:
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    proc = ctx.Process(target=child, args=(*setting, warm, doc, dpi, engine, out))
    proc.start()
    result = out.get()
    proc.join()
    return result


def prepare(tmp: Path, args) -> list[tuple[str, list[str], bool]]:
    """The degraded documents: (image-only PDF, one PNG per page, unruled look) each."""
    docs = []
    for case in make_cases(tmp, args.docs, args.hrules_docs, args.limit_pages):
        images = [degrade(img, args.profile, dpi=args.dpi, seed=case.seed + k)
                  for k, img in enumerate(rasterize(case.pdf, case.pages, args.dpi))]
        stem = f"{case.stem}_{case.look}"
        pdf = scanned_pdf(images, tmp / f"scan_{stem}.pdf", args.dpi)
        pngs = []
        for k, img in enumerate(images):
            png = tmp / f"scan_{stem}_{k}.png"
            cv2.imwrite(str(png), img)
            pngs.append(str(png))
        docs.append((str(pdf), pngs, case.look != "grid"))
    return docs


def report(rows: dict[tuple[str, int], list[dict]], args) -> str:
    lines = [
        "# Memory benchmark", "",
        f"Each run is a fresh process on {os.cpu_count()} cores: engine built, one-page "
        "warm-up, then one document.  loaded = resident MiB after the warm-up (libraries, "
        "models); peak = peak resident MiB of the process (max over documents); s/page and "
        "CPU s/page of the documents.  Corpus: the scanned benchmark's documents, profile "
        f"`{args.profile}`, {args.dpi} dpi, engine `{args.engine}`.", "",
        "| tool | workers | documents | pages | loaded MiB | peak MiB | peak − loaded MiB "
        "| s/page | CPU s/page |", "|---|---|---|---|---|---|---|---|---|"]
    for (tool, workers), results in rows.items():
        ok = [r for r in results if "error" not in r]
        errors = sorted({r["error"][:160] for r in results if "error" in r})
        if not ok:
            lines.append(f"| {tool} | {workers or '–'} | 0 | 0 | – | – | – | – | – |")
        else:
            pages = sum(r["pages"] for r in ok)
            loaded = max(r["loaded"] for r in ok)
            peak = max(r["peak"] for r in ok)
            lines.append(
                f"| {tool} | {workers or '–'} | {len(ok)} | {pages} | {loaded:.0f} | {peak:.0f} | "
                f"{max(r['peak'] - r['loaded'] for r in ok):.0f} | "
                f"{sum(r['wall'] for r in ok) / pages:.2f} | {sum(r['cpu'] for r in ok) / pages:.2f} |")
        lines += [f"| {tool} error: {e} |" for e in errors]
    lines += ["", f"Command: `python -m benchmarks.memory {' '.join(args.argv)}`."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dpi", type=int, default=200)
    ap.add_argument("--profile", default="medium", choices=sorted(PROFILES))
    ap.add_argument("--engine", default="rapid")
    ap.add_argument("--workers", default="1,2,3", help="fiscaldoc settings to measure")
    ap.add_argument("--peers", default="", help="comma list: img2table")
    ap.add_argument("--docs", type=int, default=2)
    ap.add_argument("--hrules-docs", type=int, default=1)
    ap.add_argument("--limit-pages", type=int, default=3)
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args(argv)
    args.argv = list(sys.argv[1:] if argv is None else argv)
    settings = [("fiscaldoc", int(w)) for w in args.workers.split(",") if w]
    settings += [(p, 0) for p in args.peers.split(",") if p]
    if any(t not in ("fiscaldoc", "img2table") for t, _ in settings):
        ap.error("peers: img2table")
    rows: dict[tuple[str, int], list[dict]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        docs = prepare(Path(tmp), args)
        warm = scanned_pdf([cv2.imread(docs[0][1][0])], Path(tmp) / "warm.pdf", args.dpi)
        warm_doc = (str(warm), docs[0][1][:1], docs[0][2])
        for doc in docs:
            for setting in settings:
                result = measure(setting, warm_doc, doc, args.dpi, args.engine)
                rows.setdefault(setting, []).append(result)
                print(setting, Path(doc[0]).name, result, file=sys.stderr, flush=True)
    text = report(rows, args)
    print(text)
    if args.out:
        write_report(args.out, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
