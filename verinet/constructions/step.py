"""Step functions for the cube index, the index map and the power map (Shen-Yang-Zhang 2022, Step 2).

Main statements
---------------
* Step function [R explicit formula]:
  ``g(x) = sum_{k=1}^{K-1} (relu(x - k/K + delta) - relu(x - k/K)) / delta`` equals ``k`` on
  ``[k/K, (k+1)/K - delta]`` and ``K - 1`` on ``[(K-1)/K, oo)``, ``0`` for ``x <= 1/K - delta``;
  width ``2(K - 1)``, depth 1, slope ``1/delta`` on each ramp.
* Index map ``rho(y) = 1 + sum_i y_i K^(i-1)``: a bijection ``{0..K-1}^d -> {1..K^d}``.
* Power map [R explicit formula]:
  ``h(y) = 4 + 12 relu(y - 1) + sum_{j=2}^{J-1} 9 4^(j-1) relu(y - j)`` interpolates
  ``(j, 4^j)`` for ``j = 1..J``; width ``J - 1``.
* ``phi_1(x) = h(rho(g(x_1), ..., g(x_d)))`` equals ``4^rho(beta)`` on the cube ``Q_beta``
  (eq. 9), with two hidden layers of widths ``2d(K - 1)`` and ``K^d - 1``.
"""

from .._backend import MPQ
from ..calculus import affine_network
from ..errors import InvalidArgument
from ..numbers import as_rational
from .construction import Construction
from .estimates import Estimate, bits, capped_power, rational_bits
from ._layers import chain, check_int, parse_int, parse_rational
from .registry import register

__all__ = ["step_function", "index_map", "power_map", "cube_index", "step_layer", "power_layers"]


def _check_delta(delta, K):
    delta = as_rational(delta, "delta")
    if not 0 < delta < MPQ(1, K):
        raise InvalidArgument(f"delta={delta} must lie in (0, 1/K) = (0, 1/{K})")
    return delta


def step_layer(K: int, delta, d: int = 1) -> tuple:
    """The hidden layer ``(W, b)`` of ``d`` step functions side by side (unit order: axis, k, +/-).

    Units ``relu(x_i - k/K + delta)`` and ``relu(x_i - k/K)``, ``k = 1..K-1``, for each axis ``i``;
    ``g(x_i)`` is ``1/delta`` times (first - second) summed over ``k``.
    """
    rows, bias = [], []
    for i in range(d):
        e = [int(r == i) for r in range(d)]
        for k in range(1, K):
            rows += [e, e]
            bias += [delta - MPQ(k, K), -MPQ(k, K)]
    return rows, bias


@register(
    "step",
    "step function g(x) = k on [k/K, (k+1)/K - delta], slope 1/delta (width 2(K-1), depth 1)",
    parameters={"K": (parse_int(2), "number of steps K >= 2"),
                "delta": (parse_rational, "ramp width delta in (0, 1/K)")},
    estimate=lambda K, delta: Estimate(2 * K, 1, rational_bits(delta) + 2 * bits(K) + 2),
)
def step_function(K: int, delta) -> Construction:
    """The step function ``g`` of Shen-Yang-Zhang 2022, Step 2 ([R] explicit formula).

    Returns
    -------
    Construction
        Claims: width ``2(K - 1)``, depth 1, largest weight ``1/delta``, and the pieces
        ``(k/K, (k+1)/K - delta, k)`` on which ``g = k`` exactly.

    Raises
    ------
    InvalidArgument
        If ``K`` is not an int >= 2 or ``delta`` not in ``(0, 1/K)``.

    Examples
    --------
    >>> from verinet import evaluate
    >>> net = step_function(4, "1/16").network
    >>> [str(y) for (y,) in evaluate(net, [[0], ["3/16"], ["7/32"], ["1/4"], [1], [5]])]
    ['0', '0', '1/2', '1', '3', '3']
    """
    check_int(K, "K", 2)
    delta = _check_delta(delta, K)
    rows, bias = step_layer(K, delta)
    out = [[1 / delta, -1 / delta] * (K - 1)]
    pieces = tuple((MPQ(k, K), MPQ(k + 1, K) - delta, MPQ(k)) for k in range(K))
    return Construction(
        name="step",
        network=chain([(rows, bias), (out, [0])], name="step"),
        parameters={"K": K, "delta": delta},
        claims={"width": 2 * (K - 1), "depth": 1, "max_abs_weight": max(1 / delta, MPQ(1)),
                "pieces": pieces},
        reference="Shen-Yang-Zhang 2022, Theorem A.1 proof, Step 2 (step function g)",
    )


