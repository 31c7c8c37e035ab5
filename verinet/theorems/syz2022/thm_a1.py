"""Theorem A.1: the ``n``-bit truncation of ``f`` on every cube, with the error off the trifling region.

Statement (Shen-Yang-Zhang 2022, Theorem A.1)::

    For continuous f: [0,1]^d -> [0,1], n >= 1, K = 2^n and delta in (0, 1/(3K)]:
    |phi_2(L(phi_1(x))) - f(x)| <= omega_f(sqrt(d) 2^-n) + 2^-n  on [0,1]^d minus Omega(K, delta),
    phi_1 in H_{2^(dn+4)}(d, 1), phi_2 in H_{2^(dn+5) n}(n, 1) independent of f,
    L(t) = (a_1 t, ..., a_n t) with 2^m a_l integers, m = 2^(dn+1).

Proof followed (Appendix A), each step a function of :mod:`.steps`:

1. ``phi_1 = 4^rho(beta)`` on every closed cube (:func:`.steps.phi1_constant_on_cubes`);
2. ``phi_2(L(4^j))`` is the ``n``-bit truncation of ``f(x_beta)`` (:func:`.steps.bits_recovered`);
3. ``phi_2(R^n)`` lies in ``[0, 1]`` (:func:`.steps.tail_range`);
4. the error off ``Omega`` and ``|Omega| <= d K delta`` (:func:`.steps.error_off_trifling`,
   :func:`.steps.trifling_measure`);
5. the parameter counts and the ``n`` intrinsic parameters ``a_l``.

Not checked: the declared modulus of continuity is a hypothesis; ``sup_Q |f - c_beta|`` is
bounded through it (see :data:`.common.NOT_CHECKED_A1`).
"""

from ...claims.certificate import Certificate
from ...claims.theorem import Theorem
from . import steps
from .common import (DELTA, DIFF, NOT_CHECKED_A1, PAPER, TARGET_PARAMETERS, build_and_check, diff_targets,
                     dimension_and_bits, target_of)
from .instance import build_instance

__all__ = ["STATEMENT", "check", "verify", "THEOREM"]

REFERENCE = f"{PAPER}, Theorem A.1"
STATEMENT = ("For continuous f: [0,1]^d -> [0,1] and n >= 1, K = 2^n, delta in (0, 1/(3K)]: "
             "|phi_2(L(phi_1(x))) - f(x)| <= omega_f(sqrt(d) 2^-n) + 2^-n for x in [0,1]^d minus "
             "Omega(K, delta), with phi_1 in H_{2^(dn+4)}(d,1), phi_2 in H_{2^(dn+5) n}(n,1) independent "
             "of f and L(t) = (a_1 t, ..., a_n t), 2^m a_l integers, m = 2^(dn+1).")


def check(inst, diff_with=None) -> Certificate:
    """The Theorem A.1 steps on a built instance (``diff_with``: instances for other targets)."""
    cert = Certificate(REFERENCE, STATEMENT, steps.instance_record(inst))
    blocks = {"phi1": [(inst.phi1, 1)], "phi2": steps.phi2_blocks(inst.n, inst.grid.cube_count)}
    steps.a1_steps(inst, cert, blocks, steps.A1_SIZES, diff_with=diff_with)
    cert.not_checked = list(NOT_CHECKED_A1)
    return cert


def build(d: int, n: int, target, delta=None):
    """Theorem A.1's instance (``s = 1``, ``b = 0``: ``f`` must map ``[0, 1]^d`` into ``[0, 1]``)."""
    return build_instance(d, n, target, delta)


def verify(d: int, n: int, target, delta=None, diff: bool = True) -> Certificate:
    """Build and check Theorem A.1 on one instance; with ``diff``, also for :func:`.common.diff_targets`."""
    others = diff_targets(d, scaled=False) if diff else None
    return build_and_check(lambda t, dl: build(d, n, t, dl), check, target, delta, others)


def _run(d, n, f, lipschitz, holder, modulus, delta, no_diff) -> Certificate:
    return verify(d, n, target_of(d, f, lipschitz, holder, modulus), delta, diff=not no_diff)


THEOREM = Theorem(
    name="syz22-a1", reference=REFERENCE, statement=STATEMENT,
    summary="Thm A.1: n-bit truncation of f on every cube, error off the trifling region",
    parameters={**dimension_and_bits(2, 2), **TARGET_PARAMETERS, **DELTA, **DIFF},
    run=_run, target_defaults={"f": "(1 + sin(3*x1)*x2)/2"},
)
