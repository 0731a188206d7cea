"""``fiscaldoc eval --html FILE``: the report as one HTML file with plots and page crops.

Plots are drawn with matplotlib (``pip install 'fiscaldoc[eval]'``) through ``Figure`` (no
pyplot, no global backend); every wrong cell comes with a crop of its gold page around the
cell, rendered with PyMuPDF from the gold document's source file when that file is found.
Images are embedded as data URIs, so the file stands alone.
"""
from __future__ import annotations

import base64
import html
import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pymupdf

from ..geometry import BBox
from .report import COLUMNS, compare
from .run import Evaluation, Totals
from .score import TableScore

if TYPE_CHECKING:
    from matplotlib.figure import Figure

MAX_CROPS = 80
CROP_ZOOM = 2.0
CROP_MARGIN = (60.0, 14.0)           # points left/right and above/below the cell

_CSS = """body{font:14px/1.4 system-ui,sans-serif;margin:16px 24px;color:#222}
table{border-collapse:collapse;margin:6px 0 16px}td,th{border:1px solid #ccc;padding:2px 6px;
text-align:right}td:first-child,th:first-child{text-align:left}th{background:#f0f0f0}
.crop{display:inline-block;margin:4px 8px 12px 0;vertical-align:top;font-size:12px}
.crop img{display:block;border:1px solid #999;max-width:480px}"""


def _png(fig: Figure) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=90, bbox_inches="tight")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _rate(t: Totals, key: str, den: str) -> float:
    d = t.to_dict()
    return 100.0 * d[key] / d[den] if d[den] else 0.0


def plots(ev: Evaluation, other: Evaluation | None = None) -> list[str]:
    """Data URIs: exact rates per table kind, the TEDS of every table, and (with ``other``)
    the two runs side by side."""
    from matplotlib.figure import Figure

    out = []
    kinds = ev.by_kind()
    names = list(kinds)
    fig = Figure(figsize=(8, 0.45 * len(names) + 1.2))
    ax = fig.subplots()
    series = (("cells", "cells_exact", "cells"), ("amounts final", "amounts_exact_after", "amounts"),
              ("structure", "structure_exact", "tables"))
    h = 0.8 / len(series)
    for k, (label, key, den) in enumerate(series):
        ax.barh([i + k * h for i in range(len(names))], [_rate(kinds[n], key, den) for n in names],
                height=h, label=label)
    ax.set_yticks([i + h for i in range(len(names))], names, fontsize=8)
    ax.set_xlabel("exact %")
    ax.set_xlim(0, 100)
    ax.invert_yaxis()
    ax.legend(fontsize=8, ncol=3, loc="upper center", bbox_to_anchor=(0.5, -0.12))
    ax.set_title("Per table kind")
    out.append(_png(fig))
    fig = Figure(figsize=(6, 3))
    ax = fig.subplots()
    ax.hist([s.teds for s in ev.scores], bins=20, range=(0, 1), label="run A" if other else None)
    if other is not None:
        ax.hist([s.teds for s in other.scores], bins=20, range=(0, 1), alpha=0.6, label="run B")
        ax.legend(fontsize=8)
    ax.set_xlabel("TEDS per table")
    ax.set_ylabel("tables")
    out.append(_png(fig))
    if other is not None:
        c = compare(ev, other)["overall"]
        keys = [k for k in c if k not in ("teds", "teds_struct")]
        fig = Figure(figsize=(8, 3))
        ax = fig.subplots()
        xs = range(len(keys))
        ax.bar([x - 0.2 for x in xs], [c[k]["a"] for k in keys], 0.4, label="run A")
        ax.bar([x + 0.2 for x in xs], [c[k]["b"] for k in keys], 0.4, label="run B")
        ax.set_xticks(list(xs), keys, rotation=30, ha="right", fontsize=8)
        ax.legend(fontsize=8)
        ax.set_title("Counts, run A and run B")
        out.append(_png(fig))
    return out


def _totals_table(rows: list[tuple[str, Totals]], first: str) -> str:
    head = "".join(f"<th>{html.escape(c[0])}</th>" for c in COLUMNS)
    body = []
    for name, t in rows:
        d = t.to_dict()
        tds = "".join(f"<td>{_fmt(d, k, den)}</td>" for _, k, den in COLUMNS)
        body.append(f"<tr><td>{html.escape(name)}</td>{tds}</tr>")
    return f"<table><tr><th>{first}</th>{head}</tr>{''.join(body)}</table>"


