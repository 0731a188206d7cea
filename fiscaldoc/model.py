"""The data model (design §3): frozen, slotted dataclasses, no numpy, JSON round trip.

Stages talk to each other only through these types.  ``Document.to_dict()`` produces the
JSON described by ``fiscaldoc/schema/document.schema.json`` (``SCHEMA_VERSION``);
``Document.from_dict()`` reads it back to an equal object.
"""
from __future__ import annotations

import typing
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from .geometry import BBox, Segment
from .serial import dump, load

if TYPE_CHECKING:
    import pandas as pd

SCHEMA_VERSION = "1.0"

Source = Literal["pdf", "ocr"]
BlockKind = Literal["title", "text", "table", "figure", "header", "footer", "seal"]
ValueKind = Literal["amount", "percent", "blank", "dash", "text"]
ValueStatus = Literal["ok", "verified", "corrected", "flagged", "unchecked"]
VALUE_STATUSES: tuple[str, ...] = typing.get_args(ValueStatus)
Level = Literal["类", "款", "项"]
Scheme = Literal["functional", "economic", "revenue", "other"]
Severity = Literal["info", "warning", "error"]
DocStatus = Literal["ok", "partial", "failed"]
CheckStatus = Literal["pass", "fail"]

# The fixed vocabulary of table kinds (final accounts 决算, budgets 预算, and "other").
TABLE_KINDS: tuple[str, ...] = (
    # 决算 (final accounts) of a department, 表1–表9 (公开01表–公开09表)
    "final.income_expenditure_summary",      # 收入支出决算总表
    "final.income",                          # 收入决算表
    "final.expenditure",                     # 支出决算表
    "final.fiscal_summary",                  # 财政拨款收入支出决算总表
    "final.general_budget_expenditure",      # 一般公共预算财政拨款支出决算表
    "final.basic_expenditure_detail",        # 一般公共预算财政拨款基本支出决算(明细)表
    "final.three_public",                    # “三公”经费支出决算表
    "final.government_fund",                 # 政府性基金预算财政拨款收入支出决算表
    "final.state_capital",                   # 国有资本经营预算财政拨款(收入)支出决算表
    # 预算 (budgets) of a department
    "budget.financial_summary",              # 财务收支预算总表 / 收支预算总表 / 部门收支总表
    "budget.income",                         # 收入预算总表 / 部门收入总表
    "budget.expenditure",                    # 支出预算总表 / 部门支出总表
    "budget.fiscal_summary",                 # 财政拨款收支预算总表
    "budget.general_budget_expenditure",     # 一般公共预算支出(功能分类)预算表
    "budget.basic_expenditure",              # 一般公共预算基本支出(经济分类)预算表
    "budget.three_public",                   # “三公”经费预算表
    "budget.government_fund",                # 政府性基金预算支出表 / 政府性基金收支表
    "budget.state_capital",                  # 国有资本经营预算支出表
    "budget.performance_targets",            # 项目支出 / 部门整体支出绩效目标(申报)表
    # more department tables (决算 and 预算)
    "final.project_expenditure",             # 一般公共预算财政拨款项目支出决算表
    "final.operating_costs",                 # 机关运行经费支出决算表
    "final.procurement",                     # 政府采购(支出)情况表
    "final.assets",                          # 国有资产占用(使用)情况表
    "final.performance_evaluation",          # 项目支出 / 部门整体支出绩效自评表, 绩效评价得分表
    "budget.fiscal_expenditure",             # 财政拨款支出预算表(功能科目; 经济科目)
    "budget.fiscal_basic_expenditure",       # 财政拨款基本支出预算表(经济科目)
    "budget.general_budget_economic",        # 一般公共预算支出明细表(按支出经济分类科目)
    "budget.basic_expenditure_functional",   # 一般公共预算基本支出明细表(按支出功能分类科目)
    "budget.project_expenditure",            # 项目支出预算表 / 专项业务经费支出表
    "budget.operating_costs",                # 一般公共预算机关运行经费支出预算表
    "budget.procurement",                    # 政府采购(支出)预算表 / 政府采购预算明细表
    "budget.purchased_services",             # 政府购买服务预算(明细)表
    "budget.asset_allocation",               # 新增资产配置预算表
    "budget.carryover_expenditure",          # 财政拨款上年结转资金支出表
    # 总决算 / 总预算 of a city or province (全市 / 市本级 …)
    "final.region_general_budget",           # 一般公共预算收支决算表
    "final.region_general_revenue",          # 一般公共预算收入决算表
    "final.region_general_expenditure",      # 一般公共预算支出决算表 (功能 / 经济分类, 明细)
    "final.region_fund",                     # 政府性基金(预算)收支决算表
    "final.region_fund_revenue",             # 政府性基金(预算)收入决算表
    "final.region_fund_expenditure",         # 政府性基金(预算)支出决算表
    "final.region_state_capital",            # 国有资本经营(预算)收支决算表
    "final.region_state_capital_revenue",    # 国有资本经营(预算)收入决算表
    "final.region_state_capital_expenditure",  # 国有资本经营(预算)支出决算表
    "final.region_social_insurance",         # 社会保险基金收支决算表
    "final.region_social_insurance_revenue",   # 社会保险基金收入决算表
    "final.region_social_insurance_expenditure",  # 社会保险基金支出决算表
    "final.region_debt",                     # 一般债务 / 专项债务余额(限额)情况表
    "final.region_transfer",                 # 税收返还和转移支付(分地区 / 分项目)决算表
    "budget.region_general_budget",          # 一般公共预算收支预算表
    "budget.region_general_revenue",         # 一般公共预算收入预算表
    "budget.region_general_expenditure",     # 一般公共预算(本级)支出预算表
    "budget.region_fund",                    # 政府性基金收支预算表
    "budget.region_fund_revenue",            # 政府性基金收入预算表
    "budget.region_fund_expenditure",        # 政府性基金支出预算表
    "budget.region_state_capital",           # 国有资本经营收支预算表
    "budget.region_state_capital_revenue",   # 国有资本经营收入预算表
    "budget.region_state_capital_expenditure",  # 国有资本经营支出预算表
    "budget.region_social_insurance",        # 社会保险基金收支预算表
    "budget.region_social_insurance_revenue",  # 社会保险基金收入预算表
    "budget.region_social_insurance_expenditure",  # 社会保险基金支出预算表
    "budget.region_debt",                    # 地方政府一般 / 专项债务余额(限额)情况表
    "budget.region_transfer",                # 转移支付预算表, 税收返还
    "other",
)


