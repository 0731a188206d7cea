"""Scans nobody tuned for: random render styles under random scan effects (issue 13).

Per seed, one truth document (``tests/data/truth``, chosen by the seed) is rendered in the
style drawn from the seed (``benchmarks.corpus.styles.render_styled``); its first ``--pages``
table pages are rasterised and, for every effect group (``benchmarks.corpus.scan_effects``:
each effect alone, and mixed), put through the scan recipe drawn from (seed, group), written
as an image-only PDF (``benchmarks.corpus.degrade.scanned_pdf``) and read by fiscaldoc and,
on the same pixels with the same OCR engine, by img2table (``benchmarks.scanned``).

Per (seed set, group): tables with the exact structure, cells exact, amounts exact as read and
after fiscaldoc's corrections, values marked verified or corrected and how many of those are
wrong (rows aligned to the truth by the shift that best matches, so one extra row does not
count every value wrong; a value is wrong when no truth cell of its row within two columns
holds it), TEDS, seconds per page.

Two seed sets, never mixed: ``--tune`` seeds are the ones a developer may look at while
changing the code; ``--holdout`` seeds are only run to report.

    python -m benchmarks.scans_random --tune 1-3 --holdout 101-103 --groups mixed,seal \
        --pages 2 --peers img2table --out benchmarks/results/scans_random.md
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import cv2
import numpy as np

from fiscaldoc.text import normalize_text

from .corpus.degrade import scanned_pdf
from .corpus.scan_effects import GROUPS, ScanRecipe, apply, random_recipe
from .corpus.render import LOOKS, render_pdf
from .corpus.styles import render_styled
from .scanned import TRUTH, Cand, match, parse_amount, rasterize, run_fiscaldoc, run_img2table, \
    score_table, truth_amount
from .styles import seeds

MARKED = ("verified", "corrected")
LABELS = ("部门：", "编制部门：", "编制单位：", "单位名称：", "单位：")
_BLANK = {"", "-", "—", "–", "0"}


def _expected(text: str) -> Decimal | None:
    """What a value read from this truth cell should be: its number, 0 for a blank or dash,
    None for a cell that holds no number."""
    t = normalize_text(text)
    return Decimal(0) if t in _BLANK else parse_amount(t)


def _got(text: str) -> Decimal | None:
    t = normalize_text(text)
    return Decimal(0) if t in _BLANK else parse_amount(t)


def trust(truth: dict, got: Cand | None) -> dict:
    """Amounts right after correction (at their position), and values marked verified or
    corrected that are wrong (rows aligned by the best shift within ±3, or ± the
    difference in row count + 1)."""
    s = {"nums_after_ok": 0, "marked": 0, "marked_wrong": 0}
    if got is None:
        return s
    tcells = {(c["row"], c["col"]): c["text"] for c in truth["cells"]}
    at = {(c["row"], c["col"]): c for c in got.cells}
    for (r, c), text in tcells.items():
        v = truth_amount(text)
        g = at.get((r, c))
        if v is not None and g is not None and parse_amount(g.get("after", g["text"])) == v:
            s["nums_after_ok"] += 1
    marked = [c for c in got.cells if c.get("status") in MARKED]
    if not marked:
        return s

    def right(c: dict, shift: int, cols: range = range(0, 1)) -> bool:
        for dc in cols:
            want = tcells.get((c["row"] - shift, c["col"] - dc))
            if want is not None and _expected(want) is not None \
                    and _got(c["after"]) == _expected(want):
                return True
        return False

    # (a header read as more or fewer rows moves the body by as many)
    reach = max(3, abs(got.n_rows - truth["n_rows"]) + 1)
    shift = max(range(-reach, reach + 1), key=lambda d: (sum(right(c, d) for c in marked), -abs(d)))
    s["marked"] = len(marked)
    # a column inserted or lost moves the values right of it: a value is wrong only when no
    # truth cell of its row within two columns holds it
    s["marked_wrong"] = sum(not right(c, shift, range(-2, 3)) for c in marked)
    return s


Points = list[tuple[float, float]]


def amount_targets(pdf: Path, pages: list[int], dpi: int) -> list[tuple[Points, Points]]:
    """Pixel centres (at ``dpi``) of the printed amounts on each page, and of the 部门/单位
    lines above its grids: where seals land."""
    import pymupdf

    out = []
    with pymupdf.open(pdf) as doc:
        for p in pages:
            words = doc[p].get_text("words")
            centre = [((w[0] + w[2]) / 2 * dpi / 72, (w[1] + w[3]) / 2 * dpi / 72, w[4])
                      for w in words]
            out.append(([(x, y) for x, y, t in centre if "." in t and truth_amount(t) is not None],
                        [(x, y) for x, y, t in centre if t.startswith(LABELS)]))
    return out


def render_seed(seed: int, tmp: Path, max_pages: int, look: str = "styled") -> dict:
    """Render the seed's document (``look`` 'styled': the seed's random style; else a
    ``benchmarks.corpus.render`` look with the seed's sizes); its first ``max_pages`` table
    pages and their tables (at least the first table, whatever its length)."""
    paths = sorted(TRUTH.glob("*.json"))
    doc = json.loads(paths[seed % len(paths)].read_text(encoding="utf-8"))
    pdf = tmp / f"styled_{seed}.pdf"
    if look == "styled":
        manifest, printed = render_styled(doc, pdf, seed, archive=True)
    else:
        manifest, printed = render_pdf(doc, pdf, look, seed=seed), doc
        manifest["style"] = f"{look} look"
    truths, tpages, pages = [], [], []
    for truth, entry in zip(printed["tables"], manifest["tables"]):
        if truths and len(set(pages) | set(entry["pages"])) > max_pages:
            break
        truths.append(truth)
        tpages.append(entry["pages"])
        pages = sorted(set(pages) | set(entry["pages"]))
    index = {p: i for i, p in enumerate(pages)}
    return {"seed": seed, "pdf": pdf, "style": manifest["style"], "pages": pages,
            "truths": truths, "truth_pages": [[index[p] for p in tp] for tp in tpages],
            "stem": paths[seed % len(paths)].stem, "borderless": not manifest["style"].startswith("grid")}


def scan(case: dict, recipe: ScanRecipe) -> list[np.ndarray]:
    targets = amount_targets(case["pdf"], case["pages"], recipe.dpi)
    images = rasterize(case["pdf"], case["pages"], recipe.dpi)
    return [apply(img, recipe, page=k, targets=t, top_targets=top)
            for k, (img, (t, top)) in enumerate(zip(images, targets))]


def diagnose(truth: dict, got: Cand | None) -> dict:
    """What went wrong with one table, for ``--dump`` (tuning seeds only): shapes, the first
    rows as read and as printed, amounts read wrong, marked values that are wrong."""
    def rows(cells: list[dict], n: int) -> list[list[str]]:
        out: dict[int, dict[int, str]] = {}
        for c in cells:
            out.setdefault(c["row"], {})[c["col"]] = c["text"]
        return [[out.get(r, {}).get(k, "") for k in range(max(out.get(r, {0: ""}), default=0) + 1)]
                for r in range(n)]
    d: dict = {"title": truth["title"], "truth_shape": [truth["n_rows"], truth["n_cols"]],
               "truth_top": rows(truth["cells"], min(4, truth["n_rows"]))}
    if got is None:
        return {**d, "found": False}
    at = {(c["row"], c["col"]): c for c in got.cells}
    wrong = []
    for c in truth["cells"]:
        v = truth_amount(c["text"])
        g = at.get((c["row"], c["col"]))
        if v is not None and (g is None or parse_amount(g["text"]) != v):
            wrong.append([c["row"], c["col"], c["text"], g["text"] if g else None])
    marked_bad = [[c["row"], c["col"], c["after"], c["status"]] for c in got.cells
                  if c.get("status") in MARKED and _got(c["after"]) != _expected(
                      next((t["text"] for t in truth["cells"]
                            if (t["row"], t["col"]) == (c["row"], c["col"])), ""))]
    return {**d, "found": True, "got_shape": [got.n_rows, got.n_cols],
            "exact": score_table(truth, got)["exact"], "got_top": rows(got.cells, min(4, got.n_rows)),
            "amounts_wrong": wrong[:40], "n_amounts_wrong": len(wrong),
            "marked_unaligned_mismatch": marked_bad[:20]}


def run(seed_list: list[int], groups: list[str], max_pages: int, peers: list[str], engine: str,
        tmp: Path, warm: set, look: str = "styled", dump: Path | None = None) -> dict:
    """Scores per (group, tool) summed over the seeds."""
    from fiscaldoc.ocr import get_engine

    tallies: dict[tuple[str, str], dict] = {}
    for seed in seed_list:
        case = render_seed(seed, tmp, max_pages, look)
        for group in groups:
            recipe = random_recipe(seed, group)
            images = scan(case, recipe)
            pdf = scanned_pdf(images, tmp / f"scan_{seed}_{group}.pdf", recipe.dpi)
            if recipe.dpi not in warm:
                run_fiscaldoc(scanned_pdf(images[:1], tmp / "warm.pdf", recipe.dpi), engine, recipe.dpi)
                warm.add(recipe.dpi)
            cpu = time.process_time()
            results = {"fiscaldoc": run_fiscaldoc(pdf, engine, recipe.dpi)}
            cpu = time.process_time() - cpu
            if "img2table" in peers:
                results["img2table"] = run_img2table(images, get_engine(engine), case["borderless"])
            for tool, (cands, dt, notes) in results.items():
                got = match(case["truths"], case["truth_pages"], cands)
                t = tallies.setdefault((group, tool), {"pages": 0, "seconds": 0.0, "notes": set()})
                t["pages"] += len(images)
                t["seconds"] += dt
                t["cpu"] = t.get("cpu", 0.0) + (cpu if tool == "fiscaldoc" else 0.0)
                t["notes"].update(n[:120] for n in notes if ":" in n)
                for truth, g in zip(case["truths"], got):
                    for k, v in {**score_table(truth, g), **trust(truth, g)}.items():
                        t[k] = t.get(k, 0) + v
            if dump is not None:
                dump.mkdir(parents=True, exist_ok=True)
                got = match(case["truths"], case["truth_pages"], results["fiscaldoc"][0])
                for k, img in enumerate(images):
                    cv2.imwrite(str(dump / f"{seed}_{group}_p{k}.png"), img,
                                [cv2.IMWRITE_PNG_COMPRESSION, 3])
                (dump / f"{seed}_{group}.json").write_text(json.dumps({
                    "seed": seed, "group": group, "style": case["style"],
                    "recipe": recipe.describe(), "seconds": results["fiscaldoc"][1],
                    "pages": len(images), "notes": results["fiscaldoc"][2],
                    "tables": [diagnose(t, g) for t, g in zip(case["truths"], got)]},
                    ensure_ascii=False, indent=1), encoding="utf-8")
            f = tallies[(group, "fiscaldoc")]
            print(f"seed {seed} {group} [{case['style']}] [{recipe.describe()}]: fiscaldoc "
                  f"{f.get('exact', 0)}/{f.get('tables', 0)} tables, wrong-marked "
                  f"{f.get('marked_wrong', 0)}", file=sys.stderr, flush=True)
            pdf.unlink()
        case["pdf"].unlink()
    return tallies


def _pct(a: float, b: float) -> str:
    return f"{100 * a / b:.1f}" if b else "–"


def table(name: str, tallies: dict, groups: list[str], tools: list[str]) -> list[str]:
    lines = [f"### {name}", "",
             "| group | tool | tables | structure exact % | cells exact % | amounts exact % "
             "| after correction % | marked | marked wrong | TEDS | s/page | CPU s/page |",
             "|" + "---|" * 12]
    for tool in tools:                 # every group together
        parts = [t for (g, tl), t in tallies.items() if tl == tool]
        if parts:
            tallies[("all", tool)] = {k: sum(p.get(k, 0) for p in parts)
                                      for k in set().union(*parts) if k != "notes"}
            tallies[("all", tool)]["notes"] = set()
    for group in list(groups) + ["all"]:
        for tool in tools:
            t = tallies.get((group, tool))
            if t is None:
                continue
            n = t.get("tables", 0)
            fd = tool == "fiscaldoc"
            cpu = f"{t.get('cpu', 0) / max(t['pages'], 1):.2f}" if fd else "–"
            lines.append(
                f"| {group} | {tool} | {n} | {_pct(t.get('exact', 0), n)} | "
                f"{_pct(t.get('cells_ok', 0), t.get('cells', 0))} | "
                f"{_pct(t.get('nums_ok', 0), t.get('nums', 0))} | "
                f"{_pct(t.get('nums_after_ok', 0), t.get('nums', 0)) if fd else '–'} | "
                f"{t.get('marked', 0) if fd else '–'} | {t.get('marked_wrong', 0) if fd else '–'} | "
                f"{t.get('teds', 0) / max(n, 1):.3f} | {t['seconds'] / max(t['pages'], 1):.2f} | "
                f"{cpu} |")
    notes = sorted({(tool, n) for (g, tool), t in tallies.items() for n in t["notes"]})
    if notes:
        lines += ["", "Errors reported: " + "; ".join(f"{tool}: {n}" for tool, n in notes)]
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tune", default="1-3")
    ap.add_argument("--holdout", default="101-103")
    ap.add_argument("--groups", default=",".join(GROUPS))
    ap.add_argument("--pages", type=int, default=2, help="table pages per seed")
    ap.add_argument("--render", default="styled",
                    help="'styled' (random render style per seed) or a corpus.render look")
    ap.add_argument("--engine", default="rapid")
    ap.add_argument("--peers", default="img2table")
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--dump", type=Path, default=None,
                    help="write each tuning (seed, group)'s pages and a diagnosis here "
                         "(never the held-out seeds')")
    args = ap.parse_args(argv)
    groups = [g for g in args.groups.split(",") if g]
    peers = [p for p in args.peers.split(",") if p]
    if set(groups) - set(GROUPS) or (args.render != "styled" and args.render not in LOOKS):
        ap.error(f"groups: {GROUPS}; render: styled or one of {LOOKS}")
    if "img2table" in peers and importlib.util.find_spec("img2table") is None:
        ap.error("img2table is not installed (see benchmarks.scanned)")
    from fiscaldoc.ocr import get_engine

    blank = np.full((64, 256, 3), 255, np.uint8)
    cv2.putText(blank, "123.45", (10, 45), cv2.FONT_HERSHEY_SIMPLEX, 1.2, (0, 0, 0), 2)
    get_engine(args.engine).recognize_page(blank)          # models loaded before timing
    started = time.perf_counter()
    text = [f"Random scans (`python -m benchmarks.scans_random {' '.join(sys.argv[1:] if argv is None else argv)}`): "
            f"per seed one truth document rendered `{args.render}`, its first {args.pages} "
            "table pages scanned with the recipe drawn from (seed, group); engine "
            f"`{args.engine}`; img2table on the same pixels.", ""]
    warm: set = set()
    with tempfile.TemporaryDirectory(prefix="fd-scans-") as tmp:
        for name, spec in (("tuning seeds", args.tune), ("held-out seeds", args.holdout)):
            if not spec:
                continue
            tallies = run(seeds(spec), groups, args.pages, peers, args.engine, Path(tmp), warm,
                          args.render, args.dump if name == "tuning seeds" else None)
            text += table(f"{name} ({spec})", tallies, groups, ["fiscaldoc"] + peers) + [""]
    text.append(f"Runtime {(time.perf_counter() - started) / 60:.1f} min.")
    out = "\n".join(text)
    print(out)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(out + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
