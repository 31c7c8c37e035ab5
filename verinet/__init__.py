"""verinet: exact verification of neural-network approximation theorems.

The public names are imported on first use (PEP 562): ``import verinet`` stays light (no
sympy, no registries), and ``import verinet.kernel`` -- the certificate checker, which must
not load the analysis (docs/trust.md) -- pulls in only what it uses.
"""

import sys as _sys
from importlib import import_module

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

if "sympy" in _sys.modules:  # loaded before verinet: make mpq -> sympy exact now (verinet.sympy_exact)
    from . import sympy_exact

    sympy_exact.register()

_LAZY = {
    "Network": ".network",
    "NetworkBuilder": ".network",
    "check_network": ".network",
    "as_rational": ".numbers",
    "from_float": ".numbers",
    "CommonBatch": ".interpret.exact",
    "evaluate": ".interpret.exact",
    "evaluate_one": ".interpret.exact",
    "plan": ".interpret.exact",
    "enclose": ".interpret.enclose",
    "enclose_sup_error": ".analysis.enclose_error",
    "analyze_interval": ".analysis.interval",
    "analyze_box": ".analysis.box",
    "Certificate": ".claims.certificate",
    "Check": ".claims.certificate",
    "compare_le": ".claims.certificate",
    "compare_eq": ".claims.certificate",
    "size_metrics": ".interpret.metrics",
    "build": ".api",
    "verify": ".api",
    "prove": ".api",
    "check": ".api",
    "theorem_names": ".api",
    "proof_names": ".api",
    "construction_names": ".api",
    "export": ".api",
    "import_onnx": ".api",
    "drift": ".api",
}


def __getattr__(name):
    if name not in _LAZY:
        raise AttributeError(f"module 'verinet' has no attribute {name!r}")
    value = getattr(import_module(_LAZY[name], __name__), name)
    globals()[name] = value
    return value


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
    "check",
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
