"""Max, min and mid of three numbers, and the mid repair of the trifling region.

Main statements
---------------
* Lemma 3.1 (Lu-Shen-Yang-Zhang 2021): ``mid(x1, x2, x3) = x1 + x2 + x3 - max - min`` is a
  network of widthvec ``[14, 10]`` (width 14, depth 2) with weights in ``{+-1, +-1/2}`` and
  zero biases; ``max`` and ``min`` of three have widthvec ``[6, 4]``.
* Lemmas 3.3/3.4: if ``|g - f| <= eps`` on ``[0, 1]^d`` minus the trifling region
  ``Omega(K, delta)``, ``delta <= 1/(3K)``, then ``phi_d`` with ``phi_0 = g`` and
  ``phi_{i+1}(x) = mid(phi_i(x - delta e_{i+1}), phi_i(x), phi_i(x + delta e_{i+1}))`` satisfies
  ``|phi_d - f| <= eps + d omega_f(delta)`` on all of ``[0, 1]^d``; with ``g`` of width ``N``
  and depth ``L``, ``phi_d`` has width ``3^d max(N, 14) <= 3^d (N + 4)`` and depth ``L + 2d``.
"""

from .._backend import MPQ
from ..calculus import compose, concatenate, pre_affine
from ..errors import InvalidArgument
from ..network import Network
from ..numbers import as_rational
from .construction import Construction
from .estimates import Estimate, bits, capped_power, rational_bits
from ._layers import chain, check_int, parse_int, parse_rational
from .registry import register
from .step import step_layer

__all__ = ["max3", "min3", "mid3", "mid_repair", "mid_repair_of_step"]

HALF = MPQ(1, 2)

# Layer 1 of max3/min3 (Fig. 3): relu(+-(x1 + x2)), relu(+-(x1 - x2)), relu(+-x3).
_PAIR_LAYER = ([[1, 1, 0], [-1, -1, 0], [1, -1, 0], [-1, 1, 0], [0, 0, 1], [0, 0, -1]], [0] * 6)


def _extreme_layers(sign: int) -> list:
    # max(x, y) = 1/2 relu(x+y) - 1/2 relu(-x-y) + 1/2 relu(x-y) + 1/2 relu(y-x)   (eq. 3.2)
    # min(x, y) = the same with the |x - y| terms subtracted; sign = +1 (max) or -1 (min).
    # With units (p, q, r, s, c, e) of layer 1: m = max/min(x1, x2) = (p - q)/2 + sign (r + s)/2
    # and x3 = c - e; layer 2 holds relu(+-(m + x3)), relu(+-(m - x3)).
    m = [HALF, -HALF, sign * HALF, sign * HALF]
    rows = [m + [1, -1], [-v for v in m] + [-1, 1], m + [-1, 1], [-v for v in m] + [1, -1]]
    out = [[HALF, -HALF, sign * HALF, sign * HALF]]
    return [_PAIR_LAYER, (rows, [0] * 4), (out, [0])]


def _extreme(name, sign, summary) -> Construction:
    return Construction(
        name=name,
        network=chain(_extreme_layers(sign), name=name),
        parameters={},
        claims={"width": 6, "depth": 2, "max_abs_weight": MPQ(1), "target": summary},
        reference="Lu-Shen-Yang-Zhang 2021, Lemma 3.1 (Fig. 3)",
    )


@register("max3", "Lemma 3.1: max of three numbers, widthvec [6, 4]", parameters={})
def max3() -> Construction:
    """``max(x1, x2, x3)``, widthvec ``[6, 4]``, weights in ``{+-1, +-1/2}``, zero biases.

    Examples
    --------
    >>> from verinet import evaluate
    >>> [str(y) for (y,) in evaluate(max3().network, [[1, -2, "1/3"], [-5, -7, -6]])]
    ['1', '-5']
    """
    return _extreme("max3", 1, "Max(x1, x2, x3)")


