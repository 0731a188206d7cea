"""Pages of a PDF cut short name what they lost (page-content-lost); intact pages do not."""
from __future__ import annotations

import re

import pymupdf
import pytest
from io_inputs import simple_pdf

from fiscaldoc.config import TextLayerConfig
from fiscaldoc.errors import CorruptPdfError
from fiscaldoc.io import open_document, read_page
from fiscaldoc.io.damage import CODE, lost_content

CFG = TextLayerConfig()


def _photo(shade: int) -> pymupdf.Pixmap:
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 200, 100), False)
    pix.set_rect(pix.irect, (230, 230, 230))
    pix.set_rect(pymupdf.IRect(10, 10, 190, 90), (shade, 0, 0))
    return pix


def _scanned_like(n_pages: int = 3, fmt: str = "jpeg") -> bytes:
    """Pages each holding an image and a line of text, written page by page (a page's
    objects follow the previous page's, as in a scanned report)."""
    doc = pymupdf.open()
    for i in range(n_pages):
        page = doc.new_page(width=300, height=400)
        page.insert_image(pymupdf.Rect(20, 20, 220, 120), stream=_photo(40 * i).tobytes(fmt))
        page.insert_text((20, 200), f"第{i + 1}页 合计 1,706.28", fontname="china-s", fontsize=12)
    return doc.tobytes()


def _offset(data: bytes, xref: int) -> int:
    """Where object ``xref`` starts in ``data``."""
    return re.search(rb"\n%d 0 obj" % xref, data).start() + 1


def _page_objects(data: bytes, index: int) -> tuple[int, int]:
    """(page object xref, its image's xref) of page ``index``."""
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        page = doc[index]
        return page.xref, page.get_images()[0][0]


def _issues(data: bytes, name: str = "cut.pdf") -> list[list]:
    with open_document(data, name=name) as doc:
        return [[i for i in read_page(doc, k, CFG).issues if i.code == CODE]
                for k in range(doc.page_count)]


@pytest.mark.parametrize("fmt", ["jpeg", "png"])
def test_cut_inside_the_last_pages_image(fmt):
    data = _scanned_like(3, fmt)
    _, image = _page_objects(data, 2)
    cut = data[:_offset(data, image) + 500]        # the image stream is cut, the rest lost
    first, second, last = _issues(cut)
    assert first == [] and second == []
    [issue] = last
    assert (issue.stage, issue.page, issue.severity) == ("io", 2, "error")
    assert "cut.pdf, page 3" in issue.message
    assert f"image {image} 0 R" in issue.message and "content stream" in issue.message


def test_a_page_whose_object_is_lost_says_so():
    data = _scanned_like(3)
    page_xref, image = _page_objects(data, 1)
    cut = data[:_offset(data, image) + 300]       # page 2's image cut; page 3 never written
    first, second, last = _issues(cut)
    assert first == []
    assert f"image {image} 0 R" in second[0].message
    assert f"page object ({_page_objects(data, 2)[0]} 0 R) is missing" in last[0].message
    assert "page 3" in last[0].message


def test_text_survives_but_the_cut_image_is_named():
    # images added after all the text: the last objects of the file are page 2's image and
    # the stream that draws it, so the cut loses them while page 2's text stays readable
    doc = pymupdf.open()
    for i in range(2):
        doc.new_page(width=300, height=400).insert_text((20, 200), f"page {i + 1} 1,706.28")
    doc[1].insert_image(pymupdf.Rect(20, 20, 220, 120), pixmap=_photo(0))
    data = doc.tobytes()
    image = doc[1].get_images()[0][0]
    cut = data[:_offset(data, image) + 2000]
    with open_document(cut) as opened:
        content = read_page(opened, 1, CFG)
        lost = lost_content(opened, opened.page(1))
    assert "page 2" in " ".join(w.text for w in content.words)
    assert any(f"image {image} 0 R" in d for d in lost)
    assert [i.code for i in content.issues if i.severity == "error"] == [CODE]


def test_blank_pages_of_an_intact_pdf_lose_nothing():
    doc = pymupdf.open()
    doc.new_page()                                  # no /Contents at all
    page = doc.new_page()
    page.insert_text((72, 72), " ")                 # an empty-looking content stream
    doc.insert_pdf(pymupdf.open(stream=_scanned_like(2), filetype="pdf"))
    assert _issues(doc.tobytes()) == [[], [], [], []]


def test_repaired_but_complete_pdf_loses_nothing():
    # shifted xref offsets force MuPDF's repair (so streams are decoded and checked), but
    # every object is whole: no page lost anything, the blank one included
    data = _scanned_like(2)
    doc = pymupdf.open(stream=data, filetype="pdf")
    doc.new_page()
    data = doc.tobytes()
    broken = data[:9] + b"% shifted by 24 bytes ..\n" + data[9:]
    with open_document(broken) as opened:
        assert "pdf-repaired" in [i.code for i in opened.issues]
    assert _issues(broken) == [[], [], []]


def test_cut_too_early_to_open_is_a_corrupt_pdf_error(tmp_path):
    path = tmp_path / "cut.pdf"
    path.write_bytes(simple_pdf(3)[:60])
    with pytest.raises(CorruptPdfError) as exc:
        open_document(path)
    assert exc.value.path == str(path) and str(path) in str(exc.value)
