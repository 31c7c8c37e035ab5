"""Many numbers in one parameter (Shen-Yang-Zhang 2022, Lemma A.3, proof of Thm. 2.3 Step 2).

Main statements
---------------
* Packing: numbers ``a_1..a_n in [0, 1)`` with ``2^m a_i`` integers are stored in
  ``v = sum_{i=1}^{n} 2^(-m(i-1)) a_i``, the concatenation of their ``m``-bit expansions.
* Unpacking: ``a_i = floor(2^(mi) v) / 2^m - floor(2^(m(i-1)) v)``, with the floor replaced by
  the continuous ``g`` that has breakpoints ``(l, l)`` and ``(l + 1 - delta', l)``,
  ``l = 0..2^(mn) - 1``, ``delta' = 2^(-mn)``; ``g = floor`` on ``[l, l + 1 - delta']`` and
  ``2^(mi) v`` always lies there, so the network returns the ``a_i`` exactly.
"""

from .._backend import MPQ
from ..errors import InvalidArgument
from ..numbers import as_rational, parse_vector
from .construction import Construction
from .estimates import Estimate, capped_power
from ._layers import chain, check_int, parse_int
from .registry import register

__all__ = ["pack", "unpack", "floor_network", "unpacking"]


def _check_values(values, m: int) -> tuple:
    if isinstance(values, str) or not hasattr(values, "__iter__"):
        raise InvalidArgument(f"values={values!r} must be a sequence of numbers")
    a = tuple(as_rational(v, f"values[{i}]") for i, v in enumerate(values))
    if not a:
        raise InvalidArgument("values must hold at least one number")
    for i, v in enumerate(a):
        if not (0 <= v < 1 and (v * 2**m).denominator == 1):
            raise InvalidArgument(f"values[{i}]={v} must lie in [0, 1) with 2^{m} * value an integer")
    return a


def pack(values, m: int) -> MPQ:
    """``v = sum_{i=1}^{n} 2^(-m(i-1)) a_i`` (Lemma A.3).

    Examples
    --------
    >>> str(pack(["1/4", "3/4"], 2))
    '7/16'
    """
    check_int(m, "m", 1)
    a = _check_values(values, m)
    return sum((v / MPQ(2) ** (m * i) for i, v in enumerate(a)), MPQ(0))


def unpack(v, n: int, m: int) -> tuple:
    """``a_i = floor(2^(mi) v)/2^m - floor(2^(m(i-1)) v)``, ``i = 1..n`` (Lemma A.3), exactly:
    the inverse of :func:`pack`, computed with exact floors (the network :func:`unpacking`
    replaces them by continuous ramps).

    Examples
    --------
    >>> [str(a) for a in unpack(pack(["1/4", "3/4"], 2), 2, 2)]
    ['1/4', '3/4']
    """
    v = as_rational(v, "v")

    def floor(y):
        return y.numerator // y.denominator

    return tuple(MPQ(floor(v * 2 ** (m * i)), 2**m) - floor(v * 2 ** (m * (i - 1))) for i in range(1, n + 1))


def floor_network(R: int):
    """Layers of the continuous floor ``g`` on ``[0, R)`` with ramps of width ``delta' = 1/R``.

    ``g(t) = sum_{l=1}^{R-1} (relu(t - l + delta') - relu(t - l)) / delta'``, so ``g(t) = l`` on
    ``[l, l + 1 - delta']``.
    """
    check_int(R, "R", 2)
    rows = [[1]] * (2 * (R - 1))
    bias = [b for l in range(1, R) for b in (MPQ(1, R) - l, MPQ(-l))]
    return [(rows, bias), ([[R, -R] * (R - 1)], [0])]


@register(
    "unpacking",
    "Lemma A.3: network v -> (a_1, ..., a_n) unpacking n numbers of m bits from one parameter",
    parameters={"m": (parse_int(1), "bits per number m"),
                "values": (parse_vector, "the numbers a_i, e.g. '1/4,3/4' (2^m a_i integers)")},
    estimate=lambda m, values: Estimate(
        2 * len(values) * capped_power(2, m * len(values)),
        1,
        2 * m * len(values) + 2,
        out_dim=len(values)),
)
def unpacking(m: int, values) -> Construction:
    """Lemma A.3's network ``phi(v) = (a_1, ..., a_n)`` with ``g_i(v) = g(2^(mi) v)/2^m - g(2^(m(i-1)) v)``.

    One hidden layer of width ``2n(R - 1)``, ``R = 2^(mn)``, holds the floor units of
    ``2^(mi) v`` for ``i = 1..n``.  [R] The ``i = 0`` floor ``g(v)`` is 0 for every packed
    ``v <= 1 - 2^(-mn)`` and is left out; the paper gives no width or depth for this network.

    Parameters
    ----------
    m : int
        Bits per number.
    values : sequence of exact numbers
        The ``a_i``; only their count ``n`` shapes the network, the claims record ``v`` and
        the ``a_i``.

    Raises
    ------
    InvalidArgument
        If ``m < 1`` or some ``a_i`` is outside ``[0, 1)`` or has more than ``m`` bits.

    Examples
    --------
    >>> from verinet import evaluate
    >>> c = unpacking(2, ["1/4", "3/4"])
    >>> [str(y) for y in evaluate(c.network, [[c.claims["v"]]])[0]]
    ['1/4', '3/4']
    """
    check_int(m, "m", 1)
    a = _check_values(values, m)
    n = len(a)
    R = 2 ** (m * n)
    (unit_rows, bias), (floor_out, _) = floor_network(R)
    rows, biases, out = [], [], []
    for i in range(1, n + 1):
        rows += [[MPQ(2) ** (m * i)] for _ in unit_rows]
        biases += bias
    width = len(unit_rows)
    for i in range(1, n + 1):
        # a_i = F_i / 2^m - F_{i-1}, F_i the floor read off block i (F_0 = 0)
        row = [MPQ(0)] * (n * width)
        for j, w in enumerate(floor_out[0]):
            row[(i - 1) * width + j] += w / MPQ(2) ** m
            if i > 1:
                row[(i - 2) * width + j] -= w
        out.append(row)
    return Construction(
        name="unpacking",
        network=chain([(rows, biases), (out, [0] * n)], name="unpack"),
        parameters={"m": m, "values": a},
        claims={"width": 2 * n * (R - 1), "depth": 1, "v": pack(a, m),
                "values": ((pack(a, m), a),), "bits_of_v": m * n},
        reference="Shen-Yang-Zhang 2022, Lemma A.3 and Thm. 2.3 proof, Step 2",
    )