@register("min3", "Lemma 3.1: min of three numbers, widthvec [6, 4]", parameters={})
def min3() -> Construction:
    """``min(x1, x2, x3)``, widthvec ``[6, 4]``, weights in ``{+-1, +-1/2}``, zero biases.

    Examples
    --------
    >>> from verinet import evaluate
    >>> [str(y) for (y,) in evaluate(min3().network, [[1, -2, "1/3"], [-5, -7, -6]])]
    ['-2', '-7']
    """
    return _extreme("min3", -1, "Min(x1, x2, x3)")


def _mid_layers() -> list:
    # mid = relu(s) - relu(-s) - max3 - min3 with s = x1 + x2 + x3 (Lemma 3.1).
    # Layer 1: max3's 6 units, min3's 6 units, relu(+-s)            -> 14
    # Layer 2: max3's 4 units, min3's 4 units, relu(relu(+-s))      -> 10
    top, bottom = _extreme_layers(1), _extreme_layers(-1)
    first = (top[0][0] + bottom[0][0] + [[1, 1, 1], [-1, -1, -1]], [0] * 14)
    pad = [0] * 6
    second = (
        [row + pad + [0, 0] for row in top[1][0]]
        + [pad + row + [0, 0] for row in bottom[1][0]]
        + [[0] * 12 + [1, 0], [0] * 12 + [0, 1]],
        [0] * 10,
    )
    out = ([[-v for v in top[2][0][0]] + [-v for v in bottom[2][0][0]] + [1, -1]], [0])
    return [first, second, out]


@register("mid3", "Lemma 3.1: median of three numbers, widthvec [14, 10]", parameters={})
def mid3() -> Construction:
    """``mid(x1, x2, x3)``: widthvec ``[14, 10]``, 217 parameters, weights in ``{+-1, +-1/2}``.

    Returns
    -------
    Construction
        Claims: width 14, depth 2, at most ``(3+1) 14 + (14+1) 14 + (14+1) = 280`` parameters
        (Shen-Yang-Zhang 2022's count), largest weight 1, all biases 0.

    Examples
    --------
    >>> from verinet import evaluate
    >>> [str(y) for (y,) in evaluate(mid3().network, [[3, 1, 2], ["1/2", "-1/3", "1/7"]])]
    ['2', '1/7']

    References
    ----------
    Lu-Shen-Yang-Zhang 2021, Lemma 3.1; Shen-Yang-Zhang 2022, proof of Thm. 2.2 (footnote).
    """
    return Construction(
        name="mid3",
        network=chain(_mid_layers(), name="mid"),
        parameters={},
        claims={"width": 14, "depth": 2, "parameters": 280, "max_abs_weight": MPQ(1),
                "target": "x1 + x2 + x3 - Max(x1, x2, x3) - Min(x1, x2, x3)"},
        reference="Lu-Shen-Yang-Zhang 2021, Lemma 3.1",
    )


def mid_repair(g: Network, delta) -> Network:
    """``phi_d`` of Lemma 3.4 for a network ``g`` on ``R^d`` (``d = g.in_dim``, one output).

    ``phi_{i+1}(x) = mid(phi_i(x - delta e_{i+1}), phi_i(x), phi_i(x + delta e_{i+1}))``; each
    step runs three shifted copies side by side and feeds them to :func:`mid3`.

    Raises
    ------
    InvalidArgument
        If ``g`` has more than one output or ``delta`` is not an exact number > 0.

    References
    ----------
    Lu-Shen-Yang-Zhang 2021, Lemmas 3.3 and 3.4 (network size p. 22).
    """
    if not isinstance(g, Network) or g.out_dim != 1:
        raise InvalidArgument(f"g={g!r} must be a Network with one output")
    delta = as_rational(delta, "delta")
    if delta <= 0:
        raise InvalidArgument(f"delta={delta} must be > 0")
    d = g.in_dim
    eye = [[int(r == c) for c in range(d)] for r in range(d)]
    phi = g
    for i in range(d):
        shift = [-delta * int(r == i) for r in range(d)]
        copies = [pre_affine(phi, eye, [s * sign for s in shift]) for sign in (1, 0, -1)]
        phi = compose(mid3().network, concatenate(*copies))
    return phi


