"""The int8 recogniser: built from the bundled model and the shipped ranges, cached, refused
for another model, and read again in float where it is unsure."""
import json
import shutil

import numpy as np
import pytest

import ocr_synth
from fiscaldoc.ocr import rapid
from fiscaldoc.ocr.int8 import RANGES, Int8Unavailable, int8_model

pytestmark = pytest.mark.engine


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    return tmp_path_factory.mktemp("int8")


@pytest.fixture(scope="module")
def engine(cache):
    mp = pytest.MonkeyPatch()
    mp.setenv("FISCALDOC_CACHE", str(cache))
    try:
        yield rapid.RapidEngine(threads=1)
    finally:
        mp.undo()


@pytest.fixture(scope="module")
def cells():
    page, truth = ocr_synth.table_page(n_rows=8)
    crops = [ocr_synth.degrade(c, angle=0.0, seed=k)[0]
             for k, c in enumerate(ocr_synth.crop_cells(page, truth))]
    return crops, [c.text for c in truth]


def test_int8_model_is_built_once_into_the_cache(engine, cache):
    built = sorted(cache.glob("rec_int8_*.onnx"))
    assert engine.rec_precision == "int8" and engine.rec_precision_note == ""
    assert len(built) == 1 and built[0].stat().st_size > 1_000_000
    stamp = built[0].stat().st_mtime_ns
    again = int8_model(rapid.bundled_model_dir() / rapid.REC_MODEL, folder=cache)
    assert again == built[0] and again.stat().st_mtime_ns == stamp


def test_int8_engine_reads_degraded_cells_exactly(engine, cells):
    crops, texts = cells
    assert ["".join(h.text for h in hits) for hits in engine.recognize_crops(crops)] == texts


@pytest.mark.parametrize("below,model", [(1.01, "float"), (0.0, "int8")])
def test_unsure_lines_are_read_again_in_float(engine, cells, monkeypatch, below, model):
    # every line unsure -> each line is read again alone, and float's reading is kept unless
    # it is less sure than int8's; none unsure -> int8's own
    crops, _ = cells
    monkeypatch.setattr(rapid, "REREAD_BELOW", below)
    int8 = engine._read_with(engine._rec8, crops)
    if model == "float":
        floats = [engine._read_with(engine._rec, [c])[0] for c in crops]
        expected = [f if f[1] >= i[1] else i for f, i in zip(floats, int8)]
        assert any(f[1] >= i[1] for f, i in zip(floats, int8))
    else:
        expected = int8
    assert engine._read_lines(crops) == expected


def test_a_reading_int8_is_surer_of_is_kept(engine, monkeypatch):
    # three unsure lines: float's reading is kept unless float is less sure ("21004" at 0.89
    # from int8, "210 0" at 0.85 from float); a figure with two close points is float's
    # whatever the scores
    lines = [np.full((32, 100 + k, 3), 255, np.uint8) for k in range(3)]
    readings = {(True, 100): ("21004", 0.89), (False, 100): ("210 0 ", 0.85),
                (True, 101): ("7.0.0", 0.95), (False, 101): ("7.00", 0.93),
                (True, 102): ("一般", 0.5), (False, 102): ("一般公共", 0.8)}

    def read(recogniser, images, per_batch=None):
        return [readings[(recogniser is engine._rec8, img.shape[1])] for img in images]

    monkeypatch.setattr(engine, "_read_with", read)
    assert engine._read_lines(lines) == [("21004", 0.89), ("7.00", 0.93), ("一般公共", 0.8)]


def _letter_spaced(text):
    """``text`` with its glyphs 0.9 text heights apart, a third of a height of paper
    above and below (a line image as the cell crops make it)."""
    img = ocr_synth.lines_image([text])
    dark = img.min(axis=2) < 128
    rows, cols = np.flatnonzero(dark.any(axis=1)), np.flatnonzero(dark.any(axis=0))
    height = rows[-1] + 1 - rows[0]
    margin = height // 3
    line = img[rows[0] - margin:rows[-1] + 1 + margin]
    glyphs = np.split(cols, np.flatnonzero(np.diff(cols) > 1) + 1)
    gap = np.full((line.shape[0], int(0.9 * height), 3), 255, np.uint8)
    parts = [gap]
    for g in glyphs:
        parts += [line[:, g[0]:g[-1] + 1], gap]
    return np.hstack(parts)


