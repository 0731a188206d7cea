"""An int8 copy of the bundled PP-OCRv6 small recogniser, built on this machine from the model
inside the rapidocr wheel and the activation ranges in ``data/rec_int8_ranges.json``.

Nothing is downloaded and no model file ships with fiscaldoc: the ranges (a few thousand
numbers, measured by ``benchmarks/calibrate_rec.py`` on line images of the benchmark corpus)
are what ships.  The first engine load quantises the convolutions and matrix products to int8
(per-channel weights, QDQ format, ONNX Runtime's quantiser) and keeps the result in the cache
folder; later loads reuse it.  The int8 model reads a line in ~60 % of the float model's CPU
time.  The stem (first five convolutions) and the CTC head stay float: quantising them cost
the most accuracy.

The ranges are tied to one source model: if the rapidocr wheel ships a different recogniser
(another sha256), the ranges do not apply and :func:`int8_model` raises ``Int8Unavailable``.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import cache
from pathlib import Path
from typing import Any, cast

from fiscaldoc.errors import EngineError

RANGES = Path(__file__).with_name("data") / "rec_int8_ranges.json"
OPSET = 13  # per-channel QDQ needs DequantizeLinear's axis attribute (opset 13)


class Int8Unavailable(EngineError):
    """The int8 recogniser cannot be built here; the float one is used instead."""


def cache_dir() -> Path:
    """``$FISCALDOC_CACHE``, else ``$XDG_CACHE_HOME/fiscaldoc``, else ``~/.cache/fiscaldoc``."""
    if os.environ.get("FISCALDOC_CACHE"):
        return Path(os.environ["FISCALDOC_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "fiscaldoc"


@cache
def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def load_ranges(path: Path = RANGES) -> dict[str, Any]:
    try:
        spec = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise Int8Unavailable(f"int8 recogniser: cannot read ranges {path}: {exc}") from exc
    for key in ("source_sha256", "exclude", "ops", "ranges"):
        if key not in spec:
            raise Int8Unavailable(f"int8 recogniser: {path} has no {key!r}")
    return cast(dict[str, Any], spec)


def int8_model(source: Path, ranges: Path = RANGES, folder: Path | None = None) -> Path:
    """Path of the int8 model for ``source``, built and cached on first use.
    Raises ``Int8Unavailable`` when the ranges were measured on another model, there is no
    cache folder, or the model cannot be built (the ``onnx`` package missing, among others)."""
    spec = load_ranges(ranges)
    digest = _sha256(Path(source))
    if digest != spec["source_sha256"]:
        raise Int8Unavailable(f"int8 recogniser: ranges in {ranges} were measured on another "
                              f"model than {source} (sha256 {digest[:12]})")
    key = hashlib.sha256((digest + _sha256(Path(ranges)) + _ort_version()).encode()).hexdigest()
    try:
        folder = folder or cache_dir()
    except RuntimeError as exc:   # Path.home() with no home folder to be found
        raise Int8Unavailable(f"int8 recogniser: no cache folder ({exc}); "
                              f"set FISCALDOC_CACHE") from exc
    target = folder / f"rec_int8_{key[:16]}.onnx"
    if target.is_file():
        return target
    return _build(Path(source), spec, target)


def _ort_version() -> str:
    import onnxruntime
    return str(onnxruntime.__version__)


def prepared(source: Path) -> Any:
    """The source model at opset 13 with its tensor shapes inferred: the graph whose tensors
    the ranges name (calibration and quantisation both start from it)."""
    import onnx
    from onnx import version_converter
    from onnxruntime.quantization.quant_utils import save_and_reload_model_with_shape_infer
    model = version_converter.convert_version(onnx.load(str(source)), OPSET)
    return save_and_reload_model_with_shape_infer(model)


def _build(source: Path, spec: dict[str, Any], target: Path) -> Path:
    try:
        import numpy as np
        from onnxruntime.quantization import QuantType
        from onnxruntime.quantization.calibrate import CalibrationMethod, TensorsData
        from onnxruntime.quantization.qdq_quantizer import QDQQuantizer
    except ImportError as exc:
        raise Int8Unavailable(f"int8 recogniser needs the onnx package ({exc}): "
                              f"pip install onnx") from exc
    try:
        model = prepared(source)
        ranges = TensorsData(CalibrationMethod.MinMax, {
            name: (np.float32(lo), np.float32(hi)) for name, (lo, hi) in spec["ranges"].items()})
        quantizer = QDQQuantizer(model, True, False, QuantType.QInt8, QuantType.QUInt8, ranges,
                                 [], list(spec["exclude"]), list(spec["ops"]), {})
        quantizer.quantize_model()
        target.parent.mkdir(parents=True, exist_ok=True)
        # written beside the target and renamed: a reader never sees half a model, and two
        # processes building at once both end with a whole one
        fd, tmp = tempfile.mkstemp(suffix=".onnx", dir=target.parent)
        os.close(fd)
        try:
            quantizer.model.save_model_to_file(tmp)
            os.chmod(tmp, 0o644)   # mkstemp's 0600 would keep a shared cache to one user
            os.replace(tmp, target)
        finally:
            if os.path.exists(tmp):
                os.remove(tmp)
    except Exception as exc:  # onnx and the quantiser raise many kinds; float is the fallback
        raise Int8Unavailable(f"int8 recogniser: building from {source} failed: {exc}") from exc
    return target
