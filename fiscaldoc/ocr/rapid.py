"""RapidOCR engine: PP-OCRv6 small detection + recognition (ONNX Runtime), with the models
that ship inside the `rapidocr` wheel, so it reads Chinese offline with nothing downloaded.

Model paths are always passed explicitly (bundled ones by default), which is what keeps
rapidocr from fetching anything.  The SDK is imported when an engine is built.
"""
from __future__ import annotations

import importlib.util
import os
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np

from fiscaldoc.config import PRECISIONS
from fiscaldoc.errors import ConfigError, EngineError, EngineUnavailable
from fiscaldoc.ocr.base import OcrHit, as_bgr, make_hits
from fiscaldoc.ocr.crops import recognize_crops_with

NAME = "rapid"
INSTALL = "pip install 'fiscaldoc[rapid]'"
PACKAGES = "rapidocr==3.10.0 and onnxruntime"
SDK = "rapidocr"  # import name, looked up before anything is imported
DET_MODEL = "PP-OCRv6_det_small.onnx"
REC_MODEL = "PP-OCRv6_rec_small.onnx"
CLS_MODEL = "ch_ppocr_mobile_v2.0_cls_mobile.onnx"
# an int8 reading less sure than this is read again by the float model: on held-out corpus
# lines this re-reads ~3 % of a medium scan's lines (~4 % of a fax's, whose speck-only cells are
# not read at all: crops.SPECK_SIZE) and catches 51 of the 60 readings where int8 and float
# disagree
REREAD_BELOW = 0.9
# an int8 reading of a figure with two decimal points two digits or less apart ("7.0.0",
# "7. 0.0") is read again too: the int8 model reads a letter-spaced "7 . 0 0" so, at 0.94,
# beside some lines (a thousands group read with a point, "2.790.06", is not one of these)
TWO_POINTS = re.compile(r"\d\s*\.(\s*\d){1,2}\s*\.\s*\d")


def _det_session(model: Path, threads: int | None) -> Any:
    """An ONNX Runtime session for the detector, set up as rapidocr sets up its own, except
    that idle worker threads sleep instead of spinning: a page's detection runs next to
    another page's recognition, and spinning threads took CPU from it (a dense page's
    detection: 1.33 -> 1.20 s of CPU on two threads)."""
    import onnxruntime as ort
    options = ort.SessionOptions()
    options.log_severity_level = 4
    options.enable_cpu_mem_arena = False
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    if threads:
        options.intra_op_num_threads = int(threads)
    return ort.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])


def _det_input_maker(detector: Any) -> Any:
    """rapidocr's detection preprocessing (same resize, same normalisation), computed in
    float32 straight into the model's layout: rapidocr's own works in float64 and then
    copies twice (0.13 -> 0.04 s of CPU on a 2000 px page)."""
    from rapidocr.ch_ppocr_det.utils import DetPreProcess

    class DetInput(DetPreProcess):
        def __call__(self, img: np.ndarray) -> np.ndarray | None:
            resized = self.resize(img)
            if resized is None:
                return None
            scale = (self.scale / self.std).astype(np.float32)
            shift = (self.mean / self.std).astype(np.float32)
            chw = (resized.astype(np.float32) * scale - shift).transpose(2, 0, 1)
            return np.ascontiguousarray(chw)[np.newaxis]

    return lambda: DetInput(detector.limit_side_len, detector.limit_type,
                            detector.mean, detector.std)


