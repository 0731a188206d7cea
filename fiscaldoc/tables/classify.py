"""Table kind from the title, the header and the rows together.

A kind (``fiscaldoc.model.TABLE_KINDS``) is ``<side>.<family>``.  The evidence, weighed in this
order:

* the side: 决算 (``final``) or 预算 (``budget``) — from the title (``决算`` / ``结算表``; ``预算``
  outside the fund names 一般公共预算 / 政府性基金预算 …; ``预算NN表`` numbering), then the header
  (a ``决算数`` column), then the document's report kind, then a ``预算数`` column;
* the family: title keywords after normalisation (full-/half-width, spaces, quotes around 三公,
  numbering 公开NN表 / 预算NN表 / 表N / （N） and years stripped);
* government level: a 总决算 / 总预算 table of a city or province (``region_*`` families) is told
  from a department's table by the title (全市 / 本级 / 债务 / 转移支付 …, no 财政拨款), the header
  (调整预算数, 执行数, 增长 …, no 基本支出 / 项目支出) and the rows (revenue subjects 1xx,
  税收收入);
* the subject scheme of the rows (functional 2xx, economic 3xx / 5xx, revenue 1xx) splits
  功能 / 经济 variants the title does not name;
* the header alone decides for a table printed without a title (a 三公 header, a 采购 header, 绩效
  indicator columns, a 收入 | 支出 two-sided summary …), and overrides a title that only says
  收入 / 支出 (a title cut short).

A table none of this recognises is ``other``: nothing is guessed.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Literal, Sequence

from ..model import Cell

Side = Literal["final", "budget"]

_QUOTES = re.compile(r"[\"'“”‘’「」『』〝〞]")
_PRIVATE = re.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff]")   # glyphs of OCR-made text layers
_SPACE = re.compile(r"\s+")
_NUMBERING = (
    re.compile(r"(?:公开|预算|决算|部门|单位)?\d{1,2}表(?:[-—]\d{1,2})?[:：]?"),
    re.compile(r"附?表(?:\d{1,2}|[一二三四五六七八九十]{1,3})(?:[-—]\d{1,2})?[:：]?"),
    re.compile(r"^\(\d{1,2}\)|^[一二三四五六七八九十]+、|^\d{1,2}[、.]"),
    re.compile(r"\((?:表)?\d{1,2}\)$"),
)
_YEAR = re.compile(r"(?:20\d{2}|二〇[一二三]\S)年?度?")
_FUND_NAMES = ("一般公共预算", "政府性基金预算", "国有资本经营预算", "社会保险基金预算")

_REGION_TITLE = ("全市", "全省", "全区", "全县", "本级", "市级", "省级", "县级", "区级", "总决算",
                 "总预算", "地方政府", "分地区", "分项目", "全州", "全盟")
_REGION_HEADER = ("调整预算", "执行数", "决算数为", "完成预算", "比上年", "增长", "上年决算",
                  "上年预算数", "预算数为", "增减", "变动", "为预算", "为上年")
# department columns, matched as whole header cells (a region table's 国有资本经营收入 row
# swallowed into its header must not read as a department's 经营收入 column)
_DEPT_HEADER = ("基本支出", "项目支出", "人员经费", "公用经费", "财政拨款收入", "事业收入",
                "经营收入", "上缴上级", "附属单位", "单位名称", "单位编码", "部门名称", "本年收入合计",
                "本年支出合计", "部门预算", "部门经济", "上级补助收入")
_REVENUE_NAMES = ("税收收入", "非税收入", "增值税", "企业所得税", "个人所得税")
_ECONOMIC_NAMES = ("工资福利支出", "商品和服务支出", "对个人和家庭的补助", "资本性支出",
                   "机关工资福利支出", "机关商品和服务支出")
_FUNCTIONAL_NAMES = ("一般公共服务支出", "公共安全支出", "教育支出", "社会保障和就业支出",
                     "卫生健康支出", "住房保障支出", "城乡社区支出", "农林水支出")
_CODE = re.compile(r"^(\d{3}(?:\d{2}){0,2})(?!\d)")


def norm(text: str) -> str:
    """Text for keyword matching: NFKC (full-width → half-width), no spaces, no quotes."""
    t = unicodedata.normalize("NFKC", text or "")
    return _PRIVATE.sub("", _QUOTES.sub("", _SPACE.sub("", t)))


def core_title(title: str) -> str:
    """The title's words: numbering (公开01表, 预算01表, 表1, （1）, 一、) and years removed."""
    t = norm(title)
    for pat in _NUMBERING:
        t = pat.sub("", t)
    t = _YEAR.sub("", t)
    return t.lstrip("-—:：、.")


