"""Give freed heap memory back to the system between scanned pages.

A scanned page allocates a few hundred MB of short-lived arrays (the rendered page, its
straightened copies, model activations) from several threads.  glibc keeps what they free in
per-thread arenas, and over a long scan the resident size grew with the page count (a 60-page
run of the 济南 scan: peak 1,478 MiB; with a trim after each page 1,288 MiB).  ``malloc_trim``
returns the free pages of every arena; elsewhere (no glibc) this does nothing.
"""
from __future__ import annotations

import ctypes
import ctypes.util
from collections.abc import Callable
from functools import lru_cache


@lru_cache(maxsize=1)
def _trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    if not name:
        return None
    try:
        libc = ctypes.CDLL(name)
        return libc.malloc_trim
    except (OSError, AttributeError):    # not glibc: nothing to trim
        return None


def release_freed_memory() -> bool:
    """Return freed heap pages to the system; True when the C library could."""
    trim = _trim()
    return bool(trim(0)) if trim is not None else False
