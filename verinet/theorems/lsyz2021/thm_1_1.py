"""Theorem 1.1: C^s functions everywhere on the cube, at the rate ``N^(-2s/d) L^(-2s/d)``.

Statement (Lu-Shen-Yang-Zhang 2021, Theorem 1.1)::

    For f in C^s([0,1]^d), s in N+, and N, L in N+ there is a ReLU network phi of width
    17 s^(d+1) 3^d d (N+2) log2(8N) and depth 18 s^2 (L+2) log2(4L) + 2d with
    ||phi - f||_inf <= 85 (s+1)^d 8^s ||f||_{C^s} N^(-2s/d) L^(-2s/d).

Proof followed (Section 2.2): ``f~ = f/B`` with ``B >= ||f||_{C^s}`` (derived or declared,
:mod:`verinet.claims.smoothness`); ``delta = min{1/(3K), N^(-2s/d) L^(-2s/d) / d^(3/2)}``
(rounded down to a power of two when irrational), so that ``d omega_{f~}(delta) <= d sqrt(d)
delta <= N^(-2s/d) L^(-2s/d)``; Theorem 2.2's steps for ``f~``, Theorem 2.1's repair, and
``phi = B phi_d``.  With ``B`` in place of ``||f||_{C^s}`` the bound is the one proven (it is
larger when ``B`` is).
"""

import sympy

from ...calculus import scale
from ...claims.certificate import Certificate, compare_le
from ...claims.theorem import Theorem
from ...interpret.exact import evaluate
from ...reals import to_sympy
from . import steps, thm_2_1, thm_2_2
from .common import (PAPER, close_certificate, instance_record, log2, parameters, size_checks, verify_instance,
                     with_max_pieces)
from .instance import rate

__all__ = ["STATEMENT", "check", "verify", "THEOREM", "width_bound", "depth_bound", "bound_1_1"]

REFERENCE = f"{PAPER}, Theorem 1.1"
STATEMENT = ("For f in C^s([0,1]^d) and N, L >= 1 some ReLU network of width 17 s^(d+1) 3^d d (N+2) log2(8N) and "
             "depth 18 s^2 (L+2) log2(4L) + 2d has ||phi - f||_inf <= 85 (s+1)^d 8^s ||f||_{C^s} N^(-2s/d) L^(-2s/d).")


def width_bound(N, s, d):
    return 17 * s ** (d + 1) * 3**d * d * (N + 2) * log2(8 * N)


def depth_bound(L, s, d):
    return 18 * s * s * (L + 2) * log2(4 * L) + 2 * d


def bound_1_1(N, L, s, d, B):
    """``85 (s+1)^d 8^s B N^(-2s/d) L^(-2s/d)`` (exact sympy)."""
    return 85 * (s + 1) ** d * 8**s * sympy.Rational(int(B.numerator), int(B.denominator)) * rate(N, L, s, d)


def delta_checks(inst) -> list:
    """``delta <= 1/(3K)`` and ``d omega_{f~}(delta) <= d sqrt(d) delta <= N^(-2s/d) L^(-2s/d)`` [exact]."""
    N, L, s, d = inst.N, inst.L, inst.s, inst.d
    return [compare_le("delta_le_1_over_3K", "[exact] delta <= 1/(3K)", inst.delta, sympy.Rational(1, 3 * inst.K)),
            compare_le("delta_admissible", "[exact] d omega_f~(delta) <= d sqrt(d) delta <= N^(-2s/d) L^(-2s/d) "
                       "(|d_i f~| <= 1)", d * inst.normalized.omega(inst.delta), rate(N, L, s, d))]


