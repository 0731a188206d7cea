"""Scanned benchmark: the truth corpus rasterised, degraded, and read back from image-only PDFs.

Every truth document (``tests/data/truth``) is rendered in the ``grid`` look (the first
``--hrules-docs`` documents also in ``hrules``); its table pages (not the cover) are rasterised
at each dpi, degraded per profile (``benchmarks/corpus/degrade.py``) and written as an
image-only PDF.  In the same run, on the same pixels and with the same OCR engine:

* ``fiscaldoc``: ``fiscaldoc.extract(pdf, Config(ocr=OcrConfig(engine=E), render=RenderConfig(dpi)))``;
* ``img2table`` (``--peers img2table``): ``Image(png).extract_tables(ocr=adapter)`` per page,
  the adapter calling the fiscaldoc engine's ``recognize_page``.

Per truth table: exact structure (same n_rows, n_cols and every cell's position and spans),
cell text exact (tool cell with the same top-left position and the same normalised text),
numeric cells exact (truth amounts, tool text parsed as Decimal; fiscaldoc's text before any
arithmetic correction), TEDS and structure-only TEDS.  A tool table is matched to a truth
table on the truth table's first page (largest unused table there; a table continued on the
next page is concatenated, its repeated header rows dropped).  Seconds are wall time per page
in one process, engines loaded beforehand.

    python -m benchmarks.scanned --quick
    python -m benchmarks.scanned --dpi 150,200,300 --profiles clean,medium --engines rapid \
        --peers img2table --out benchmarks/results/scanned.md
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from fiscaldoc.text import normalize_text

from .corpus.degrade import PROFILES, degrade, scanned_pdf
from .corpus.render import render_pdf
from fiscaldoc.bench.img2table_ocr import headless_sauvola, img2table_ocr
from fiscaldoc.evaluate.teds import teds, teds_struct

ROOT = Path(__file__).resolve().parent.parent
TRUTH = ROOT / "tests" / "data" / "truth"


# ---- scoring ------------------------------------------------------------------------------

def truth_amount(text: str) -> Decimal | None:
    """Decimal of a truth amount cell ("1,706.28", "0.00"); None for other cells."""
    return parse_amount(text) if "." in text else None


def parse_amount(text: str) -> Decimal | None:
    """A tool's cell text as a Decimal: separators and spaces dropped, full-width folded."""
    t = "".join(text.split()).replace(",", "").replace("，", "").replace("．", ".")
    t = t.translate({0xFF10 + i: str(i) for i in range(10)} | {0xFF0D: "-"})
    try:
        return Decimal(t)
    except InvalidOperation:
        return None


@dataclass
class Cand:
    """A tool's table: cells as dicts (row, col, row_span, col_span, text)."""
    cells: list[dict]
    n_rows: int
    n_cols: int
    pages: tuple[int, ...]


def _concat(parts: list[Cand], header_rows: int) -> Cand:
    """Parts of one table in page order; later parts lose their first ``header_rows`` rows
    when the part alone spans one page (a repeated header)."""
    cells, rows = [dict(c) for c in parts[0].cells], parts[0].n_rows
    for part in parts[1:]:
        drop = header_rows if len(part.pages) == 1 else 0
        for c in part.cells:
            if c["row"] >= drop:
                cells.append({**c, "row": c["row"] - drop + rows})
        rows += part.n_rows - drop
    return Cand(cells, rows, max(p.n_cols for p in parts), tuple(q for p in parts for q in p.pages))


