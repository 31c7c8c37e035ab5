"""Squares, products and monomials (Lu-Shen-Yang-Zhang 2021, Lemmas 5.1-5.3, 4.2, Prop. 4.1).

Main statements
---------------
* Lemma 5.1: ``x**2`` on ``[0, 1]`` with width ``3N``, depth ``L``, error ``N^-L``.
* Lemma 5.2: ``xy`` on ``[0, 1]^2`` with width ``9N``, depth ``L``, error ``6 N^-L``.
* Lemma 4.2: ``xy`` on ``[a, b]^2`` with width ``9N + 1``, depth ``L``,
  error ``6 (b - a)^2 N^-L``.
* Lemma 5.3: ``x_1 ... x_k`` on ``[0, 1]^k`` with width ``9(N + 1) + k - 1``, depth
  ``7kL(k - 1)``, error ``9(k - 1)(N + 1)^(-7kL)``.
* Prop. 4.1: ``x^alpha`` with ``|alpha| <= k`` on ``[0, 1]^d``, width ``9(N + 1) + k - 1``,
  depth ``7k^2 L``, error ``9k(N + 1)^(-7kL)``.

[R] Lemma 5.1's network is the paper's function ``f_{Lk}`` (the interpolant of ``x**2`` on
``2^-(Lk) Z``, ``k`` the unique integer with ``(k-1) 2^(k-1) + 1 <= N <= k 2^k``), but laid
out as the zig-zag chain with ``n = 2^k`` teeth per layer
(:func:`~verinet.constructions.sawtooth.zigzag_square_layers`): width ``2^k + 1 <= 3N``,
depth ``L``.  The paper's own layout (k parallel sawteeth per block, identity layers merged)
leaves the sawtooth weights unspecified.
"""

from .._backend import MPQ
from ..calculus import compose, parallel, pre_affine
from ..errors import InvalidArgument
from .construction import Construction
from .estimates import Estimate, lemma_5_1_bits, monomial_estimate, rational_bits
from ._layers import carry_layers, chain, check_int, parse_int, parse_ints, parse_rational, sum_of_chains
from .registry import register
from .sawtooth import zigzag_square_layers
from ..numbers import as_rational

__all__ = [
    "sawtooth_order",
    "square",
    "product_unit",
    "product",
    "product_many",
    "monomial",
    "square_layers",
    "product_unit_layers",
    "product_layers",
]


def sawtooth_order(N: int) -> int:
    """The unique ``k >= 1`` with ``(k - 1) 2^(k-1) + 1 <= N <= k 2^k`` (proof of Lemma 5.1)."""
    check_int(N, "N", 1)
    k = 1
    while N > k * 2**k:
        k += 1
    return k


def square_layers(N: int, L: int) -> list:
    """Layers of Lemma 5.1's ``f_{Lk}``: zig-zag with ``2^k`` teeth, width ``2^k + 1``, depth ``L``."""
    return zigzag_square_layers(2 ** sawtooth_order(N), L)


def product_unit_layers(N: int, L: int) -> list:
    """Layers of Lemma 5.2: ``2 (psi((x + y)/2) - psi(x/2) - psi(y/2))``, three squares side by side."""
    psi = square_layers(N, L)
    half = MPQ(1, 2)
    return sum_of_chains(
        [(2, [[half, half]], [0], psi), (-2, [[half, 0]], [0], psi), (-2, [[0, half]], [0], psi)]
    )


