"""Small generated digital disclosures for the archive tests, and a local Ray instance."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from archive_docs import EXAMPLE, make_report

ROOT = Path(__file__).resolve().parents[2]


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


@pytest.fixture
def ray_dir():
    """A short scratch folder for Ray's sockets and logs (removed afterwards)."""
    d = tempfile.mkdtemp(prefix="fdray", dir="/tmp")
    yield d
    shutil.rmtree(d, ignore_errors=True)


@pytest.fixture
def local_ray(ray_dir, monkeypatch):
    ray = pytest.importorskip("ray")
    monkeypatch.setenv("RAY_AUTH_MODE", "disabled")     # no token file left in ~/.ray
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, _temp_dir=ray_dir,
             runtime_env={"env_vars": {"PYTHONPATH": str(ROOT)}})
    yield
    ray.shutdown()
