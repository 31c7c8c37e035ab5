"""Tent map, sawtooth waves and Yarotsky's approximation of ``x**2``.

Main statements
---------------
* The tent map ``h(x) = 1 - 2 relu(x - 1/2) - 2 relu(1/2 - x) = 1 - 2|x - 1/2|`` (width 2,
  depth 1) and its iterates: ``h^k(x) = T_{2^(k-1)}(2^k x)`` on ``[0, 1]``
  (Shen-Yang-Zhang 2022, proof of Prop. B.1).
* The sawtooth ``T_m`` on ``[0, 2m]`` with ``m`` teeth, ``T_m(2j) = 0``, ``T_m(2j+1) = 1``
  (Shen-Yang-Zhang 2022, Lemma B.2): one hidden layer of width ``2m + 1``, or, for
  ``m = 2^k``, ``T_m(y) = h^(k+1)(y / 2^(k+1))`` with width 2 and depth ``k + 1``.
* Yarotsky's ``x**2``: ``f_m(x) = x - sum_{s=1}^{m} g_s(x) / 4^s`` (``g_s`` the ``s``-fold
  tent) is the piecewise-linear interpolant of ``x**2`` on the grid ``2^-m Z``, realised with
  width 3 and depth ``m``; ``0 <= f_m(x) - x**2 <= 2^(-2m-2)`` on ``[0, 1]``.
* The zig-zag generalisation: ``S_L`` interpolates ``x**2`` on the grid ``n^-L Z`` with
  width ``n + 1`` and depth ``L``; ``0 <= S_L(x) - x**2 <= n^(-2L) / 4``.

Every network here is a chain ``L_L o relu o ... o relu o L_0`` whose hidden layers are the
layers counted in the claims.
"""

from .._backend import MPQ
from ..errors import InvalidArgument
from .construction import Construction
from .estimates import Estimate, bits
from ._layers import chain, check_int, parse_int
from .registry import register

__all__ = [
    "tent",
    "tent_iterate",
    "sawtooth_wave",
    "sawtooth_wave_deep",
    "yarotsky_square",
    "zigzag_square",
    "tent_layers",
    "zigzag_square_layers",
]

HALF = MPQ(1, 2)


def tent_layers(k: int, input_scale=MPQ(1)) -> list:
    """The ``(W, b)`` layers of ``x -> h^k(input_scale * x)``: width 2, depth ``k``.

    Hidden layer ``i`` holds ``(relu(t - 1/2), relu(1/2 - t))`` for ``t = h^(i-1)(s x)``;
    then ``h(t) = 1 - 2a - 2b``, so the next pre-activations are
    ``h(t) - 1/2 = 1/2 - 2a - 2b`` and ``1/2 - h(t) = 2a + 2b - 1/2``.
    """
    check_int(k, "k", 1)
    layers = [([[input_scale], [-input_scale]], [-HALF, HALF])]
    layers += [([[-2, -2], [2, 2]], [HALF, -HALF])] * (k - 1)
    layers.append(([[-2, -2]], [1]))
    return layers


@register("tent", "tent map h(x) = 1 - 2|x - 1/2| (width 2, depth 1)", parameters={})
def tent() -> Construction:
    """The tent map ``h(x) = 1 - 2 relu(x - 1/2) - 2 relu(1/2 - x)``.

    Returns
    -------
    Construction
        Width 2, depth 1, 7 parameters, largest weight 2; ``h(x) = 1 - 2|x - 1/2|`` on R.

    Examples
    --------
    >>> from verinet import evaluate
    >>> [str(y) for (y,) in evaluate(tent().network, [[0], ["1/4"], ["1/2"], [1], [2]])]
    ['0', '1/2', '1', '0', '-2']

    References
    ----------
    Shen, Yang, Zhang (2022), proof of Prop. B.1 (the map called h there).
    """
    return Construction(
        name="tent",
        network=chain(tent_layers(1), name="tent"),
        parameters={},
        claims={"width": 2, "depth": 1, "parameters": 7, "max_abs_weight": MPQ(2),
                "target": "1 - 2*Abs(x - 1/2)"},
        reference="Shen-Yang-Zhang 2022, proof of Prop. B.1 (tent map h)",
    )


