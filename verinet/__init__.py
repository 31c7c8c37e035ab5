"""verinet: exact verification of neural-network approximation theorems."""

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
from .interpret.enclose import enclose
from .analysis.enclose_error import enclose_sup_error

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
