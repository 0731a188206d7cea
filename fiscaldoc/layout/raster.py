"""Pure raster helpers shared by the scanned-page layout modules (no page-space knowledge).

Images are BGR (or single-channel grey) uint8 arrays; masks are uint8 arrays of 0 / 255 of
the image's height and width.
"""
from __future__ import annotations

import cv2
import numpy as np

RED_MARGIN = 60          # red minus max(green, blue) above this: stamp ink, not print
RED_MIN = 110            # ... and the red channel at least this bright
RED_HALO = 25            # a weaker red margin next to stamp ink (blur and JPEG fringes)
STAMP_LEVEL_PCT = 25     # percentile of stamp ink's red channel taken as the ink's level
STAMP_LEVEL_MIN = 128    # ... at least this: the red channel is never brightened above 2x
STAMP_DARKEST_PCT = 5    # percentile of bare stamp ink's luminance taken as its darkest
STAMP_SURE = 0.75        # luminance under this share of the darkest ink: surely print
STAMP_REACH = 3          # pixels about stamp ink (beyond its halo) cleaned with it
PAPER_PCT = 90           # percentile of the luminance away from the stamp: the paper's level


def red_mask(image: np.ndarray) -> np.ndarray:
    """Pixels of red stamp ink (255) in a BGR image; all 0 for a grey image.

    Strongly red pixels, plus weakly red ones within two pixels of them: blur and JPEG
    chroma subsampling leave pinkish or dark-red fringes around every stamp stroke.
    """
    if image.ndim == 2 or image.shape[2] == 1:
        return np.zeros(image.shape[:2], np.uint8)
    b, g, r = cv2.split(image)
    diff = cv2.subtract(r, cv2.max(g, b))             # saturating: never negative
    strong = cv2.bitwise_and(cv2.compare(diff, RED_MARGIN, cv2.CMP_GT),
                             cv2.compare(r, RED_MIN, cv2.CMP_GE))
    if not cv2.countNonZero(strong):
        return strong
    near = cv2.dilate(strong, cv2.getStructuringElement(cv2.MORPH_RECT, (5, 5)))
    return cv2.bitwise_and(near, cv2.compare(diff, RED_HALO, cv2.CMP_GT))


def without_stamp(image: np.ndarray) -> np.ndarray:
    """A BGR page with red stamp ink taken out (grey, as BGR), or the image when it has none.

    Black print stays dark under red ink in the red channel, while the ink there is nearly
    as bright as paper; so under and next to the ink the page becomes its red channel, with
    two corrections:

    * ink still darkens the red channel a little, and more along its strokes' edges (JPEG
      keeps colour at half resolution: too little red there), enough for the grey ghost of
      a seal to swallow a decimal point or to read as digits.  The red channel is lifted by
      the gain that takes the ink's own red level to the paper's level measured away from
      the stamp (white on a clean scan; cream or dim on an aged or unevenly lit one, where
      a white patch would leave the seal's outline as a step);
    * the same coarse colour spreads the ink's red over a small dark mark under or beside
      it (a decimal point), so its red channel comes out light.  Its luminance, kept at
      full resolution, stays dark: a pixel darker than the darkest bare ink keeps most of
      its darkness.

    Around such surely-print pixels their luminance is kept too (a point's grey rim).
    Away from the ink the page is its luminance (less noisy than one channel).
    """
    if image.ndim != 3 or image.shape[2] != 3:
        return image
    red = red_mask(image)
    if not cv2.countNonZero(red):
        return image
    b, g, r = cv2.split(image)
    luma = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    strong = (cv2.subtract(r, cv2.max(g, b)) > RED_MARGIN) & (r >= RED_MIN)
    level = max(float(np.percentile(r[strong], STAMP_LEVEL_PCT)), STAMP_LEVEL_MIN)
    # bare ink: stamp pixels whose red channel is near the ink's level (no print below)
    bare = strong & (r >= 0.9 * level)
    darkest = float(np.percentile(luma[bare], STAMP_DARKEST_PCT)) if bare.any() else level
    # the ink and a few pixels about it: JPEG's colour blocks spread its red that far
    near = cv2.dilate(red, np.ones((2 * STAMP_REACH + 1,) * 2, np.uint8)) > 0
    # the paper's own level away from the stamp (yellowed, dimly lit): the stamp's area is
    # brought to it, not to white, so its outline leaves no step for the rules and the OCR
    far = luma[~near]
    paper = float(np.percentile(far, PAPER_PCT)) if far.size else 255.0
    v = np.arange(256, dtype=np.float32)
    lift = np.clip(v * paper / level, 0, 255).astype(np.uint8)
    # the darkest bare ink -> paper; darker print keeps most of its contrast
    keep = (paper * (np.minimum(v, darkest) / max(darkest, 1.0)) ** 2).astype(np.uint8)
    clean = cv2.min(cv2.LUT(r, lift), cv2.LUT(luma, keep))
    # print surely darker than any ink keeps its own blurred rim (a decimal point's rim is
    # as grey as the ink and would go with it, leaving a speck)
    sure = cv2.compare(luma, STAMP_SURE * darkest, cv2.CMP_LT)
    rim = cv2.dilate(sure, np.ones((3, 3), np.uint8)) > 0
    clean[rim] = np.minimum(clean, luma)[rim]
    out = luma.copy()
    out[near] = clean[near]
    return cv2.merge([out, out, out])