def test_a_line_read_again_reads_as_alone_beside_wider_lines(engine, monkeypatch):
    # a batch pads its lines with grey to its widest: beside a line three times wider the
    # float model reads this figure otherwise than alone; a line read again is read alone
    figure = _letter_spaced("12.34")
    wide = np.full((figure.shape[0], 3 * figure.shape[1], 3), 255, np.uint8)
    alone = engine._read_with(engine._rec, [figure])[0]
    assert engine._read_with(engine._rec, [figure, wide])[0][0] != alone[0]
    monkeypatch.setattr(rapid, "REREAD_BELOW", 1.01)
    int8 = engine._read_with(engine._rec8, [figure, wide])[0]
    assert engine._read_lines([figure, wide])[0] == (alone if alone[1] >= int8[1] else int8)


@pytest.mark.parametrize("text,again", [
    ("7.0.0", True), ("7. 0.0", True), ("1.02.3", True),
    ("7.00", False), ("1,706.28", False), ("2.790.06", False), ("359.30359.30", False),
    ("0. 0 0", False), ("一、", False)])
def test_a_figure_with_two_close_points_is_read_again(text, again):
    assert bool(rapid.TWO_POINTS.search(text)) is again


def test_ranges_measured_on_another_model_are_refused(tmp_path):
    spec = json.loads(RANGES.read_text(encoding="utf-8"))
    spec["source_sha256"] = "0" * 64
    other = tmp_path / "ranges.json"
    other.write_text(json.dumps(spec), encoding="utf-8")
    with pytest.raises(Int8Unavailable, match="another model"):
        int8_model(rapid.bundled_model_dir() / rapid.REC_MODEL, other, folder=tmp_path)
    assert not list(tmp_path.glob("rec_int8_*.onnx"))


def test_a_users_recogniser_is_read_in_float(tmp_path):
    own = tmp_path / "my_rec.onnx"
    shutil.copy(rapid.bundled_model_dir() / rapid.REC_MODEL, own)
    engine = rapid.RapidEngine(rec_model=own, threads=1)
    assert engine.rec_precision == "float32" and "bundled" in engine.rec_precision_note
    assert engine._rec8 is None


def test_float32_precision_loads_no_int8_model(tmp_path, monkeypatch):
    monkeypatch.setenv("FISCALDOC_CACHE", str(tmp_path))
    engine = rapid.RapidEngine(threads=1, rec_precision="float32")
    assert engine.rec_precision == "float32" and engine._rec8 is None
    assert not list(tmp_path.iterdir())


def test_a_damaged_cached_model_falls_back_to_float_and_is_removed(tmp_path, monkeypatch):
    monkeypatch.setenv("FISCALDOC_CACHE", str(tmp_path))
    path = int8_model(rapid.bundled_model_dir() / rapid.REC_MODEL)
    path.write_bytes(path.read_bytes()[:5000])    # cut short, as by a full disk
    engine = rapid.RapidEngine(threads=1)
    assert engine.rec_precision == "float32" and "could not be loaded" in engine.rec_precision_note
    assert not path.exists()
    assert rapid.RapidEngine(threads=1).rec_precision == "int8"   # built again


def test_no_cache_folder_means_float_not_a_failed_engine(monkeypatch):
    from fiscaldoc.ocr import int8

    def nowhere():
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.delenv("FISCALDOC_CACHE", raising=False)
    monkeypatch.setattr(int8, "cache_dir", nowhere)
    engine = rapid.RapidEngine(threads=1)
    assert engine.rec_precision == "float32" and "home directory" in engine.rec_precision_note
