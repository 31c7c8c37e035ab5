"""Point fitting with two hidden layers, its deep re-assembly, and the fitted step function.

Main statements
---------------
* Lemma 5.4 of Lu-Shen-Yang-Zhang 2021 (= Lemma 2.2 of Shen-Yang-Zhang, *Nonlinear
  approximation via compositions*, 2019 = Lemma 3.3 of Shen-Yang-Zhang, *Deep network
  approximation characterized by number of neurons*, 2020): for samples
  ``x_0 < x_1 < ... < x_{m(n+1)}`` with values ``y_i >= 0`` there is a network of widthvec
  ``[2m, 2n + 1]`` with

  1. ``phi(x_i) = y_i`` for every ``i``;
  2. ``phi`` linear on ``[x_{i-1}, x_i]`` for every ``i`` not a multiple of ``n + 1``;
  3. ``sup |phi| <= 3 max_i y_i prod_{k=1}^{n} (1 + max_j (x_{j(n+1)+n} - x_{j(n+1)+k-1})
     / min_j (x_{j(n+1)+k} - x_{j(n+1)+k-1}))`` on ``[x_0, x_{m(n+1)}]``.

* Lemma 5.5 (= Lemma 3.4 of the "number of neurons" paper): a network of widthvec
  ``[N, NL]`` with one output is also one of width ``2N + 2`` and depth ``L + 1``.
* Prop. 4.3 of Lu-Shen-Yang-Zhang 2021, case ``d >= 2``: with ``K = floor(N^(1/d))^2
  floor(L^(2/d))`` and ``delta in (0, 1/(3K)]``, one Lemma 5.4 network (``N_1 = floor(N^(1/d))``,
  ``N_2 = 2 floor(N^(1/d)) floor(L^(2/d)) - 1``), deepened by Lemma 5.5, equals ``k`` on
  ``[k/K, (k+1)/K - delta 1_{k <= K-2}]`` for ``k = 0..K-1``, with width
  ``4 floor(N^(1/d)) + 2`` and depth ``2 floor(L^(2/d)) + 1 <= 4L + 5``.
"""

from .._backend import MPQ, integer_root as _exact_root
from ..errors import InvalidArgument
from ..numbers import as_rational, parse_vector
from .construction import Construction
from .estimates import Estimate, bits, rational_bits
from ._layers import chain, check_int, parse_int, parse_rational
from .registry import register

__all__ = [
    "point_fitting",
    "point_fitting_layers",
    "fitting_sup_bound",
    "deepen_layers",
    "fitted_step",
    "step_samples",
    "integer_root",
]


def _check_samples(xs, ys, m: int, n: int) -> tuple:
    for name, seq in (("xs", xs), ("ys", ys)):
        if isinstance(seq, str) or not hasattr(seq, "__iter__"):
            raise InvalidArgument(f"{name}={seq!r} must be a sequence of exact numbers")
    x = tuple(as_rational(v, f"xs[{i}]") for i, v in enumerate(xs))
    y = tuple(as_rational(v, f"ys[{i}]") for i, v in enumerate(ys))
    if len(x) != m * (n + 1) + 1 or len(y) != len(x):
        raise InvalidArgument(
            f"Lemma 5.4 with N1={m}, N2={n} needs N1(N2+1)+1 = {m * (n + 1) + 1} samples; "
            f"got {len(x)} points and {len(y)} values"
        )
    for i in range(1, len(x)):
        if not x[i - 1] < x[i]:
            raise InvalidArgument(f"xs must increase strictly: xs[{i - 1}]={x[i - 1]} >= xs[{i}]={x[i]}")
    for i, v in enumerate(y):
        if v < 0:
            raise InvalidArgument(f"ys[{i}]={v} must be >= 0 (Lemma 5.4 fits non-negative values)")
    return x, y


def _cpl_row(p, values) -> tuple:
    """``G(t) = G(p_0) + sum_r w_r relu(t - p_r)`` for the CPL ``G`` with ``G(p_r) = values[r]``.

    ``G`` is linear on each ``[p_r, p_{r+1}]`` with slope ``s_r``; for ``t >= p_0``,
    ``relu(t - p_0) = t - p_0``, so ``w_0 = s_0`` and ``w_r = s_r - s_{r-1}`` (a new kink).
    """
    slopes = [(values[r + 1] - values[r]) / (p[r + 1] - p[r]) for r in range(len(p) - 1)]
    return [slopes[0]] + [slopes[r] - slopes[r - 1] for r in range(1, len(slopes))], values[0]


