"""Inputs for the io tests, all generated here: PDFs written with PyMuPDF or by hand, images
encoded with OpenCV."""
from __future__ import annotations

import cv2
import numpy as np
import pymupdf


def build_pdf(objects: list[bytes], root: int = 1) -> bytes:
    """A hand-written PDF: ``objects[i]`` is the body of object i+1; the xref is correct."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += (b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(objects) + 1, root, xref))
    return bytes(out)


def simple_pdf(n_pages: int = 3, **save: object) -> bytes:
    """A small digital PDF: a CJK title and one table row per page."""
    doc = pymupdf.open()
    for i in range(n_pages):
        page = doc.new_page(width=595, height=842)
        page.insert_text((72, 72), f"第{i + 1}页 收入支出决算总表", fontname="china-s", fontsize=14)
        page.insert_text((72, 130), "合计 1,706.28", fontname="china-s", fontsize=10)
        page.draw_rect(pymupdf.Rect(60, 110, 500, 140), color=(0, 0, 0), width=0.5)
    data = doc.tobytes(**save)
    doc.close()
    return data


def image_bytes(ext: str, frames: list[tuple[int, int]]) -> bytes:
    """An image file (``.png``, ``.jpg``, ``.tiff``) with one frame per (width, height)."""
    imgs = []
    for k, (w, h) in enumerate(frames):
        img = np.full((h, w, 3), 255, np.uint8)
        cv2.rectangle(img, (10, 10), (w // 2, h // 2), (40 * k, 0, 0), -1)
        imgs.append(img)
    if len(imgs) > 1:
        ok, buf = cv2.imencodemulti(ext, imgs)
    else:
        ok, buf = cv2.imencode(ext, imgs[0])
    assert ok
    return buf.tobytes()


def page_pdf(draw, width: float = 595, height: float = 842) -> bytes:
    """A one-page PDF; ``draw(page)`` puts content on the page."""
    doc = pymupdf.open()
    draw(doc.new_page(width=width, height=height))
    data = doc.tobytes()
    doc.close()
    return data


def rotated_copy(data: bytes, rotation: int) -> bytes:
    """The first page of *data* drawn turned by *rotation* on a page with /Rotate *rotation*,
    so it displays exactly like the original."""
    src = pymupdf.open(stream=data)
    r = src[0].rect
    w, h = (r.height, r.width) if rotation in (90, 270) else (r.width, r.height)
    doc = pymupdf.open()
    page = doc.new_page(width=w, height=h)
    page.show_pdf_page(page.rect, src, 0, rotate=rotation)
    page.set_rotation(rotation)
    out = doc.tobytes()
    doc.close()
    src.close()
    return out


def cjk_without_tounicode(text: str) -> bytes:
    """A page whose embedded CJK font lost its /ToUnicode map: glyphs extract as U+FFFD."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_font(fontname="F0", fontbuffer=pymupdf.Font("cjk").buffer)
    page.insert_text((72, 72), text, fontname="F0", fontsize=12)
    doc.subset_fonts()
    xref = page.get_fonts(full=True)[0][0]
    doc.xref_set_key(xref, "ToUnicode", "null")
    data = doc.tobytes(garbage=3, deflate=True)
    doc.close()
    return data
