"""review.html: every page as an image with every table cell's box drawn over it.

Boxes are written into the HTML (one ``div`` per cell with ``data-cell="<table id>:<row>:<col>"``
and ``data-status``), positioned in percent of the page so that they follow the image at any
width.  The images are separate JPEG files in ``review_pages/`` loaded lazily by the browser;
the cell details, checks and corrections and the document itself (for saving a gold file) are
embedded as JSON and read by ``assets/review.js``.  Nothing is fetched from the network, so
the page works from ``file://``.
"""
from __future__ import annotations

import html
import json
from importlib import resources
from pathlib import Path
from typing import Any

from ..export.annotate import values_by_cell
from ..model import Document, Table
from .images import render_pages

PAGES_DIR = "review_pages"
TEXT_STATUS = "text"                 # a cell that holds no value (header, code, name)


def cell_pages(table: Table) -> dict[tuple[int, int], int]:
    """(row, col) -> page index of each cell of a table that may run over several pages.

    Cells carry no page; rows are in reading order, so the table moves on to its next page
    where a row starts above the row before it."""
    tops: dict[int, float] = {}
    for c in table.cells:
        tops[c.row] = min(tops.get(c.row, c.bbox.y0), c.bbox.y0)
    pages = table.pages or (0,)
    page_of_row, k, prev = {}, 0, None
    for row in sorted(tops):
        if prev is not None and tops[row] < prev and k + 1 < len(pages):
            k += 1
        page_of_row[row] = pages[k]
        prev = tops[row]
    return {(c.row, c.col): page_of_row[c.row] for c in table.cells}


def review_data(doc: Document) -> dict[str, Any]:
    """What the page script needs: per cell its texts, value, status and checks; per table
    its checks and corrections."""
    cells: dict[str, dict[str, Any]] = {}
    tables: dict[str, dict[str, Any]] = {}
    for t in doc.tables:
        keys = {c.index: c.key for c in t.columns}
        values = values_by_cell(t)
        checks_of: dict[tuple[int, int], list[int]] = {}
        for i, chk in enumerate(t.checks):
            for pos in chk.cells:
                checks_of.setdefault((pos[0], pos[1]), []).append(i)
        fixes = {tuple(c.cell): c for c in t.corrections}
        for c in t.cells:
            pos = (c.row, c.col)
            v = values.get(pos)
            fix = fixes.get(pos)
            cells[f"{t.id}:{c.row}:{c.col}"] = {
                "text": c.text, "status": v.status if v else TEXT_STATUS,
                "raw": v.raw if v else None,
                "number": None if v is None or v.number is None else str(v.number),
                "reason": v.reason if v else "", "reviewed": bool(v and v.reviewed),
                "key": keys.get(c.col) if v else None, "checks": checks_of.get(pos, []),
                "correction": None if fix is None else {
                    "before": fix.before, "after": fix.after, "reason": fix.reason}}
        tables[t.id] = {"title": t.title, "kind": t.kind, "checks": [
            {"rule": k.rule, "status": k.status, "cells": [f"{t.id}:{r}:{c}" for r, c in k.cells],
             "expected": None if k.expected is None else str(k.expected),
             "actual": None if k.actual is None else str(k.actual)} for k in t.checks]}
    return {"cells": cells, "tables": tables}


def _boxes(doc: Document) -> dict[int, list[str]]:
    """Page index -> the box elements on it."""
    sizes = {p.index: (p.width, p.height) for p in doc.pages}
    out: dict[int, list[str]] = {}
    for t in doc.tables:
        values = values_by_cell(t)
        where = cell_pages(t)
        for c in t.cells:
            page = where[(c.row, c.col)]
            w, h = sizes.get(page, (595.0, 842.0))
            v = values.get((c.row, c.col))
            status = v.status if v else TEXT_STATUS
            style = (f"left:{100 * c.bbox.x0 / w:.3f}%;top:{100 * c.bbox.y0 / h:.3f}%;"
                     f"width:{100 * c.bbox.width / w:.3f}%;height:{100 * c.bbox.height / h:.3f}%")
            out.setdefault(page, []).append(
                f'<div class="box" data-cell="{html.escape(t.id)}:{c.row}:{c.col}" '
                f'data-status="{html.escape(status)}" style="{style}"></div>')
    return out


def _asset(name: str) -> str:
    return resources.files("fiscaldoc.review").joinpath("assets", name).read_text(encoding="utf-8")


def _script_json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")


def review_html(doc: Document, images: dict[int, str]) -> str:
    """The page for ``doc``; ``images`` maps page index -> image path relative to the page."""
    boxes = _boxes(doc)
    pages = []
    for p in doc.pages:
        img = images.get(p.index)
        inner = (f'<img loading="lazy" decoding="async" src="{html.escape(img)}" alt="page '
                 f'{p.index + 1}">' if img else '<div class="noimage">no page image (source '
                 'file not found)</div>')
        pages.append(
            f'<section class="page" id="page-{p.index}" data-page="{p.index}" '
            f'style="aspect-ratio:{p.width:.2f}/{p.height:.2f}">'
            f'<div class="label">page {p.index + 1}</div>{inner}'
            + "".join(boxes.get(p.index, [])) + "</section>")
    name = Path(doc.source.replace("\\", "/")).name or "document"
    return (_asset("review.html")
            .replace("{{title}}", html.escape(name))
            .replace("{{css}}", _asset("review.css"))
            .replace("{{pages}}", "\n".join(pages))
            .replace("{{data}}", _script_json(review_data(doc)))
            .replace("{{document}}", _script_json(doc.to_dict()))
            .replace("{{script}}", _asset("review.js")))


def write_review(doc: Document, out_dir: Path, *, pdf: Path | None = None, dpi: int = 110) -> Path:
    """Write ``out_dir/review.html`` and its page images (``out_dir/review_pages/``).

    ``pdf`` is the source file (default: ``doc.source``); without it the boxes are drawn on
    blank pages.  Returns the path of review.html."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    source = Path(pdf) if pdf else Path(doc.source)
    images = render_pages(source, out_dir / PAGES_DIR, dpi, [p.index for p in doc.pages])
    rel = {i: f"{PAGES_DIR}/{f.name}" for i, f in images.items()}
    path = out_dir / "review.html"
    path.write_text(review_html(doc, rel), encoding="utf-8")
    return path
