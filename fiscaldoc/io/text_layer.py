"""A page's text layer and vector ruling lines, in displayed page space (design §4).

MuPDF reports characters and drawings in *unrotated* page space (origin at the CropBox's
top-left); they are mapped through ``page.rotation_matrix`` here, once, so a page with
/Rotate 90 gives the same words and rules as the same page laid out upright.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from typing import Any

import pymupdf

from ..config import TextLayerConfig
from ..errors import CorruptPdfError
from ..geometry import BBox, Segment
from ..model import Issue, PageContent, Word
from .damage import lost_issues
from .ocr_layer import hidden_layer
from .open import (MUPDF_ERRORS, OpenedDocument, summarise_warnings, take_mupdf_warnings,
                   warnings_severity)
from .rules import extract_rules
from .spaced import join_spaced

# Ligatures kept as one char, whitespace kept (it separates words), text clipped to the
# MediaBox, and no synthetic spaces: gaps are judged below against GAP_EM instead.  Not set:
# TEXT_CID_FOR_UNKNOWN_UNICODE, so glyphs without Unicode come out as U+FFFD (garbage).
_TEXT_FLAGS = (pymupdf.TEXT_PRESERVE_LIGATURES | pymupdf.TEXT_PRESERVE_WHITESPACE
               | pymupdf.TEXT_MEDIABOX_CLIP | pymupdf.TEXT_INHIBIT_SPACES)
GAP_EM = 0.25             # a gap wider than this many font sizes splits a word (cells packed
                          # tightly in unruled tables leave ~0.5 em between columns)
_AXIS_SLOPE = 0.1         # a line direction within ~6 degrees of an axis counts as that axis
_RULE_OVERLAP = 0.3       # a rule may overlap a char box by this share and still cut there
_OUTSIDE_TOL = 1.0        # words wholly outside the displayed page (by > this) are dropped
_CID_RE = re.compile(r"\(cid:\d+\)")
# Format characters (soft hyphen, zero-width and bidi marks, BOM): stripped, not garbage.
_FORMAT_CHARS = frozenset([0xAD, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x202A, 0x202B,
                           0x202C, 0x202D, 0x202E, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064,
                           0xFEFF])
_SPACES = frozenset(i for i in range(0x3001) if chr(i).isspace())
_CONTROL = frozenset(i for i in [*range(0x20), *range(0x7F, 0xA0)] if i not in _SPACES)
OCR_ISSUES = frozenset({"needs-ocr", "ocr-text-layer"})   # Issue codes that route to OCR
_SPECIAL = _SPACES | _CONTROL | _FORMAT_CHARS     # one set lookup for the common case


def read_page(doc: OpenedDocument, index: int, config: TextLayerConfig) -> PageContent:
    """Words and ruling lines of page *index*, with a ``needs-ocr`` Issue when unusable.

    A layer an OCR program laid invisibly over a page image gets an ``ocr-text-layer`` Issue
    instead (``io.ocr_layer``); either code routes the page to OCR (``OCR_ISSUES``).

    Page-level failures never raise: a page MuPDF cannot load gives an empty PageContent with
    a ``page-unreadable`` error Issue; a page whose page object, content stream or image a
    damaged file lost gets a ``page-content-lost`` error Issue naming it (``io.damage``).
    """
    take_mupdf_warnings()
    try:
        page = doc.page(index)
    except CorruptPdfError as e:
        take_mupdf_warnings()
        issue = Issue("page-unreadable", "io", index, "error", e.message)
        return PageContent(index, 0.0, 0.0, 0, "pdf", (), (), (issue,))
    rect = page.rect
    width, height = float(rect.width), float(rect.height)
    rm = page.rotation_matrix
    m = (rm.a, rm.b, rm.c, rm.d, rm.e, rm.f)
    issues: list[Issue] = []

    try:
        rules = extract_rules(page.get_cdrawings(), m, width, height)
    except MUPDF_ERRORS as e:
        rules = ()
        issues.append(Issue("rules-unreadable", "io", index, "warning",
                            f"vector drawings could not be read ({e}); no ruling lines"))
    try:
        raw = page.get_text("rawdict", flags=_TEXT_FLAGS)
        words, n_chars, n_garbage = _words(raw["blocks"], m, width, height, rules)
    except MUPDF_ERRORS as e:
        words, n_chars, n_garbage = (), 0, 0
        issues.append(Issue("needs-ocr", "io", index, "warning",
                            f"text layer could not be extracted ({e})"))
    else:
        reason = ("the input is an image: it has no text layer" if doc.kind == "image"
                  else _unusable(n_chars, n_garbage, config))
        if reason:
            issues.append(Issue("needs-ocr", "io", index, "warning", reason))
        else:
            lie = hidden_layer(page, config)
            if lie:
                issues.append(Issue("ocr-text-layer", "io", index, "info", lie))

    warnings = take_mupdf_warnings()
    if warnings:
        issues.append(Issue("mupdf-warnings", "io", index, warnings_severity(warnings),
                            summarise_warnings(warnings)))
    issues.extend(lost_issues(doc, index, page))
    return PageContent(index, width, height, int(page.rotation), "pdf", words, rules,
                       tuple(issues))


def _unusable(n_chars: int, n_garbage: int, config: TextLayerConfig) -> str:
    """Why the text layer cannot be used ('' when it can)."""
    if n_chars < config.min_chars:
        return (f"text layer has {n_chars} non-space characters "
                f"(fewer than min_chars={config.min_chars})")
    ratio = n_garbage / n_chars if n_chars else 0.0
    if ratio > config.max_garbage_ratio:
        return (f"{ratio:.0%} of the text layer's {n_chars} characters are unreadable "
                f"(U+FFFD, private-use, (cid:N) or control characters; "
                f"max_garbage_ratio={config.max_garbage_ratio})")
    return ""


def _words(blocks: list[dict[str, Any]], m: tuple[float, ...], width: float, height: float,
           rules: tuple[Segment, ...]) -> tuple[tuple[Word, ...], int, int]:
    """Text runs from rawdict blocks, plus counts of non-space and garbage characters."""
    a, b, c, d = m[:4]
    mapped = None if m == (1.0, 0.0, 0.0, 1.0, 0.0, 0.0) else m
    # Rules as (position along the text, start, end across it): vertical rules cut
    # horizontal text, horizontal rules cut vertical text.
    v_cuts = sorted((s.x0, s.y0, s.y1) for s in rules if not s.horizontal)
    h_cuts = sorted((s.y0, s.x0, s.x1) for s in rules if s.horizontal)
    out: list[Word] = []
    counts = [0, 0]                                    # non-space chars, garbage chars
    for block in blocks:
        if block.get("type") != 0:
            continue
        for line in block["lines"]:
            ux, uy = line["dir"]
            dx, dy = a * ux + c * uy, b * ux + d * uy         # direction as displayed
            lx0, ly0, lx1, ly1 = line["bbox"] if mapped is None else _map_box(m, *line["bbox"])
            if abs(dy) <= _AXIS_SLOPE * abs(dx):
                axis = (0, 2, 1.0 if dx > 0 else -1.0)
                cuts = _cuts_inside(v_cuts, lx0, lx1, (ly0 + ly1) / 2)
            elif abs(dx) <= _AXIS_SLOPE * abs(dy):
                axis = (1, 3, 1.0 if dy > 0 else -1.0)
                cuts = _cuts_inside(h_cuts, ly0, ly1, (lx0 + lx1) / 2)
            else:                                  # skewed text: split at whitespace only
                axis, cuts = (0, 2, 0.0), []
            start = len(out)
            _line_words(line["spans"], mapped, axis, cuts, out, counts)
            if axis[2] > 0 and len(out) - start >= 2:
                out[start:] = join_spaced(out[start:], axis[0], _ruled_between(axis, cuts))
    words = tuple(w for w in out if _on_page(w.bbox, width, height))
    n_garbage = counts[1]
    for w in words:
        if "(cid:" in w.text:
            n_garbage += sum(len(mt) for mt in _CID_RE.findall(w.text))
    return words, counts[0], n_garbage


def _line_words(spans: list[dict[str, Any]], m: tuple[float, ...] | None,
                axis: tuple[int, int, float], cuts: list[tuple[float, float, float]],
                out: list[Word], counts: list[int]) -> None:
    """Append one line's words to *out*: split at whitespace, wide gaps and crossing rules."""
    lo_a, hi_a, sign = axis
    text: list[str] = []
    x0 = y0 = x1 = y1 = 0.0
    prev: tuple[float, ...] = ()
    n_chars = n_garbage = 0
    for span in spans:
        limit = GAP_EM * span["size"]
        for ch in span["chars"]:
            s = ch["c"]
            o = ord(s[0]) if s else 0x20
            if o in _SPECIAL:
                if o in _SPACES:
                    if text:
                        out.append(Word("".join(text), BBox(x0, y0, x1, y1)))
                        text = []
                elif o not in _FORMAT_CHARS:            # control character: garbage, dropped
                    n_chars += 1
                    n_garbage += 1
                continue                                # format characters: dropped
            n_chars += 1
            if o == 0xFFFD or 0xE000 <= o <= 0xF8FF or o >= 0xF0000:
                n_garbage += 1
            cur = ch["bbox"] if m is None else _map_box(m, *ch["bbox"])
            if text:
                gap = (cur[lo_a] - prev[hi_a] if sign > 0
                       else prev[lo_a] - cur[hi_a] if sign < 0 else 0.0)
                if gap > limit or (cuts and _crossed(prev, cur, lo_a, hi_a, cuts)):
                    out.append(Word("".join(text), BBox(x0, y0, x1, y1)))
                    text = []
            if text:
                if cur[0] < x0:
                    x0 = cur[0]
                if cur[1] < y0:
                    y0 = cur[1]
                if cur[2] > x1:
                    x1 = cur[2]
                if cur[3] > y1:
                    y1 = cur[3]
            else:
                x0, y0, x1, y1 = cur
            text.append(s)
            prev = cur
    if text:
        out.append(Word("".join(text), BBox(x0, y0, x1, y1)))
    counts[0] += n_chars
    counts[1] += n_garbage


