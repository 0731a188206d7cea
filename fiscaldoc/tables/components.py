"""Ruling lines grouped into table candidates, and 1-D position clustering."""
from __future__ import annotations

from ..geometry import Segment
from ..unionfind import UnionFind

TOUCH = 3.0        # points: a vertical and a horizontal rule this close are connected


def cluster_positions(values, tol: float) -> list[float]:
    """Sorted representative positions: values within ``tol`` of their neighbour are one."""
    vals = sorted(values)
    if not vals:
        return []
    groups: list[list[float]] = [[vals[0]]]
    for v in vals[1:]:
        if v - groups[-1][-1] <= tol:
            groups[-1].append(v)
        else:
            groups.append([v])
    return [sum(g) / len(g) for g in groups]


def rule_components(rules) -> list[list[Segment]]:
    """Connected groups of rules.

    A horizontal and a vertical rule are connected when they touch or cross.  Horizontal
    rules with no vertical rule (三线表) are connected to each other when their x-ranges
    overlap by at least 80 % of the shorter one.
    """
    rules = [r for r in rules if r.length >= 3.0]
    uf = UnionFind(len(rules))
    union = uf.union

    hs = [i for i, r in enumerate(rules) if r.horizontal]
    vs = [i for i, r in enumerate(rules) if not r.horizontal]
    touched = set()
    for i in hs:
        h = rules[i]
        for j in vs:
            v = rules[j]
            if (h.x0 - TOUCH <= v.x0 <= h.x1 + TOUCH) and (v.y0 - TOUCH <= h.y0 <= v.y1 + TOUCH):
                union(i, j)
                touched.add(i)
    # collinear horizontal pieces (e.g. partial header rules) next to each other
    free = sorted((i for i in hs if i not in touched), key=lambda i: (rules[i].y0, rules[i].x0))
    for a_pos, i in enumerate(free):
        a = rules[i]
        for j in free[a_pos + 1:]:
            b = rules[j]
            ov = min(a.x1, b.x1) - max(a.x0, b.x0)
            shorter = min(a.length, b.length)
            same_line = abs(a.y0 - b.y0) <= 1.0 and max(a.x0, b.x0) - min(a.x1, b.x1) <= 12.0
            if same_line or ov >= 0.8 * shorter:
                union(i, j)
            elif ov > 0 and _within_span(a, b):
                union(i, j)
    return [[rules[i] for i in members] for members in uf.groups().values()]


def _within_span(a: Segment, b: Segment) -> bool:
    """A short horizontal rule lying under a long one (header partial rule under the top rule)."""
    long_, short = (a, b) if a.length >= b.length else (b, a)
    return long_.x0 - 1 <= short.x0 and short.x1 <= long_.x1 + 1
