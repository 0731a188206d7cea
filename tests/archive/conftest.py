"""Small generated digital disclosures for the archive tests."""
from __future__ import annotations

from pathlib import Path

import pytest

from archive_docs import EXAMPLE, make_report


@pytest.fixture
def reports(tmp_path):
    """Six small reports in ``tmp_path / "in"``."""
    return [make_report(tmp_path / "in" / f"r{i}.pdf", i) for i in range(6)]


@pytest.fixture(scope="session")
def example_out(tmp_path_factory):
    """The shipped digital example converted once: OUT with its folder and facts."""
    from fiscaldoc import cli

    out = tmp_path_factory.mktemp("example") / "out"
    assert cli.main(["convert", str(EXAMPLE), "-o", str(out)]) == 0
    return out


@pytest.fixture
def rich_doc():
    """The hand-built two-table Document of tests/export/samples.py."""
    import importlib.util
    import sys

    name = "fiscaldoc_test_samples"
    if name not in sys.modules:
        path = Path(__file__).resolve().parents[1] / "export" / "samples.py"
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name].rich_document()
