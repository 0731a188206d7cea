import json

from fiscaldoc.export.json import document_json, validate
from fiscaldoc.model import Document


def test_json_validates_against_schema(rich_doc):
    validate(json.loads(document_json(rich_doc)))


def test_json_round_trips(rich_doc):
    assert Document.from_dict(json.loads(document_json(rich_doc))) == rich_doc


def test_chinese_kept_literally(rich_doc):
    assert "支出决算表" in document_json(rich_doc)
