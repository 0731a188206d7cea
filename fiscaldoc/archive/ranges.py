"""A long document read as page ranges (``fiscaldoc convert --executor ray``).

Reading the pages (each page's text layer, and OCR of those without a usable one) is what
takes a scan's time, and pages are read independently of each other.  So a document of more
than ``--pages-per-task`` pages is read by several tasks, one per range of pages
(``pipeline.read_pages``, each giving a ``PagesRead``); the parts are joined in page order
and the rest of the pipeline runs once on the whole document (``pipeline.extract(...,
read=...)``): the tables of every page, tables continued across pages (a range's boundary
included) joined, headers, records, subjects and checks — so the outputs are those of a local
run, timings aside.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from ..model import Page, PageContent
from ..ocr.base import OcrEngine
from ..reading.scan import ScannedPage

_ENGINE_KEYS = ("rec_precision", "rec_precision_note")


@dataclass(frozen=True, slots=True)
class PagesRead:
    """The page reading of some pages, in page order: each page's text layer (or the empty
    Page of a page that could not be read), and for the pages read by OCR what the scanned path
    made of them; ``engines``: the OCR engines used, with their ``engine_info``; ``seconds``:
    the reading time, summed over the ``tasks`` that read the parts."""

    layers: tuple[PageContent | Page, ...]
    scans: tuple[tuple[ScannedPage | None, PageContent], ...]
    engines: dict[str, dict[str, str]]
    seconds: float = 0.0
    tasks: int = 1


def engine_info(engines: dict[str, OcrEngine]) -> dict[str, dict[str, str]]:
    """Per engine name, how its recogniser read the lines (and why not int8), where it says."""
    return {name: {k: getattr(e, k) for k in _ENGINE_KEYS if getattr(e, k, "")}
            for name, e in engines.items()}


def join_parts(parts: Iterable[PagesRead]) -> PagesRead:
    """The parts of one document, given in page order, as one ``PagesRead``."""
    layers: list[PageContent | Page] = []
    scans: list[tuple[ScannedPage | None, PageContent]] = []
    engines: dict[str, dict[str, str]] = {}
    seconds, tasks = 0.0, 0
    for part in parts:
        if layers and part.layers and part.layers[0].index <= layers[-1].index:
            raise ValueError("page ranges out of order")
        layers += part.layers
        scans += part.scans
        for name, info in part.engines.items():
            engines.setdefault(name, {}).update(info)
        seconds, tasks = seconds + part.seconds, tasks + part.tasks
    return PagesRead(tuple(layers), tuple(scans), engines, seconds, tasks)


def page_ranges(n_pages: int, size: int) -> list[range]:
    """``range(0, n_pages)`` cut into consecutive ranges of ``size`` pages (the last shorter)."""
    if size < 1:
        raise ValueError(f"pages per task must be >= 1, got {size}")
    return [range(a, min(a + size, n_pages)) for a in range(0, n_pages, size)]