def product_layers(N: int, L: int, a, b) -> list:
    """Layers of Lemma 4.2 on ``[a, b]^2``.

    ``phi(x, y) = (b - a)^2 psi((x - a)/(b - a), (y - a)/(b - a)) + a relu(x + y + 2|a|)
    - a^2 - 2a|a|``, where ``a (x + y + 2|a|) - a^2 - 2a|a| = a(x + y) - a^2`` and
    ``(x - a)(y - a) = xy - a(x + y) + a^2``; ``relu(x + y + 2|a|)`` is carried through the
    ``L`` layers by one unit (it is non-negative on ``[a, b]^2``).
    """
    a, b = as_rational(a, "a"), as_rational(b, "b")
    if not a < b:
        raise InvalidArgument(f"the interval [a, b] = [{a}, {b}] must have a < b")
    s = 1 / (b - a)
    return sum_of_chains(
        [
            ((b - a) ** 2, [[s, 0], [0, s]], [-a * s, -a * s], product_unit_layers(N, L)),
            (a, [[1, 1]], [2 * abs(a)], carry_layers(L)),
        ],
        bias=-a * a - 2 * a * abs(a),
    )


def _check_NL(N, L):
    check_int(N, "N", 1)
    check_int(L, "L", 1)


@register(
    "square",
    "Lemma 5.1: x^2 on [0, 1] with width 3N, depth L, error N^(-L)",
    parameters={"N": (parse_int(1), "width parameter N"), "L": (parse_int(1), "depth L")},
    estimate=lambda N, L: Estimate(3 * N, L, lemma_5_1_bits(N, L)),
)
def square(N: int, L: int) -> Construction:
    """Lemma 5.1: ``|phi(x) - x**2| <= N^-L`` on ``[0, 1]``, width ``3N``, depth ``L``.

    Returns
    -------
    Construction
        Claims (the paper's bounds): width ``3N``, depth ``L``, ``sup_error = N^-L`` on
        ``[0, 1]``.  The network's actual error is ``2^(-2Lk-2)``, its width ``2^k + 1``.

    Raises
    ------
    InvalidArgument
        If ``N`` or ``L`` is not an int >= 1.

    Examples
    --------
    >>> from verinet import evaluate
    >>> [str(y) for (y,) in evaluate(square(2, 1).network, [["1/4"], ["1/8"]])]
    ['1/8', '1/16']

    References
    ----------
    Lu, Shen, Yang, Zhang, "Deep network approximation for smooth functions", SIAM J. Math.
    Anal. 53 (2021), Lemma 5.1.
    """
    _check_NL(N, L)
    k = sawtooth_order(N)
    return Construction(
        name="square",
        network=chain(square_layers(N, L), name="sq"),
        parameters={"N": N, "L": L},
        claims={"width": 3 * N, "depth": L, "interval": (MPQ(0), MPQ(1)), "target": "x**2",
                "sup_error": MPQ(1, N**L), "sawtooth_order": k,
                # [D] not a claim of the paper: the zig-zag layout's 2^(k+1) (spec 1.6, O(N))
                "max_abs_weight": MPQ(2 ** (k + 1)) if L >= 2 else MPQ(1)},
        reference="Lu-Shen-Yang-Zhang 2021, Lemma 5.1",
    )


@register(
    "product-unit",
    "Lemma 5.2: xy on [0, 1]^2 with width 9N, depth L, error 6 N^(-L)",
    parameters={"N": (parse_int(1), "width parameter N"), "L": (parse_int(1), "depth L")},
    estimate=lambda N, L: Estimate(9 * N, L, lemma_5_1_bits(N, L), in_dim=2),
)
def product_unit(N: int, L: int) -> Construction:
    """Lemma 5.2: ``|phi(x, y) - xy| <= 6 N^-L`` on ``[0, 1]^2``, width ``9N``, depth ``L``.

    Examples
    --------
    >>> from verinet import evaluate
    >>> [str(y) for (y,) in evaluate(product_unit(1, 2).network, [["1/2", "1/2"], [1, "1/4"]])]
    ['1/4', '1/4']

    References
    ----------
    Lu-Shen-Yang-Zhang 2021, Lemma 5.2.
    """
    _check_NL(N, L)
    return Construction(
        name="product-unit",
        network=chain(product_unit_layers(N, L), name="xy"),
        parameters={"N": N, "L": L},
        claims={"width": 9 * N, "depth": L, "box": ((MPQ(0), MPQ(1)),) * 2, "target": "x*y",
                "sup_error": MPQ(6, N**L)},
        reference="Lu-Shen-Yang-Zhang 2021, Lemma 5.2",
    )


