"""verinet: exact verification of neural-network approximation theorems.

The names below are imported on first use (PEP 562), so that ``import verinet.kernel`` -- the
certificate checker, which must not load the analysis (docs/trust.md) -- pulls in only what it uses.
"""

from importlib import import_module

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

_LAZY = {"Network": ".network", "NetworkBuilder": ".network", "check_network": ".network",
         "as_rational": ".numbers", "from_float": ".numbers", "CommonBatch": ".interpret.exact",
         "evaluate": ".interpret.exact", "evaluate_one": ".interpret.exact", "plan": ".interpret.exact",
         "enclose": ".interpret.enclose", "enclose_sup_error": ".analysis.enclose_error"}


def __getattr__(name):
    if name not in _LAZY:
        raise AttributeError(f"module 'verinet' has no attribute {name!r}")
    value = getattr(import_module(_LAZY[name], __name__), name)
    globals()[name] = value
    return value

__all__ = [
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
    "VerinetError",
    "InvalidArgument",
    "NetworkTypeError",
    "ShapeError",
    "FileFormatError",
    "BudgetExceeded",
    "BoundViolation",
]
