"""Record raw engine output for the conversion tests (run by hand, not a test).

    python tests/ocr/record_raw.py rapid fastpaddle tesseract   # paddle: in its own env

Writes tests/data/ocr/<engine>.json: the engine's own output for the top of a small
synthetic table page ("page") and for a blank image ("blank"), plus the texts drawn.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE))

import ocr_synth  # noqa: E402
from fiscaldoc.ocr import get_engine  # noqa: E402

OUT = HERE.parent / "data" / "ocr"


def sample() -> tuple[np.ndarray, list[str]]:
    """Top of a 4-row table page: title, unit line, header and four rows."""
    page, truth = ocr_synth.table_page(n_rows=4)
    bottom = int(max(c.box[3] for c in truth)) + 20
    return page[:bottom].copy(), [c.text for c in truth]


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    image, texts = sample()
    blank = np.full((200, 400, 3), 255, np.uint8)
    for name in sys.argv[1:]:
        engine = get_engine(name)
        data = {"engine": name, "image_shape": list(image.shape), "cell_texts": texts,
                "page": engine.raw_page(image), "blank": engine.raw_page(blank)}
        path = OUT / f"{name}.json"
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
        print(path, path.stat().st_size)


if __name__ == "__main__":
    main()
