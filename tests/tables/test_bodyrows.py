"""Body rows without rules between them: a grid with column rules only, a tight 三线表, and
wrapped names whose amounts sit beside their first, middle or last line."""
import pytest

from fiscaldoc.geometry import BBox, Segment
from fiscaldoc.model import Word
from fiscaldoc.tables.bodyrows import band_rows
from fiscaldoc.tables.grid import find_grids

XS = [50.0, 100.0, 196.0, 266.0, 336.0]   # the name column holds ten characters
HEAD = ("科目编码", "科目名称", "合计", "基本支出")
# (code, name lines, amount, amount): 201 has a name wrapped over two lines, 20103 over three
BODY = [("", ["合计"], "2,360.70", "481.74"),
        ("201", ["一般公共服务支出"], "2,168.83", "346.09"),
        ("20101", ["人大事务"], "12.00", "-"),
        ("2010101", ["政府办公厅（室）及相", "关机构事务"], "2,156.83", "346.09"),
        ("20103", ["其他政府办公厅（室）", "及相关机构事务支出其", "他支出"], "1,822.74", "0.00"),
        ("208", ["社会保障和就业支出"], "45.92", "45.92"),
        ("", ["二、项目支出"], "", ""),
        ("20805", ["行政事业单位养老支出"], "45.92", "45.92")]


def _word(text, x0, x1, cy, h, right=False, centre=False):
    w = 9.0 * len(text) * 0.6 if text[0].isdigit() else 9.0 * len(text)
    a = (x0 + x1 - w) / 2 if centre else x1 - 2 - w if right else x0 + 2
    return Word(text, BBox(a, cy - h / 2, a + w, cy + h / 2))


def _table(valign="middle", pitch=11.25, pad=2.0, h=10.8, top=100.0):
    """Header words, body words and the body's (top, bottom) of every row."""
    words = [_word(t, XS[c], XS[c + 1], top + 8, h, centre=True) for c, t in enumerate(HEAD)]
    y, spans = top + 16, []
    for code, names, a1, a2 in BODY:
        height = len(names) * pitch + 2 * pad
        for k, name in enumerate(names):
            words.append(_word(name, XS[1], XS[2], y + pad + (k + 0.5) * pitch, h))
        n = len(names)
        at = {"top": 0.5, "middle": n / 2, "bottom": n - 0.5}[valign] * pitch
        for c, t in ((0, code), (2, a1), (3, a2)):
            if t:
                words.append(_word(t, XS[c], XS[c + 1], y + pad + at, h, right=c > 0))
        spans.append((y, y + height))
        y += height
    return words, spans, y


def _rows(grid):
    out = {}
    for c in grid.cells:
        out.setdefault(c.row, {})[c.col] = c.text
    return [[out[r].get(c, "") for c in range(grid.n_cols)] for r in sorted(out)]


def _expected():
    return [list(HEAD)] + [[code, "".join(names), a1, a2] for code, names, a1, a2 in BODY]


@pytest.mark.parametrize("valign", ["top", "middle", "bottom"])
def test_grid_with_column_rules_only(valign):
    words, _, bottom = _table(valign)
    rules = [Segment.h(XS[0], XS[-1], 100.0), Segment.h(XS[0], XS[-1], 116.0),
             Segment.h(XS[0], XS[-1], bottom)]
    rules += [Segment.v(100.0, bottom, x) for x in XS]
    (grid,) = find_grids(tuple(words), tuple(rules))
    assert grid.style == "ruled"
    assert _rows(grid) == _expected()


@pytest.mark.parametrize("valign", ["top", "middle", "bottom"])
def test_tight_three_line_table(valign):
    # word processor spacing: wrapped lines 1 em apart, rows 0.6 pt more; text boxes
    # (1.2 em) of neighbouring lines overlap
    words, _, bottom = _table(valign, pitch=9.0, pad=0.3)
    rules = [Segment.h(XS[0], XS[-1], y) for y in (100.0, 116.0, bottom)]
    (grid,) = find_grids(tuple(words), tuple(rules))
    assert grid.style == "hrules"
    assert _rows(grid) == _expected()


def test_band_rows_follow_the_rows():
    words, spans, _ = _table("middle", pitch=9.0, pad=0.0)
    body = [w for w in words if w.bbox.cy > 116.0]
    rows = band_rows(body, XS)
    assert len(rows) == len(BODY)
    for (a, b), (s0, s1) in zip(rows, spans):
        assert s0 - 1 <= a and b <= s1 + 1


def test_rows_with_one_value_line_each_are_left_alone():
    # a ruled band holding one row whose name is wrapped is not cut
    words, _, bottom = _table("middle")
    one = [w for w in words if w.bbox.cy > 116.0][:0] + [
        _word("其他政府办公厅（室）", XS[1], XS[2], 120.0, 10.8),
        _word("及相关机构事务支出", XS[1], XS[2], 131.0, 10.8),
        _word("1,822.74", XS[2], XS[3], 125.5, 10.8, right=True)]
    assert len(band_rows(one, XS)) == 1


