"""Each bad input raises its own typed error naming the file (design §6)."""
from __future__ import annotations

import random

import pymupdf
import pytest
from io_inputs import build_pdf, simple_pdf

from fiscaldoc.errors import (CorruptPdfError, EmptyFileError, EmptyPdfError,
                              EncryptedPdfError, FileMissingError, InputError, NotAPdfError)
from fiscaldoc.io import open_document


def test_missing_file(tmp_path):
    path = tmp_path / "nope.pdf"
    with pytest.raises(FileMissingError) as exc:
        open_document(path)
    assert exc.value.path == str(path)


def test_directory(tmp_path):
    with pytest.raises(FileMissingError, match="directory"):
        open_document(tmp_path)


def test_empty_file(tmp_path):
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    with pytest.raises(EmptyFileError) as exc:
        open_document(path)
    assert str(path) in str(exc.value)


def test_plain_text(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_text("部门决算 2023 收入支出决算总表\n", encoding="utf-8")
    with pytest.raises(NotAPdfError):
        open_document(path)


def test_png_header_with_garbage():
    data = b"\x89PNG\r\n\x1a\n" + random.Random(1).randbytes(400)
    with pytest.raises(NotAPdfError, match="PNG"):
        open_document(data, name="scan.png")


def test_random_bytes():
    data = b"\x00" + random.Random(2).randbytes(2000)
    with pytest.raises(NotAPdfError):
        open_document(data)


def test_pdf_header_then_garbage():
    data = b"%PDF-1.7\n" + random.Random(3).randbytes(3000)
    with pytest.raises(CorruptPdfError):
        open_document(data)


def test_truncated_pdf_without_recoverable_pages():
    # With object streams the page tree lives in a compressed stream near the end, so the
    # first 40% of the file holds no page MuPDF's repair could find.
    data = simple_pdf(5, garbage=3, deflate=True, use_objstms=1)
    with pytest.raises(CorruptPdfError, match="no page"):
        open_document(data[: int(len(data) * 0.4)])


def _encrypted() -> bytes:
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "secret budget 1,706.28")
    return doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="user-pw",
                       owner_pw="owner-pw")


def test_encrypted_without_password():
    with pytest.raises(EncryptedPdfError, match="no password"):
        open_document(_encrypted())


def test_encrypted_with_wrong_password():
    with pytest.raises(EncryptedPdfError, match="wrong"):
        open_document(_encrypted(), password="guess")


def test_zero_page_pdf():
    data = build_pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                      b"<< /Type /Pages /Kids [] /Count 0 >>"])
    with pytest.raises(EmptyPdfError):
        open_document(data, name="zero.pdf")


def test_errors_are_input_errors_and_name_the_file():
    with pytest.raises(InputError) as exc:
        open_document(b"not a pdf at all", name="x/y.pdf")
    assert exc.value.path == "x/y.pdf" and str(exc.value).startswith("x/y.pdf: ")


def test_mupdf_prints_nothing(capfd):
    for data in (b"%PDF-1.7\n" + b"junk " * 100, simple_pdf()[:-200]):
        try:
            open_document(data).close()
        except CorruptPdfError:
            pass
    out, err = capfd.readouterr()
    assert out == "" and err == ""