def _cores() -> int:
    """Cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def bundled_model_dir() -> Path:
    """Folder of the models inside the installed rapidocr package (not imported)."""
    spec = importlib.util.find_spec(SDK)
    if spec is None or not spec.submodule_search_locations:
        raise EngineUnavailable(f"engine {NAME!r} needs {PACKAGES}: {INSTALL}")
    return Path(list(spec.submodule_search_locations)[0]) / "models"


def check() -> str:
    """'ok' or why the engine cannot run, without loading any model."""
    try:
        folder = bundled_model_dir()
    except EngineUnavailable as exc:
        return str(exc)
    if importlib.util.find_spec("onnxruntime") is None:
        return f"engine {NAME!r} needs onnxruntime: {INSTALL}"
    missing = [m for m in (DET_MODEL, REC_MODEL) if not (folder / m).is_file()]
    if missing:
        return f"engine {NAME!r}: bundled models missing in {folder}: {missing}; {INSTALL}"
    return "ok"


def hits_from_raw(raw: Mapping[str, Any], min_conf: float = 0.0) -> list[OcrHit]:
    """OcrHits from rapidocr's output as recorded: {"boxes", "txts", "scores"}.
    `boxes` is None or a list of 4-point polygons."""
    boxes = raw.get("boxes")
    if boxes is None or len(boxes) == 0:
        return []
    txts, scores = raw["txts"], raw["scores"]
    if not len(boxes) == len(txts) == len(scores):
        raise EngineError(f"rapidocr returned {len(boxes)} boxes, {len(txts)} texts, "
                          f"{len(scores)} scores")
    return make_hits(zip(txts, boxes, scores), min_conf)


def raw_output(result: Any) -> dict[str, Any]:
    """rapidocr's result object as plain data (what `hits_from_raw` reads)."""
    boxes = getattr(result, "boxes", None)
    txts = getattr(result, "txts", None)
    if boxes is None or txts is None:
        return {"boxes": None, "txts": [], "scores": []}
    return {"boxes": np.asarray(boxes, dtype=float).tolist(), "txts": list(txts),
            "scores": [float(s) for s in result.scores]}


def models_in(folder: str | Path) -> tuple[Path, Path]:
    """The one *det*.onnx and the one *rec*.onnx in a user's model folder."""
    root = Path(folder)
    found = []
    for kind in ("det", "rec"):
        matches = sorted(root.glob(f"*{kind}*.onnx")) if root.is_dir() else []
        if len(matches) != 1:
            raise EngineUnavailable(f"engine {NAME!r}: model_dir {root} must hold exactly "
                                    f"one *{kind}*.onnx, found {len(matches)}")
        found.append(matches[0])
    return found[0], found[1]


