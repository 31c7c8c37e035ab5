"""Point fitting through bit planes (Lu-Shen-Yang-Zhang 2021, Lemmas 5.6, 5.7 and Prop. 4.4).

Main statements
---------------
* Lemma 3.5 of Shen-Yang-Zhang 2020 ("number of neurons"): a network of width 7 and depth
  ``2L`` with ``phi(bin0.theta_1...theta_L, l) = sum_{j=1}^{l} theta_j`` for ``l = 1..L`` and
  every ``theta in {0, 1}^L`` (:func:`prefix_bit_sum_layers`).
* Lemma 5.6: for bits ``theta_{m,l}``, ``m < M = N^2 L``, ``l < L``, a network of width
  ``4N + 3`` and depth ``3L + 3`` with ``phi(m, l) = sum_{j=0}^{l} theta_{m,j}``.
* Lemma 5.7: for bits ``theta_i``, ``i < N^2 L^2``, a network of width ``8N + 6`` and depth
  ``5L + 7`` with ``phi(i) = theta_i`` exactly.
* Prop. 4.4: for ``xi_i in [0, 1]``, ``i < N^2 L^2``, a network of width ``16 s (N + 1)
  log2(8N)`` and depth ``5 (L + 2) log2(4L)`` with ``|phi(i) - xi_i| <= N^(-2s) L^(-2s)`` and
  ``0 <= phi <= 1`` on R: ``J = ceil(2 s log2(NL + 1))`` bit planes, each a Lemma 5.7
  network, summed with weights ``2^-j`` and clipped.
"""

import sympy

from .._backend import MPQ
from ..balls import enclose
from ..errors import InvalidArgument
from ..network import Network, NetworkBuilder
from ..numbers import as_rational, parse_vector
from ..reals import floor_of
from .construction import Construction
from .doubling import check_variant, step_layers
from .estimates import Estimate, bits
from ._layers import chain, check_bits, check_int, parse_int, sum_of_chains
from .fitting import deepen_layers, point_fitting_layers
from .registry import register

__all__ = ["prefix_bit_sum_layers", "prefix_sums", "bit_sequence", "bit_planes_count", "truncated_bits",
           "bit_plane", "bit_point_fitting", "bit_plane_network", "point_fit_values", "point_fit_network"]


