"""Corruption benchmark for issue 4: are wrong numbers corrected or flagged, never passed?

Truth tables (``tests/data/truth``) are turned into Documents directly — the same stages as
the pipeline after the grid (header keys, records), with the generated cover prose of
``benchmarks.corpus.render`` as a text block — then OCR-like errors are injected at known body
cells (fixed seeds) and ``verify_document`` runs.  Every cell is given OCR confidence 0.95,
the same for all, so the confidences carry no hint of where the errors are.

Errors (kinds as in the issue): confusable-digit substitution (3/8, 1/7, 0/6/8/9, 5/6, 2/7),
dropped decimal point, dropped digit, code digit error, name character error.  ``--rates``
are shares of non-empty body cells (numbers, codes, names).

Reported: share of numeric cells covered by at least one check (clean documents); correction
precision (corrections that restore the truth) and recall (damaged numbers restored); flagged
share of numeric cells; silent errors (a damaged number neither corrected nor flagged, or
"corrected" to a wrong value); code repairs.

    python -m benchmarks.corruption [--trials 25] [--rates 0.005,0.02,0.05] [--out PATH]
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from fiscaldoc.geometry import BBox
from fiscaldoc.model import Block, Cell, Document, Page, Table, Word
from fiscaldoc.postprocess.records import build_records
from fiscaldoc.postprocess.verify import verify_document
from fiscaldoc.tables.header import column_keys
from fiscaldoc.text import normalize_text

from .corpus.render import cover_sentences

ROOT = Path(__file__).resolve().parent.parent
TRUTH = ROOT / "tests" / "data" / "truth"
OUT = ROOT / "benchmarks" / "results" / "corruption.md"
_AMOUNT = re.compile(r"^-?\d{1,3}(,\d{3})*(\.\d+)?$|^-?\d+\.\d+$")
_CODE = re.compile(r"^\d{2,7}$")
_BOX = BBox(0.0, 0.0, 1.0, 1.0)
_ROUNDING = Decimal("0.05")
CONFUSABLE = {"3": "8", "8": "3690", "1": "7", "7": "12", "0": "689", "6": "0895",
              "9": "068", "5": "6", "2": "7"}
NAME_CHARS = "?口日目田一二人入八十土士工干"


def truth_docs() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(TRUTH.glob("*.json"))]


def build_table(k: int, t: dict, year: int, texts: dict[tuple[int, int], str] | None = None,
                conf: float = 1.0, confs: dict[tuple[int, int], float] | None = None) -> Table:
    """One truth table as the pipeline would produce it (``texts`` overrides cell texts,
    ``confs`` the OCR confidence of single cells)."""
    texts, confs = texts or {}, confs or {}
    cells = tuple(Cell(c["row"], c["col"], c["row_span"], c["col_span"], _BOX,
                       normalize_text(texts.get((c["row"], c["col"]), c["text"])),
                       confs.get((c["row"], c["col"]), conf))
                  for c in t["cells"])
    h = t["header_rows"]
    columns = column_keys(cells, t["n_cols"], h)
    records = build_records(cells, t["n_rows"], t["n_cols"], h, columns, t["unit"], t["kind"])
    return Table(id=f"t{k + 1:02d}", pages=(k + 1,), bbox=_BOX, title=normalize_text(t["title"]),
                 kind=t["kind"], n_rows=t["n_rows"], n_cols=t["n_cols"], header_rows=h,
                 cells=cells, number=t["number"], unit=t["unit"], department=t["department"],
                 year=year, columns=columns, records=records,
                 notes=tuple(re.sub(r"\s+", "", e) for e in t["equations"]))


def build_document(truth: dict, texts: dict[int, dict] | None = None, conf: float = 1.0,
                   prose: bool = True, confs: dict[int, dict] | None = None) -> Document:
    texts, confs = texts or {}, confs or {}
    tables = tuple(build_table(k, t, truth["year"], texts.get(k), conf, confs.get(k))
                   for k, t in enumerate(truth["tables"]))
    source = "ocr" if conf < 1.0 else "pdf"
    lines = tuple(Word(normalize_text(s), _BOX, conf, source) for s in cover_sentences(truth)) \
        if prose else ()
    pages = (Page(0, 595.0, 842.0, 0, source, (Block("text", _BOX, lines),)),) + tuple(
        Page(k + 1, 595.0, 842.0, 0, source) for k in range(len(tables)))
    meta = {"department": truth["department"], "year": truth["year"], "report": truth["report"],
            "unit": "万元"}
    return Document(truth["source"], "", "ok", meta, pages, tables)


# ----------------------------------------------------------------------------- corruption

@dataclass(frozen=True)
class Damage:
    table: int
    row: int
    col: int
    kind: str                # digit | point | drop | code | name
    before: str
    after: str


def _swap_pairs() -> dict[str, str]:
    from fiscaldoc.postprocess.correct import PAIRS

    out: dict[str, str] = {}
    for a, b in PAIRS:
        out[a] = out.get(a, "") + b
        out[b] = out.get(b, "") + a
    return out


SWAP = _swap_pairs()


def _number(text: str) -> Decimal | None:
    from fiscaldoc.postprocess.numbers import parse_value

    v = parse_value(text)
    return v.number if v.kind == "amount" else None


def _corrupt_amount(text: str, kind: str, rng: random.Random) -> str | None:
    pos = [i for i, ch in enumerate(text) if ch.isdigit()]
    if kind == "digit":
        pos = [i for i in pos if text[i] in SWAP]
        if not pos:
            return None
        i = rng.choice(pos)
        return text[:i] + rng.choice(SWAP[text[i]]) + text[i + 1:]
    if kind == "any":
        i = rng.choice(pos)
        return text[:i] + rng.choice([d for d in "0123456789" if d != text[i]]) + text[i + 1:]
    if kind == "point":
        return text.replace(".", "", 1) if "." in text else None
    if kind == "drop":
        i = rng.choice(pos)
        return text[:i] + text[i + 1:]
    return None


def _corrupt_code(text: str, rng: random.Random) -> str:
    i = rng.randrange(len(text))
    return text[:i] + rng.choice([d for d in "0123456789" if d != text[i]]) + text[i + 1:]


def _corrupt_name(text: str, rng: random.Random) -> str:
    i = rng.randrange(len(text))
    op = rng.choice(("sub", "q", "del"))
    if op == "del" and len(text) > 2:
        return text[:i] + text[i + 1:]
    ch = "?" if op == "q" else rng.choice([c for c in NAME_CHARS if c != text[i]])
    return text[:i] + ch + text[i + 1:]


def body_cells(truth: dict) -> list[tuple[int, dict, str]]:
    """(table, cell, role) for every non-empty body cell: amount | code | name."""
    out = []
    for k, t in enumerate(truth["tables"]):
        for c in t["cells"]:
            text = normalize_text(c["text"])
            if c["row"] < t["header_rows"] or not text:
                continue
            if _AMOUNT.match(text):
                out.append((k, c, "amount"))
            elif _CODE.match(text) and len(text) in (3, 5, 7):
                out.append((k, c, "code"))
            elif re.search(r"[\u4e00-\u9fff]", text) and len(text) >= 2:
                out.append((k, c, "name"))
    return out


def corrupt(truth: dict, rate: float, rng: random.Random, model: str = "ocr") -> list[Damage]:
    """Damage ``rate`` of the non-empty body cells.  ``model="any"``: numbers get an arbitrary
    digit replaced by an arbitrary other digit (mostly outside the edit model)."""
    cells = body_cells(truth)
    want = max(1, round(rate * len(cells)))
    damages: list[Damage] = []
    for k, c, role in rng.sample(cells, len(cells)):
        if len(damages) >= want:
            break
        text = normalize_text(c["text"])
        if role == "amount":
            kind = "any" if model == "any" else rng.choices(("digit", "point", "drop"), (2, 1, 1))[0]
            after = _corrupt_amount(text, kind, rng)
            if after is None or _number(after) == _number(text):
                continue
        elif role == "code":
            kind, after = "code", _corrupt_code(text, rng)
        else:
            kind, after = "name", _corrupt_name(text, rng)
        damages.append(Damage(k, c["row"], c["col"], kind, text, after))
    return damages


def apply(truth: dict, damages: list[Damage], conf: float,
          hint: random.Random | None = None) -> Document:
    """The damaged document.  With ``hint``, OCR confidences carry information as a real engine's
    do: clean cells U(0.90, 0.99), damaged cells U(0.60, 0.95) (the ranges overlap)."""
    texts: dict[int, dict] = {}
    for d in damages:
        texts.setdefault(d.table, {})[(d.row, d.col)] = d.after
    confs: dict[int, dict] = {}
    if hint is not None:
        bad = {(d.table, d.row, d.col) for d in damages}
        for k, t in enumerate(truth["tables"]):
            confs[k] = {(c["row"], c["col"]): hint.uniform(0.60, 0.95) if (k, c["row"], c["col"])
                        in bad else hint.uniform(0.90, 0.99) for c in t["cells"]}
    return build_document(truth, texts, conf, confs=confs)


# ----------------------------------------------------------------------------- metrics

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


def score(clean: Document, out: Document, damages: list[Damage], tally: Tally) -> None:
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


def _score_subjects(clean: Document, out: Document, damages: list[Damage], tally: Tally) -> None:
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


def run(rates: list[float], trials: int, conf: float, model: str = "ocr",
        hint: bool = False) -> dict[float, Tally]:
    docs = truth_docs()
    results: dict[float, Tally] = {}
    for rate in rates:
        tally = Tally()
        for di, truth in enumerate(docs):
            clean = verify_document(build_document(truth, conf=conf))
            for trial in range(trials):
                rng = random.Random(f"{di}-{rate}-{trial}")
                damages = corrupt(truth, rate, rng, model)
                t0 = time.perf_counter()
                out = verify_document(apply(truth, damages, conf,
                                            random.Random(f"conf-{di}-{rate}-{trial}") if hint
                                            else None))
                tally.seconds += time.perf_counter() - t0
                score(clean, out, damages, tally)
        results[rate] = tally
    return results


def clean_coverage(conf: float) -> Tally:
    tally = Tally()
    for truth in truth_docs():
        out = verify_document(build_document(truth, conf=conf))
        score(out, out, [], tally)
        coverage(out, tally)
    return tally


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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--trials", type=int, default=25)
    ap.add_argument("--rates", default="0.005,0.02,0.05")
    ap.add_argument("--out", default=str(OUT))
    args = ap.parse_args(argv)
    rates = [float(r) for r in args.rates.split(",")]
    cov = clean_coverage(0.95)
    ocr = run(rates, args.trials, 0.95)
    digital = run(rates, max(1, args.trials // 5), 1.0)
    other = run([r for r in rates if r == 0.02] or rates[:1], args.trials, 0.95, "any")
    hinted = run(rates, args.trials, 0.95, hint=True)
    text = report(cov, ocr, digital, other, hinted, args.trials)
    Path(args.out).write_text(text, encoding="utf-8")
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
