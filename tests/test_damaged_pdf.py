"""A PDF cut short, end to end: the document is partial and each page it lost says so."""
import json
import re

import pymupdf
import pytest

import fiscaldoc
from fiscaldoc.export.json import document_json, validate

pytestmark = pytest.mark.engine          # the lost pages have no text: they go to OCR


def _report(n_pages: int) -> bytes:
    """Pages each holding a photo-like image and a line of text, written page by page."""
    doc = pymupdf.open()
    for i in range(n_pages):
        page = doc.new_page(width=300, height=400)
        pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 200, 100), False)
        pix.set_rect(pix.irect, (60 * i, 90, 120))
        page.insert_image(pymupdf.Rect(20, 20, 220, 120), stream=pix.tobytes("jpeg"))
        page.insert_text((20, 200), f"第{i + 1}页 2021年部门决算 合计 1,706.28",
                         fontname="china-s", fontsize=10)
    return doc.tobytes()


def test_truncated_pdf_is_partial_and_names_the_lost_pages(tmp_path):
    data = _report(3)
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        image = doc[1].get_images()[0][0]
    cut = re.search(rb"\n%d 0 obj" % image, data).start() + 400    # inside page 2's image
    path = tmp_path / "report.pdf"
    path.write_bytes(data[:cut])

    out = fiscaldoc.extract(path)

    assert out.status == "partial"
    assert "pdf-repaired" in [i.code for i in out.issues]
    lost = {p.index: [i for i in p.issues if i.code == "page-content-lost"] for p in out.pages}
    assert lost[0] == []
    assert [i.severity for i in lost[1] + lost[2]] == ["error", "error"]
    assert f"{path}, page 2" in lost[1][0].message and "image" in lost[1][0].message
    assert f"{path}, page 3" in lost[2][0].message and "page object" in lost[2][0].message
    as_json = json.loads(document_json(out))
    validate(as_json)
    assert [i["page"] for p in as_json["pages"] for i in p["issues"]
            if i["code"] == "page-content-lost"] == [1, 2]