def point_fitting_layers(xs, ys, m: int, n: int) -> list:
    """The ``(W, b)`` layers of Lemma 5.4's network (widthvec ``[2m, 2n + 1]``).

    Follows the proof of Lemma 2.2 in Shen-Yang-Zhang 2019 (spec smooth_and_growth.md 1.7).
    """
    x, y = _check_samples(xs, ys, m, n)
    block = n + 1
    # Breakpoints p_{2j} = x_{j(n+1)}, p_{2j+1} = x_{j(n+1)+n}, p_{2m} = x_{m(n+1)}; layer 1
    # holds relu(t - p_r), r = 0..2m-1.  Every layer-2 unit is a CPL function linear between
    # consecutive p_r, given by its values at p_0..p_{2m}.
    p = [x[j * block + e] for j in range(m) for e in (0, n)] + [x[m * block]]
    units = []
    # g_0 interpolates the sample interpolant f_0 at the p_r: it is >= 0 (y >= 0), so
    # relu(g_0) = g_0 and f_1 = f_0 - g_0 vanishes at every p_r.  F[i] holds f_k(x_i).
    g0 = [y[j * block + e] for j in range(m) for e in (0, n)] + [y[m * block]]
    units.append(_cpl_row(p, g0))
    F = [y[i] - _on_block_line(p, g0, x, i, block) for i in range(len(x))]
    for k in range(1, n + 1):
        # On block j, the line through (x_{j(n+1)+k-1}, 0) and (x_{j(n+1)+k}, +-f_k(x_{j(n+1)+k}))
        # (sign +: blocks with f_k >= 0 there; sign -: the others); 0 on the other blocks.
        # relu of it vanishes left of x_{j(n+1)+k-1}, so subtracting relu(g_k^+) and adding
        # relu(g_k^-) zeroes f at x_{j(n+1)+k} and keeps f at x_{j(n+1)+i}, i < k.
        for sign in (1, -1):
            values = []
            for j in range(m):
                a, b = x[j * block + k - 1], x[j * block + k]
                target = sign * F[j * block + k]
                slope = target / (b - a) if (target >= 0 if sign == 1 else target > 0) else MPQ(0)
                values += [slope * (p[2 * j] - a), slope * (p[2 * j + 1] - a)]
            values.append(MPQ(0))
            units.append(_cpl_row(p, values))
            for i in range(m * block):
                j = i // block
                a = x[j * block + k - 1]
                slope = (values[2 * j + 1] - values[2 * j]) / (p[2 * j + 1] - p[2 * j])
                F[i] -= sign * max(slope * (x[i] - a), MPQ(0))
    first = ([[1]] * (2 * m), [-t for t in p[:-1]])
    second = ([row for row, _ in units], [b for _, b in units])
    out = ([[1] + [1, -1] * n], [0])
    return [first, second, out]


def _on_block_line(p, values, x, i, block) -> MPQ:
    """The CPL function with values ``values`` at ``p`` evaluated at the sample ``x_i``."""
    r = next(r for r in range(len(p) - 1) if p[r] <= x[i] <= p[r + 1])
    return values[r] + (values[r + 1] - values[r]) * (x[i] - p[r]) / (p[r + 1] - p[r])


def fitting_sup_bound(xs, ys, m: int, n: int) -> MPQ:
    """Property (iii) of Lemma 5.4: the bound on ``sup |phi|`` over ``[x_0, x_{m(n+1)}]``."""
    x, y = _check_samples(xs, ys, m, n)
    block, bound = n + 1, 3 * max(y)
    for k in range(1, n + 1):
        spread = max(x[j * block + n] - x[j * block + k - 1] for j in range(m))
        gap = min(x[j * block + k] - x[j * block + k - 1] for j in range(m))
        bound *= 1 + spread / gap
    return bound


