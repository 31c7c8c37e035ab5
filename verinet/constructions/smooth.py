"""The networks of Lu-Shen-Yang-Zhang 2021 for smooth targets: Prop. 4.3 (d = 1) and Theorem 2.2's eq. (4.6).

Main statements
---------------
* Prop. 4.3, case ``d = 1``: with ``K = N^2 L^2``, ``M = N^2 L`` and ``delta in (0, 1/(3K)]``,
  ``phi(x) = L phi_1(x) + phi_2(x - phi_1(x)/M)`` equals ``k`` on ``[k/K, (k+1)/K - delta
  1_{k <= K-2}]``, ``k = 0..K-1``; ``phi_1`` (Lemma 5.4, ``N_1 = N``, ``N_2 = 2NL - 1``) is ``m``
  on ``[m/M, (m+1)/M - delta 1_{m <= M-2}]`` and ``phi_2`` (``N_1 = 1``, ``N_2 = 2L - 1``) is
  ``l`` on ``[l/(ML), (l+1)/(ML) - delta 1_{l <= L-2}]``; width ``4N + 3``, depth ``4L + 5``.
* Theorem 2.2's network, eq. (4.6):
  ``phi(x) = sum_{|alpha| <= s-1} varphi(phi_alpha(Psi(x))/alpha!, P_alpha(x - Psi(x)))`` with
  ``Psi(x) = (psi(x_1), ..., psi(x_d))/K`` (Prop. 4.3), ``phi_alpha(x_beta) = 2 phi~_alpha(i) - 1``
  (Prop. 4.4 on ``xi_{alpha,i} = (d^alpha f(eta(i)/K) + 1)/2``), ``P_alpha`` Prop. 4.1 and
  ``varphi`` Lemma 4.2 on ``[-3, 3]^2`` with ``N + 1``, depth ``2s(L + 1)``.  The index is the
  spec's correction of the paper's map: ``i = sum_j psi(x_j) K^(j-1)`` (the paper's
  ``sum_j x_j K^(j-1)`` applied to ``Psi(x) = x_beta`` gives ``sum_j beta_j K^(j-2)``).
"""

import itertools
import math

import sympy

from .._backend import MPQ
from ..errors import BudgetExceeded, InvalidArgument
from ..network import Network, NetworkBuilder
from ..expressions import parse_expression
from ..numbers import as_rational
from ..reals import is_le
from .bit_fitting import chained, point_fit_network, with_carried_input
from .construction import Construction
from .extremes import mid_repair
from .estimates import Estimate, bits, rational_bits
from ._layers import chain, check_int, parse_int, parse_rational
from .fitting import deepen_layers, fitted_step, integer_root, point_fitting_layers, step_samples
from .product import monomial, product_layers
from .registry import register

__all__ = ["grid_size", "step_1d_layers", "step_1d", "step_network", "smooth_network", "SmoothParts",
           "multi_indices", "multi_indices_below", "index_of", "step_pieces",
           "derivatives", "variables", "stored_values", "MAX_DERIVATIVES", "lsyz_phi", "lsyz_repaired"]


def grid_size(N: int, L: int, d: int) -> int:
    """``K = floor(N^(1/d))^2 floor(L^(2/d))`` (Theorem 2.2, Prop. 4.3), exactly."""
    return integer_root(N, d) ** 2 * integer_root(L * L, d)


def _check_delta(delta, K):
    delta = as_rational(delta, "delta")
    if not 0 < delta <= MPQ(1, 3 * K):
        raise InvalidArgument(f"delta={delta} must lie in (0, 1/(3K)] = (0, 1/{3 * K}] (K = {K})")
    return delta


