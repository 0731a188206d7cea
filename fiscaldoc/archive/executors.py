"""Running conversions as Ray tasks (``fiscaldoc convert --executor ray [--address ADDR]``).

One Ray task per document: the driver sends the file's bytes and the configuration with the
rows of the user's subject dictionary in it (so the workers need no shared file system), a task extracts the ``Document`` and returns it, and the driver writes every
output exactly as the local run does (``finish`` below), so outputs are identical apart from
timings.  A document of more than ``pages_per_task`` pages is read as page ranges, one task
each, and a last task joins them and runs the rest of the pipeline on the whole document
(``archive.ranges``).  At most ``in_flight`` documents are sent at once, so the object store
holds only those.  A task whose worker dies is retried once by Ray, then the input is failed.
"""
from __future__ import annotations

import dataclasses
import time
from pathlib import Path
from typing import Any, Callable, Protocol

from ..config import Config
from ..errors import EngineError, FiscaldocError
from ..model import Document, Issue
from .dictionary import with_entries
from .ranges import PagesRead, join_parts, page_ranges

RAY_EXTRA = "pip install 'fiscaldoc[ray]'"


class TaskLike(Protocol):
    index: int
    path: str
    out: str
    config: Config
    password: str | None


Finish = Callable[[Document, Any, float], dict]     # (doc, task, seconds) -> manifest row
Extract = Callable[[str, Config, "str | None"], Document]


def extract_bytes(data: bytes, name: str, config: Config, password: str | None,
                  *parts: PagesRead) -> Document:
    """Extract a document from its bytes (the Ray task body; ``parts``: its pages as read by
    page-range tasks, in page order); a bad input gives a failed Document, as
    ``pipeline.extract_many`` does for a path."""
    from ..pipeline import extract

    try:
        read = join_parts(parts) if parts else None
        return extract(data, config, password=password, name=name, read=read)
    except FiscaldocError as e:
        page = getattr(e, "page", None)
        return Document(source=name, sha256="", status="failed",
                        issues=(Issue(type(e).__name__, "io", page, "error", str(e)),),
                        run={"fiscaldoc": _version()})


def read_range_bytes(data: bytes, name: str, config: Config, password: str | None, start: int,
                     stop: int) -> PagesRead:
    """The page reading of pages ``start`` to ``stop - 1`` (a page-range task)."""
    from ..pipeline import read_pages

    return read_pages(data, config, range(start, stop), password=password, name=name)


def page_count(data: bytes, name: str, password: str | None) -> int | None:
    """The document's page count, or None when the driver cannot open it (then one task
    extracts it and fails as a local run would)."""
    from ..io import open_document

    try:
        with open_document(data, password=password, name=name) as doc:
            return int(doc.page_count)
    except Exception:   # whatever it is, the extraction task reports it
        return None


def _version() -> str:
    from .. import __version__

    return __version__


def import_ray():
    try:
        import ray
    except ImportError as e:
        raise EngineError(f"--executor ray needs Ray: {RAY_EXTRA}") from e
    return ray


def run_ray(tasks: list[TaskLike], report: Callable[[TaskLike, dict], None], finish: Finish,
            extract_local: Extract, *, address: str | None = None,
            in_flight: int | None = None, crash_code: str = "WorkerCrashed",
            pages_per_task: int | None = None) -> None:
    """Convert ``tasks`` on a Ray cluster (``address``; None starts or finds a local one),
    calling ``report(task, row)`` as each finishes.  An input the driver cannot read is
    extracted locally (it fails at once with the same error as in a local run).  A document
    of more than ``pages_per_task`` pages (None: no limit) is read as page ranges."""
    ray = import_ray()
    started_here = not ray.is_initialized()
    if started_here:
        ray.init(address=address, include_dashboard=False, log_to_driver=False,
                 configure_logging=False)
    try:
        remote = ray.remote(max_retries=1)(extract_bytes)
        read_range = ray.remote(max_retries=1)(read_range_bytes)
        limit = in_flight or max(1, 2 * int(ray.cluster_resources().get("CPU", 1)))
        queue = list(tasks)
        shipped: dict[int, Any] = {}    # one copy of each configuration, dictionary rows in it
        running: dict[Any, tuple[TaskLike, float]] = {}
        while queue or running:
            while queue and len(running) < limit:
                t = queue.pop(0)
                t0 = time.perf_counter()
                try:
                    data = Path(t.path).read_bytes()
                except OSError:
                    report(t, finish(extract_local(t.path, t.config, t.password), t, 0.0))
                    continue
                if id(t.config) not in shipped:
                    shipped[id(t.config)] = ray.put(with_entries(t.config))
                config = shipped[id(t.config)]
                n = page_count(data, t.path, t.password) if pages_per_task else None
                if n is not None and pages_per_task and n > pages_per_task:
                    data_ref = ray.put(data)
                    parts = [read_range.remote(data_ref, t.path, config, t.password, r.start,
                                               r.stop) for r in page_ranges(n, pages_per_task)]
                    ref = remote.remote(data_ref, t.path, config, t.password, *parts)
                else:
                    ref = remote.remote(data, t.path, config, t.password)
                running[ref] = (t, t0)
            if not running:
                continue
            done, _ = ray.wait(list(running), num_returns=1)
            for ref in done:
                t, t0 = running.pop(ref)
                try:
                    doc = ray.get(ref)
                except ray.exceptions.RayError as e:   # the task raised or its worker died
                    doc = _failed(t, crash_code, f"{t.path}: {type(e).__name__}: {e}")
                report(t, finish(doc, t, time.perf_counter() - t0))
    finally:
        if started_here:
            ray.shutdown()


def _failed(t: TaskLike, code: str, message: str) -> Document:
    return Document(source=t.path, sha256="", status="failed",
                    issues=(Issue(code, "cli", None, "error", message),),
                    run={"fiscaldoc": _version()})


def with_sha(doc: Document, sha256: str) -> Document:
    """A failed document made away from the file gets the file's hash from the driver."""
    return doc if doc.sha256 or not sha256 else dataclasses.replace(doc, sha256=sha256)
