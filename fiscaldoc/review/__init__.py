"""The review page: ``write_review(doc, out_dir)`` writes ``review.html`` (see ``page``)."""
from .page import cell_pages, review_data, review_html, write_review

__all__ = ["cell_pages", "review_data", "review_html", "write_review"]
