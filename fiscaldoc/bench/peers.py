"""Other table extractors, each run on a file and turned into fiscaldoc ``Table`` objects.

Every peer gives, per page, tables as boxes with text; ``grid_table`` turns boxes into grid
cells with row and column spans (the boundaries are the boxes' own edges, snapped), so that
``fiscaldoc eval`` scores every tool with the same code.  Peers are imported lazily; a missing
one raises ``EngineUnavailable`` naming the extra (``pip install 'fiscaldoc[bench]'``).

- ``pdfplumber``: ``page.find_tables()``, text from its ``extract()``;
- ``pymupdf``: PyMuPDF ``page.find_tables()``;
- ``camelot``: ``camelot.read_pdf(flavor="lattice")``; cells whose shared edge is not drawn are
  one merged cell, their texts joined;
- ``img2table``: ``PDF(..., detect_rotation=True).extract_tables()`` (a page skewed by 1°
  finds no table without it), reading the text layer, or on pages without one
  the words of the fiscaldoc OCR engine given (see ``img2table_ocr``).
"""
from __future__ import annotations

import importlib
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import pymupdf

from ..errors import EngineUnavailable
from ..geometry import BBox
from ..model import Cell, Table
from ..ocr.base import OcrEngine
from ..unionfind import UnionFind

SNAP = 2.0                           # points: box edges closer than this are one boundary


@dataclass(frozen=True)
class Box:
    page: int
    bbox: BBox
    text: str


def _need(module: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError as e:
        raise EngineUnavailable(f"{module} is not installed: pip install 'fiscaldoc[bench]'"
                                ) from e


def _snap(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > SNAP:
            out.append(v)
    return out


def _index(bounds: list[float], v: float) -> int:
    return min(range(len(bounds)), key=lambda i: abs(bounds[i] - v))


def grid_table(tid: str, boxes: list[Box]) -> Table:
    """A Table from cell boxes of one page: rows and columns from the snapped box edges."""
    xs = _snap([b.bbox.x0 for b in boxes] + [b.bbox.x1 for b in boxes])
    ys = _snap([b.bbox.y0 for b in boxes] + [b.bbox.y1 for b in boxes])
    cells = {}
    for b in boxes:
        r0, r1 = _index(ys, b.bbox.y0), _index(ys, b.bbox.y1)
        c0, c1 = _index(xs, b.bbox.x0), _index(xs, b.bbox.x1)
        if r1 > r0 and c1 > c0 and (r0, c0) not in cells:
            cells[(r0, c0)] = Cell(r0, c0, r1 - r0, c1 - c0, b.bbox, " ".join(b.text.split()))
    page = boxes[0].page
    return Table(tid, (page,), BBox.enclosing([b.bbox for b in boxes]), "", "other",
                 max(len(ys) - 1, 1), max(len(xs) - 1, 1), 0,
                 tuple(sorted(cells.values(), key=lambda c: (c.row, c.col))))


def _aligned(page: int, rows: Any, texts: Any) -> list[Box]:
    """Boxes from pdfplumber / PyMuPDF tables: ``rows[i].cells[j]`` with ``texts[i][j]``."""
    out: list[Box] = []
    for row, trow in zip(rows, texts):
        for box, text in zip(row.cells, trow):
            if box is not None:
                out.append(Box(page, BBox(*box), text or ""))
    return out


def run_pdfplumber(path: Path) -> list[Table]:
    pdfplumber = _need("pdfplumber")
    out: list[Table] = []
    with pdfplumber.open(path) as pdf:
        for i, page in enumerate(pdf.pages):
            for t in page.find_tables():
                boxes = _aligned(i, t.rows, t.extract())
                if boxes:
                    out.append(grid_table(f"p{i + 1}-{len(out) + 1}", boxes))
    return out


def run_pymupdf(path: Path) -> list[Table]:
    out: list[Table] = []
    with pymupdf.open(path) as doc:
        for i, page in enumerate(doc):
            for t in page.find_tables().tables:
                boxes = _aligned(i, t.rows, t.extract())
                if boxes:
                    out.append(grid_table(f"p{i + 1}-{len(out) + 1}", boxes))
    return out


def run_camelot(path: Path) -> list[Table]:
    camelot = _need("camelot")
    with pymupdf.open(path) as doc:
        heights = [p.rect.height for p in doc]
    out: list[Table] = []
    with warnings.catch_warnings():          # "page-N is image-based": its tables are empty
        warnings.simplefilter("ignore", UserWarning)
        found = camelot.read_pdf(str(path), pages="all", flavor="lattice")
    for t in found:
        page = int(t.page) - 1
        grid = t.cells
        n_cols = max((len(row) for row in grid), default=0)
        uf = UnionFind(len(grid) * n_cols)
        for r, row in enumerate(grid):
            for c, cell in enumerate(row):
                if not cell.right and c + 1 < len(row):
                    uf.union(r * n_cols + c, r * n_cols + c + 1)
                if not cell.bottom and r + 1 < len(grid) and c < len(grid[r + 1]):
                    uf.union(r * n_cols + c, (r + 1) * n_cols + c)
        groups: dict[int, list[tuple[int, int]]] = {}
        for r, row in enumerate(grid):
            for c, _ in enumerate(row):
                groups.setdefault(uf.find(r * n_cols + c), []).append((r, c))
        boxes = []
        h = heights[page]
        for members in groups.values():
            cs = [grid[r][c] for r, c in sorted(members)]
            bbox = BBox(min(x.x1 for x in cs), h - max(x.y2 for x in cs),
                        max(x.x2 for x in cs), h - min(x.y1 for x in cs))
            boxes.append(Box(page, bbox, " ".join(x.text.strip() for x in cs if x.text.strip())))
        if boxes:
            out.append(grid_table(f"p{page + 1}-{len(out) + 1}", boxes))
    return out


IMG2TABLE_DPI = 200                  # img2table renders PDF pages at this resolution


def run_img2table(path: Path, engine: OcrEngine | None = None) -> list[Table]:
    """img2table on every page; ``engine`` (a fiscaldoc OCR engine) reads pages without text."""
    _need("img2table")
    from img2table.document import PDF

    from .img2table_ocr import headless_sauvola, img2table_ocr

    headless_sauvola()
    ocr = img2table_ocr(engine) if engine is not None else None
    found = PDF(str(path), pdf_text_extraction=True, detect_rotation=True).extract_tables(
        ocr=ocr, borderless_tables=False)
    scale = 72.0 / IMG2TABLE_DPI
    out: list[Table] = []
    for page, tables in sorted(found.items()):
        for t in tables:
            seen, boxes = set(), []
            for row in t.content.values():
                for cell in row:
                    key = (cell.bbox.x1, cell.bbox.y1, cell.bbox.x2, cell.bbox.y2)
                    if key in seen:
                        continue
                    seen.add(key)
                    boxes.append(Box(page, BBox(*(v * scale for v in key)), cell.value or ""))
            if boxes:
                out.append(grid_table(f"p{page + 1}-{len(out) + 1}", boxes))
    return out


PEERS: dict[str, Callable[..., list[Table]]] = {
    "pdfplumber": run_pdfplumber, "camelot": run_camelot, "pymupdf": run_pymupdf,
    "img2table": run_img2table}
