"""Prose against tables: figures quoted in the narrative matched to the cells they quote.

A quote is ``<phrase> <amount> 万元`` inside one clause of a text or title block (clauses end at
，；：。); the phrase is the text right before the amount (``为``/``是``/``共`` dropped) and must
end with a known term: 收、支总计, 收入总计, 支出合计, 财政拨款收入, 基本支出, 项目支出, 人员经费,
公用经费, a 类 name (``一般公共服务(类)支出``), or ``<table title>合计``.  Clauses that name
another year than the document's are skipped (``2019 年度收、支总计 …`` quotes last year).

A term can point to several cells (基本支出 is in 表3 and 表5); the quote then holds if it
equals any of them (``AnyOf``).  Unmatched phrases are ignored; a matched term whose cells all
disagree with the quote is a failing check.  A share (``，占本年支出 20.85%``) is checked only
when the denominator is named (本年收入 / 本年支出), as ``Share``.  Amounts quoted with fewer
decimals than the table (``2,360.7 万元``) match within half of their last printed digit.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from collections.abc import Callable
from decimal import Decimal

from ..model import Document, Record
from .rules import Equation, Ref, TableView, _short
from .subjects_names import base_name, class_names, label_of, norm_name

_AMOUNT = re.compile(r"(\d{1,3}(?:[,，]\d{3})+|\d+)(\.\d+)?\s*万元")
_SHARE = re.compile(r"^[，,]?\s*占([^，,。；;\d%]{0,12}?)的?\s*(\d+(?:\.\d+)?)\s*%")
_YEAR = re.compile(r"(20\d{2})\s*年")
_FILLERS = ("为", "是", "共计", "共", "达", "合计为", "总额")


@dataclass(frozen=True, slots=True)
class AnyOf:
    """A quote that holds if any one of the equations holds (same quote, several cells)."""
    equations: tuple[Equation, ...]


@dataclass(frozen=True, slots=True)
class Share:
    rule: str
    num: Ref
    den: Ref
    percent: Decimal
    tol: Decimal


@dataclass(frozen=True, slots=True)
class ProseChecks:
    equations: tuple[Equation, ...]     # single-cell quotes: usable by correction too
    any_of: tuple[AnyOf, ...]
    shares: tuple[Share, ...]


Target = tuple[TableView, Record, str]          # (view, record, key)
Term = tuple[str, str, list[Target]]            # (term, mode "all" | "any", targets)


def _texts(doc: Document) -> list[str]:
    return ["".join(w.text for w in b.lines) for p in doc.pages for b in p.blocks
            if b.kind in ("text", "title")]


def _total_row(v: TableView) -> Record | None:
    return next((i.record for i in v.infos if i.role == "total"
                 and label_of(i.record) in ("合计", "总计")), None)


def _first_key(v: TableView, rec: Record) -> str | None:
    keys = sorted(rec.values, key=lambda k: v.key_col.get(k, 0))
    return keys[0] if keys else None


class _Targets:
    """Where each term of the vocabulary lives in this document's tables."""

    def __init__(self, views: list[TableView]) -> None:
        self.views = views
        self.kinds: dict[str, list[TableView]] = {}
        for v in views:
            self.kinds.setdefault(v.table.kind, []).append(v)
        self.names = class_names(tuple(v.table for v in views))

    def _of(self, *kinds: str) -> list[TableView]:
        return [v for k in kinds for v in self.kinds.get(k, [])]

    def side_rows(self, kinds: tuple[str, ...], side: str,
                  pred: Callable[[str], bool]) -> list[Target]:
        out: list[Target] = []
        for v in self._of(*kinds):
            for keys, infos in v.sides:
                if keys[0].startswith(side):
                    out += [(v, i.record, keys[0]) for i in infos
                            if pred(label_of(i.record))]
        return out

    def total_col(self, kinds: tuple[str, ...], *words: str) -> list[Target]:
        out: list[Target] = []
        for v in self._of(*kinds):
            rec = _total_row(v)
            if rec is not None:
                keys = [k for k in sorted(rec.values, key=lambda k: v.key_col.get(k, 0))
                        if all(w in k for w in words)]
                if keys:
                    out.append((v, rec, keys[0]))
        return out

    def terms(self) -> list[Term]:
        """(term, mode, targets): mode "all" = every target must equal, "any" = one of them."""
        S = ("final.income_expenditure_summary",)
        F = ("final.fiscal_summary",)
        B = ("budget.financial_summary", "budget.fiscal_summary")

        def grand(n: str) -> bool:
            return n.endswith("总计") and "功能" not in n

        out: list[Term] = [
            ("财政拨款收、支总计", "all", self.side_rows(F, "收入", grand) + self.side_rows(F, "支出", grand)),
            ("收、支总计", "all", self.side_rows(S + B, "收入", grand) + self.side_rows(S + B, "支出", grand)),
            ("收入总计", "all", self.side_rows(S, "收入", grand)),
            ("支出总计", "all", self.side_rows(S, "支出", grand)),
            ("收入合计", "any", self.side_rows(S, "收入", lambda n: n == "本年收入合计")),
            ("支出合计", "any", self.side_rows(S, "支出", lambda n: n == "本年支出合计")),
            ("一般公共预算财政拨款收入", "any",
             self.side_rows(S, "收入", lambda n: n.endswith("一般公共预算财政拨款收入"))),
            ("财政拨款收入", "any", self.total_col(("final.income",), "财政拨款")),
            ("财政拨款支出", "any", self.total_col(("final.general_budget_expenditure",))),
            ("基本支出", "any", self.total_col(("final.expenditure", "final.general_budget_expenditure",
                                              "budget.expenditure"), "基本支出")
             + self.side_rows(B, "支出", lambda n: n == "基本支出")),
            ("项目支出", "any", self.total_col(("final.expenditure", "final.general_budget_expenditure"),
                                           "项目支出")
             + self.side_rows(B, "支出", lambda n: n == "项目支出")),
            ("人员经费", "any", self._detail("人员经费")),
            ("公用经费", "any", self._detail("公用经费")),
        ]
        for v in self.views:
            rec = _total_row(v)
            short = re.sub(r"^\d{4}年度?|[（(]表\d+[)）]$", "", norm_name(v.table.title))
            key = _first_key(v, rec) if rec is not None else None
            if rec is not None and short and key is not None:
                out.append((short + "合计", "any", [(v, rec, key)]))
        out.sort(key=lambda t: -len(t[0]))
        return out

    def _detail(self, group: str) -> list[Target]:
        out: list[Target] = []
        for v in self._of("final.basic_expenditure_detail"):
            row = next((i.record.row for i in v.infos
                        if label_of(i.record) == group + "合计"), None)
            cands = [(v, i.record, k) for keys, infos in v.sides if keys[0].startswith(group)
                     for i in infos if i.record.row == row for k in keys]
            filled = [c for c in cands if c[1].values[c[2]].kind == "amount"]
            if cands:
                out.append((filled or cands)[-1])
        return out

    def classes(self, code: str) -> list[Target]:
        out: list[Target] = []
        kinds = ("final.income_expenditure_summary", "final.fiscal_summary", "final.expenditure",
                 "final.general_budget_expenditure")
        for v in self._of(*kinds):
            for keys, infos in v.sides:
                for i in infos:
                    s = i.record.subject
                    if s.code == code and s.level == "类" and keys[0].split("/")[0] != "收入":
                        out.append((v, i.record, keys[0]))
        return out