class RapidEngine:
    """`model_dir`: a folder with one *det*.onnx and one *rec*.onnx (PP-OCR ONNX
    exports); `det_model` / `rec_model`: single model paths (default: bundled);
    `threads`: cores to use (default: all); `max_side`: pages with a longer side are
    scaled down for detection (default 2000); `rec_precision`: "int8" (default) reads lines
    with an int8 copy of the bundled recogniser (built once, see ``fiscaldoc.ocr.int8``) and
    reads again with the float model every line it is less than ``REREAD_BELOW`` sure of;
    "float32" reads with the float model only.  A user's own recogniser is always read in
    float; so is the bundled one when the int8 copy cannot be built (``rec_precision_note``
    says why).

    Detection runs one image at a time on all cores, with rapidocr's preprocessing done
    faster and idle threads sleeping rather than spinning.  Recognition runs its batches side by
    side, one core each: a recognition batch is too small to share well between cores
    (ONNX Runtime's worker threads spin idle between its operators, costing ~1.6x the CPU of
    one thread for the same lines)."""

    name = NAME

    def __init__(self, model_dir: str | Path | None = None,
                 det_model: str | Path | None = None,
                 rec_model: str | Path | None = None, threads: int | None = None,
                 max_side: int = 2000, rec_min_width: int = 96,
                 rec_batch: int = 6, rec_precision: str = "int8"):
        if rec_precision not in PRECISIONS:
            raise ConfigError(f"engine {NAME!r}: rec_precision must be one of {PRECISIONS}, "
                              f"got {rec_precision!r}")
        if importlib.util.find_spec(SDK) is None:
            raise EngineUnavailable(f"engine {NAME!r} needs {PACKAGES}: {INSTALL}")
        folder = bundled_model_dir()
        if model_dir is not None:
            user_det, user_rec = models_in(model_dir)
            det_model, rec_model = det_model or user_det, rec_model or user_rec
        paths = {"det": Path(det_model) if det_model else folder / DET_MODEL,
                 "rec": Path(rec_model) if rec_model else folder / REC_MODEL}
        for kind, path in paths.items():
            if not path.is_file():
                raise EngineUnavailable(f"engine {NAME!r}: {kind} model not found: {path}")
        try:
            from rapidocr import RapidOCR
            from rapidocr.ch_ppocr_rec import TextRecInput
        except ImportError as exc:
            raise EngineUnavailable(f"engine {NAME!r} needs {PACKAGES}: {INSTALL} "
                                    f"({exc})") from exc
        self._workers = max(1, int(threads or _cores()))
        params = {
            "Global.log_level": "error",
            "Global.use_cls": False,
            "Global.max_side_len": int(max_side),
            "Det.model_path": str(paths["det"]),
            # rapidocr scales every image up until its *shorter* side is 736 px; a strip of
            # title lines or a stack of cells (1700 x 200 px) became 6000 x 736 for
            # detection.  Print at 150-300 dpi is large enough as it is: only scale down.
            "Det.limit_type": "max",
            "Det.limit_side_len": int(max_side),
            "Rec.model_path": str(paths["rec"]),
            "Rec.rec_img_shape": [3, 48, int(rec_min_width)],
            "Rec.rec_batch_num": int(rec_batch),
            "Cls.model_path": str(folder / CLS_MODEL),
            "EngineConfig.onnxruntime.intra_op_num_threads": int(threads or -1),
        }
        try:
            self._ocr = RapidOCR(params=params)
            detector = self._ocr._load_det_model()
            # rapidocr 3.10 runs detection through these two: our session, our input
            detector.session.session = _det_session(paths["det"], threads)
            detector.get_preprocess = _det_input_maker(detector)
            one_core = {**params, "EngineConfig.onnxruntime.intra_op_num_threads": 1}
            self._rec = RapidOCR(params=one_core)._load_rec_model()
            self.rec_precision, self.rec_precision_note = "float32", ""
            self._rec8 = None
            if rec_precision == "int8":
                self._rec8 = self._load_int8(RapidOCR, one_core, paths["rec"],
                                             user=rec_model is not None)
                self.rec_precision = "float32" if self._rec8 is None else "int8"
        except Exception as exc:  # the SDK raises many kinds; report which engine failed
            raise EngineError(f"engine {NAME!r} failed to load models: {exc}") from exc
        self._rec_input = TextRecInput
        self._rec_batch = max(1, int(rec_batch))
        self._lock = threading.Lock()

    def _load_int8(self, sdk: Any, params: dict[str, Any], source: Path, user: bool) -> Any:
        """The int8 recogniser, or None (and ``rec_precision_note`` says why): the float one
        then reads every line, so a failure here never costs the engine."""
        from fiscaldoc.ocr.int8 import Int8Unavailable, int8_model
        if user:
            self.rec_precision_note = "int8 ranges fit the bundled recogniser only"
            return None
        try:
            path = int8_model(source)
        except Int8Unavailable as exc:
            self.rec_precision_note = str(exc)
            return None
        try:
            return sdk(params={**params, "Rec.model_path": str(path)})._load_rec_model()
        except Exception as exc:  # a damaged cache file (the SDK raises many kinds)
            path.unlink(missing_ok=True)
            self.rec_precision_note = (f"int8 model {path} could not be loaded ({exc}); "
                                       f"removed, it is built again on the next load")
            return None

    def recognize_page(self, image: np.ndarray, *, min_conf: float = 0.0) -> list[OcrHit]:
        return hits_from_raw(self.raw_page(image), min_conf)

    def raw_page(self, image: np.ndarray) -> dict[str, Any]:
        """Detection by rapidocr, then recognition of each detected box (cut from the
        image as given, not from rapidocr's scaled-down copy), as plain data in rapidocr's
        own output form; boxes whose text is empty are dropped, as rapidocr does."""
        from rapidocr.utils.process_img import get_rotate_crop_image
        bgr = as_bgr(image)
        with self._lock:   # rapidocr keeps per-call settings on the object
            found = self._ocr(bgr, use_det=True, use_cls=False, use_rec=False)
        boxes = getattr(found, "boxes", None)
        if boxes is None or len(boxes) == 0:
            return {"boxes": None, "txts": [], "scores": []}
        quads = [np.asarray(b, dtype=np.float32).reshape(4, 2) for b in boxes]
        read = self._read_lines([get_rotate_crop_image(bgr, q.copy()) for q in quads])
        kept = [(q, t, s) for q, (t, s) in zip(quads, read) if t.strip()]
        if not kept:
            return {"boxes": None, "txts": [], "scores": []}
        return {"boxes": [q.astype(float).tolist() for q, _, _ in kept],
                "txts": [t for _, t, _ in kept], "scores": [s for _, _, s in kept]}

    def recognize_crops(self, crops: Sequence[np.ndarray], *, min_conf: float = 0.0,
                        line_height: float | None = None) -> list[list[OcrHit]]:
        return recognize_crops_with(crops, self._read_lines,
                                    self._recognize_pages,
                                    min_conf=min_conf, line_height=line_height)

    def _recognize_pages(self, images: list[np.ndarray]) -> list[list[OcrHit]]:
        return [self.recognize_page(img) for img in images]

    def _read_lines(self, images: Sequence[np.ndarray]) -> list[tuple[str, float]]:
        """(text, score) per line image: by the int8 recogniser when there is one, and again
        by the float one for each line the int8 one is less than ``REREAD_BELOW`` sure of or
        reads as a figure with two close points (``TWO_POINTS``); the float reading is kept
        unless it is less sure than an int8 one that was only unsure.  A line is read again
        alone: a batch pads its lines with grey to its widest, and such a line may read
        otherwise beside wider ones (a letter-spaced "7 . 0 0", 35 x 102 px, came back
        "7.0.0" from the float model beside two lines 37 x 200 px, "7.00" alone).
        Safe to call from several threads at once (recognition keeps no per-call state)."""
        if self._rec8 is None:
            return self._read_with(self._rec, images)
        out = self._read_with(self._rec8, images)
        points = {i for i, (text, _) in enumerate(out) if TWO_POINTS.search(text)}
        unsure = [i for i, (_, score) in enumerate(out) if score < REREAD_BELOW or i in points]
        floats = self._read_with(self._rec, [images[i] for i in unsure], per_batch=1)
        for i, again in zip(unsure, floats):
            # float's reading, unless float is even less sure of an int8 reading that was only
            # unsure: a code "21004" ending 6 px from the line image's edge read "21004" at
            # 0.89 by int8 and "210 0" at 0.85 by float
            if i in points or again[1] >= out[i][1]:
                out[i] = again
        return out

    def _read_with(self, recogniser: Any, images: Sequence[np.ndarray],
                   per_batch: int | None = None) -> list[tuple[str, float]]:
        """Lines are sorted by shape and cut into batches of similar width (little padding),
        which run on the cores side by side (``per_batch`` lines at most; the engine's
        ``rec_batch`` by default)."""
        if not images:
            return []
        order = sorted(range(len(images)),
                       key=lambda i: images[i].shape[1] / max(1, images[i].shape[0]))
        size = per_batch or self._rec_batch
        batches = [order[k:k + size] for k in range(0, len(order), size)]

        def read(batch: list[int]) -> list[tuple[str, float]]:
            result = recogniser(self._rec_input(img=[images[i] for i in batch]))
            return [(str(t), float(s)) for t, s in zip(result.txts, result.scores)]

        if self._workers == 1 or len(batches) == 1:
            results = [read(b) for b in batches]
        else:
            with ThreadPoolExecutor(min(self._workers, len(batches))) as pool:
                results = list(pool.map(read, batches))
        out: list[tuple[str, float]] = [("", 0.0)] * len(images)
        for batch, texts in zip(batches, results):
            if len(texts) != len(batch):
                raise EngineError(f"rapidocr returned {len(texts)} texts "
                                  f"for {len(batch)} lines")
            for i, text in zip(batch, texts):
                out[i] = text
        return out
