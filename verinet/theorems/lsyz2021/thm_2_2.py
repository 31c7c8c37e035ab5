"""Theorem 2.2: C^s functions with ``||d^alpha f|| <= 1``, off the trifling region.

Statement (Lu-Shen-Yang-Zhang 2021, Theorem 2.2)::

    Assume ||d^alpha f||_inf <= 1 for all |alpha| <= s, K = floor(N^(1/d))^2 floor(L^(2/d)),
    delta in (0, 1/(3K)].  Some ReLU network phi of width 16 s^(d+1) d (N+2) log2(8N) and depth
    18 s^2 (L+2) log2(4L) satisfies |phi(x) - f(x)| <= 84 (s+1)^d 8^s N^(-2s/d) L^(-2s/d)
    on [0,1]^d minus Omega([0,1]^d, K, delta).

Proof followed (Section 4.2), each step a function of :mod:`.steps`: ``Psi = x_beta`` on every
cell; the index map; the stored values (bit planes exact, ``E_3``); the component errors; the
closing inequality (the chain on the checked steps, every ``d``); for ``d = 1`` the exact sup of
the network against ``f`` off ``Omega`` (the sampled error is reported, not checked); the width
and depth.  The C^s hypothesis is checked by :mod:`verinet.claims.smoothness`.
"""

from ...claims.certificate import Certificate, compare_le
from ...claims.theorem import Theorem
from . import steps
from .common import (PAPER, close_certificate, instance_record, log2, parameters, size_checks, verify_instance,
                     with_max_pieces)

__all__ = ["STATEMENT", "check", "proof_steps", "verify", "THEOREM", "width_bound", "depth_bound"]

REFERENCE = f"{PAPER}, Theorem 2.2"
STATEMENT = ("If ||d^alpha f||_inf <= 1 for |alpha| <= s, K = floor(N^(1/d))^2 floor(L^(2/d)), delta in (0, 1/(3K)]: "
             "some ReLU network of width 16 s^(d+1) d (N+2) log2(8N) and depth 18 s^2 (L+2) log2(4L) has "
             "|phi - f| <= 84 (s+1)^d 8^s N^(-2s/d) L^(-2s/d) on [0,1]^d minus Omega(K, delta).")


def width_bound(N, s, d):
    return 16 * s ** (d + 1) * d * (N + 2) * log2(8 * N)


def depth_bound(L, s):
    return 18 * s * s * (L + 2) * log2(4 * L)


def check(inst, max_pieces: int = steps.MAX_PIECES) -> Certificate:
    """Every step of the proof of Theorem 2.2 on a built instance."""
    cert = Certificate(REFERENCE, STATEMENT, instance_record(inst))
    actual = proof_steps(inst, cert, max_pieces)
    with cert.timed("sizes"):
        checks, table = size_checks(inst.network, "phi", width_bound(inst.N, inst.s, inst.d),
                                    "16 s^(d+1) d (N+2) log2(8N)", depth_bound(inst.L, inst.s), "18 s^2 (L+2) log2(4L)")
        cert.checks += checks
        cert.sizes["phi"] = table
    return close_certificate(cert, inst, (actual,))


def proof_steps(inst, cert, max_pieces: int = steps.MAX_PIECES) -> object:
    """Steps 1-6 of :mod:`.steps` into ``cert``; returns the actual sup error off ``Omega``
    (``(lower, upper)``, a note, or None) from :func:`.steps.observed_error`.  The bound off
    ``Omega`` is the chain ``error_le_84`` on the exact steps 1-5; step 6 adds, for ``d = 1``, the
    exact sup (a check), and the sampled error (reported in ``instance.sampled_errors``, not a check)."""
    N, L, s, d = inst.N, inst.L, inst.s, inst.d
    with cert.timed("hypothesis"):
        cert.checks.append(compare_le("cs_norm_le_1", "[exact] ||f~||_{C^s} <= B / scale <= 1 with B the C^s bound "
                                      "used (Theorem 2.2's hypothesis; f~ = f / B for Theorem 1.1)",
                                      inst.norm_check.norm / inst.scale, 1, {}, inst.norm_check.record()))
    with cert.timed("step_function"):
        cert.checks += steps.psi_is_cell_index(inst) + steps.index_is_eta_inverse(inst)
    with cert.timed("stored_values"):
        cert.checks += steps.stored_values(inst) + steps.network_matches_parts(inst) + steps.network_is_eq_4_6(inst)
    with cert.timed("components"):
        checks, errors = steps.component_errors(inst)
        cert.checks += checks
    with cert.timed("error_chain"):
        cert.checks += steps.error_chain(inst, errors)
    with cert.timed("observed_error"):
        checks, actual, sampled = steps.observed_error(inst, inst.network, inst.normalized, steps.bound_2_2(N, L, s, d),
                                                       "error_off_omega", "|phi - f~| <= 84 (s+1)^d 8^s N^(-2s/d) "
                                                       "L^(-2s/d)", max_pieces=max_pieces)
        cert.checks += checks
        cert.instance.setdefault("sampled_errors", {})["error_off_omega"] = sampled
    return actual


def verify(d, s, N, L, f, cs_norm=None, delta=None, max_parameters=None, max_pieces=steps.MAX_PIECES) -> Certificate:
    """Build and check Theorem 2.2 on one instance (``f`` must have C^s bound ``<= 1``)."""
    return verify_instance(lambda inst: check(inst, max_pieces), REFERENCE, STATEMENT, d, s, N, L, f, cs_norm, delta,
                           max_parameters, normalize=False)


THEOREM = Theorem(
    name="lsyz21-2.2", reference=REFERENCE, statement=STATEMENT,
    summary="Thm 2.2: C^s unit ball, error 84 (s+1)^d 8^s (NL)^(-2s/d) off the trifling region",
    parameters=with_max_pieces(parameters(1, 1, 2, 2, "x1**2/2")), run=verify,
)