@register(
    "product",
    "Lemma 4.2: xy on [a, b]^2 with width 9N+1, depth L, error 6(b-a)^2 N^(-L)",
    parameters={
        "N": (parse_int(1), "width parameter N"),
        "L": (parse_int(1), "depth L"),
        "a": (parse_rational, "left end of the interval, e.g. -3"),
        "b": (parse_rational, "right end of the interval, e.g. 3"),
    },
    estimate=lambda N, L, a, b: Estimate(
        9 * N + 1,
        L,
        lemma_5_1_bits(N, L) + 2 * (rational_bits(a) + rational_bits(b)) + 4,
        in_dim=2),
)
def product(N: int, L: int, a, b) -> Construction:
    """Lemma 4.2: ``|phi(x, y) - xy| <= 6 (b - a)^2 N^-L`` on ``[a, b]^2``.

    Returns
    -------
    Construction
        Claims: width ``9N + 1``, depth ``L``, the box ``[a, b]^2`` and the error bound.

    Raises
    ------
    InvalidArgument
        If ``N``, ``L`` are not ints >= 1, or ``a``, ``b`` are not exact numbers with ``a < b``.

    Examples
    --------
    >>> from verinet import evaluate
    >>> net = product(1, 2, -3, 3).network
    >>> [str(y) for (y,) in evaluate(net, [[-3, 3], [0, 0], ["3/2", "-3/2"]])]
    ['-9', '0', '-9/2']

    References
    ----------
    Lu-Shen-Yang-Zhang 2021, Lemma 4.2 (statement p. 24, proof p. 35).
    """
    _check_NL(N, L)
    layers = product_layers(N, L, a, b)
    a, b = as_rational(a, "a"), as_rational(b, "b")
    return Construction(
        name="product",
        network=chain(layers, name="xy"),
        parameters={"N": N, "L": L, "a": a, "b": b},
        claims={"width": 9 * N + 1, "depth": L, "box": ((a, b),) * 2, "target": "x*y",
                "sup_error": 6 * (b - a) ** 2 / MPQ(N) ** L},
        reference="Lu-Shen-Yang-Zhang 2021, Lemma 4.2",
    )


@register(
    "product-many",
    "Lemma 5.3: x_1 x_2 ... x_k on [0, 1]^k, width 9(N+1)+k-1, depth 7kL(k-1), error 9(k-1)(N+1)^(-7kL)",
    parameters={"N": (parse_int(1), "width parameter N"), "L": (parse_int(1), "depth parameter L"),
                "k": (parse_int(2), "number of factors k >= 2")},
    estimate=lambda N, L, k: Estimate(
        9 * (N + 1) + k,
        7 * k * L * (k - 1),
        lemma_5_1_bits(N + 1, 7 * k * L) + 8,
        in_dim=k),
)
def product_many(N: int, L: int, k: int) -> Construction:
    """Lemma 5.3: ``x_1 x_2 ... x_k`` on ``[0, 1]^k``.

    ``phi_1`` is Lemma 4.2 with ``N + 1``, depth ``7kL`` on ``[-1/10, 11/10]``, and
    ``phi_{i+1}(x_1..x_{i+2}) = phi_1(phi_i(x_1..x_{i+1}), relu(x_{i+2}))``; the inputs not yet
    used are carried by single ReLU units (they are non-negative).

    Returns
    -------
    Construction
        Claims: width ``9(N + 1) + k - 1``, depth ``7kL(k - 1)``, error
        ``9(k - 1)(N + 1)^(-7kL)`` on ``[0, 1]^k``.

    Raises
    ------
    InvalidArgument
        If ``N``, ``L`` are not ints >= 1 or ``k`` is not an int >= 2.

    References
    ----------
    Lu-Shen-Yang-Zhang 2021, Lemma 5.3.
    """
    _check_NL(N, L)
    check_int(k, "k", 2)
    D = 7 * k * L
    pair = chain(product_layers(N + 1, D, MPQ(-1, 10), MPQ(11, 10)), name="xy")
    carry = chain(carry_layers(D), name="carry")
    stages = [parallel(pair, *[carry] * (k - 2 - i)) for i in range(k - 1)]
    return Construction(
        name="product-many",
        network=compose(*reversed(stages)),
        parameters={"N": N, "L": L, "k": k},
        claims={"width": 9 * (N + 1) + k - 1, "depth": D * (k - 1),
                "box": ((MPQ(0), MPQ(1)),) * k, "target": "*".join(f"x{i}" for i in range(1, k + 1)),
                "sup_error": MPQ(9 * (k - 1), (N + 1) ** D)},
        reference="Lu-Shen-Yang-Zhang 2021, Lemma 5.3",
    )


