from fiscaldoc.geometry import BBox
from fiscaldoc.model import Word
from fiscaldoc.tables.textlayout import text_rows


def _body(text_height: float, wrap_gap: float, row_gap: float = 6.2):
    """Five one-line rows, then a name wrapped over three lines whose code and amount sit
    on the middle line (the 三线表 layout of a long 项 name), then two more rows."""
    out, y = [], 100.0
    for k in range(5):
        out += [Word(f"20{k}", BBox(50, y, 80, y + text_height)),
                Word("名称", BBox(100, y, 140, y + text_height)),
                Word("1.00", BBox(200, y, 230, y + text_height))]
        y += text_height + row_gap
    first = y
    for k, part in enumerate(["其他政府办公厅（", "室）及相关机构事", "务支出"]):
        out.append(Word(part, BBox(100, y, 180, y + text_height)))
        if k == 1:
            out += [Word("2010399", BBox(50, y, 80, y + text_height)),
                    Word("1,346.98", BBox(200, y, 230, y + text_height))]
        y += text_height + (wrap_gap if k < 2 else row_gap)
    wrapped = (first, y - row_gap)
    for k in range(2):
        out += [Word(f"30{k}", BBox(50, y, 80, y + text_height)),
                Word("1.00", BBox(200, y, 230, y + text_height))]
        y += text_height + row_gap
    return out, wrapped


def test_wrapped_name_is_one_row_with_tight_boxes():
    # boxes hugging the ink (PP-OCRv5 mobile at 200 dpi): 7.8 pt high, wrapped lines 3.5 pt
    # apart, rows 6.2 pt apart; a quarter of the height alone (1.95 pt) split the name
    words, wrapped = _body(7.8, 3.5)
    rows = text_rows(words)
    assert len(rows) == 8
    assert rows[5] == wrapped


def test_rows_with_even_gaps_stay_apart():
    words, _ = _body(7.8, 6.2)
    assert len(text_rows(words)) == 10


def test_loose_boxes_still_join_by_text_height():
    words, wrapped = _body(10.5, 1.8, row_gap=4.5)
    rows = text_rows(words)
    assert len(rows) == 8 and rows[5] == wrapped
