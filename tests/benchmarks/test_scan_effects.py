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