def gray_without_red(image: np.ndarray, red: np.ndarray | None = None) -> np.ndarray:
    """Grey image in which red stamp ink is paper-white, so it never becomes a rule or text.

    Black print under a stamp stays dark (stamp ink darkens it only a little), so a grid line
    crossing a seal survives.
    """
    if image.ndim == 2:
        return image
    if image.shape[2] == 1:
        return image[:, :, 0]
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    if red is None:
        red = red_mask(image)
    if cv2.countNonZero(red):
        gray = gray.copy()
        gray[red > 0] = 255
    return gray


def ink_mask(gray: np.ndarray, dpi: float, *, contrast: int = 18) -> np.ndarray:
    """Dark ink (255) against the local background: robust to faint print and uneven paper.

    A pixel is ink when it is ``contrast`` grey levels darker than the mean of a window about
    0.15 inch wide, or darker than a fixed 110 whatever its surroundings (inside a thick bar
    or a large solid area the local mean is dark too).
    """
    block = max(15, int(round(dpi * 0.15)) | 1)
    gray = cv2.GaussianBlur(gray, (3, 3), 0)          # scanner noise, JPEG ringing
    local = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV,
                                  block, contrast)
    dark = cv2.compare(gray, 110, cv2.CMP_LT)
    return cv2.bitwise_or(local, dark)


LINE_ACROSS_PT = 3.0    # a faint line is darker than the paper this far across it ...
LINE_ALONG_PT = 2.0     # ... on average over this length along it
LINE_CONTRAST = 20      # ... by this many grey levels


def line_mask(gray: np.ndarray, s: float) -> np.ndarray:
    """Thin lines along the rows of *gray*, darker than the paper on both sides (a ridge
    across the line, smoothed along it): a faint rule that the local-mean ink threshold
    loses next to a line of text comes out whole.  Strokes across the rows vanish."""
    d = max(2, int(round(LINE_ACROSS_PT / 2 * s)))
    along = max(3, int(round(LINE_ALONG_PT * s)) | 1)
    hat = np.zeros_like(gray)
    hat[d:-d] = cv2.subtract(cv2.min(gray[:-2 * d], gray[2 * d:]), gray[d:-d])
    mean = cv2.GaussianBlur(hat, (along, 1), 0)
    # the average runs past a line's ends and over its gaps: there a pixel is under half as
    # dark as the line nearby (ends stay crisp, the gap between partial rules stays open)
    peak = cv2.dilate(hat, cv2.getStructuringElement(cv2.MORPH_RECT, (along, 1)))
    return cv2.bitwise_and(cv2.compare(mean, LINE_CONTRAST, cv2.CMP_GT),
                           cv2.compare(cv2.add(hat, hat), peak, cv2.CMP_GE))


