"""Measure OCR engines on a synthetic dense table page, clean and degraded (not a test).

    python tests/ocr/measure_engines.py rapid fastpaddle fastpaddle:model_size=tiny ...

For each engine: seconds per page (full-page OCR; min of --repeat runs after a warm-up)
and the share of table cells whose text is exactly right, from full-page OCR (hits
assigned to cells by their centre) and from cell-crop recognition (crops cut from the
page; the degraded page is first straightened with the known transform, as the pipeline
deskews before cropping).  Prints one JSON object per engine.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import ocr_synth as synth  # noqa: E402
from fiscaldoc.ocr import get_engine  # noqa: E402


def parse_engine(spec: str) -> tuple[str, dict]:
    name, _, rest = spec.partition(":")
    options: dict = {}
    for item in filter(None, rest.split(",")):
        key, _, value = item.partition("=")
        options[key] = int(value) if value.isdigit() else value
    return name, options


def score_page(hits, truth, inverse: np.ndarray | None) -> tuple[int, int]:
    """(exact cells, exact numeric cells): hits go to the cell holding their centre."""
    got: dict[int, list] = {}
    for hit in hits:
        x0, y0, x1, y1 = hit.bbox
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        if inverse is not None:
            cx, cy = inverse @ np.array([cx, cy, 1.0])
        for i, cell in enumerate(truth):
            bx0, by0, bx1, by1 = cell.box
            if bx0 <= cx < bx1 and by0 <= cy < by1:
                got.setdefault(i, []).append((x0, hit.text))
                break
    exact = numeric = 0
    for i, cell in enumerate(truth):
        text = "".join(t for _, t in sorted(got.get(i, [])))
        if text == cell.text:
            exact += 1
            numeric += cell.numeric
    return exact, numeric


def score_crops(results, truth) -> tuple[int, int]:
    exact = numeric = 0
    for hits, cell in zip(results, truth):
        if "".join(h.text for h in hits) == cell.text:
            exact += 1
            numeric += cell.numeric
    return exact, numeric


def timed(fn, repeat: int):
    """(best wall seconds, CPU seconds of that run, result) after a warm-up call."""
    fn()
    best, cpu, out = float("inf"), 0.0, None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        out = fn()
        wall = time.perf_counter() - start
        if wall < best:
            best, cpu = wall, time.process_time() - start_cpu
    return best, cpu, out


def levels() -> list[tuple[str, np.ndarray, np.ndarray | None, list]]:
    """(label, image, inverse affine or None, truth cells) for each degradation level."""
    clean, truth = synth.table_page()
    low, low_truth = synth.table_page(dpi=150)
    out = [("clean", clean, None, truth)]
    for label, (img, matrix), cells in (
            ("degraded", synth.degrade(clean), truth),
            ("hard", synth.degrade(clean, angle=-1.5, blur=1.3, noise=16,
                                   jpeg_quality=30, seed=5), truth),
            ("150dpi", synth.degrade(low, angle=0.7, blur=0.7), low_truth),
            ("fax150", synth.fax(low), low_truth)):
        out.append((label, img, cv2.invertAffineTransform(matrix), cells))
    return out


def measure(spec: str, repeat: int, crops: bool, only: set[str]) -> dict:
    name, options = parse_engine(spec)
    start = time.perf_counter()
    engine = get_engine(name, **options)
    load = time.perf_counter() - start
    row = {"engine": spec, "load_s": round(load, 2)}
    for label, img, inv, truth in levels():
        if only and label not in only:
            continue
        row[f"cells_{label}"] = len(truth)
        secs, cpu, hits = timed(lambda: engine.recognize_page(img), repeat)
        exact, numeric = score_page(hits, truth, inv)
        row[f"page_{label}"] = {"s": round(secs, 2), "cpu_s": round(cpu, 2),
                                "exact": exact, "numeric": numeric}
        if not crops:
            continue
        if inv is not None:  # straighten as the pipeline's deskew would
            img = cv2.warpAffine(img, inv, (img.shape[1], img.shape[0]),
                                 borderValue=(255, 255, 255))
        cells = synth.crop_cells(img, truth)
        secs, cpu, results = timed(lambda: engine.recognize_crops(cells), repeat)
        exact, numeric = score_crops(results, truth)
        row[f"crops_{label}"] = {"s": round(secs, 2), "cpu_s": round(cpu, 2),
                                 "exact": exact, "numeric": numeric}
    return row


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("engines", nargs="+")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-crops", action="store_true")
    parser.add_argument("--levels", default="", help="comma-separated subset of levels")
    args = parser.parse_args()
    only = set(filter(None, args.levels.split(",")))
    print(json.dumps({"loadavg": Path("/proc/loadavg").read_text().split()[:3]}))
    for spec in args.engines:
        print(json.dumps(measure(spec, args.repeat, not args.no_crops, only), ensure_ascii=False),
              flush=True)


if __name__ == "__main__":
    main()
