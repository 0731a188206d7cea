"""faster-paddle engine: PP-OCRv6 tiny/small in a Rust + ONNX Runtime extension whose
models ship inside the wheel (Linux wheels need glibc >= 2.34).

It has no recognition-only call, so cell crops go through detection too (batched, padded).
It returns axis-aligned boxes, so quads are rectangles.  The "medium" model is not bundled
and is fetched by faster-paddle itself, which this engine allows only with
`allow_download=True`.
"""
from __future__ import annotations

import importlib.util
import threading
from typing import Any, Mapping, Sequence

import cv2
import numpy as np

from fiscaldoc.errors import ConfigError, EngineError, EngineUnavailable
from fiscaldoc.ocr.base import OcrHit, as_bgr, box_quad, make_hits
from fiscaldoc.ocr.crops import recognize_crops_with

NAME = "fastpaddle"
INSTALL = "pip install 'fiscaldoc[fastpaddle]'"
PACKAGES = "faster-paddle==1.0.4 (Linux: glibc >= 2.34)"
BUNDLED = ("tiny", "small")
SDK = "faster_paddle"  # import name, looked up before anything is imported


def check() -> str:
    """'ok' or why the engine cannot run, without loading any model."""
    if importlib.util.find_spec(SDK) is None:
        return f"engine {NAME!r} needs {PACKAGES}: {INSTALL}"
    return "ok"


def hits_from_raw(raw: Mapping[str, Any], min_conf: float = 0.0) -> list[OcrHit]:
    """OcrHits from faster-paddle's result dict (its "bounds": index -> topLeftCoord,
    bottomRightCoord, text, confidence), in index order."""
    bounds = raw.get("bounds") or {}
    rows = []
    for key in sorted(bounds, key=int):
        b = bounds[key]
        (x0, y0), (x1, y1) = b["topLeftCoord"], b["bottomRightCoord"]
        rows.append((b["text"], box_quad(x0, y0, x1, y1), b["confidence"]))
    return make_hits(rows, min_conf)


def raw_output(result: Mapping[str, Any]) -> dict[str, Any]:
    """The part of faster-paddle's result that `hits_from_raw` reads, as JSON-able data."""
    bounds = result.get("bounds") or {}
    return {"bounds": {str(k): {"topLeftCoord": list(v["topLeftCoord"]),
                                "bottomRightCoord": list(v["bottomRightCoord"]),
                                "text": v["text"], "confidence": float(v["confidence"])}
                       for k, v in bounds.items()}}


def _encode(image: np.ndarray) -> bytes:
    ok, buf = cv2.imencode(".bmp", as_bgr(image))
    if not ok:
        raise EngineError(f"engine {NAME!r}: could not encode image {image.shape}")
    return buf.tobytes()


class FastPaddleEngine:
    """`model_size`: "small" (default) or "tiny" (bundled), "medium" (downloaded by
    faster-paddle, only with `allow_download=True`); `threads`: CPU budget (default: the
    available cores); `det_max_side`: detector long-side limit in pixels (default 2400,
    so 200-dpi A4 pages are detected at full resolution)."""

    name = NAME

    def __init__(self, model_size: str = "small", threads: int | None = None,
                 det_max_side: int = 2400, allow_download: bool = False,
                 model_dir: str | None = None):
        reason = check()
        if reason != "ok":
            raise EngineUnavailable(reason)
        if model_dir is not None:
            raise ConfigError(f"engine {NAME!r} runs only the models inside its wheel; "
                              f"model_dir is not supported (use 'rapid' or 'paddle')")
        if model_size not in BUNDLED and not (model_size == "medium" and allow_download):
            raise EngineUnavailable(
                f"engine {NAME!r}: model_size {model_size!r} is not bundled "
                f"(bundled: {', '.join(BUNDLED)}; 'medium' needs allow_download=True)")
        try:
            import faster_paddle
        except ImportError as exc:  # e.g. glibc too old for the wheel
            raise EngineUnavailable(f"engine {NAME!r} needs {PACKAGES}: {INSTALL} "
                                    f"({exc})") from exc
        try:
            # det_min_side=0: small crops are not blown up to 736 px before detection.
            self._engine = faster_paddle.OcrEngine(
                model_size=model_size, threads=threads, det_max_side=int(det_max_side),
                det_min_side=0)
        except Exception as exc:  # the extension raises its own kinds
            raise EngineError(f"engine {NAME!r} failed to load models: {exc}") from exc
        self.model_size = model_size
        self._lock = threading.Lock()

    def recognize_page(self, image: np.ndarray, *, min_conf: float = 0.0) -> list[OcrHit]:
        return hits_from_raw(self.raw_page(image), min_conf)

    def raw_page(self, image: np.ndarray) -> dict[str, Any]:
        """faster-paddle's own output for a page, as plain data."""
        data = _encode(image)
        with self._lock:
            result = self._engine.ocr(data)
        return raw_output(result)

    def recognize_crops(self, crops: Sequence[np.ndarray], *, min_conf: float = 0.0,
                        line_height: float | None = None) -> list[list[OcrHit]]:
        return recognize_crops_with(crops, None, self._recognize_pages,
                                    min_conf=min_conf, line_height=line_height)

    def _recognize_pages(self, images: list[np.ndarray]) -> list[list[OcrHit]]:
        data = [_encode(img) for img in images]
        with self._lock:
            results = self._engine.ocr_batch(data, batch_size=16)
        return [hits_from_raw(raw_output(r)) for r in results]