def _spiky_mean_layers(K: int, delta, d: int) -> list:
    # g(x) = sum_i [ step(x_i) / (dK) + spike_i(x_i) ], where spike_i is a hat of height 1 on
    # each trifling interval (k/K - delta, k/K):  (2/delta)(r(t - k/K + delta) - 2 r(t - k/K + delta/2)
    # + r(t - k/K)).  Off the trifling region the spikes vanish and |g - f| <= 1/K.
    rows, bias = step_layer(K, delta, d)
    out = [1 / (delta * d * K) * s for _ in range(d) for _ in range(1, K) for s in (1, -1)]
    for i in range(d):
        e = [int(r == i) for r in range(d)]
        for k in range(1, K):
            for shift, c in ((delta, 1), (delta / 2, -2), (MPQ(0), 1)):
                rows.append(e)
                bias.append(shift - MPQ(k, K))
                out.append(2 * c / delta)
    return [(rows, bias), ([out], [0])]


@register(
    "mid-repair",
    "Lemmas 3.3/3.4: mid repair of a step approximant of mean(x) that is wrong on the trifling region",
    parameters={
        "K": (parse_int(2), "number of cells per axis K >= 2"),
        "delta": (parse_rational, "trifling width delta in (0, 1/(3K)]"),
        "d": (parse_int(1), "dimension d"),
    },
    estimate=lambda K, delta, d: Estimate(
        capped_power(3, d) * (5 * K * d + 4),
        2 * d + 1,
        rational_bits(delta) + 2 * bits(K) + 4,
        in_dim=d),
)
def mid_repair_of_step(K: int, delta, d: int) -> Construction:
    """Lemma 3.4 on a worked instance: ``f(x) = (x_1 + ... + x_d)/d`` on ``[0, 1]^d``.

    [R] ``g(x) = sum_i (step(x_i)/(dK) + spike_i(x_i))`` uses the step function of slope
    ``1/delta`` (:func:`~verinet.constructions.step.step_layer`) plus a hat of height 1 on every
    trifling interval, so ``|g - f| <= 1/K`` off the trifling region and ``g`` is off by about 1
    on it.  The repaired network satisfies ``|phi_d - f| <= 1/K + d omega_f(delta)`` on all of
    ``[0, 1]^d``; here ``omega_f(delta) = delta / sqrt(d) <= delta`` and the claim stored is the
    rational bound ``1/K + d delta``.

    Raises
    ------
    InvalidArgument
        If ``K < 2``, ``d < 1`` or ``delta`` is not in ``(0, 1/(3K)]``.

    Examples
    --------
    >>> from verinet import evaluate
    >>> c = mid_repair_of_step(4, "1/12", 1)
    >>> [str(y) for (y,) in evaluate(c.network, [["5/24"], ["1/2"], [1]])]
    ['1/4', '1/2', '3/4']
    """
    check_int(K, "K", 2)
    check_int(d, "d", 1)
    delta = as_rational(delta, "delta")
    if not 0 < delta <= MPQ(1, 3 * K):
        raise InvalidArgument(f"delta={delta} must lie in (0, 1/(3K)] = (0, 1/{3 * K}]")
    g = chain(_spiky_mean_layers(K, delta, d), name="g")
    N = 5 * (K - 1) * d
    return Construction(
        name="mid-repair",
        network=mid_repair(g, delta),
        parameters={"K": K, "delta": delta, "d": d},
        claims={"width": 3**d * (N + 4), "depth": 1 + 2 * d, "box": ((MPQ(0), MPQ(1)),) * d,
                "target": "(" + " + ".join(f"x{i + 1}" for i in range(d)) + f")/{d}",
                "sup_error": MPQ(1, K) + d * delta, "off_region_error": MPQ(1, K)},
        reference="Lu-Shen-Yang-Zhang 2021, Lemmas 3.3/3.4 (Theorem 2.1)",
    )
