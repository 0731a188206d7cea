"""What of a page's content a damaged PDF has lost (design §6: page-level problems are Issues).

A PDF cut short (a truncated download or copy) still opens after MuPDF's repair, but the
objects past the cut are gone: MuPDF then shows a page whose page object is missing as a blank
Letter-sized page, skips a content stream that is missing, and draws nothing (or a part) of an
image whose stream is cut.  Such pages come out blank without an error, so they are checked
here against the file's objects:

* always (cheap dictionary look-ups): the page object, each content stream, each image and
  form XObject the page uses must exist and be a stream;
* when MuPDF had to repair the file: each of those streams is decoded, and one whose decoding
  fails or makes MuPDF complain (a cut JPEG, a truncated image padded out, a stream without
  its end) is damaged.  Intact files are not decoded: their pages are rendered anyway.

A page that is blank in an intact file uses no stream, so nothing is reported for it.
"""
from __future__ import annotations

from functools import partial
from typing import Callable

import pymupdf

from ..model import Issue
from .open import MUPDF_ERRORS, OpenedDocument, summarise_warnings, take_mupdf_warnings

CODE = "page-content-lost"


def lost_content(doc: OpenedDocument, page: pymupdf.Page) -> list[str]:
    """One description per object of ``page`` that could not be read; [] when none was lost.

    MuPDF warnings raised while checking are consumed (they are quoted in the descriptions)."""
    if doc.kind != "pdf":
        return []
    pdf = doc.doc
    size = pdf.xref_length()
    xref = page.xref
    if not _exists(pdf, xref, size) or _type(pdf, xref) != "/Page":
        return [f"its page object ({xref} 0 R) is missing"]
    deep = bool(pdf.is_repaired)
    lost: list[str] = []
    try:
        contents = page.get_contents()
        images = [(im[0], im[7]) for im in page.get_images(full=True)]
        forms = [(fx[0], fx[1]) for fx in page.get_xobjects()]
    except MUPDF_ERRORS as e:
        return [f"its resources cannot be read ({e})"]
    finally:
        take_mupdf_warnings()
    for x in contents:
        lost += _check(pdf, x, size, deep, f"content stream {x} 0 R",
                       partial(pdf.xref_stream, x))
    for x, name in images:
        lost += _check(pdf, x, size, deep, f"image {_named(x, name)}",
                       partial(pymupdf.Pixmap, pdf, x))
    for x, name in forms:
        lost += _check(pdf, x, size, deep, f"form XObject {_named(x, name)}",
                       partial(pdf.xref_stream, x))
    return lost


def lost_issues(doc: OpenedDocument, index: int, page: pymupdf.Page) -> tuple[Issue, ...]:
    """The page-level error Issue naming what ``lost_content`` found; () when nothing was."""
    lost = lost_content(doc, page)
    if not lost:
        return ()
    return (Issue(CODE, "io", index, "error",
                 f"{doc.path}, page {index + 1}: content lost in the damaged file: "
                 + "; ".join(lost) + " (what it showed is missing from the output)"),)


def _named(xref: int, name: str) -> str:
    return f"{xref} 0 R" + (f" (/{name})" if name else "")


def _exists(pdf: pymupdf.Document, xref: int, size: int) -> bool:
    if not 0 < xref < size:
        return False
    try:
        obj: str = pdf.xref_object(xref, compressed=True)
    except MUPDF_ERRORS:
        return False
    return obj != "null"


def _type(pdf: pymupdf.Document, xref: int) -> str:
    try:
        kind, value = pdf.xref_get_key(xref, "Type")
    except MUPDF_ERRORS:
        return ""
    return value if kind == "name" else ""


def _check(pdf: pymupdf.Document, xref: int, size: int, deep: bool, what: str,
           decode: Callable[[], object]) -> list[str]:
    """[] when the stream ``xref`` is there (and, if ``deep``, decodes without complaint)."""
    if not _exists(pdf, xref, size):
        return [f"{what} is missing"]
    if not pdf.xref_is_stream(xref):
        return [f"{what} is not a stream (its data is missing)"]
    if not deep:
        return []
    take_mupdf_warnings()
    try:
        decode()
    except MUPDF_ERRORS as e:
        warnings = take_mupdf_warnings()
        detail = summarise_warnings(warnings) if warnings else str(e)
        return [f"{what} cannot be decoded ({detail})"]
    warnings = take_mupdf_warnings()
    if warnings:
        return [f"{what} is damaged ({summarise_warnings(warnings)})"]
    return []