def prefix_bit_sum_layers(L: int, variant: str = "lsyz") -> list:
    """Lemma 3.5 of Shen-Yang-Zhang 2020: ``(y, l) -> sum_{j <= l} theta_j`` for ``y = bin0.theta_1..theta_L``.

    Stage ``j`` carries ``xi_j, l, S`` beside the step chain ``theta_j = clip(2^L (xi_j - 1/2) + 1, 0, 1)``
    (:func:`~verinet.constructions.doubling.step_layers`; eqs. 3.11-3.12: ``xi_j - 1/2 <= -2^-L`` when
    ``theta_j = 0``), whose last hidden layer also holds ``p = relu(l - j + 1)``, ``q = relu(l - j)``;
    the next layer holds ``xi_{j+1} = relu(2 xi_j - theta_j)``, ``z_j = relu(theta_j + (p - q) - 1)``,
    ``l``, ``S``: ``p - q = 1_{l >= j}`` on integers and ``z_j = theta_j 1_{l >= j}`` (eqs. 3.13-3.14);
    the running sum ``S`` gains ``z_j``.  ``variant="lsyz"``: the paper's step ``a - b`` with
    ``a = relu(2^L xi_j - 2^(L-1) + 1)``, ``b = relu(2^L xi_j - 2^(L-1))``, depth ``2L``, weight ``2^L``,
    biases ``-2^(L-1)``, ``1 - 2^(L-1)`` (the exponential parameters of the paper, spec 1.10);
    ``"bounded"``: the doubling chain [R], the same function, depth ``L (L + 2)``, every parameter
    at most ``max(2, L)`` (the ``l - j`` biases).  Width 7 either way.
    """
    check_int(L, "L", 1)
    *chain_layers, (w_out, b_out) = step_layers(L, variant, MPQ(1, 2))
    m = len(w_out[0])  # step units of the chain's last hidden layer
    # The state (xi, l, S) as rows (weights, bias) over the previous layer.
    state = {"xi": ([1, 0], 0), "l": ([0, 1], 0), "S": ([0, 0], 0)}
    layers = []
    for j in range(1, L + 1):
        for k, (W, b) in enumerate(chain_layers):
            if k:  # over [xi, step units (n), l, S] of the chain's previous layer
                n = len(W[0])
                state = {"xi": (_unit(0, n + 3), 0), "l": (_unit(n + 1, n + 3), 0), "S": (_unit(n + 2, n + 3), 0)}
            (wx, bx), (wl, bl), (ws, bs) = state["xi"], state["l"], state["S"]
            steps = ([[W[u][0] * v for v in wx] for u in range(len(W))], [W[u][0] * bx + b[u] for u in range(len(W))]) \
                if k == 0 else ([[0] + list(row) + [0, 0] for row in W], list(b))
            last = [(wl, bl - j + 1), (wl, bl - j)] if k == len(chain_layers) - 1 else []
            rows = [(wx, bx)] + list(zip(*steps)) + last + [(wl, bl), (ws, bs)]
            layers.append(([r for r, _ in rows], [c for _, c in rows]))
        # over [xi, step units (m), p, q, l, S]: theta_j = w_out . steps + b_out
        theta = list(w_out[0])
        layers.append(([[2] + [-t for t in theta] + [0, 0, 0, 0], [0] + theta + [1, -1, 0, 0],
                        _unit(m + 3, m + 5), _unit(m + 4, m + 5)], [-b_out[0], b_out[0] - 1, 0, 0]))
        state = {"xi": ([1, 0, 0, 0], 0), "l": ([0, 0, 1, 0], 0), "S": ([0, 1, 0, 1], 0)}
    layers.append(([state["S"][0]], [0]))
    return layers


def _unit(i: int, n: int) -> list:
    """The ``i``-th unit row of length ``n``."""
    return [int(k == i) for k in range(n)]


def bit_sequence(theta) -> MPQ:
    """``bin0.theta_1 ... theta_L = sum_j theta_j 2^-j``."""
    return sum((MPQ(t, 2**j) for j, t in enumerate(check_bits(theta), start=1)), MPQ(0))


def with_carried_input(layers, out_rows, out_bias) -> list:
    """Layers of ``(u, v) -> C (g(u), v) + c`` for a chain ``g`` with scalar input and output and
    ``v >= 0`` on the domain, carried by one unit ``relu(v) = v`` per hidden layer.

    ``C = out_rows`` (rows over ``(g(u), v)``), ``c = out_bias``.
    """
    (W0, b0), *middle, (WL, bL) = layers
    out = [([[w[0], 0] for w in W0] + [[0, 1]], list(b0) + [0])]
    for W, b in middle:
        out.append(([list(row) + [0] for row in W] + [[0] * len(W[0]) + [1]], list(b) + [0]))
    rows = [[cg * w for w in WL[0]] + [cv] for cg, cv in out_rows]
    out.append((rows, [cg * bL[0] + c for (cg, _), c in zip(out_rows, out_bias)]))
    return out


