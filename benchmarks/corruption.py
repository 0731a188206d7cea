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

Besides the main (uniform-confidence) OCR run: a digital run (conf 1.0, nothing may be edited),
a run with informative confidences, and a run with errors outside the edit model (any digit for
any digit).  Scoring and the report are in ``benchmarks.corruption_metrics``.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from fiscaldoc.geometry import BBox
from fiscaldoc.model import Block, Cell, Document, Line, Page, Table
from fiscaldoc.tables.records import build_records
from fiscaldoc.postprocess.verify import verify_document
from fiscaldoc.tables.header import column_keys
from fiscaldoc.text import normalize_text

from .corpus.render import cover_sentences
from .corruption_metrics import Tally, coverage, report, score

ROOT = Path(__file__).resolve().parent.parent
TRUTH = ROOT / "tests" / "data" / "truth"
OUT = ROOT / "benchmarks" / "results" / "corruption.md"
_AMOUNT = re.compile(r"^-?\d{1,3}(,\d{3})*(\.\d+)?$|^-?\d+\.\d+$")
_CODE = re.compile(r"^\d{2,7}$")
_BOX = BBox(0.0, 0.0, 1.0, 1.0)
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
    lines = tuple(Line(normalize_text(s), _BOX, conf, source) for s in cover_sentences(truth)) \
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
    from fiscaldoc.tables.numbers import parse_value

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
