"""Names of subjects and template rows: normalising, ordinals, the 表1 类 list, fuzzy matching.

``CLASS_LIST`` is the 表1/表4 支出 list 一…二十六 as printed in the seed reports, with the 类 code a
seed prints for the same name (modulo 支出/事务); ``LABELS`` are the template's row labels (not
科目).  A damaged name (one wrong, missing, extra or ``?`` character) matches when unambiguous.
"""
from __future__ import annotations

import re

from ..model import Record, Table

# 表1/表4 支出 lines of the 决算 templates in printed order (ordinal, name as printed), with the
# 类 code where one of the seed reports (shared/seeds, 2020–2023) prints a 类 row whose name
# equals it modulo the suffix 支出/事务.  None: no seed prints a code for that name, so it is
# left unknown rather than guessed.  Sources: 000/001/003 表2/表3 (201, 206, 208, 210, 221,
# 229); 002 财政拨款收支预算总表 2021 (the other codes; 218 is printed only there).
CLASS_LIST: tuple[tuple[int, str, str | None], ...] = (
    (1, "一般公共服务支出", "201"), (2, "外交支出", "202"), (3, "国防支出", "203"),
    (4, "公共安全支出", "204"), (5, "教育支出", "205"), (6, "科学技术支出", "206"),
    (7, "文化旅游体育与传媒支出", "207"), (8, "社会保障和就业支出", "208"),
    (9, "卫生健康支出", "210"), (10, "节能环保支出", "211"), (11, "城乡社区支出", "212"),
    (12, "农林水支出", "213"), (13, "交通运输支出", "214"),
    (14, "资源勘探工业信息等支出", "215"), (15, "商业服务业等支出", "216"),
    (16, "金融支出", None), (17, "援助其他地区支出", "218"),
    (18, "自然资源海洋气象等支出", "220"), (19, "住房保障支出", "221"),
    (20, "粮油物资储备支出", None), (21, "国有资本经营预算支出", "223"),
    (22, "灾害防治及应急管理支出", "224"), (23, "其他支出", "229"),
    (24, "债务还本支出", "231"), (25, "债务付息支出", "232"),
    (26, "抗疫特别国债安排的支出", None),
)
# Further 类 rows printed with code and name in seed 002 (not on the 表1 list).
PRINTED_CLASSES: dict[str, str] = {
    "209": "社会保险基金支出", "217": "金融监管等事务支出", "222": "粮油物资管理事务",
    "227": "预备费", "230": "转移性支出", "233": "债务发行费用支出",
}

_ORDINAL = re.compile(r"^(?:其中[:：]?)?(?:[一二三四五六七八九十百]+[、.．?？]|[（(][一二三四五六七八九十]+[)）]"
                      r"|\d{1,2}[.、．](?!\d)|[（(]\d{1,2}[)）])")
_TOTAL_NAMES = ("合计", "总计", "小计")
# Row labels of the report templates (not 科目): a printed label one character away from one
# of these (OCR: wrong, missing or ``?`` character) is recognised as it; the label becomes the
# row's ``canonical_name``, the printed text stays in ``name``.
LABELS: tuple[str, ...] = (
    "合计", "总计", "小计", "本年收入合计", "本年支出合计", "收入总计", "支出总计",
    "人员经费合计", "公用经费合计", "使用非财政拨款结余", "使用非财政拨款结余和专用结余",
    "年初结转和结余", "年末结转和结余", "结余分配", "年初财政拨款结转和结余",
    "年末财政拨款结转和结余", "一般公共预算财政拨款收入", "政府性基金预算财政拨款收入",
    "国有资本经营预算财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入",
    "其他收入", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款",
    "基本支出", "项目支出", "本年经济分类支出合计", "本年功能科目支出合计", "支出功能科目总计",
    "结转下年",
)


def norm_name(name: str) -> str:
    """Whitespace removed, brackets unified to full width."""
    return "".join(name.split()).replace("(", "（").replace(")", "）")


def strip_ordinal(name: str) -> str:
    s = norm_name(name)
    while True:
        m = _ORDINAL.match(s.replace("（", "(").replace("）", ")"))
        if not m or not m.group(0):
            return s
        s = s[len(m.group(0)):]


def outline_level(name: str) -> int | None:
    """1 for ``一、``, 2 for ``（一）``, 3 for ``1.``/``1、``, 4 for ``（1）``; None unmarked."""
    s = norm_name(name).replace("（", "(").replace("）", ")")
    s = re.sub(r"^其中[:：]?", "", s)
    if re.match(r"^[一二三四五六七八九十百]+[、.．?？,，]", s):
        return 1
    if re.match(r"^\([一二三四五六七八九十]+\)", s):
        return 2
    if re.match(r"^\d{1,2}[.、．](?!\d)", s):
        return 3
    if re.match(r"^\(\d{1,2}\)", s):
        return 4
    return None


def is_total_name(name: str) -> bool:
    return norm_name(name) in _TOTAL_NAMES


def template_label(name: str) -> str | None:
    """The template row label a printed (possibly damaged) name stands for, if any."""
    s = strip_ordinal(name)
    if s in LABELS:
        return s
    near = [lab for lab in LABELS if one_char_apart(s, lab)]
    return near[0] if len(near) == 1 else None


def label_of(record: Record) -> str:
    """The name to match on: the recognised template label, else the printed name."""
    return record.subject.canonical_name or norm_name(record.subject.name)


def base_name(name: str) -> str:
    """Name for matching across templates: no ordinal, no (类), no trailing 支出/事务."""
    s = strip_ordinal(name).replace("（类）", "").replace("(类)", "")
    for suffix in ("支出", "事务"):
        if s.endswith(suffix) and len(s) > len(suffix):
            s = s[: -len(suffix)]
    return s


def one_char_apart(a: str, b: str) -> bool:
    """Equal but for one substituted (or ``?``), missing or extra character."""
    if a == b:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    if abs(len(a) - len(b)) != 1:
        return False
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def class_names(tables: tuple[Table, ...]) -> dict[str, str]:
    """base name -> 类 code, from the document's own rows that print both, then the lists."""
    found: dict[str, set[str]] = {}
    for t in tables:
        for r in t.records:
            code = r.subject.code
            if code and len(code) == 3 and code[0] == "2" and r.subject.name:
                found.setdefault(base_name(r.subject.name), set()).add(code)
    out = {k: next(iter(v)) for k, v in found.items() if len(v) == 1}
    for _, name, code in CLASS_LIST:
        if code is not None:
            out.setdefault(base_name(name), code)
    for code, name in PRINTED_CLASSES.items():
        out.setdefault(base_name(name), code)
    return out


_LEAD = re.compile(r"^(?:[^、.．]{1,4}[、.．]|[\dA-Za-z?？]+|[一二三四五六七八九十百]+)")


def class_code(name: str, names: dict[str, str]) -> str | None:
    """The 类 code for a printed 类 name.  A damaged name is matched when one reading of it
    (ordinal prefix dropped, however damaged; 支出/事务 suffix dropped or kept) is equal or one
    character away from exactly one known 类 name."""
    forms = {strip_ordinal(name)}
    forms.add(_LEAD.sub("", forms.copy().pop()))
    for f in list(forms):
        forms.add(base_name(f))
    forms.discard("")
    for f in forms:
        if f in names:
            return names[f]
    full = {**{k + "支出": v for k, v in names.items()}, **names}
    near = {code for f in forms for k, code in full.items() if len(f) >= 2 and one_char_apart(k, f)}
    return next(iter(near)) if len(near) == 1 else None
