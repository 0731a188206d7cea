"""A column of a table whose body has no rules between its rows: one crop holding many
lines set close together is read line by line, strokes of one line kept together."""
import numpy as np

import ocr_synth
from fiscaldoc.ocr.crops import plan_crops, recognize_crops_with, split_lines


def _column(texts, gap):
    out = []
    for t in texts:
        img = ocr_synth.lines_image([t])
        rows = np.flatnonzero((img.min(axis=2) < 128).any(axis=1))
        out += [img[rows[0]:rows[-1] + 1], np.full((gap, img.shape[1], 3), 255, np.uint8)]
    width = max(im.shape[1] for im in out)
    out = [np.pad(im, ((0, 0), (0, width - im.shape[1]), (0, 0)), constant_values=255)
           for im in out]
    pad = np.full((6, width, 3), 255, np.uint8)
    return np.vstack([pad] + out + [pad])


NAMES = ["一般公共服务支出", "政府办公厅", "事业运行", "二、三", "行政运行", "教育支出",
         "科学技术支出", "三、二", "住房公积金", "提租补贴"]


def test_a_tall_column_is_read_line_by_line():
    crop = _column(NAMES, gap=2)
    single = ocr_synth.lines_image(["行政运行"])
    seen = {"lines": 0, "pages": 0}

    def lines(images):
        seen["lines"] += len(images)
        return [("L", 0.9)] * len(images)

    def pages(images):
        seen["pages"] += len(images)
        return [[] for _ in images]

    out = recognize_crops_with([crop, single, single], lines, pages)
    assert seen == {"lines": len(NAMES) + 2, "pages": 0}
    assert len(out[0]) == len(NAMES)


def test_split_lines_keeps_the_strokes_of_a_line_together():
    crop = _column(NAMES, gap=2)
    single = ocr_synth.lines_image(["行政运行"])
    images, plans = plan_crops([crop, single, single])
    assert len(plans[0].bands) == len(NAMES)
    mask = (crop.min(axis=2) < 128)
    # "二、三" (strokes apart, a short line) stays one line
    assert len(split_lines(mask, plans[0].line_height)) == len(NAMES)
