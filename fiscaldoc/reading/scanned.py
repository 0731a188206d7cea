"""The pages of a document that have no usable text layer, read by OCR side by side.

``pipeline`` hands over the pages whose text layer asks for OCR (``io.OCR_ISSUES``); each comes
back, in order, as the scanned page (or None when it could not be read) and its content.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace

from ..config import Config
from ..errors import EngineError, FiscaldocError
from ..io import OpenedDocument
from ..memory import release_freed_memory
from ..model import Issue, PageContent
from ..ocr.base import OcrEngine
from .scan import ScannedPage, blank_page, read_rendered_page, render_page


def read_scanned_pages(doc: OpenedDocument, contents: list[PageContent], cfg: Config,
                       engines: dict[str, OcrEngine]) -> Iterator[tuple[ScannedPage | None, PageContent]]:
    """Read pages without a usable text layer through the scanned path; yields
    (ScannedPage or None, content) per page of ``contents``, in order.

    Pages are rendered here, one at a time (MuPDF), and read ``cfg.ocr.workers`` at a time
    in threads: while one page waits for the OCR engine, the next one's layout work runs.
    At most that many rendered pages are held at once.  If the engine is not installed, or
    a page cannot be rendered or read, the page keeps its text-layer content and gets an
    Issue saying why; the document becomes ``partial``.
    """
    from ..ocr.registry import accepts, get_engine

    if not contents:
        return
    name = cfg.ocr.engine
    try:
        if name not in engines:
            opts = {"model_dir": cfg.ocr.model_dir} if cfg.ocr.model_dir else {}
            if accepts(name, "rec_precision"):
                opts["rec_precision"] = cfg.ocr.precision
            engines[name] = get_engine(name, **opts)
    except EngineError as e:
        for c in contents:
            yield None, _with_issue(c, _unavailable(doc, c, e))
        return
    engine = engines[name]

    def submit(pool: ThreadPoolExecutor, c: PageContent) -> Future[ScannedPage]:
        try:
            empty = blank_page(doc, c.index, cfg, c.issues)
            if empty is not None:      # nothing to read: no rendering, layout or OCR
                done_blank: Future[ScannedPage] = Future()
                done_blank.set_result(empty)
                return done_blank
            page = render_page(doc, c.index, cfg)
        except Exception as e:   # typed or not, it becomes this page's issue (below)
            done: Future[ScannedPage] = Future()
            done.set_exception(e)
            return done
        return pool.submit(read_rendered_page, page, engine, c.issues)

    with ThreadPoolExecutor(cfg.ocr.workers) as pool:
        waiting: deque[tuple[PageContent, Future[ScannedPage]]] = deque()
        queued = iter(contents)
        for c in queued:
            waiting.append((c, submit(pool, c)))
            if len(waiting) >= cfg.ocr.workers:
                break
        while waiting:
            c, future = waiting.popleft()
            result: tuple[ScannedPage | None, PageContent]
            try:
                scanned = future.result()
                result = (scanned, scanned.content)
            except EngineError as e:
                result = (None, _with_issue(c, _unavailable(doc, c, e)))
            except FiscaldocError as e:
                result = (None, _with_issue(c, Issue(type(e).__name__, "ocr", c.index, "error",
                                                     str(e))))
            except Exception as e:   # a bug on one page must not lose the others
                result = (None, _with_issue(c, Issue(
                    "page-failed", "ocr", c.index, "error",
                    f"{doc.path}, page {c.index + 1}: {type(e).__name__}: {e}")))
            release_freed_memory()     # a long scan's peak stays flat in its page count
            nxt = next(queued, None)
            if nxt is not None:
                waiting.append((nxt, submit(pool, nxt)))
            yield result


def _unavailable(doc: OpenedDocument, content: PageContent, error: EngineError) -> Issue:
    return Issue("ocr-unavailable", "ocr", content.index, "error",
                 f"{doc.path}, page {content.index + 1}: {error}")


def _with_issue(content: PageContent, issue: Issue) -> PageContent:
    return replace(content, issues=content.issues + (issue,))
