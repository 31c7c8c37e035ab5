"""The exception hierarchy of verinet.

Every error raised through the public API is a ``VerinetError``; its message names the
node, parameter or value at fault.
"""

__all__ = [
    "VerinetError",
    "InvalidArgument",
    "NetworkTypeError",
    "ShapeError",
    "UnsupportedOp",
    "FileFormatError",
    "BudgetExceeded",
    "BoundViolation",
]


class VerinetError(Exception):
    """Base class of every verinet error."""


class InvalidArgument(VerinetError, ValueError):
    """A value handed in by the user is not acceptable (a float, an unparsable number, ...)."""


class NetworkTypeError(VerinetError):
    """A network graph is malformed: a cycle, a dangling node, a wrong wiring."""


class ShapeError(NetworkTypeError):
    """Dimensions disagree: a node's input width differs from what feeds it."""


class UnsupportedOp(NetworkTypeError):
    """An interpreter has no rule for an op of the network (e.g. an exact analysis of a
    sigmoid); the message names the interpreter, the op and the node."""


class FileFormatError(VerinetError):
    """A network or certificate file is truncated, corrupted or of an unknown version."""


class BudgetExceeded(VerinetError):
    """An analysis ran out of its budget; the message says how far it got."""


class BoundViolation(VerinetError):
    """A checked inequality is false; carries an exact witness."""

    def __init__(self, message: str, witness=None):
        super().__init__(message)
        self.witness = witness
