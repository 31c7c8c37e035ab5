"""Private helpers shared by the construction modules.

* :func:`chain` assembles the standard layered form ``L_L o sigma o ... o sigma o L_0``
  from exact ``(W, b)`` pairs, so a builder's hidden layers are exactly the paper's.
* The ``parse_*`` functions read CLI parameter strings for the registry, and the
  ``check_*`` functions validate builder arguments; both raise ``InvalidArgument`` naming
  the parameter and its value.
"""

from ..errors import InvalidArgument
from ..network import Network, NetworkBuilder
from ..numbers import as_rational

__all__ = ["chain", "check_int", "parse_int", "parse_rational", "check_bits", "parse_bits"]


def chain(layers, name: str = "L") -> Network:
    """The chain network ``layers[-1] o relu o ... o relu o layers[0]``.

    ``layers`` is a sequence of ``(W, b)`` pairs with exact entries; the network has
    ``len(layers) - 1`` hidden layers, the ``k``-th of width ``len(layers[k-1][0])``.
    """
    b = NetworkBuilder()
    node = b.input(len(layers[0][0][0]), name="x")
    for k, (weights, bias) in enumerate(layers):
        if k:
            node = b.relu(node, name=f"{name}{k}/relu")
        node = b.affine(node, weights, bias, name=f"{name}{k}")
    return b.build(node)


def check_int(value, name: str, minimum: int) -> int:
    """``value`` if it is an ``int >= minimum``, else ``InvalidArgument`` naming it."""
    if type(value) is not int or value < minimum:
        raise InvalidArgument(f"{name}={value!r} must be an int >= {minimum}")
    return value


def parse_int(minimum: int):
    """A CLI parser: decimal string -> ``int >= minimum``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except (TypeError, ValueError):
            raise InvalidArgument(f"{text!r} is not an integer") from None
        return check_int(value, "value", minimum)

    return parse


def parse_rational(text: str):
    """A CLI parser: ``"3/8"``, ``"0.125"`` -> exact rational."""
    return as_rational(text, "value")


def check_bits(bits, name: str = "bits") -> tuple:
    """A non-empty sequence of 0/1 ints (or a string of '0'/'1') as a tuple of ints."""
    if isinstance(bits, str):
        if not bits or set(bits) - {"0", "1"}:
            raise InvalidArgument(f"{name}={bits!r} must be a non-empty string of 0s and 1s")
        return tuple(int(c) for c in bits)
    try:
        values = tuple(bits)
    except TypeError:
        raise InvalidArgument(f"{name}={bits!r} must be a sequence of 0/1") from None
    if not values or any(type(v) is not int or v not in (0, 1) for v in values):
        raise InvalidArgument(f"{name}={bits!r} must be a non-empty sequence of ints 0 or 1")
    return values


def parse_bits(text: str) -> tuple:
    """A CLI parser: ``"0110"`` -> ``(0, 1, 1, 0)``."""
    return check_bits(text.strip(), "bits")
