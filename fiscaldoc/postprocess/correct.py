"""Correction: the smallest set of OCR-plausible single-cell edits that makes every check hold.

The edit model (confusable digits, a dropped or extra digit, a lost or moved decimal point,
misread separators or letters, a lost minus sign) is in ``correct_edits``.

Search, per cluster of failing equations (failing equations that share cells): a depth-first
search over edits (at most ``MAX_EDITS``), branching on the failing equation with the fewest
candidate edits, a candidate being a value of one of its cells that makes one of that cell's
failing equations hold by itself; an equation nothing can fix may be left failing (``give up``,
at most ``MAX_GIVE_UP``: a real inconsistency next to the damage).  A set of edits counts only if
every equation of an edited cell then holds — exactly, if it held before.  Candidates are
ranked by (equations still failing, edits, residual left); the best is applied only if no other
ranks equal (ties are broken only by clearly lower OCR confidence).

Guards against fitting a residual by chance: a cell that only one check constrains gets only
edits visible in its text (a missing point, letters), or — if OCR trusts it clearly least in
that check — a confusable digit; and never an inserted or removed digit.  Cells read from a text
layer (``editable`` False) are never changed.  After the search, OCR-read numbers printed in a
form their table does not use (``usual_formats``: integers are usual where a fair share of the
amounts print none, as Excel does) and OCR-read checks that hold only thanks to a wide rounding allowance
(off by ``LOOSE`` units or more) are reported as suspects, to be flagged.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from decimal import Decimal

from .checks import Evaluation, evaluate
from .correct_edits import (
    PAIRS, Reading, alternatives, format_like, read_lenient, well_formed,
)
from .rules import Equation, Ref

_Edits = dict[Ref, tuple[Decimal, str]]                 # cell -> (new value, the edit)
_Score = tuple[int, int, Decimal]                       # (still failing, edits, residual left)
_Found = dict[frozenset[tuple[Ref, Decimal]], tuple[_Score, _Edits]]

MAX_CLUSTER_CELLS = 200
MAX_EDITS = 4          # per cluster of failing checks
# edits with many variants per cell (a digit inserted or removed anywhere): too easy to fit a
# residual by chance, so never applied to a cell that only one check constrains
_WIDE_EDITS = ("dropped digit", "extra digit")
_VISIBLE_EDITS = ("lost decimal point", "misplaced decimal point", "misread characters")
LOOSE = 2              # units: an OCR-read check off by this much (within tolerance) is suspect
FIX_RESIDUAL = 1       # units of the last decimal a fixed equation may keep (rounding)
MAX_GIVE_UP = 2        # failing equations a fix may leave failing (real inconsistencies, …)
MAX_NODES = 4000       # search nodes per cluster; a cluster that needs more is flagged
CONF_MARGIN = 0.15     # "clearly lower" OCR confidence
USUAL_SHARE = 0.05     # a number of decimals used by this share of a table's amounts is usual


@dataclass(frozen=True, slots=True)
class CellState:
    raw: str
    number: Decimal | None        # value used in checks (None: blank)
    readable: bool                # False: text that no lenient reading turns into a number
    editable: bool
    conf: float
    decimals: int                 # the table's printed number of decimals


@dataclass(frozen=True, slots=True)
class Fix:
    ref: Ref
    before: str
    value: Decimal
    after: str
    edit: str                     # what the edit model says happened


# ----------------------------------------------------------------------------- search

class _System:
    def __init__(self, equations: list[Equation], states: dict[Ref, CellState]):
        self.eqs = equations
        self.states = states
        self.coefs = [e.coefs() for e in equations]
        # a blank cell has no state: it is printed like the rest of its table
        tdec = {r.table: s.decimals for r, s in states.items()}
        self.evs = [evaluate(e, lambda r: states[r].number if r in states else None,
                             lambda r: states[r].decimals if r in states else tdec.get(r.table, 2))
                    for e in equations]
        self.of: dict[Ref, list[int]] = {}
        for k, c in enumerate(self.coefs):
            if self.evs[k] is None:
                continue
            for r in c:
                self.of.setdefault(r, []).append(k)

    def ev(self, k: int) -> Evaluation:
        """Equation ``k``'s evaluation; only equations with one are searched (see ``of``)."""
        ev = self.evs[k]
        if ev is None:
            raise ValueError(f"equation {k} has no evaluation: all its cells are blank")
        return ev

    def number(self, ref: Ref) -> Decimal:
        """The number of an editable cell (see ``editable``)."""
        n = self.states[ref].number
        if n is None:
            raise ValueError(f"cell {ref} holds no number")
        return n

    def residual(self, k: int, change: dict[Ref, Decimal]) -> Decimal:
        return self.ev(k).residual + sum((self.coefs[k].get(r, 0) * d
                                           for r, d in change.items()), Decimal(0))

    def passes(self, k: int, change: dict[Ref, Decimal]) -> bool:
        return abs(self.residual(k, change)) <= self.ev(k).tol

    def interval(self, ref: Ref, change: dict[Ref, Decimal]) -> tuple[Decimal, Decimal]:
        """Range of the change of ``ref`` that keeps all its equations within tolerance."""
        lo, hi = Decimal("-Infinity"), Decimal("Infinity")
        for k in self.of.get(ref, ()):
            ev = self.ev(k)
            res = ev.residual + sum((self.coefs[k].get(r, 0) * d for r, d in change.items()
                                     if r != ref), Decimal(0))
            a = self.coefs[k][ref]
            b1, b2 = (-ev.tol - res) / a, (ev.tol - res) / a
            lo, hi = max(lo, min(b1, b2)), min(hi, max(b1, b2))
        return lo, hi

    def editable(self, ref: Ref) -> bool:
        st = self.states.get(ref)
        return st is not None and st.editable and st.number is not None


