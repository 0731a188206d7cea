"""A real converted document (the shipped digital example) with its review page, and a
Chromium page driven by Playwright (Debian's /usr/bin/chromium; no browser download)."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import fiscaldoc
from fiscaldoc.export import write_all
from fiscaldoc.review import write_review

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "final_account_2021.pdf"
ARTIFACTS = ROOT / "tests" / "artifacts" / "review"      # git-ignored; screenshots to look at
CHROMIUM = os.environ.get("FISCALDOC_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]


@pytest.fixture(scope="session")
def converted(tmp_path_factory) -> Path:
    """OUT/<name> of the digital example: document.json, exports and review.html."""
    out = tmp_path_factory.mktemp("review") / "final_account_2021"
    doc = fiscaldoc.extract(EXAMPLE)
    write_all(doc, out)
    write_review(doc, out, pdf=EXAMPLE)
    return out


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="pip install 'fiscaldoc[test]' (playwright)")
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, converted, request):
    """The review page opened from file://; console errors collected in ``page.errors``; a
    screenshot saved under tests/artifacts/review/ when the test ends."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    pg = ctx.new_page()
    pg.errors = []
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.goto((converted / "review.html").as_uri())
    yield pg
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / f"{request.node.name}.png"
    pg.screenshot(path=str(shot))
    print(f"screenshot: {shot}")
    ctx.close()