@register(
    "tent-iterate",
    "h^k (k compositions of the tent map): width 2, depth k, T_{2^(k-1)}(2^k x) on [0, 1]",
    parameters={"k": (parse_int(1), "number of compositions k")},
    estimate=lambda k: Estimate(2, k, 2),
)
def tent_iterate(k: int) -> Construction:
    """``h^k = h o ... o h`` (``k`` copies): width 2, depth ``k``.

    On ``[0, 1]`` it is the sawtooth ``T_{2^(k-1)}(2^k x)``: ``h^k(i / 2^k) = i mod 2`` and
    it is linear between those points, so it has ``2^k`` pieces there.

    Raises
    ------
    InvalidArgument
        If ``k`` is not an int >= 1.

    Examples
    --------
    >>> from verinet import evaluate
    >>> [str(y) for (y,) in evaluate(tent_iterate(3).network, [[0], ["1/8"], ["3/16"], ["1/4"]])]
    ['0', '1', '1/2', '0']
    """
    check_int(k, "k", 1)
    return Construction(
        name="tent-iterate",
        network=chain(tent_layers(k), name="tent"),
        parameters={"k": k},
        claims={"width": 2, "depth": k, "parameters": 6 * k + 1, "max_abs_weight": MPQ(2),
                "interval": (MPQ(0), MPQ(1)), "pieces": 2**k},
        reference="Shen-Yang-Zhang 2022, proof of Prop. B.1",
    )


@register(
    "sawtooth-wave",
    "sawtooth T_m on [0, 2m] with m teeth, one hidden layer of width 2m+1 (Lemma B.2)",
    parameters={"teeth": (parse_int(1), "number of teeth m")},
    estimate=lambda teeth: Estimate(2 * teeth + 1, 1, bits(teeth) + 3),
)
def sawtooth_wave(teeth: int) -> Construction:
    """The sawtooth ``T_m`` (``m = teeth``) with one hidden layer.

    ``T_m(x) = relu(x) + sum_{k=1}^{2m-1} 2 (-1)^k relu(x - k) + relu(x - 2m)``: slope
    ``(-1)^k`` on ``[k, k+1]`` for ``0 <= k < 2m`` and zero outside ``[0, 2m]``, so
    ``T_m(2j) = 0``, ``T_m(2j+1) = 1`` as in Lemma B.2.

    Returns
    -------
    Construction
        Width ``2m + 1``, depth 1, largest parameter ``2m`` (the last bias).

    Raises
    ------
    InvalidArgument
        If ``teeth`` is not an int >= 1.

    Examples
    --------
    >>> from verinet import evaluate
    >>> [str(y) for (y,) in evaluate(sawtooth_wave(2).network, [[-1], [1], ["5/2"], [4], [9]])]
    ['0', '1', '1/2', '0', '0']

    References
    ----------
    Shen, Yang, Zhang (2022), Lemma B.2 (the sawtooth T_m).
    """
    m = check_int(teeth, "teeth", 1)
    knots = range(2 * m + 1)
    coefficients = [1] + [2 * (-1) ** k for k in range(1, 2 * m)] + [1]
    network = chain([([[1]] * len(knots), [-k for k in knots]), ([coefficients], [0])], name="saw")
    return Construction(
        name="sawtooth-wave",
        network=network,
        parameters={"teeth": m},
        claims={"width": 2 * m + 1, "depth": 1, "parameters": 3 * (2 * m + 1) + 1,
                "max_abs_weight": MPQ(max(2, 2 * m)), "interval": (MPQ(0), MPQ(2 * m)),
                "pieces": 2 * m},
        reference="Shen-Yang-Zhang 2022, Lemma B.2",
    )


