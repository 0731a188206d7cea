"""Deterministic scan-like degradations of page images (BGR uint8), and image-only PDFs.

Every function takes an image and returns a new one; those that draw random numbers take a
``seed`` and give the same pixels for the same seed.  ``PROFILES`` names the combinations used
by the scanned benchmark; ``degrade(img, profile, dpi=..., seed=...)`` applies one.

Conventions: ``rotate`` turns counter-clockwise for positive degrees (OpenCV's sense) and keeps
the image size, filling uncovered corners with white; ``rotate90(img, k)`` turns by k quarter
turns counter-clockwise.
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Callable, Sequence

import cv2
import numpy as np

WHITE = (255, 255, 255)
SEAL_RED = (40, 30, 215)          # BGR of stamp-pad red


def _check(img: np.ndarray) -> np.ndarray:
    if not isinstance(img, np.ndarray) or img.dtype != np.uint8 or img.ndim != 3 or img.shape[2] != 3:
        raise ValueError("expected a BGR uint8 image of shape HxWx3")
    return img


def rotate(img: np.ndarray, degrees: float) -> np.ndarray:
    """Rotate about the centre (positive = counter-clockwise), same size, white corners."""
    _check(img)
    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2.0, h / 2.0), degrees, 1.0)
    return cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=WHITE)


def rotate90(img: np.ndarray, k: int = 1) -> np.ndarray:
    """Turn by ``k`` quarter turns counter-clockwise (negative k: clockwise)."""
    return np.ascontiguousarray(np.rot90(_check(img), k % 4))


def blur(img: np.ndarray, sigma: float) -> np.ndarray:
    """Gaussian blur with standard deviation ``sigma`` pixels."""
    _check(img)
    if sigma <= 0:
        return img.copy()
    return cv2.GaussianBlur(img, (0, 0), sigmaX=sigma, sigmaY=sigma)


def noise(img: np.ndarray, sigma: float, *, seed: int = 0) -> np.ndarray:
    """Add grey Gaussian sensor noise (same value on the three channels)."""
    _check(img)
    rng = np.random.default_rng(seed)
    n = rng.normal(0.0, sigma, size=img.shape[:2]).astype(np.float32)[:, :, None]
    return np.clip(img.astype(np.float32) + n, 0, 255).astype(np.uint8)


def jpeg(img: np.ndarray, quality: int) -> np.ndarray:
    """Round-trip through JPEG at ``quality`` (1..100)."""
    _check(img)
    ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, int(quality)])
    if not ok:
        raise RuntimeError("JPEG encoding failed")
    return cv2.imdecode(buf, cv2.IMREAD_COLOR)


def _star(center: tuple[float, float], outer: float) -> np.ndarray:
    cx, cy = center
    pts = []
    for i in range(10):
        r = outer if i % 2 == 0 else outer * 0.38
        a = -math.pi / 2 + i * math.pi / 5
        pts.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    return np.round(np.array(pts)).astype(np.int32)


def red_seal(img: np.ndarray, center: tuple[float, float] | None = None,
             radius: float | None = None, *, seed: int = 0, opacity: float = 0.75) -> np.ndarray:
    """Stamp a round red official seal: double ring, a ring of glyph-like marks, a star.

    Default ``center`` is right of the page middle, ``radius`` a tenth of the width (a 4 cm
    seal on A4), so on the corpus pages it lands on the table.  Ink is blended with
    ``opacity`` and slightly uneven (seeded), so the print below shows through.
    """
    _check(img)
    h, w = img.shape[:2]
    if center is None:
        center = (0.66 * w, 0.38 * h)
    if radius is None:
        radius = 0.1 * w
    rng = np.random.default_rng(seed)
    cx, cy = center
    c = (int(round(cx)), int(round(cy)))
    r = float(radius)
    mask = np.zeros((h, w), np.uint8)
    cv2.circle(mask, c, int(r), 255, max(2, int(r * 0.06)), cv2.LINE_AA)
    cv2.circle(mask, c, int(r * 0.9), 255, max(1, int(r * 0.015)), cv2.LINE_AA)
    cv2.fillPoly(mask, [_star(center, r * 0.24)], 255, cv2.LINE_AA)
    # glyph-like marks along the upper arc, upright towards the centre
    n_glyphs, g = 12, r * 0.2
    stroke = max(2, int(r * 0.035))
    for i in range(n_glyphs):
        a = math.radians(-205 + 230 * i / (n_glyphs - 1))
        gx, gy = cx + 0.7 * r * math.cos(a), cy + 0.7 * r * math.sin(a)
        rot = cv2.getRotationMatrix2D((0.0, 0.0), -math.degrees(a) - 90, 1.0)
        for _ in range(6):
            p = rng.uniform(-g / 2, g / 2, size=(2, 2))
            if rng.random() < 0.5:
                p[1, 1] = p[0, 1]          # horizontal stroke
            else:
                p[1, 0] = p[0, 0]          # vertical stroke
            q = p @ rot[:, :2].T + (gx, gy)
            cv2.line(mask, tuple(np.round(q[0]).astype(int)), tuple(np.round(q[1]).astype(int)),
                     255, stroke, cv2.LINE_AA)
    # a line of text-like marks under the star
    for i in range(5):
        x = cx - 0.4 * r + i * 0.2 * r
        cv2.rectangle(mask, (int(x), int(cy + 0.38 * r)), (int(x + 0.12 * r), int(cy + 0.5 * r)),
                      255, stroke)
    ink = rng.uniform(0.8, 1.0, size=(h, w)).astype(np.float32)
    alpha = (mask.astype(np.float32) / 255.0) * opacity * ink
    alpha = alpha[:, :, None]
    red = np.array(SEAL_RED, np.float32)[None, None, :]
    base = img.astype(np.float32)
    inked = base * red / 255.0          # multiply: ink never lightens the print below it
    out = base * (1 - alpha) + inked * alpha
    return np.clip(out, 0, 255).astype(np.uint8)


def fax(img: np.ndarray, *, dpi: float | None = None, seed: int = 0, threshold: int = 150,
        specks: float = 0.0015) -> np.ndarray:
    """Fax look: resampled to ~200 dpi (when ``dpi`` says the image is finer), hard
    binarisation, strokes thickened by a pixel, salt-and-pepper specks; back to the input size."""
    _check(img)
    h, w = img.shape[:2]
    gray = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)
    scale = 200.0 / dpi if dpi and dpi > 200 else 1.0
    if scale < 1.0:
        gray = cv2.resize(gray, (max(1, round(w * scale)), max(1, round(h * scale))),
                          interpolation=cv2.INTER_AREA)
    bw = np.where(gray < threshold, 0, 255).astype(np.uint8)
    bw = cv2.erode(bw, np.ones((2, 2), np.uint8))           # dark grows: thicker strokes
    rng = np.random.default_rng(seed)
    u = rng.random(bw.shape)
    bw[u < specks] = 0                                        # pepper
    bw[(u > 1 - specks / 3) & (bw == 0)] = 255                # salt (drop-outs in strokes)
    if scale < 1.0:
        bw = cv2.resize(bw, (w, h), interpolation=cv2.INTER_NEAREST)
    return cv2.cvtColor(bw, cv2.COLOR_GRAY2BGR)


def faint_lines(img: np.ndarray, *, seed: int = 0, lighten: float = 0.65,
                gap_rate: float = 0.02) -> np.ndarray:
    """Lighten long thin dark horizontal and vertical lines (table rules) and break them in
    places, as on a worn or badly exposed scan; text is left alone."""
    _check(img)
    h, w = img.shape[:2]
    gray = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)
    dark = np.where(gray < 128, 255, 0).astype(np.uint8)
    span = max(15, min(h, w) // 20)
    thick = max(4, min(h, w) // 250)          # rules are thinner than this, filled areas not
    rect = lambda kw, kh: cv2.getStructuringElement(cv2.MORPH_RECT, (kw, kh))
    horiz = cv2.morphologyEx(dark, cv2.MORPH_OPEN, rect(span, 1))
    horiz = cv2.subtract(horiz, cv2.morphologyEx(horiz, cv2.MORPH_OPEN, rect(1, thick)))
    vert = cv2.morphologyEx(dark, cv2.MORPH_OPEN, rect(1, span))
    vert = cv2.subtract(vert, cv2.morphologyEx(vert, cv2.MORPH_OPEN, rect(thick, 1)))
    lines = cv2.dilate(cv2.bitwise_or(horiz, vert), np.ones((3, 3), np.uint8)) > 0
    rng = np.random.default_rng(seed)
    # gaps: about ``gap_rate`` of the rule length drops out, in blocks of ~1/150 page
    gaps = np.zeros((h, w), bool)
    block = max(4, min(h, w) // 150)
    ys, xs = np.nonzero(lines)
    n = int(gap_rate * len(ys) / (3 * block))
    for i in rng.choice(len(ys), size=min(n, len(ys)), replace=False) if len(ys) else ():
        y, x = ys[i], xs[i]
        gaps[max(0, y - block // 2):y + block // 2 + 1, max(0, x - block // 2):x + block // 2 + 1] = True
    out = img.astype(np.float32)
    light = out + (255.0 - out) * lighten
    out[lines] = light[lines]
    out[lines & gaps] = 255.0
    return np.clip(out, 0, 255).astype(np.uint8)


# ---- profiles -----------------------------------------------------------------------------

Step = tuple[str, dict[str, Any]]
_STEPS: dict[str, Callable[..., np.ndarray]] = {
    "rotate": rotate, "rotate90": rotate90, "blur": blur, "noise": noise, "jpeg": jpeg,
    "red_seal": red_seal, "fax": fax, "faint_lines": faint_lines,
}
_SEEDED = {"noise", "red_seal", "fax", "faint_lines"}

_MEDIUM: tuple[Step, ...] = (("rotate", {"degrees": 1.0}), ("blur", {"sigma": 1.0}),
                             ("noise", {"sigma": 6.0}), ("jpeg", {"quality": 40}))
PROFILES: dict[str, tuple[Step, ...]] = {
    "clean": (),
    "light": (("rotate", {"degrees": 0.5}), ("blur", {"sigma": 0.6})),
    "medium": _MEDIUM,
    "heavy": (("rotate", {"degrees": -2.0}), ("blur", {"sigma": 1.4}),
              ("noise", {"sigma": 10.0}), ("jpeg", {"quality": 30})),
    # the seal is stamped on paper before the page is scanned
    "seal": (("red_seal", {}),) + _MEDIUM,
    "faint": (("faint_lines", {}),) + _MEDIUM,
    "fax": (("rotate", {"degrees": 0.7}), ("fax", {})),
    # a portrait page fed sideways: a quarter turn clockwise, lightly degraded
    "turned90": (("rotate90", {"k": -1}), ("rotate", {"degrees": 0.5}), ("blur", {"sigma": 0.6})),
}


def degrade(img: np.ndarray, profile: str, *, dpi: float = 200, seed: int = 0) -> np.ndarray:
    """Apply the named profile.  Blur and noise sigmas are given for 200 dpi and scaled with
    ``dpi``, so a profile looks alike at every resolution."""
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}; expected one of {sorted(PROFILES)}")
    out = _check(img).copy()
    for k, (name, kwargs) in enumerate(PROFILES[profile]):
        kw = dict(kwargs)
        if name == "blur":
            kw["sigma"] = kw["sigma"] * dpi / 200.0
        if name == "fax":
            kw["dpi"] = dpi
        if name in _SEEDED:
            kw["seed"] = seed * 1000 + k
        out = _STEPS[name](out, **kw)
    return out


def scanned_pdf(images: Sequence[np.ndarray], path: str | Path, dpi: float) -> Path:
    """Write one image-only PDF page per BGR image, sized so the image is ``dpi`` dots per
    inch (PNG-compressed, lossless, no text layer)."""
    import pymupdf

    if not images:
        raise ValueError("no images")
    path = Path(path)
    doc = pymupdf.open()
    try:
        for img in images:
            _check(img)
            h, w = img.shape[:2]
            page = doc.new_page(width=w * 72.0 / dpi, height=h * 72.0 / dpi)
            ok, buf = cv2.imencode(".png", img, [cv2.IMWRITE_PNG_COMPRESSION, 1])
            if not ok:
                raise RuntimeError("PNG encoding failed")
            page.insert_image(page.rect, stream=buf.tobytes())
        doc.save(str(path), garbage=3, deflate=False, no_new_id=True)
    finally:
        doc.close()
    return path
