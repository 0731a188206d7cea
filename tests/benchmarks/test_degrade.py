"""benchmarks.corpus.degrade: deterministic, and each step changes the image as intended."""
import cv2
import numpy as np
import pymupdf
import pytest

from benchmarks.corpus import degrade as dg


def _page(h=400, w=300):
    """A white page with a ruled 3x4 grid and some dark 'text' blocks."""
    img = np.full((h, w, 3), 255, np.uint8)
    for y in range(40, 361, 80):
        cv2.line(img, (30, y), (270, y), (0, 0, 0), 1)
    for x in range(30, 271, 80):
        cv2.line(img, (x, 40), (x, 360), (0, 0, 0), 1)
    for y in range(60, 341, 80):
        cv2.rectangle(img, (45, y), (90, y + 12), (0, 0, 0), -1)
    return img


@pytest.mark.parametrize("profile", sorted(dg.PROFILES))
def test_profiles_are_deterministic_for_a_seed(profile):
    img = _page()
    a = dg.degrade(img, profile, dpi=200, seed=3)
    b = dg.degrade(img, profile, dpi=200, seed=3)
    assert np.array_equal(a, b)
    assert a.dtype == np.uint8 and a.ndim == 3


def test_seed_changes_noise():
    img = _page()
    assert not np.array_equal(dg.noise(img, 6, seed=1), dg.noise(img, 6, seed=2))


def test_rotate_keeps_size_and_white_corners():
    out = dg.rotate(_page(), 2.0)
    assert out.shape == (400, 300, 3)
    assert (out[0, 0] == 255).all() and (out[-1, -1] == 255).all()
    # the top rule is no longer on one row: its dark pixels spread over several rows
    rows = np.nonzero((out[:, 100:260, 0] < 128).any(axis=1))[0]
    assert rows.min() < 40 - 1 or rows.max() > 40 + 1


def test_rotate90_turns_the_page():
    img = _page()
    out = dg.rotate90(img, -1)
    assert out.shape == (300, 400, 3)
    assert np.array_equal(dg.rotate90(out, 1), img)


def test_blur_softens_edges():
    img = _page()
    out = dg.blur(img, 1.0)
    assert ((out > 0) & (out < 255)).sum() > ((img > 0) & (img < 255)).sum()


def test_jpeg_changes_pixels_a_little():
    img = dg.noise(_page(), 6)
    out = dg.jpeg(img, 40)
    diff = np.abs(out.astype(int) - img.astype(int))
    assert diff.max() > 0 and diff.mean() < 10


def test_red_seal_is_red_and_semi_transparent():
    img = _page()
    out = dg.red_seal(img, center=(150, 200), radius=60)
    b, g, r = (out[:, :, k].astype(int) for k in range(3))
    red = (r - g > 60) & (r - b > 60)
    assert red.sum() > 500
    # the black rule at y=200 still shows under the ring at x=150-60 (dark, not red)
    assert out[200, 90].max() < 100


def test_fax_is_binary():
    out = dg.fax(dg.blur(_page(), 1.0), dpi=300, seed=1)
    assert set(np.unique(out)) <= {0, 255}
    assert (out == 0).sum() > 0


def test_faint_lines_lightens_rules_not_text():
    img = _page()
    out = dg.faint_lines(img, seed=0)
    assert out[120, 200].min() > 100                    # a rule pixel: lightened
    assert out[65, 60].max() == 0                        # inside a text block: untouched


def test_unknown_profile_is_rejected():
    with pytest.raises(ValueError):
        dg.degrade(_page(), "sepia")


def test_scanned_pdf_has_image_pages_without_text(tmp_path):
    imgs = [_page(), dg.rotate90(_page(), 1)]
    path = dg.scanned_pdf(imgs, tmp_path / "scan.pdf", dpi=150)
    with pymupdf.open(path) as doc:
        assert doc.page_count == 2
        assert doc[0].rect.width == pytest.approx(300 * 72 / 150)
        assert doc[1].rect.width == pytest.approx(400 * 72 / 150)
        for page in doc:
            assert page.get_text().strip() == ""
            assert len(page.get_images()) == 1
        pix = doc[0].get_pixmap(dpi=150)
        back = np.frombuffer(pix.samples, np.uint8).reshape(pix.h, pix.w, pix.n)
        assert back.shape[:2] == (400, 300)
        assert np.abs(back[:, :, ::-1].astype(int) - imgs[0].astype(int)).mean() < 2
