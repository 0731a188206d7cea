"""Row-ruled tables (a rule under every row, no column rules) as publishers print them,
drawn as real PDFs by code: 类/款/项 centred over a code column narrower than the 类 cell
with 款 and 项 empty in the body, and a last page holding the repeated header and a single
row (its three rules read like a 三线表's)."""
import pymupdf

import fiscaldoc

from .rowrule_pages import FONT, FS, draw_title

# 类 款 项 | 科目名称 | 合计 | 基本支出 | 项目支出
WIDTHS = [100.0, 26.0, 26.0, 140.0, 70.0, 70.0, 70.0]
HEADER = [[(0, 3, 1, "项目"), (3, 1, 2, "科目名称"), (4, 1, 2, "本年支出合计"),
           (5, 1, 2, "基本支出"), (6, 1, 2, "项目支出")],
          [(0, 1, 1, "类"), (1, 1, 1, "款"), (2, 1, 1, "项")]]


def _body(n: int, first: int = 0) -> list[list[str]]:
    rows = []
    for k in range(first, first + n):
        a, b = 10 + k, 2 * k + 1
        code = f"2{k:02d}01{k % 10}{k % 7}"
        rows.append([code, "", "", f"一般公共服务支出科目{k + 1}", f"{a + b:,.2f}", f"{a:,.2f}",
                     f"{b:,.2f}"])
    return rows


def _text(page, x0, x1, yc, text, align):
    latin = all(ch.isascii() for ch in text)
    w = (pymupdf.get_text_length(text, fontname="helv", fontsize=FS) if latin
         else len(text) * FS)
    x = {"left": x0 + 3, "right": x1 - 3 - w, "center": (x0 + x1 - w) / 2}[align]
    page.insert_text((x, yc + FS * 0.42), text, fontname="helv" if latin else FONT,
                     fontsize=FS)


def _table(page, x0: float, y: float, rows: list[list[str]], row_h: float = 17.0) -> float:
    xs = [x0]
    for w in WIDTHS:
        xs.append(xs[-1] + w)
    shape = page.new_shape()
    shape.draw_line((xs[0], y), (xs[-1], y))
    for r, cells in enumerate(HEADER):
        for c, span, rspan, text in cells:
            _text(page, xs[c], xs[c + span], y + rspan * row_h / 2, text, "center")
            yb = y + rspan * row_h
            shape.draw_line((xs[c], yb), (xs[c + span], yb))
        y += row_h
    for row in rows:
        for c, text in enumerate(row):
            if text:
                _text(page, xs[c], xs[c + 1], y + row_h / 2, text, "right" if c >= 4 else "left")
        y += row_h
        shape.draw_line((xs[0], y), (xs[-1], y))
    shape.finish(color=(0, 0, 0), width=0.5)
    shape.commit()
    return y


def _extract(doc, tmp_path, name):
    path = tmp_path / name
    doc.save(path)
    doc.close()
    return fiscaldoc.extract(path)


def _grid(t) -> list[list[str]]:
    return [list(r) for r in t.to_grid()]


def test_class_labels_over_a_code_column_narrower_than_their_cells(tmp_path):
    # 类 is centred on its cell, right of the codes printed from the cell's left padding;
    # 款 and 项 are empty in the body: each label holds a column of its own, and the codes
    # stay under 类
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    _table(page, 40, draw_title(page, 40, 40, "2021年支出决算表"), _body(6))
    (t,) = _extract(doc, tmp_path, "codes.pdf").tables
    assert (t.n_rows, t.n_cols) == (8, 7)
    grid = _grid(t)
    assert grid[1][:3] == ["类", "款", "项"]
    assert grid[2] == ["2000100", "", "", "一般公共服务支出科目1", "11.00", "10.00", "1.00"]
    spans = {(c.row, c.col): (c.row_span, c.col_span) for c in t.cells}
    assert spans[(0, 0)] == (1, 3) and spans[(0, 3)] == (2, 1)


def test_last_page_with_one_row_joins_the_table(tmp_path):
    # the last part: the header repeated and one row, under three whole rules
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    _table(page, 40, draw_title(page, 40, 40, "2021年支出决算表"), _body(20))
    nxt = doc.new_page(width=595, height=842)
    _table(nxt, 40, draw_title(nxt, 40, 40, "2021年支出决算表"), _body(1, first=20))
    (t,) = _extract(doc, tmp_path, "last.pdf").tables
    assert t.pages == (0, 1) and (t.n_rows, t.n_cols) == (23, 7)
    grid = _grid(t)
    assert [r[3] for r in grid[2:]] == [f"一般公共服务支出科目{k + 1}" for k in range(21)]
    assert grid[-1][4:] == ["71.00", "30.00", "41.00"]


