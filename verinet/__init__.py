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
from .interpret.exact import CommonBatch, evaluate, evaluate_one

__all__ = [
    "MPQ",
    "Network",
    "NetworkBuilder",
    "check_network",
    "as_rational",
    "from_float",
    "evaluate",
    "evaluate_one",
    "CommonBatch",
    "VerinetError",
    "InvalidArgument",
    "NetworkTypeError",
    "ShapeError",
    "FileFormatError",
    "BudgetExceeded",
    "BoundViolation",
]
