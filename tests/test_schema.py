import dataclasses
import importlib.util
import sys
import typing
from pathlib import Path

import jsonschema
import pytest

from fiscaldoc import model
from fiscaldoc.export.json import SchemaValidationError, load_schema, validate


def _rich_dict():
    name = "fiscaldoc_test_samples"
    if name not in sys.modules:
        path = Path(__file__).parent / "export" / "samples.py"
        spec = importlib.util.spec_from_file_location(name, path)
        sys.modules[name] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules[name])
    return sys.modules[name].rich_document().to_dict()


def test_schema_is_valid_draft_2020_12():
    schema = load_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].endswith(model.SCHEMA_VERSION)


def test_rich_document_validates():
    validate(_rich_dict())


def test_failed_document_validates():
    doc = model.Document(source="x.pdf", sha256="", status="failed",
                         issues=(model.Issue("NotAPdfError", "io", None, "error", "not a pdf"),))
    validate(doc.to_dict())


def test_wrong_table_kind_fails():
    d = _rich_dict()
    d["tables"][0]["kind"] = "final.unknown"
    with pytest.raises(SchemaValidationError, match="tables/0/kind"):
        validate(d)


def test_wrong_value_status_fails():
    d = _rich_dict()
    d["tables"][0]["records"][0]["values"]["本年支出/合计"]["status"] = "fixed"
    with pytest.raises(SchemaValidationError):
        validate(d)


def test_extra_key_fails():
    d = _rich_dict()
    d["tables"][0]["cells"][0]["colour"] = "red"
    with pytest.raises(SchemaValidationError, match="colour"):
        validate(d)


def test_wrong_schema_version_fails():
    d = _rich_dict()
    d["schema_version"] = "0.9"
    with pytest.raises(SchemaValidationError):
        validate(d)


@pytest.mark.parametrize("cls", [model.Word, model.Block, model.Cell, model.Value, model.Subject,
                                 model.Record, model.Check, model.Correction, model.Column,
                                 model.Table, model.Issue, model.Page])
def test_schema_defs_match_model_fields(cls):
    props = load_schema()["$defs"][cls.__name__]["properties"]
    assert set(props) == {f.name for f in dataclasses.fields(cls)}


def test_document_properties_match_model():
    schema = load_schema()
    assert set(schema["properties"]) == {"schema_version"} | {
        f.name for f in dataclasses.fields(model.Document)}
    assert set(schema["required"]) == set(schema["properties"])
    assert schema["additionalProperties"] is False


def test_enums_match_model_literals():
    defs = load_schema()["$defs"]
    assert defs["Table"]["properties"]["kind"]["enum"] == list(model.TABLE_KINDS)
    assert defs["Value"]["properties"]["status"]["enum"] == list(typing.get_args(model.ValueStatus))
    assert defs["Value"]["properties"]["kind"]["enum"] == list(typing.get_args(model.ValueKind))
    assert defs["Block"]["properties"]["kind"]["enum"] == list(typing.get_args(model.BlockKind))
    for d in defs.values():
        assert d["additionalProperties"] is False