def test_spanning_header_text_touching_a_columns_figures(tmp_path):
    # 收支 table: 支出 is centred over four columns and happens to start where the amounts
    # under it end (0.1 pt right of them) while overlapping the names right of them; it is
    # a spanning text, not a text of the names' column that would join the two columns
    pad = 4.0
    xs = [40.0, 140.0, 220.0, 310.0, 390.0, 480.0, 0.0]
    xs[6] = 2 * (xs[4] - pad + 0.1 + FS) - xs[2]    # 支出's left edge at the amounts' right
    head = [[(0, 2, "收入"), (2, 4, "支出")],
            [(0, 1, "项目"), (1, 1, "预算数"), (2, 1, "项目(按经济分类)"), (3, 1, "预算数"),
             (4, 1, "项目(按功能分类)"), (5, 1, "预算数")]]
    body = [["一、财政拨款", "1,296.70", "一、经济分类", "1,296.70", "201一般公共服务", "1,206.96"],
            ["二、上年结转", "", "工资福利性支出", "472.08", "202外交", ""],
            ["", "", "商品和服务支出", "824.62", "208社会保障和就业", "89.74"],
            ["收入总计", "1,296.70", "支出总计", "1,296.70", "支出总计", "1,296.70"]]
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=842)
    y = draw_title(page, 40, 40, "2021年财政拨款收支预算总表")
    shape = page.new_shape()
    shape.draw_line((xs[0], y), (xs[-1], y))
    for row in head:
        for c, span, text in row:
            _text(page, xs[c], xs[c + span], y + 8.5, text, "center")
        y += 17.0
        shape.draw_line((xs[0], y), (xs[-1], y))
    for row in body:
        for c, text in enumerate(row):
            if text:
                latin = all(ch.isascii() for ch in text)
                w = (pymupdf.get_text_length(text, fontname="helv", fontsize=FS) if latin
                     else len(text) * FS)
                x = xs[c + 1] - pad - w if c % 2 else xs[c] + pad
                page.insert_text((x, y + 8.5 + FS * 0.42), text,
                                 fontname="helv" if latin else FONT, fontsize=FS)
        y += 17.0
        shape.draw_line((xs[0], y), (xs[-1], y))
    shape.finish(color=(0, 0, 0), width=0.5)
    shape.commit()
    (t,) = _extract(doc, tmp_path, "span.pdf").tables
    assert (t.n_rows, t.n_cols) == (6, 6)
    grid = _grid(t)
    assert grid[1] == [r[2] for r in head[1]]
    assert grid[2:] == body
    spans = {(c.row, c.col): c.col_span for c in t.cells}
    assert spans[(0, 0)] == 2 and spans[(0, 2)] == 4


def test_header_text_wrapped_to_its_cell_over_a_left_aligned_column(tmp_path):
    # 部门支出总表: 单位名称(科目) wraps to the width of its narrow cell, so its lines start
    # at the cell's padding like the left-aligned names under it; its row's other texts
    # are centred (and wrapped): the row is header, not the body's first row
    widths = [40.0, 42.0, 54.0, 36.0, 36.0, 36.0, 36.0, 36.0]
    xs = [40.0]
    for w in widths:
        xs.append(xs[-1] + w)
    head = [[(0, 1, 2, ["单位", "代码"]), (1, 1, 2, ["单位名称", "(科目)"]), (2, 1, 2, ["总计"]),
             (3, 5, 1, ["基本支出"])],
            [(3, 1, 1, ["小计"]), (4, 1, 1, ["工资", "福利"]), (5, 1, 1, ["商品", "服务"]),
             (6, 1, 1, ["对个", "人补", "助"]), (7, 1, 1, ["资本", "性支", "出"])],
            [(2, 1, 1, ["1"]), (3, 1, 1, ["2"]), (4, 1, 1, ["3"]), (5, 1, 1, ["4"]),
             (6, 1, 1, ["5"]), (7, 1, 1, ["6"])]]
    body = [["", "合计", "1296.70", "528.97", "472.08", "56.89", "", ""],
            ["18", "武汉市东", "1296.70", "528.97", "472.08", "56.89", "", ""]]
    row_h, lh = 34.0, FS * 1.2
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    y = draw_title(page, 40, 40, "2021年部门支出总表")
    top = y
    shape = page.new_shape()
    shape.draw_line((xs[0], y), (xs[-1], y))
    for r, row in enumerate(head):
        h = row_h if r < 2 else 17.0
        for c, span, rspan, lines in row:
            yc = y + rspan * h / 2 - (len(lines) - 1) * lh / 2
            for k, text in enumerate(lines):
                _text(page, xs[c], xs[c + span], yc + k * lh, text, "center")
            shape.draw_line((xs[c], y + rspan * h), (xs[c + span], y + rspan * h))
        y += h
    shape.draw_line((xs[0], y), (xs[-1], y))
    for row in body:
        for c, text in enumerate(row):
            if text:
                _text(page, xs[c], xs[c + 1], y + 8.5, text, "right" if c >= 2 else "left")
        y += 17.0
        shape.draw_line((xs[0], y), (xs[-1], y))
    shape.finish(color=(0, 0, 0), width=0.5)
    shape.commit()
    assert top < y
    (t,) = _extract(doc, tmp_path, "wrapped.pdf").tables
    assert (t.n_rows, t.n_cols) == (5, 8)
    grid = _grid(t)
    assert grid[0][:4] == ["单位代码", "单位名称(科目)", "总计", "基本支出"]
    assert grid[2][2:] == ["1", "2", "3", "4", "5", "6"]
    assert grid[3:] == body