@register(
    "sawtooth-wave-deep",
    "sawtooth T_m for m = 2^k as h^(k+1)(x / 2^(k+1)): width 2, depth k+1 (Prop. B.1 proof)",
    parameters={"teeth": (parse_int(1), "number of teeth m, a power of 2")},
    estimate=lambda teeth: Estimate(2, bits(teeth), bits(teeth) + 1),
)
def sawtooth_wave_deep(teeth: int) -> Construction:
    """The sawtooth ``T_m``, ``m = 2^k``, as ``T_m(y) = h^(k+1)(y / 2^(k+1))`` on ``[0, 2m]``.

    Outside ``[0, 2m]`` this network differs from :func:`sawtooth_wave` (it is negative
    there); the claim is on ``[0, 2m]`` only.

    Raises
    ------
    InvalidArgument
        If ``teeth`` is not a power of two.

    Examples
    --------
    >>> from verinet import evaluate
    >>> [str(y) for (y,) in evaluate(sawtooth_wave_deep(4).network, [[0], [3], ["7/2"], [8]])]
    ['0', '1', '1/2', '0']

    References
    ----------
    Shen, Yang, Zhang (2022), proof of Prop. B.1: T_{4^J}(2^(2J+1) x) = h^(2J+1)(x).
    """
    m = check_int(teeth, "teeth", 1)
    if m & (m - 1):
        raise InvalidArgument(f"teeth={teeth!r} must be a power of 2")
    depth = m.bit_length()  # k + 1 for m = 2^k
    return Construction(
        name="sawtooth-wave-deep",
        network=chain(tent_layers(depth, MPQ(1, 2 * m)), name="tent"),
        parameters={"teeth": m},
        claims={"width": 2, "depth": depth, "parameters": 6 * depth + 1,
                "max_abs_weight": MPQ(2), "interval": (MPQ(0), MPQ(2 * m)), "pieces": 2 * m},
        reference="Shen-Yang-Zhang 2022, proof of Prop. B.1",
    )


def zigzag_square_layers(n: int, L: int) -> list:
    """The ``(W, b)`` layers of the zig-zag square ``S_L`` (width ``n + 1``, depth ``L``)."""
    # Derivation (spec smooth_and_growth.md 2.2).  Z_n is the triangle wave on [0, 1] with
    # Z_n(j/n) = j mod 2 and g_n the interpolant of t(1 - t) on the grid j/n; on [0, 1]
    #   Z_n(y) = n u_0 + sum_{j=1}^{n-1} 2n (-1)^j u_j,
    #   g_n(y) = (1 - 1/n) u_0 - (2/n) sum_{j=1}^{n-1} u_j,      u_j = relu(y - j/n).
    # With y_0 = S_0 = x, y_k = Z_n(y_{k-1}) = Z_{n^k}(x) and
    #   S_k = S_{k-1} - n^(-2(k-1)) g_n(y_{k-1}),
    # S_k is the interpolant of x^2 on the grid n^-k Z (f_h - f_{h/n} = h^2 g_n(Z_{1/h}) for
    # h = n^-(k-1)).  Hidden layer k holds (u_0, ..., u_{n-1}) of y_{k-1} and relu(S_{k-1});
    # S_{k-1} >= x^2 >= 0, so relu(S_{k-1}) = S_{k-1}.
    zig = [n] + [2 * n * (-1) ** j for j in range(1, n)]
    fit = [1 - MPQ(1, n)] + [-MPQ(2, n)] * (n - 1)
    knots = [-MPQ(j, n) for j in range(n)]

    def s_row(k):  # S_k as a row over hidden layer k
        return [-c / MPQ(n) ** (2 * (k - 1)) for c in fit] + [1]

    layers = [([[1]] * (n + 1), knots + [0])]
    for k in range(1, L):
        layers.append(([zig + [0]] * n + [s_row(k)], knots + [0]))
    layers.append(([s_row(L)], [0]))
    return layers


def _square_claims(n: int, L: int) -> dict:
    parameters = 2 * (n + 1) + (L - 1) * (n + 1) * (n + 2) + (n + 2)
    return {
        "width": n + 1,
        "depth": L,
        "parameters": parameters,
        "max_abs_weight": MPQ(2 * n) if L >= 2 else MPQ(1),
        "interval": (MPQ(0), MPQ(1)),
        "target": "x**2",
        "sup_error": MPQ(1, 4 * n ** (2 * L)),
        "error_lower": MPQ(0),
        "pieces": n**L,
    }


