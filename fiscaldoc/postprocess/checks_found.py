"""Sum structure found in the figures, for rows printed without codes or outline marks.

City and province 决算 tables often print 类 / 款 / 项 by name only (``一般公共服务支出``,
``其中：人大事务``, ``行政运行`` …), indented but unnumbered, so nothing in the text says which
row sums which.  The figures say it: a row followed by a run of rows whose sum equals it in
every value column is their parent.  Found bottom-up (the innermost runs first; a found run is
then stood for by its parent, so a 类 is found as the sum of its 款 once their 项 are folded in).

A run is accepted only on strong evidence, so that chance agreement is not taken for structure:
every value column holds within the rounding tolerance, and at least one column holds exactly with
two or more non-zero terms, or, for a single child, two or more non-zero columns are equal; or
(figures rounded one by one, no column exact) the chance of every column landing within its
rounding window is below ``MAX_CHANCE``.
These equations hold by construction on the printed figures: they verify, they never flag.
"""
from __future__ import annotations

from decimal import Decimal

from ..model import Record
from .checks import tolerance
from .rules import Equation, TableView, _short

MAX_RUN = 80          # rows a parent may sum
MAX_PASSES = 5        # levels of nesting (项 < 款 < 类 < total …)
# a run whose sums are each only within rounding of the parent (万元 figures rounded one by one)
# is accepted when landing that close in every column by chance is this unlikely: per column,
# (window width) × (children) / |parent| — a partial sum steps by about |parent| / children
MAX_CHANCE = Decimal("1e-5")


# a record and its figures in the amount columns (None: nothing printed)
_Row = tuple[Record, tuple[Decimal | None, ...]]


def found_equations(view: TableView, keys: tuple[str, ...], recs: list[Record]) -> list[Equation]:
    cols = [k for k in keys if _amount_column(recs, k)]
    if not cols or len(recs) < 2:
        return []
    rows: list[_Row] = []
    for r in recs:
        nums = _numbers(r, cols)
        if nums is not None:
            rows.append((r, nums))
    live = list(range(len(rows)))
    parents: set[int] = set()
    kids: set[int] = set()
    folded: list[tuple[int, int]] = []
    out: list[Equation] = []
    for _ in range(2 * MAX_PASSES):
        # innermost first: runs of several rows; a lone child (a 款 with one 项) only when
        # no run is left, so that the child is first found as the parent of its own rows
        live, made = _pass(view, cols, rows, live, parents, kids, single=False)
        if not made:
            live, made = _pass(view, cols, rows, live, parents, kids, single=True)
        if not made:
            # a lone child equal to its parent in one column only is too weak to be taken
            # for structure on its own: folded tentatively, and kept only if the parent is
            # then part of a run that adds up (so the equality sits inside found structure)
            live, pairs = _fold_equal(rows, live, parents)
            if not pairs:
                break
            folded += pairs
            continue
        out += made
    for parent, child in folded:
        if parent in kids:
            out += _equations(view, cols, rows[parent][0], [rows[child][0]])
    return out


def _fold_equal(rows: list[_Row], live: list[int], parents: set[int]
                ) -> tuple[list[int], list[tuple[int, int]]]:
    """Rows equal to the next row in every printed column (non-zero), the next one folded
    into them."""
    kept: list[int] = []
    pairs: list[tuple[int, int]] = []
    j = 0
    while j < len(live):
        kept.append(live[j])
        if j + 1 < len(live) and live[j] not in parents:
            a, b = rows[live[j]][1], rows[live[j + 1]][1]
            if a == b and any(a):
                pairs.append((live[j], live[j + 1]))
                parents.add(live[j])
                j += 2
                continue
        j += 1
    return kept, pairs


def _pass(view: TableView, cols: list[str], rows: list[_Row], live: list[int], parents: set[int],
          kids: set[int], single: bool) -> tuple[list[int], list[Equation]]:
    kept: list[int] = []
    made: list[Equation] = []
    j = 0
    while j < len(live):
        end = None if live[j] in parents else _run(rows, live, j, view.decimals, single)
        kept.append(live[j])
        if end is None:
            j += 1
            continue
        parents.add(live[j])
        kids.update(live[j + 1:end + 1])
        made += _equations(view, cols, rows[live[j]][0], [rows[i][0] for i in live[j + 1:end + 1]])
        j = end + 1
    return kept, made