@register(
    "monomial",
    "Prop. 4.1: x^alpha on [0, 1]^d, width 9(N+1)+k-1, depth 7k^2 L, error 9k(N+1)^(-7kL), k = |alpha|",
    parameters={"alpha": (parse_ints, "the multi-index, e.g. '2,1' for x1^2 x2"),
                "N": (parse_int(1), "width parameter N"), "L": (parse_int(1), "depth parameter L")},
    estimate=lambda alpha, N, L: monomial_estimate(sum(alpha), len(alpha), N, L),
)
def monomial(alpha, N: int, L: int) -> Construction:
    """Prop. 4.1: ``x^alpha = prod_i x_i^(alpha_i)`` on ``[0, 1]^d``, with ``k = |alpha|``.

    An affine map repeats ``x_i`` ``alpha_i`` times (``z in R^k``), then Lemma 5.3's network
    multiplies.  [R] The paper pads ``z`` with ones up to a fixed ``k``; here ``k = |alpha|``
    (the case ``k = 1`` is the identity, built as a one-layer ReLU carry since ``x_i >= 0``).

    Returns
    -------
    Construction
        Claims: width ``9(N + 1) + k - 1``, depth ``7 k^2 L``, error ``9k(N + 1)^(-7kL)``.

    Raises
    ------
    InvalidArgument
        If ``alpha`` is not a non-empty sequence of ints >= 0 with sum >= 1.

    References
    ----------
    Lu-Shen-Yang-Zhang 2021, Prop. 4.1 (statement p. 24, proof p. 37).
    """
    _check_NL(N, L)
    if isinstance(alpha, str) or not hasattr(alpha, "__iter__"):
        raise InvalidArgument(f"alpha={alpha!r} must be a sequence of ints >= 0")
    alpha = tuple(alpha)
    if not alpha or any(type(a) is not int or a < 0 for a in alpha) or sum(alpha) < 1:
        raise InvalidArgument(f"alpha={alpha!r} must be a non-empty sequence of ints >= 0 with sum >= 1")
    k, d = sum(alpha), len(alpha)
    repeat = [[int(j == i) for j in range(d)] for i, a in enumerate(alpha) for _ in range(a)]
    inner = product_many(N, L, k).network if k >= 2 else chain(carry_layers(1), name="carry")
    return Construction(
        name="monomial",
        network=pre_affine(inner, repeat),
        parameters={"alpha": alpha, "N": N, "L": L},
        claims={"width": 9 * (N + 1) + k - 1, "depth": 7 * k * k * L,
                "box": ((MPQ(0), MPQ(1)),) * d,
                "target": "*".join(f"x{i + 1}**{a}" for i, a in enumerate(alpha) if a),
                "sup_error": MPQ(9 * k, (N + 1) ** (7 * k * L))},
        reference="Lu-Shen-Yang-Zhang 2021, Prop. 4.1",
    )