@dataclass(frozen=True, slots=True)
class Word:
    """A run of text (a word or a whole text line) with its box in page space."""

    text: str
    bbox: BBox
    conf: float = 1.0
    source: Source = "pdf"


@dataclass(frozen=True, slots=True)
class Line:
    """A text line: the words on one line joined left to right (a line split by a wide gap,
    部门 … 单位, is two), with the box around them in page space."""

    text: str
    bbox: BBox
    conf: float = 1.0
    source: Source = "pdf"


@dataclass(frozen=True, slots=True)
class Block:
    """A region of a page (title, text, table, figure, header, footer, seal) and its lines."""

    kind: BlockKind
    bbox: BBox
    lines: tuple[Line, ...] = ()

    @property
    def text(self) -> str:
        return "\n".join(w.text for w in self.lines)


@dataclass(frozen=True, slots=True)
class Cell:
    row: int
    col: int
    row_span: int
    col_span: int
    bbox: BBox
    text: str
    conf: float = 1.0


@dataclass(frozen=True, slots=True)
class Value:
    """One data cell's number: the printed text is always kept in ``raw``."""

    raw: str
    number: Decimal | None
    kind: ValueKind
    unit: str = ""
    status: ValueStatus = "ok"
    reason: str = ""
    reviewed: bool = False           # a person checked this value (a gold file, see review/)

    @property
    def amount(self) -> Decimal:
        """The value for arithmetic: blank and dash count as zero."""
        return self.number if self.number is not None else Decimal(0)


@dataclass(frozen=True, slots=True)
class Subject:
    code: str | None                 # the code as printed, digits only ("2010350"), or None
    name: str                        # the name as printed
    level: Level | None = None
    scheme: Scheme = "other"
    canonical_name: str | None = None
    parent: str | None = None


@dataclass(frozen=True, slots=True)
class Record:
    row: int                         # grid row of the record
    subject: Subject
    values: dict[str, Value]         # column key -> value
    line_no: int | None = None       # the printed 行次, where there is one


@dataclass(frozen=True, slots=True)
class Check:
    rule: str                        # e.g. "1栏 = 2栏 + 3栏"
    cells: tuple[tuple[int, int], ...]
    expected: Decimal | None
    actual: Decimal | None
    status: CheckStatus


@dataclass(frozen=True, slots=True)
class Correction:
    cell: tuple[int, int]
    before: str
    after: str
    reason: str
    checks: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Column:
    """A data column: its key (flattened header, e.g. "本年支出/基本支出") and grid index."""

    index: int
    key: str
    label: str