def runs(mask_1d: np.ndarray) -> list[tuple[int, int]]:
    """Half-open [start, end) intervals where a 1-D boolean array is true."""
    m = np.asarray(mask_1d, dtype=bool)
    if not m.size:
        return []
    d = np.diff(np.concatenate(([0], m.view(np.int8), [0])))
    starts = np.flatnonzero(d == 1)
    ends = np.flatnonzero(d == -1)
    return list(zip(starts.tolist(), ends.tolist()))


# --------------------------------------------------------------------- small copy

WORK_DPI = 100.0         # resolution of the copy used for page-level analysis


class SmallCopy:
    """A copy of a page image at about WORK_DPI with its ink, text and text-line boxes.

    ``f`` is the scale from the full image (small = full * f), ``dpi`` the copy's resolution.
    ``text`` is the ink without long ruling lines; ``em`` a typical character size in pixels
    (0 when the page has no text-like ink).
    """

    def __init__(self, image: np.ndarray, dpi: float):
        self.f = min(1.0, WORK_DPI / dpi)
        small = image if self.f == 1.0 else cv2.resize(image, None, fx=self.f, fy=self.f,
                                                        interpolation=cv2.INTER_AREA)
        self.dpi = dpi * self.f
        self.image = small
        self.red = red_mask(small)
        gray = gray_without_red(small, self.red)
        self.ink = ink_mask(gray, self.dpi)
        k = max(9, int(self.dpi * 0.5))
        # a faint rule is broken up by the ink threshold: its ridge keeps it whole, so that
        # its pieces are not left among the text (they would double ``em``)
        s = self.dpi / 72.0
        along = cv2.bitwise_or(self.ink, line_mask(gray, s))
        across = cv2.bitwise_or(self.ink, cv2.transpose(line_mask(cv2.transpose(gray), s)))
        lines = cv2.bitwise_or(
            cv2.morphologyEx(along, cv2.MORPH_OPEN,
                             cv2.getStructuringElement(cv2.MORPH_RECT, (k, 1))),
            cv2.morphologyEx(across, cv2.MORPH_OPEN,
                             cv2.getStructuringElement(cv2.MORPH_RECT, (1, k))))
        self.lines = cv2.dilate(lines, np.ones((3, 3), np.uint8))
        self.text = cv2.bitwise_and(self.ink, cv2.bitwise_not(self.lines))
        self.em = _char_size(self.text)

    def extent(self) -> tuple[int, int, int, int]:
        """(x0, y0, x1, y1) of all ink, or the whole copy when there is none."""
        pts = cv2.findNonZero(self.ink)
        if pts is None:
            return 0, 0, self.ink.shape[1], self.ink.shape[0]
        x, y, w, h = cv2.boundingRect(pts)
        return x, y, x + w, y + h

    def line_boxes(self) -> np.ndarray:
        """Boxes (x, y, w, h) of text lines: characters (and punctuation, and digits set in
        full-width cells) joined along rows across gaps of up to about a character."""
        if self.em <= 0:
            return np.zeros((0, 4), np.int64)
        gap = max(2, int(round(self.em)))
        joined = cv2.morphologyEx(self.text, cv2.MORPH_CLOSE,
                                  cv2.getStructuringElement(cv2.MORPH_RECT, (gap, 1)))
        _, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
        st = stats[1:, :4].astype(np.int64)
        keep = (st[:, 3] >= 0.5 * self.em) & (st[:, 3] <= 4 * self.em) & (st[:, 2] >= 0.3 * self.em)
        return st[keep]


def _char_size(text: np.ndarray) -> float:
    """Typical character size in pixels: a high percentile of connected blob sizes."""
    n, _, stats, _ = cv2.connectedComponentsWithStats(text, connectivity=8)
    if n <= 1:
        return 0.0
    size = np.maximum(stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT])
    size = size[(size >= 3) & (stats[1:, cv2.CC_STAT_AREA] >= 4)]
    if len(size) < 5:
        return 0.0
    return float(np.percentile(size, 80))
