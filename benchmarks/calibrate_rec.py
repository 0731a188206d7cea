"""Measure the activation ranges of the int8 recogniser (fiscaldoc/ocr/data/rec_int8_ranges.json).

The line images are the ones fiscaldoc itself hands the recogniser when it reads the corpus
documents that the 9-table benchmark set does not use (002, 003), rendered in both looks and
degraded five ways (clean, medium, seal, fax, faint) at 200 dpi, read with the float model.
60 lines per profile are drawn at random (seed 7), scaled as rapidocr scales them (height 48)
and padded to 320 px; ONNX Runtime's percentile calibrator (99.99th) gives each tensor's range.

    python -m benchmarks.calibrate_rec [--out PATH]

Needs the ``onnx`` package (``pip install onnx``).  Takes ~10 minutes on 2 cores.
"""
from __future__ import annotations

import argparse
import json
import math
import random
import tempfile
from pathlib import Path

import cv2
import numpy as np

from benchmarks.corpus.degrade import degrade, scanned_pdf
from benchmarks.scanned import make_cases, rasterize

PROFILES = ("clean", "medium", "seal", "fax", "faint")
DOCS = ("002", "003")
PER_PROFILE = 60
SEED = 7
PERCENTILE = 99.99
WIDTH = 320  # every calibration input has one shape: the histogram calibrator needs that
# the stem (first five convolutions), the neck's last convolutions and the CTC head stay float
EXCLUDE = ["Conv.0", "Conv.1", "Conv.2", "Conv.3", "Conv.4", "Conv.54", "Conv.56", "MatMul.12"]
OPS = ["Conv", "MatMul"]


def line_images(tmp: Path) -> dict[str, list[np.ndarray]]:
    """Per profile, every line image the float recogniser was given on the held-out docs."""
    import fiscaldoc
    from fiscaldoc.config import Config, OcrConfig
    from fiscaldoc.ocr.registry import get_engine

    engine = get_engine("rapid", rec_precision="float32")
    seen: list[np.ndarray] = []
    read = engine._read_lines

    def keep(images):
        seen.extend(im.copy() for im in images)
        return read(images)

    engine._read_lines = keep  # this engine instance only; the registry hands it to extract
    cfg = Config(ocr=OcrConfig(precision="float32"))
    out: dict[str, list[np.ndarray]] = {}
    cases = [c for c in make_cases(tmp, None, 4, None) if c.stem[:3] in DOCS]
    try:
        for profile in PROFILES:
            seen.clear()
            for case in cases:
                pages = rasterize(case.pdf, case.pages, 200)
                images = [degrade(img, profile, dpi=200, seed=case.seed + k)
                          for k, img in enumerate(pages)]
                pdf = scanned_pdf(images, tmp / f"{profile}_{case.stem}_{case.look}.pdf", 200)
                fiscaldoc.extract(pdf, cfg)
            out[profile] = list(seen)
    finally:
        engine._read_lines = read
    return out


def model_input(image: np.ndarray) -> np.ndarray:
    """rapidocr's recogniser input for one line, padded with zeros to ``WIDTH``."""
    h, w = image.shape[:2]
    width = min(WIDTH, int(math.ceil(48 * w / h)))
    x = cv2.resize(image, (width, 48)).astype(np.float32).transpose(2, 0, 1) / 255
    padded = np.zeros((3, 48, WIDTH), np.float32)
    padded[:, :, :width] = (x - 0.5) / 0.5
    return padded[np.newaxis]


def calibrate(source: Path, sample: list[np.ndarray], tmp: Path) -> dict[str, list[float]]:
    import onnx
    from onnxruntime.quantization import CalibrationDataReader, CalibrationMethod
    from onnxruntime.quantization.calibrate import create_calibrator

    from fiscaldoc.ocr.int8 import prepared

    path = tmp / "prepared.onnx"
    onnx.save(prepared(source), str(path))
    name = onnx.load(str(path)).graph.input[0].name

    class Reader(CalibrationDataReader):
        def __init__(self):
            self._it = iter([{name: model_input(im)} for im in sample])

        def get_next(self):
            return next(self._it, None)

    calibrator = create_calibrator(path, OPS, augmented_model_path=str(tmp / "augmented.onnx"),
                                   calibrate_method=CalibrationMethod.Percentile,
                                   extra_options={"CalibPercentile": PERCENTILE})
    calibrator.collect_data(Reader())
    data = calibrator.compute_data()
    return {k: [float(v) for v in data[k].range_value] for k in data}


def main(argv: list[str] | None = None) -> int:
    from fiscaldoc.ocr.int8 import RANGES, _sha256
    from fiscaldoc.ocr.rapid import REC_MODEL, bundled_model_dir

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=RANGES)
    args = ap.parse_args(argv)
    source = bundled_model_dir() / REC_MODEL
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        lines = line_images(tmp)
        rng = random.Random(SEED)
        sample = [im for p in PROFILES for im in rng.sample(lines[p], PER_PROFILE)]
        ranges = calibrate(source, sample, tmp)
    spec = {"source": REC_MODEL, "source_sha256": _sha256(source),
            "method": f"percentile {PERCENTILE}", "profiles": list(PROFILES),
            "docs": list(DOCS), "lines": len(sample), "seed": SEED,
            "exclude": EXCLUDE, "ops": OPS, "ranges": ranges}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(spec, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(ranges)} tensor ranges from {len(sample)} lines -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
