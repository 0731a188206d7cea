"""Open a PDF or a scanned image at the input boundary (design §6).

Every document-level problem raises a typed ``InputError`` naming the file; MuPDF's own
exceptions never reach the caller and MuPDF never writes to stderr.  Problems MuPDF could work
around (a repaired cross-reference table) become document-level ``Issue``s instead.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pymupdf

from ..errors import (CorruptPdfError, EmptyFileError, EmptyPdfError, EncryptedPdfError,
                      FileMissingError, NotAPdfError)
from ..model import Issue, Severity

# Library code never prints: MuPDF's warnings and errors are collected, not displayed.
pymupdf.TOOLS.mupdf_display_errors(False)
pymupdf.TOOLS.mupdf_display_warnings(False)

# Every exception class MuPDF / PyMuPDF raises on bad input.  pymupdf.FileDataError is a
# RuntimeError; errors from the C layer arrive as mupdf.FzErrorBase subclasses, which derive
# from Exception directly; the Python layer uses ValueError / IndexError / KeyError.
MUPDF_ERRORS: tuple[type[BaseException], ...] = (
    RuntimeError, ValueError, IndexError, KeyError, pymupdf.mupdf.FzErrorBase)

# Where a PDF header may start: Acrobat accepts up to 1024 bytes of leading junk.
_PDF_HEADER_WINDOW = 1024
_IMAGE_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
)
_MAX_WARNING_LINES = 5


def take_mupdf_warnings() -> list[str]:
    """MuPDF warnings collected since the last call (the buffer is reset, so it stays small)."""
    text = pymupdf.TOOLS.mupdf_warnings(reset=1)
    return [ln for ln in text.splitlines() if ln.strip()]


def warnings_severity(lines: list[str]) -> Severity:
    """'warning' when MuPDF reports an error it worked around (content may be lost)."""
    return "warning" if any("error" in ln for ln in lines) else "info"


def summarise_warnings(lines: list[str]) -> str:
    shown = "; ".join(lines[:_MAX_WARNING_LINES])
    more = len(lines) - _MAX_WARNING_LINES
    return shown + (f"; … {more} more" if more > 0 else "")


class OpenedDocument:
    """An open PDF or image: the MuPDF document plus what the boundary checks found.

    Use as a context manager or call ``close()``.  ``page(i)`` loads page *i*; a page that
    cannot be loaded raises ``CorruptPdfError`` with ``page`` set (a page-level problem that
    callers turn into an ``Issue``).
    """

    __slots__ = ("doc", "path", "sha256", "kind", "page_count", "issues", "_closed")

    def __init__(self, doc: pymupdf.Document, path: str, sha256: str, kind: str,
                 page_count: int, issues: tuple[Issue, ...]):
        self.doc = doc
        self.path = path
        self.sha256 = sha256
        self.kind = kind                 # "pdf" | "image"
        self.page_count = page_count
        self.issues = issues
        self._closed = False

    def page(self, index: int) -> pymupdf.Page:
        if self._closed:
            raise ValueError(f"{self.path}: document is closed")
        if not 0 <= index < self.page_count:
            raise IndexError(f"{self.path}: page index {index} out of range "
                             f"(document has {self.page_count} pages)")
        try:
            page: pymupdf.Page = self.doc.load_page(index)
            return page
        except MUPDF_ERRORS as e:
            raise CorruptPdfError(self.path, f"cannot load page: {e}", page=index) from e

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self.doc.close()

    def __enter__(self) -> "OpenedDocument":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return (f"OpenedDocument({self.path!r}, kind={self.kind!r}, pages={self.page_count}, "
                f"issues={[i.code for i in self.issues]})")


def open_document(source: str | os.PathLike[str] | bytes, *, password: str | None = None,
                  name: str | None = None) -> OpenedDocument:
    """Open *source* (a path or the file's bytes) after checking it at the boundary.

    ``name`` is how the file is named in errors and ``OpenedDocument.path``; it defaults to
    the path, or ``"<bytes>"`` for bytes.  Raises FileMissingError, EmptyFileError,
    NotAPdfError, CorruptPdfError, EncryptedPdfError or EmptyPdfError.
    """
    data, path = _read(source, name)
    if not data:
        raise EmptyFileError(path, "file is empty (0 bytes)")
    digest = hashlib.sha256(data).hexdigest()
    kind = _sniff(data)
    if kind is None:
        raise NotAPdfError(path, f"not a PDF or a PNG/JPEG/TIFF image "
                                 f"(starts with {data[:8]!r})")
    if kind == "pdf":
        return _open_pdf(data, path, digest, password)
    return _open_image(data, path, digest, kind)


def _read(source: str | os.PathLike[str] | bytes, name: str | None) -> tuple[bytes, str]:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source), name if name is not None else "<bytes>"
    if not isinstance(source, (str, os.PathLike)):
        raise TypeError(f"source must be a path or bytes, not {type(source).__name__}")
    p = Path(source)
    shown = name if name is not None else str(p)
    if not p.exists():
        raise FileMissingError(shown, "no such file")
    if p.is_dir():
        raise FileMissingError(shown, "is a directory, not a file")
    if not p.is_file():
        raise FileMissingError(shown, "not a regular file")
    try:
        return p.read_bytes(), shown
    except OSError as e:
        raise FileMissingError(shown, f"cannot be read: {e.strerror or e}") from e


def _sniff(data: bytes) -> str | None:
    """'pdf', an image filetype for MuPDF, or None when the magic bytes fit neither."""
    if b"%PDF-" in data[:_PDF_HEADER_WINDOW]:
        return "pdf"
    for magic, kind in _IMAGE_MAGIC:
        if data.startswith(magic):
            return kind
    return None


def _open_pdf(data: bytes, path: str, digest: str, password: str | None) -> OpenedDocument:
    take_mupdf_warnings()                      # drop anything left from earlier documents
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except MUPDF_ERRORS as e:
        warnings = take_mupdf_warnings()
        detail = summarise_warnings(warnings) if warnings else str(e)
        raise CorruptPdfError(path, f"MuPDF cannot open it ({detail})") from e
    try:
        if doc.needs_pass:
            _authenticate(doc, path, password)
        page_count = doc.page_count
        repaired = bool(doc.is_repaired)
    except MUPDF_ERRORS as e:
        doc.close()
        raise CorruptPdfError(path, f"MuPDF cannot read its structure ({e})") from e
    except EncryptedPdfError:
        doc.close()
        raise
    warnings = take_mupdf_warnings()
    if page_count == 0:
        doc.close()
        if repaired:
            raise CorruptPdfError(path, "broken file structure and no page could be recovered"
                                  + (f" ({summarise_warnings(warnings)})" if warnings else ""))
        raise EmptyPdfError(path, "the PDF has no pages")
    issues: list[Issue] = []
    if repaired:
        issues.append(Issue("pdf-repaired", "io", None, "warning",
                            "MuPDF repaired a broken file structure; content may be incomplete"
                            + (f" ({summarise_warnings(warnings)})" if warnings else "")))
    elif warnings:
        issues.append(Issue("mupdf-warnings", "io", None, warnings_severity(warnings),
                            summarise_warnings(warnings)))
    return OpenedDocument(doc, path, digest, "pdf", page_count, tuple(issues))


def _authenticate(doc: pymupdf.Document, path: str, password: str | None) -> None:
    if password is None:
        raise EncryptedPdfError(path, "the PDF is encrypted and no password was given")
    if not doc.authenticate(password):
        raise EncryptedPdfError(path, "the PDF is encrypted and the password given is wrong")


def _open_image(data: bytes, path: str, digest: str, filetype: str) -> OpenedDocument:
    take_mupdf_warnings()
    doc: pymupdf.Document | None = None
    try:
        doc = pymupdf.open(stream=data, filetype=filetype)
        page_count = doc.page_count
        if page_count < 1:
            raise NotAPdfError(path, f"{filetype.upper()} image has no frames")
        rect = doc.load_page(0).rect          # decodes the first frame: proves it is an image
        if rect.is_empty:
            raise NotAPdfError(path, f"{filetype.upper()} image has zero size")
    except MUPDF_ERRORS as e:
        if doc is not None:
            doc.close()
        take_mupdf_warnings()
        raise NotAPdfError(path, f"not a PDF, and not a valid {filetype.upper()} image "
                                 f"({e})") from e
    except NotAPdfError:
        if doc is not None:
            doc.close()
        raise
    warnings = take_mupdf_warnings()
    issues = (Issue("mupdf-warnings", "io", None, warnings_severity(warnings),
                    summarise_warnings(warnings)),) if warnings else ()
    return OpenedDocument(doc, path, digest, "image", page_count, issues)
