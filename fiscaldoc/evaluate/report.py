"""An Evaluation as text for people and as a dict for ``--json``; two runs compared."""
from __future__ import annotations

from typing import Any

from .run import Evaluation, Totals
from .score import TableScore

# (label, key in Totals.to_dict(), denominator key or "" for a plain number)
COLUMNS = (
    ("tables", "tables", ""),
    ("matched", "tables_matched", "tables"),
    ("structure", "structure_exact", "tables"),
    ("cells", "cells_exact", "cells"),
    ("amounts read", "amounts_exact_before", "amounts"),
    ("amounts final", "amounts_exact_after", "amounts"),
    ("TEDS", "teds", ""),
    ("TEDS-S", "teds_struct", ""),
    ("verified wrong", "verified_but_wrong", ""),
    ("flagged right", "flagged_but_right", ""),
    ("reviewed", "reviewed", ""),
)


def _cell(d: dict[str, Any], key: str, den: str) -> str:
    if not den:
        v = d[key]
        return f"{v:.3f}" if isinstance(v, float) else str(v)
    return f"{100 * d[key] / d[den]:.1f}%" if d[den] else "–"


def _table(rows: list[tuple[str, Totals]], first: str) -> list[str]:
    head = [first] + [c[0] for c in COLUMNS]
    body = [[name] + [_cell(t.to_dict(), k, d) for _, k, d in COLUMNS] for name, t in rows]
    widths = [max(len(r[i]) for r in [head] + body) for i in range(len(head))]

    def fmt(r: list[str]) -> str:
        return "  ".join(x.ljust(w) if i == 0 else x.rjust(w)
                         for i, (x, w) in enumerate(zip(r, widths)))
    return [fmt(head)] + [fmt(r) for r in body]


def text_report(ev: Evaluation, worst: int = 10) -> str:
    """Per document, per table kind, overall, the worst tables and the status breakdown."""
    overall = ev.overall()
    lines = ["Per document"] + _table(list(ev.by_document().items()), "document")
    lines += ["", "Per table kind"] + _table(list(ev.by_kind().items()), "kind")
    lines += ["", "Overall"] + _table([("all", overall)], "")
    d = overall.to_dict()
    lines += ["", f"Values on gold amounts, by predicted status (right = equals the gold "
                  f"number after correction): " + ", ".join(
                      f"{k} {v['right']}/{v['values']}" for k, v in d["statuses"].items()) or "-"]
    if d["reviewed"]:
        lines.append(f"Reviewed gold values: {d['reviewed']}, of which the prediction has "
                     f"{d['reviewed_right']} right")
    if ev.missing_docs:
        lines.append("Gold documents without a prediction: " + ", ".join(ev.missing_docs))
    if ev.extra_tables:
        lines.append("Predicted tables with no gold table: " + ", ".join(
            f"{k} {v}" for k, v in ev.extra_tables.items()))
    lines += ["", f"Worst {min(worst, len(ev.scores))} tables"]
    for s in ev.worst(worst):
        lines.append(f"  {s.doc} {s.table_id} ({s.kind}) TEDS {s.teds:.3f}, cells "
                     f"{s.cells_ok}/{s.cells}, amounts {s.amounts_ok_after}/{s.amounts}"
                     + ("" if s.matched else ", not found"))
    return "\n".join(lines)


def table_dict(s: TableScore) -> dict[str, Any]:
    return {"document": s.doc, "table": s.table_id, "predicted_table": s.pred_id or None,
            "kind": s.kind, "title": s.title, "pages": list(s.pages),
            "structure_exact": bool(s.structure_exact), "cells": s.cells,
            "cells_exact": s.cells_ok, "amounts": s.amounts,
            "amounts_exact_before": s.amounts_ok_before,
            "amounts_exact_after": s.amounts_ok_after,
            "teds": round(s.teds, 4), "teds_struct": round(s.teds_struct, 4),
            "reviewed": [{"cell": list(v.cell), "gold": str(v.gold),
                          "predicted": None if v.after is None else str(v.after),
                          "status": v.status} for v in s.values if v.reviewed],
            "wrong_values": [{"cell": list(v.cell), "gold": str(v.gold),
                              "read": None if v.before is None else str(v.before),
                              "predicted": None if v.after is None else str(v.after),
                              "status": v.status} for v in s.values if v.after != v.gold]}


def json_report(ev: Evaluation, worst: int = 10) -> dict[str, Any]:
    return {"overall": ev.overall().to_dict(),
            "documents": {k: t.to_dict() for k, t in ev.by_document().items()},
            "kinds": {k: t.to_dict() for k, t in ev.by_kind().items()},
            "tables": [table_dict(s) for s in ev.scores],
            "worst": [{"document": s.doc, "table": s.table_id, "teds": round(s.teds, 4)}
                      for s in ev.worst(worst)],
            "missing_documents": ev.missing_docs, "extra_tables": ev.extra_tables}


# --------------------------------------------------------------------------- two runs

_COMPARED = ("structure_exact", "cells_exact", "amounts_exact_before", "amounts_exact_after",
             "teds", "teds_struct", "verified_but_wrong", "flagged_but_right")
_LOWER_IS_BETTER = frozenset({"verified_but_wrong", "flagged_but_right"})


def compare(a: Evaluation, b: Evaluation) -> dict[str, Any]:
    """Run B against run A on the same gold: overall deltas and the tables that changed."""
    da, db = a.overall().to_dict(), b.overall().to_dict()
    overall = {k: {"a": da[k], "b": db[k], "change": round(db[k] - da[k], 4),
                   "better": (db[k] < da[k]) if k in _LOWER_IS_BETTER else (db[k] > da[k])}
               for k in _COMPARED}
    sa = {(s.doc, s.table_id): s for s in a.scores}
    tables = []
    for s in b.scores:
        old = sa.get((s.doc, s.table_id))
        if old is None:
            continue
        change = {"cells_exact": s.cells_ok - old.cells_ok,
                  "amounts_exact_after": s.amounts_ok_after - old.amounts_ok_after,
                  "teds": round(s.teds - old.teds, 4)}
        if any(change.values()):
            better = (change["amounts_exact_after"], change["cells_exact"], change["teds"]) > (0, 0, 0)
            tables.append({"document": s.doc, "table": s.table_id, **change,
                           "verdict": "better" if better else "worse"})
    return {"overall": overall, "tables": tables}


def text_compare(c: dict[str, Any]) -> str:
    lines = ["Run B against run A", f"{'metric':<22}{'A':>10}{'B':>10}{'change':>10}"]
    for k, v in c["overall"].items():
        mark = "" if not v["change"] else (" better" if v["better"] else " worse")
        lines.append(f"{k:<22}{v['a']:>10}{v['b']:>10}{v['change']:>+10}{mark}")
    if c["tables"]:
        lines += ["", "Tables that changed"]
        lines += [f"  {t['document']} {t['table']}: {t['verdict']} (cells {t['cells_exact']:+d}, "
                  f"amounts {t['amounts_exact_after']:+d}, TEDS {t['teds']:+.4f})"
                  for t in c["tables"]]
    else:
        lines.append("No table changed.")
    return "\n".join(lines)