def _amount_column(recs: list[Record], key: str) -> bool:
    """Amounts outnumber every other kind of print in the column (not a %, score or text one)."""
    kinds = [r.values[key].kind for r in recs if key in r.values]
    amounts = kinds.count("amount")
    return amounts > 0 and amounts > len(kinds) - amounts - kinds.count("blank") - kinds.count(
        "dash")


def _numbers(r: Record, cols: list[str]) -> tuple[Decimal | None, ...] | None:
    """The row's figures (None: nothing printed), or None when a value cell holds words."""
    out: list[Decimal | None] = []
    for k in cols:
        v = r.values.get(k)
        if v is None or v.kind in ("blank", "dash"):
            out.append(None)
        elif v.kind == "amount" and v.number is not None:
            out.append(v.number)
        else:
            return None          # words in a value column: not a row of figures
    return tuple(out)


def _run(rows: list[_Row], live: list[int], j: int, decimals: int, single: bool) -> int | None:
    """The end (index into ``live``) of the shortest run after ``live[j]`` summing to it."""
    parent = rows[live[j]][1]
    if not any(parent):
        return None
    n = len(parent)
    acc = [Decimal(0)] * n
    terms = [0] * n
    printed = [False] * n
    for k in range(j + 1, min(len(live), j + 1 + MAX_RUN)):
        vals = rows[live[k]][1]
        for c in range(n):
            v = vals[c]
            if v is not None:
                acc[c] += v
                terms[c] += v != 0
                printed[c] = True
        if (single or k > j + 1) and _holds(parent, acc, terms, printed, k - j, decimals):
            return k
        if not single and k == j + 1 and _holds(parent, acc, terms, printed, 1, decimals):
            return None           # equal to the next row: decided in a lone-child pass
    return None


def _holds(parent: tuple[Decimal | None, ...], acc: list[Decimal], terms: list[int],
           printed: list[bool], kids: int, decimals: int) -> bool:
    """Every column the children print in holds (a column they leave blank, such as a score
    printed on the parent only, is not part of the sum); with strong evidence."""
    exact = 0
    used = 0
    chance = Decimal(1)
    unit = Decimal(1).scaleb(-decimals)
    for p, s, m, shown in zip(parent, acc, terms, printed):
        if not shown:
            continue
        used += 1
        p = p or Decimal(0)
        tol = tolerance(m + (p != 0), decimals)
        if abs(p - s) > tol:
            return False
        if p != 0 and p == s and m >= (1 if kids == 1 else 2):
            exact += 1
        if p != 0 and (m >= 2 or kids == 1):
            chance *= min(Decimal(1), (2 * tol + unit) * kids / abs(p))
        elif kids == 1:
            chance = Decimal(1)     # a lone child printed where its parent is blank: no evidence
    if used > 0 and chance <= MAX_CHANCE and (kids > 1 or exact == used):
        return True           # all columns within their rounding (a lone child: equal), the
        # chance of landing that close too small: a sum of rounded figures, or one line carried
        # up unchanged (预备费 240,000 under 四、预备费 240,000)
    return exact >= (2 if kids == 1 else 1) and used > 0


def _equations(view: TableView, cols: list[str], parent: Record,
               kids: list[Record]) -> list[Equation]:
    names = "+".join((k.subject.name or f"r{k.row}")[:6] for k in kids[:4])
    names += "+…" if len(kids) > 4 else ""
    return [Equation(f"{view.tag} 数据所示汇总: {view.label(parent)} = {names} [{_short(k)}]",
                     (view.ref(parent, k),), tuple((1, view.ref(c, k)) for c in kids
                                                   if k in c.values), source="found")
            for k in cols if k in parent.values and parent.values[k].kind == "amount"
            and any(c.values.get(k) is not None and c.values[k].kind == "amount" for c in kids)]
