"""without_strokes: a short 'rule' along the middle of a word is a stroke of its characters."""
from fiscaldoc.geometry import BBox, Segment
from fiscaldoc.model import Word
from fiscaldoc.reading.strokes import without_strokes

WORD = Word("单位代码", BBox(66.96, 128.59, 84.96, 134.93), 0.99, "ocr")


def test_a_stroke_through_the_middle_of_a_word_goes():
    stroke = Segment.h(66.6, 85.3, 131.9)
    assert without_strokes((stroke,), [WORD]) == ()


def test_a_rule_under_the_word_stays():
    under = Segment.h(56.5, 95.4, 136.5)
    assert without_strokes((under,), [WORD]) == (under,)


def test_a_rule_running_past_the_word_stays():
    long = Segment.h(54.4, 540.4, 131.9)
    assert without_strokes((long,), [WORD]) == (long,)


def test_vertical_strokes_of_a_word_go_and_column_rules_stay():
    word = Word("出", BBox(100, 100, 110, 110), 0.99, "ocr")
    stroke, rule = Segment.v(100.5, 109.5, 105.0), Segment.v(90, 200, 105.0)
    assert without_strokes((stroke, rule), [word]) == (rule,)


def test_a_figure_stem_chained_to_the_rules_of_a_tight_row_goes():
    """The 1 of a 栏次 row set tight between a partial rule (152.5) and the header rule
    (160.2): blur joins its stem to both."""
    one = Word("12", BBox(147.24, 154.3, 190.44, 158.9), 0.99, "ocr")   # two numbers, one line
    stem = Segment.v(152.5, 160.2, 149.8)
    column = Segment.v(115.9, 295.4, 149.8)
    assert without_strokes((stem, column), [one]) == (column,)
