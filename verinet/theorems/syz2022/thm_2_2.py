"""Theorem 2.2: ``L^inf`` approximation with ``3^d n + 2`` intrinsic parameters (mid repair).

Statement (Shen-Yang-Zhang 2022, Theorem 2.2)::

    For n >= 1 and f in C([0,1]^d):
    ||s phi_2(L(phi_1(x))) + b - f||_{L^inf} <= omega_f(sqrt(d) 2^-n) + 2^(-n+2) omega_f(sqrt(d)),
    phi_1 in H_{3^d 2^(dn+5)}(d, 3^d), phi_2 in H_{3^d 2^(dn+8) n}(3^d n, 1),
    L blockwise (a_1 t, ..., a_n t); 3^d n + 2 intrinsic parameters.

Proof followed (Section 6, Lemma A.2): Theorem A.1's steps for the rescaled target, then
the mid repair ``psi_{i+1}(x) = mid(psi_i(x - delta e_{i+1}), psi_i(x), psi_i(x + delta
e_{i+1}))`` is bounded on every cell of the cube exactly (:func:`verinet.claims.cells.cell_bounds`)
and compared with three bounds (:func:`linf_checks`): the sharp one, the one that holds for
the f-independent ``delta`` used, and the paper's.

Not checked: the mid network (Lemma 3.1) and the wiring of the repair are the constructions
module's (tested there); here the assembled network is evaluated at one point per cell and
must lie in the cell's interval.
"""

import sympy

from ..._backend import MPQ
from ...claims.cells import cell_bounds
from ...claims.certificate import Certificate, Check, compare_le
from ...claims.sizes import SizeBound
from ...claims.theorem import Param, Theorem, integer
from ...constructions.extremes import mid3
from ...interpret.exact import evaluate
from ...reals import to_sympy
from . import steps
from .common import (DELTA, DIFF, NOT_CHECKED_A1, PAPER, SCALING_NOTE, TARGET_PARAMETERS, build_and_check,
                     diff_targets, dimension_and_bits, target_of)
from .instance import build_instance, paper_2_2_delta, scaling

__all__ = ["STATEMENT", "build", "check", "verify", "linf_cells", "linf_checks", "THEOREM"]

REFERENCE = f"{PAPER}, Theorem 2.2"
STATEMENT = ("For n >= 1 and f in C([0,1]^d): ||s phi_2(L(phi_1(x))) + b - f||_{L^inf} <= "
             "omega_f(sqrt(d) 2^-n) + 2^(-n+2) omega_f(sqrt(d)), phi_1 in H_{3^d 2^(dn+5)}(d, 3^d), "
             "phi_2 in H_{3^d 2^(dn+8) n}(3^d n, 1), L blockwise (a_1 t, ..., a_n t); 3^d n + 2 intrinsic "
             "parameters.")

# The sizes of psi_1 (3^d shifted copies of phi_1) and psi_2 (3^d copies of phi_2 and the mid tree).
SIZES = (SizeBound("psi1", "3^d 2^(dn+5)", lambda d, n: 3**d * 2 ** (d * n + 5)),
         SizeBound("psi2", "3^d 2^(dn+8) n", lambda d, n: 3**d * 2 ** (d * n + 8) * n))


def linf_cells(inst, values, phi2_range, cap: int = 4096, realised=None, slack=MPQ(0)):
    """The cell analysis of the instance: ``psi_0`` is ``c_beta`` on cubes and in ``s [lo, hi] + b`` elsewhere.

    ``|s y + b - f| <= s max(hi, 1 - lo)`` there, since ``(f - b)/s`` and ``phi_2`` lie in
    ``[0, 1]``.  ``realised(points)`` gives the network under test's outputs (default: the
    instance's network).
    """
    s, b = inst.s, inst.b
    lo, hi = phi2_range
    if realised is None:
        realised = lambda points: [y for (y,) in evaluate(inst.network, points)]  # noqa: E731
    return cell_bounds(inst.grid, inst.target, dict(zip(inst.grid.cubes(), values)), (s * lo + b, s * hi + b),
                       s * max(hi, 1 - lo), realised, cap, slack)


