"""find_rules: ruling lines of a scanned page, in page space, through degradations."""
from __future__ import annotations

import time

import numpy as np
import pymupdf
import pytest
from scan_pages import (blur, broken, cmid_rules, cmidrules_pdf, dense_pdf, fax, faint,
                        grid_rules, hrules, jpeg, noise, prose_pdf, render, report_pdf, skew,
                        stacked_pdf, stacked_rules, stamp, tens_pdf, tens_rules, words_and_rules, worn)

from fiscaldoc.layout.rules import find_rules
from fiscaldoc.tables.grid import find_grids

TOL = 1.5
DEGRADE = {
    "blur": lambda img, t: blur(img),
    "noise": lambda img, t: noise(img, 12.0),
    "jpeg40": lambda img, t: jpeg(img, 40),
    "stamp": lambda img, t: stamp(img, t, 150, 250),          # red ink over the grid
    "broken": lambda img, t: broken(img, t),
    "fax": lambda img, t: fax(img),
    "faint": lambda img, t: faint(img),
    "medium": lambda img, t: jpeg(noise(blur(stamp(img, t, 430, 200)), 8)),
}


def unmatched(found, drawn):
    """Drawn rules with no found rule within TOL at both ends, and found rules drawn nowhere."""
    def near(f, d):
        return all(abs(a - b) <= TOL for a, b in zip((f.x0, f.y0, f.x1, f.y1), d))
    missing = [d for d in drawn if not any(near(f, d) for f in found)]
    extra = [f for f in found if not any(near(f, d) for d in drawn)]
    return missing, extra


def _along(x0, y0, x1, y1):
    if abs(y1 - y0) <= abs(x1 - x0):
        return True, y0, min(x0, x1), max(x0, x1)
    return False, x0, min(y0, y1), max(y0, y1)


def weak_edges(found, drawn, share=0.6):
    """Drawn cell edges (rules cut where they cross) less than *share* covered by found
    rules on their line: there a grid sees no rule and joins two cells."""
    lines = [_along(*d) for d in drawn]
    got = [_along(f.x0, f.y0, f.x1, f.y1) for f in found]
    weak = []
    for h, p, a, b in lines:
        cuts = sorted({a, b} | {q for h2, q, a2, b2 in lines
                                if h2 != h and a < q < b and a2 - TOL <= p <= b2 + TOL})
        for e0, e1 in zip(cuts, cuts[1:]):
            cover, cur = 0.0, e0
            for s0, s1 in sorted((max(e0, fa), min(e1, fb)) for fh, fp, fa, fb in got
                                 if fh == h and abs(fp - p) <= TOL):
                if s1 > max(s0, cur):
                    cover, cur = cover + s1 - max(s0, cur), s1
            if cover < share * (e1 - e0):
                weak.append((h, p, e0, e1))
    return weak


def stray(found, drawn):
    """Found rules lying off every drawn rule."""
    lines = [_along(*d) for d in drawn]
    return [f for f in found if not any(
        h == fh and abs(p - fp) <= TOL and a - TOL <= fa and fb <= b + TOL
        for h, p, a, b in lines for fh, fp, fa, fb in [_along(f.x0, f.y0, f.x1, f.y1)])]


def cells(grid):
    return sorted((c.row, c.col, c.row_span, c.col_span, c.text) for c in grid.cells)


@pytest.mark.parametrize("dpi", [150, 200, 300])
@pytest.mark.parametrize("style", ["grid", "hrules"])
def test_drawn_rules_are_found_at_each_resolution(style, dpi):
    img, t = render(report_pdf(style), dpi)
    drawn = grid_rules() if style == "grid" else hrules()
    assert unmatched(find_rules(img, t), drawn) == ([], [])


@pytest.mark.parametrize("name", sorted(DEGRADE))
@pytest.mark.parametrize("style", ["grid", "hrules"])
def test_rules_survive_degradation(style, name):
    img, t = render(report_pdf(style, rule_width=0.5), 200)
    drawn = grid_rules() if style == "grid" else hrules()
    assert unmatched(find_rules(DEGRADE[name](img, t), t), drawn) == ([], [])


@pytest.mark.parametrize("dpi", [150, 200])
def test_opaque_seal_printed_over_the_grid(dpi):
    img, t = render(report_pdf("grid", seal=True), dpi)
    assert unmatched(find_rules(jpeg(img, 40), t), grid_rules()) == ([], [])


@pytest.mark.parametrize("name", ["clean", "medium", "fax"])
@pytest.mark.parametrize("style", ["grid", "hrules"])
def test_grid_from_raster_rules_equals_grid_from_vector_rules(style, name):
    words, vector = words_and_rules(report_pdf(style))
    img, t = render(report_pdf(style), 200)
    if name != "clean":
        img = DEGRADE[name](img, t)
    want = [cells(g) for g in find_grids(words, vector)]
    assert len(want) == 1 and len(want[0]) >= 30
    assert [cells(g) for g in find_grids(words, find_rules(img, t))] == want