def _has(text: str, *words: str) -> bool:
    return any(w in text for w in words)


def _all(text: str, *words: str) -> bool:
    return all(w in text for w in words)


@dataclass(frozen=True, slots=True)
class Evidence:
    """What a kind is decided from (all texts normalised with ``norm``)."""

    title: str                 # core title
    raw_title: str             # normalised title with its numbering
    header: str                # header cell texts, joined with "|"
    rows: str                  # body row texts (first rows), joined with "|"
    scheme: str | None         # "functional" / "economic" / "revenue" by majority of the rows
    side: Side | None

    @property
    def text(self) -> str:
        return self.header + "|" + self.rows


def row_scheme(labels: Sequence[str]) -> str | None:
    """Subject scheme of the rows: the first digit of their codes, else their 类 names."""
    votes: Counter = Counter()
    for s in labels:
        m = _CODE.match(s)
        if m:
            votes[{"1": "revenue", "2": "functional", "3": "economic", "5": "economic"}.get(
                m.group(1)[0], "other")] += 1
        elif _has(s, *_REVENUE_NAMES):
            votes["revenue"] += 1
        elif _has(s, *_ECONOMIC_NAMES):
            votes["economic"] += 1
        elif _has(s, *_FUNCTIONAL_NAMES):
            votes["functional"] += 1
    votes.pop("other", None)
    if not votes:
        return None
    (top, n), = votes.most_common(1)
    return top if n >= 2 and n > sum(votes.values()) / 2 else None


def _side(raw_title: str, title: str, header: str, report: str | None) -> Side | None:
    if "决算" in title or title.endswith("结算表"):
        return "final"
    if "执行" in title:
        return "budget"     # 预算执行情况表: the budget's execution during the year
    rest = title
    for name in _FUND_NAMES:
        rest = rest.replace(name, "")
    if "预算" in rest or re.search(r"预算\d{1,2}表", raw_title):
        return "budget"
    if "决算" in header:
        return "final"
    if report in ("决算", "预算"):
        return "final" if report == "决算" else "budget"
    # without a report: a fund name (一般公共预算支出表), 总表 or a 预算数 column say 预算
    if "预算" in title or "总表" in title or "预算数" in header:
        return "budget"
    return None


def _regional(ev: Evidence) -> bool:
    """A city / province 总决算 (总预算) table rather than a department's."""
    t = ev.title
    if _has(t, "财政拨款", "部门", "单位", "三公"):
        return False
    if _has_cell(ev.header, _DEPT_HEADER):
        return False
    return (_has(t, *_REGION_TITLE) or _has(ev.header, *_REGION_HEADER) or _years(ev.header)
            or ev.scheme == "revenue" or _has(ev.text, *_REVENUE_NAMES)
            or (_has(t, "收入", "收支") and _has(t, "一般公共预算", "政府性基金", "国有资本经营")))


def _has_cell(header: str, words: Sequence[str]) -> bool:
    """A header cell that is one of ``words`` (with at most a few characters around it)."""
    return any(w in c and len(c) <= len(w) + 4 for c in header.split("|") for w in words)


def _years(header: str) -> bool:
    """Columns of several years or of 预算数 beside 决算数: a 总预算 / 总决算 comparison."""
    cells = header.split("|")
    years = {m.group(1) for c in cells if (m := re.match(r"(20\d{2})年", c))}
    return len(years) >= 2 or (_has_cell(header, ("预算数",)) and _has_cell(header, ("决算数",)))


def _flow(t: str) -> str | None:
    """``_revenue`` / ``_expenditure`` / "" (both, or the balance) for a region table's title;
    None for a table of the fund that is neither (补充表, 基础资料)."""
    inc = "收入" in t
    exp = "支出" in t
    if _has(t, "收支", "收入支出", "平衡", "结余") or (inc and exp):
        return ""
    if inc:
        return "_revenue"
    if exp:
        return "_expenditure"
    return None


def _region(s: str, family: str, t: str) -> str | None:
    flow = _flow(t)
    return None if flow is None else f"{s}.region_{family}{flow}"


