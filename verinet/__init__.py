"""verinet: exact verification of neural-network approximation theorems."""

import sys as _sys

from ._version import __version__
from ._backend import MPQ
from .errors import (
    BoundViolation,
    BudgetExceeded,
    FileFormatError,
    InvalidArgument,
    NetworkTypeError,
    ShapeError,
    VerinetError,
)
from .network import Network, NetworkBuilder, check_network
from .numbers import as_rational, from_float
from .interpret.exact import CommonBatch, evaluate, evaluate_one, plan

if "sympy" in _sys.modules:  # loaded before verinet: make mpq -> sympy exact now (verinet.sympy_exact)
    from . import sympy_exact

    sympy_exact.register()

# Imported on first use: they pull in sympy (about 0.3 s) or the registries, which plain exact
# work never needs.
_LAZY = {
    "enclose": "verinet.interpret.enclose",
    "enclose_sup_error": "verinet.analysis.enclose_error",
    "analyze_interval": "verinet.analysis.interval",
    "analyze_box": "verinet.analysis.box",
    "Certificate": "verinet.claims.certificate",
    "Check": "verinet.claims.certificate",
    "compare_le": "verinet.claims.certificate",
    "compare_eq": "verinet.claims.certificate",
    "size_metrics": "verinet.interpret.metrics",
    "build": "verinet.api",
    "verify": "verinet.api",
    "prove": "verinet.api",
    "theorem_names": "verinet.api",
    "proof_names": "verinet.api",
    "construction_names": "verinet.api",
    "export": "verinet.api",
    "import_onnx": "verinet.api",
    "drift": "verinet.api",
}


def __getattr__(name):
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'verinet' has no attribute {name!r}")

__all__ = [
    "__version__",
    "MPQ",
    "Network",
    "NetworkBuilder",
    "check_network",
    "as_rational",
    "from_float",
    "evaluate",
    "evaluate_one",
    "plan",
    "CommonBatch",
    "enclose",
    "enclose_sup_error",
    "analyze_interval",
    "analyze_box",
    "Certificate",
    "Check",
    "compare_le",
    "compare_eq",
    "size_metrics",
    "build",
    "verify",
    "prove",
    "theorem_names",
    "proof_names",
    "construction_names",
    "export",
    "import_onnx",
    "drift",
    "VerinetError",
    "InvalidArgument",
    "NetworkTypeError",
    "ShapeError",
    "FileFormatError",
    "BudgetExceeded",
    "BoundViolation",
]
