"""split_stacked on OCR word boxes: a box about figures alone is lower than one about
characters of the same print, so a 栏次 row (1, 2, 3 …) sets no text size; a wrapped name
in the body is not a title, and a 三线表 body stays with its header."""
from fiscaldoc.geometry import BBox, Segment
from fiscaldoc.model import Word
from fiscaldoc.tables.stack import split_stacked


def _w(text: str, x: float, y: float, h: float) -> Word:
    return Word(text, BBox(x, y, x + 4.0 * len(text), y + h), 0.99, "ocr")


def _booktabs(ocr_heights: bool) -> tuple[list[Segment], list[Word]]:
    """Top rule 100, a partial header rule 120, 栏次 rule 130, header rule 140, bottom 260."""
    hs = [Segment.h(50, 500, 100), Segment.h(60, 200, 120), Segment.h(50, 500, 130),
          Segment.h(50, 500, 140), Segment.h(50, 500, 260)]
    figure_h = 4.4 if ocr_heights else 6.0       # OCR: figures lower than characters
    words = [_w("基本支出", 80, 104, 6.0), _w("小计", 80, 122, 6.0), _w("工资福利支出", 150, 122, 6.0)]
    words += [_w(str(k), 60 + 40 * k, 132, figure_h) for k in range(1, 8)]
    y = 143.0
    for k in range(8):
        words += [_w("武汉市东", 60, y, 6.2), _w("1296.70", 150, y, figure_h)]
        words.append(_w("数据中心", 60, y + 7, 6.3))            # a wrapped name: characters only
        y += 14.0
    return hs, words


def test_a_wrapped_name_under_a_row_of_column_numbers_is_not_a_title():
    hs, words = _booktabs(ocr_heights=True)
    assert split_stacked(hs, words) == [hs]


def test_printed_heights_split_nothing_either():
    hs, words = _booktabs(ocr_heights=False)
    assert split_stacked(hs, words) == [hs]


def test_a_title_between_two_tables_still_cuts():
    hs, words = _booktabs(ocr_heights=True)
    more = [Segment.h(50, 500, 290), Segment.h(50, 500, 305), Segment.h(50, 500, 320),
            Segment.h(50, 500, 335)]
    words = words + [_w("部门收入总表", 200, 270, 11.0)] + [
        _w("合计", 60, 292 + 15 * k, 6.0) for k in range(3)]
    parts = split_stacked(hs + more, words)
    assert len(parts) == 2 and parts[0] == hs and parts[1] == more