def linf_checks(inst, values, phi2_range, cap: int = 4096) -> list:
    """The Theorem 2.2 inequalities (sharp, fixed-delta and paper forms) and the cross-check.

    The paper chooses ``delta`` with ``d omega_f(delta)/s <= 2^-n``, which depends on ``f``;
    here ``delta`` is the instance's (f-independent by default), and the bound that holds
    for it, ``... + d omega(delta)``, is checked alongside the paper's and the sharp one.
    """
    grid, target, s = inst.grid, inst.target, to_sympy(inst.s)
    worst, sampled, outside = linf_cells(inst, values, phi2_range, cap)
    bound_value, lhs, cell, beta = worst
    base = target.omega(sympy.sqrt(grid.d) / grid.K)
    witness = {"worst_cell": cell, "endpoint_cube": beta, "upper_bound_rational": bound_value}
    return [
        Check("network_within_cell_intervals", f"the network's exact value at {sampled} cell points lies in "
              "the interval computed for its cell", len(outside), 0, not outside, "==",
              {"first_outside": outside[:1]}),
        compare_le("linf_bound_sharp", "sup |s psi_d + b - f| <= omega(sqrt(d) 2^-n) + s 2^-n (any delta <= 1/(3K))",
                   lhs, base + s / grid.K, witness),
        compare_le("linf_bound_fixed_delta",
                   "sup |s psi_d + b - f| <= omega(sqrt(d) 2^-n) + s 2^-n + d omega(delta) (f-independent delta)",
                   lhs, base + s / grid.K + grid.d * target.omega(grid.delta), witness),
        compare_le("linf_bound_paper", "sup |s psi_d + b - f| <= omega(sqrt(d) 2^-n) + 2^(-n+2) W, s = 2W (Thm 2.2)",
                   lhs, base + 2 * s / grid.K, witness),
    ]


def check(inst, diff_with=None, cap: int = 4096) -> Certificate:
    """The Theorem 2.2 steps (``L^inf``, ``3^d n + 2`` intrinsic parameters) on a built instance.

    ``cap`` bounds the number of cell points at which the network is evaluated.  The
    paper's f-dependent ``delta`` (:func:`~.instance.paper_2_2_delta`) is reported for this
    target and the diff targets under ``intrinsic["paper_gap"]``.
    """
    cert = Certificate(REFERENCE, STATEMENT, steps.instance_record(inst))
    grid = inst.grid
    d, n, J = grid.d, inst.n, grid.cube_count
    mids = sum(3**i for i in range(d))
    blocks = {"psi1": [(inst.phi1, 3**d)], "psi2": steps.phi2_blocks(n, J, 3**d) + [(mid3().network, mids)]}
    values, rng = steps.a1_steps(inst, cert, blocks, SIZES, diff_with=diff_with)
    with cert.timed("linf_cells"):
        cert.checks += linf_checks(inst, values, rng, cap)
        cert.record_plan("network", inst.network)
    cert.intrinsic["paper_gap"] = {
        "delta_used": grid.delta,
        "paper_delta": {i.target.description: paper_2_2_delta(d, n, i.target, i.s) for i in [inst] + (diff_with or [])},
        "note": "the paper's delta satisfies d omega_f(delta)/s <= 2^-n and so depends on f; the delta used is "
                "f-independent and linf_bound_fixed_delta is the bound that holds for it",
    }
    cert.not_checked = NOT_CHECKED_A1 + [SCALING_NOTE,
        "The mid network (Lemma 3.1) and the wiring of mid_repair are the constructions module's, tested there; "
        "here the assembled network is evaluated at one point per cell and must lie in the cell's interval.",
    ]
    return cert


def build(d: int, n: int, target, delta=None, bits: int = 32):
    """The mid repair (Lemma A.2) of Theorem A.1's network, then ``s y + b``.

    ``delta`` defaults to the f-independent ``1/(3K)`` (see docs/theorems.md for why this
    suffices); pass :func:`~.instance.paper_2_2_delta` for the paper's choice.
    """
    s, b = scaling(target, bits)
    return build_instance(d, n, target, delta, s, b, scaled=True, repaired=True)


def verify(d: int, n: int, target, delta=None, diff: bool = True, cap: int = 4096) -> Certificate:
    """Build and check Theorem 2.2 on one instance; ``delta`` defaults to the f-independent ``1/(3K)``."""
    others = diff_targets(d) if diff else None
    return build_and_check(lambda t, dl: build(d, n, t, dl), lambda inst, o: check(inst, o, cap), target, delta,
                           others)


def _run(d, n, f, lipschitz, holder, modulus, delta, no_diff, cap) -> Certificate:
    return verify(d, n, target_of(d, f, lipschitz, holder, modulus), delta, diff=not no_diff, cap=cap)


THEOREM = Theorem(
    name="syz22-2.2", reference=REFERENCE, statement=STATEMENT,
    summary="Thm 2.2: L^inf error (mid repair) with 3^d n + 2 intrinsic parameters",
    parameters={**dimension_and_bits(1, 3), **TARGET_PARAMETERS, **DELTA, **DIFF,
                "cap": Param(integer("cap", 0), 4096, "cell points at which the network is evaluated")},
    run=_run, target_defaults={"f": "sin(3*x1)/2"},
)