def prefix_sums(rows: list, N: int, L: int, variant: str = "lsyz") -> list:
    """Lemma 5.6: ``(m, l) -> sum_{j=0}^{l} rows[m][j]`` for ``m < M = N^2 L``, ``l < L``.

    ``phi_1`` fits ``(m, y_m)``, ``y_m = bin0.rows[m]`` (``y_M = 0``, free in the paper) by
    Lemma 5.4 with ``N_1 = N``, ``N_2 = NL - 1``, deepened by Lemma 5.5 (width ``4N + 2``, depth
    ``L + 1``); then ``phi(m, l) = phi_{3.5}(phi_1(m), l + 1)`` (Lemma 3.5's step: ``variant``).
    Returns the ``(W, b)`` layers.
    """
    M = N * N * L
    if len(rows) != M or any(len(r) != L for r in rows):
        raise InvalidArgument(f"Lemma 5.6 with N={N}, L={L} needs {M} rows of {L} bits")
    ys = [bit_sequence(r) for r in rows] + [MPQ(0)]
    if N * L == 1:  # [R] N_2 = NL - 1 = 0 is no Lemma 5.4 network: fit (0, y_0), (1, 0), (2, 0) with N_2 = 1
        fit = point_fitting_layers([0, 1, 2], ys + [MPQ(0)], 1, 1)
    else:
        fit = deepen_layers(point_fitting_layers(list(range(M + 1)), ys, N, N * L - 1), 2 * N, L)
    return chained(with_carried_input(fit, [(1, 0), (0, 1)], [0, 1]), prefix_bit_sum_layers(L, variant))


def chained(first, second) -> list:
    """The layers of ``second o first`` (the last affine map of ``first`` merged into the first of ``second``)."""
    (W, b), (V, c) = first[-1], second[0]
    rows = [[sum((as_rational(v) * as_rational(w[k]) for v, w in zip(row, W)), MPQ(0)) for k in range(len(W[0]))]
            for row in V]
    bias = [as_rational(ck) + sum((as_rational(v) * as_rational(bk) for v, bk in zip(row, b)), MPQ(0))
            for row, ck in zip(V, c)]
    return first[:-1] + [(rows, bias)] + second[1:]