def _clauses(text: str) -> list[str]:
    return [c for c in re.split(r"[。；;！!]", text) if c]


def prose_checks(doc: Document, views: list[TableView]) -> ProseChecks:
    year = doc.meta.get("year")
    tg = _Targets(views)
    terms = tg.terms()
    eqs: list[Equation] = []
    any_of: list[AnyOf] = []
    shares: list[Share] = []
    for text in _texts(doc):
        for sentence in _clauses(text):
            for m in _AMOUNT.finditer(sentence):
                start = max(sentence.rfind(ch, 0, m.start()) for ch in "，,：:") + 1
                pre = sentence[start:m.start()].strip()
                years = [int(y) for y in _YEAR.findall(sentence[:m.start()][-40:])]
                if year and any(y != year for y in years[-1:]):
                    continue
                phrase = _strip_fillers(norm_name(pre))
                targets, mode = _match(phrase, terms, tg)
                if not targets:
                    continue
                quoted = Decimal(m.group(1).replace(",", "").replace("，", "") + (m.group(2) or ""))
                made = _quote_eqs(quoted, len(m.group(2) or ".") - 1, m.group(0), phrase, targets)
                if not made:
                    continue
                if mode == "all" or len(made) == 1:
                    eqs.extend(made)
                else:
                    any_of.append(AnyOf(tuple(made)))
                sh = _SHARE.match(sentence[m.end():])
                if sh:
                    shares += _share(sh, targets, tg, m.group(0), phrase)
    return ProseChecks(tuple(eqs), tuple(any_of), tuple(shares))


def _strip_fillers(p: str) -> str:
    changed = True
    while changed:
        changed = False
        for f in _FILLERS:
            if p.endswith(f) and len(p) > len(f):
                p, changed = p[: -len(f)], True
    return p


def _match(phrase: str, terms: list[Term], tg: _Targets) -> tuple[list[Target], str]:
    for term, mode, targets in terms:
        if phrase.endswith(norm_name(term)) and targets:
            if term == "收、支总计" and phrase.endswith("财政拨款收、支总计"):
                continue
            return targets, mode
    p = re.sub(r"^(其中|主要用于以下方面)", "", phrase)
    if p.endswith("支出"):
        b = base_name(p)
        code = tg.names.get(b)
        if code is not None:
            return tg.classes(code), "any"
    return [], "any"


def _quote_eqs(quoted: Decimal, decimals: int, text: str, phrase: str,
               targets: list[Target]) -> list[Equation]:
    out = []
    for v, rec, key in targets:
        if v.table.unit and v.table.unit != "万元":
            continue
        tol = Decimal(0) if decimals >= v.decimals else Decimal(5).scaleb(-(decimals + 1))
        out.append(Equation(f"正文「{phrase}{text}」 = {v.tag} {v.label(rec)} [{_short(key)}]",
                            (v.ref(rec, key),), (), quoted, source="prose", tol=tol))
    return out


def _share(sh: re.Match[str], targets: list[Target], tg: _Targets, text: str, phrase: str) -> list[Share]:
    den_name = sh.group(1)
    if "收入" in den_name:
        dens = tg.side_rows(("final.income_expenditure_summary",), "收入",
                            lambda n: n == "本年收入合计")
    elif "支出" in den_name:
        dens = tg.side_rows(("final.income_expenditure_summary",), "支出",
                            lambda n: n == "本年支出合计")
    else:
        return []
    pct = Decimal(sh.group(2))
    places = len(sh.group(2).split(".")[1]) if "." in sh.group(2) else 0
    out = []
    for v, rec, key in targets[:1]:
        for dv, drec, dkey in dens[:1]:
            out.append(Share(f"正文「{phrase}{text}，占{den_name}{sh.group(2)}%」 = "
                             f"{v.tag} {v.label(rec)} / {dv.tag} {dv.label(drec)}",
                             v.ref(rec, key), dv.ref(drec, dkey), pct,
                             Decimal(5).scaleb(-(places + 1))))
    return out