def score_table(truth: dict, got: Cand | None) -> dict:
    """Scores of one truth table against the tool's table (None: not found)."""
    tcells = truth["cells"]
    amounts = [(c, truth_amount(c["text"])) for c in tcells]
    amounts = [(c, v) for c, v in amounts if v is not None]
    s = {"tables": 1, "exact": 0, "cells": len(tcells), "cells_ok": 0, "nums": len(amounts),
         "nums_ok": 0, "teds": 0.0, "teds_struct": 0.0}
    if got is None:
        return s
    at = {(c["row"], c["col"]): c for c in got.cells}
    for c in tcells:
        g = at.get((c["row"], c["col"]))
        if g is not None and normalize_text(g["text"]) == normalize_text(c["text"]):
            s["cells_ok"] += 1
    for c, v in amounts:
        g = at.get((c["row"], c["col"]))
        if g is not None and parse_amount(g["text"]) == v:
            s["nums_ok"] += 1
    shape = lambda cells: sorted((c["row"], c["col"], c["row_span"], c["col_span"]) for c in cells)
    s["exact"] = int(got.n_rows == truth["n_rows"] and got.n_cols == truth["n_cols"]
                     and shape(got.cells) == shape(tcells))
    s["teds"] = teds(tcells, got.cells, n_rows_a=truth["n_rows"], n_rows_b=got.n_rows)
    s["teds_struct"] = teds_struct(tcells, got.cells, n_rows_a=truth["n_rows"], n_rows_b=got.n_rows)
    return s


def match_and_score(truths: list[dict], pages: list[list[int]], cands: list[Cand]) -> list[dict]:
    """Score every truth table (``pages``: its pages in the tool's PDF) against the tools'
    tables, each tool table used once."""
    return [score_table(t, got) for t, got in zip(truths, match(truths, pages, cands))]


def match(truths: list[dict], pages: list[list[int]], cands: list[Cand]) -> list[Cand | None]:
    """The tool's table for every truth table (``pages``: its pages in the tool's PDF), each
    tool table used once; parts on following pages concatenated; None: not found."""
    used: set[int] = set()
    out: list[Cand | None] = []
    for truth, tpages in zip(truths, pages):
        parts: list[Cand] = []
        covered: set[int] = set()
        for p in tpages:
            if p in covered:
                continue
            free = [k for k, c in enumerate(cands) if k not in used and c.pages and c.pages[0] == p]
            if free:
                # a table continued from the page before is the first one on its page
                k = free[0] if parts else max(free, key=lambda k: len(cands[k].cells))
                used.add(k)
                parts.append(cands[k])
                covered.update(cands[k].pages)
        out.append(_concat(parts, truth["header_rows"]) if parts else None)
    return out


# ---- tools --------------------------------------------------------------------------------

def _fiscaldoc_cands(doc) -> list[Cand]:
    """fiscaldoc's tables as candidates: ``text`` as read (before any correction), ``after``
    the text after correction, ``status`` the value's status where the cell holds one."""
    out = []
    for t in doc.tables:
        before = {tuple(c.cell): c.before for c in t.corrections}
        after = {tuple(c.cell): c.after for c in t.corrections}
        index = {col.key: col.index for col in t.columns}
        status = {(r.row, index[k]): v.status for r in t.records for k, v in r.values.items()
                  if k in index}
        cells = [{"row": c.row, "col": c.col, "row_span": c.row_span, "col_span": c.col_span,
                  "text": before.get((c.row, c.col), c.text), "after": after.get((c.row, c.col), c.text),
                  "status": status.get((c.row, c.col), "")} for c in t.cells]
        out.append(Cand(cells, t.n_rows, t.n_cols, tuple(t.pages)))
    return out


def run_fiscaldoc(pdf: Path, engine: str, dpi: int) -> tuple[list[Cand], float, list[str]]:
    import fiscaldoc
    from fiscaldoc.config import Config, OcrConfig, RenderConfig

    cfg = Config(ocr=OcrConfig(engine=engine), render=RenderConfig(dpi=dpi))
    t0 = time.perf_counter()
    try:
        doc = fiscaldoc.extract(pdf, cfg)
    except Exception as exc:  # the benchmark reports a failing tool instead of stopping
        return [], time.perf_counter() - t0, [f"{type(exc).__name__}: {exc}"]
    dt = time.perf_counter() - t0
    notes = sorted({i.code for i in doc.issues} | {i.code for p in doc.pages for i in p.issues})
    return _fiscaldoc_cands(doc), dt, notes


