"""Test corpus: truth tables parsed from the seed reports, and a PDF renderer for them.

- ``seeds``: read the tab-separated tables of a seed text into raw tables and build truth
  tables (grid, spans, equations) from them.
- ``make_truth``: script that writes ``tests/data/truth/<seed>.json``.
- ``render``: ``render_pdf(truth_doc, path, look, seed=0)`` writes a digital PDF.
"""
