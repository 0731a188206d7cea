"""Which grid cell holds which Value, and why a cell was corrected or flagged."""
from __future__ import annotations

from decimal import Decimal

from ..model import Table, Value


def values_by_cell(table: Table) -> dict[tuple[int, int], Value]:
    """(grid row, grid col) -> Value, from the records and the data columns."""
    index = {c.key: c.index for c in table.columns}
    out: dict[tuple[int, int], Value] = {}
    for rec in table.records:
        for key, value in rec.values.items():
            col = index.get(key)
            if col is not None:
                out[(rec.row, col)] = value
    return out


def shown_text(table: Table, pos: tuple[int, int], value: Value | None, printed: str) -> str:
    """The text to show for a cell: the printed text, or the corrected text for a correction."""
    if value is None or value.status != "corrected":
        return printed
    for c in table.corrections:
        if tuple(c.cell) == pos:
            return c.after
    if value.number is None:
        return printed
    return f"{value.number:,}" if "," in value.raw else str(value.number)


def cell_note(table: Table, pos: tuple[int, int], value: Value) -> str:
    """The explanation of a corrected or flagged cell: its reason, corrections, failed checks."""
    parts: list[str] = []
    if value.reason:
        parts.append(value.reason)
    for c in table.corrections:
        if tuple(c.cell) == pos:
            line = f"{c.before} → {c.after}"
            if c.reason and c.reason != value.reason:
                line += f": {c.reason}"
            parts.append(line)
    for chk in table.checks:
        if chk.status == "fail" and pos in {tuple(x) for x in chk.cells}:
            parts.append(f"check failed: {chk.rule} (expected {_num(chk.expected)}, "
                         f"found {_num(chk.actual)})")
    return "\n".join(parts) if parts else value.status


def _num(d: Decimal | None) -> str:
    return "—" if d is None else f"{d:,}"
