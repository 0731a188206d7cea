from fiscaldoc.export.html import table_html


def test_spans_become_rowspan_and_colspan(samples):
    html = table_html(samples.expenditure_table())
    assert '<th rowspan="2">科目编码</th>' in html
    assert '<th colspan="3">本年支出</th>' in html
    assert '<td colspan="4">' in table_html(samples.three_public_table())


def test_header_rows_in_thead_and_body_in_tbody(samples):
    html = table_html(samples.expenditure_table())
    thead = html[html.index("<thead>"):html.index("</thead>")]
    tbody = html[html.index("<tbody>"):html.index("</tbody>")]
    assert thead.count("<tr>") == 2 and tbody.count("<tr>") == 4
    assert "<td>" not in thead and "<th" not in tbody


def test_each_row_fills_the_grid(samples):
    html = table_html(samples.expenditure_table())
    body_rows = html.split("<tbody>")[1].split("<tr>")[1:]
    assert all(r.count("<td") == 5 for r in body_rows)


def test_caption_and_escaping(samples):
    html = table_html(samples.three_public_table())
    assert "<caption>“三公”经费支出决算表</caption>" in html
    assert "说明：&lt;无&gt;公务用车 &amp; 其他" in html


def test_corrected_and_flagged_cells_carry_class_and_reason(samples):
    html = table_html(samples.expenditure_table())
    assert 'class="corrected" title="OCR read 0 as O' in html
    assert ">1,000.00</td>" in html                   # the corrected text is shown
    assert 'class="flagged" title="合计 56.84 ≠' in html
    assert "check failed: 合计 = 基本支出 + 项目支出" in html
