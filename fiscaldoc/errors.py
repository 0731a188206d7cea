"""The exception tree (design §6).  Every error that reaches a caller is one of these."""
from __future__ import annotations

from pathlib import Path


class FiscaldocError(Exception):
    """Base of every error fiscaldoc raises."""


class InputError(FiscaldocError):
    """A document-level input problem; names the file (and page where relevant)."""

    def __init__(self, path: str | Path, message: str, page: int | None = None):
        self.path = str(path)
        self.page = page
        where = self.path if page is None else f"{self.path}, page {page + 1}"
        super().__init__(f"{where}: {message}")
        self.message = message


class FileMissingError(InputError):
    """The path does not exist or is not a regular file."""


class EmptyFileError(InputError):
    """The file has zero bytes."""


class NotAPdfError(InputError):
    """The bytes are not a PDF (nor a supported image)."""


class CorruptPdfError(InputError):
    """MuPDF could not open or parse the PDF (truncated, garbage)."""


class EncryptedPdfError(InputError):
    """The PDF is encrypted and no (or a wrong) password was given."""


class EmptyPdfError(InputError):
    """The PDF opens but has no pages."""


class PageTooLargeError(InputError):
    """Rasterising the page would exceed the pixel limit."""

    def __init__(self, path: str | Path, page: int, pixels: int, limit: int):
        self.pixels = pixels
        self.limit = limit
        super().__init__(path, f"page needs {pixels} pixels to rasterise, limit is {limit}", page)


class ConfigError(FiscaldocError):
    """A configuration file or value is invalid (unknown key, wrong type)."""


class EngineError(FiscaldocError):
    """An OCR engine failed."""


class EngineUnavailable(EngineError):
    """The engine's SDK or models are not installed; the message names the extra to install."""