@register(
    "point-fitting",
    "Lemma 5.4 (Lu-Shen-Yang-Zhang 2021): widthvec [2N1, 2N2+1] network with phi(x_i) = y_i "
    "at N1(N2+1)+1 samples",
    parameters={
        "xs": (parse_vector, "increasing sample points, e.g. '0,1/2,1'"),
        "ys": (parse_vector, "values >= 0 at the samples"),
        "N1": (parse_int(1), "number of blocks N1"),
        "N2": (parse_int(1), "samples per block minus one, N2"),
    },
    estimate=lambda xs, ys, N1, N2: Estimate(
        2 * N1 + 2 * N2 + 1,
        2,
        4 * max(map(rational_bits, (*xs, *ys, 1))) + 8),
)
def point_fitting(xs, ys, N1: int, N2: int) -> Construction:
    """Lemma 5.4: exact fit of ``N1 (N2 + 1) + 1`` samples by a widthvec ``[2N1, 2N2 + 1]`` network.

    Returns
    -------
    Construction
        Claims: ``hidden_widths = [2 N1, 2 N2 + 1]``, depth 2, ``values`` (the pairs
        ``(x_i, y_i)``), ``linear_on`` (the intervals ``[x_{i-1}, x_i]``, ``i`` not a multiple
        of ``N2 + 1``), ``sup_abs`` (property (iii)) on ``interval = (x_0, x_{N1(N2+1)})``.
        The papers state no bound on the second-layer weights; the first layer has weights 1
        and biases ``-p_r``, the output weights are ``+-1`` with bias 0.

    Raises
    ------
    InvalidArgument
        If the sample count is not ``N1 (N2 + 1) + 1``, the ``xs`` do not increase strictly,
        a ``y`` is negative, or a number is not exact.

    Examples
    --------
    >>> from verinet import evaluate
    >>> c = point_fitting([0, 1, 2, 3, 4], [0, 1, 0, 2, 1], 2, 1)
    >>> [str(y) for (y,) in evaluate(c.network, [[0], [1], [2], [3], [4], ["5/2"]])]
    ['0', '1', '0', '2', '1', '1']

    References
    ----------
    Lu, Shen, Yang, Zhang (2021), Lemma 5.4; Shen, Yang, Zhang, Nonlinear approximation via
    compositions, Neural Networks 119 (2019), Lemma 2.2 (construction and property (iii)).
    """
    check_int(N1, "N1", 1)
    check_int(N2, "N2", 1)
    x, y = _check_samples(xs, ys, N1, N2)
    layers = point_fitting_layers(x, y, N1, N2)
    linear_on = tuple((x[i - 1], x[i]) for i in range(1, len(x)) if i % (N2 + 1))
    return Construction(
        name="point-fitting",
        network=chain(layers, name="fit"),
        parameters={"xs": x, "ys": y, "N1": N1, "N2": N2},
        claims={"hidden_widths": [2 * N1, 2 * N2 + 1], "width": max(2 * N1, 2 * N2 + 1), "depth": 2,
                "values": tuple(zip(x, y)), "linear_on": linear_on, "interval": (x[0], x[-1]),
                "sup_abs": fitting_sup_bound(x, y, N1, N2)},
        reference="Lu-Shen-Yang-Zhang 2021, Lemma 5.4 (= Shen-Yang-Zhang 2019, Lemma 2.2)",
    )