def _candidates(sysm: _System, ref: Ref, change: dict[Ref, Decimal]) -> list[tuple[Decimal, str]]:
    st = sysm.states[ref]
    lo, hi = sysm.interval(ref, change)
    if lo > hi:
        return []
    alts = alternatives(st.raw, st.decimals)
    cur = sysm.number(ref)
    return [(v, e) for v, e in alts.items() if lo <= v - cur <= hi]


@dataclass(frozen=True, slots=True)
class Outcome:
    fixes: tuple[Fix, ...]
    suspects: dict[Ref, str]      # cells to flag although no check fails, with the reason


def find_fixes(equations: list[Equation], states: dict[Ref, CellState]) -> Outcome:
    """Two passes: clusters of failing checks; then numbers not printed like the rest of
    their table (``42.3`` among ``x.xx``, ``1,34.98``): fixed if one edit is confirmed by all
    their checks, else reported as suspects (to be flagged)."""
    sysm = _System(equations, states)
    failing = [k for k, ev in enumerate(sysm.evs) if ev is not None and not ev.ok]
    fixes: dict[Ref, Fix] = {}
    for cluster in _clusters(sysm, failing):
        sol = _solve(sysm, cluster)
        for ref, (value, edit) in (sol or {}).items():
            fixes[ref] = _fix(states[ref], ref, value, edit)
    states = {**states, **{r: replace(states[r], number=f.value) for r, f in fixes.items()}}
    sysm = _System(equations, states)
    suspects: dict[Ref, str] = {}
    # cells in a check that holds exactly: their last digits are confirmed, so a loose
    # check's residual cannot hide a misread of theirs
    confirmed = {r for k, ev in enumerate(sysm.evs) if ev is not None and ev.ok
                 and ev.residual == 0 for r in sysm.coefs[k]}
    for k, ev in enumerate(sysm.evs):
        # OCR text only: a check that holds only thanks to a wide rounding allowance; its
        # cells that no exact check confirms are suspect (a long sum of rounded figures is
        # off by a unit or two by itself: when every cell is confirmed, that is all it is)
        if ev is None or not ev.ok or sysm.eqs[k].tol is not None:
            continue
        cells = [r for r in sysm.coefs[k] if r in states]
        unit = Decimal(1).scaleb(-min((states[r].decimals for r in cells), default=2))
        if abs(ev.residual) >= LOOSE * unit and cells and all(states[r].editable for r in cells):
            for r in (c for c in cells if c not in confirmed):
                if r not in fixes and states[r].number is not None:
                    suspects.setdefault(r, f"an OCR-read check holds only within its rounding "
                                           f"allowance (off by {abs(ev.residual)}): "
                                           f"{sysm.eqs[k].rule}")
    usual = _usual_formats(states)
    for ref, st in states.items():
        # a text layer prints what it prints; an OCR reading is suspect only when its form is
        # one the table does not use (1,34.98; 42.3 where every amount has two decimals)
        if ref in fixes or st.number is None or not st.editable or _usual(st, ref, usual):
            continue
        ks = sysm.of.get(ref, [])
        rd = read_lenient(st.raw)
        if rd is not None and rd.clean and st.number == 0 and ks and all(
                sysm.ev(k).ok for k in ks):
            continue          # a zero printed short ("0"): every check holds
        cands = _candidates(sysm, ref, {}) if st.editable and ks else []
        exact = [(v, e) for v, e in cands if all(sysm.passes(k, {ref: v - st.number})
                                                 for k in ks)]
        if len(exact) == 1:
            fixes[ref] = _fix(st, ref, *exact[0])
        else:
            suspects[ref] = (f"not printed like the table's other amounts ({st.decimals} "
                             "decimals, thousands grouped by three) and its checks do not "
                             "confirm one reading")
    return Outcome(tuple(fixes.values()), suspects)


