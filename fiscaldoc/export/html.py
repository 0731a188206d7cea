"""A Table as an HTML ``<table>``: header rows in ``<thead>``, spans kept, notes as titles."""
from __future__ import annotations

from html import escape

from ..model import Table
from .annotate import cell_note, shown_text, values_by_cell

_MARKED = ("corrected", "flagged", "unchecked")


def table_html(table: Table) -> str:
    values = values_by_cell(table)
    at = {(c.row, c.col): c for c in table.cells}
    covered: set[tuple[int, int]] = set()
    for c in table.cells:
        for r in range(c.row, c.row + c.row_span):
            for k in range(c.col, c.col + c.col_span):
                if (r, k) != (c.row, c.col):
                    covered.add((r, k))
    head = min(table.header_rows, table.n_rows)
    out = ["<table>"]
    if table.title:
        out.append(f"<caption>{escape(table.title)}</caption>")
    for section, rows, tag in (("thead", range(0, head), "th"),
                               ("tbody", range(head, table.n_rows), "td")):
        if not rows:
            continue
        end = rows.stop
        out.append(f"<{section}>")
        for r in rows:
            tds = []
            for k in range(table.n_cols):
                cell = at.get((r, k))
                if cell is None:
                    if (r, k) not in covered:
                        tds.append(f"<{tag}></{tag}>")
                    continue
                attrs = ""
                row_span = min(cell.row_span, end - r)
                if row_span > 1:
                    attrs += f' rowspan="{row_span}"'
                if cell.col_span > 1:
                    attrs += f' colspan="{min(cell.col_span, table.n_cols - k)}"'
                value = values.get((r, k))
                if value is not None and value.status in _MARKED:
                    note = escape(cell_note(table, (r, k), value)).replace("\n", "&#10;")
                    attrs += f' class="{value.status}" title="{note}"'
                text = escape(shown_text(table, (r, k), value, cell.text)).replace("\n", "<br>")
                tds.append(f"<{tag}{attrs}>{text}</{tag}>")
            out.append("<tr>" + "".join(tds) + "</tr>")
        out.append(f"</{section}>")
    out.append("</table>")
    return "\n".join(out)