@dataclass(frozen=True, slots=True)
class Table:
    id: str
    pages: tuple[int, ...]
    bbox: BBox
    title: str
    kind: str
    n_rows: int
    n_cols: int
    header_rows: int
    cells: tuple[Cell, ...]
    number: str | None = None        # printed table number: "表2", "公开02表"
    unit: str = ""                   # 万元 / 元 / ""
    department: str | None = None
    year: int | None = None
    columns: tuple[Column, ...] = ()
    records: tuple[Record, ...] = ()
    checks: tuple[Check, ...] = ()
    corrections: tuple[Correction, ...] = ()
    notes: tuple[str, ...] = ()

    def value_columns(self) -> tuple[Column, ...]:
        """The columns that hold values in at least one record (not codes, names, 行次)."""
        keys = {k for r in self.records for k in r.values}
        return tuple(c for c in self.columns if c.key in keys)

    def to_grid(self) -> list[list[str]]:
        """Dense grid of cell text; a spanned cell's text sits at its top-left position."""
        grid = [["" for _ in range(self.n_cols)] for _ in range(self.n_rows)]
        for c in self.cells:
            grid[c.row][c.col] = c.text
        return grid

    def to_pandas(self) -> "pd.DataFrame":
        """A DataFrame with one row per record and one column per data column.

        Columns: ``code``, ``name``, ``level``, then each data column key (Decimal or None).
        Tables without records give the raw body grid with positional headers.
        """
        import pandas as pd

        if self.records:
            value_cols = self.value_columns()
            rows = []
            for r in self.records:
                row: dict[str, Any] = {"code": r.subject.code, "name": r.subject.name,
                                       "level": r.subject.level}
                for col in value_cols:
                    v = r.values.get(col.key)
                    row[col.key] = v.number if v is not None else None
                rows.append(row)
            return pd.DataFrame(rows, columns=["code", "name", "level"]
                                + [c.key for c in value_cols])
        grid = self.to_grid()[self.header_rows:]
        return pd.DataFrame(grid, columns=[f"c{i}" for i in range(self.n_cols)])


@dataclass(frozen=True, slots=True)
class Issue:
    code: str                        # stable machine code, e.g. "needs-ocr", "pdf-repaired"
    stage: str                       # "io" | "layout" | "ocr" | "tables" | "postprocess"
    page: int | None
    severity: Severity
    message: str


@dataclass(frozen=True, slots=True)
class Page:
    index: int
    width: float
    height: float
    rotation: int
    text_source: Source
    blocks: tuple[Block, ...] = ()
    issues: tuple[Issue, ...] = ()


@dataclass(frozen=True, slots=True)
class PageContent:
    """What io hands to the table stages for one page: words and ruling lines in page space.

    Not part of the exported JSON.  ``words`` are text runs split at whitespace and at large
    gaps; ``rules`` are horizontal/vertical ruling segments (vector drawings or raster lines).
    """

    index: int
    width: float
    height: float
    rotation: int
    source: Source
    words: tuple[Word, ...]
    rules: tuple[Segment, ...]
    issues: tuple[Issue, ...] = ()


@dataclass(frozen=True, slots=True)
class Document:
    source: str
    sha256: str
    status: DocStatus
    meta: dict[str, Any] = field(default_factory=dict)
    pages: tuple[Page, ...] = ()
    tables: tuple[Table, ...] = ()
    issues: tuple[Issue, ...] = ()
    run: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        d = dump(self)
        return {"schema_version": SCHEMA_VERSION, **d}

    @staticmethod
    def from_dict(data: dict[str, Any]) -> "Document":
        version = data.get("schema_version")
        if version != SCHEMA_VERSION:
            raise ValueError(f"unsupported schema_version {version!r} (expected {SCHEMA_VERSION})")
        body = {k: v for k, v in data.items() if k != "schema_version"}
        doc = load(Document, body)
        if not isinstance(doc, Document):    # load builds the dataclass it is given
            raise TypeError(f"cannot load a Document from {type(data).__name__}")
        return doc

    def value_counts(self) -> dict[str, int]:
        """How many values of the document's records end in each status, and how many of
        them are numbers (``amounts``)."""
        counts = dict.fromkeys(VALUE_STATUSES, 0)
        amounts = 0
        for t in self.tables:
            for rec in t.records:
                for v in rec.values.values():
                    counts[v.status] = counts.get(v.status, 0) + 1
                    amounts += v.number is not None
        return {"amounts": amounts, **counts}

    def all_issues(self) -> list[Issue]:
        out = list(self.issues)
        for p in self.pages:
            out.extend(p.issues)
        return out
