"""Randomised scan effects drawn from a seed: a scanned corpus you cannot overfit (issue 13).

``random_recipe(seed, group)`` draws one scan job: the resolution (150–300 dpi) and a list of
effects with their strengths; ``apply(img, recipe, page=k, targets=...)`` runs it on one page
image (BGR uint8, rasterised at ``recipe.dpi``), drawing the page-level details (which corner
moves, where the light falls, which amount cell the seal lands on) from ``(seed, page)``.

Effects, in the order paper meets scanner:

- on the paper: yellowing, show-through of the back page, ink bleed or worn toner, red seals
  stamped over amount cells (``targets``: pixel centres of amount cells);
- the page in the scanner: perspective / keystone up to 1 % of the page size, a curled binding
  edge, a small skew;
- the light: uneven illumination, a binding-edge shadow;
- the sensor: blur, noise, JPEG down to q30; a fax (binarised) or a page fed turned by 90°.

Groups name which effects a recipe may draw, so that a benchmark can report every effect
alone and mixed: ``GROUPS``.  The fixed building blocks (blur, noise, jpeg, rotate, red seal,
fax) are ``benchmarks.corpus.degrade``'s.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any, Sequence

import cv2
import numpy as np

from .degrade import WHITE, blur, fax, jpeg, noise, red_seal, rotate, rotate90

GROUPS = ("clean", "geometry", "paper", "ink", "optics", "seal", "fax", "turned", "heavy",
          "mixed")

Step = tuple[str, dict[str, Any]]


@dataclass(frozen=True)
class ScanRecipe:
    seed: int
    group: str
    dpi: int
    steps: tuple[Step, ...]

    def describe(self) -> str:
        def fmt(v: Any) -> str:
            return f"{v:.3g}" if isinstance(v, float) else str(v)
        return f"{self.dpi} dpi: " + (", ".join(
            name + ("(" + ",".join(f"{k}={fmt(v)}" for k, v in kw.items()) + ")" if kw else "")
            for name, kw in self.steps) or "none")


# ---- effects (each returns a new image) ----------------------------------------------------

def perspective(img: np.ndarray, amount: float, rng: np.random.Generator) -> np.ndarray:
    """Move each corner by up to ``amount`` (fraction of the page size) in a random direction,
    with a keystone component (one edge narrower than the opposite one)."""
    h, w = img.shape[:2]
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    jitter = rng.uniform(-1, 1, size=(4, 2)) * amount * 0.5 * np.float32([w, h])
    key = rng.uniform(-1, 1) * amount * 0.5 * w           # top narrower (or wider) than bottom
    jitter[0, 0] += key
    jitter[1, 0] -= key
    m = cv2.getPerspectiveTransform(src, (src + jitter).astype(np.float32))
    return cv2.warpPerspective(img, m, (w, h), flags=cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_CONSTANT, borderValue=WHITE)


def curl(img: np.ndarray, depth: float, reach: float, side: str) -> np.ndarray:
    """A page curled towards the binding edge (``side`` 'left' or 'right'): within ``reach``
    (fraction of the width) of that edge, lines bend towards the page middle and the paper is
    foreshortened; ``depth`` is the vertical pull at the edge as a fraction of the height."""
    h, w = img.shape[:2]
    xs, ys = np.meshgrid(np.arange(w, dtype=np.float32), np.arange(h, dtype=np.float32))
    d = xs if side == "left" else (w - 1 - xs)
    t = np.clip(1.0 - d / max(1.0, reach * w), 0.0, 1.0) ** 2      # 1 at the edge, 0 at reach
    cy = h / 2.0
    src_y = cy + (ys - cy) / (1.0 - depth * t)                      # squeezed towards the middle
    shift = 0.3 * depth * w * t * t                                 # foreshortened across
    src_x = xs - shift if side == "left" else xs + shift
    return cv2.remap(img, src_x, src_y.astype(np.float32), cv2.INTER_LINEAR,
                     borderMode=cv2.BORDER_CONSTANT, borderValue=WHITE)


def yellow(img: np.ndarray, amount: float) -> np.ndarray:
    """Aged paper: white turns cream (blue falls most), contrast drops slightly."""
    tint = np.float32([1 - 0.32 * amount, 1 - 0.1 * amount, 1 - 0.02 * amount])
    out = img.astype(np.float32) * tint[None, None, :]
    out = out * (1 - 0.1 * amount) + 255 * 0.1 * amount * tint[None, None, :]
    return np.clip(out, 0, 255).astype(np.uint8)


def _smooth_field(shape: tuple[int, int], rng: np.random.Generator, cells: int = 4) -> np.ndarray:
    """A smooth random field in [0, 1] varying over about ``cells`` spans of the page."""
    h, w = shape
    small = rng.random((cells + 1, cells + 1)).astype(np.float32)
    f = cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC)
    f -= f.min()
    return f / max(float(f.max()), 1e-6)


def uneven_light(img: np.ndarray, amount: float, rng: np.random.Generator) -> np.ndarray:
    """Illumination falling off across the page by up to ``amount`` (0..1) of white."""
    h, w = img.shape[:2]
    a = rng.uniform(0, 2 * np.pi)
    xs, ys = np.meshgrid(np.linspace(-1, 1, w, dtype=np.float32), np.linspace(-1, 1, h, dtype=np.float32))
    grad = (np.cos(a) * xs + np.sin(a) * ys + 1.5) / 3.0
    field = 0.6 * grad + 0.4 * _smooth_field((h, w), rng, 3)
    gain = 1.0 - amount * field
    return np.clip(img.astype(np.float32) * gain[:, :, None], 0, 255).astype(np.uint8)


def binding_shadow(img: np.ndarray, amount: float, reach: float, side: str) -> np.ndarray:
    """A dark band along the binding edge, ``amount`` darkening at the edge, fading over
    ``reach`` of the width."""
    h, w = img.shape[:2]
    x = np.arange(w, dtype=np.float32)
    d = x if side == "left" else (w - 1 - x)
    gain = 1.0 - amount * np.exp(-d / max(1.0, reach * w))
    return np.clip(img.astype(np.float32) * gain[None, :, None], 0, 255).astype(np.uint8)


def show_through(img: np.ndarray, amount: float, rng: np.random.Generator) -> np.ndarray:
    """The back page printed through thin paper: a mirrored, blurred, faint copy of the
    page's own print, shifted (the back page's lines never fall on the front's)."""
    h, w = img.shape[:2]
    back = cv2.flip(img, 1)
    dx, dy = (int(v) for v in rng.integers(-w // 20, w // 20 + 1, size=2))
    back = np.roll(back, (dy, dx), axis=(0, 1))
    back = cv2.GaussianBlur(back, (0, 0), max(1.0, w / 1500))
    ink = (255.0 - back.astype(np.float32)) * amount
    return np.clip(np.minimum(img.astype(np.float32), 255.0 - ink), 0, 255).astype(np.uint8)


def ink_bleed(img: np.ndarray, px: float) -> np.ndarray:
    """Ink spread into the paper: strokes grow by about ``px`` pixels with soft edges."""
    k = max(2, int(round(px)) + 1)
    grown = cv2.erode(img, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    grown = cv2.GaussianBlur(grown, (0, 0), max(0.5, px / 2))
    return np.minimum(img, cv2.addWeighted(img, 0.35, grown, 0.65, 0))


def worn_toner(img: np.ndarray, amount: float, rng: np.random.Generator) -> np.ndarray:
    """Toner worn or starved: dark print lightened by up to ``amount`` in patches, with
    small drop-outs inside strokes."""
    h, w = img.shape[:2]
    patch = _smooth_field((h, w), rng, 6)
    fade = amount * (0.4 + 0.6 * patch)
    fade = np.where(rng.random((h, w)) < 0.04 * amount, 0.9, fade).astype(np.float32)
    out = img.astype(np.float32)
    out = out + (255.0 - out) * fade[:, :, None]
    return np.clip(out, 0, 255).astype(np.uint8)


def seals(img: np.ndarray, count: int, opacity: float, rng: np.random.Generator,
          targets: Sequence[tuple[float, float]] = (),
          top_targets: Sequence[tuple[float, float]] = ()) -> np.ndarray:
    """``count`` round red seals (4 cm across on A4), each centred near a random target
    (pixel centres of amount cells), or right of the page middle when there is none.  With
    ``top_targets`` (centres of the 部门/单位 line above a grid), two seals in five are
    stamped there, over the line and the grid's top rows, as units stamp their name."""
    h, w = img.shape[:2]
    radius = 0.095 * min(h, w) * rng.uniform(0.85, 1.1)
    out = img
    for k in range(count):
        pool = top_targets if len(top_targets) and rng.random() < 0.4 else targets
        if len(pool):
            x, y = pool[int(rng.integers(len(pool)))]
            x += rng.uniform(-0.3, 0.3) * radius
            y += rng.uniform(-0.3, 0.3) * radius
        else:
            x, y = rng.uniform(0.45, 0.8) * w, rng.uniform(0.25, 0.75) * h
        out = red_seal(out, (x, y), radius, seed=int(rng.integers(1 << 30)), opacity=opacity)
    return out


# ---- recipes --------------------------------------------------------------------------------

def _draw(group: str, rng: random.Random) -> list[Step]:
    """The effects of one group with strengths drawn from ``rng``."""
    u = rng.uniform
    if group == "clean":
        return []
    if group == "geometry":
        steps: list[Step] = [("perspective", {"amount": u(0.002, 0.01)})]
        if rng.random() < 0.6:
            steps.append(("curl", {"depth": u(0.004, 0.015), "reach": u(0.08, 0.2)}))
        return steps + [("rotate", {"degrees": u(-0.8, 0.8)})]
    if group == "paper":
        steps = [("yellow", {"amount": u(0.3, 1.0)}), ("uneven_light", {"amount": u(0.1, 0.35)})]
        if rng.random() < 0.6:
            steps.insert(0, ("show_through", {"amount": u(0.04, 0.15)}))
        if rng.random() < 0.6:
            steps.append(("binding_shadow", {"amount": u(0.2, 0.55), "reach": u(0.02, 0.06)}))
        return steps
    if group == "ink":
        if rng.random() < 0.5:
            return [("ink_bleed", {"px": u(0.6, 1.6)})]
        return [("worn_toner", {"amount": u(0.2, 0.5)})]
    if group == "optics":
        return [("blur", {"sigma": u(0.4, 1.4)}), ("noise", {"sigma": u(2.0, 10.0)}),
                ("jpeg", {"quality": rng.randint(30, 75)})]
    if group == "seal":
        return [("seals", {"count": rng.choice([1, 1, 2]), "opacity": u(0.6, 0.9)}),
                ("blur", {"sigma": u(0.3, 0.8)}), ("jpeg", {"quality": rng.randint(50, 80)})]
    if group == "fax":
        return [("rotate", {"degrees": u(-1.0, 1.0)}), ("fax", {"threshold": rng.randint(130, 170)})]
    if group == "turned":
        return [("rotate90", {"k": rng.choice([1, -1])}), ("rotate", {"degrees": u(-0.6, 0.6)}),
                ("blur", {"sigma": u(0.3, 0.8)})]
    if group == "heavy":           # an old archive at 150 dpi: everything strong at once
        steps = [("perspective", {"amount": u(0.005, 0.01)}), ("rotate", {"degrees": u(-1.0, 1.0)}),
                 ("yellow", {"amount": u(0.7, 1.0)}), ("uneven_light", {"amount": u(0.15, 0.35)}),
                 ("binding_shadow", {"amount": u(0.3, 0.6), "reach": u(0.03, 0.06)}),
                 ("blur", {"sigma": u(1.0, 1.6)}), ("noise", {"sigma": u(8.0, 14.0)}),
                 ("jpeg", {"quality": rng.randint(30, 40)})]
        if rng.random() < 0.4:
            steps.append(("seals", {"count": 1, "opacity": u(0.6, 0.9)}))
        return steps
    if group == "mixed":
        picked = [g for g in ("paper", "ink", "seal", "geometry") if rng.random() < 0.6]
        steps = [s for g in picked for s in _draw(g, rng) if s[0] not in ("blur", "jpeg")]
        steps += _draw("optics", rng)
        if rng.random() < 0.1:
            steps += [("fax", {"threshold": rng.randint(130, 170)})]
        elif rng.random() < 0.15:
            steps += [("rotate90", {"k": rng.choice([1, -1])})]
        return steps
    raise ValueError(f"unknown group {group!r}; expected one of {GROUPS}")


_ORDER = ("yellow", "show_through", "ink_bleed", "worn_toner", "seals", "perspective", "curl",
          "rotate", "uneven_light", "binding_shadow", "blur", "noise", "jpeg", "fax", "rotate90")


def random_recipe(seed: int, group: str) -> ScanRecipe:
    """One scan job for ``group`` drawn from ``seed``.  The resolution is 200 dpi for the
    single-effect groups (so each effect is seen alone), 150–300 dpi for ``optics``,
    ``mixed`` and ``fax``, 150 dpi for ``heavy``."""
    rng = random.Random(f"{seed}/{group}")
    dpi = rng.choice([150, 200, 240, 300]) if group in ("optics", "mixed", "fax") else 200
    if group == "heavy":
        dpi = 150
    steps = sorted(_draw(group, rng), key=lambda s: _ORDER.index(s[0]))
    return ScanRecipe(seed, group, dpi, tuple(steps))


def apply(img: np.ndarray, recipe: ScanRecipe, *, page: int = 0,
          targets: Sequence[tuple[float, float]] = (),
          top_targets: Sequence[tuple[float, float]] = ()) -> np.ndarray:
    """Run ``recipe`` on one page image rasterised at ``recipe.dpi``.  Sizes given in pixels
    at 200 dpi (blur, noise, bleed) scale with the dpi; ``targets`` are pixel centres of amount
    cells for the seals, ``top_targets`` centres of the 部门/单位 lines above grids."""
    rng = np.random.default_rng([recipe.seed, page, len(recipe.group)])
    side = "left" if rng.random() < 0.5 else "right"
    scale = recipe.dpi / 200.0
    out = img.copy()
    for name, kw in recipe.steps:
        if name == "perspective":
            out = perspective(out, kw["amount"], rng)
        elif name == "curl":
            out = curl(out, kw["depth"], kw["reach"], side)
        elif name == "yellow":
            out = yellow(out, kw["amount"])
        elif name == "uneven_light":
            out = uneven_light(out, kw["amount"], rng)
        elif name == "binding_shadow":
            out = binding_shadow(out, kw["amount"], kw["reach"], side)
        elif name == "show_through":
            out = show_through(out, kw["amount"], rng)
        elif name == "ink_bleed":
            out = ink_bleed(out, kw["px"] * scale)
        elif name == "worn_toner":
            out = worn_toner(out, kw["amount"], rng)
        elif name == "seals":
            out = seals(out, kw["count"], kw["opacity"], rng, targets, top_targets)
        elif name == "rotate":
            out = rotate(out, kw["degrees"])
        elif name == "rotate90":
            out = rotate90(out, kw["k"])
        elif name == "blur":
            out = blur(out, kw["sigma"] * scale)
        elif name == "noise":
            out = noise(out, kw["sigma"], seed=int(rng.integers(1 << 30)))
        elif name == "jpeg":
            out = jpeg(out, kw["quality"])
        elif name == "fax":
            out = fax(out, dpi=recipe.dpi, seed=int(rng.integers(1 << 30)),
                      threshold=kw["threshold"])
        else:
            raise ValueError(f"unknown effect {name!r}")
    return out
