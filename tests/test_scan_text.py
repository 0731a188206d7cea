import pytest

from fiscaldoc.scan import clean_ocr_text


@pytest.mark.parametrize("raw,clean", [
    ("2 0 21年度", "2021年度"),
    ("２0２１年度", "2021年度"),
    ("1，706.28", "1,706.28"),
    ("1,706。28", "1,706.28"),
    ("收入支出決算总表", "收入支出决算总表"),
    ("一般公共 预算", "一般公共 预算"),
])
def test_ocr_text_cleaning(raw, clean):
    assert clean_ocr_text(raw) == clean