def check(inst, repaired=None, max_pieces: int = steps.MAX_PIECES) -> Certificate:
    """Theorem 2.2's and 2.1's steps for ``f~``, then the scaled network ``B phi_d`` against ``f``:
    ``|B phi_d - f| = B |phi_d - f~| <= B (eps + d omega_f~(delta)) <= 85 (s+1)^d 8^s B N^(-2s/d) L^(-2s/d)``."""
    N, L, s, d, B = inst.N, inst.L, inst.s, inst.d, inst.scale
    cert = Certificate(REFERENCE, STATEMENT, instance_record(inst))
    cert.checks += delta_checks(inst)
    actual = thm_2_2.proof_steps(inst, cert, max_pieces)
    phi_d, eps, repaired_actual = thm_2_1.repair_steps(inst, cert, actual, repaired, max_pieces)
    cert.checks.append(compare_le("final_bound", "[exact] B (eps + d omega_f~(delta)) <= B (84 (s+1)^d 8^s r + r) <= "
                                  "85 (s+1)^d 8^s B r, r = N^(-2s/d) L^(-2s/d): Theorem 1.1's bound from Theorem 2.1's "
                                  "(eps <= Theorem 2.2's bound, delta_admissible)",
                                  to_sympy(B) * (to_sympy(eps) + d * inst.normalized.omega(inst.delta)), bound_1_1(N, L, s, d, B)))
    with cert.timed("final_error"):
        phi = scale(phi_d, B)
        claim = "|B phi_d - f| <= 85 (s+1)^d 8^s B N^(-2s/d) L^(-2s/d) on [0,1]^d"
        points = steps.sample_points(inst, inside_omega=True)
        upper, lower, witness = steps.error_at(lambda p: [y for (y,) in evaluate(phi, p)], inst.target, points)
        cert.instance.setdefault("sampled_errors", {})["final_error"] = steps.sampled_record(claim, points, upper, lower,
                                                                                             witness)
        if isinstance(repaired_actual, tuple):
            low, up = repaired_actual
            cert.checks.append(compare_le("final_error_sup_1d", f"[exact 1-D form, ball target] sup {claim}, as B times "
                                          f"sup |phi_d - f~| (f = B f~); actual sup in [{B * low}, {B * up}]", B * up,
                                          bound_1_1(N, L, s, d, B), {}, {"actual_sup_lower": B * low,
                                                                         "actual_sup_upper": B * up}))
    with cert.timed("sizes"):
        # B phi_d: the scaling merges into phi_d's last affine map, so the layered sizes are phi_d's
        checks, table = size_checks(phi_d, "phi", width_bound(N, s, d), "17 s^(d+1) 3^d d (N+2) log2(8N)",
                                    depth_bound(L, s, d), "18 s^2 (L+2) log2(4L) + 2d")
        cert.checks += checks
        cert.checks.append(compare_le("paper_width_arithmetic", "[exact] 3^d (16 s^(d+1) d (N+2) log2(8N) + 4) <= "
                                      "17 s^(d+1) 3^d d (N+2) log2(8N)", 3**d * (thm_2_2.width_bound(N, s, d) + 4),
                                      width_bound(N, s, d)))
        cert.sizes["phi"] = table
    return close_certificate(
        cert, inst, (actual, repaired_actual),
        "The output is scaled by B, an upper bound of ||f||_{C^s} (cs_norm_check says whether derived or declared).")


def verify(d, s, N, L, f, cs_norm=None, delta=None, max_parameters=None, max_pieces=steps.MAX_PIECES) -> Certificate:
    """Build and check Theorem 1.1 on one instance."""
    return verify_instance(lambda inst: check(inst, max_pieces=max_pieces), REFERENCE, STATEMENT, d, s, N, L, f,
                           cs_norm, delta, max_parameters)


THEOREM = Theorem(
    name="lsyz21-1.1", reference=REFERENCE, statement=STATEMENT,
    summary="Thm 1.1: C^s targets everywhere, 85 (s+1)^d 8^s ||f||_{C^s} (NL)^(-2s/d)",
    parameters=with_max_pieces(parameters(1, 1, 2, 2, "sin(3*x1)")), run=verify,
)
