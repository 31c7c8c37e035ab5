"""Theorem 2.1: the median repair of the trifling region.

Statement (Lu-Shen-Yang-Zhang 2021, Theorem 2.1)::

    Let eps > 0, N, L, K in N+, delta in (0, 1/(3K)], f in C([0,1]^d), and phi~ a ReLU network of
    width N and depth L with |phi~ - f| <= eps on [0,1]^d minus Omega(K, delta).  Then some ReLU
    network phi of width 3^d (N + 4) and depth L + 2d has |phi - f| <= eps + d omega_f(delta)
    on all of [0,1]^d.

Checked on phi~ = Theorem 2.2's network for f~ = f / ||f||_{C^s} (steps of :mod:`.thm_2_2`):
``eps`` is the exact sup of ``|phi~ - f~|`` off ``Omega`` when ``d = 1`` (the 1-D form; a tight
eps, so a network that is wrong on ``Omega`` is caught) and the paper's
``84 (s+1)^d 8^s N^(-2s/d) L^(-2s/d)`` otherwise (the chain of Theorem 2.2's checked steps);
``phi = phi_d`` of Lemma 3.4 (:func:`verinet.constructions.extremes.mid_repair`), checked to be
that construction; ``omega_{f~}(delta) <= sqrt(d) delta``.  Lemma 3.4 then gives the bound on all
of ``[0, 1]^d``; for ``d = 1`` the exact sup of the repaired network is compared as well.
"""


from ..._backend import MPQ
from ...claims.certificate import Certificate, compare_eq, compare_le
from ...claims.theorem import Theorem
from ...constructions.extremes import mid_repair
from ...interpret.metrics import size_metrics
from . import steps, thm_2_2
from .common import PAPER, close_certificate, instance_record, parameters, with_max_pieces, verify_instance

__all__ = ["STATEMENT", "check", "repair_steps", "verify", "THEOREM"]

REFERENCE = f"{PAPER}, Theorem 2.1"
STATEMENT = ("If |phi~ - f| <= eps on [0,1]^d minus Omega(K, delta), delta <= 1/(3K), phi~ of width N and depth L, "
             "then phi = phi_d (mid repair) of width 3^d (N+4) and depth L + 2d has |phi - f| <= eps + d omega_f(delta) "
             "on [0,1]^d.")


def repair_steps(inst, cert, actual, repaired=None, max_pieces: int = steps.MAX_PIECES):
    """The repair's checks into ``cert``; returns ``(repaired network, eps, actual)`` with ``actual``
    the repaired network's sup error on ``[0, 1]`` (``(lower, upper)``, ``d = 1``), a note, or None.

    ``actual`` is the sup off ``Omega`` from :func:`.thm_2_2.proof_steps` (``eps`` when ``d = 1``; else
    ``eps`` is Theorem 2.2's bound, established by the chain ``error_le_84``).  The conclusion
    ``|phi_d - f~| <= eps + d omega_f~(delta)`` on ``[0, 1]^d`` is Lemma 3.4's; its premises are checked
    exactly: the bound off ``Omega`` (Theorem 2.2's steps), ``delta <= 1/(3K)``, and ``phi_d`` IS the mid
    repair of ``phi~`` with that ``delta`` (graph equality; ``mid`` is the median, lemma-checked by
    proofs/lemmas/mid3_eq_median.py, Lemma 3.4 by proofs/lemmas/mid_repair_error_le_of_off_region_error.py).
    ``repaired`` replaces the mid repair (a test passes the unrepaired network to see the checks fail).
    """
    d = inst.d
    g = inst.network
    eps = actual[1] if isinstance(actual, tuple) else steps.bound_2_2(inst.N, inst.L, inst.s, d)
    bound = eps + d * inst.normalized.omega(inst.delta)
    with cert.timed("repair"):
        expected = mid_repair(g, inst.delta)
        phi = expected if repaired is None else repaired
    with cert.timed("repaired_error"):
        same = phi == expected
        cert.checks += [
            compare_le("repair_delta_le_1_over_3K", "[exact] delta <= 1/(3K) (Lemma 3.4's hypothesis)", inst.delta,
                       MPQ(1, 3 * inst.K)),
            compare_eq("phi_d_is_mid_repair", "[exact] phi_d IS phi_(i+1)(x) = mid(phi_i(x - delta e_(i+1)), phi_i(x), "
                       "phi_i(x + delta e_(i+1))), phi_0 = phi~ (graph equality with Lemma 3.4's construction), so "
                       "|phi_d - f~| <= eps + d omega_f~(delta) on [0,1]^d (Lemma 3.4)", int(not same), 0,
                       {} if same else {"nodes": len(phi.graph), "expected_nodes": len(expected.graph)}),
        ]
        checks, repaired_actual, sampled = steps.observed_error(
            inst, phi, inst.normalized, bound, "repaired_error", "|phi_d - f~| <= eps + d omega_f~(delta) on [0,1]^d",
            intervals=[(0, 1)], inside_omega=True, max_pieces=max_pieces)
        cert.checks += checks
        cert.instance.setdefault("sampled_errors", {})["repaired_error"] = sampled
    with cert.timed("sizes"):
        mg, mp = size_metrics(g), size_metrics(phi)
        cert.checks += [
            compare_le("repair_width", "[exact] width(phi_d) <= 3^d (width(phi~) + 4)", mp["width"], 3**d * (mg["width"] + 4)),
            compare_le("repair_depth", "[exact] depth(phi_d) <= depth(phi~) + 2d", mp["depth"], mg["depth"] + 2 * d),
        ]
        cert.sizes["phi~"] = {k: mg[k] for k in ("depth", "width", "parameters")}
        cert.sizes["phi_d"] = {k: mp[k] for k in ("depth", "width", "parameters", "max_abs_parameter")}
    cert.instance["eps"] = eps
    cert.instance["eps_source"] = "exact 1-D sup off Omega" if isinstance(actual, tuple) else \
        "Theorem 2.2's bound (the chain error_le_84)"
    return phi, eps, repaired_actual


def check(inst, repaired=None, max_pieces: int = steps.MAX_PIECES) -> Certificate:
    """Theorem 2.2's steps for ``phi~``, then the repair's."""
    cert = Certificate(REFERENCE, STATEMENT, instance_record(inst))
    actual = thm_2_2.proof_steps(inst, cert, max_pieces)
    _, _, repaired_actual = repair_steps(inst, cert, actual, repaired, max_pieces)
    return close_certificate(
        cert, inst, (actual, repaired_actual),
        "omega_{f~}(delta) <= sqrt(d) delta because |d_i f~| <= 1 (the C^s bound).")


def verify(d, s, N, L, f, cs_norm=None, delta=None, max_parameters=None, max_pieces=steps.MAX_PIECES) -> Certificate:
    """Build Theorem 2.2's network for ``f / ||f||_{C^s}`` and check the repair on it."""
    return verify_instance(lambda inst: check(inst, max_pieces=max_pieces), REFERENCE, STATEMENT, d, s, N, L, f,
                           cs_norm, delta, max_parameters)


THEOREM = Theorem(
    name="lsyz21-2.1", reference=REFERENCE, statement=STATEMENT,
    summary="Thm 2.1: median repair, |phi - f| <= eps + d omega_f(delta) on all of [0,1]^d",
    parameters=with_max_pieces(parameters(1, 1, 2, 2, "sqrt(x1 + 1)")), run=verify,
)