def img2table_cand(table, page: int) -> Cand:
    """An img2table ExtractedTable as cells with spans (a merged cell is one TableCell object
    repeated over the grid positions it covers)."""
    where: dict[tuple, list[tuple[int, int]]] = {}
    text: dict[tuple, str] = {}
    n_rows, n_cols = len(table.content), 0
    for r, row in enumerate(table.content.values()):
        n_cols = max(n_cols, len(row))
        for c, cell in enumerate(row):
            key = (cell.bbox.x1, cell.bbox.y1, cell.bbox.x2, cell.bbox.y2)
            where.setdefault(key, []).append((r, c))
            text[key] = cell.value or ""
    cells = []
    for key, pos in where.items():
        rows, cols = [p[0] for p in pos], [p[1] for p in pos]
        cells.append({"row": min(rows), "col": min(cols), "row_span": max(rows) - min(rows) + 1,
                      "col_span": max(cols) - min(cols) + 1, "text": text[key]})
    return Cand(cells, n_rows, n_cols, (page,))


def run_img2table(images: list[np.ndarray], engine, borderless: bool
                  ) -> tuple[list[Cand], float, list[str]]:
    from img2table.document import Image

    headless_sauvola()
    ocr = img2table_ocr(engine)
    cands, notes, dt = [], [], 0.0
    for page, img in enumerate(images):
        buf = cv2.imencode(".png", img, [cv2.IMWRITE_PNG_COMPRESSION, 1])[1]
        t0 = time.perf_counter()
        try:
            tables = Image(buf.tobytes(), detect_rotation=True).extract_tables(
                ocr=ocr, borderless_tables=borderless)
        except Exception as exc:  # reported, not fatal
            tables = []
            notes.append(f"{type(exc).__name__}: {exc}")
        dt += time.perf_counter() - t0
        cands.extend(img2table_cand(t, page) for t in tables)
    return cands, dt, notes


# ---- the run ------------------------------------------------------------------------------

@dataclass
class Case:
    """One rendered truth document: its table pages and the tables drawn on them."""
    stem: str
    look: str
    pdf: Path
    pages: list[int]                 # page indices in the rendered PDF, in order
    truths: list[dict]
    truth_pages: list[list[int]]     # per truth table, indices into ``pages``
    seed: int = 0


def make_cases(tmp: Path, docs: int | None, hrules_docs: int, limit_pages: int | None,
               looks: tuple[str, ...] = ("grid", "hrules")) -> list[Case]:
    cases = []
    paths = sorted(TRUTH.glob("*.json"))[:docs]
    for d, path in enumerate(paths):
        doc = json.loads(path.read_text(encoding="utf-8"))
        for look in looks:
            if look == "hrules" and d >= hrules_docs:
                continue
            pdf = tmp / f"{path.stem}_{look}.pdf"
            manifest = render_pdf(doc, pdf, look)
            truths, tpages, pages = [], [], []
            for truth, entry in zip(doc["tables"], manifest["tables"]):
                if limit_pages and len(set(pages) | set(entry["pages"])) > limit_pages:
                    break
                truths.append(truth)
                tpages.append(entry["pages"])
                pages = sorted(set(pages) | set(entry["pages"]))
            index = {p: i for i, p in enumerate(pages)}
            cases.append(Case(path.stem, look, pdf, pages, truths,
                              [[index[p] for p in tp] for tp in tpages], seed=100 * d))
    return cases


def rasterize(pdf: Path, pages: list[int], dpi: int) -> list[np.ndarray]:
    import pymupdf

    out = []
    with pymupdf.open(pdf) as doc:
        for p in pages:
            pix = doc[p].get_pixmap(dpi=dpi, alpha=False)
            rgb = np.frombuffer(pix.samples, np.uint8).reshape(pix.h, pix.w, pix.n)
            out.append(cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))
    return out


@dataclass
class Tally:
    pages: int = 0
    seconds: float = 0.0
    scores: dict[str, float] = field(default_factory=dict)
    notes: set[str] = field(default_factory=set)

    def add(self, scores: list[dict], pages: int, seconds: float, notes: list[str]) -> None:
        self.pages += pages
        self.seconds += seconds
        for s in scores:
            for k, v in s.items():
                self.scores[k] = self.scores.get(k, 0) + v
        self.notes.update(n[:160] for n in notes)


def _pct(a: float, b: float) -> str:
    return f"{100 * a / b:.1f}" if b else "–"


