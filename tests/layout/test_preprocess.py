"""prepare: quarter turns, deskew, and a transform that maps straightened pixels to page points."""
from __future__ import annotations

import cv2
import numpy as np
import pytest
from scan_pages import MARK, blur, dense_pdf, jpeg, noise, render, report_pdf, skew, skew_point

from fiscaldoc.geometry import PageTransform
from fiscaldoc.layout.preprocess import Prepared, estimate_skew, flip_score, prepare


def scan(style: str, dpi: int, turns: int, degrees: float, degrade: bool = False):
    """A page 'scanned' turned by *turns* quarter turns ccw and skewed *degrees* ccw: the
    image, its transform (the scan is the page) and where the page's mark lies on it."""
    img, t = render(report_pdf(style, mark=True), dpi)
    h, w = img.shape[:2]
    s = dpi / 72.0
    crooked = skew(img, degrees)
    if degrade:
        crooked = jpeg(noise(blur(crooked), 8))
    mx, my = skew_point(*t.to_pixels(*MARK), w, h, degrees)
    frame = PageTransform.for_render(w / s, h / s, dpi).rotate90(turns)
    qx, qy = frame.to_pixels(mx / s, my / s)
    out = np.ascontiguousarray(np.rot90(crooked, turns))
    page_t = PageTransform.for_render(out.shape[1] / s, out.shape[0] / s, dpi)
    return out, page_t, (qx / s, qy / s)


def mark_centre(img: np.ndarray) -> tuple[float, float]:
    """Centre of the largest solid black blob (the 6 pt mark)."""
    g = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)
    b = cv2.morphologyEx(np.where(g < 128, 255, 0).astype(np.uint8), cv2.MORPH_OPEN,
                         np.ones((9, 9), np.uint8))
    n, _, stats, centres = cv2.connectedComponentsWithStats(b)
    i = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    return float(centres[i][0]), float(centres[i][1])


def assert_mark(p: Prepared, truth: tuple[float, float]) -> None:
    x, y = p.transform.to_page(*mark_centre(p.image))
    assert abs(x - truth[0]) <= 1.5 and abs(y - truth[1]) <= 1.5


def test_a_straight_page_is_left_alone():
    img, t = render(report_pdf("grid"), 200)
    p = prepare(img, t)
    assert (p.quarter_turns, p.skew) == (0, 0.0)
    assert p.transform == t and p.image is img


@pytest.mark.parametrize("degrees", [1.5, -1.5, 4.0, -4.0])
@pytest.mark.parametrize("style", ["grid", "none"])
def test_skew_is_measured_and_undone(style, degrees):
    img, t, truth = scan(style, 200, 0, degrees)
    p = prepare(img, t)
    assert p.quarter_turns == 0
    assert abs(p.skew + degrees) <= 0.15          # turning back undoes the scan's skew
    assert_mark(p, truth)


@pytest.mark.parametrize("turns", [1, 2, 3])
def test_quarter_turns_are_undone(turns):
    img, t, truth = scan("grid", 150, turns, 0.0)
    p = prepare(img, t)
    assert p.quarter_turns == (4 - turns) % 4
    assert p.image.shape[:2] == (int(round(842 * 150 / 72)), int(round(595 * 150 / 72)))
    assert_mark(p, truth)


def test_sideways_skewed_degraded_hrules_page():
    img, t, truth = scan("hrules", 200, 1, -2.3, degrade=True)
    p = prepare(img, t)
    assert p.quarter_turns == 3 and abs(p.skew - 2.3) <= 0.15
    assert_mark(p, truth)


def test_transform_records_every_step():
    img, t, _ = scan("grid", 150, 3, 2.0)
    p = prepare(img, t)
    names = [s.name for s in p.transform.steps]
    assert names[:2] == ["scale", "rotate90"] and "deskew" in names
    t2 = p.transform
    assert (t2.image_width, t2.image_height) == (p.image.shape[1], p.image.shape[0])


def test_max_skew_bounds_the_search():
    img, t, _ = scan("grid", 150, 0, 4.0)
    assert abs(estimate_skew(img, 150, max_skew=2.0)) <= 2.0
    assert prepare(img, t, max_skew=0.0).skew == 0.0


