"""The side-by-side table of a bench run (markdown and JSON) and its plot."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from .run import BenchResult

HEAD = ("tool", "tables matched", "structure exact %", "cells exact %", "amounts read exact %",
        "amounts final exact %", "TEDS", "TEDS-S", "verified wrong", "s/page")


def rows(result: BenchResult) -> list[dict[str, Any]]:
    out = []
    for tool, ev in result.scores.items():
        d, run = ev.overall().to_dict(), result.runs[tool]

        def pct(k: str, n: str) -> float | None:
            return round(100 * d[k] / d[n], 1) if d[n] else None
        out.append({"tool": tool, "tables": d["tables"], "tables_matched": d["tables_matched"],
                    "structure_exact": pct("structure_exact", "tables"),
                    "cells_exact": pct("cells_exact", "cells"),
                    "amounts_exact_before": pct("amounts_exact_before", "amounts"),
                    "amounts_exact_after": pct("amounts_exact_after", "amounts"),
                    "teds": d["teds"], "teds_struct": d["teds_struct"],
                    "verified_but_wrong": d["verified_but_wrong"],
                    "seconds_per_page": round(run.seconds / max(run.pages, 1), 3),
                    "errors": run.errors})
    return out


def markdown(result: BenchResult) -> str:
    lines = ["| " + " | ".join(HEAD) + " |", "|" + "---|" * len(HEAD)]

    def show(v: object) -> str:
        return "–" if v is None else str(v)
    for r in rows(result):
        lines.append("| " + " | ".join([
            r["tool"], f"{r['tables_matched']}/{r['tables']}", show(r["structure_exact"]),
            show(r["cells_exact"]), show(r["amounts_exact_before"]),
            show(r["amounts_exact_after"]), f"{r['teds']:.3f}", f"{r['teds_struct']:.3f}",
            str(r["verified_but_wrong"]) if r["tool"] == "fiscaldoc" else "–",
            f"{r['seconds_per_page']:.2f}"]) + " |")
    lines += ["", "Per document, cells exact % / amounts exact % (final):", "",
              "| document | " + " | ".join(result.scores) + " |",
              "|" + "---|" * (len(result.scores) + 1)]
    per = {tool: ev.by_document() for tool, ev in result.scores.items()}
    for name in next(iter(per.values()), {}):
        cells = []
        for tool in result.scores:
            d = per[tool][name].to_dict()
            cells.append(f"{_pct(d['cells_exact'], d['cells'])} / "
                         f"{_pct(d['amounts_exact_after'], d['amounts'])}")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    errors = [f"- {r['tool']}: {e}" for r in rows(result) for e in r["errors"]]
    return "\n".join(lines + (["", "Errors:"] + errors if errors else []))


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:.1f}" if b else "–"


def plot(result: BenchResult, path: Path) -> Path:
    """Grouped bars: structure, cells, amounts (final) exact % and TEDS x 100 per tool."""
    from matplotlib.figure import Figure

    data = rows(result)
    series = (("structure", "structure_exact"), ("cells", "cells_exact"),
              ("amounts", "amounts_exact_after"), ("TEDS x100", "teds"))
    fig = Figure(figsize=(1.6 * len(data) + 2, 3.2))
    ax = fig.subplots()
    w = 0.8 / len(series)
    for k, (label, key) in enumerate(series):
        vals = [(r[key] or 0) * (100 if key == "teds" else 1) for r in data]
        ax.bar([i + k * w for i in range(len(data))], vals, w, label=label)
    ax.set_xticks([i + 1.5 * w for i in range(len(data))], [r["tool"] for r in data])
    ax.set_ylim(0, 100)
    ax.set_ylabel("%")
    ax.legend(fontsize=8, ncol=4, loc="lower center", bbox_to_anchor=(0.5, 1.0))
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=90, bbox_inches="tight")
    return path
