"""Text layers that lie: OCR software's invisible text laid over a page image.

Scanners and OCR programs (ABBYY FineReader, Tesseract, Acrobat's "make searchable") keep
the scan as an image and add the recognised text so that it can be searched, but not seen:
text render mode 3 (invisible) or fully transparent, or ordinary text painted first and then
covered by the image.
What the reader sees is the image; the text is one program's guess at it, with its own
misreadings (full-width digits, private-use glyphs, words out of place).  Such a page is read
by our OCR instead of being trusted as a digital layer.

The evidence is what the page paints, in painting order (MuPDF's bbox log): the share of the
text's area that is invisible or under a later image, and the share of that hidden text that
an image lies under.  Visible text is never second-guessed: a page whose digits are printed
full-width by its font is a digital page like any other.
"""
from __future__ import annotations

import pymupdf

from ..config import TextLayerConfig
from .open import MUPDF_ERRORS

_Rect = tuple[float, float, float, float]
# Font names OCR programs give their invisible text (reported as supporting evidence only).
_OCR_FONTS = ("glyphless", "ocr")


def hidden_layer(page: pymupdf.Page, config: TextLayerConfig) -> str:
    """Why the page's text layer is an invisible layer over an image ('' when it is not)."""
    try:
        if not page.get_images(full=False):
            return ""
        log = page.get_bboxlog()
    except MUPDF_ERRORS:
        return ""
    text_area = hidden_area = under_image = 0.0
    texts: list[tuple[_Rect, bool]] = []          # (box, invisible) in painting order
    images: list[tuple[int, _Rect]] = []          # (position in the log, box)
    for k, (kind, box) in enumerate(log):
        if kind.endswith("-text"):
            texts.append((box, kind == "ignore-text"))
        elif kind == "fill-image":
            images.append((len(texts), box))
    if not texts or not images:
        return ""
    for k, (box, invisible) in enumerate(texts):
        area = _area(box)
        text_area += area
        covered = [img for at, img in images if _inside(box, img)]
        later = any(at > k and _inside(box, img) for at, img in images)
        if invisible or later:
            hidden_area += area
            if covered:
                under_image += area
    for box in _transparent_text(page):        # painted at opacity 0: 'fill-text' in the log
        hidden_area += _area(box)
        if any(_inside(box, img) for _, img in images):
            under_image += _area(box)
    if text_area <= 0.0:
        return ""
    hidden_area = min(hidden_area, text_area)
    under_image = min(under_image, hidden_area)
    hidden = hidden_area / text_area
    imaged = under_image / hidden_area if hidden_area else 0.0
    if hidden < config.max_hidden_share or imaged < config.max_hidden_share:
        return ""
    return (f"the text layer is an OCR program's: {hidden:.0%} of its text is invisible or "
            f"under an image, {imaged:.0%} of that over a picture of the page"
            f"{_supporting(page)}; the page is read by OCR instead")


def _transparent_text(page: pymupdf.Page) -> list[_Rect]:
    """Boxes of text spans painted fully transparent (another way to make text invisible)."""
    try:
        return [tuple(span["bbox"]) for span in page.get_texttrace()
                if span.get("opacity", 1.0) <= 0.0 and span.get("type") != 3]
    except MUPDF_ERRORS:
        return []


def _supporting(page: pymupdf.Page) -> str:
    """Further signs of OCR output, for the message: odd glyphs and OCR font names."""
    try:
        text = page.get_text("text")
        fonts = {f[3].lower() for f in page.get_fonts(full=False)}
    except MUPDF_ERRORS:
        return ""
    chars = [c for c in text if not c.isspace()]
    if not chars:
        return ""
    wide = sum(1 for c in chars if "\uff10" <= c <= "\uff19")
    odd = sum(1 for c in chars if "\ue000" <= c <= "\uf8ff" or c == "\ufffd" or ord(c) >= 0xF0000)
    notes = []
    if wide:
        notes.append(f"{wide / len(chars):.0%} full-width digits")
    if odd:
        notes.append(f"{odd / len(chars):.0%} private-use or unknown glyphs")
    if any(mark in name for name in fonts for mark in _OCR_FONTS):
        notes.append("a font named like OCR output")
    return f" ({', '.join(notes)})" if notes else ""


def _area(r: _Rect) -> float:
    return max(0.0, r[2] - r[0]) * max(0.0, r[3] - r[1])


def _inside(box: _Rect, image: _Rect) -> bool:
    """Whether at least half of *box* lies on *image*."""
    w = min(box[2], image[2]) - max(box[0], image[0])
    h = min(box[3], image[3]) - max(box[1], image[1])
    return w > 0 and h > 0 and w * h >= 0.5 * _area(box)
