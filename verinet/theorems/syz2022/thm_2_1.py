"""Theorem 2.1: ``L^p`` approximation with ``n + 2`` intrinsic parameters.

Statement (Shen-Yang-Zhang 2022, Theorem 2.1)::

    For n >= 1, p in [1, oo) and f in C([0,1]^d):
    ||s phi_2(L(phi_1(x))) + b - f||_{L^p} <= omega_f(sqrt(d) 2^-n) + 2^(-n+2) omega_f(sqrt(d)),
    s = 2 omega_f(sqrt(d)), b = f(0) - omega_f(sqrt(d)); intrinsic parameters a_1..a_n, s, b.

Proof followed (Section 5): Theorem A.1 for the rescaled target ``(f - b)/s`` with
``delta = min(1/(3K), 2^-ceil(p(n+1))/(dK))``, so that ``d K delta 2^p <= 2^(-pn)``; off the
trifling region the error is Theorem A.1's, on it ``|phi_2 - (f - b)/s| <= max(hi, 1 - lo)``,
and the two parts combine into the ``L^p`` bound (:func:`lp_bound`).

Not checked: ``s = 2W`` with a rational ``W`` replaces the paper's (irrational) ``s``
(:data:`.common.SCALING_NOTE`); the modulus of continuity is a hypothesis.
"""

import sympy

from ..._backend import MPQ
from ...claims.certificate import Certificate, compare_le
from ...claims.theorem import Param, Theorem, exact
from ...errors import InvalidArgument
from ...reals import to_sympy
from . import steps
from .common import (DELTA, DIFF, NOT_CHECKED_A1, PAPER, SCALING_NOTE, TARGET_PARAMETERS, build_and_check,
                     diff_targets, dimension_and_bits, target_of)
from .instance import build_instance, scaling, theorem_2_1_delta

__all__ = ["STATEMENT", "build", "check", "verify", "lp_bound", "THEOREM"]

REFERENCE = f"{PAPER}, Theorem 2.1"
STATEMENT = ("For n >= 1, p in [1, oo) and f in C([0,1]^d): ||s phi_2(L(phi_1(x))) + b - f||_{L^p} <= "
             "omega_f(sqrt(d) 2^-n) + 2^(-n+2) omega_f(sqrt(d)), s = 2 omega_f(sqrt(d)), "
             "b = f(0) - omega_f(sqrt(d)); n + 2 intrinsic parameters a_1..a_n, s, b.")


def lp_bound(inst, tail_rng) -> list:
    """``||s phi + b - f||_p <= omega(sqrt(d) 2^-n) + 2^(-n+2) W`` with ``s = 2W``.

    ``||E||_p^p <= A^p (1 - |Omega|) + (s m)^p |Omega|`` where ``A`` is the bound off ``Omega``
    and ``m = max(hi, 1 - lo)`` bounds ``|phi_2 - (f-b)/s|`` on ``Omega`` (both in [0, 1]).
    Compared exactly with ``B^p``; also checks the paper's choice ``dK delta 2^p <= 2^-pn``.
    """
    grid, target, s, p = inst.grid, inst.target, to_sympy(inst.s), to_sympy(inst.p)
    mu = to_sympy(grid.trifling_measure())
    lo, hi = tail_rng
    m = to_sympy(max(hi, 1 - lo))
    A = target.omega(sympy.sqrt(grid.d) / grid.K) + s / grid.K
    B = target.omega(sympy.sqrt(grid.d) / grid.K) + s * 2 / grid.K
    delta_ok = compare_le("delta_choice", "d K delta 2^p <= 2^(-p n) (proof of Thm 2.1)",
                          grid.d * grid.K * to_sympy(grid.delta) * 2**p, sympy.Integer(2) ** (-p * inst.n))
    delta_ok.with_evidence("formula", let={}, lhs="d*K*delta*2**p", rhs="2**(-p*n)")
    lp = compare_le("lp_bound", "||s phi + b - f||_p^p <= (omega(sqrt(d) 2^-n) + 2^(-n+2) W)^p",
                    A**p * (1 - mu) + (s * m) ** p * mu, B**p, {}, {"A": A, "p": p, "measure": mu, "m": m})
    lp.with_evidence("formula", lhs="A**p*(1 - mu) + (s*m)**p*mu", rhs="(wc + 2*s/K)**p",
                     let={"wc": {"omega": "sqrt(d)/K"}, "A": "wc + s/K", "mu": "1 - (1 - (K - 1)*delta)**d",
                          "lo": {"derived": "phi2_range_subset_unit.lo"}, "hi": {"derived": "phi2_range_subset_unit.hi"},
                          "m": "Max(hi, 1 - lo)"})
    return [delta_ok, lp]


def check(inst, diff_with=None) -> Certificate:
    """The Theorem 2.1 steps (``L^p``, ``n + 2`` intrinsic parameters) on a built instance."""
    cert = Certificate(REFERENCE, STATEMENT, steps.instance_record(inst))
    blocks = {"phi1": [(inst.phi1, 1)], "phi2": steps.phi2_blocks(inst.n, inst.grid.cube_count)}
    _, rng = steps.a1_steps(inst, cert, blocks, steps.A1_SIZES, diff_with=diff_with)
    with cert.timed("lp_bound"):
        if rng is not None:
            cert.checks += lp_bound(inst, rng)
    cert.not_checked = NOT_CHECKED_A1 + [SCALING_NOTE]
    return cert


def build(d: int, n: int, target, p=MPQ(2), delta=None, bits: int = 32):
    """``s phi_2(L(phi_1(x))) + b`` with ``delta`` from :func:`~.instance.theorem_2_1_delta`."""
    if p < 1:
        raise InvalidArgument(f"p={p} must be >= 1 (Theorem 2.1 holds for p in [1, oo))")
    s, b = scaling(target, bits)
    delta = theorem_2_1_delta(d, n, p) if delta is None else delta
    return build_instance(d, n, target, delta, s, b, scaled=True, p=p)


def verify(d: int, n: int, target, p=MPQ(2), delta=None, diff: bool = True) -> Certificate:
    """Build and check Theorem 2.1 on one instance; with ``diff``, also for :func:`.common.diff_targets`."""
    others = diff_targets(d) if diff else None
    return build_and_check(lambda t, dl: build(d, n, t, p, dl), check, target, delta, others)


def _run(d, n, f, lipschitz, holder, modulus, p, delta, no_diff) -> Certificate:
    return verify(d, n, target_of(d, f, lipschitz, holder, modulus), p, delta, diff=not no_diff)


THEOREM = Theorem(
    name="syz22-2.1", reference=REFERENCE, statement=STATEMENT,
    summary="Thm 2.1: L^p error with n + 2 intrinsic parameters",
    parameters={**dimension_and_bits(2, 2), **TARGET_PARAMETERS,
                "p": Param(exact("p"), "2", "exponent p of the L^p norm, exact >= 1"), **DELTA, **DIFF},
    run=_run, target_defaults={"f": "sin(3*x1)*x2/2"},
)
