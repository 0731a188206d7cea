"""Render seed 000's nine final-account tables (look "grid") into final_account_2021.pdf, and
its first three table pages as a scan (200 dpi, the scanned benchmark's "medium"
degradation: 1° skew, blur, noise, JPEG; stored grey) into scanned_final_account_2021.pdf.

    python examples/make_example.py [OUT.pdf [SCANNED_OUT.pdf]]
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.corpus.make_truth import SPLIT_SUFFIX  # noqa: E402
from benchmarks.corpus.render import render_pdf  # noqa: E402

TRUTH = ROOT / "tests" / "data" / "truth" / "000_70fb560e43fc82fb.json"
OUT = Path(__file__).resolve().parent / "final_account_2021.pdf"
SCANNED_OUT = OUT.with_name("scanned_final_account_2021.pdf")
SCAN_PAGES = (1, 2, 3)   # 表1-表3 (page 0 is the cover)
DPI = 200


def write_scan(pdf: Path, out: Path) -> None:
    """Pages SCAN_PAGES of ``pdf`` rasterised, degraded ("medium") and stored as grey JPEG
    images in an image-only PDF."""
    import cv2
    import pymupdf

    from benchmarks.corpus.degrade import degrade
    from benchmarks.scanned import rasterize

    images = [degrade(img, "medium", dpi=DPI, seed=k)
              for k, img in enumerate(rasterize(pdf, list(SCAN_PAGES), DPI))]
    doc = pymupdf.open()
    try:
        for img in images:
            h, w = img.shape[:2]
            page = doc.new_page(width=w * 72.0 / DPI, height=h * 72.0 / DPI)
            gray = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)      # as archives are mostly scanned
            jpeg = cv2.imencode(".jpg", gray, [cv2.IMWRITE_JPEG_QUALITY, 60])[1]
            page.insert_image(page.rect, stream=jpeg.tobytes())
        doc.save(str(out), garbage=3, no_new_id=True)
    finally:
        doc.close()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    out = Path(argv[0]) if argv else OUT
    scanned = Path(argv[1]) if len(argv) > 1 else SCANNED_OUT
    doc = json.loads(TRUTH.read_text(encoding="utf-8"))
    doc["tables"] = [t for t in doc["tables"] if not t["title"].endswith(SPLIT_SUFFIX)]
    manifest = render_pdf(doc, out, "grid")
    for entry in manifest["tables"]:
        print(f"pages {entry['pages']}: {entry['title']}")
    print(f"{manifest['page_count']} pages -> {out} ({out.stat().st_size} bytes)")
    write_scan(out, scanned)
    print(f"{len(SCAN_PAGES)} scanned pages -> {scanned} ({scanned.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
