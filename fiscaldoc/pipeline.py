"""Composes the stages (the only module that imports them all).

Per page: text layer (words + rules) → grids → text lines around them → identity; then tables
continued across pages are joined, and each table gets its header, columns and records.
Document-level input problems raise typed errors; page-level problems become Issues and make
the document ``partial``; ``extract_many`` turns a failed input into a ``failed`` Document.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import time
from collections import Counter
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

from . import __version__
from .archive.dictionary import subjects_hook
from .archive.ranges import PagesRead, engine_info
from .config import Config
from .errors import FiscaldocError, InputError
from .io import OCR_ISSUES, open_document, read_page
from .layout.lines import group_lines, text_blocks
from .layout.segment import REGION_KINDS, margin_regions, with_regions
from .geometry import BBox, Segment
from .io.open import OpenedDocument
from .model import Block, DocStatus, Document, Issue, Line, Page, PageContent, Table, Word
from .ocr.base import OcrEngine
from .postprocess.isolate import mark_unchecked
from .postprocess.lost_points import flag_lost_points
from .tables.records import build_records
from .postprocess.verify import SubjectsHook, verify_document
from .reading.scanned import read_scanned_pages
from .tables.classify import classify_table
from .tables.grid import Grid, find_grids
from .tables.header import column_keys, detect_header_rows
from .tables.identity import Identity, identify
from .tables.join import continues, join
from .text import normalize_text

_T = TypeVar("_T")


@dataclass
class _Pending:
    page: int
    grid: Grid
    ident: Identity
    pages: list[int] = field(default_factory=list)
    words: tuple[Word, ...] = ()   # the words inside the grid (to re-cut a continued part)


def _config_hash(cfg: Config) -> str:
    data = asdict(cfg)
    if cfg.subjects.dictionary or not cfg.subjects.entries:   # the rows of the file it names
        data["subjects"].pop("entries")
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[:16]


def _report_kind(lines: list[str]) -> str | None:
    for t in lines[:40]:
        if "决算" in t:
            return "决算"
        if "预算" in t:
            return "预算"
    return None


def _page_tables(index: int, words: tuple[Word, ...], rules: tuple[Segment, ...],
                 report: str | None) -> tuple[list[_Pending], list[Block]]:
    grids = find_grids(words, rules)
    boxes = [g.bbox.expand(1) for g in grids]
    inside: list[list[Word]] = [[] for _ in grids]
    outside: list[Word] = []
    for w in words:
        k = next((k for k, b in enumerate(boxes) if b.contains_point(w.bbox.cx, w.bbox.cy)), None)
        (outside if k is None else inside[k]).append(w)
    lines = group_lines(outside)
    pending: list[_Pending] = []
    title_idx: set[int] = set()
    prev_bottom = -1.0
    for k, g in enumerate(grids):
        next_top = grids[k + 1].bbox.y0 if k + 1 < len(grids) else float("inf")
        above = [i for i, ln in enumerate(lines) if prev_bottom <= ln.bbox.cy <= g.bbox.y0]
        below = [ln.text for ln in lines if g.bbox.y1 <= ln.bbox.cy <= next_top]
        ident = identify([lines[i].text for i in above], below, report)
        if ident.title:
            title_idx.update(i for i in above if normalize_text(lines[i].text) in ident.title)
        pending.append(_Pending(index, g, ident, [index], tuple(inside[k])))
        prev_bottom = g.bbox.y1
    blocks = text_blocks(lines, title_idx)
    blocks += [Block("table", g.bbox) for g in grids]
    blocks.sort(key=lambda b: (b.bbox.y0, b.bbox.x0))
    return pending, blocks


def _finish(k: int, p: _Pending, report: str | None) -> Table:
    g = p.grid
    header_rows = detect_header_rows(g.cells, g.n_rows, g.header_rows)
    columns = column_keys(g.cells, g.n_cols, header_rows)
    # the kind again, now from the title, the header and the rows together
    ident = replace(p.ident, kind=classify_table(p.ident.title, g.cells, header_rows, report))
    records = build_records(g.cells, g.n_rows, g.n_cols, header_rows, columns, ident.unit,
                            ident.kind)
    return Table(id=f"t{k + 1:02d}", pages=tuple(p.pages), bbox=g.bbox.rounded(),
                 title=ident.title, kind=ident.kind, n_rows=g.n_rows, n_cols=g.n_cols,
                 header_rows=header_rows, cells=g.cells, number=ident.number, unit=ident.unit,
                 department=ident.department, year=ident.year, columns=columns,
                 records=records, notes=ident.equations)


def _bare_table(k: int, p: _Pending) -> Table:
    """A table whose header or records could not be built: its cells as found, no records."""
    g, ident = p.grid, p.ident
    return Table(id=f"t{k + 1:02d}", pages=tuple(p.pages), bbox=g.bbox.rounded(),
                 title=ident.title, kind=ident.kind, n_rows=g.n_rows, n_cols=g.n_cols,
                 header_rows=0, cells=g.cells, number=ident.number, unit=ident.unit,
                 department=ident.department, year=ident.year, notes=ident.equations)


def _failure(code: str, stage: str, page: int | None, where: str, e: Exception) -> Issue:
    """The Issue for an unexpected exception in one step (design §9): names the step's stage,
    the page (1-based in the text) and what it was working on."""
    at = f", page {page + 1}" if page is not None else ""
    return Issue(code, stage, page, "error", f"{where}{at}: {type(e).__name__}: {e}")


@dataclass
class _Run:
    """What the steps of one ``extract`` share: the open document, the config, the engines
    built so far, and the issues of steps that failed (they make the document partial)."""
    doc: OpenedDocument
    cfg: Config
    engines: dict[str, OcrEngine] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    report: str | None = None
    year: int | None = None
    read: PagesRead | None = None      # the pages, read by page-range tasks (archive.ranges)


def extract(source: str | os.PathLike[str] | bytes, config: Config | None = None, *,
            password: str | None = None, name: str | None = None,
            read: PagesRead | None = None) -> Document:
    """Extract one document. Raises an ``InputError`` subclass for document-level problems.

    The steps: read every page's text layer (``_read_layers``), read scanned pages by OCR and
    find each page's tables (``_read_pages``), join tables continued on the next page
    (``_join_continued``), build each table's header and records (``_finish_tables``), then
    check every number (``_verify``).  Each step isolates its failures per page or per
    table: an unexpected exception becomes an Issue naming the step, the page and the table,
    and the rest of the document goes on.  ``read``: the page reading already done, as the
    joined parts of ``read_pages`` over page ranges (a long scan on Ray).
    """
    cfg = config or Config()
    refine = subjects_hook(cfg)     # the user's subject dictionary (read before any work)
    t0 = time.perf_counter()
    with open_document(source, password=password or cfg.password, name=name) as doc:
        run = _Run(doc, cfg, read=read)
        timings = {"open": round(time.perf_counter() - t0, 4)}
        layers = list(read.layers) if read else _read_layers(run)
        pages, pending = _read_pages(run, layers)
        timings["pages"] = round(time.perf_counter() - t0 - timings["open"], 4)
        if read:   # the page-range tasks' reading time, summed
            timings.update(page_tasks=read.tasks, pages_read=read.seconds)
        tables = _finish_tables(run, _join_continued(run, pending))
        tables = _fill_from_document(tables, run.year)
        status: DocStatus = "ok"
        if run.issues or any(iss.severity in ("warning", "error")
                             for pg in pages for iss in pg.issues):
            status = "partial"
        timings["total"] = round(time.perf_counter() - t0, 4)
        engines = read.engines if read else engine_info(run.engines)
        info = {"fiscaldoc": __version__, "pymupdf": _pymupdf_version(),
                "engine": next(iter(engines), None), "config_hash": _config_hash(cfg),
                "timings": timings}
        for how in engines.values():   # which recogniser read the lines, and why not int8
            info.update(how)
        result = Document(doc.path, doc.sha256, status, _meta(tables, run.report), tuple(pages),
                          tables, tuple(doc.issues) + tuple(run.issues), info)
    t1 = time.perf_counter()
    result = _verify(result, refine)
    result.run["timings"]["verify"] = round(time.perf_counter() - t1, 4)
    result.run["values"] = result.value_counts()
    return result


def read_pages(source: str | os.PathLike[str] | bytes, config: Config | None, pages: range, *,
               password: str | None = None, name: str | None = None) -> PagesRead:
    """The page reading of ``pages`` alone: their text layers, and OCR of those without a
    usable one (a page-range task, ``archive.ranges``; ``extract(..., read=)`` does the rest)."""
    cfg = config or Config()
    t0 = time.perf_counter()
    with open_document(source, password=password or cfg.password, name=name) as doc:
        run = _Run(doc, cfg)
        layers = _read_layers(run, pages)
        scans = tuple(read_scanned_pages(doc, _to_scan(layers), cfg, run.engines))
        return PagesRead(tuple(layers), scans, engine_info(run.engines),
                         round(time.perf_counter() - t0, 4))


def _to_scan(layers: list[PageContent | Page]) -> list[PageContent]:
    return [c for c in layers if isinstance(c, PageContent)
            and any(iss.code in OCR_ISSUES for iss in c.issues)]


def _read_layers(run: _Run, pages: range | None = None) -> list[PageContent | Page]:
    """Each page's text layer; a page that cannot be read is kept as an empty Page with the
    reason (a typed error's own name, or ``page-failed`` for a bug)."""
    doc = run.doc
    layers: list[PageContent | Page] = []
    for i in pages if pages is not None else range(doc.page_count):
        try:
            layers.append(read_page(doc, i, run.cfg.text_layer))
        except FiscaldocError as e:
            layers.append(Page(i, 0.0, 0.0, 0, "pdf", (), (Issue(
                type(e).__name__, "io", i, "error", str(e)),)))
        except Exception as e:   # a bug on one page must not lose the others
            layers.append(Page(i, 0.0, 0.0, 0, "pdf", (), (
                _failure("page-failed", "io", i, f"{doc.path}: text layer", e),)))
    return layers


def _read_pages(run: _Run, layers: list[PageContent | Page]) -> tuple[list[Page], list[_Pending]]:
    """Scanned pages through OCR, then every page's tables and text blocks."""
    doc = run.doc
    to_scan = _to_scan(layers)
    scans = (iter(run.read.scans) if run.read is not None
             else read_scanned_pages(doc, to_scan, run.cfg, run.engines))
    scan_at = {c.index for c in to_scan}
    pages: list[Page] = []
    pending: list[_Pending] = []
    for i, content in enumerate(layers):
        if isinstance(content, Page):
            pages.append(content)
            continue
        scanned = None
        if i in scan_at:
            scanned, content = next(scans)
        issues = list(content.issues)
        if run.report is None:
            run.report = _report_kind([w.text for w in content.words[:80]])
        if run.year is None:
            run.year = _first_year([" ".join(w.text for w in content.words[:80])])
        try:
            found, blocks = _page_tables(i, content.words, content.rules, run.report)
            if scanned is not None:
                found, blocks = _frame_to_page(found, blocks + list(scanned.regions),
                                               scanned.to_page)
                blocks = with_regions([b for b in blocks if b.kind not in REGION_KINDS],
                                      [b for b in blocks if b.kind in REGION_KINDS])
            else:
                blocks = with_regions(blocks, margin_regions(
                    [ln for b in blocks for ln in b.lines], content.height))
        except Exception as e:   # a bug on one page must not lose the others
            issues.append(_failure("page-failed", "tables", i, f"{doc.path}: tables", e))
            found, blocks = [], []
        pending.extend(found)
        width, height = (content.width, content.height)
        if scanned is not None:
            width, height = scanned.transform.page_width, scanned.transform.page_height
        pages.append(Page(i, width, height, content.rotation,
                          content.source, tuple(blocks), tuple(issues)))
    return pages, pending


def _join_continued(run: _Run, pending: list[_Pending]) -> list[_Pending]:
    """A table continued at the top of the next page is joined to the one before it; a join
    that fails leaves the two parts as separate tables, with an Issue."""
    merged: list[_Pending] = []
    for p in pending:
        if merged:
            last = merged[-1]
            first_on_page = not any(q.page == p.page for q in merged)
            try:
                if (first_on_page and p.page == last.pages[-1] + 1
                        and continues(last.grid, p.grid, p.ident.title, last.ident.title)):
                    h = detect_header_rows(last.grid.cells, last.grid.n_rows,
                                           last.grid.header_rows)
                    last.grid = join(last.grid, p.grid, h, p.words)
                    last.pages.append(p.page)
                    # notes under the table print below its last part
                    last.ident = replace(last.ident, equations=last.ident.equations + tuple(
                        e for e in p.ident.equations if e not in last.ident.equations))
                    continue
            except Exception as e:   # the parts stay separate tables
                run.issues.append(_failure("join-failed", "tables", p.page,
                                           f"{run.doc.path}: joining the table of page "
                                           f"{last.pages[-1] + 1} with the next one", e))
        merged.append(p)
    return merged


def _finish_tables(run: _Run, merged: list[_Pending]) -> tuple[Table, ...]:
    """Header, columns and records of each table; a table whose records cannot be built keeps
    its cells, with an Issue, and its values stay out of the checks."""
    tables = []
    for k, p in enumerate(merged):
        try:
            tables.append(_finish(k, p, run.report))
        except Exception as e:   # this table loses its records, not the document
            run.issues.append(_failure("table-failed", "tables", p.pages[0],
                                       f"{run.doc.path}: table t{k + 1:02d} "
                                       f"({p.ident.title or 'untitled'})", e))
            tables.append(_bare_table(k, p))
    return tuple(tables)


def _verify(doc: Document, refine: SubjectsHook | None = None) -> Document:
    """Subjects, checks and corrections.  ``verify_document`` isolates each rule family
    itself; should it still raise, every number of the document is ``unchecked`` with a
    ``verify-failed`` Issue (the tables are kept as read)."""
    try:
        checked = verify_document(doc, refine_subjects=refine)
    except Exception as e:   # last guard: a bug in the checks must not lose the tables
        return mark_unchecked(doc, f"{type(e).__name__}: {e}")
    try:                     # OCR figures whose point may be lost: sums cannot tell
        return flag_lost_points(checked)
    except Exception as e:   # then no OCR figure may stand verified
        return mark_unchecked(doc, f"lost points: {type(e).__name__}: {e}")


_YEAR = re.compile(r"(20\d{2})\s*年")


def _first_year(lines: list[str]) -> int | None:
    for t in lines:
        m = _YEAR.search(t)
        if m:
            return int(m.group(1))
    return None


def _most_common(values: Iterable[_T | None]) -> _T | None:
    """The most frequent non-empty value, or None when there is none."""
    counts = Counter(v for v in values if v)
    return counts.most_common(1)[0][0] if counts else None


def _fill_from_document(tables: tuple[Table, ...], doc_year: int | None) -> tuple[Table, ...]:
    """Tables that print no year or department take the document's."""
    year = _most_common(t.year for t in tables) or doc_year
    dept = _most_common(t.department for t in tables)
    return tuple(replace(t, year=t.year or year, department=t.department or dept) for t in tables)


def _frame_to_page(found: list[_Pending], blocks: list[Block], to_page: Callable[[BBox], BBox]
                   ) -> tuple[list[_Pending], list[Block]]:
    """Boxes of a scanned page's grids and blocks from the reading frame to page space."""
    def line(ln: Line) -> Line:
        return replace(ln, bbox=to_page(ln.bbox))

    for p in found:
        g = p.grid
        cells = tuple(replace(c, bbox=to_page(c.bbox)) for c in g.cells)
        p.grid = replace(g, bbox=to_page(g.bbox), cells=cells)
    mapped = [replace(b, bbox=to_page(b.bbox), lines=tuple(line(ln) for ln in b.lines))
              for b in blocks]
    return found, mapped


def _pymupdf_version() -> str:
    import pymupdf

    return pymupdf.VersionBind


def _meta(tables: tuple[Table, ...], report: str | None) -> dict[str, Any]:
    return {"department": _most_common(t.department for t in tables),
            "year": _most_common(t.year for t in tables),
            "report": report,
            "unit": _most_common(t.unit for t in tables)}


def failed_document(path: str, error: Exception) -> Document:
    sha = ""
    p = Path(path)
    if p.is_file():
        sha = hashlib.sha256(p.read_bytes()).hexdigest()
    page = error.page if isinstance(error, InputError) else None
    if isinstance(error, FiscaldocError):   # typed errors name the file themselves
        issue = Issue(type(error).__name__, "io", page, "error", str(error))
    else:
        issue = _failure(type(error).__name__, "pipeline", page, str(path), error)
    return Document(str(path), sha, "failed", {}, (), (), (issue,), {"fiscaldoc": __version__})


def extract_many(paths: Iterable[str | os.PathLike[str]], config: Config | None = None, *,
                 password: str | None = None) -> Iterator[Document]:
    """One Document per input, in order; an input that cannot be read gives a failed one."""
    for path in paths:
        try:
            yield extract(path, config, password=password)
        except Exception as e:   # a typed input error, or a bug: this input fails, not the batch
            yield failed_document(str(path), e)


__all__ = ["extract", "extract_many", "failed_document", "read_pages"]
