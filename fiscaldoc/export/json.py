"""Document JSON and its schema (``fiscaldoc/schema/document.schema.json``)."""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from ..errors import FiscaldocError
from ..model import Document

SCHEMA_RESOURCE = "schema/document.schema.json"


class SchemaValidationError(FiscaldocError, ValueError):
    """A document dict does not match the schema; ``errors`` lists every problem."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        shown = "; ".join(errors[:5]) + (f"; ... ({len(errors)} in all)" if len(errors) > 5 else "")
        super().__init__(f"document does not match the schema: {shown}")


def document_json(doc: Document) -> str:
    """The document as UTF-8-friendly JSON text (non-ASCII kept, indent 1)."""
    return json.dumps(doc.to_dict(), ensure_ascii=False, indent=1)


def load_schema() -> dict[str, Any]:
    """The JSON Schema (Draft 2020-12) describing ``Document.to_dict()``; a fresh copy."""
    schema: dict[str, Any] = json.loads(_schema_text())
    return schema


@lru_cache(maxsize=1)
def _schema_text() -> str:
    return resources.files("fiscaldoc").joinpath(SCHEMA_RESOURCE).read_text(encoding="utf-8")


def validate(doc_dict: dict[str, Any]) -> None:
    """Raise ``SchemaValidationError`` unless ``doc_dict`` matches the schema.

    Needs the optional ``jsonschema`` package (``pip install 'fiscaldoc[test]'``).
    """
    try:
        import jsonschema
    except ModuleNotFoundError as e:
        raise ModuleNotFoundError(
            "fiscaldoc.export.json.validate() needs the 'jsonschema' package; "
            "install it with: pip install 'fiscaldoc[test]'") from e
    validator = jsonschema.Draft202012Validator(load_schema())
    errors = sorted(validator.iter_errors(doc_dict),
                    key=lambda e: [str(p) for p in e.absolute_path])
    if errors:
        raise SchemaValidationError(
            [f"{'/'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message}"
             for e in errors])
