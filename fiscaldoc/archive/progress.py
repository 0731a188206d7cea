"""The batch progress display (rich): files and pages done, rate, ETA and failures so far.

Drawn only when the stream is a terminal; otherwise nothing is drawn and the per-file summary
lines on stdout are the log.  Used by the command line only (library code draws nothing).
"""
from __future__ import annotations

import sys
import time
from typing import Any, TextIO


class Progress:
    """``with Progress(total, stream) as p: ... p.advance(row)`` — one call per finished input,
    with its manifest row (``status``, ``n_pages``)."""

    def __init__(self, total: int, stream: TextIO | None = None, *, skipped: int = 0,
                 enabled: bool | None = None):
        self.stream = stream if stream is not None else sys.stderr
        self.total, self.skipped = total, skipped
        self.files = self.pages = self.failed = 0
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self._bar: Any = None
        self._task: Any = None
        self._t0 = time.perf_counter()

    def __enter__(self) -> "Progress":
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.finish()

    def start(self) -> None:
        self._t0 = time.perf_counter()
        if not self.enabled or self._bar is not None:
            return
        from rich.console import Console
        from rich.progress import (BarColumn, Progress as RichProgress, TextColumn,
                                   TimeRemainingColumn)

        console = Console(file=self.stream, force_terminal=True)
        self._bar = RichProgress(
            BarColumn(bar_width=16), TextColumn("{task.completed}/{task.total} files"),
            TextColumn("{task.fields[pages]} pages"), TextColumn("{task.fields[rate]}"),
            TextColumn("{task.fields[failed]} failed"), TextColumn("ETA"),
            TimeRemainingColumn(), console=console, transient=False,
            redirect_stdout=sys.stdout.isatty(), redirect_stderr=False)
        self._task = self._bar.add_task("convert", total=self.total, completed=self.skipped,
                                        pages=0, rate="", failed=0)
        self._bar.start()

    def advance(self, row: dict[str, Any]) -> None:
        """One more input finished (converted or failed)."""
        self.files += 1
        self.pages += int(row.get("n_pages") or 0)
        self.failed += row.get("status") == "failed"
        if self._bar is None:
            return
        self._bar.update(self._task, advance=1, pages=self.pages, rate=self.rate_text(),
                         failed=self.failed)

    def print(self, line: str) -> None:
        """A log line on stdout; above the display when both share the terminal."""
        if self._bar is not None and sys.stdout.isatty():
            self._bar.console.print(line, soft_wrap=True, markup=False, highlight=False,
                                    emoji=False)
        else:
            print(line, flush=True)

    def rate_text(self) -> str:
        dt = max(time.perf_counter() - self._t0, 1e-9)
        return f"{self.pages / dt:.1f} pages/s"

    def finish(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