def report(tallies: dict[tuple, Tally], cases: list[Case], args, runtime: float) -> str:
    truths = [t for c in cases for t in c.truths]
    cells = sum(len(t["cells"]) for t in truths)
    nums = sum(1 for t in truths for x in t["cells"] if truth_amount(x["text"]))
    prof = "; ".join(f"`{p}` = " + (", ".join(f"{n}({', '.join(f'{k}={v}' for k, v in kw.items())})"
                                            for n, kw in PROFILES[p]) or "none") for p in args.profiles)
    lines = [
        "# Scanned benchmark", "",
        f"Corpus per (profile, dpi): {len({c.stem for c in cases})} truth documents rendered as "
        f"{len(cases)} PDFs ({', '.join(sorted({c.look for c in cases}))} looks), "
        f"{sum(len(c.pages) for c in cases)} table pages (covers left out), {len(truths)} tables, "
        f"{cells} truth cells of which {nums} amounts.  Pages are rasterised, degraded "
        "(benchmarks/corpus/degrade.py) and written as image-only PDFs; every tool sees the same "
        "pixels and uses the same OCR engine.", "", "Profiles: " + prof, "",
        "Columns: exact structure = tables whose rows, columns and spans all equal the truth; "
        "cell text / numeric = truth cells (amount cells) read exactly at their position "
        "(numbers compared as Decimal, fiscaldoc before arithmetic correction); TEDS = mean "
        "tree-edit-distance similarity (benchmarks/teds.py), TEDS-S = structure only; s/page = "
        f"wall seconds per page, one process, {os.cpu_count()} cores (load average at the end "
        f"of the run: {os.getloadavg()[0]:.1f}).  img2table {_version('img2table')}: one PNG per "
        "page, `detect_rotation=True`, `borderless_tables` on the hrules look, words from the "
        "engine's `recognize_page`; OCR spaces inside letter-spaced digits (\"3 1\") count as "
        "wrong text but not as wrong numbers.", "",
        "| profile | dpi | tool | engine | exact structure % | cell text exact % | numeric exact % "
        "| TEDS | TEDS-S | s/page |", "|---|---|---|---|---|---|---|---|---|---|"]
    for (profile, dpi, tool, engine), t in tallies.items():
        s, n = t.scores, t.scores.get("tables", 0)
        lines.append(
            f"| {profile} | {dpi} | {tool} | {engine} | {_pct(s.get('exact', 0), n)} | "
            f"{_pct(s.get('cells_ok', 0), s.get('cells', 0))} | "
            f"{_pct(s.get('nums_ok', 0), s.get('nums', 0))} | {s.get('teds', 0) / max(n, 1):.3f} | "
            f"{s.get('teds_struct', 0) / max(n, 1):.3f} | {t.seconds / max(t.pages, 1):.2f} |")
    notes = sorted({(key[2], key[3], n) for key, t in tallies.items() for n in t.notes})
    if notes:
        lines += ["", "Issues and errors reported by the tools:"]
        lines += [f"- {tool} / {engine}: {n}" for tool, engine, n in notes]
    lines += ["", f"Command: `python -m benchmarks.scanned {' '.join(args.argv)}`; "
              f"runtime {runtime / 60:.1f} min."]
    return "\n".join(lines)


def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "(not installed)"


