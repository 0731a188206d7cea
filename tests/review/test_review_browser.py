"""review.html in a real Chromium (Playwright): boxes, details, keys, and the gold file."""
from __future__ import annotations

import contextlib
import io
import json

import pytest

from fiscaldoc.cli import main
from fiscaldoc.evaluate import evaluate
from fiscaldoc.export.json import validate
from fiscaldoc.model import Document

pytestmark = pytest.mark.browser


def _doc(folder) -> Document:
    return Document.from_dict(json.loads((folder / "document.json").read_text(encoding="utf-8")))


def _ids(doc: Document, statuses: set[str]) -> list[str]:
    """Cell ids of the values with one of ``statuses``, in table and row order."""
    out = []
    for t in doc.tables:
        col = {c.key: c.index for c in t.columns}
        for r in t.records:
            for key, v in r.values.items():
                if v.status in statuses:
                    out.append(f"{t.id}:{r.row}:{col[key]}")
    return out


def test_no_console_error_and_one_box_per_flagged_value(page, converted):
    page.locator("#pages").evaluate("el => el.scrollTo(0, el.scrollHeight)")   # lazy images
    page.wait_for_timeout(300)
    flagged = _ids(_doc(converted), {"flagged"})
    assert len(flagged) > 0
    assert page.locator('[data-status="flagged"]').count() == len(flagged)
    assert sorted(page.locator('[data-status="flagged"]').evaluate_all(
        "bs => bs.map(b => b.dataset.cell)")) == sorted(flagged)
    assert page.locator("img[loading=lazy]").count() == len(_doc(converted).pages)
    assert page.errors == []


def test_click_flagged_box_shows_reason_and_highlights_failing_check(page, converted):
    doc = _doc(converted)
    for t in doc.tables:                    # a flagged value whose failed check has other cells
        col = {c.key: c.index for c in t.columns}
        hit = [(r.row, col[k], v) for r in t.records for k, v in r.values.items()
               if v.status == "flagged" and any(
                   ch.status == "fail" and (r.row, col[k]) in ch.cells and len(ch.cells) > 1
                   for ch in t.checks)]
        if hit:
            break
    row, c, value = hit[0]
    check = next(ch for ch in t.checks if ch.status == "fail" and (row, c) in ch.cells)
    page.locator(f'[data-cell="{t.id}:{row}:{c}"]').click()
    assert page.locator("#detail .reason").inner_text() == value.reason
    assert page.locator("#detail .status").inner_text() == "flagged"
    lit = set(page.locator(".box.hl-fail").evaluate_all("bs => bs.map(b => b.dataset.cell)"))
    others = {f"{t.id}:{r}:{k}" for r, k in check.cells if (r, k) != (row, c)}
    assert others and others <= lit
    assert page.errors == []


def test_n_and_p_move_through_flagged_and_corrected_values(page, converted):
    listed = page.locator("#list li").evaluate_all("ls => ls.map(l => l.dataset.target)")
    assert sorted(listed) == sorted(_ids(_doc(converted), {"flagged", "corrected"}))
    selected = lambda: page.locator(".box.selected").get_attribute("data-cell")
    page.keyboard.press("n")
    assert selected() == listed[0]
    page.keyboard.press("n")
    assert selected() == listed[1]
    assert page.locator("#list li.current").get_attribute("data-target") == listed[1]
    page.keyboard.press("p")
    assert selected() == listed[0]
    assert page.errors == []


def test_reviewed_values_saved_as_gold_come_back_in_eval(page, converted, tmp_path):
    first, second = _ids(_doc(converted), {"flagged"})[:2]
    page.locator(f'[data-cell="{first}"]').click()
    page.locator("#accept").click()
    page.locator(f'[data-cell="{second}"]').click()
    page.locator("#right").fill("1,234.56")
    page.locator("#set").click()
    assert page.locator(".box.reviewed").count() == 2
    with page.expect_download() as dl:
        page.locator("#save").click()
    gold = tmp_path / "gold.json"
    dl.value.save_as(gold)
    data = json.loads(gold.read_text(encoding="utf-8"))
    validate(data)
    d = evaluate(gold, converted / "document.json").overall().to_dict()
    assert (d["reviewed"], d["reviewed_right"]) == (2, 1)
    assert d["amounts_exact_after"] == d["amounts"] - 1
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["eval", str(gold), str(converted / "document.json"), "--json"]) == 0
    [table] = [t for t in json.loads(out.getvalue())["tables"] if t["table"] == second.split(":")[0]
               and t["reviewed"] and any(v["cell"] == [int(x) for x in second.split(":")[1:]]
                                         for v in t["reviewed"])]
    wrong = [v for v in table["wrong_values"] if v["cell"] == [int(x) for x in second.split(":")[1:]]]
    assert wrong and wrong[0]["gold"] == "1234.56"
    assert page.errors == []
