"""Input stage: open PDFs and images, read text layers and rules, rasterise pages."""
from .open import OpenedDocument, open_document
from .rasterize import rasterize
from .text_layer import OCR_ISSUES, read_page

__all__ = ["open_document", "OpenedDocument", "read_page", "rasterize", "OCR_ISSUES"]