def _from_title(ev: Evidence) -> str | None:
    t, s = ev.title, ev.side or "final"
    if not t:
        return None
    if _has(t, "自评", "绩效评价", "评价得分", "评价情况"):
        return "final.performance_evaluation"
    if "绩效" in t:
        return "final.performance_evaluation" if ev.side == "final" else "budget.performance_targets"
    if "三公" in t:
        return f"{s}.three_public"
    if "机关运行经费" in t:
        return f"{s}.operating_costs"
    if "政府采购" in t:
        return f"{s}.procurement"
    if "购买服务" in t:
        return "budget.purchased_services" if s == "budget" else None
    if _has(t, "资产配置", "新增资产"):
        return "budget.asset_allocation" if s == "budget" else None
    if _has(t, "国有资产", "资产占用", "资产使用"):
        return "final.assets" if s == "final" else None
    dept = _has(t, "部门", "单位")
    if _has(t, "转移支付", "税收返还") and not dept:
        return f"{s}.region_transfer"
    if _has(t, "债务", "债券") and not dept:
        return f"{s}.region_debt"
    if "社会保险基金" in t:
        return _region(s, "social_insurance", t)
    if re.search(r"(?<!不含)上年结转", t) and "支出" in t and s == "budget":
        return "budget.carryover_expenditure"
    region = _regional(ev)
    if "国有资本经营" in t:
        return _region(s, "state_capital", t) if region else f"{s}.state_capital"
    if "政府性基金" in t:
        return _region(s, "fund", t) if region else f"{s}.government_fund"
    if region and _has(t, "一般公共预算", "公共财政"):
        flow = _flow(t)
        return None if flow is None else f"{s}.region_general{flow or '_budget'}"
    if _has(t, *_REGION_TITLE) and not _has(t, "部门", "单位", "财政拨款"):
        return None     # a 全省 / 省级 table of no known family: no department kind
    return _department(ev, t, s)


def _department(ev: Evidence, t: str, s: Side) -> str | None:
    economic = _has(t, "经济分类", "经济科目") or (ev.scheme == "economic" and "功能" not in t)
    functional = _has(t, "功能分类", "功能科目") or (ev.scheme == "functional" and "经济" not in t)
    fiscal = "财政拨款" in t and "一般公共预算" not in t
    if s == "final":
        if fiscal and _has(t, "收入支出", "收支"):
            return "final.fiscal_summary"
        if "基本支出" in t:
            return "final.basic_expenditure_detail"
        if "项目支出" in t:
            return "final.project_expenditure"
        if "一般公共预算" in t and "支出" in t:
            return "final.general_budget_expenditure"
        if _has(t, "收入支出", "收支"):
            return "final.income_expenditure_summary"
        if "收入" in t:
            return "final.income"
        if "支出" in t:
            return "final.expenditure"
        return None
    if fiscal and "收支" in t:
        return "budget.fiscal_summary"
    if fiscal and "基本支出" in t:
        return "budget.fiscal_basic_expenditure"
    if fiscal and "支出" in t and "项目支出" not in t:
        return "budget.fiscal_expenditure"
    if "基本支出" in t:
        return "budget.basic_expenditure_functional" if functional else "budget.basic_expenditure"
    if _has(t, "项目支出", "专项业务经费", "专项资金"):
        return "budget.project_expenditure"
    if "一般公共预算" in t and "支出" in t:
        return "budget.general_budget_economic" if economic else "budget.general_budget_expenditure"
    if _has(t, "收支", "收入支出"):
        return "budget.financial_summary"
    if "收入" in t:
        return "budget.income"
    if "支出" in t:
        return "budget.expenditure"
    return None


_LEVEL1 = ("产出指标", "效益指标", "满意度指标", "成本指标", "一级指标")
_LEVEL2 = ("数量指标", "质量指标", "时效指标", "社会效益指标", "经济效益指标", "生态效益指标",
           "可持续影响指标", "服务对象满意度指标", "经济成本指标", "社会成本指标",
           "生态环境成本指标", "二级指标")


def _indicators(text: str) -> bool:
    """Performance indicator cells of both levels (产出指标 > 数量指标 …)."""
    cells = set(text.split("|"))
    if cells.intersection(_LEVEL1) and cells.intersection(_LEVEL2):
        return True
    return any(c.startswith(a + b) for c in cells for a in _LEVEL1 for b in _LEVEL2)


def _two_sided(header: str) -> bool:
    cells = header.split("|")
    return any(c in ("收入", "收") for c in cells) and any(c in ("支出", "支") for c in cells)