def step_1d_layers(N: int, L: int, delta) -> list:
    """The layers of Prop. 4.3's ``d = 1`` network ``L phi_1(x) + phi_2(x - phi_1(x)/M)``.

    [R] ``x`` is carried beside ``phi_1`` and ``phi_1(x)`` beside ``phi_2`` by one unit each
    (``relu(t) = t``: both are ``>= 0`` on the cells, where the claim is made).
    """
    K, M = N * N * L * L, N * N * L
    delta = _check_delta(delta, K)
    xs, ys = step_samples(M, delta)
    phi1 = deepen_layers(point_fitting_layers(xs, ys, N, 2 * N * L - 1), 2 * N, 2 * L)
    points = [(MPQ(l, M * L), MPQ(l)) for l in range(L)] + [(MPQ(l + 1, M * L) - delta, MPQ(l)) for l in range(L - 1)]
    points = sorted(points + [(MPQ(1, M), MPQ(L - 1)), (MPQ(2), MPQ(0))])
    phi2 = deepen_layers(point_fitting_layers([p for p, _ in points], [v for _, v in points], 1, 2 * L - 1), 2, 2 * L)
    first = with_carried_input(phi1, [(MPQ(-1, M), 1), (1, 0)], [0, 0])  # (x - phi_1/M, phi_1)
    (W0, b0), rest = first[0], first[1:]
    first = [([[row[0] + row[1]] for row in W0], b0)] + rest  # input x feeds (u, v) = (x, x)
    return chained(first, with_carried_input(phi2, [(1, L)], [0]))


@register(
    "step-1d",
    "Prop. 4.3 (d = 1): L phi_1(x) + phi_2(x - phi_1(x)/M) = k on [k/K, (k+1)/K - delta], K = N^2 L^2 "
    "(width 4N+3, depth 4L+5)",
    parameters={"N": (parse_int(1), "width parameter N"), "L": (parse_int(1), "depth parameter L"),
                "delta": (parse_rational, "trifling width delta in (0, 1/(3K)], K = N^2 L^2")},
    estimate=lambda N, L, delta: Estimate(4 * N + 3, 4 * L + 2, 4 * rational_bits(delta) + 4 * bits(N * L) + 8),
)
def step_1d(N: int, L: int, delta) -> Construction:
    """Prop. 4.3, case ``d = 1``, built as the paper does (proof pp. 38-39, Fig. 13).

    Returns
    -------
    Construction
        Claims: width ``4N + 3``, depth ``4L + 5``, ``K``, and ``pieces``
        ``(k/K, (k+1)/K - delta 1_{k <= K-2}, k)`` on which the network equals ``k``.
    """
    check_int(N, "N", 1)
    check_int(L, "L", 1)
    K = N * N * L * L
    delta = _check_delta(delta, K)
    return Construction(
        name="step-1d", network=chain(step_1d_layers(N, L, delta), name="step"),
        parameters={"N": N, "L": L, "delta": delta},
        claims={"width": 4 * N + 3, "depth": 4 * L + 5, "K": K, "pieces": step_pieces(K, delta)},
        reference="Lu-Shen-Yang-Zhang 2021, Prop. 4.3 (d = 1), Lemmas 5.4 and 5.5")


def step_pieces(K: int, delta) -> tuple:
    """``(k/K, (k+1)/K - delta 1_{k <= K-2}, k)`` for ``k = 0..K-1``: Prop. 4.3's claim."""
    return tuple((MPQ(k, K), MPQ(k + 1, K) - (delta if k <= K - 2 else 0), MPQ(k)) for k in range(K))


def step_network(N: int, L: int, d: int, delta) -> Network:
    """Prop. 4.3's ``psi`` for dimension ``d`` (the ``d = 1`` two-level form or the ``d >= 2`` fitted step)."""
    return step_1d(N, L, delta).network if d == 1 else fitted_step(N, L, d, delta).network


def multi_indices(d: int, order: int) -> list:
    """All ``alpha in N^d`` with ``|alpha|_1 <= order``, by total degree, then descending lexicographically."""
    out = []
    for total in range(order + 1):
        out += sorted((a for a in itertools.product(range(total + 1), repeat=d) if sum(a) == total), reverse=True)
    return out


MAX_DERIVATIVES = 4096  # multi-indices |alpha| <= s in d variables: C(s + d, d)


