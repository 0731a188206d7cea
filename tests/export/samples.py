"""Hand-built Documents shared by the export and schema tests (loaded by file path)."""
from __future__ import annotations

from decimal import Decimal

from fiscaldoc.geometry import BBox
from fiscaldoc.model import (Block, Cell, Check, Column, Correction, Document, Issue, Page,
                             Line, Record, Subject, Table, Value)
from fiscaldoc.tables.numbers import parse_value


def _cell(r, c, text, rs=1, cs=1):
    return Cell(r, c, rs, cs, BBox(60 + 90 * c, 200 + 20 * r, 60 + 90 * (c + cs), 200 + 20 * (r + rs)),
                text)


def expenditure_table() -> Table:
    """Two header rows with spans, four records, one corrected and one flagged value."""
    header = [_cell(0, 0, "科目编码", rs=2), _cell(0, 1, "科目名称", rs=2),
              _cell(0, 2, "本年支出", cs=3),
              _cell(1, 2, "合计"), _cell(1, 3, "基本支出"), _cell(1, 4, "项目支出")]
    body = [("", "合计", "2,790.06", "2,000.00", "790.06"),
            ("201", "一般公共服务支出", "1,706.28", "1,0O0.00", "706.28"),
            ("20103", "政府办公厅(室)及相关机构事务", "(12.50)", "0.00", "-12.50"),
            ("221", "住房保障支出", "56.84", "56.85", "—")]
    cells = list(header)
    columns = (Column(2, "本年支出/合计", "合计"), Column(3, "本年支出/基本支出", "基本支出"),
               Column(4, "本年支出/项目支出", "项目支出"))
    records = []
    for i, row in enumerate(body):
        r = 2 + i
        cells += [_cell(r, c, t) for c, t in enumerate(row)]
        values = {col.key: parse_value(row[col.index], "万元") for col in columns}
        code = row[0] or None
        level = {3: "类", 5: "款", 7: "项"}.get(len(code)) if code else None
        records.append(Record(r, Subject(code, row[1], level, "functional" if code else "other"),
                              values, line_no=i + 1))
    fix = Value("1,0O0.00", Decimal("1000.00"), "amount", "万元", "corrected",
                "OCR read 0 as O; 合计 = 基本支出 + 项目支出")
    records[1].values["本年支出/基本支出"] = fix
    flag = Value("56.84", Decimal("56.84"), "amount", "万元", "flagged",
                 "合计 56.84 ≠ 基本支出 56.85 + 项目支出 0")
    records[3].values["本年支出/合计"] = flag
    records[0].values["本年支出/合计"] = Value("2,790.06", Decimal("2790.06"), "amount", "万元",
                                            "verified", "")
    return Table(
        id="t01", pages=(0,), bbox=BBox(60, 200, 510, 320), title="支出决算表",
        kind="final.expenditure", n_rows=6, n_cols=5, header_rows=2, cells=tuple(cells),
        number="表3", unit="万元", department="青山区大数据中心", year=2021, columns=columns,
        records=tuple(records),
        checks=(Check("合计 = 基本支出 + 项目支出", ((3, 2), (3, 3), (3, 4)), Decimal("1706.28"),
                      Decimal("1706.28"), "pass"),
                Check("合计 = 基本支出 + 项目支出", ((5, 2), (5, 3), (5, 4)), Decimal("56.85"),
                      Decimal("56.84"), "fail")),
        corrections=(Correction((3, 3), "1,0O0.00", "1,000.00", "OCR read 0 as O",
                                ("合计 = 基本支出 + 项目支出",)),),
        notes=("本表金额单位：万元",))


def three_public_table() -> Table:
    """No records: a header row, a data row and a note spanning the whole width."""
    cells = (_cell(0, 0, "合计"), _cell(0, 1, "因公出国（境）费"), _cell(0, 2, "公务接待费"),
             _cell(0, 3, "备注"),
             _cell(1, 0, "1.20"), _cell(1, 1, "0.00"), _cell(1, 2, "1.20"), _cell(1, 3, "—"),
             _cell(2, 0, "说明：<无>公务用车 & 其他", cs=4))
    return Table(id="t02", pages=(1,), bbox=BBox(60, 200, 420, 260),
                 title="“三公”经费支出决算表", kind="final.three_public", n_rows=3, n_cols=4,
                 header_rows=1, cells=cells, number="表7", unit="万元")


def _block(kind, y0, y1, *lines):
    return Block(kind, BBox(50, y0, 540, y1),
                 tuple(Line(t, BBox(50, y0 + 12 * i, 540, y0 + 12 * (i + 1)), 0.98, "ocr")
                       for i, t in enumerate(lines)))


def rich_document() -> Document:
    p0 = Page(0, 595.0, 842.0, 0, "pdf", blocks=(
        _block("header", 20, 40, "青山区大数据中心"),
        _block("title", 60, 90, "2021年度部门决算"),
        _block("text", 100, 140, "一、部门主要职责", "负责全区大数据工作。"),
        _block("table", 195, 330),
        _block("text", 340, 360, "本年支出合计2,790.06万元。"),
        _block("footer", 800, 820, "- 1 -")))
    p1 = Page(1, 595.0, 842.0, 90, "ocr", blocks=(
        _block("title", 60, 90, "三公经费"),
        _block("table", 195, 270),
        _block("figure", 300, 400)),
        issues=(Issue("needs-ocr", "io", 1, "info", "page has no text layer"),))
    return Document(
        source="qingshan_2021.pdf", sha256="ab" * 32, status="partial",
        meta={"department": "青山区大数据中心", "year": 2021, "report_kind": "决算", "unit": "万元"},
        pages=(p0, p1), tables=(expenditure_table(), three_public_table()),
        issues=(Issue("check-failed", "postprocess", 0, "warning", "1 check failed"),),
        run={"versions": {"fiscaldoc": "0.1.0"}, "ocr_engine": "rapidocr", "seconds": 1.5})