@register(
    "index-map",
    "index map rho(y) = 1 + sum_i y_i K^(i-1): {0..K-1}^d -> {1..K^d} (one affine map)",
    parameters={"K": (parse_int(2), "cells per axis K"), "d": (parse_int(1), "dimension d")},
    estimate=lambda K, d: Estimate(0, 0, d * bits(K), in_dim=d),
)
def index_map(K: int, d: int) -> Construction:
    """``rho(y) = 1 + sum_{i=1}^{d} y_i K^(i-1)``: one affine map, no hidden layer.

    Examples
    --------
    >>> from verinet import evaluate
    >>> [str(y) for (y,) in evaluate(index_map(3, 2).network, [[0, 0], [2, 2], [1, 2]])]
    ['1', '9', '8']
    """
    check_int(K, "K", 2)
    check_int(d, "d", 1)
    return Construction(
        name="index-map",
        network=affine_network([[K**i for i in range(d)]], [1]),
        parameters={"K": K, "d": d},
        claims={"width": 0, "depth": 0, "image": (1, K**d)},
        reference="Shen-Yang-Zhang 2022, Theorem A.1 proof, Step 2 (index map)",
    )


def power_layers(J: int, pre_weights=((1,),), pre_bias=(0,)) -> list:
    """Layers of ``y -> h(A y + c)``; ``h`` the power map with knots ``1..J-1``."""
    rows = [[as_rational(v) for v in pre_weights[0]]] * (J - 1)
    bias = [as_rational(pre_bias[0]) - j for j in range(1, J)]
    out = [[12] + [9 * 4 ** (j - 1) for j in range(2, J)]]
    return [(rows, bias), (out, [4])]


@register(
    "power-map",
    "power map j -> 4^j for j = 1..J, one hidden layer of width J-1",
    parameters={"J": (parse_int(2), "largest exponent J >= 2")},
    estimate=lambda J: Estimate(J, 1, 2 * J + 2),
)
def power_map(J: int) -> Construction:
    """``h(y) = 4 + 12 relu(y - 1) + sum_{j=2}^{J-1} 9 4^(j-1) relu(y - j)``: ``h(j) = 4^j``.

    Slopes ``3 4^j`` on ``[j, j+1]``, so ``h`` interpolates ``(j, 4^j)``; ``h >= 4``.

    Examples
    --------
    >>> from verinet import evaluate
    >>> [str(y) for (y,) in evaluate(power_map(4).network, [[0], [1], [2], ["5/2"], [4]])]
    ['4', '4', '16', '40', '256']
    """
    check_int(J, "J", 2)
    return Construction(
        name="power-map",
        network=chain(power_layers(J), name="pow"),
        parameters={"J": J},
        claims={"width": J - 1, "depth": 1, "values": tuple((MPQ(j), MPQ(4**j)) for j in range(1, J + 1)),
                "max_abs_weight": MPQ(max(12, 9 * 4 ** (J - 2), J - 1))},
        reference="Shen-Yang-Zhang 2022, Theorem A.1 proof, Step 2 (power map)",
    )


@register(
    "cube-index",
    "phi_1(x) = 4^rho(beta) on the cube Q_beta (two hidden layers, Thm. A.1 Step 2)",
    parameters={"K": (parse_int(2), "cells per axis K"), "d": (parse_int(1), "dimension d"),
                "delta": (parse_rational, "trifling width delta in (0, 1/K)")},
    estimate=lambda K, d, delta: Estimate(
        max(capped_power(K, d), 2 * d * K),
        2,
        2 * capped_power(K, d) + rational_bits(delta) + bits(K),
        in_dim=d),
)
def cube_index(K: int, d: int, delta) -> Construction:
    """``phi_1(x) = h(rho(g(x_1), ..., g(x_d)))``, equal to ``4^(1 + sum beta_i K^(i-1))`` on ``Q_beta``.

    ``rho`` folds into the second affine map: its pre-activations are
    ``1 + sum_i K^(i-1) g(x_i) - j`` with ``g(x_i)`` read off the step units with weights
    ``+-K^(i-1)/delta``.

    Returns
    -------
    Construction
        Claims: hidden widths ``2d(K - 1)`` and ``K^d - 1``, at most ``11 K^d + 2``
        parameters (the paper's count), values ``4^rho(beta)`` on the cubes.

    Notes
    -----
    The paper's count keeps ``rho`` as a linear layer of its own.  Folded into the standard
    layered form this network has ``W(d + 1) + (K^d - 1)(W + 1) + K^d`` parameters,
    ``W = 2d(K - 1)``, which exceeds ``11 K^d + 2`` for e.g. ``K = 3, d = 2`` (105 > 101).

    Examples
    --------
    >>> from verinet import evaluate
    >>> net = cube_index(2, 2, "1/8").network
    >>> [str(y) for (y,) in evaluate(net, [[0, 0], [1, 0], ["1/4", "3/4"], [1, 1]])]
    ['4', '16', '64', '256']
    """
    check_int(K, "K", 2)
    check_int(d, "d", 1)
    delta = _check_delta(delta, K)
    rows, bias = step_layer(K, delta, d)
    read = [K**i / delta * s for i in range(d) for _ in range(1, K) for s in (1, -1)]
    layers = [(rows, bias)] + power_layers(K**d, (read,), (1,))
    return Construction(
        name="cube-index",
        network=chain(layers, name="phi1"),
        parameters={"K": K, "d": d, "delta": delta},
        claims={"width": max(2 * d * (K - 1), K**d - 1), "depth": 2, "parameters": 11 * K**d + 2,
                "box": ((MPQ(0), MPQ(1)),) * d},
        reference="Shen-Yang-Zhang 2022, Theorem A.1 proof, Step 2, eq. (9)",
    )
