"""Shared pieces of the row-ruled test pages (test_rowrules_flow, test_rowrules_styles)."""
from __future__ import annotations

FONT = "china-s"
FS = 9.0


def draw_title(page, x0: float, y: float, title: str) -> float:
    """A table title and its 单位 line from ``y`` down; returns the y under them."""
    page.insert_text((x0 + 120, y + 14), title, fontname=FONT, fontsize=14)
    page.insert_text((x0 + 400, y + 32), "单位：万元", fontname=FONT, fontsize=FS)
    return y + 42