@pytest.mark.parametrize("name", ["clean", "blur", "medium", "fax"])
def test_characters_stacked_down_a_column_are_no_rule(name):
    # the 十 of 十、十一、…、二十四、 stand one under another in tight rows: after blur their
    # strokes chain across the row rules, but they stop short of each rule they cross
    img, t = render(tens_pdf(), 200)
    if name != "clean":
        img = DEGRADE[name](img, t)
    assert unmatched(find_rules(img, t), tens_rules()) == ([], [])


@pytest.mark.parametrize("name", ["clean", "blur", "fax", "medium"])
def test_partial_rules_four_points_apart_stay_apart(name):
    # a fax thickens every stroke, so the blank gap between two partial header rules shrinks
    img, t = render(cmidrules_pdf(), 200)
    img = fax(img, thicken=True) if name == "fax" else img if name == "clean" else DEGRADE[name](img, t)
    assert unmatched(find_rules(img, t), cmid_rules()) == ([], [])


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_light_rules_next_to_black_text(seed):
    # the local-mean ink threshold loses a light grey rule where dark text is near it
    img, t = render(report_pdf("grid"), 200)
    img = jpeg(noise(blur(worn(img, t, grid_rules(), level=200, seed=seed), 1.0), 6, seed), 40)
    found = find_rules(img, t)
    assert weak_edges(found, grid_rules()) == [] and stray(found, grid_rules()) == []


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_broken_rules_keep_every_cell_edge(seed):
    # worn horizontal rules with a 4 pt blank gap every 60 pt: pieces of one rule are judged
    # together (a piece between two gaps touches no vertical rule)
    img, t = render(report_pdf("grid"), 200)
    broken_hs = [r for r in grid_rules() if r[1] == r[3]]
    img = jpeg(noise(blur(worn(img, t, grid_rules(), broken_hs, seed=seed), 1.0), 6, seed), 40)
    found = find_rules(img, t)
    assert weak_edges(found, grid_rules()) == [] and stray(found, grid_rules()) == []


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_broken_rules_make_the_grid_of_the_drawn_rules(seed):
    # a piece between two gaps touches no vertical rule: it must still belong to the grid
    # (the grid builder takes the rules connected to each other), or two cells merge
    words, vector = words_and_rules(report_pdf("grid"))
    img, t = render(report_pdf("grid"), 200)
    broken_hs = [r for r in grid_rules() if r[1] == r[3]]
    img = jpeg(noise(blur(worn(img, t, grid_rules(), broken_hs, seed=seed), 1.0), 6, seed), 40)
    want = [cells(g) for g in find_grids(words, vector)]
    assert [cells(g) for g in find_grids(words, find_rules(img, t))] == want


@pytest.mark.parametrize("name", ["clean", "medium", "faint"])
def test_tables_one_under_the_other_stay_apart(name):
    # their aligned verticals are pieces of one line across a short blank gap, but the gap
    # runs from one table's bottom rule to the other's top rule: no wear to close
    img, t = render(stacked_pdf(), 200)
    if name != "clean":
        img = DEGRADE[name](img, t)
    found = find_rules(img, t)
    assert unmatched(found, stacked_rules()) == ([], [])
    assert len(find_grids((), found)) == 2


def test_rule_under_a_wide_solid_stamp():
    # blur and JPEG tint the black rule under red ink red: it is lost under the whole disc
    img, t = render(report_pdf("grid"), 200)
    img = jpeg(noise(blur(stamp(img, t, 360, 218, r=45, core=32), 1.0), 6), 40)
    assert unmatched(find_rules(img, t), grid_rules()) == ([], [])


def test_quarter_turned_image_gives_the_same_page_rules():
    img, t = render(report_pdf("grid"), 150)
    turned = np.ascontiguousarray(np.rot90(img, 1))
    assert unmatched(find_rules(turned, t.rotate90(1)), grid_rules()) == ([], [])


def test_residual_skew_is_tolerated():
    img, t = render(report_pdf("grid"), 200)
    assert unmatched(find_rules(skew(img, 0.15), t), grid_rules())[0] == []


@pytest.mark.parametrize("pdf", [lambda: report_pdf("none"), prose_pdf])
@pytest.mark.parametrize("name", ["clean", "fax", "medium"])
def test_text_pages_have_no_rules(pdf, name):
    img, t = render(pdf(), 200)
    if name != "clean":
        img = DEGRADE[name](img, t)
    assert find_rules(img, t) == ()


def test_dense_table_every_rule():
    img, t = render(dense_pdf(), 200)
    found = find_rules(img, t)
    hs = sorted(s.y0 for s in found if s.horizontal)
    vs = sorted(s.x0 for s in found if not s.horizontal)
    assert np.allclose(hs, [40 + 14.5 * r for r in range(37)], atol=TOL)
    assert np.allclose(vs, [20 + 89 * k for k in range(10)], atol=TOL)