def test_upright_score_decides_a_half_turn():
    img, t = render(dense_pdf(), 150)                 # no title, no page number: no cue
    flipped = cv2.rotate(img, cv2.ROTATE_180)
    assert flip_score(flipped, 150) == 0.0
    assert prepare(flipped, t).quarter_turns == 0
    calls = []

    def ink_high(image):                             # stands in for an OCR confidence
        calls.append(image.shape)
        rows = np.flatnonzero((cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) < 128).any(axis=1))
        return -float(rows.mean()) if len(rows) else 0.0

    top_heavy = np.full_like(img, 255)
    top_heavy[: img.shape[0] // 2] = img[: img.shape[0] // 2]
    p = prepare(cv2.rotate(top_heavy, cv2.ROTATE_180), t, upright_score=ink_high)
    assert p.quarter_turns == 2 and len(calls) == 2


def test_flip_score_reads_title_and_page_number():
    img, _ = render(report_pdf("grid"), 150)
    assert flip_score(img, 150) > 0 > flip_score(cv2.rotate(img, cv2.ROTATE_180), 150)


def test_prepared_compares_without_the_image():
    img, t = render(report_pdf("none"), 100)
    a, b = prepare(img, t), prepare(img.copy(), t)
    assert a == b and "array" not in repr(a) and not repr(a).startswith("Prepared(image")


def test_image_must_match_transform():
    img, t = render(report_pdf("none"), 100)
    with pytest.raises(ValueError):
        prepare(img[:-1], t)


def test_faint_broken_rules_do_not_turn_a_table_page_over(tmp_path):
    """Seed 003's 财政拨款收入支出决算总表 scanned with light, worn rules: the ink threshold
    breaks the light rules into pieces too short to be taken for lines, and left among the
    text they doubled its character size (22 px for 11 at 100 dpi), so the title and
    page-number cue misread the upright page as upside down."""
    import json
    from pathlib import Path

    import pymupdf

    from benchmarks.corpus.degrade import degrade
    from benchmarks.corpus.render import render_pdf

    from fiscaldoc.layout.raster import SmallCopy

    truth = json.loads((Path(__file__).parent.parent / "data" / "truth"
                        / "003_fb4b9785bdfc6f0d.json").read_text(encoding="utf-8"))
    table = next(t for t in truth["tables"] if t["title"].startswith("2020年度财政拨款收入支出决算总表"))
    pdf = tmp_path / "total.pdf"
    manifest = render_pdf({**truth, "tables": [table]}, pdf, "grid")
    with pymupdf.open(pdf) as doc:            # the table's first page alone
        doc.select([manifest["tables"][0]["pages"][0]])
        data = doc.tobytes()
    img, t = render(data, 200)
    clean_em = SmallCopy(img, 200).em
    img = degrade(img, "faint", dpi=200, seed=304)
    assert SmallCopy(img, 200).em <= 1.25 * clean_em
    assert prepare(img, t).quarter_turns == 0


def test_quarter_score_decides_which_way_a_sideways_page_turns():
    # a landscape table across a portrait page: no title or page number cue, and the
    # direction of a quarter turn is a guess without the recogniser (quarter_score)
    img, t = render(dense_pdf(), 150)
    sideways = np.ascontiguousarray(np.rot90(img, 1))          # turned a quarter ccw
    page_t = PageTransform.for_render(sideways.shape[1] * 72 / 150, sideways.shape[0] * 72 / 150, 150)
    assert flip_score(cv2.rotate(sideways, cv2.ROTATE_90_COUNTERCLOCKWISE), 150) == 0.0
    assert prepare(sideways, page_t).quarter_turns == 1       # the guess: upside down
    small = cv2.resize(img, (64, 64), interpolation=cv2.INTER_AREA).astype(np.float64)

    def like_upright(image):                                   # stands in for OCR confidence
        s = cv2.resize(image, (64, 64), interpolation=cv2.INTER_AREA).astype(np.float64)
        return -float(np.abs(s - small).mean())

    p = prepare(sideways, page_t, quarter_score=like_upright)
    assert p.quarter_turns == 3
    assert np.abs(cv2.resize(p.image, (64, 64), interpolation=cv2.INTER_AREA) - small).mean() < 20


def test_quarter_score_is_not_asked_about_an_upright_page():
    img, t = render(dense_pdf(), 150)
    calls = []
    prepare(img, t, quarter_score=lambda image: calls.append(1) or 0.0)
    assert calls == []