def derivatives(expr, d: int, s: int) -> dict:
    """``alpha -> d^alpha expr`` (sympy, in the symbols ``x1..xd`` of ``expr``) for every ``|alpha| <= s``.

    Raises
    ------
    BudgetExceeded
        When there are more than :data:`MAX_DERIVATIVES` multi-indices (``C(s + d, d)``).
    """
    count = math.comb(s + d, d)
    if count > MAX_DERIVATIVES:
        raise BudgetExceeded(f"C^s norm with s={s}, d={d} needs C(s+d, d) = {count} derivatives, more than "
                             f"MAX_DERIVATIVES = {MAX_DERIVATIVES}; lower s or d, or declare the norm (--cs-norm)")
    symbols = variables(d)
    out = {}
    for alpha in multi_indices(d, s):
        i = next((i for i, a in enumerate(alpha) if a), None)
        out[alpha] = expr if i is None else sympy.diff(out[alpha[:i] + (alpha[i] - 1,) + alpha[i + 1:]], symbols[i])
    return out


def variables(d: int) -> tuple:
    """``x1, ..., xd`` (real sympy symbols: the same as the targets' ``symbols_for``)."""
    return tuple(sympy.symbols(" ".join(f"x{i}" for i in range(1, d + 1)), real=True, seq=True))


def stored_values(expr, d: int, s: int, K: int) -> dict:
    """``alpha -> [d^alpha f(eta(i)/K) for i < K^d]`` (exact sympy numbers) for ``|alpha| <= s - 1``."""
    symbols = variables(d)
    table = derivatives(expr, d, s - 1)
    out = {}
    for alpha in multi_indices_below(d, s):
        values = [None] * K**d
        for beta in itertools.product(range(K), repeat=d):
            values[index_of(beta, K)] = table[alpha].subs({x: sympy.Rational(b, K) for x, b in zip(symbols, beta)})
        out[alpha] = values
    return out


def multi_indices_below(d: int, s: int) -> list:
    """``alpha in N^d`` with ``|alpha| <= s - 1`` (the Taylor terms of eq. 4.6)."""
    return multi_indices(d, s - 1)


def index_of(beta, K: int) -> int:
    """The corrected index ``i = sum_j beta_j K^(j-1)`` of the cell ``beta`` (``eta(i) = beta``)."""
    return sum(b * K**j for j, b in enumerate(beta))


class SmoothParts:
    """The pieces of eq. (4.6) kept for the checks: ``psi``, ``fits[alpha]`` (Prop. 4.4 networks
    with their bits), ``monomials[alpha]``, ``product`` and the assembled ``network``."""

    def __init__(self, psi, fits, monomials, product, network, J, index_weights):
        self.psi, self.fits, self.monomials, self.product = psi, fits, monomials, product
        self.network, self.J, self.index_weights = network, J, index_weights


