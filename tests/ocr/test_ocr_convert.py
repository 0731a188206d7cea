"""Conversion of recorded raw engine output (tests/data/ocr/*.json) into OcrHits."""
import json
from pathlib import Path

import pytest

from fiscaldoc.errors import EngineError
from fiscaldoc.ocr import fastpaddle, paddle, rapid, tesseract

DATA = Path(__file__).resolve().parents[1] / "data" / "ocr"
CONVERT = {"rapid": rapid.hits_from_raw, "fastpaddle": fastpaddle.hits_from_raw,
           "paddle": paddle.hits_from_raw, "tesseract": tesseract.hits_from_raw}


def _load(name):
    return json.loads((DATA / f"{name}.json").read_text())


def _area(quad):
    """Shoelace sum; positive when the points run clockwise on screen (y down)."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(quad, quad[1:] + quad[:1]))


@pytest.mark.parametrize("name", sorted(CONVERT))
def test_recorded_page_gives_every_cell_text(name):
    data = _load(name)
    texts = [h.text for h in CONVERT[name](data["page"])]
    assert set(data["cell_texts"]) <= set(texts)


@pytest.mark.parametrize("name", sorted(CONVERT))
def test_quads_are_clockwise_from_top_left_inside_the_image(name):
    data = _load(name)
    h, w = data["image_shape"][:2]
    for hit in CONVERT[name](data["page"]):
        quad = list(hit.quad)
        assert _area(quad) > 0
        assert quad[0] == min(quad, key=lambda p: (p[0] + p[1], p[1]))
        assert all(-2 <= x <= w + 2 and -2 <= y <= h + 2 for x, y in quad)


@pytest.mark.parametrize("name", sorted(CONVERT))
def test_confidences_lie_in_zero_one(name):
    hits = CONVERT[name](_load(name)["page"])
    assert hits and all(0.0 <= hit.conf <= 1.0 for hit in hits)


@pytest.mark.parametrize("name", sorted(CONVERT))
def test_min_conf_drops_hits(name):
    raw = _load(name)["page"]
    hits = CONVERT[name](raw)
    cut = sorted(h.conf for h in hits)[len(hits) // 2]
    kept = CONVERT[name](raw, min_conf=cut)
    assert 0 < len(kept) < len(hits) and all(h.conf >= cut for h in kept)


@pytest.mark.parametrize("name", sorted(CONVERT))
def test_blank_image_output_gives_no_hits(name):
    assert CONVERT[name](_load(name)["blank"]) == []


def test_rapid_keeps_one_hit_per_box():
    raw = _load("rapid")["page"]
    assert len(rapid.hits_from_raw(raw)) == len([t for t in raw["txts"] if t.strip()])


def test_rapid_mismatched_lengths_are_an_engine_error():
    raw = dict(_load("rapid")["page"])
    raw["scores"] = raw["scores"][:-1]
    with pytest.raises(EngineError):
        rapid.hits_from_raw(raw)


def test_fastpaddle_boxes_become_rectangles():
    raw = _load("fastpaddle")["page"]
    first = raw["bounds"]["0"]
    hit = fastpaddle.hits_from_raw(raw)[0]
    (x0, y0), (x1, y1) = first["topLeftCoord"], first["bottomRightCoord"]
    assert hit.quad == ((x0, y0), (x1, y0), (x1, y1), (x0, y1))


def test_paddle_keeps_its_polygons():
    raw = _load("paddle")["page"]
    hits = paddle.hits_from_raw(raw)
    assert len(hits) == len(raw["rec_texts"])
    assert sorted(map(tuple, raw["rec_polys"][0])) == sorted(hits[0].quad)


def _tsv(words):
    head = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth" \
           "\theight\tconf\ttext"
    rows = [f"5\t1\t1\t1\t1\t{i}\t{x}\t10\t{w}\t30\t{c}\t{t}"
            for i, (x, w, c, t) in enumerate(words, 1)]
    return "\n".join([head] + rows) + "\n"


def test_tesseract_line_splits_at_a_cell_wide_gap():
    tsv = _tsv([(0, 30, 90, "事"), (32, 30, 80, "业"), (300, 60, 70, "359.30")])
    hits = tesseract.hits_from_tsv(tsv)
    assert [(h.text, round(h.conf, 2)) for h in hits] == [("事业", 0.85), ("359.30", 0.7)]
    assert hits[0].bbox == (0, 10, 62, 40)


def test_tesseract_keeps_spaces_between_latin_words_only():
    tsv = _tsv([(0, 40, 90, "PP"), (50, 40, 90, "OCR"), (100, 30, 90, "版")])
    assert [h.text for h in tesseract.hits_from_tsv(tsv)] == ["PP OCR版"]


def test_tesseract_boxes_return_to_caller_pixels():
    tsv = _tsv([(100, 40, 90, "359.30")])
    hit = tesseract.hits_from_raw({"tsv": tsv, "scale": 2.0})[0]
    assert hit.bbox == (50, 5, 70, 20)