@pytest.mark.slow
@pytest.mark.parametrize("pdf", [lambda: report_pdf("grid"), prose_pdf, dense_pdf])
def test_a4_page_at_200_dpi_is_fast(pdf):
    img, t = render(pdf(), 200)
    find_rules(img, t)
    best = min(_timed(find_rules, img, t) for _ in range(5))
    assert best < 0.150


def _timed(f, *args) -> float:
    t0 = time.process_time()
    f(*args)
    return time.process_time() - t0


@pytest.mark.parametrize("name", ["clean", "blur", "medium"])
def test_short_rule_under_a_partial_header_rule_is_kept(tmp_path, name):
    """Seed 001's 政府性基金 table: the rule between 基本支出 and 项目支出 runs from the partial
    rule under 本年支出 down; a stroke of 出 above the partial rule continues it in the ink, and
    the rule must still be found (the table lost a column).  Blurred, the rule between 科目代码
    and 科目名称 runs on up into the gap of 项目 above it, joined to the edge of a stroke of
    项 beside it (a sliver one pixel wide): it must be found too."""
    import json
    from pathlib import Path

    import pymupdf

    from benchmarks.corpus.render import render_pdf

    truth = json.loads((Path(__file__).parent.parent / "data" / "truth"
                        / "001_c7293efaaecdcf45.json").read_text(encoding="utf-8"))
    table = next(t for t in truth["tables"] if "政府性基金" in t["title"])
    pdf = tmp_path / "fund.pdf"
    manifest = render_pdf({**truth, "tables": [table]}, pdf, "grid")
    with pymupdf.open(pdf) as doc:            # the table's page alone
        doc.select([manifest["tables"][0]["pages"][0]])
        data = doc.tobytes()
    words, vector = words_and_rules(data)
    img, t = render(data, 200)
    if name != "clean":
        img = DEGRADE[name](img, t)
    want = [cells(g) for g in find_grids(words, vector)]
    assert len(want) == 1 and max(c[1] for c in want[0]) == 7       # 8 columns
    assert [cells(g) for g in find_grids(words, find_rules(img, t))] == want


def test_rule_settings_are_passed_not_patched():
    """Rule finding takes its thresholds from a settings object in points: a page's short
    rules are kept by default and dropped when the settings ask for longer ones."""
    from fiscaldoc.layout.settings import RULES, RuleSettings

    img, t = render(report_pdf("grid"), 200)
    found = find_rules(img, t)
    assert found == find_rules(img, t, RULES)
    longer = find_rules(img, t, RuleSettings(long_pt=2000.0, min_h_pt=2000.0, min_v_pt=2000.0,
                                             partial_min_pt=2000.0, stub_pt=2000.0))
    assert len(longer) < len(found)
    assert RULES.at(200 / 72).long == RULES.long_pt * 200 / 72


def _touched_pdf() -> bytes:
    """A dense ruled table whose right-aligned amounts run up to the column rules on every
    row (no padding), as in many real 决算 tables."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    xs, top, pitch, rows = [60.0, 200.0, 320.0, 440.0, 540.0], 100.0, 16.0, 24
    shape = page.new_shape()
    for x in xs:
        shape.draw_line((x, top), (x, top + pitch * rows))
    for r in range(rows + 1):
        shape.draw_line((xs[0], top + pitch * r), (xs[-1], top + pitch * r))
    shape.finish(color=(0, 0, 0), width=0.8)
    shape.commit()
    for r in range(rows):
        y = top + pitch * r + 12
        page.insert_text((xs[0] + 3, y), f"项目{r + 1}", fontname="china-s", fontsize=10)
        for c in range(1, 4):
            text = f"{(r + 3) * 1234567 * c:,}"
            width = pymupdf.get_text_length(text, fontname="helv", fontsize=10)
            page.insert_text((xs[c + 1] - width - 0.3, y), text, fontname="helv", fontsize=10)
    data = doc.tobytes()
    doc.close()
    return data


def test_column_rules_touched_by_amounts_on_every_row_are_rules():
    img, t = render(_touched_pdf(), 200)
    found = find_rules(blur(img, 1.0), t)
    verticals = [r for r in found if r.x0 == r.x1 or abs(r.x1 - r.x0) < 1]
    for x in (200.0, 320.0, 440.0, 540.0):      # each column rule, top to bottom
        mine = [r for r in verticals if abs(r.x0 - x) < 2]
        assert mine and max(r.y1 for r in mine) - min(r.y0 for r in mine) > 0.9 * 16 * 24, x


def test_without_the_touched_rule_criterion_those_rules_are_lost():
    from fiscaldoc.layout.settings import RuleSettings

    img, t = render(_touched_pdf(), 200)
    found = find_rules(blur(img, 1.0), t, RuleSettings(touched_run=0.0))
    whole = [x for x in (200.0, 320.0, 440.0, 540.0)
             if sum(r.y1 - r.y0 for r in found if abs(r.x1 - r.x0) < 1 and abs(r.x0 - x) < 2)
             > 0.9 * 16 * 24]
    assert len(whole) < 4