def deepen_layers(layers, N: int, L: int) -> list:
    """Lemma 5.5: the layers of a widthvec ``[N, M]`` network (``M <= NL``, one output) re-laid
    with width ``<= 2N + 2`` and depth ``L + 1``.

    The second hidden layer is split into blocks ``h_l`` of at most ``N`` units.  Deep layer 1
    holds ``g`` (the first hidden layer); deep layer ``l + 1`` holds ``g`` (carried as
    ``relu(g) = g``, since ``g >= 0``), ``h_l = relu(W_{1,l} g + b_{1,l})`` and
    ``relu(+-s_{l-1})``, with ``s_l = s_{l-1} + W_{2,l} h_l``, ``s_0 = 0``; the output is
    ``s_L + b_2``.  The weights are those of the shallow network plus ``+-1`` carries.
    """
    (W0, b0), (W1, b1), (W2, b2) = layers
    if len(W0) != N or len(W1) > N * L or len(W2) != 1:
        raise InvalidArgument(
            f"Lemma 5.5 needs widthvec [N, <= N L] = [{N}, <= {N * L}] and one output; "
            f"got [{len(W0)}, {len(W1)}] and {len(W2)} outputs"
        )
    size = -(-len(W1) // L)  # ceil: blocks h_1..h_L of at most N units
    blocks = [range(l * size, min((l + 1) * size, len(W1))) for l in range(L)]
    eye = [[int(r == c) for c in range(N)] for r in range(N)]
    deep = [(W0, b0)]
    layout, width = {"g": 0}, N  # offsets of g, h, +-s in the previous deep layer
    for l in range(1, L + 2):
        # s_{l-1} = s_{l-2} + W_{2,l-1} h_{l-1} as a row over the previous deep layer
        s = [0] * width
        if "s" in layout:
            s[layout["s"]], s[layout["s"] + 1] = 1, -1
        if "h" in layout:
            for c, r in enumerate(blocks[l - 2]):
                s[layout["h"] + c] = W2[0][r]
        if l == L + 1:
            deep.append(([s], [b2[0]]))
            break

        def from_g(values):
            row = [0] * width
            row[layout["g"] : layout["g"] + N] = values
            return row

        rows, bias, new = [], [], {}
        if l < L:
            new["g"] = len(rows)
            rows, bias = rows + [from_g(e) for e in eye], bias + [0] * N
        new["h"] = len(rows)
        rows, bias = rows + [from_g(W1[r]) for r in blocks[l - 1]], bias + [b1[r] for r in blocks[l - 1]]
        if l >= 2:
            new["s"] = len(rows)
            rows, bias = rows + [s, [-v for v in s]], bias + [0, 0]
        deep.append((rows, bias))
        layout, width = new, len(rows)
    return deep


def integer_root(value: int, d: int) -> int:
    """``floor(value^(1/d))`` for ints ``value >= 0``, ``d >= 1``, computed exactly."""
    check_int(value, "value", 0)
    check_int(d, "d", 1)
    return _exact_root(value, d)


def step_samples(K: int, delta) -> tuple:
    """Prop. 4.3's samples ``(k/K, k)``, ``((k+1)/K - delta, k)``, ``(1, K-1)``, ``(2, 0)``, sorted."""
    points = [(MPQ(k, K), MPQ(k)) for k in range(K)] + [(MPQ(k + 1, K) - delta, MPQ(k)) for k in range(K - 1)]
    points += [(MPQ(1), MPQ(K - 1)), (MPQ(2), MPQ(0))]
    points.sort()
    return tuple(x for x, _ in points), tuple(y for _, y in points)


@register(
    "fitted-step",
    "Prop. 4.3 (d >= 2): step function k on [k/K, (k+1)/K - delta] from one Lemma 5.4 network "
    "deepened by Lemma 5.5 (width 4 floor(N^(1/d)) + 2, depth 2 floor(L^(2/d)) + 1)",
    parameters={
        "N": (parse_int(1), "width parameter N"),
        "L": (parse_int(1), "depth parameter L"),
        "d": (parse_int(2), "dimension d >= 2 (sets K)"),
        "delta": (parse_rational, "trifling width delta in (0, 1/(3K)]"),
    },
    estimate=lambda N, L, d, delta: Estimate(
        4 * N + 2,
        2 * L + 1,
        4 * rational_bits(delta) + 4 * (bits(N) + bits(L)) + 8),
)
def fitted_step(N: int, L: int, d: int, delta) -> Construction:
    """Prop. 4.3, case ``d >= 2``: the step function of Lu-Shen-Yang-Zhang 2021 built as the paper does.

    ``K = floor(N^(1/d))^2 floor(L^(2/d))``; Lemma 5.4 fits the ``2K + 1`` samples of
    :func:`step_samples` with ``N_1 = floor(N^(1/d))``, ``N_2 = 2 N_1 floor(L^(2/d)) - 1``
    (widthvec ``[2 N_1, 4 N_1 floor(L^(2/d)) - 1]``); since ``N_2 + 1`` is even the intervals
    where the fit may bend are exactly the trifling intervals ``[k/K - delta, k/K]``.
    Lemma 5.5 re-lays it with width ``4 N_1 + 2`` and depth ``2 floor(L^(2/d)) + 1``.

    Returns
    -------
    Construction
        Claims (Prop. 4.3): width ``4 floor(N^(1/d)) + 3``, depth ``4L + 5``, and ``pieces``
        ``(k/K, (k+1)/K - delta 1_{k <= K-2}, k)`` on which the network equals ``k``.

    Raises
    ------
    InvalidArgument
        If ``N, L < 1``, ``d < 2`` or ``delta`` is not in ``(0, 1/(3K)]``.

    Examples
    --------
    >>> from verinet import evaluate
    >>> c = fitted_step(4, 1, 2, "1/24")          # K = 2^2 * 1 = 4
    >>> [str(y) for (y,) in evaluate(c.network, [[0], ["1/5"], ["3/8"], ["5/8"], [1]])]
    ['0', '0', '1', '2', '3']

    References
    ----------
    Lu-Shen-Yang-Zhang 2021, Prop. 4.3 (proof, case d >= 2, pp. 38-39), Lemmas 5.4 and 5.5.
    """
    check_int(N, "N", 1)
    check_int(L, "L", 1)
    check_int(d, "d", 2)
    n1, l2 = integer_root(N, d), integer_root(L * L, d)
    K = n1 * n1 * l2
    delta = as_rational(delta, "delta")
    if not 0 < delta <= MPQ(1, 3 * K):
        raise InvalidArgument(f"delta={delta} must lie in (0, 1/(3K)] = (0, 1/{3 * K}] (K = {K})")
    n2 = 2 * n1 * l2 - 1
    xs, ys = step_samples(K, delta)
    layers = deepen_layers(point_fitting_layers(xs, ys, n1, n2), 2 * n1, 2 * l2)
    pieces = tuple((MPQ(k, K), MPQ(k + 1, K) - (delta if k <= K - 2 else 0), MPQ(k)) for k in range(K))
    return Construction(
        name="fitted-step",
        network=chain(layers, name="step"),
        parameters={"N": N, "L": L, "d": d, "delta": delta},
        claims={"width": 4 * n1 + 3, "depth": 4 * L + 5, "K": K, "pieces": pieces,
                "layout": {"N1": n1, "N2": n2, "width": 4 * n1 + 2, "depth": 2 * l2 + 1}},
        reference="Lu-Shen-Yang-Zhang 2021, Prop. 4.3 (d >= 2), Lemmas 5.4 and 5.5",
    )