def test_a_paragraph_merged_across_columns_is_not_cut():
    # a 绩效 table's ruled row: a label cell and a paragraph cell merged across the other
    # columns, whose wrapped lines hold figures ("115", "21.59") where a column would be
    xs = [50.0, 120.0, 200.0, 280.0, 360.0]
    rules = [Segment.h(xs[0], xs[-1], y) for y in (100.0, 120.0, 160.0, 180.0)]
    rules += [Segment.v(100.0, 180.0, x) for x in (xs[0], xs[1], xs[-1])]
    rules += [Segment.v(y0, y1, x) for x in xs[2:4] for y0, y1 in ((100.0, 120.0),
                                                                   (160.0, 180.0))]
    words = [_word(t, xs[c], xs[c + 1], 110.0, 10.8, centre=True)
             for c, t in enumerate(["指标", "年度", "实际", "分值"])]
    words += [_word("总体目标", xs[0], xs[1], 140.0, 10.8),
              Word("净用地面积为", BBox(122, 126, 194, 136)), Word("115", BBox(205, 126, 222, 136)),
              Word("亩，年收入可达", BBox(284, 126, 356, 136)),
              Word("建设规模为", BBox(122, 144, 182, 154)), Word("21.59", BBox(205, 144, 232, 154)),
              Word("亿元", BBox(284, 144, 308, 154))]
    words += [_word(t, xs[c], xs[c + 1], 170.0, 10.8, right=True)
              for c, t in enumerate(["合计", "1", "2", "3"])]
    (grid,) = find_grids(tuple(words), tuple(rules))
    assert grid.n_rows == 3


def test_two_names_wrapped_above_their_amounts():
    # amounts beside the last line of names wrapped on both sides of a 收支 table (three
    # lines and two), set as tight as rows (Excel's bottom alignment): the lines above the
    # amounts join their row, the first one holding text in one column only
    xs = [50.0, 122.0, 190.0, 262.0, 330.0]
    rows = [(["一、本年收入"], "10.00", ["一、工资福利"], "4.00"),
            (["二、上级补助收", "入和附属单位上", "缴收入"], "2.00", ["二、商品和服务", "支出"], "8.00"),
            (["三、其他收入"], "0.00", ["三、资本性支出"], "0.00")]
    words, y = [], 100.0
    for left, a, right, b in rows:
        n = max(len(left), len(right))
        for names, c in ((left, 0), (right, 2)):
            for k, t in enumerate(names):
                words.append(_word(t, xs[c], xs[c + 1], y + 4.5 + (n - len(names) + k) * 9, 10.8))
        for t, c in ((a, 1), (b, 3)):
            words.append(_word(t, xs[c], xs[c + 1], y + 4.5 + (n - 1) * 9, 10.8, right=True))
        y += n * 9
    got = band_rows(words, xs)
    assert len(got) == 3
    assert got[1][0] < 100 + 9 + 4.5 < got[1][1]       # the first lines are in row 2


def test_rows_without_amounts_in_a_wide_name_column_stay_apart():
    # a scanned 决算 table: rows 1 em apart, a name column far wider than its names, and
    # rows of equal-length names with no amounts: none of them was wrapped
    xs = [50.0, 300.0, 380.0]
    names = [("二、股利、股息收入", "946"), ("国有控股公司股利、股息收入", ""),
             ("国有参股公司股利、股息收入", ""), ("金融企业股利、股息收入", ""),
             ("三、清算收入", "12")]
    words = []
    for k, (name, amount) in enumerate(names):
        words.append(_word(name, xs[0], xs[1], 100 + 9 * k, 10.8))
        if amount:
            words.append(_word(amount, xs[1], xs[2], 100 + 9 * k, 10.8, right=True))
    assert len(band_rows(words, xs)) == len(names)


def test_text_only_rows_of_centred_wrapped_names_stay_apart():
    # a 收支 table's narrow name columns: cells centre two or three wrapped lines, so lines
    # of one row lie half a line pitch apart; most rows hold no figure, and the rows' own
    # padding (not the line pitch) parts them, though a wrapped name runs to its column's
    # edge and the next row's name starts no new item
    xs = [50.0, 104.0, 170.0, 224.0, 290.0]
    rows = [(["一、财政拨", "款(补助)"], "10.00", ["一、经济分", "类"], "10.00"),
            (["(一)财政指", "标拨款(补", "助)"], "10.00", ["工资福利性", "支出"], "4.00"),
            (["(三)上级专", "项转移支付"], "", ["对个人和家", "庭的补助支", "出"], ""),
            (["政府性基金", "预算拨款"], "", ["债务利息及", "费用支出"], ""),
            (["上年结转结", "余资金"], "", ["资本性支出", "(基本建设", ")"], ""),
            ([], "", ["对企业补助", "(基本建设", ")"], ""),
            (["收入合计"], "20.00", ["支出合计"], "14.00")]
    pitch, pad, words, y, spans = 9.6, 3.2, [], 100.0, []
    for left, a, right, b in rows:
        n = max(len(left), len(right), 1)
        height = n * pitch + 2 * pad
        for names, c in ((left, 0), (right, 2)):
            for k, t in enumerate(names):
                at = y + height / 2 + (k - len(names) / 2 + 0.5) * pitch
                words.append(_word(t, xs[c], xs[c + 1], at, 10.2))
        for t, c in ((a, 1), (b, 3)):
            if t:
                words.append(_word(t, xs[c], xs[c + 1], y + height / 2, 10.2, right=True))
        spans.append((y, y + height))
        y += height
    got = band_rows(words, xs)
    assert len(got) == len(rows)
    for (a, b), (s0, s1) in zip(got, spans):
        assert s0 <= a and b <= s1
