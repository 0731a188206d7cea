"""Scoring and the Markdown report of the corruption benchmark (``benchmarks.corruption``)."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from fiscaldoc.model import Document

_ROUNDING = Decimal("0.05")


@dataclass
class Tally:
    docs: int = 0
    numeric: int = 0
    covered: int = 0
    damaged: int = 0
    restored: int = 0
    corrections: int = 0
    corrections_right: int = 0
    flagged: int = 0
    damaged_flagged: int = 0
    silent: int = 0
    silent_rounding: int = 0     # of which: off by at most 0.05, inside the rounding tolerance
    lost: int = 0                # the damaged value no longer reaches a record (table stages)
    wrong_fix: int = 0
    kinds: dict = field(default_factory=dict)      # kind -> [damaged, restored, flagged, silent]
    codes: list = field(default_factory=lambda: [0, 0, 0, 0])   # damaged, repaired, untrusted, wrong
    names: list = field(default_factory=lambda: [0, 0])         # damaged 类 names, still resolved
    seconds: float = 0.0

    def add_kind(self, kind: str, k: int) -> None:
        self.kinds.setdefault(kind, [0, 0, 0, 0])[k] += 1


def _values(doc: Document) -> dict[tuple[int, int, int], object]:
    out = {}
    for k, t in enumerate(doc.tables):
        col = {c.key: c.index for c in t.columns}
        for r in t.records:
            for key, v in r.values.items():
                out[(k, r.row, col[key])] = v
    return out


def _codes(doc: Document) -> dict[tuple[int, int, tuple], str | None]:
    return {(k, r.row, tuple(sorted(r.values))): r.subject.code
            for k, t in enumerate(doc.tables) for r in t.records}


def score(clean: Document, out: Document, damages: list, tally: Tally) -> None:
    truth = {ref: v.number for ref, v in _values(clean).items() if v.kind == "amount"}
    got = _values(out)
    dmg = {(d.table, d.row, d.col): d for d in damages}
    tally.docs += 1
    for ref, t in truth.items():
        v = got.get(ref)
        tally.numeric += 1
        d = dmg.get(ref)
        status = v.status if v is not None else "ok"
        number = v.number if v is not None else None
        if status == "flagged":
            tally.flagged += 1
        if status == "corrected":
            tally.corrections += 1
            tally.corrections_right += int(number == t)
        if d is None:
            continue
        tally.damaged += 1
        tally.add_kind(d.kind, 0)
        if status == "corrected" and number == t:
            tally.restored += 1
            tally.add_kind(d.kind, 1)
        elif status == "flagged":
            tally.damaged_flagged += 1
            tally.add_kind(d.kind, 2)
        elif v is None:
            tally.lost += 1
        elif number != t:
            tally.add_kind(d.kind, 3)
            if status == "corrected":
                tally.wrong_fix += 1
            else:
                tally.silent += 1
                tally.silent_rounding += int(number is not None and abs(number - t) <= _ROUNDING)
    _score_subjects(clean, out, damages, tally)


def _score_subjects(clean: Document, out: Document, damages: list, tally: Tally) -> None:
    before, after = _codes(clean), _codes(out)
    rows: dict[tuple[int, int], list] = {}
    for (k, row, keys), code in before.items():
        rows.setdefault((k, row), []).append((keys, code))
    for d in damages:
        here = [(keys, code) for keys, code in rows.get((d.table, d.row), []) if code]
        if d.kind == "code":
            hit = [(keys, code) for keys, code in here if d.before in code]
            if not hit:
                continue
            keys, code = hit[0]
            tally.codes[0] += 1
            now = after.get((d.table, d.row, keys))
            if now == code:
                tally.codes[1] += 1
            elif now is None or d.after in now:
                tally.codes[2] += 1
            else:
                tally.codes[3] += 1
        elif d.kind == "name" and clean.tables[d.table].kind.endswith("summary"):
            for keys, code in here:
                if len(code) == 3 and keys[0].startswith("支出"):
                    tally.names[0] += 1
                    tally.names[1] += int(after.get((d.table, d.row, keys)) == code)


def coverage(clean_out: Document, tally: Tally) -> None:
    for v in _values(clean_out).values():
        if v.kind == "amount":
            tally.covered += int(v.status != "ok")


# ----------------------------------------------------------------------------- report

def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:.1f} %" if b else "n/a"


def _main_rows(results: dict[float, Tally]) -> list[str]:
    out = []
    for rate, t in results.items():
        out.append(
            f"| {rate:.1%} | {t.damaged} | {_pct(t.corrections_right, t.corrections)} "
            f"({t.corrections_right}/{t.corrections}) | {_pct(t.restored, t.damaged)} | "
            f"{_pct(t.damaged_flagged, t.damaged)} | {t.silent} ({t.silent_rounding}) | "
            f"{t.lost} | {t.wrong_fix} | {_pct(t.flagged, t.numeric)} | {t.codes[1]} / "
            f"{t.codes[2]} / {t.codes[3]} of {t.codes[0]} | {t.names[1]}/{t.names[0]} | "
            f"{t.seconds / max(t.docs, 1):.3f} |")
    return out


_HEAD = ["| rate | damaged numbers | precision | recall | damaged flagged | silent (≤ 0.05) "
         "| lost by records | wrong fixes | flagged share | codes repaired / left unresolved / "
         "wrong | 类 names still resolved | s per doc |",
         "|---|---|---|---|---|---|---|---|---|---|---|---|"]


def report(cov: Tally, ocr: dict[float, Tally], digital: dict[float, Tally],
           other: dict[float, Tally], hinted: dict[float, Tally], trials: int) -> str:
    lines = [
        "# Corruption benchmark (issue 4)", "",
        f"Truth documents: {cov.docs}; numeric cells: {cov.numeric}; trials per document and "
        f"rate: {trials}; errors injected at known body cells (numbers, codes, names), fixed "
        "seeds; `python -m benchmarks.corruption`.", "",
        f"Coverage (clean documents): {cov.covered}/{cov.numeric} numeric cells in at least one "
        f"check = **{_pct(cov.covered, cov.numeric)}**; flagged in the clean documents: "
        f"{cov.flagged} (the real inconsistencies of seeds 000 and 003).", "",
        "## OCR mode (every cell conf 0.95: editable, no hint where the errors are)", "",
    ] + _HEAD + _main_rows(ocr)
    lines += ["", "By kind (OCR mode): damaged / restored / flagged / silent", "",
              "| rate | " + " | ".join(("digit", "point", "drop")) + " |", "|---|---|---|---|"]
    for rate, t in ocr.items():
        cells = [" / ".join(str(x) for x in t.kinds.get(k, [0, 0, 0, 0]))
                 for k in ("digit", "point", "drop")]
        lines.append(f"| {rate:.1%} | " + " | ".join(cells) + " |")
    lines += ["", "## Digital mode (text layer, conf 1.0: never edited, so errors must be flagged)",
              "", "| rate | damaged numbers | damaged flagged | silent (≤ 0.05) | lost by records "
              "| corrections |", "|---|---|---|---|---|---|"]
    for rate, t in digital.items():
        lines.append(f"| {rate:.1%} | {t.damaged} | {_pct(t.damaged_flagged, t.damaged)} | "
                     f"{t.silent} ({t.silent_rounding}) | {t.lost} | {t.corrections} |")
    lines += ["", "## OCR mode with informative confidences (clean cells 0.90–0.99, damaged "
              "0.60–0.95)", ""] + _HEAD + _main_rows(hinted)
    lines += ["", "## Outside the edit model (OCR mode; any digit replaced by any other digit)", "",
              "| rate | damaged numbers | precision | recall | damaged flagged | silent (≤ 0.05) | "
              "wrong fixes |", "|---|---|---|---|---|---|---|"]
    for rate, t in other.items():
        lines.append(f"| {rate:.1%} | {t.damaged} | {_pct(t.corrections_right, t.corrections)} "
                     f"({t.corrections_right}/{t.corrections}) | {_pct(t.restored, t.damaged)} | "
                     f"{_pct(t.damaged_flagged, t.damaged)} | {t.silent} ({t.silent_rounding}) | "
                     f"{t.wrong_fix} |")
    lines += ["", "Definitions: precision = corrections that restore the true value / all "
              "corrections (on any cell); recall = damaged numbers restored / damaged numbers; "
              "silent = a damaged number left with a wrong value and not flagged (ok/verified), in "
              "brackets those off by at most 0.05, i.e. inside the rounding tolerance of the sums "
              "they are in; lost by records = the damaged text made the table stages drop the value "
              "from its record (not seen by the checks); "
              "wrong fixes = corrections to a wrong value; flagged share = flagged / all "
              "numeric cells. Code damage: one digit of a code cell replaced by another digit.", ""]
    return "\n".join(lines)
