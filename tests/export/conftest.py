import importlib.util
import sys
from pathlib import Path

import pytest


def load_samples():
    name = "fiscaldoc_test_samples"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("samples.py"))
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture
def samples():
    return load_samples()


@pytest.fixture
def rich_doc():
    return load_samples().rich_document()
