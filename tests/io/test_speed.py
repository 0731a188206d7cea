"""read_page stays fast on a dense table page (run with -m slow)."""
from __future__ import annotations

import statistics
import time

import pytest

from fiscaldoc.config import TextLayerConfig
from fiscaldoc.io import open_document, read_page

from dense_page import dense_table_pdf

@pytest.mark.slow
def test_read_page_dense_table_under_budget():
    with open_document(dense_table_pdf()) as doc:
        cfg = TextLayerConfig()
        content = read_page(doc, 0, cfg)
        assert len(content.words) == 36 * 9 and len(content.rules) == 37 + 10
        times = []
        for _ in range(30):
            t = time.perf_counter()
            read_page(doc, 0, cfg)
            times.append(time.perf_counter() - t)
    # Target is < 10 ms on an idle core; the bound leaves room for a loaded CI machine.
    assert statistics.median(times) < 0.025
