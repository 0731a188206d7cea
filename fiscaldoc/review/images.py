"""Page images for the review page, rendered with PyMuPDF as the pages are displayed."""
from __future__ import annotations

from pathlib import Path

import pymupdf

JPEG_QUALITY = 70


def render_pages(source: Path, out_dir: Path, dpi: int, indices: list[int]) -> dict[int, Path]:
    """Render the pages ``indices`` of ``source`` (a PDF or an image) as JPEG files in
    ``out_dir``; page index -> file.  A source that cannot be opened gives no images."""
    if not Path(source).is_file():
        return {}
    try:
        doc = pymupdf.open(source)
    except (pymupdf.FileDataError, RuntimeError, ValueError):
        return {}
    out: dict[int, Path] = {}
    with doc:
        if doc.needs_pass:
            return {}
        out_dir.mkdir(parents=True, exist_ok=True)
        for i in indices:
            if not 0 <= i < doc.page_count:
                continue
            pix = doc[i].get_pixmap(dpi=dpi, alpha=False)
            path = out_dir / f"page-{i + 1:04d}.jpg"
            pix.save(path, jpg_quality=JPEG_QUALITY)
            out[i] = path
    return out
