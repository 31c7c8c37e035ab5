"""pytest: skip the doctests of bridge modules whose optional dependencies are missing.

The core suite runs without the ``bridge`` extra; the bridge tests themselves use
``pytest.importorskip``.
"""

import importlib.util

NEEDS = {
    "torch_export.py": ("torch",),
    "drift.py": ("torch",),
    "onnx_export.py": ("onnx", "numpy"),
    "onnx_import.py": ("onnx", "numpy"),
    "onnx_checks.py": ("onnx",),
}


def _missing(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is None
    except ValueError:  # present in sys.modules without a spec (e.g. blocked)
        return True


collect_ignore = [name for name, modules in NEEDS.items() if any(_missing(m) for m in modules)]