def smooth_network(N: int, L: int, s: int, d: int, delta, xi: dict, index_weights=None,
                   variant: str = "lsyz") -> SmoothParts:
    """Eq. (4.6) for stored values ``xi[alpha] = [xi_{alpha,i} for i < K^d]`` in ``[0, 1]``.

    ``index_weights`` (default ``K^(j-1)``, the corrected map) is a parameter so that the
    paper's literal map (``K^(j-2)``, i.e. weights ``K^(j-1)/K`` on ``psi``) can be built and
    seen to fail.  [R] ``P_alpha`` is Prop. 4.1 with ``k = |alpha|`` (the paper pads to
    ``k = s``); ``P_0 = 1`` is the constant 1 (an affine map) and ``P_alpha`` with ``|alpha| = 1``
    the carry ``relu(h_i)``; the product is Lemma 4.2 with ``N + 1``, depth ``2s(L + 1)`` on
    ``[-3, 3]^2``.  ``variant="bounded"`` builds the bit planes with the doubling chain in place of
    the steep step of weight ``2^L`` (:mod:`verinet.constructions.doubling`; the same function).
    """
    K = grid_size(N, L, d)
    delta = _check_delta(delta, K)
    alphas = multi_indices_below(d, s)
    if set(xi) != set(alphas) or any(len(v) != K**d for v in xi.values()):
        raise InvalidArgument(f"xi must hold K^d = {K**d} values for each alpha with |alpha| <= {s - 1}")
    weights = [MPQ(K) ** j for j in range(d)] if index_weights is None else [as_rational(w) for w in index_weights]
    psi = step_network(N, L, d, delta)
    fits = {alpha: point_fit_network(xi[alpha], N, L, s, variant) for alpha in alphas}
    monomials = {alpha: monomial(alpha, N, L).network for alpha in alphas if sum(alpha)}
    product = chain(product_layers(N + 1, 2 * s * (L + 1), -3, 3), name="varphi")
    b = NetworkBuilder()
    x = b.input(d, name="x")
    raw = [b.embed(psi, b.slice(x, j, j + 1), prefix=f"psi{j + 1}") for j in range(d)]
    psi_all = raw[0] if d == 1 else b.concat(*raw)
    index = b.affine(psi_all, [weights], name="index")
    if monomials:  # h = x - Psi(x), needed when s >= 2
        h = b.add(x, b.affine(psi_all, [[MPQ(-1, K) * (r == c) for c in range(d)] for r in range(d)], name="minus_Psi"))
    terms = []
    for alpha in alphas:
        fit = b.embed(fits[alpha][0], index, prefix=f"fit{_name(alpha)}")
        value = b.affine(fit, [[MPQ(2, math.prod(math.factorial(a) for a in alpha))]],
                         [MPQ(-1, math.prod(math.factorial(a) for a in alpha))], name=f"phi{_name(alpha)}")
        mono = b.embed(monomials[alpha], h, prefix=f"P{_name(alpha)}") if sum(alpha) else \
            b.affine(x, [[0] * d], [1], name="P0")
        terms.append(b.embed(product, b.concat(value, mono), prefix=f"varphi{_name(alpha)}"))
    out = terms[0] if len(terms) == 1 else b.add(*terms)
    J = fits[alphas[0]][1]
    return SmoothParts(psi, fits, monomials, product, b.build(out), J, weights)


def _name(alpha) -> str:
    return "_" + "".join(map(str, alpha))


def _stored(f, N: int, L: int, s: int, d: int) -> dict:
    """``xi_{alpha,i} = (d^alpha f(eta(i)/K) + 1)/2`` for the text ``f``, refusing ``|d^alpha f(x_beta)| > 1``."""
    symbols = variables(d)
    expr = parse_expression(f, {str(x): x for x in symbols}, "target") if isinstance(f, str) else f
    K = grid_size(N, L, d)
    values = stored_values(expr, d, s, K)
    for alpha, vals in values.items():
        for i, v in enumerate(vals):
            if not is_le(abs(v), 1):
                raise InvalidArgument(f"Theorem 2.2 needs |d^alpha f| <= 1: d^{alpha} f at the cell corner of index {i} "
                                      f"is {v}; scale f (lsyz21-1.1 divides by ||f||_{{C^s}})")
    return {alpha: [MPQ(int(w.p), int(w.q)) if w.is_Rational else w for w in ((v + 1) / 2 for v in vals)]
            for alpha, vals in values.items()}


def _phi_estimate(N, L, s, d, f, delta) -> Estimate:
    alphas = math.comb(s - 1 + d, d)
    J = ((N * L + 1) ** (2 * s) - 1).bit_length()
    width = alphas * (J * (8 * N + 8) + 9 * (N + 2) + 2 * s * d) + d * (4 * N + 4)
    return Estimate(width, 9 * L + 15 + 2 * s * (L + 1) + 7 * s * s * L,
                    L + 4 * rational_bits(delta) + 2 * bits(N * N * L * L) + J + 16, in_dim=d)


