"""Inputs that open: digital PDFs (from a path or bytes), encrypted with the right password,
repaired files (with an Issue), and images (one page per frame)."""
from __future__ import annotations

import hashlib

import pymupdf
import pytest
from io_inputs import image_bytes, simple_pdf

from fiscaldoc.io import OpenedDocument, open_document


def test_path_opens_with_hash_and_pages(tmp_path):
    data = simple_pdf(3)
    path = tmp_path / "决算.pdf"
    path.write_bytes(data)
    with open_document(path) as doc:
        assert isinstance(doc, OpenedDocument)
        assert (doc.path, doc.kind, doc.page_count) == (str(path), "pdf", 3)
        assert doc.sha256 == hashlib.sha256(data).hexdigest()
        assert doc.issues == ()
        assert "第2页" in doc.page(1).get_text()


def test_bytes_use_name_or_placeholder():
    data = simple_pdf(1)
    assert open_document(data).path == "<bytes>"
    assert open_document(data, name="upload.pdf").path == "upload.pdf"


def test_close_releases_document():
    doc = open_document(simple_pdf(1))
    doc.close()
    assert doc.closed
    with pytest.raises(ValueError):
        doc.page(0)


def test_page_index_out_of_range():
    with open_document(simple_pdf(2)) as doc, pytest.raises(IndexError):
        doc.page(2)


def test_encrypted_with_right_password():
    src = pymupdf.open()
    src.new_page().insert_text((72, 72), "secret budget 1,706.28")
    data = src.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="user-pw",
                       owner_pw="owner-pw")
    with open_document(data, password="user-pw") as doc:
        assert "secret budget" in doc.page(0).get_text()


def test_broken_xref_offsets_are_repaired_with_issue():
    data = simple_pdf(2)
    # Insert bytes after the header: every offset in the xref table now points 24 bytes early.
    broken = data[:9] + b"% shifted by 24 bytes ..\n" + data[9:]
    with open_document(broken) as doc:
        assert doc.page_count == 2
        assert [i.code for i in doc.issues] == ["pdf-repaired"]
        assert doc.issues[0].severity == "warning" and doc.issues[0].page is None
        assert "第2页" in doc.page(1).get_text()


def test_truncated_before_xref_is_repaired():
    data = simple_pdf(3)
    with open_document(data[: data.rfind(b"xref")]) as doc:
        assert doc.page_count == 3
        assert "pdf-repaired" in [i.code for i in doc.issues]


def test_png_opens_as_one_page_image():
    with open_document(image_bytes(".png", [(300, 200)]), name="scan.png") as doc:
        assert (doc.kind, doc.page_count) == ("image", 1)
        assert doc.page(0).rect.width > 0


def test_two_frame_tiff_opens_as_two_pages():
    with open_document(image_bytes(".tiff", [(300, 200), (160, 120)])) as doc:
        assert (doc.kind, doc.page_count) == ("image", 2)
        sizes = [(doc.page(i).rect.width, doc.page(i).rect.height) for i in range(2)]
        assert sizes[0][0] / sizes[0][1] == pytest.approx(1.5)
        assert sizes[1][0] / sizes[1][1] == pytest.approx(160 / 120)


def test_jpeg_opens_as_image():
    with open_document(image_bytes(".jpg", [(120, 90)])) as doc:
        assert (doc.kind, doc.page_count) == ("image", 1)
