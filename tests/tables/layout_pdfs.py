"""PDFs of tables laid out as published, drawn with PyMuPDF (``china-s``), for layout tests."""
from __future__ import annotations

import pymupdf

FONT = "china-s"
HEADER = ("项目", "预算数", "执行数")
WIDTHS = (200.0, 110.0, 110.0)
ROW_H = 22.0


def body(n: int, start: int = 1) -> list[tuple[str, str, str]]:
    """``n`` body rows with distinct amounts."""
    return [(f"项目名称{k}", f"{k},{k % 10}{k % 7}1.{k % 10}0", f"{k * 3}.{k % 9}5")
            for k in range(start, start + n)]


def text(page: pymupdf.Page, x: float, y: float, s: str, size: float = 10.5) -> None:
    page.insert_text((x, y), s, fontname=FONT, fontsize=size)


def prose(page: pymupdf.Page, y: float, lines: int) -> float:
    """Paragraph lines of a report (with figures in them); returns the y under them."""
    for k in range(lines):
        text(page, 60, y, f"二〇二四年部门收入合计{1000 + k}.50万元，比上年增加{k + 3}.20万元，主要是人员增加。")
        y += 18
    return y


def table(page: pymupdf.Page, y: float, rows: list[tuple[str, ...]], title: str = "",
          unit: str = "万元", x: float = 60.0, header: bool = True, web: bool = False,
          rules: bool = True) -> float:
    """A ruled table (title and unit line above it when given); returns the y under it.

    ``web``: drawn as a browser prints an HTML table with cellspacing, a grey table
    background and white cell backgrounds 1 pt apart, nothing stroked.  ``rules=False``: no
    lines at all (a sheet printed without borders)."""
    if title:
        text(page, x + 80, y, title, 14)
        y += 20
    if unit:
        text(page, x + sum(WIDTHS) - 80, y, f"单位：{unit}", 9)
        y += 8
    all_rows = ([HEADER] if header else []) + list(rows)
    xs = [x]
    for w in WIDTHS:
        xs.append(xs[-1] + w)
    top = y
    if web:
        bottom = top + ROW_H * len(all_rows)
        page.draw_rect(pymupdf.Rect(xs[0] - 0.5, top - 0.5, xs[-1] + 0.5, bottom + 0.5),
                       color=None, fill=(0.5, 0.5, 0.5))
        for r in range(len(all_rows)):
            for a, b in zip(xs, xs[1:]):
                page.draw_rect(pymupdf.Rect(a + 0.5, top + r * ROW_H + 0.5, b - 0.5,
                                            top + (r + 1) * ROW_H - 0.5),
                               color=None, fill=(1, 1, 1) if r else (0.85, 0.9, 1.0))
    for r, row in enumerate(all_rows):
        for c, s in enumerate(row):
            if c == 0:
                text(page, xs[c] + 4, y + 15, s)
            else:                                   # amounts right-aligned
                width = pymupdf.get_text_length(s, fontname=FONT, fontsize=10.5)
                text(page, xs[c + 1] - 4 - width, y + 15, s)
        y += ROW_H
    if web or not rules:
        return y
    for k in range(len(all_rows) + 1):
        page.draw_line((xs[0], top + k * ROW_H), (xs[-1], top + k * ROW_H), color=(0, 0, 0),
                       width=0.5)
    for xv in xs:
        page.draw_line((xv, top), (xv, y), color=(0, 0, 0), width=0.5)
    return y


def pdf(draws) -> bytes:
    """One page per drawing function."""
    doc = pymupdf.open()
    for draw in draws:
        draw(doc.new_page(width=595, height=842))
    data = doc.tobytes()
    doc.close()
    return data
