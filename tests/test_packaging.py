"""Packaging facts a user relies on: the version in one place, ``python -m verinet``, the
``py.typed`` marker, a light ``import verinet`` and no test configuration in the package."""

import importlib.metadata
import subprocess
import sys
from pathlib import Path

import verinet

PACKAGE = Path(verinet.__file__).parent


def test_version_is_the_installed_distributions():
    assert verinet.__version__ == importlib.metadata.version("verinet")


def test_python_dash_m_verinet_prints_the_version():
    out = subprocess.run([sys.executable, "-m", "verinet", "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == f"verinet {verinet.__version__}"


def test_package_is_typed_and_carries_no_conftest():
    assert (PACKAGE / "py.typed").is_file()
    assert not list(PACKAGE.rglob("conftest.py"))


def test_import_verinet_loads_no_heavy_optional_module():
    code = "import sys, verinet; print(sorted(m for m in ('sympy', 'torch', 'onnx', 'matplotlib', 'dask') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_lazy_public_names_resolve():
    from verinet import enclose, enclose_sup_error

    assert callable(enclose) and callable(enclose_sup_error)
