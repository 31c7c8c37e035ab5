"""Theorem 2.1: the median repair of the trifling region.

Statement (Lu-Shen-Yang-Zhang 2021, Theorem 2.1)::

    Let eps > 0, N, L, K in N+, delta in (0, 1/(3K)], f in C([0,1]^d), and phi~ a ReLU network of
    width N and depth L with |phi~ - f| <= eps on [0,1]^d minus Omega(K, delta).  Then some ReLU
    network phi of width 3^d (N + 4) and depth L + 2d has |phi - f| <= eps + d omega_f(delta)
    on all of [0,1]^d.

Checked on phi~ = Theorem 2.2's network for f~ = f / ||f||_{C^s} (steps of :mod:`.thm_2_2`):
``eps`` is the exact sup of ``|phi~ - f~|`` off ``Omega`` when ``d = 1`` (the 1-D form; a tight
eps, so a network that is wrong on ``Omega`` is caught) and the paper's
``84 (s+1)^d 8^s N^(-2s/d) L^(-2s/d)`` otherwise; ``phi = phi_d`` of Lemma 3.4
(:func:`verinet.constructions.extremes.mid_repair`); ``omega_{f~}(delta) <= sqrt(d) delta``.
"""


from ...claims.certificate import Certificate, compare_le
from ...claims.theorem import Theorem
from ...constructions.extremes import mid_repair
from ...interpret.metrics import size_metrics
from . import steps, thm_2_2
from .common import PAPER, close_certificate, instance_record, parameters, verify_instance

__all__ = ["STATEMENT", "check", "repair_steps", "verify", "THEOREM"]

REFERENCE = f"{PAPER}, Theorem 2.1"
STATEMENT = ("If |phi~ - f| <= eps on [0,1]^d minus Omega(K, delta), delta <= 1/(3K), phi~ of width N and depth L, "
             "then phi = phi_d (mid repair) of width 3^d (N+4) and depth L + 2d has |phi - f| <= eps + d omega_f(delta) "
             "on [0,1]^d.")


def repair_steps(inst, cert, actual, repaired=None):
    """The repair's checks into ``cert``; returns ``(repaired network, eps, actual)`` with ``actual``
    the repaired network's sup error on ``[0, 1]`` (``(lower, upper)``), a note, or None.

    ``actual`` is the sup off ``Omega`` from :func:`.thm_2_2.proof_steps`; ``repaired`` replaces
    the mid repair (a test passes the unrepaired network to see the check fail inside ``Omega``).
    """
    d = inst.d
    g = inst.network
    eps = actual[1] if isinstance(actual, tuple) else steps.bound_2_2(inst.N, inst.L, inst.s, d)
    bound = eps + d * inst.normalized.omega(inst.delta)
    with cert.timed("repair"):
        phi = mid_repair(g, inst.delta) if repaired is None else repaired
    with cert.timed("repaired_error"):
        checks, repaired_actual = steps.observed_error(inst, phi, inst.normalized, bound, "repaired_error",
                                         "|phi_d - f~| <= eps + d omega_f~(delta) on [0,1]^d",
                                         intervals=[(0, 1)], inside_omega=True)
        cert.checks += checks
    with cert.timed("sizes"):
        mg, mp = size_metrics(g), size_metrics(phi)
        cert.checks += [
            compare_le("repair_width", "[exact] width(phi_d) <= 3^d (width(phi~) + 4)", mp["width"], 3**d * (mg["width"] + 4)),
            compare_le("repair_depth", "[exact] depth(phi_d) <= depth(phi~) + 2d", mp["depth"], mg["depth"] + 2 * d),
        ]
        cert.sizes["phi~"] = {k: mg[k] for k in ("depth", "width", "parameters")}
        cert.sizes["phi_d"] = {k: mp[k] for k in ("depth", "width", "parameters", "max_abs_parameter")}
    cert.instance["eps"] = eps
    cert.instance["eps_source"] = "exact 1-D sup off Omega" if isinstance(actual, tuple) else "Theorem 2.2's bound"
    return phi, eps, repaired_actual


def check(inst, repaired=None) -> Certificate:
    """Theorem 2.2's steps for ``phi~``, then the repair's."""
    cert = Certificate(REFERENCE, STATEMENT, instance_record(inst))
    actual = thm_2_2.proof_steps(inst, cert)
    _, _, repaired_actual = repair_steps(inst, cert, actual, repaired)
    return close_certificate(
        cert, inst, (actual, repaired_actual),
        "omega_{f~}(delta) <= sqrt(d) delta because |d_i f~| <= 1 (the C^s bound); for d >= 2 the repaired "
        "error is checked at sample points (inside and off Omega) only.")


def verify(d, s, N, L, f, cs_norm=None, delta=None, max_parameters=None) -> Certificate:
    """Build Theorem 2.2's network for ``f / ||f||_{C^s}`` and check the repair on it."""
    return verify_instance(check, REFERENCE, STATEMENT, d, s, N, L, f, cs_norm, delta, max_parameters)


THEOREM = Theorem(
    name="lsyz21-2.1", reference=REFERENCE, statement=STATEMENT,
    summary="Thm 2.1: median repair, |phi - f| <= eps + d omega_f(delta) on all of [0,1]^d",
    parameters=parameters(1, 1, 2, 2, "sqrt(x1 + 1)"), run=verify,
)

