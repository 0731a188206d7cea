"""One real-engine test per engine (marked `engine`), models loaded once per session.

The default engine never skips: it ships with the base install.  The others skip only
when their SDK is not importable."""
import importlib.util

import numpy as np
import pytest

import ocr_synth
from fiscaldoc.ocr import DEFAULT_ENGINE, get_engine, available_engines

STRINGS = ["2010350", "事业运行", "1,706.28", "一、一般公共服务支出", "359.30"]
OPTIONAL = {"fastpaddle": "faster_paddle", "paddle": "paddleocr"}


def _engine(name):
    if name != DEFAULT_ENGINE:
        if name == "tesseract":
            reason = available_engines()["tesseract"]
            if reason != "ok":
                pytest.skip(reason)
        elif importlib.util.find_spec(OPTIONAL[name]) is None:
            pytest.skip(f"{OPTIONAL[name]} is not installed: {available_engines()[name]}")
    return get_engine(name)


@pytest.fixture(scope="session", params=["rapid", "fastpaddle", "paddle", "tesseract"])
def engine(request):
    return _engine(request.param)


@pytest.fixture(scope="session")
def sample():
    return ocr_synth.lines_image(STRINGS)


@pytest.fixture(scope="session")
def cells():
    page, truth = ocr_synth.table_page(n_rows=5)
    return ocr_synth.crop_cells(page, truth), [c.text for c in truth]


@pytest.mark.engine
def test_page_reads_the_exact_strings(engine, sample):
    hits = engine.recognize_page(sample)
    assert sorted(h.text for h in hits) == sorted(STRINGS)
    h, w = sample.shape[:2]
    for hit in hits:
        x0, y0, x1, y1 = hit.bbox
        assert -2 <= x0 < x1 <= w + 2 and -2 <= y0 < y1 <= h + 2 and 0 <= hit.conf <= 1


@pytest.mark.engine
def test_hits_come_in_reading_order_positions(engine, sample):
    hits = sorted(engine.recognize_page(sample), key=lambda h: h.bbox[1])
    assert [h.text for h in hits] == STRINGS


@pytest.mark.engine
def test_blank_page_gives_no_hits(engine):
    assert engine.recognize_page(np.full((300, 500, 3), 255, np.uint8)) == []


@pytest.mark.engine
def test_cell_crops_read_exactly(engine, cells):
    crops, texts = cells
    results = engine.recognize_crops(crops)
    assert ["".join(h.text for h in hits) for hits in results] == texts


@pytest.mark.engine
def test_two_line_crop_gives_two_hits(engine):
    crop = ocr_synth.lines_image(["行政运行", "359.30"])
    hits = engine.recognize_crops([crop, np.full((40, 200, 3), 255, np.uint8)])
    assert sorted(h.text for h in hits[0]) == sorted(["行政运行", "359.30"])
    assert hits[1] == []


@pytest.mark.engine
def test_rapid_reads_with_a_user_model_dir(tmp_path, sample):
    from fiscaldoc.ocr import rapid

    folder = rapid.bundled_model_dir()
    for name in (rapid.DET_MODEL, rapid.REC_MODEL):
        (tmp_path / name).symlink_to(folder / name)
    engine = rapid.RapidEngine(model_dir=tmp_path)
    assert sorted(h.text for h in engine.recognize_page(sample)) == sorted(STRINGS)


@pytest.mark.engine
@pytest.mark.parametrize("threads", [1, 2])
def test_rapid_reads_lines_side_by_side_in_input_order(cells, threads):
    # several batches of lines run on the cores at once; texts come back in input order
    crops, texts = cells
    engine = get_engine("rapid", threads=threads, rec_batch=2)
    results = engine.recognize_crops(crops[::-1])
    assert ["".join(h.text for h in hits) for hits in results] == texts[::-1]


@pytest.mark.engine
def test_rapid_detection_finds_the_boxes_rapidocr_finds():
    # our detector session and float32 preprocessing stand in for rapidocr's own; the boxes
    # must be the ones rapidocr finds with its stock pipeline on the same model
    from rapidocr import RapidOCR
    from fiscaldoc.ocr import rapid

    page, _ = ocr_synth.table_page(n_rows=8)
    engine = get_engine("rapid")
    stock = RapidOCR(params={"Global.log_level": "error", "Global.use_cls": False,
                             "Det.model_path": str(rapid.bundled_model_dir() / rapid.DET_MODEL),
                             "Det.limit_type": "max", "Det.limit_side_len": 2000})
    ours = engine._ocr(page, use_det=True, use_cls=False, use_rec=False).boxes
    theirs = stock(page, use_det=True, use_cls=False, use_rec=False).boxes
    assert len(ours) == len(theirs) > 20
    assert np.abs(np.asarray(ours) - np.asarray(theirs)).max() <= 1.0


@pytest.mark.engine
def test_paddle_reads_from_new_threads_after_old_ones_ended(sample):
    # a document's page workers are threads that end with it; the next document's new
    # threads must still be able to read (Paddle Inference failed them: std::exception)
    from concurrent.futures import ThreadPoolExecutor

    engine = _engine("paddle")
    for _ in range(3):
        with ThreadPoolExecutor(2) as pool:
            pages = list(pool.map(engine.recognize_page, [sample, sample]))
        assert [sorted(h.text for h in hits) for hits in pages] == [sorted(STRINGS)] * 2
