"""Worn ends (``layout.worn`` through find_rules): a short rule of a small header grid whose
end stops a wear gap short of the rule it runs to is still found, when it runs through a
rule it crosses; and a short rule running on into a character is judged without it."""
from __future__ import annotations

import cv2
import numpy as np
import pytest
import pymupdf
from scan_pages import FONT, blur, jpeg, merge_segments, noise, render, words_and_rules, worn
from test_scan_rules import stray, weak_edges

from fiscaldoc.geometry import PageTransform
from fiscaldoc.layout.preprocess import prepare
from fiscaldoc.layout.rules import find_rules
from fiscaldoc.tables.grid import find_grids

# a 三公-like header: 合计 | 公务用车购置及运行费 over 购置费, 运行费, 小计 | 公务接待费; then 栏次
XS = [50.0, 150.0, 250.0, 350.0, 450.0, 545.0]
YS = [100.0, 116.0, 132.0, 158.0, 174.0]
CELLS = [(0, 0, 1, 5, "预算数"), (1, 0, 2, 1, "合计"), (1, 1, 1, 3, "公务用车购置及运行费"),
         (1, 4, 2, 1, "公务接待费"), (2, 1, 1, 1, "购置费"), (2, 2, 1, 1, "运行费"),
         (2, 3, 1, 1, "小计")] + [(3, c, 1, 1, str(c + 1)) for c in range(5)]


def _rules() -> list[tuple[float, float, float, float]]:
    segs = set()
    for r, c, rs, cs, _ in CELLS:
        x0, x1, y0, y1 = XS[c], XS[c + cs], YS[r], YS[r + rs]
        segs |= {(x0, y0, x1, y0), (x0, y1, x1, y1), (x0, y0, x0, y1), (x1, y0, x1, y1)}
    return merge_segments(segs)


def _pdf() -> bytes:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for r, c, rs, cs, t in CELLS:
        size = 8.0
        x = (XS[c] + XS[c + cs] - len(t) * size) / 2
        page.insert_text((x, (YS[r] + YS[r + rs]) / 2 + size * 0.35), t, fontname=FONT,
                         fontsize=size)
    shape = page.new_shape()
    for x0, y0, x1, y1 in _rules():
        shape.draw_line((x0, y0), (x1, y1))
        shape.finish(color=(0, 0, 0), width=0.6)
    shape.commit()
    return doc.tobytes()


def cells(grid):
    return sorted((c.row, c.col, c.row_span, c.col_span) for c in grid.cells)


def _scan(img, seed):
    return jpeg(noise(blur(img, 1.0), 6, seed), 40)


def _light(pdf):
    img, t = render(pdf, 200)
    return worn(img, t, _rules(), level=200), t


def _erase(img, t, x, y0, y1):
    """White paper over the vertical rule at *x* from *y0* to *y1* (points)."""
    s = t.dpi / 72.0
    img[int(y0 * s):int(np.ceil(y1 * s)), int(x * s - 4):int(x * s + 5)] = 255


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_short_rule_worn_away_next_to_the_rule_it_runs_from_is_found(seed):
    # the rule between 小计 and 公务接待费 (x = 450, 116 .. 174, short of a long rule) lost
    # 4 pt next to the top rule, leaving a 1.5 pt stub at the corner: it stops 5.5 pt short
    # of the rule it runs from, beyond the blur allowed for; it crosses the rule at 158
    pdf = _pdf()
    img, t = _light(pdf)
    _erase(img, t, XS[4], YS[1] + 1.5, YS[1] + 5.5)
    found = find_rules(_scan(img, seed), t)
    assert weak_edges(found, _rules()) == [] and stray(found, _rules()) == []
    want = [cells(g) for g in find_grids((), words_and_rules(pdf)[1])]
    assert [cells(g) for g in find_grids((), found)] == want


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_short_rule_worn_at_both_ends_is_found(seed):
    # the same rule worn at its top (as above) and 3.5 pt above the bottom rule as well
    pdf = _pdf()
    img, t = _light(pdf)
    _erase(img, t, XS[4], YS[1] + 1.5, YS[1] + 5.5)
    _erase(img, t, XS[4], YS[4] - 5.0, YS[4] - 1.5)
    found = find_rules(_scan(img, seed), t)
    want = [cells(g) for g in find_grids((), words_and_rules(pdf)[1])]
    assert [cells(g) for g in find_grids((), found)] == want


@pytest.mark.parametrize("seed", [0, 1])
def test_a_worn_gap_without_a_crossed_rule_is_no_rule(seed):
    # a 24 pt text-like stroke standing in a cell, meeting the rule above it and stopping
    # 5 pt short of the one below it, crosses no rule: it is not taken for a worn rule
    pdf = _pdf()
    img, t = _light(pdf)
    s = t.dpi / 72.0
    x = 300.0
    cv2.line(img, (round(x * s), round((YS[2] + 0.5) * s)), (round(x * s), round((YS[3] - 5.0) * s)),
             (200, 200, 200), 2)
    found = find_rules(_scan(img, seed), t)
    assert stray(found, _rules()) == []


@pytest.mark.parametrize("doc, title, seed", [
    ("001_c7293efaaecdcf45", "“三公”经费", 109),   # worn at both ends of a short rule
    ("003_fb4b9785bdfc6f0d", "“三公”经费", 308),   # a stub and a gap; a piece cut at a rule
    ("003_fb4b9785bdfc6f0d", "政府性基金", 309),     # runs on up into a stroke of 科
])
def test_small_header_grids_of_a_faint_scan(tmp_path, doc, title, seed):
    """The small header-only tables of the corpus scanned faint (the benchmark's profile
    and seeds): their short header rules are worn at an end, and their grids must be the
    grids of the drawn rules."""
    import json
    from pathlib import Path

    from benchmarks.corpus.degrade import degrade
    from benchmarks.corpus.render import render_pdf

    truth = json.loads((Path(__file__).parent.parent / "data" / "truth" / f"{doc}.json")
                       .read_text(encoding="utf-8"))
    table = next(t for t in truth["tables"] if title in t["title"])
    pdf = tmp_path / "small.pdf"
    manifest = render_pdf({**truth, "tables": [table]}, pdf, "grid")
    with pymupdf.open(pdf) as d:              # the table's page alone
        d.select([manifest["tables"][0]["pages"][0]])
        data = d.tobytes()
    img, t = render(data, 200)
    prep = prepare(degrade(img, "faint", dpi=200, seed=seed), t)    # (it is turned 1°)
    h, w = prep.image.shape[:2]
    frame = PageTransform.for_render(w * 72.0 / 200, h * 72.0 / 200, 200)
    want = [cells(g) for g in find_grids((), words_and_rules(data)[1])]
    assert [cells(g) for g in find_grids((), find_rules(prep.image, frame))] == want
