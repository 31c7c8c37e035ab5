"""The L^inf check of Theorem 2.2: the mid repair over the whole cube, exactly.

Main statement checked (Shen-Yang-Zhang 2022, Thm 2.2 via Lemma A.2)::

    sup_{x in [0,1]^d} |s psi_d(x) + b - f(x)| <= omega(sqrt(d) 2^-n) + s 2^-n (+ d omega(delta)),

with ``psi_0`` the Theorem A.1 network and
``psi_{i+1}(x) = mid(psi_i(x - delta e_{i+1}), psi_i(x), psi_i(x + delta e_{i+1}))``.

Method (abstract interpretation over cells, exact):

* ``[0, 1]`` is cut into the axis cells of :meth:`~verinet.claims.grid.Grid.axis_cells`; on
  a product cell ``C`` the position (extended interval ``k`` or gap) of every shifted point
  ``x + delta e``, ``e in {-1, 0, 1}^d``, is fixed.
* ``psi_0`` at a shifted point whose coordinates all lie in intervals is the exact cube value
  ``c_beta`` (checked by :func:`~verinet.theorems.checks.phi1_constant_on_cubes` on the
  extended intervals and :func:`~verinet.theorems.checks.bits_recovered`); at any other
  point it is only known to lie in the range of ``phi_2`` (checked exactly).
* ``mid`` is monotone in each argument, so ``psi_d(C)`` lies in ``[mid(lows), mid(highs)]``
  computed coordinate by coordinate; each end point remembers the cube it came from.
* For an end point ``c_beta``: ``|c_beta - f(x)| <= |c_beta - f(x_beta)| + omega(max_{x in C}
  ||x - x_beta||)``, with the squared distance exact.  The worst cell is compared exactly.

The network itself is evaluated at a representative point of every cell (up to a cap) and
its exact value must lie in the cell's interval: a cross-check of the abstraction against
the built network.
"""

from itertools import product

import sympy

from .._backend import MPQ
from ..interpret.exact import evaluate
from ..claims.certificate import Check, compare_le
from ..reals import rational_bounds, to_sympy

__all__ = ["linf_cells", "linf_checks"]


def _mid(a, b, c):
    """The median of three ``(value, source)``; on a tie, a cube source is preferred (same value)."""
    value = sorted((a[0], b[0], c[0]))[1]
    return min((t for t in (a, b, c) if t[0] == value), key=lambda t: t[1] is None)


def _interval(grid, cell_labels, cube_value, top):
    """``(lo, hi)`` end points ``(value, beta or None)`` of ``psi_d`` on a cell."""
    d = grid.d
    leaves = {}
    for e in product(range(3), repeat=d):
        labels = [cell_labels[i][e[i]] for i in range(d)]
        if all(kind == "I" for kind, _ in labels):
            beta = tuple(k for _, k in labels)
            leaves[e] = ((cube_value[beta], beta), (cube_value[beta], beta))
        else:
            leaves[e] = top
    for axis in range(d):  # mid over coordinate axis+1 first (psi_1), then the next
        reduced = {}
        for e in product(range(3), repeat=d - axis - 1):
            triple = [leaves[(s,) + e] for s in range(3)]
            reduced[e] = (_mid(*(t[0] for t in triple)), _mid(*(t[1] for t in triple)))
        leaves = reduced
    return leaves[()]


def linf_cells(inst, values, phi2_range, cap: int = 4096, realised=None, slack=MPQ(0)):
    """Per-cell intervals and error bounds; returns (worst, cells_checked, consistency witness).

    ``realised(points)`` gives the exact outputs of the network under test (default: the
    instance's network); each must lie in its cell's interval widened by ``slack``.
    """
    grid, target, s, b = inst.grid, inst.target, inst.s, inst.b
    cubes = grid.cubes()
    cube_value = dict(zip(cubes, values))
    lo_r, hi_r = phi2_range
    top = ((s * lo_r + b, None), (s * hi_r + b, None))
    err_top = s * max(hi_r, 1 - lo_r)
    e_beta = {}
    for beta in cubes:
        lo, hi = target.bounds(grid.corner(beta), 64)
        e_beta[beta] = max(hi - cube_value[beta], cube_value[beta] - lo)
    omega_upper = {}
    axis = grid.axis_cells()
    worst = (MPQ(-1), None, None, None)
    samples = []
    for cell in product(axis, repeat=grid.d):
        labels = [c[2] for c in cell]
        (lo, src_lo), (hi, src_hi) = _interval(grid, labels, cube_value, top)
        for value, beta in ((lo, src_lo), (hi, src_hi)):
            if beta is None:
                bound, expr = err_top, to_sympy(err_top)
            else:
                x = grid.corner(beta)
                D2 = sum(max(abs(c[0] - xi), abs(c[1] - xi)) ** 2 for c, xi in zip(cell, x))
                if D2 not in omega_upper:
                    omega_upper[D2] = rational_bounds(target.omega(sympy.sqrt(to_sympy(D2))), 64)[1]
                bound = e_beta[beta] + omega_upper[D2]
                expr = to_sympy(e_beta[beta]) + target.omega(sympy.sqrt(to_sympy(D2)))
            if bound > worst[0]:
                worst = (bound, expr, tuple((c[0], c[1]) for c in cell), beta)
        if len(samples) < cap:
            samples.append((tuple((c[0] + c[1]) / 2 for c in cell), lo, hi))
    if realised is None:
        realised = lambda points: [y for (y,) in evaluate(inst.network, points)]  # noqa: E731
    got = realised([p for p, _, _ in samples]) if samples else []
    outside = [(p, y) for (p, lo, hi), y in zip(samples, got) if not lo - slack <= y <= hi + slack]
    return worst, len(samples), outside


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
