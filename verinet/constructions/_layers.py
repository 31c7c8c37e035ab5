"""Private helpers shared by the construction modules.

* :func:`chain` assembles the standard layered form ``L_L o sigma o ... o sigma o L_0``
  from exact ``(W, b)`` pairs, so a builder's hidden layers are exactly the paper's.
* The ``parse_*`` functions read CLI parameter strings for the registry, and the
  ``check_*`` functions validate builder arguments; both raise ``InvalidArgument`` naming
  the parameter and its value.
"""

from .._backend import MPQ
from ..errors import InvalidArgument
from ..interpret.layered import from_layered
from ..network import Network
from ..numbers import as_rational, parse_integer
from ..ops import Affine

__all__ = [
    "chain",
    "sum_of_chains",
    "carry_layers",
    "check_int",
    "parse_int",
    "parse_rational",
    "parse_ints",
    "check_bits",
    "parse_bits",
]


def chain(layers, name: str = "L") -> Network:
    """The chain network ``layers[-1] o relu o ... o relu o layers[0]``.

    ``layers`` is a sequence of ``(W, b)`` pairs with exact entries; the network has
    ``len(layers) - 1`` hidden layers, the ``k``-th of width ``len(layers[k-1][0])``.  A thin
    wrapper over :func:`~verinet.interpret.layered.from_layered` (nodes ``x``, ``L0``,
    ``relu1``, ``L1``, ...); ``name`` labels the layers in error messages.
    """
    return from_layered(
        Affine.from_rationals(weights, bias, name=f"{name} layer {k}") for k, (weights, bias) in enumerate(layers)
    )


def check_int(value, name: str, minimum: int) -> int:
    """``value`` if it is an ``int >= minimum``, else ``InvalidArgument`` naming it."""
    if type(value) is not int or value < minimum:
        raise InvalidArgument(f"{name}={value!r} must be an int >= {minimum}")
    return value


def parse_int(minimum: int):
    """A CLI parser: decimal string (ASCII digits) -> ``int >= minimum``."""

    def parse(text: str) -> int:
        return check_int(parse_integer(text, "value"), "value", minimum)

    return parse


def parse_rational(text: str):
    """A CLI parser: ``"3/8"``, ``"0.125"`` -> exact rational."""
    return as_rational(text, "value")


def parse_ints(text: str) -> tuple:
    """A CLI parser: ``"2,0,1"`` -> ``(2, 0, 1)`` (ints >= 0, e.g. a multi-index)."""
    if not isinstance(text, str):
        raise InvalidArgument(f"{text!r} is not a comma-separated list of integers")
    return tuple(check_int(parse_integer(t, f"entry {i}"), f"entry {i}", 0) for i, t in enumerate(text.split(",")))


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


def _matmul(a, b):
    return [[sum((x * y for x, y in zip(row, col)), MPQ(0)) for col in zip(*b)] for row in a]


def sum_of_chains(terms, bias=0) -> list:
    """Layers of ``x -> bias + sum_c coeff_c * chain_c(A_c x + a_c)`` (one output).

    ``terms`` is a list of ``(coeff, A, a, layers)`` where ``layers`` are the ``(W, b)`` of a
    chain with one output; all chains have the same depth ``D >= 1``.  The input maps merge
    into the first layer, the chains sit side by side (block-diagonal) and the output
    weights merge into the last layer, so the result has depth ``D`` and width the sum of
    the chains' widths.
    """
    depths = {len(layers) - 1 for _, _, _, layers in terms}
    if len(depths) != 1 or min(depths) < 1:
        raise InvalidArgument(f"sum_of_chains needs chains of one common depth >= 1, got depths {sorted(depths)}")
    depth = depths.pop()
    first_w, first_b = [], []
    for _, A, a, layers in terms:
        W, b = layers[0]
        first_w += _matmul([[as_rational(v) for v in row] for row in W], [[as_rational(v) for v in r] for r in A])
        first_b += [as_rational(bk) + sum((as_rational(w) * as_rational(ak) for w, ak in zip(row, a)), MPQ(0))
                    for row, bk in zip(W, b)]
    out = [([row for row in first_w], first_b)]
    for level in range(1, depth + 1):
        blocks = [layers[level] for _, _, _, layers in terms]
        if level < depth:
            out.append(_block_diagonal(blocks))
        else:
            row = [as_rational(c) * as_rational(w) for (c, _, _, _), (W, _) in zip(terms, blocks) for w in W[0]]
            b = as_rational(bias) + sum((as_rational(c) * as_rational(B[0]) for (c, _, _, _), (_, B) in zip(terms, blocks)), MPQ(0))
            out.append(([row], [b]))
    return out


def _block_diagonal(blocks) -> tuple:
    cols = sum(len(W[0]) for W, _ in blocks)
    rows, bias, start = [], [], 0
    for W, b in blocks:
        for row, bk in zip(W, b):
            rows.append([MPQ(0)] * start + [as_rational(v) for v in row] + [MPQ(0)] * (cols - start - len(row)))
            bias.append(as_rational(bk))
        start += len(W[0])
    return rows, bias


def carry_layers(depth: int) -> list:
    """Layers of ``x -> relu(x)`` through ``depth`` hidden layers of width 1."""
    return [([[1]], [0])] * (depth + 1)
