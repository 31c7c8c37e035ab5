"""A built instance of Lu-Shen-Yang-Zhang 2021's construction for one C^s target.

:func:`build` normalises the target (``f~ = f/B`` with ``B`` an upper bound of
``||f||_{C^s}``, derived by :mod:`verinet.claims.smoothness` or declared), chooses
``K = floor(N^(1/d))^2 floor(L^(2/d))`` and ``delta``, computes the stored values
``xi_{alpha,i} = (d^alpha f~(eta(i)/K) + 1)/2`` (exact, or sympy numbers whose bits are
decided rigorously) and assembles eq. (4.6) (:func:`verinet.constructions.smooth.smooth_network`).
Sizes are estimated first (:func:`estimate`) and refused past :data:`MAX_PARAMETERS`.
"""

import itertools
import math
from dataclasses import dataclass

import sympy

from ..._backend import MPQ
from ...claims.smoothness import check_declared_norm
from ...claims.targets import Target
from ...constructions.bit_fitting import bit_planes_count
from ...constructions.doubling import check_variant
from ...constructions.smooth import grid_size, smooth_network, stored_values
from ...errors import BudgetExceeded, InvalidArgument
from ...numbers import as_rational
from ...reals import to_sympy

__all__ = ["SmoothInstance", "build", "estimate", "admissible_delta", "rate", "MAX_PARAMETERS"]

MAX_PARAMETERS = 20_000_000  # estimated parameters (see estimate: about 8x the layered form measured) built by default


def rate(N: int, L: int, s: int, d: int):
    """``N^(-2s/d) L^(-2s/d)`` as an exact sympy number."""
    return sympy.Integer(N * L) ** sympy.Rational(-2 * s, d)


def admissible_delta(N: int, L: int, s: int, d: int, K: int) -> MPQ:
    """A rational ``delta <= min{1/(3K), N^(-2s/d) L^(-2s/d) / d^(3/2)}`` (spec 1.3 [D]):
    the largest power of two below the second term when it is irrational, else the minimum."""
    second = rate(N, L, s, d) / sympy.Integer(d) ** sympy.Rational(3, 2)
    if second.is_Rational:
        value = MPQ(int(second.p), int(second.q))
    else:
        k = 0
        while sympy.Rational(1, 2**k) > second:
            k += 1
        value = MPQ(1, 2**k)
    return min(MPQ(1, 3 * K), value)


def estimate(N: int, L: int, s: int, d: int, variant: str = "lsyz") -> int:
    """An estimate of the parameters of eq. (4.6)'s layered form, from the sizes alone: width^2 x depth
    over its three stretches (the steps ``psi``, the bit planes of Prop. 4.4, the products and monomials);
    the ``"bounded"`` variant's planes are ``L^2`` layers deeper."""
    alphas = math.comb(s - 1 + d, d)
    J = bit_planes_count(N, L, s)
    stretches = [(d * (4 * N + 4), 4 * L + 6),
                 (alphas * J * (8 * N + 8) + 2 * d, 5 * L + 9 + (L * L if variant == "bounded" else 0)),
                 (alphas * (9 * (N + 2) + 2 * s * d), 2 * s * (L + 1) + 7 * s * s * L)]
    return sum(w * w * depth for w, depth in stretches)


@dataclass
class SmoothInstance:
    """``N, L, s, d, K, delta``, the target and its normalised form, the stored values and the networks."""

    N: int
    L: int
    s: int
    d: int
    K: int
    delta: MPQ
    target: Target
    scale: MPQ  # B: f~ = f / B
    norm_check: object  # CsCheck
    normalized: Target
    derivative_values: dict  # alpha -> [d^alpha f~(eta(i)/K) as sympy numbers]
    parts: object  # SmoothParts
    variant: str = "lsyz"  # the bit planes' step (verinet.constructions.doubling)

    @property
    def network(self):
        return self.parts.network

    def cells(self) -> list:
        return list(itertools.product(range(self.K), repeat=self.d))


def build(N: int, L: int, s: int, d: int, target: Target, cs_norm=None, delta=None, normalize: bool = True,
          index_weights=None, max_parameters: int = MAX_PARAMETERS, variant: str = "lsyz") -> SmoothInstance:
    """The instance: ``B`` from ``cs_norm`` (declared) or derived; ``f~ = f/B`` when ``normalize``
    (Theorem 1.1), else ``f~ = f`` with ``B <= 1`` required (Theorem 2.2's hypothesis).  ``variant``:
    the bit planes' step, the paper's (``"lsyz"``) or the doubling chain (``"bounded"``).

    Raises
    ------
    BudgetExceeded
        When :func:`estimate` exceeds ``max_parameters`` (raise it with ``--max-parameters``).
    InvalidArgument
        For ``delta`` outside ``(0, 1/(3K)]``, a refuted declared norm, or (without
        ``normalize``) a C^s bound above 1.
    """
    size = estimate(N, L, s, d, check_variant(variant))
    if size > max_parameters:
        raise BudgetExceeded(f"the LSYZ network for N={N}, L={L}, s={s}, d={d} would have about {size} parameters "
                             f"(estimated), over the limit {max_parameters}; raise it with --max-parameters N")
    K = grid_size(N, L, d)
    delta = admissible_delta(N, L, s, d, K) if delta is None else as_rational(delta, "delta")
    if not 0 < delta <= MPQ(1, 3 * K):
        raise InvalidArgument(f"delta={delta} must lie in (0, 1/(3K)] = (0, 1/{3 * K}] (K = {K})")
    check, smooth = check_declared_norm(target, s, cs_norm)
    B = as_rational(smooth.norm, "cs_norm")
    if not normalize and B > 1:
        raise InvalidArgument(f"Theorem 2.2 assumes ||d^alpha f||_inf <= 1 for |alpha| <= s; the C^s bound used is "
                              f"{B} > 1 (use lsyz21-1.1, which normalises f)")
    scale = B if normalize and B > 0 else MPQ(1)
    # |d_i f~| <= 1, so f~ is sqrt(d)-Lipschitz
    normalized = Target.from_expression(target.expr / to_sympy(scale), d, lipschitz=sympy.sqrt(d))
    values = stored_values(normalized.expr, d, s, K)
    xi = {alpha: [(v + 1) / 2 for v in vals] for alpha, vals in values.items()}
    parts = smooth_network(N, L, s, d, delta, {a: [_exact(v) for v in vs] for a, vs in xi.items()}, index_weights,
                           variant)
    return SmoothInstance(N, L, s, d, K, delta, target, scale, check, normalized, values, parts, variant)


def _exact(value):
    """A stored value as ``MPQ`` when rational, else the sympy number (its bits are decided by balls)."""
    return MPQ(int(value.p), int(value.q)) if value.is_Rational else value