def run_case(case: Case, dpi: int, profile: str, tools: list[str], engines: dict, tmp: Path,
             tallies: dict[tuple, Tally], warm: set) -> None:
    """Degrade one rendered document, run every tool and engine on it, add the scores."""
    images = [degrade(img, profile, dpi=dpi, seed=case.seed + k)
              for k, img in enumerate(rasterize(case.pdf, case.pages, dpi))]
    pdf = scanned_pdf(images, tmp / f"scan_{case.stem}_{case.look}.pdf", dpi)
    for tool in tools:
        for name, engine in engines.items():
            if tool == "fiscaldoc":
                if (name, dpi) not in warm:      # the first call builds the pipeline's engine
                    run_fiscaldoc(scanned_pdf(images[:1], tmp / "warm.pdf", dpi), name, dpi)
                    warm.add((name, dpi))
                cands, dt, notes = run_fiscaldoc(pdf, name, dpi)
            else:
                cands, dt, notes = run_img2table(images, engine, borderless=case.look != "grid")
            scores = match_and_score(case.truths, case.truth_pages, cands)
            tallies.setdefault((profile, dpi, tool, name), Tally()).add(scores, len(images), dt, notes)
            print(f"{case.stem} {case.look} {profile} {dpi} {tool} {name}: "
                  f"{sum(s['cells_ok'] for s in scores)}/{sum(s['cells'] for s in scores)} cells, "
                  f"{dt:.1f} s", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dpi", default="150,200,300")
    ap.add_argument("--profiles", default=",".join(PROFILES))
    ap.add_argument("--engines", default="rapid")
    ap.add_argument("--peers", default="", help="comma list: img2table")
    ap.add_argument("--no-fiscaldoc", action="store_true", help="run the peers only")
    ap.add_argument("--docs", type=int, default=None, help="first N truth documents")
    ap.add_argument("--hrules-docs", type=int, default=1, help="documents also run in hrules look")
    ap.add_argument("--limit-pages", type=int, default=None, help="table pages per document")
    ap.add_argument("--quick", action="store_true",
                    help="smoke test: 1 document, 2 pages, 200 dpi, clean+medium, img2table")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args(argv)
    args.argv = list(sys.argv[1:] if argv is None else argv)
    if args.quick:
        args.dpi, args.profiles, args.docs, args.hrules_docs = "200", "clean,medium", 1, 0
        args.limit_pages, args.peers = args.limit_pages or 2, args.peers or "img2table"
    dpis = [int(x) for x in args.dpi.split(",") if x]
    args.profiles = [x for x in args.profiles.split(",") if x]
    tools = ([] if args.no_fiscaldoc else ["fiscaldoc"]) + [x for x in args.peers.split(",") if x]
    if set(args.profiles) - set(PROFILES) or set(tools) - {"fiscaldoc", "img2table"}:
        ap.error(f"profiles: {sorted(PROFILES)}; peers: img2table")
    if "img2table" in tools and importlib.util.find_spec("img2table") is None:
        ap.error("img2table is not installed: pip install --no-deps img2table==2.0.0 "
                 "beautifulsoup4 soupsieve xlsxwriter (its opencv-contrib pin would add a "
                 "second OpenCV)")
    from fiscaldoc.ocr import get_engine

    started = time.perf_counter()
    blank = np.full((64, 256, 3), 255, np.uint8)
    cv2.putText(blank, "123.45", (10, 45), cv2.FONT_HERSHEY_SIMPLEX, 1.2, (0, 0, 0), 2)
    engines = {e: get_engine(e) for e in args.engines.split(",") if e}
    for engine in engines.values():          # load models before anything is timed
        engine.recognize_page(blank)
    tallies: dict[tuple, Tally] = {}
    warm: set = set()
    with tempfile.TemporaryDirectory() as tmp:
        cases = make_cases(Path(tmp), args.docs, args.hrules_docs, args.limit_pages)
        runs = [(c, d, p) for c in cases for d in dpis for p in args.profiles]
        for k, (case, dpi, profile) in enumerate(runs, 1):
            run_case(case, dpi, profile, tools, engines, Path(tmp), tallies, warm)
            if args.out and k < len(runs):      # a stopped run still leaves its numbers
                write_report(args.out, report(_sorted(tallies, args.profiles), cases, args,
                                        time.perf_counter() - started)
                       + f"\n\nPARTIAL: {k} of {len(runs)} (document, dpi, profile) runs done.")
    text = report(_sorted(tallies, args.profiles), cases, args, time.perf_counter() - started)
    print(text)
    if args.out:
        write_report(args.out, text)
    return 0


def _sorted(tallies: dict[tuple, Tally], profiles: list[str]) -> dict[tuple, Tally]:
    order = {p: i for i, p in enumerate(profiles)}
    return dict(sorted(tallies.items(), key=lambda kv: (order[kv[0][0]],) + kv[0][1:]))


def write_report(path: Path, text: str) -> None:
    """Write a report (markdown) to ``path``, creating its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
