"""Tesseract baseline engine: the `tesseract` binary (Debian `tesseract-ocr` and
`tesseract-ocr-chi-sim`) run as a subprocess with TSV output.

Ruling lines are removed first (OpenCV morphology), since table borders confuse its layout
analysis.  Words are grouped into lines by Tesseract's own line numbers and split where the
gap between two words is wider than `GAP_RATIO` text heights (two table cells).
"""
from __future__ import annotations

import os
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from statistics import median
from typing import Any, Mapping, Sequence

import cv2
import numpy as np

from fiscaldoc.errors import EngineError, EngineUnavailable
from fiscaldoc.ocr.base import OcrHit, as_bgr, box_quad, make_hits
from fiscaldoc.ocr.crops import recognize_crops_with

NAME = "tesseract"
INSTALL = "apt-get install tesseract-ocr tesseract-ocr-chi-sim"
GAP_RATIO = 1.5


def installed_langs(binary: str = "tesseract", data: Sequence[str] = ()) -> set[str] | str:
    """The language data Tesseract has, or why it cannot be asked."""
    path = shutil.which(binary)
    if path is None:
        return f"engine {NAME!r} needs the {binary!r} program: {INSTALL}"
    try:
        done = subprocess.run([path, *data, "--list-langs"], capture_output=True, text=True,
                              timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"engine {NAME!r}: {binary} --list-langs failed: {exc}"
    return set(done.stdout.split()) | set(done.stderr.split())


def default_lang(langs: set[str]) -> str:
    """``chi_sim+eng`` where the English data is installed (Debian's tesseract-ocr brings
    it), else ``chi_sim``.  With chi_sim alone Tesseract reads table figures as Chinese
    ("2,790.07" as "7 790 07", "2,360.70" as "2和严各"): on the scanned benchmark's 9
    tables at medium degradation, numeric cells exact 28.4 % -> 49.0 %, all cells 76.1 %
    -> 82.2 %."""
    return "chi_sim+eng" if "eng" in langs else "chi_sim"


def check(binary: str = "tesseract", lang: str | None = None,
          data: Sequence[str] = ()) -> str:
    """'ok' or why the engine cannot run (``lang``: default ``default_lang``)."""
    langs = installed_langs(binary, data)
    return langs if isinstance(langs, str) else _lacking(lang or default_lang(langs), langs)


def _lacking(lang: str, langs: set[str]) -> str:
    missing = [x for x in lang.split("+") if x not in langs]
    if missing:
        return f"engine {NAME!r}: tesseract language data missing {missing}: {INSTALL}"
    return "ok"


def _join(words: list[str]) -> str:
    text = words[0]
    for word in words[1:]:
        latin = text[-1:].isascii() and text[-1:].isalpha() and word[:1].isascii() \
            and word[:1].isalpha()
        text += (" " if latin else "") + word
    return text


def hits_from_raw(raw: Mapping[str, Any], min_conf: float = 0.0) -> list[OcrHit]:
    """OcrHits from a recorded page: {"tsv": Tesseract's TSV, "scale": the factor the
    image was enlarged by before OCR}; boxes come back in the caller's pixels."""
    return hits_from_tsv(raw["tsv"], min_conf, scale=float(raw.get("scale", 1.0)))


def hits_from_tsv(tsv: str, min_conf: float = 0.0, gap_ratio: float = GAP_RATIO,
                  scale: float = 1.0) -> list[OcrHit]:
    """OcrHits from Tesseract's TSV: words (level 5) grouped per line, split at wide gaps;
    conf is the mean word conf / 100; boxes divided by `scale`."""
    lines: dict[tuple[str, str, str, str], list[tuple[int, int, int, int, float, str]]] = {}
    rows = tsv.splitlines()
    for row in rows[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        x, y, w, h = (int(v) for v in cols[6:10])
        key = (cols[1], cols[2], cols[3], cols[4])
        lines.setdefault(key, []).append((x, y, w, h, float(cols[10]), cols[11].strip()))
    out = []
    for words in lines.values():
        words.sort(key=lambda wd: wd[0])
        height = median(wd[3] for wd in words)
        runs = [[words[0]]]
        for wd in words[1:]:
            last = runs[-1][-1]
            if wd[0] - (last[0] + last[2]) > gap_ratio * height:
                runs.append([wd])
            else:
                runs[-1].append(wd)
        for run in runs:
            x0 = min(wd[0] for wd in run) / scale
            y0 = min(wd[1] for wd in run) / scale
            x1 = max(wd[0] + wd[2] for wd in run) / scale
            y1 = max(wd[1] + wd[3] for wd in run) / scale
            conf = sum(max(wd[4], 0.0) for wd in run) / len(run) / 100
            out.append((_join([wd[5] for wd in run]), box_quad(x0, y0, x1, y1), conf))
    return make_hits(out, min_conf)


def remove_rules(image: np.ndarray) -> np.ndarray:
    """Paint long horizontal and vertical dark runs (table rules) with the paper colour."""
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    ink = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C,
                                cv2.THRESH_BINARY_INV, 25, 15)
    h, w = gray.shape
    horiz = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, max(40, w // 30)), np.uint8))
    vert = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((max(40, h // 30), 1), np.uint8))
    rules = cv2.dilate(cv2.bitwise_or(horiz, vert), np.ones((3, 3), np.uint8))
    out = gray.copy()
    out[rules > 0] = int(np.median(gray))
    return out


class TesseractEngine:
    """`lang`: Tesseract languages (default "chi_sim+eng", or "chi_sim" without the English
    data: ``default_lang``); `psm`: page segmentation mode for
    pages (default 11, sparse text: finds table cells); `scale`: enlarge images by this
    factor first (default 1.5; Tesseract misreads commas in 9-pt text at 200 dpi);
    `binary`: program name or path; `model_dir`: a tessdata folder; `timeout`: seconds
    per call."""

    name = NAME

    def __init__(self, lang: str | None = None, psm: int = 11, scale: float = 1.5,
                 binary: str = "tesseract", timeout: float = 120.0,
                 model_dir: str | None = None):
        self._data = ["--tessdata-dir", str(model_dir)] if model_dir else []
        langs = installed_langs(binary, self._data)
        if isinstance(langs, str):
            raise EngineUnavailable(langs)
        lang = lang or default_lang(langs)
        reason = _lacking(lang, langs)
        if reason != "ok":
            raise EngineUnavailable(reason)
        self._binary = shutil.which(binary) or binary
        self.lang, self.psm, self.timeout = lang, int(psm), float(timeout)
        self.scale = float(scale)

    def _gray(self, image: np.ndarray, rules: bool) -> np.ndarray:
        bgr = as_bgr(image)
        gray = remove_rules(bgr) if rules else cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
        if self.scale == 1.0:
            return gray
        return cv2.resize(gray, None, fx=self.scale, fy=self.scale,
                          interpolation=cv2.INTER_CUBIC)

    def run_tsv(self, gray: np.ndarray, psm: int, threads: int | None = None) -> str:
        """Tesseract's TSV for a grayscale image (`threads`: its OpenMP thread limit)."""
        ok, buf = cv2.imencode(".png", gray)
        if not ok:
            raise EngineError(f"engine {NAME!r}: could not encode image {gray.shape}")
        cmd = [self._binary, "stdin", "stdout", *self._data, "-l", self.lang,
               "--psm", str(psm), "-c", "preserve_interword_spaces=0", "tsv"]
        try:
            env = None if threads is None else {**os.environ, "OMP_THREAD_LIMIT": str(threads)}
            done = subprocess.run(cmd, input=buf.tobytes(), capture_output=True,
                                  timeout=self.timeout, check=False, env=env)
        except subprocess.TimeoutExpired as exc:
            raise EngineError(f"engine {NAME!r} timed out after {self.timeout} s") from exc
        if done.returncode != 0:
            raise EngineError(f"engine {NAME!r} failed ({done.returncode}): "
                              f"{done.stderr.decode(errors='replace')[-300:]}")
        return done.stdout.decode("utf-8", errors="replace")

    def raw_page(self, image: np.ndarray) -> dict[str, Any]:
        """Tesseract's TSV for a page (rules removed, enlarged by `scale`)."""
        return {"tsv": self.run_tsv(self._gray(image, rules=True), self.psm),
                "scale": self.scale}

    def recognize_page(self, image: np.ndarray, *, min_conf: float = 0.0) -> list[OcrHit]:
        return hits_from_raw(self.raw_page(image), min_conf)

    def recognize_crops(self, crops: Sequence[np.ndarray], *, min_conf: float = 0.0,
                        line_height: float | None = None) -> list[list[OcrHit]]:
        return recognize_crops_with(crops, self._recognize_lines, self._recognize_blocks,
                                    min_conf=min_conf, line_height=line_height)

    def _line(self, image: np.ndarray) -> tuple[str, float]:
        hits = hits_from_tsv(self.run_tsv(self._gray(image, rules=False), 7, threads=1),
                             gap_ratio=1e9, scale=self.scale)
        return "".join(h.text for h in hits), min((h.conf for h in hits), default=0.0)

    def _block(self, image: np.ndarray) -> list[OcrHit]:
        return hits_from_tsv(self.run_tsv(self._gray(image, rules=True), 6, threads=1),
                             scale=self.scale)

    def _recognize_lines(self, images: list[np.ndarray]) -> list[tuple[str, float]]:
        with ThreadPoolExecutor(os.cpu_count() or 1) as pool:  # one process per core
            return list(pool.map(self._line, images))

    def _recognize_blocks(self, images: list[np.ndarray]) -> list[list[OcrHit]]:
        with ThreadPoolExecutor(os.cpu_count() or 1) as pool:
            return list(pool.map(self._block, images))