_PHI_PARAMETERS = {
    "N": (parse_int(1), "width parameter N"), "L": (parse_int(1), "depth parameter L"),
    "s": (parse_int(1), "smoothness s"), "d": (parse_int(1), "dimension d"),
    "f": (str, "target with |d^alpha f| <= 1 for |alpha| <= s - 1 at the cell corners, e.g. 'x1**2/2'"),
    "delta": (parse_rational, "trifling width delta in (0, 1/(3K)]"),
}


@register("lsyz21-phi", "Theorem 2.2, eq. (4.6): sum_alpha varphi(phi_alpha(Psi(x))/alpha!, P_alpha(x - Psi(x))) "
          "for a target f (corrected index map)", parameters=_PHI_PARAMETERS, estimate=_phi_estimate)
def lsyz_phi(N: int, L: int, s: int, d: int, f, delta) -> Construction:
    """Theorem 2.2's network for ``f`` (:func:`smooth_network` on ``f``'s stored values).

    Returns
    -------
    Construction
        Claims: ``K``, ``delta``, the error bound ``84 (s+1)^d 8^s N^(-2s/d) L^(-2s/d)`` off
        ``Omega(K, delta)`` (as a sympy number) and the width and depth formulas as
        ``(coefficient, log argument)``: width ``16 s^(d+1) d (N+2) log2(8N)``, depth
        ``18 s^2 (L+2) log2(4L)``.  ``verinet verify lsyz21-2.2`` checks them.
    """
    for value, name in ((N, "N"), (L, "L"), (s, "s"), (d, "d")):
        check_int(value, name, 1)
    K = grid_size(N, L, d)
    delta = _check_delta(delta, K)
    parts = smooth_network(N, L, s, d, delta, _stored(f, N, L, s, d))
    return Construction(
        name="lsyz21-phi", network=parts.network, parameters={"N": N, "L": L, "s": s, "d": d, "f": str(f), "delta": delta},
        claims={"K": K, "delta": delta, "J": parts.J,
                "sup_error_off_omega": 84 * (s + 1) ** d * 8**s * sympy.Integer(N * L) ** sympy.Rational(-2 * s, d),
                "width_log": (16 * s ** (d + 1) * d * (N + 2), 8 * N), "depth_log": (18 * s * s * (L + 2), 4 * L)},
        reference="Lu-Shen-Yang-Zhang 2021, Theorem 2.2, eq. (4.6)")


@register("lsyz21-repaired", "Theorem 2.1: the median repair phi_d of Theorem 2.2's network for f "
          "(width 3^d (N'+4), depth L' + 2d)", parameters=_PHI_PARAMETERS,
          estimate=lambda N, L, s, d, f, delta: Estimate(3**d * (_phi_estimate(N, L, s, d, f, delta).width + 4),
                                                         _phi_estimate(N, L, s, d, f, delta).depth + 2 * d,
                                                         _phi_estimate(N, L, s, d, f, delta).weight_bits, in_dim=d))
def lsyz_repaired(N: int, L: int, s: int, d: int, f, delta) -> Construction:
    """Theorem 2.1 on Theorem 2.2's network: ``phi_{i+1}(x) = mid(phi_i(x - delta e_{i+1}), phi_i(x),
    phi_i(x + delta e_{i+1}))`` (Lemmas 3.3, 3.4).  Claims: ``|phi_d - f| <= eps + d omega_f(delta)``
    on all of ``[0, 1]^d`` with ``eps`` the bound off ``Omega`` (``verinet verify lsyz21-2.1`` checks it)."""
    inner = lsyz_phi(N, L, s, d, f, delta)
    return Construction(
        name="lsyz21-repaired", network=mid_repair(inner.network, inner.claims["delta"]), parameters=inner.parameters,
        claims={**inner.claims, "repaired": True, "error": "eps + d omega_f(delta) on [0,1]^d"},
        reference="Lu-Shen-Yang-Zhang 2021, Theorem 2.1 (Lemmas 3.3, 3.4)")
