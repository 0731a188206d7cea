"""A dense boxed table page (36 x 9 cells of small CJK text and amounts), shared by the
io speed test and the layout tests."""
from __future__ import annotations

import random

import pymupdf

NAMES = ["一般公共服务支出", "人大事务", "行政运行", "机关服务", "社会保障和就业支出",
         "行政事业单位养老支出", "机关事业单位基本养老保险缴费支出", "住房公积金"]


def dense_table_pdf(rows: int = 36, cols: int = 9) -> bytes:
    """A landscape A4 page filled by the table (no title, no page number)."""
    rnd = random.Random(7)
    doc = pymupdf.open()
    page = doc.new_page(width=842, height=595)
    x0, y0, cw, rh = 20.0, 40.0, 89.0, 14.5
    shape = page.new_shape()
    for r in range(rows):
        for k in range(cols):
            shape.draw_rect(pymupdf.Rect(x0 + k * cw, y0 + r * rh, x0 + (k + 1) * cw,
                                         y0 + (r + 1) * rh))
    shape.finish(color=(0, 0, 0), width=0.5)
    shape.commit()
    for r in range(rows):
        for k in range(cols):
            text = (str(2010101 + r) if k == 0 else rnd.choice(NAMES)[:9] if k == 1
                    else f"{rnd.uniform(0, 99999):,.2f}")
            page.insert_text((x0 + k * cw + 2, y0 + r * rh + 11), text, fontname="china-s",
                             fontsize=8)
    data = doc.tobytes(deflate=True)
    doc.close()
    return data
