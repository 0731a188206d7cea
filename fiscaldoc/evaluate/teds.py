"""TEDS: tree-edit-distance-based similarity of two tables (Zhong et al., 2019).

A table is seen as the tree of its HTML form: ``table`` -> one ``tr`` per grid row -> one
``td`` per cell whose top-left corner lies in that row, in column order.  A ``td`` carries its
row span, column span and text.  The edit distance uses unit costs for inserting and deleting
a node; renaming costs 1 between different tags or between cells with different spans, and
otherwise, between two cells, the normalised Levenshtein distance of their texts.

    TEDS(a, b) = 1 - distance(a, b) / max(|a|, |b|)        (|t| = number of nodes)

``teds_struct`` ignores the text (structure only).  The distance is computed with the
Zhang–Shasha algorithm.  Cells are given as dicts or objects with ``row``, ``col``,
``row_span``, ``col_span`` and ``text``; texts are compared after ``normalize_text``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from ..text import normalize_text


@dataclass(frozen=True)
class Node:
    tag: str                       # "table" | "tr" | "td"
    row_span: int = 1
    col_span: int = 1
    text: str = ""
    children: tuple["Node", ...] = field(default=())

    def size(self) -> int:
        return 1 + sum(c.size() for c in self.children)


def _get(cell: Any, key: str) -> Any:
    return cell[key] if isinstance(cell, dict) else getattr(cell, key)


def table_tree(cells: Iterable[Any], n_rows: int | None = None) -> Node:
    """The HTML-like tree of a table given by its cells (see module doc).  ``n_rows`` adds
    empty rows at the end where the cells do not reach it."""
    items = [(int(_get(c, "row")), int(_get(c, "col")), int(_get(c, "row_span")),
              int(_get(c, "col_span")), normalize_text(_get(c, "text") or "")) for c in cells]
    rows = max([r + rs for r, _, rs, _, _ in items] + [n_rows or 0])
    by_row: list[list[tuple[int, int, int, int, str]]] = [[] for _ in range(rows)]
    for it in items:
        by_row[it[0]].append(it)
    trs = tuple(Node("tr", children=tuple(Node("td", rs, cs, t)
                                          for _, _, rs, cs, t in sorted(row, key=lambda x: x[1])))
                for row in by_row)
    return Node("table", children=trs)


def levenshtein(a: str, b: str) -> int:
    """Edit distance between two strings (insert, delete, substitute: 1 each)."""
    if a == b:
        return 0
    if len(a) < len(b):
        a, b = b, a
    if not b:
        return len(a)
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _text_cost(a: str, b: str) -> float:
    if a == b:
        return 0.0
    return levenshtein(a, b) / max(len(a), len(b))


def _postorder(root: Node) -> tuple[list[Node], list[int]]:
    """Nodes in post-order and, for each, the index of its leftmost leaf."""
    nodes: list[Node] = []
    lml: list[int] = []

    def walk(node: Node) -> int:
        first = -1
        for child in node.children:
            leaf = walk(child)
            if first < 0:
                first = leaf
        nodes.append(node)
        lml.append(first if first >= 0 else len(nodes) - 1)
        return lml[-1]

    walk(root)
    return nodes, lml


def _keyroots(lml: list[int]) -> list[int]:
    last: dict[int, int] = {}
    for i, leaf in enumerate(lml):
        last[leaf] = i                      # post-order: the highest node with that leaf
    return sorted(last.values())


def tree_distance(a: Node, b: Node, *, text: bool = True) -> float:
    """Zhang–Shasha edit distance between two table trees with the TEDS costs."""
    n1, l1 = _postorder(a)
    n2, l2 = _postorder(b)
    cache: dict[tuple[str, str], float] = {}

    def rename(x: Node, y: Node) -> float:
        if x.tag != y.tag:
            return 1.0
        if x.tag != "td":
            return 0.0
        if x.row_span != y.row_span or x.col_span != y.col_span:
            return 1.0
        if not text or x.text == y.text:
            return 0.0
        key = (x.text, y.text)
        if key not in cache:
            cache[key] = _text_cost(x.text, y.text)
        return cache[key]

    td = [[0.0] * len(n2) for _ in range(len(n1))]
    for i in _keyroots(l1):
        li = l1[i]
        m = i - li + 2
        for j in _keyroots(l2):
            lj = l2[j]
            n = j - lj + 2
            fd = [[0.0] * n for _ in range(m)]
            for y in range(1, n):
                fd[0][y] = fd[0][y - 1] + 1.0
            for x in range(1, m):
                i1 = li + x - 1
                row, up = fd[x], fd[x - 1]
                row[0] = up[0] + 1.0
                whole_i = l1[i1] == li
                p = l1[i1] - li
                tdi = td[i1]
                for y in range(1, n):
                    j1 = lj + y - 1
                    best = up[y] + 1.0
                    left = row[y - 1] + 1.0
                    if left < best:
                        best = left
                    if whole_i and l2[j1] == lj:
                        diag = up[y - 1] + rename(n1[i1], n2[j1])
                        if diag < best:
                            best = diag
                        row[y] = best
                        tdi[j1] = best
                    else:
                        diag = fd[p][l2[j1] - lj] + tdi[j1]
                        row[y] = diag if diag < best else best
    return td[len(n1) - 1][len(n2) - 1]


def _similarity(a: Iterable[Any], b: Iterable[Any], text: bool,
                n_rows_a: int | None, n_rows_b: int | None) -> float:
    ta, tb = table_tree(a, n_rows_a), table_tree(b, n_rows_b)
    size = max(ta.size(), tb.size())
    return 1.0 - tree_distance(ta, tb, text=text) / size


def teds(a: Iterable[Any], b: Iterable[Any], *, n_rows_a: int | None = None,
         n_rows_b: int | None = None) -> float:
    """TEDS in 0..1 between two tables given as cell lists (1.0: identical)."""
    return _similarity(a, b, True, n_rows_a, n_rows_b)


def teds_struct(a: Iterable[Any], b: Iterable[Any], *, n_rows_a: int | None = None,
                n_rows_b: int | None = None) -> float:
    """TEDS on structure only: rows and cells with their spans, text ignored."""
    return _similarity(a, b, False, n_rows_a, n_rows_b)