def _fmt(d: dict[str, Any], key: str, den: str) -> str:
    if not den:
        v = d[key]
        return f"{v:.3f}" if isinstance(v, float) else str(v)
    return f"{100 * d[key] / d[den]:.1f}%" if d[den] else "–"


def _crops(ev: Evaluation) -> list[str]:
    """A page crop per wrong cell (amounts first), at most MAX_CROPS."""
    from ..review.page import cell_pages

    items: list[tuple[TableScore, int, int, str, str]] = []
    for s in ev.scores:
        wrong_amounts = {v.cell for v in s.values if v.after != v.gold}
        items += [(s, r, c, g, p) for r, c, g, p in s.wrong_cells if (r, c) in wrong_amounts]
    for s in ev.scores:
        wrong_amounts = {v.cell for v in s.values if v.after != v.gold}
        items += [(s, r, c, g, p) for r, c, g, p in s.wrong_cells if (r, c) not in wrong_amounts]
    out: list[str] = []
    docs: dict[str, pymupdf.Document] = {}
    try:
        for s, r, c, gold_text, pred_text in items[:MAX_CROPS]:
            gold = s.gold
            cell = next((x for x in gold.cells if (x.row, x.col) == (r, c)), None) if gold else None
            img = ""
            if gold is not None and cell is not None and cell.bbox.area > 1 \
                    and Path(s.source).is_file():
                if s.source not in docs:
                    docs[s.source] = pymupdf.open(s.source)
                page = cell_pages(gold)[(r, c)]
                img = _crop(docs[s.source], page, cell.bbox)
            tag = f'<img src="{img}" alt="">' if img else ""
            out.append(f'<div class="crop">{tag}{html.escape(s.doc)} {html.escape(s.table_id)} '
                       f'r{r} c{c}: gold <b>{html.escape(gold_text)}</b>, read '
                       f'<b>{html.escape(pred_text) or "(nothing)"}</b></div>')
    finally:
        for d in docs.values():
            d.close()
    return out


def _crop(doc: pymupdf.Document, index: int, bbox: BBox) -> str:
    if not 0 <= index < doc.page_count:
        return ""
    page = doc[index]
    mx, my = CROP_MARGIN
    clip = pymupdf.Rect(bbox.x0 - mx, bbox.y0 - my, bbox.x1 + mx, bbox.y1 + my) & page.rect
    pix = page.get_pixmap(matrix=pymupdf.Matrix(CROP_ZOOM, CROP_ZOOM), clip=clip, alpha=False)
    return "data:image/png;base64," + base64.b64encode(pix.tobytes("png")).decode("ascii")


def write_html(ev: Evaluation, path: Path, *, other: Evaluation | None = None,
               worst: int = 10) -> Path:
    """Write the report to ``path`` (with ``other``: run B compared with run A)."""
    parts = [f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>fiscaldoc eval</title>"
             f"<style>{_CSS}</style></head><body><h1>fiscaldoc eval</h1>",
             "<h2>Overall</h2>", _totals_table([("all", ev.overall())], ""),
             "<h2>Per document</h2>", _totals_table(list(ev.by_document().items()), "document"),
             "<h2>Per table kind</h2>", _totals_table(list(ev.by_kind().items()), "kind")]
    if other is not None:
        parts += ["<h2>Run B</h2>", _totals_table([("all", other.overall())], "")]
    parts += ["<h2>Plots</h2>"] + [f'<img src="{p}" alt="">' for p in plots(ev, other)]
    parts += [f"<h2>Worst {min(worst, len(ev.scores))} tables</h2><ol>"] + [
        f"<li>{html.escape(s.doc)} {html.escape(s.table_id)} ({html.escape(s.kind)}): TEDS "
        f"{s.teds:.3f}, cells {s.cells_ok}/{s.cells}, amounts {s.amounts_ok_after}/{s.amounts}</li>"
        for s in ev.worst(worst)] + ["</ol>"]
    crops = _crops(ev)
    parts += [f"<h2>Wrong cells ({len(crops)} shown)</h2>"] + crops + ["</body></html>"]
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(parts), encoding="utf-8")
    return path
