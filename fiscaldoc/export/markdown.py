"""The document in reading order as Markdown, tables as HTML.

Per page, blocks in order: the first title of the document becomes ``#``, later titles ``##``,
text blocks paragraphs; headers, footers, figures and seals are left out.  A table block is
replaced by the tables that start on that page and overlap it; tables matched by no block
follow the rest of their first page.  Each page starts with an HTML comment naming it, then
its warnings and errors as a quote (a page that came out blank says why: "page-content-lost").
"""
from __future__ import annotations

import re

from ..model import Document, Table
from ..text import join_pieces
from .html import table_html

_ESCAPE = re.compile(r"([\\`*_\[\]<>|])")
_LINE_START = re.compile(r"^(\s*)(#|>|[-+]\s|\d+[.)]\s)")


def document_markdown(doc: Document) -> str:
    by_page: dict[int, list[int]] = {}
    for i, t in enumerate(doc.tables):
        if t.pages:
            by_page.setdefault(t.pages[0], []).append(i)
    done: set[int] = set()
    parts: list[str] = []
    seen_title = False
    for page in doc.pages:
        parts.append(f"<!-- page {page.index + 1} -->")
        flagged = [i for i in page.issues if i.severity in ("warning", "error")]
        if flagged:
            parts.append("\n".join(f"> **{i.severity}** `{i.code}`: {_escape(i.message)}"
                                   for i in flagged))
        mine = by_page.get(page.index, [])
        for block in page.blocks:
            text = join_pieces(w.text for w in block.lines)
            if block.kind == "title" and text:
                parts.append(("## " if seen_title else "# ") + _escape(text))
                seen_title = True
            elif block.kind == "text" and text:
                parts.append(_escape(text))
            elif block.kind == "table":
                hits = [i for i in mine if i not in done
                        and doc.tables[i].bbox.intersection_area(block.bbox) > 0]
                for i in sorted(hits, key=lambda i: (doc.tables[i].bbox.y0, doc.tables[i].bbox.x0)):
                    parts.append(_table(doc.tables[i]))
                    done.add(i)
        for i in mine:
            if i not in done:
                parts.append(_table(doc.tables[i]))
                done.add(i)
    for i, t in enumerate(doc.tables):
        if i not in done:
            parts.append(_table(t))
    return "\n\n".join(parts) + "\n"


def _table(t: Table) -> str:
    return table_html(t)


def _escape(text: str) -> str:
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), _ESCAPE.sub(r"\\\1", text))