def _map_box(m: tuple[float, ...], x0: float, y0: float, x1: float,
             y1: float) -> tuple[float, float, float, float]:
    """A box through a multiple-of-90-degree page matrix (two corners suffice)."""
    a, b, c, d, e, f = m
    px, py = a * x0 + c * y0 + e, b * x0 + d * y0 + f
    qx, qy = a * x1 + c * y1 + e, b * x1 + d * y1 + f
    return (min(px, qx), min(py, qy), max(px, qx), max(py, qy))


def _cuts_inside(cuts: list[tuple[float, float, float]], lo: float, hi: float,
                 across: float) -> list[tuple[float, float, float]]:
    """Rules strictly inside [lo, hi] along a line that reach the line's middle."""
    if not cuts:
        return []
    i = bisect.bisect_right(cuts, (lo, float("inf"), float("inf")))
    j = bisect.bisect_left(cuts, (hi, float("-inf"), float("-inf")))
    return [r for r in cuts[i:j] if r[1] <= across <= r[2]]


def _crossed(p: tuple[float, ...], q: tuple[float, ...], lo_a: int, hi_a: int,
             cuts: list[tuple[float, float, float]]) -> bool:
    """Whether a ruling line runs between consecutive characters p and q.

    The rule may overlap each character's box by up to _RULE_OVERLAP of its size (glyph
    boxes are advance-wide); text that runs on across a rule (overflow) is not cut.
    """
    first, second = (p, q) if p[lo_a] + p[hi_a] <= q[lo_a] + q[hi_a] else (q, p)
    lo = first[hi_a] - _RULE_OVERLAP * (first[hi_a] - first[lo_a])
    hi = second[lo_a] + _RULE_OVERLAP * (second[hi_a] - second[lo_a])
    return any(lo <= r[0] <= hi for r in cuts)


def _ruled_between(axis: tuple[int, int, float], cuts: list[tuple[float, float, float]]
                   ) -> Callable[[BBox, BBox], bool]:
    """Whether a rule crossing the line runs between two boxes along it (see _crossed)."""
    lo_a, hi_a = axis[0], axis[1]

    def ruled(p: BBox, q: BBox) -> bool:
        return bool(cuts) and _crossed((p.x0, p.y0, p.x1, p.y1), (q.x0, q.y0, q.x1, q.y1),
                                       lo_a, hi_a, cuts)
    return ruled


def _on_page(box: BBox, width: float, height: float) -> bool:
    return (box.x1 >= -_OUTSIDE_TOL and box.y1 >= -_OUTSIDE_TOL
            and box.x0 <= width + _OUTSIDE_TOL and box.y0 <= height + _OUTSIDE_TOL)
