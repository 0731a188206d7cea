"""Resumable batches: a record per converted input, written last and atomically.

``OUT/<name>/.done.json`` holds the input's content SHA-256, the fiscaldoc version, the
configuration hash and the input's manifest row.  A later run skips an input whose record
matches all three keys; ``--force`` ignores the records.  A run killed before the record is
written leaves the input to be redone (its files are each whole: ``export.atomic``).
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import __version__
from ..config import Config
from ..export.atomic import write_text_atomic

DONE_FILE = ".done.json"


@dataclass(frozen=True, slots=True)
class RunKey:
    """What must match for an earlier conversion to stand: content, code and settings."""

    sha256: str
    fiscaldoc: str
    config_hash: str


def file_sha256(path: str | Path) -> str:
    """The SHA-256 of a file's bytes, or "" when it cannot be read."""
    h = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
    except OSError:
        return ""
    return h.hexdigest()


def config_hash(config: Config) -> str:
    """A hash of every setting, plus the content of the user's subject dictionary file."""
    data = dataclasses.asdict(config)
    data.pop("password", None)
    data["subjects"].pop("entries", None)     # the rows of the file named, hashed below
    dictionary = config.subjects.dictionary
    if dictionary:
        data["subjects_dictionary_sha256"] = file_sha256(dictionary)
    text = json.dumps(data, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def run_key(sha256: str, config: Config) -> RunKey:
    return RunKey(sha256, __version__, config_hash(config))


def read_done(folder: str | Path) -> dict[str, Any] | None:
    """The record of ``folder``; None when there is none or it cannot be read (then the input
    is simply converted again)."""
    p = Path(folder) / DONE_FILE
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def done_row(folder: str | Path, key: RunKey) -> dict[str, Any] | None:
    """The manifest row recorded in ``folder`` if its record matches ``key``, else None."""
    data = read_done(folder)
    if data is None or not key.sha256:
        return None
    if (data.get("sha256"), data.get("fiscaldoc"), data.get("config_hash")) != (
            key.sha256, key.fiscaldoc, key.config_hash):
        return None
    row = data.get("row")
    return row if isinstance(row, dict) else None


def mark_done(folder: str | Path, key: RunKey, row: dict[str, Any]) -> Path:
    """Record that ``folder`` holds the finished conversion of the input ``key`` names."""
    record = {"sha256": key.sha256, "fiscaldoc": key.fiscaldoc, "config_hash": key.config_hash,
              "row": row}
    return write_text_atomic(Path(folder) / DONE_FILE,
                             json.dumps(record, ensure_ascii=False, indent=1))


def clear_done(folder: str | Path) -> None:
    """Forget the record (before a folder is rewritten)."""
    (Path(folder) / DONE_FILE).unlink(missing_ok=True)
