"""Scoring extracted tables against gold ones: ``fiscaldoc eval GOLD PRED``.

``score`` compares one gold table with one predicted table, ``run`` pairs documents and
tables and sums the counts, ``report`` writes text, JSON and run-to-run comparisons, ``html``
a page with plots, and ``teds`` holds the tree-edit-distance similarity.
"""
from .run import Evaluation, Totals, evaluate, evaluate_documents, load_documents
from .score import TableScore, match_tables, parse_amount, score_table

__all__ = ["Evaluation", "Totals", "TableScore", "evaluate", "evaluate_documents",
           "load_documents", "match_tables", "parse_amount", "score_table"]
