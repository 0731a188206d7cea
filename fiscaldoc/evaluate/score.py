"""One gold table against one predicted table: the counts every report is built from.

Cells are compared at their grid position (row, col).  The predicted text is the text as it
was read, before any arithmetic correction (a corrected cell's ``Correction.before``); the
gold text is the gold cell's text.  Texts are compared after ``normalize_text``.

Amount cells are the gold table's values of kind ``amount`` (records and columns); a gold
table without records (a hand-made truth table) takes every cell whose text reads as a number
with a decimal point.  An amount is exact *before correction* when the predicted text as read
parses to the gold number, and *after correction* when the predicted value (``Value.number``;
the cell text where the prediction has no value there) equals it.  Every predicted value on a
gold amount counts under its status (verified, corrected, flagged, unchecked, ok, or any other
string) as right or wrong; "verified but wrong" and "flagged but right" are read from that.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from ..export.annotate import values_by_cell
from ..model import Cell, Table, Value
from ..text import normalize_text
from .teds import teds, teds_struct

_FOLD = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)},
                       "，": "", ",": "", "．": ".", "－": "-"})


def parse_amount(text: str) -> Decimal | None:
    """A cell text as a Decimal: spaces and thousands separators dropped, full width folded."""
    t = "".join(text.split()).translate(_FOLD)
    if not t:
        return None
    try:
        d = Decimal(t)
    except InvalidOperation:
        return None
    return d if d.is_finite() else None


@dataclass(frozen=True)
class ValueCheck:
    """One gold amount and what the prediction says there."""

    cell: tuple[int, int]
    gold: Decimal
    before: Decimal | None           # the predicted text as read, parsed
    after: Decimal | None            # the predicted value after correction
    status: str                      # the predicted value's status ("" where there is none)
    reviewed: bool                   # the gold value was reviewed by a person
    gold_text: str
    pred_text: str


@dataclass
class TableScore:
    """Counts for one gold table (``pred_id`` is "" when no predicted table matched)."""

    doc: str
    table_id: str
    kind: str
    title: str
    pages: tuple[int, ...]
    pred_id: str = ""
    structure_exact: int = 0
    cells: int = 0
    cells_ok: int = 0
    amounts: int = 0
    amounts_ok_before: int = 0
    amounts_ok_after: int = 0
    teds: float = 0.0
    teds_struct: float = 0.0
    values: list[ValueCheck] = field(default_factory=list)
    wrong_cells: list[tuple[int, int, str, str]] = field(default_factory=list)
    gold: Table | None = field(default=None, repr=False)   # for page crops in the HTML report
    source: str = ""                                       # the gold document's source file

    @property
    def matched(self) -> int:
        return int(bool(self.pred_id))


def gold_amounts(table: Table) -> dict[tuple[int, int], tuple[Decimal, bool]]:
    """(row, col) -> (gold number, reviewed) for every amount of a gold table."""
    if table.records:
        return {pos: (v.number, _reviewed(v)) for pos, v in values_by_cell(table).items()
                if v.kind == "amount" and v.number is not None}
    out = {}
    for c in table.cells:
        d = parse_amount(c.text) if "." in c.text else None
        if d is not None:
            out[(c.row, c.col)] = (d, False)
    return out


def _reviewed(v: Value) -> bool:
    return bool(getattr(v, "reviewed", False))


def read_texts(table: Table) -> dict[tuple[int, int], str]:
    """(row, col) -> the text as read: a corrected cell's text before its correction."""
    before = {tuple(c.cell): c.before for c in table.corrections}
    return {(c.row, c.col): before.get((c.row, c.col), c.text) for c in table.cells}


def _shape(table: Table) -> list[tuple[int, int, int, int]]:
    return sorted((c.row, c.col, c.row_span, c.col_span) for c in table.cells)


def score_table(doc: str, gold: Table, pred: Table | None, source: str = "") -> TableScore:
    """The counts of ``gold`` against ``pred`` (None: the table was not found)."""
    amounts = gold_amounts(gold)
    s = TableScore(doc, gold.id, gold.kind, gold.title, tuple(gold.pages),
                   cells=len(gold.cells), amounts=len(amounts), gold=gold, source=source)
    if pred is None:
        s.values = [ValueCheck(pos, num, None, None, "", rev, "", "")
                    for pos, (num, rev) in sorted(amounts.items())]
        return s
    s.pred_id = pred.id
    read = read_texts(pred)
    for c in gold.cells:
        got = read.get((c.row, c.col))
        if got is not None and normalize_text(got) == normalize_text(c.text):
            s.cells_ok += 1
        else:
            s.wrong_cells.append((c.row, c.col, c.text, got if got is not None else ""))
    pred_values = values_by_cell(pred)
    final = {(c.row, c.col): c.text for c in pred.cells}
    gold_text = {(c.row, c.col): c.text for c in gold.cells}
    for pos, (num, rev) in sorted(amounts.items()):
        text = read.get(pos, "")
        before = parse_amount(text) if pos in read else None
        v = pred_values.get(pos)
        after = v.number if v is not None else (parse_amount(final[pos]) if pos in final else None)
        s.amounts_ok_before += before == num
        s.amounts_ok_after += after == num
        s.values.append(ValueCheck(pos, num, before, after, v.status if v is not None else "",
                                   rev, gold_text.get(pos, ""), text))
    s.structure_exact = int(pred.n_rows == gold.n_rows and pred.n_cols == gold.n_cols
                            and _shape(pred) == _shape(gold))
    gcells, pcells = list(gold.cells), [_with_text(c, read) for c in pred.cells]
    s.teds = teds(gcells, pcells, n_rows_a=gold.n_rows, n_rows_b=pred.n_rows)
    s.teds_struct = teds_struct(gcells, pcells, n_rows_a=gold.n_rows, n_rows_b=pred.n_rows)
    return s


def _with_text(cell: Cell, read: dict[tuple[int, int], str]) -> dict[str, object]:
    return {"row": cell.row, "col": cell.col, "row_span": cell.row_span,
            "col_span": cell.col_span, "text": read[(cell.row, cell.col)]}


# --------------------------------------------------------------------------- table matching

def match_tables(gold: tuple[Table, ...], pred: tuple[Table, ...]) -> list[Table | None]:
    """For each gold table, the predicted table it is scored against (each used once).

    A pair must share a page; pairs are taken best first: same first page, then the overlap
    of their boxes on it (intersection over union), then the same id.
    """
    pairs = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            if not set(g.pages) & set(p.pages):
                continue
            same_first = bool(g.pages and p.pages and g.pages[0] == p.pages[0])
            pairs.append(((same_first, _iou(g, p) if same_first else 0.0, g.id == p.id), i, j))
    pairs.sort(key=lambda x: x[0], reverse=True)
    out: list[Table | None] = [None] * len(gold)
    used: set[int] = set()
    for _, i, j in pairs:
        if out[i] is None and j not in used:
            out[i] = pred[j]
            used.add(j)
    return out


def _iou(a: Table, b: Table) -> float:
    inter = a.bbox.intersection_area(b.bbox)
    union = a.bbox.area + b.bbox.area - inter
    return inter / union if union > 0 else 0.0
