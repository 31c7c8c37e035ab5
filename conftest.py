"""pytest: skip the doctests of optional modules whose dependencies are missing.

The core suite runs without the optional extras; their tests use ``pytest.importorskip``.
This file lives at the repository root, so it is never installed with the package.
"""

import importlib.util

NEEDS = {
    "verinet/bridge/torch_export.py": ("torch",),
    "verinet/bridge/drift.py": ("torch",),
    "verinet/bridge/onnx_export.py": ("onnx", "numpy"),
    "verinet/bridge/onnx_import.py": ("onnx", "numpy"),
    "verinet/bridge/onnx_checks.py": ("onnx",),
}


def _missing(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is None
    except ValueError:  # present in sys.modules without a spec (e.g. blocked)
        return True


collect_ignore = [name for name, modules in NEEDS.items() if any(_missing(m) for m in modules)]
