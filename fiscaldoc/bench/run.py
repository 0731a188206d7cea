"""Run fiscaldoc and its peers on the same files in one process and score them all alike.

Each tool reads every page of every input; its tables become a ``Document`` that
``fiscaldoc.evaluate`` scores against the gold documents.  Peers give one table per page, so
a gold table that runs over several pages is scored against the tool's table on its first
page with the tool's tables on the following pages appended (the largest unused table of each
page; its first rows dropped when they repeat the header rows).  Seconds are wall time per
page, models loaded beforehand.
"""
from __future__ import annotations

import dataclasses
import importlib.util
import time
from dataclasses import dataclass, field
from pathlib import Path

import pymupdf

from ..config import Config
from ..errors import EngineUnavailable
from ..evaluate import Evaluation, evaluate_documents, match_tables
from ..evaluate.run import load_documents, pair_documents
from ..model import Document, Table
from ..text import normalize_text
from .peers import PEERS

TOOLS = ("fiscaldoc",) + tuple(PEERS)


def available(tool: str) -> bool:
    """The tool's package is installed (each peer is imported under its own name)."""
    return tool == "fiscaldoc" or importlib.util.find_spec(tool) is not None


@dataclass
class ToolRun:
    tool: str
    docs: list[Document] = field(default_factory=list)
    seconds: float = 0.0
    pages: int = 0
    errors: list[str] = field(default_factory=list)


def _sha256(path: Path) -> str:
    from ..archive.resume import file_sha256

    return file_sha256(str(path))


def _pages(path: Path) -> int:
    with pymupdf.open(path) as d:
        n: int = d.page_count
    return n


def run_tool(tool: str, inputs: list[Path], config: Config) -> ToolRun:
    """One tool over every input; an input that makes the tool raise gives no tables."""
    run = ToolRun(tool)
    engine = None
    if tool == "img2table":
        from ..ocr import get_engine

        engine = get_engine(config.ocr.engine)
    for path in inputs:
        run.pages += _pages(path)
        t0 = time.perf_counter()
        try:
            if tool == "fiscaldoc":
                from .. import extract

                doc = dataclasses.replace(extract(path, config), source=str(path))
            else:
                tables = PEERS[tool](path, engine) if engine is not None else PEERS[tool](path)
                doc = Document(str(path), _sha256(path), "ok", tables=tuple(tables))
        except EngineUnavailable:
            raise
        except Exception as e:   # a peer's own failure is a result of the run, not a crash
            run.errors.append(f"{path.name}: {type(e).__name__}: {str(e)[:160]}")
            doc = Document(str(path), _sha256(path), "failed")
        run.seconds += time.perf_counter() - t0
        run.docs.append(doc)
    return run


def _rows(table: Table, start: int) -> list[str]:
    return [normalize_text(" ".join(c.text for c in sorted(table.cells, key=lambda c: c.col)
                                    if c.row == r)) for r in range(start)]


def _append(first: Table, part: Table, header_rows: int) -> Table:
    drop = header_rows if header_rows and _rows(part, header_rows) == _rows(first, header_rows) else 0
    cells = list(first.cells) + [dataclasses.replace(c, row=c.row - drop + first.n_rows)
                                 for c in part.cells if c.row >= drop]
    return dataclasses.replace(first, pages=first.pages + part.pages, cells=tuple(cells),
                               n_rows=first.n_rows + part.n_rows - drop,
                               n_cols=max(first.n_cols, part.n_cols))


def join_continued(gold: Document, pred: Document) -> Document:
    """``pred`` with the parts of each multi-page gold table joined (see module doc)."""
    matched = match_tables(gold.tables, pred.tables)
    used = {id(t) for t in matched if t is not None}
    consumed: set[int] = set()
    joined: dict[int, Table] = {}
    for g, m in zip(gold.tables, matched):
        if m is None or len(g.pages) < 2 or len(m.pages) > 1:
            continue
        whole = m
        for p in g.pages[1:]:
            free = [t for t in pred.tables if id(t) not in used and t.pages and t.pages[0] == p]
            if not free:
                break
            part = max(free, key=lambda t: t.bbox.area)
            used.add(id(part))
            consumed.add(id(part))
            whole = _append(whole, part, g.header_rows)
        joined[id(m)] = whole
    tables = tuple(joined.get(id(t), t) for t in pred.tables if id(t) not in consumed)
    return dataclasses.replace(pred, tables=tables)


@dataclass
class BenchResult:
    runs: dict[str, ToolRun]
    scores: dict[str, Evaluation]


def bench(inputs: list[Path], gold: Path, tools: list[str], config: Config) -> BenchResult:
    """Run ``tools`` on ``inputs`` and score each against the gold documents at ``gold``."""
    golds = [d for _, d in load_documents(gold)]
    runs, scores = {}, {}
    for tool in tools:
        run = run_tool(tool, inputs, config)
        runs[tool] = run
        preds = [join_continued(g, p) for g, p in pair_documents(golds, run.docs)
                 if p is not None]
        scores[tool] = evaluate_documents(golds, preds)
    return BenchResult(runs, scores)
