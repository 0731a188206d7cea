"""PDFs rendered from truth tables in each look: pages, text layer, rules, rotation."""
import json
from pathlib import Path

import pymupdf
import pytest

from benchmarks.corpus.render import LOOKS, render_pdf
from benchmarks.corpus.seeds import AMOUNT

TRUTH = Path(__file__).resolve().parents[1] / "data" / "truth"


@pytest.fixture(scope="module")
def doc000():
    return json.loads((TRUTH / "000_70fb560e43fc82fb.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def rendered(doc000, tmp_path_factory):
    out = {}
    for look in LOOKS:
        path = tmp_path_factory.mktemp(look) / f"{look}.pdf"
        out[look] = (path, render_pdf(doc000, path, look))
    return out


def words_text(page):
    return " ".join(w[4] for w in page.get_text("words"))


def body_rows(table):
    return table["n_rows"] - table["header_rows"]


@pytest.mark.parametrize("look", LOOKS)
def test_every_title_is_on_its_first_page(rendered, doc000, look):
    path, manifest = rendered[look]
    pdf = pymupdf.open(path)
    assert pdf.page_count == manifest["page_count"]
    for table, entry in zip(doc000["tables"], manifest["tables"]):
        assert entry["title"] == table["title"]
        assert table["title"] in words_text(pdf[entry["pages"][0]])


@pytest.mark.parametrize("look", LOOKS)
def test_every_amount_is_drawn(rendered, doc000, look):
    path, manifest = rendered[look]
    pdf = pymupdf.open(path)
    table, entry = doc000["tables"][0], manifest["tables"][0]
    words = [w[4] for p in entry["pages"] for w in pdf[p].get_text("words")]
    amounts = [c["text"] for c in table["cells"] if AMOUNT.match(c["text"])]
    assert amounts and all(words.count(a) >= amounts.count(a) for a in set(amounts))


def test_cover_page_quotes_a_total(rendered):
    pdf = pymupdf.open(rendered["grid"][0])
    assert "2,790.06" in words_text(pdf[0]) and "部门决算公开" in words_text(pdf[0])


def test_grid_uses_stroked_lines_and_filled_bars(rendered):
    path, manifest = rendered["grid"]
    pdf = pymupdf.open(path)
    even = pdf[manifest["tables"][0]["pages"][0]].get_drawings()
    odd = pdf[manifest["tables"][1]["pages"][0]].get_drawings()
    assert all(d["type"] == "s" for d in even) and any(i[0] == "l" for d in even for i in d["items"])
    assert all(d["type"] == "f" and d["items"][0][0] == "re" for d in odd)


def test_grid_continuation_repeats_title_and_header(rendered, doc000):
    path, manifest = rendered["grid"]
    long = [e for e in manifest["tables"] if len(e["pages"]) > 1]
    assert long
    second = words_text(pymupdf.open(path)[long[0]["pages"][1]])
    assert long[0]["title"] in second and "栏次" in second


def test_hrules_has_no_vertical_rules(rendered):
    path, manifest = rendered["hrules"]
    pdf = pymupdf.open(path)
    items = [i for p in manifest["tables"][3]["pages"] for d in pdf[p].get_drawings()
             for i in d["items"]]
    assert items and all(i[0] == "l" and abs(i[1].y - i[2].y) < 0.01 for i in items)
    widths = {round(abs(i[2].x - i[1].x)) for i in items}
    assert len(widths) > 2          # full-width rules plus trimmed per-header-cell rules


def test_landscape_split_halves_long_tables(rendered, doc000):
    path, manifest = rendered["landscape_split"]
    pdf = pymupdf.open(path)
    assert all(p.rect.width > p.rect.height for p in pdf)
    for index, (table, entry) in enumerate(zip(doc000["tables"], manifest["tables"])):
        if body_rows(table) <= 8:
            assert len(entry["pages"]) == 1
            continue
        assert len(entry["pages"]) == 2
        second = words_text(pdf[entry["pages"][1]])
        assert (table["title"] in second) == (index % 2 == 0), table["title"]


def test_rotate90_pages_are_stored_rotated(rendered):
    pdf = pymupdf.open(rendered["rotate90"][0])
    for page in pdf:
        assert page.rotation == 90
        assert page.mediabox.width < page.mediabox.height and page.rect.width > page.rect.height


def test_rotate90_title_reads_left_to_right_on_one_displayed_line(rendered, doc000):
    path, manifest = rendered["rotate90"]
    page = pymupdf.open(path)[manifest["tables"][1]["pages"][0]]
    title_words = doc000["tables"][1]["title"].split(" ")
    boxes = [pymupdf.Rect(w[:4]) * page.rotation_matrix
             for w in page.get_text("words") if w[4] in title_words][:len(title_words)]
    assert len(boxes) == len(title_words)
    assert max(b.y1 for b in boxes) - min(b.y1 for b in boxes) < 1
    assert all(a.x1 <= b.x0 for a, b in zip(boxes, boxes[1:]))
    assert all(b.width > b.height for b in boxes if b.width > 20)


def test_same_seed_same_bytes_other_seed_differs(doc000, tmp_path):
    small = {**doc000, "tables": doc000["tables"][:2]}
    paths = [tmp_path / f"{i}.pdf" for i in range(3)]
    for path, seed in zip(paths, (5, 5, 6)):
        render_pdf(small, path, "grid", seed=seed)
    data = [p.read_bytes() for p in paths]
    assert data[0] == data[1] and data[0] != data[2]


def test_unknown_look_is_rejected(doc000, tmp_path):
    with pytest.raises(ValueError):
        render_pdf(doc000, tmp_path / "x.pdf", "sideways")
