"""Engines by name.  Each engine module is imported only when asked for, and its SDK only
when an engine is built.  Built engines are kept per (name, options), a few at most,
because loading models is slow."""
from __future__ import annotations

import importlib
import inspect
import threading
from collections import OrderedDict
from types import ModuleType
from typing import Any, cast

from fiscaldoc.errors import ConfigError, EngineUnavailable
from fiscaldoc.ocr.base import OcrEngine

# name -> (module, class)
ENGINES: dict[str, tuple[str, str]] = {
    "rapid": ("fiscaldoc.ocr.rapid", "RapidEngine"),
    "fastpaddle": ("fiscaldoc.ocr.fastpaddle", "FastPaddleEngine"),
    "paddle": ("fiscaldoc.ocr.paddle", "PaddleEngine"),
    "tesseract": ("fiscaldoc.ocr.tesseract", "TesseractEngine"),
}
DEFAULT_ENGINE = "rapid"
CACHE_SIZE = 3

_cache: OrderedDict[tuple[str, str], OcrEngine] = OrderedDict()
_lock = threading.Lock()


def _module(name: str) -> ModuleType:
    if name not in ENGINES:
        known = ", ".join(sorted(ENGINES))
        raise ConfigError(f"unknown OCR engine {name!r}; known engines: {known}")
    return importlib.import_module(ENGINES[name][0])


def _key(name: str, options: dict[str, Any]) -> tuple[str, str]:
    return name, repr(sorted(options.items()))


def get_engine(name: str = DEFAULT_ENGINE, **options: Any) -> OcrEngine:
    """A ready engine.  Unknown name -> ConfigError listing the known ones; SDK or models
    missing -> EngineUnavailable naming what to install; bad options -> ConfigError."""
    module = _module(name)
    key = _key(name, options)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
        cls = getattr(module, ENGINES[name][1])
        try:
            inspect.signature(cls).bind(**options)
        except TypeError as exc:
            raise ConfigError(f"bad options for OCR engine {name!r}: {exc}") from exc
        engine = cls(**options)
        _cache[key] = engine
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
        return cast(OcrEngine, engine)


def accepts(name: str, option: str) -> bool:
    """Whether engine ``name`` takes ``option`` (its module is imported, its SDK is not)."""
    cls = getattr(_module(name), ENGINES[name][1])
    return option in inspect.signature(cls).parameters


def available_engines() -> dict[str, str]:
    """name -> "ok" or why it is unavailable (no model is loaded to find out)."""
    out = {}
    for name in ENGINES:
        try:
            out[name] = _module(name).check()
        except EngineUnavailable as exc:
            out[name] = str(exc)
    return out


def clear_cache() -> None:
    """Forget built engines (frees their models)."""
    with _lock:
        _cache.clear()