def _from_header(ev: Evidence) -> str | None:
    """The kind a table's header (and first rows) show by themselves."""
    h, x, s = ev.header, ev.text, ev.side
    # a score column or a 总分 row (分值, the weight, and 得满分 in a criterion are in targets too)
    scored = _has_cell(h, ("自评", "得分", "总分")) or bool({"总分", "自评得分"} & set(x.split("|")))
    if scored and _has(x, "指标", "项目名称"):
        return "final.performance_evaluation"
    if _indicators(x) or _has(h, "绩效目标", "绩效指标"):
        if s == "final":
            return "final.performance_evaluation"
        return "budget.performance_targets" if s == "budget" else None
    if s is None:
        return None
    if "因公出国" in h and "公务接待" in h:
        return f"{s}.three_public"
    if "机关运行经费" in h:
        return f"{s}.operating_costs"
    if _has(h, "采购品目", "采购项目", "采购目录", "采购组织形式", "采购类别"):
        return f"{s}.procurement"
    region_rows = _has(x, *_REVENUE_NAMES, "转移性收入", "调入资金", "债务转贷")
    if _two_sided(h) and not region_rows:
        if _has(ev.rows, "事业收入", "经营收入"):
            return "final.income_expenditure_summary" if s == "final" else "budget.financial_summary"
        if _has(ev.rows, "一般公共预算财政拨款", "政府性基金预算财政拨款", "一般公共预算拨款",
                "一般公共预算资金"):
            return f"{s}.fiscal_summary"
        return None
    if (_has_cell(h, ("财政拨款收入", "一般公共预算")) and _has_cell(h, ("事业收入", "上级补助收入"))
            and not _has(h, "基本支出", "项目支出") and not region_rows):
        return f"{s}.income"
    if _all(h, "基本支出", "项目支出") and _has_cell(h, ("上缴上级支出", "经营支出", "对附属单位补助")):
        return f"{s}.expenditure"
    if (_all(h, "人员经费", "公用经费") and not _has(h, "项目支出", "专项业务", "项目经费")
            and ev.scheme == "economic"):
        if s == "final":
            return "final.basic_expenditure_detail"
        fiscal = "财政拨款" in h and "一般公共预算" not in h
        return "budget.fiscal_basic_expenditure" if fiscal else "budget.basic_expenditure"
    if _all(h, "年初结转", "本年收入", "本年支出", "年末结转"):
        # 表8 / 表9 of a 决算 (政府性基金 / 国有资本经营 收入支出): the rows name the fund
        if _has(ev.rows, "基金", "彩票公益金", "土地使用权出让"):
            return f"{s}.government_fund"
        if "国有资本" in ev.rows:
            return f"{s}.state_capital"
    return None


# title kinds the header may sharpen: a title cut short to 支出预算表 / 收入表
_WEAK = ("income", "expenditure")
_SPECIFIC = ("three_public", "operating_costs", "procurement", "performance_targets",
             "performance_evaluation")


def decide(ev: Evidence) -> str:
    by_title = _from_title(ev)
    by_header = _from_header(ev)
    if by_title is None:
        return by_header or "other"
    if by_header and by_title.split(".")[1] in _WEAK and by_header.split(".")[1] in _SPECIFIC:
        return by_header
    return by_title


def evidence(title: str, header: Sequence[str] = (), rows: Sequence[Sequence[str]] = (),
             report: str | None = None) -> Evidence:
    raw = norm(title)
    core = core_title(title)
    head = "|".join(norm(h) for h in header if norm(h))
    labels = [norm(next((c for c in r if c and c.strip()), "")) for r in rows]
    body = "|".join(norm(c) for r in rows[:40] for c in r if c and c.strip())
    return Evidence(core, raw, head, body, row_scheme(labels), _side(raw, core, head, report))


def classify(title: str, header: Sequence[str] = (), rows: Sequence[Sequence[str]] = (),
             report: str | None = None) -> str:
    """Kind of a table from its printed title, its header cell texts and its body rows (each a
    sequence of cell texts, left to right); ``report`` is the document's 决算 / 预算 if known."""
    return decide(evidence(title, header, rows, report))


def classify_table(title: str, cells: Sequence[Cell], header_rows: int,
                   report: str | None = None) -> str:
    """``classify`` for a grid: header = the cells of the first ``header_rows`` rows."""
    by_row: dict[int, list[Cell]] = {}
    for c in cells:
        by_row.setdefault(c.row, []).append(c)
    header = [c.text for r in sorted(by_row) if r < header_rows for c in by_row[r]]
    rows = [[c.text for c in sorted(by_row[r], key=lambda c: c.col)]
            for r in sorted(by_row) if r >= header_rows]
    return classify(title, header, rows, report)
