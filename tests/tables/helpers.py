"""Build words and rules for a table drawn on a page, without any PDF (pure geometry)."""
from fiscaldoc.geometry import BBox, Segment
from fiscaldoc.model import Word

XS = [50, 150, 200, 300, 400, 500]
YS = [100, 120, 140, 160, 180, 200]
# (row, col, row_span, col_span, text): a 表1-like two-sided header with a row span
CELLS = [(0, 0, 1, 3, "收入"), (0, 3, 1, 2, "支出"),
         (1, 0, 1, 1, "项目"), (1, 1, 1, 1, "行次"), (1, 2, 1, 1, "决算数"),
         (1, 3, 2, 1, "合计"), (1, 4, 1, 1, "基本支出"),
         (2, 0, 1, 1, "栏次"), (2, 1, 1, 1, ""), (2, 2, 1, 1, "1"), (2, 4, 1, 1, "2"),
         (3, 0, 1, 1, "一、一般公共服务支出"), (3, 1, 1, 1, "1"), (3, 2, 1, 1, "1,706.28"),
         (3, 3, 1, 1, "982.65"), (3, 4, 1, 1, ""),
         (4, 0, 1, 1, "总计"), (4, 1, 1, 1, "2"), (4, 2, 1, 1, "2,790.06"),
         (4, 3, 1, 1, "0.00"), (4, 4, 1, 1, "1.00")]


def words(dx: float = 0.0, dy: float = 0.0):
    out = []
    for r, c, rs, cs, t in CELLS:
        if not t:
            continue
        x0, x1, y0, y1 = XS[c] + dx, XS[c + cs] + dx, YS[r] + dy, YS[r + rs] + dy
        w = 6.0 * len(t)
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        out.append(Word(t, BBox(cx - w / 2, cy - 4, cx + w / 2, cy + 4)))
    return tuple(out)


def full_grid_rules(dx: float = 0.0, dy: float = 0.0):
    segs = []
    for r, c, rs, cs, _ in CELLS:
        x0, x1, y0, y1 = XS[c] + dx, XS[c + cs] + dx, YS[r] + dy, YS[r + rs] + dy
        segs += [Segment.h(x0, x1, y0), Segment.h(x0, x1, y1), Segment.v(y0, y1, x0), Segment.v(y0, y1, x1)]
    return tuple(segs)


def booktabs_rules():
    segs = [Segment.h(XS[0], XS[-1], YS[0]), Segment.h(XS[0], XS[-1], YS[3]),
            Segment.h(XS[0], XS[-1], YS[-1])]
    for r, c, rs, cs, _ in CELLS:
        if r + rs < 3:   # header cells above the last header row: trimmed bottom rule
            segs.append(Segment.h(XS[c] + 2, XS[c + cs] - 2, YS[r + rs]))
    return tuple(segs)


def expected():
    return sorted((r, c, rs, cs, t) for r, c, rs, cs, t in CELLS)


def got(grid):
    return sorted((c.row, c.col, c.row_span, c.col_span, c.text) for c in grid.cells)