@register(
    "sawtooth",
    "Yarotsky's approximation f_m of x^2 on [0, 1] with m compositions of the tent map "
    "(width 3, depth m, error 2^(-2m-2))",
    parameters={"m": (parse_int(1), "number of tent compositions m")},
    estimate=lambda m: Estimate(3, m, 2 * m + 2),
)
def yarotsky_square(m: int) -> Construction:
    """Yarotsky's ``f_m(x) = x - sum_{s=1}^{m} g_s(x) / 4^s`` on ``[0, 1]``.

    ``g_s`` is the ``s``-fold composition of the tent ``T(t) = 2 relu(t) - 4 relu(t - 1/2)``.
    ``f_m`` is the interpolant of ``x**2`` on the grid ``2^-m Z``.  Hidden layer ``k`` holds
    ``(relu(t), relu(t - 1/2), relu(S))`` with ``t = g_{k-1}(x)`` and ``S = f_{k-1}(x)``; the
    next pre-activations are ``g_k = 2a - 4b`` and ``f_k = c - (2a - 4b) / 4^k``.  This is
    exactly :func:`zigzag_square` with ``n = 2`` (``Z_2 = T``, ``g_2(t) = T(t) / 4``).

    Returns
    -------
    Construction
        Claims: width 3, depth ``m``, ``12m - 2`` parameters, ``2^m`` pieces on ``[0, 1]``,
        ``0 <= f_m(x) - x**2 <= 2^(-2m-2)`` with equality at the cell midpoints, largest
        weight 4 (1 when ``m = 1``).

    Raises
    ------
    InvalidArgument
        If ``m`` is not an int >= 1.

    Examples
    --------
    >>> from verinet import evaluate
    >>> net = yarotsky_square(2).network
    >>> [str(y) for (y,) in evaluate(net, [[0], ["1/4"], ["1/8"], ["3/8"], [1]])]
    ['0', '1/16', '1/32', '5/32', '1']

    References
    ----------
    D. Yarotsky, "Error bounds for approximations with deep ReLU networks", Neural Networks
    94 (2017), Prop. 2; spec smooth_and_growth.md section 2.2 (tent version).
    """
    check_int(m, "m", 1)
    return Construction(
        name="sawtooth",
        network=chain(zigzag_square_layers(2, m), name="sq"),
        parameters={"m": m},
        claims=_square_claims(2, m),
        reference="Yarotsky 2017, Prop. 2 (tent version); spec smooth_and_growth.md 2.2",
    )


@register(
    "zigzag-square",
    "zig-zag approximation of x^2 on [0, 1] (width n+1, depth L, error n^(-2L)/4)",
    parameters={"n": (parse_int(2), "zig-zag teeth n >= 2"), "L": (parse_int(1), "depth L")},
    estimate=lambda n, L: Estimate(n + 1, L, 2 * L * (bits(n) + 1) + 2),
)
def zigzag_square(n: int, L: int) -> Construction:
    """The interpolant ``S_L`` of ``x**2`` on the grid ``n^-L Z``, width ``n + 1``, depth ``L``.

    Returns
    -------
    Construction
        Claims: width ``n + 1``, depth ``L``, ``0 <= S_L(x) - x**2 <= n^(-2L) / 4`` on
        ``[0, 1]``, ``n^L`` pieces, largest weight ``2n`` (1 when ``L = 1``).

    Raises
    ------
    InvalidArgument
        If ``n`` is not an int >= 2 or ``L`` not an int >= 1.

    Examples
    --------
    >>> from verinet import evaluate
    >>> net = zigzag_square(3, 2).network
    >>> [str(y) for (y,) in evaluate(net, [["1/9"], ["1/18"], ["1/2"]])]
    ['1/81', '1/162', '41/162']

    References
    ----------
    Spec smooth_and_growth.md section 2.2 (zig-zag generalisation) [R: not in the papers].
    """
    check_int(n, "n", 2)
    check_int(L, "L", 1)
    return Construction(
        name="zigzag-square",
        network=chain(zigzag_square_layers(n, L), name="zz"),
        parameters={"n": n, "L": L},
        claims=_square_claims(n, L),
        reference="spec smooth_and_growth.md 2.2, zig-zag generalisation of Yarotsky 2017",
    )