def _usual_formats(states: dict[Ref, CellState]) -> dict[int, set[int]]:
    """Per table, the numbers of decimals its cleanly printed amounts use: the most common,
    and any other that a fair share of them use (Excel prints 12.5 and 12 for 12.50 and 12.00)."""
    counts: dict[int, Counter[int]] = {}
    for ref, st in states.items():
        rd = read_lenient(st.raw) if st.number is not None else None
        if rd is not None and rd.clean:
            counts.setdefault(ref.table, Counter())[rd.frac or 0] += 1
    out: dict[int, set[int]] = {}
    for k, c in counts.items():
        total = sum(c.values())
        out[k] = {d for d, n in c.items() if n >= max(USUAL_SHARE * total, 2)}
    return out


def _usual(st: CellState, ref: Ref, usual: dict[int, set[int]]) -> bool:
    if well_formed(st.raw, st.decimals):
        return True
    rd = read_lenient(st.raw)
    return rd is not None and rd.clean and (rd.frac or 0) in usual.get(ref.table, ())


def _fix(st: CellState, ref: Ref, value: Decimal, edit: str) -> Fix:
    return Fix(ref, st.raw, value, format_like(st.raw, value, st.decimals), edit)


def _clusters(sysm: _System, failing: list[int]) -> list[list[int]]:
    parent = {k: k for k in failing}

    def find(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    owner: dict[Ref, int] = {}
    for k in failing:
        for r in sysm.coefs[k]:
            if r in owner:
                parent[find(k)] = find(owner[r])
            else:
                owner[r] = k
    groups: dict[int, list[int]] = {}
    for k in failing:
        groups.setdefault(find(k), []).append(k)
    return list(groups.values())


def _solve(sysm: _System, cluster: list[int]) -> dict[Ref, tuple[Decimal, str]] | None:
    """The best set of at most ``MAX_EDITS`` edits for one cluster of failing equations.

    A candidate leaves every equation of an edited cell holding.  Candidates are ranked by
    (equations still failing, number of edits, total residual left in the touched equations);
    the best one is applied only if no other candidate ranks equal and it fixes something.
    Failing equations no plausible edit can fix (a document's real inconsistency) stay failing
    and do not block the fixes around them.
    """
    cells = {r for k in cluster for r in sysm.coefs[k] if sysm.editable(r)}
    if not cells or len(cells) > MAX_CLUSTER_CELLS:
        return None
    budget = [MAX_NODES]
    found: _Found = {}
    for give_up in range(MAX_GIVE_UP + 1):   # first without leaving any equation failing
        _dfs(sysm, cluster, {}, {}, found, budget, frozenset(), give_up)
        if budget[0] <= 0:
            return None
        if any(sc[0] == 0 for sc, _ in found.values()):
            break
    ranked = sorted(found.values(), key=lambda x: x[0])
    if not ranked or ranked[0][0][0] >= len(cluster):
        return None
    best = ranked[0]
    ties = [r for r in ranked if r[0][:2] == best[0][:2]]
    if len(ties) > 1 and ties[1][0] == best[0]:
        return _unique(sysm, [e for sc, e in ties if sc == best[0]])
    if len(ties) > 1 and any(len(sysm.of.get(r, ())) < 2 for r in best[1]):
        return None     # "leaves the check exact" decides only where ≥ 2 checks confirm a cell
    return best[1]


def _dfs(sysm: _System, cluster: list[int], change: dict[Ref, Decimal],
         edits: _Edits, found: _Found, budget: list[int], given_up: frozenset[int],
         give_up: int) -> None:
    budget[0] -= 1
    if budget[0] <= 0:
        return
    touched = {k for r in change for k in sysm.of.get(r, ())}
    failing = [k for k in sorted(set(cluster) | touched) if not sysm.passes(k, change)]
    # an edited cell's equations must hold — or, for a real inconsistency the cell also takes
    # part in, have failed before, come closer, and be off by a rounding-sized amount only
    if change and not any(k in touched for k in failing) and all(
            _settled(sysm, k, change) for k in touched):
        left = sum((abs(sysm.residual(k, change)) for k in touched), Decimal(0))
        key = frozenset((r, v) for r, (v, _) in edits.items())
        found.setdefault(key, ((len(failing), len(change), left), dict(edits)))
    open_ = [k for k in failing if k not in given_up]
    if not open_ or len(change) >= MAX_EDITS:
        return
    # Some cell of a failing equation must change, unless nothing can fix it (then it stays
    # failing: "give up" is a branch too).  Branch on the open equation with the fewest
    # candidates; a candidate is a cell of it with a value that makes one of that cell's
    # failing equations hold by itself.
    by_cell: dict[Ref, list[tuple[Ref, Decimal, str]]] = {}
    for k in failing:
        for o in _options(sysm, k, change):
            if o not in by_cell.setdefault(o[0], []):
                by_cell[o[0]].append(o)
    pick, best = min(((k, [o for r in sysm.coefs[k] for o in by_cell.get(r, ())])
                      for k in open_), key=lambda kb: len(kb[1]))     # the first fewest
    for ref, value, edit in best:
        st = sysm.states[ref]
        _dfs(sysm, cluster, {**change, ref: value - sysm.number(ref)},
             {**edits, ref: (value, edit)}, found, budget, given_up, give_up)
    if len(given_up) < give_up:
        _dfs(sysm, cluster, change, edits, found, budget, given_up | {pick}, give_up)


def _settled(sysm: _System, k: int, change: dict[Ref, Decimal]) -> bool:
    """After the edits, an equation that held holds exactly; one that failed is left with at
    most a rounding residual (``FIX_RESIDUAL`` units)."""
    res = abs(sysm.residual(k, change))
    if sysm.ev(k).ok:
        return res == 0
    unit = Decimal(1).scaleb(-min((sysm.states[r].decimals for r in sysm.coefs[k]
                                   if r in sysm.states), default=2))
    return res <= FIX_RESIDUAL * unit


def _least_confident(sysm: _System, k: int, ref: Ref) -> bool:
    """``ref`` has clearly the lowest OCR confidence among the cells of equation ``k``."""
    others = [sysm.states[r].conf for r in sysm.coefs[k] if r != ref and r in sysm.states]
    return bool(others) and sysm.states[ref].conf <= min(others) - CONF_MARGIN


def _options(sysm: _System, k: int, change: dict[Ref, Decimal]) -> list[tuple[Ref, Decimal, str]]:
    """Single edits of one not yet edited cell of equation ``k`` that make it hold."""
    ev = sysm.ev(k)
    res = ev.residual + sum((sysm.coefs[k].get(r, 0) * d for r, d in change.items()), Decimal(0))
    out: list[tuple[Ref, Decimal, str]] = []
    for ref, a in sysm.coefs[k].items():
        if ref in change or not sysm.editable(ref):
            continue
        st = sysm.states[ref]
        cur = sysm.number(ref)
        b1, b2 = (-ev.tol - res) / a, (ev.tol - res) / a
        lo, hi = min(b1, b2), max(b1, b2)
        # a cell only one check constrains: nothing else confirms an edit of it, and another
        # cell's damage can often be offset by one.  Unless its text is visibly damaged (badly
        # formed: then the damage is known to be here), only edits that show in the printed
        # text (a missing point, letters) are taken — others if OCR trusts this cell least.
        lone = len(sysm.of.get(ref, ())) < 2 and well_formed(st.raw, st.decimals)
        trusted_less = lone and _least_confident(sysm, k, ref)
        for v, e in alternatives(st.raw, st.decimals).items():
            if lo <= v - cur <= hi and (not lone or e.startswith(_VISIBLE_EDITS) or (
                    trusted_less and not e.startswith(_WIDE_EDITS))):
                out.append((ref, v, e))
    return out


def _unique(sysm: _System, sols: list[_Edits]) -> _Edits | None:
    if len(sols) == 1:
        return sols[0]
    confs = [max(sysm.states[r].conf for r in s) for s in sols]
    best = min(confs)
    winners = [s for s, c in zip(sols, confs) if c == best]
    others = [c for c in confs if c != best]
    if len(winners) == 1 and others and best <= min(others) - 0.15:
        return winners[0]
    return None


__all__ = ["CellState", "Fix", "Outcome", "find_fixes",
           # re-exported from correct_edits
           "PAIRS", "Reading", "alternatives", "format_like", "read_lenient", "well_formed"]