def bit_plane_network(theta, N: int, L: int, variant: str = "lsyz") -> Network:
    """Lemma 5.7: ``i -> theta_i`` exactly for ``i < N^2 L^2``.

    ``L >= 2``: ``i = mL + l``, ``psi`` (Lemma 5.4, samples ``(mL, m)``, ``((m+1)L - 1, m)``,
    ``N_1 = N``, ``N_2 = 2NL - 1``, deepened to width ``4N + 2``, depth ``2L + 1``) gives ``m``,
    and ``theta_i = phi_1(m, i - Lm) - phi_2(m, i - Lm)`` (eq. 5.8) with ``phi_1`` the Lemma 5.6
    network of ``a_{m,l} = theta_{mL+l}`` and ``phi_2`` that of ``b_{m,0} = 0``,
    ``b_{m,l} = a_{m,l-1}``.  [R] ``L = 1`` (the paper: "clear"): ``m = i``, so ``psi`` is the
    carry ``relu(i)`` (and ``phi_2``, built the same way, is 0).  ``i`` is carried beside ``psi``
    by one unit, ``l + 1`` beside Lemma 5.6's fit by one unit (both are >= 0).  ``variant``: Lemma
    3.5's step (:func:`prefix_bit_sum_layers`; ``"bounded"`` is ``L^2`` layers deeper).
    """
    theta = check_bits(theta)
    M = N * N * L
    if len(theta) != M * L:
        raise InvalidArgument(f"Lemma 5.7 with N={N}, L={L} needs N^2 L^2 = {M * L} bits, got {len(theta)}")
    a = [list(theta[m * L:(m + 1) * L]) for m in range(M)]
    shifted = [[0] + row[:-1] for row in a]
    if L == 1:
        index = [([[1]], [0]), ([[1], [0]], [0, 0])]  # (m, l) = (relu(i), 0)
    else:
        xs = sorted([MPQ(m * L) for m in range(M + 1)] + [MPQ((m + 1) * L - 1) for m in range(M)])
        ys = [MPQ(int(v) // L) for v in xs]
        psi = deepen_layers(point_fitting_layers(xs, ys, N, 2 * N * L - 1), 2 * N, 2 * L)
        index = with_carried_input(psi, [(1, 0), (-L, 1)], [0, 0])  # (m, i - L m), i >= 0 carried
        (W0, b0), rest = index[0], index[1:]
        index = [([[row[0] + row[1]] for row in W0], b0)] + rest  # feed (i, i)
    eye = [[1, 0], [0, 1]]
    both = sum_of_chains([(1, eye, [0, 0], prefix_sums(a, N, L, variant)),
                          (-1, eye, [0, 0], prefix_sums(shifted, N, L, variant))])
    return chain(chained(index, both), name="bit_plane")


def bit_planes_count(N: int, L: int, s: int) -> int:
    """``J = ceil(2 s log2(NL + 1))``, exactly: the least ``J`` with ``2^J >= (NL + 1)^(2s)``."""
    return ((N * L + 1) ** (2 * s) - 1).bit_length()


def truncated_bits(value, J: int) -> tuple:
    """The ``J`` bits of ``min(floor(2^J xi), 2^J - 1)`` (most significant first) for ``xi in [0, 1]``.

    ``xi`` is an exact rational or a sympy number (its floor is decided by
    :func:`~verinet.reals.floor_of`); ``|xi - bin0.bits| <= 2^-J``.
    """
    if isinstance(value, sympy.Basic) and not value.is_Rational:
        n = floor_of(lambda prec: enclose(value * 2**J, prec), lambda: value * 2**J)
    else:
        q = as_rational(value, "xi")
        n = int((q * 2**J).numerator // (q * 2**J).denominator)
    n = min(max(n, 0), 2**J - 1)
    return tuple(int(c) for c in format(n, f"0{J}b"))


def point_fit_network(values, N: int, L: int, s: int, variant: str = "lsyz") -> tuple:
    """Prop. 4.4: ``(network, J, bits)`` with ``|phi(i) - xi_i| <= 2^-J <= N^(-2s) L^(-2s)`` and
    ``phi = min{relu(phi~), 1}``, ``phi~ = sum_{j=1}^{J} 2^-j phi_j``.

    [R] The ``J`` planes run side by side (the paper stacks them in ``ceil(log2(2L))`` serial
    stages of ``2 s ceil(log2(4N))`` planes to meet its width bound); the clip is written
    ``relu(t) - relu(t - 1)``, the same function as the paper's ``min{relu(t), 1}``.
    ``values`` are the ``N^2 L^2`` numbers ``xi_i`` (missing ones are padded with 0); ``variant`` is
    the bit planes' step (:func:`bit_plane_network`).
    """
    count = N * N * L * L
    if len(values) > count:
        raise InvalidArgument(f"Prop. 4.4 with N={N}, L={L} fits at most N^2 L^2 = {count} values, got {len(values)}")
    check_variant(variant)
    J = bit_planes_count(N, L, s)
    table = [truncated_bits(v, J) for v in values] + [(0,) * J] * (count - len(values))
    b = NetworkBuilder()
    x = b.input(1, name="i")
    planes = [b.affine(b.embed(bit_plane_network([row[j] for row in table], N, L, variant), x, prefix=f"plane{j + 1}"),
                       [[MPQ(1, 2 ** (j + 1))]], name=f"weight{j + 1}") for j in range(J)]
    total = planes[0] if J == 1 else b.add(*planes)
    clip = b.relu(b.affine(total, [[1], [1]], [0, -1], name="clip"))
    return b.build(b.affine(clip, [[1, -1]], name="min1")), J, table


def point_fit_values(text: str) -> tuple:
    """A CLI parser: ``"0,1/2,1"`` -> exact values in ``[0, 1]``."""
    values = parse_vector(text)
    for i, v in enumerate(values):
        if not 0 <= v <= 1:
            raise InvalidArgument(f"values[{i}]={v} must lie in [0, 1] (Prop. 4.4)")
    return values


def _check_NLs(N, L, s=1):
    check_int(N, "N", 1)
    check_int(L, "L", 1)
    check_int(s, "s", 1)


@register(
    "bit-plane",
    "Lemma 5.7 (Lu-Shen-Yang-Zhang 2021): i -> theta_i exactly for i < N^2 L^2, width 8N+6, depth 5L+7",
    parameters={"bits": (lambda t: check_bits(t.strip()), "the N^2 L^2 bits theta_i as a 0/1 string"),
                "N": (parse_int(1), "width parameter N"), "L": (parse_int(1), "depth parameter L")},
    estimate=lambda bits, N, L: Estimate(2 * (4 * N + 3) + 2, 5 * L + 7, L + 2 * bits_of(N, L) + 8),
)
def bit_plane(bits, N: int, L: int) -> Construction:
    """Lemma 5.7 as a construction: claims ``values`` ``(i, theta_i)``, width ``8N + 6``, depth ``5L + 7``."""
    _check_NLs(N, L)
    theta = check_bits(bits)
    return Construction(
        name="bit-plane", network=bit_plane_network(theta, N, L), parameters={"bits": theta, "N": N, "L": L},
        claims={"width": 8 * N + 6, "depth": 5 * L + 7, "values": tuple((MPQ(i), MPQ(t)) for i, t in enumerate(theta))},
        reference="Lu-Shen-Yang-Zhang 2021, Lemma 5.7 (with Lemma 5.6 and Lemma 3.5 of Shen-Yang-Zhang 2020)")


def bits_of(N: int, L: int) -> int:
    """Bits of the largest sample point ``N^2 L^2`` of the fits."""
    return bits(N * N * L * L)


@register(
    "bit-point-fitting",
    "Prop. 4.4 (Lu-Shen-Yang-Zhang 2021): |phi(i) - xi_i| <= N^(-2s) L^(-2s), 0 <= phi <= 1, "
    "J = ceil(2s log2(NL+1)) bit planes",
    parameters={"values": (point_fit_values, "the values xi_i in [0, 1], i < N^2 L^2, e.g. '0,1/3,1'"),
                "N": (parse_int(1), "width parameter N"), "L": (parse_int(1), "depth parameter L"),
                "s": (parse_int(1), "smoothness s (sets the accuracy)")},
    estimate=lambda values, N, L, s: Estimate(bit_planes_count(N, L, s) * (8 * N + 8) + 2, 5 * L + 9,
                                              L + 2 * bits_of(N, L) + bit_planes_count(N, L, s) + 8),
)
def bit_point_fitting(values, N: int, L: int, s: int) -> Construction:
    """Prop. 4.4 as a construction.

    Returns
    -------
    Construction
        Claims: ``values`` (``(i, xi_i)``), ``sup_error = N^(-2s) L^(-2s)`` at those points,
        ``range = (0, 1)`` on R, width ``16 s (N + 1) log2(8N)`` and depth ``5 (L + 2) log2(4L)``
        (as ``(coefficient, log argument)`` pairs: ``("16s(N+1)", 8N)``), ``J`` and the bits.
    """
    _check_NLs(N, L, s)
    values = tuple(as_rational(v, f"values[{i}]") for i, v in enumerate(values))
    net, J, table = point_fit_network(values, N, L, s)
    return Construction(
        name="bit-point-fitting", network=net, parameters={"values": values, "N": N, "L": L, "s": s},
        claims={"values": tuple((MPQ(i), v) for i, v in enumerate(values)), "sup_error": MPQ(1, (N * L) ** (2 * s)),
                "range": (MPQ(0), MPQ(1)), "J": J, "bits": table,
                "width_log": (16 * s * (N + 1), 8 * N), "depth_log": (5 * (L + 2), 4 * L)},
        reference="Lu-Shen-Yang-Zhang 2021, Prop. 4.4")
