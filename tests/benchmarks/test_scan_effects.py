"""benchmarks.corpus.scan_effects: recipes are drawn from the seed, effects do what they say."""
import numpy as np
import pytest

from benchmarks.corpus.scan_effects import GROUPS, apply, random_recipe
from fiscaldoc.layout.raster import red_mask


def _page() -> np.ndarray:
    img = np.full((400, 300, 3), 255, np.uint8)
    img[100:102, 20:280] = 0
    img[300:302, 20:280] = 0
    img[100:302, 20:22] = 0
    return img


@pytest.mark.parametrize("group", GROUPS)
def test_same_seed_same_pixels(group):
    a = apply(_page(), random_recipe(7, group), page=0, targets=[(150, 200)])
    b = apply(_page(), random_recipe(7, group), page=0, targets=[(150, 200)])
    assert np.array_equal(a, b)


def test_seeds_differ():
    assert {random_recipe(s, "mixed").describe() for s in range(8)}.__len__() == 8


def test_seal_lands_on_target():
    recipe = random_recipe(3, "seal")
    out = apply(_page(), recipe, targets=[(150, 200)])
    ys, xs = np.nonzero(red_mask(out))
    assert len(xs) and abs(np.median(xs) - 150) < 40 and abs(np.median(ys) - 200) < 40


def test_turned_page_is_turned():
    recipe = random_recipe(1, "turned")
    assert apply(_page(), recipe).shape[:2] == (300, 400)


def test_heavy_is_150_dpi_and_yellow():
    recipe = random_recipe(5, "heavy")
    out = apply(_page(), recipe)
    assert recipe.dpi == 150
    b, g, r = (float(np.median(out[:, :, k])) for k in range(3))
    assert b < r - 30            # paper turned cream


def test_unknown_group_rejected():
    with pytest.raises(ValueError):
        random_recipe(1, "nonsense")


def test_seals_land_on_the_unit_line_two_times_in_five():
    from benchmarks.corpus.scan_effects import seals
    rng = np.random.default_rng(3)
    top = 0
    for _ in range(40):
        out = seals(np.full((600, 600, 3), 255, np.uint8), 1, 0.8, rng,
                    targets=[(300, 500)], top_targets=[(300, 100)])
        ys, _ = np.nonzero(red_mask(out))
        top += bool(np.median(ys) < 300)
    assert 8 <= top <= 24


def test_archive_print_sets_the_unit_line_close_above_the_grid(tmp_path):
    """render_styled(archive=True): the 部门 and 单位 lines end less than a text height above
    the grid's top rule; without it the digital benchmark's pages stay as they were."""
    import json

    import pymupdf

    from benchmarks.corpus.styles import archive_top, random_style, render_styled
    from benchmarks.scanned import TRUTH

    doc = json.loads(sorted(TRUTH.glob("*.json"))[0].read_text(encoding="utf-8"))
    for seed in (1, 2):
        render_styled(doc, tmp_path / "a.pdf", seed, archive=True)
        render_styled(doc, tmp_path / "b.pdf", seed)
        fs = random_style(seed).base.font_size
        with pymupdf.open(tmp_path / "a.pdf") as a, pymupdf.open(tmp_path / "b.pdf") as b:
            assert a.page_count >= 1 and b.page_count >= 1
            page = a[1] if a.page_count > 1 else a[0]
            unit = [w for w in page.get_text("words") if w[4].startswith("单位：")]
            tops = sorted(d["rect"].y0 for d in page.get_drawings()
                          if d["rect"].height < 2 and d["rect"].width > 100)
            assert unit and tops
            below = [t for t in tops if t > unit[0][3]]
            assert below and below[0] - unit[0][3] < fs * (archive_top(seed).gap + 0.5)
