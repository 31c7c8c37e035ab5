"""The growth point of Lu-Shen-Yang-Zhang 2021's Theorem 1.1 network at one ``(N, L)``.

The network is the theorem's ``phi = B phi_d``: Theorem 2.2's eq. (4.6) for ``f~ = f/B``,
the median repair of Theorem 2.1 and the output scaled by ``B >= ||f||_{C^q}``
(:mod:`verinet.theorems.lsyz2021`).  Its largest parameters (spec 1.10, 3.2): the
bit-extraction slope ``2^L`` of every bit plane (Lemma 3.5 of Shen-Yang-Zhang 2020, the only
exponential one), the step function's weights (polynomial in ``K`` and ``1/delta``) and the
index weights ``K^(d-1)``.  The seed's claim for the bounded-weight variant of Morina-Holler
[B]: ``||theta||_inf = O(max(N^((6q-3)/d) L^((6q-2)/d), N^2 L^3))``.
"""

import sympy

from ..calculus import scale
from ..constructions.extremes import mid_repair
from ..theorems.lsyz2021 import thm_1_1
from ..theorems.lsyz2021.common import target_of
from ..theorems.lsyz2021.instance import build
from .statistics import point_statistics

__all__ = ["PARAMETERS", "lsyz_point", "bounded_point", "lsyz_network", "seed_bound", "seed_exponents"]

PARAMETERS = ("d", "q", "N", "L", "f")


def seed_exponents(d: int, q: int) -> list:
    """The seed's two terms as ``(label, exponent of N, exponent of L)`` (exact)."""
    return [("N^((6q-3)/d) L^((6q-2)/d)", sympy.Rational(6 * q - 3, d), sympy.Rational(6 * q - 2, d)),
            ("N^2 L^3", sympy.Integer(2), sympy.Integer(3))]


def seed_bound(d: int, q: int, N: int, L: int):
    """``max(N^((6q-3)/d) L^((6q-2)/d), N^2 L^3)`` as an exact sympy number; the larger term is
    decided on the ``d``-th powers, which are integers.

    Examples
    --------
    >>> seed_bound(1, 1, 2, 3), seed_bound(2, 1, 4, 1)
    (648, 16)
    """
    first = sympy.Integer(N) ** sympy.Rational(6 * q - 3, d) * sympy.Integer(L) ** sympy.Rational(6 * q - 2, d)
    return first if N ** (6 * q - 3) * L ** (6 * q - 2) >= (N**2 * L**3) ** d else sympy.Integer(N**2 * L**3)


def _built(d, q, N, L, f, variant="lsyz") -> tuple:
    """The instance and its repaired network ``phi_d``; the theorem's network is ``B phi_d``.
    ``variant="bounded"``: the bit extraction's steep steps replaced by the bounded doubling chain
    (:mod:`verinet.constructions.doubling`, docs/growth.md)."""
    inst = build(N, L, q, d, target_of(d, f), variant=variant)
    return inst, mid_repair(inst.network, inst.delta)


def lsyz_network(d: int, q: int, N: int, L: int, f: str, variant="lsyz"):
    """Theorem 1.1's network ``phi = B phi_d`` for the target text ``f`` (its plot on ``[0, 1]``)."""
    inst, phi_d = _built(d, q, N, L, f, variant)
    return scale(phi_d, inst.scale)


def bounded_point(d: int, q: int, N: int, L: int, f: str) -> dict:
    """:func:`lsyz_point` of the bounded-weight variant (its theorem is ``verinet verify lsyz21-1.1-bounded``)."""
    return lsyz_point(d, q, N, L, f, variant="bounded")


def lsyz_point(d: int, q: int, N: int, L: int, f: str, verify: bool = False, variant="lsyz") -> dict:
    """Sizes, exact statistics (:func:`point_statistics`, blocks: ``psi`` the step function of
    Prop. 4.3, ``fit_*`` the bit planes of Prop. 4.4, ``P_*`` the monomials, ``varphi`` the
    product), Theorem 1.1's width, depth and error bounds, and with ``verify`` Theorem 1.1's
    certificate on this very network (its verdict, failed checks and the whole certificate)."""
    inst, phi_d = _built(d, q, N, L, f, variant)
    parts = inst.parts
    blocks = {"psi": parts.psi, **{f"fit_{''.join(map(str, a))}": net for a, (net, _, _) in parts.fits.items()},
              **{f"P_{''.join(map(str, a))}": net for a, net in parts.monomials.items()}, "varphi": parts.product}
    row = {"K": inst.K, "delta": inst.delta, "J": parts.J, "cs_norm_used": inst.scale,
           **point_statistics(scale(phi_d, inst.scale), blocks),
           "width_bound": sympy.simplify(thm_1_1.width_bound(N, q, d)),
           "depth_bound": sympy.simplify(thm_1_1.depth_bound(L, q, d)),
           "error_bound": thm_1_1.bound_1_1(N, L, q, d, inst.scale)}
    if verify:
        cert = thm_1_1.check(inst, repaired=phi_d)
        row["verdict"] = cert.verdict_text
        row["failed_checks"] = ",".join(c.name for c in cert.failures()) or "-"
        row["certificate"] = cert.to_dict()
    return row
