"""OCR engines behind one protocol (design §5): `get_engine(name, **options)`."""
from fiscaldoc.ocr.base import OcrEngine, OcrHit
from fiscaldoc.ocr.registry import DEFAULT_ENGINE, available_engines, get_engine

__all__ = ["DEFAULT_ENGINE", "OcrEngine", "OcrHit", "available_engines", "get_engine"]
