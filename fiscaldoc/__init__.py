"""fiscaldoc: trustworthy tables from Chinese budget and final-account disclosures."""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator

from .config import Config
from .errors import (ConfigError, CorruptPdfError, EmptyFileError, EmptyPdfError,
                     EncryptedPdfError, EngineError, EngineUnavailable, FileMissingError,
                     FiscaldocError, InputError, NotAPdfError, PageTooLargeError)
from .model import Document, Table

__version__ = "0.1.0"

__all__ = ["extract", "extract_many", "Document", "Table", "FiscaldocError", "InputError",
           "FileMissingError", "EmptyFileError", "NotAPdfError", "CorruptPdfError",
           "EncryptedPdfError", "EmptyPdfError", "PageTooLargeError", "ConfigError",
           "EngineError", "EngineUnavailable", "__version__"]


def extract(source: str | os.PathLike[str] | bytes, config: Config | None = None, *,
            password: str | None = None, name: str | None = None) -> Document:
    """Extract every table of one PDF (path or bytes) into a ``Document``."""
    from .pipeline import extract as _extract

    return _extract(source, config=config, password=password, name=name)


def extract_many(paths: Iterable[str | os.PathLike[str]], config: Config | None = None, *,
                 password: str | None = None) -> Iterator[Document]:
    """Yield one ``Document`` per input, in order; a failed input yields a ``failed`` Document."""
    from .pipeline import extract_many as _extract_many

    return _extract_many(paths, config=config, password=password)
