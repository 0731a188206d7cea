"""Frozen configuration, loadable from TOML; unknown keys are rejected (design §2, §9)."""
from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .errors import ConfigError

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

_D = TypeVar("_D", bound="DataclassInstance")


@dataclass(frozen=True, slots=True)
class RenderConfig:
    dpi: int = 200                     # rasterisation resolution for scanned pages
    max_pixels: int = 60_000_000       # a page needing more raises PageTooLargeError
    # a scanned page with less ink than this many square points, as measured at 36 dpi
    # (scan.ink_area; about ten characters of body text, a page number "- 12 -" is 100-200,
    # one line of figures ~650) is not read: it is blank or near-blank
    blank_ink: float = 400.0


@dataclass(frozen=True, slots=True)
class TextLayerConfig:
    min_chars: int = 8                 # fewer extractable chars on a page -> "needs OCR"
    max_garbage_ratio: float = 0.3     # share of U+FFFD / (cid:N) / private-use chars
    # an OCR program's layer: at least this share of the text's area invisible or under a
    # later image, and this share of that over an image -> read by OCR ("ocr-text-layer")
    max_hidden_share: float = 0.5


PRECISIONS = ("int8", "float32")      # recogniser precisions (see OcrConfig.precision)


@dataclass(frozen=True, slots=True)
class OcrConfig:
    engine: str = "rapid"               # see fiscaldoc.ocr.registry.ENGINES
    model_dir: str | None = None
    workers: int = 2                    # scanned pages read side by side (1 = one at a time)
    # recogniser precision, for engines that offer a choice (rapid): "int8" reads lines with
    # an int8 copy of the model and re-reads unsure ones in float; "float32" float only
    precision: str = "int8"

    def __post_init__(self) -> None:
        if isinstance(self.workers, bool) or not isinstance(self.workers, int) or self.workers < 1:
            raise ConfigError(f"ocr.workers must be a whole number >= 1, got {self.workers!r}")
        if self.precision not in PRECISIONS:
            raise ConfigError(f"ocr.precision must be one of {PRECISIONS}, got {self.precision!r}")


@dataclass(frozen=True, slots=True)
class SubjectsConfig:
    # a CSV of official subjects (columns code,name[,year]; docs/subjects-dictionary.md):
    # gives canonical names and evidence for repairing damaged codes.  A relative path is
    # taken from the folder of the TOML file that names it.
    dictionary: str | None = None
    # the dictionary's rows (code, name, year or None), filled in by a driver that sends the
    # work to other machines (Ray), so that its workers need not read the file; when set they
    # are used instead of the file.  Not a TOML key.
    entries: tuple[tuple[str, str, int | None], ...] = ()


@dataclass(frozen=True, slots=True)
class Config:
    password: str | None = None
    render: RenderConfig = field(default_factory=RenderConfig)
    text_layer: TextLayerConfig = field(default_factory=TextLayerConfig)
    ocr: OcrConfig = field(default_factory=OcrConfig)
    subjects: SubjectsConfig = field(default_factory=SubjectsConfig)

    @staticmethod
    def from_toml(path: str | Path) -> "Config":
        p = Path(path)
        try:
            data = tomllib.loads(p.read_text(encoding="utf-8"))
        except FileNotFoundError as e:
            raise ConfigError(f"{p}: config file not found") from e
        except tomllib.TOMLDecodeError as e:
            raise ConfigError(f"{p}: invalid TOML: {e}") from e
        config = Config.from_dict(data, where=str(p))
        dictionary = config.subjects.dictionary
        if dictionary and not Path(dictionary).is_absolute():
            config = dataclasses.replace(config, subjects=SubjectsConfig(
                str(p.resolve().parent / dictionary)))
        return config

    @staticmethod
    def from_dict(data: dict[str, Any], where: str = "config") -> "Config":
        return _build(Config, data, where)

    def replace(self, **changes: Any) -> "Config":
        return dataclasses.replace(self, **changes)


def _build(cls: type[_D], data: dict[str, Any], where: str) -> _D:
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: expected a table")
    fields = {f.name: f for f in dataclasses.fields(cls)}
    unknown = set(data) - set(fields)
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {sorted(unknown)}; known: {sorted(fields)}")
    kwargs: dict[str, Any] = {}
    for name, value in data.items():
        f = fields[name]
        default = f.default_factory() if f.default_factory is not dataclasses.MISSING else f.default
        if dataclasses.is_dataclass(default) and not isinstance(default, type):
            kwargs[name] = _build(type(default), value, f"{where}.{name}")
        else:
            if default is not None and value is not None and not isinstance(value, type(default)):
                if not (isinstance(default, float) and isinstance(value, int)):
                    raise ConfigError(f"{where}.{name}: expected {type(default).__name__}, "
                                      f"got {type(value).__name__}")
            kwargs[name] = value
    return cls(**kwargs)
