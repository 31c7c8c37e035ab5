"""The mid-repair cell analysis: ``sup |network - f|`` over the whole cube, exactly.

Setting (Shen-Yang-Zhang 2022, Lemma A.2; Lu-Shen-Yang-Zhang 2021, Lemma 3.4): a network
``psi_0`` equals a known value ``c_beta`` on every closed cube of a :class:`~verinet.claims.grid.Grid`
and only lies in a known range ``[lo, hi]`` in the trifling region; the repair
``psi_{i+1}(x) = mid(psi_i(x - delta e_{i+1}), psi_i(x), psi_i(x + delta e_{i+1}))`` is then
bounded everywhere.

Method (abstract interpretation over cells, exact):

* ``[0, 1]`` is cut into the axis cells of :meth:`~verinet.claims.grid.Grid.axis_cells`; on
  a product cell ``C`` the position (extended interval ``k`` or gap) of every shifted point
  ``x + delta e``, ``e in {-1, 0, 1}^d``, is fixed.
* ``psi_0`` at a shifted point whose coordinates all lie in intervals is the cube value
  ``c_beta``; at any other point it is only known to lie in ``[lo, hi]``.
* ``mid`` is monotone in each argument, so ``psi_d(C)`` lies in ``[mid(lows), mid(highs)]``
  computed coordinate by coordinate; each end point remembers the cube it came from.
* For an end point ``c_beta``: ``|c_beta - f(x)| <= |c_beta - f(x_beta)| + omega(max_{x in C}
  ||x - x_beta||)``, with the squared distance exact; for an end point from the range the
  caller's bound of the error there is used.  The worst cell is returned.

The network itself is evaluated at a representative point of every cell (up to a cap) and
its exact value must lie in the cell's interval: a cross-check of the abstraction against
the built network.
"""

from itertools import product

import sympy

from .._backend import MPQ
from ..reals import rational_bounds, to_sympy

__all__ = ["cell_bounds"]


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


def cell_bounds(grid, target, cube_values, gap_range, gap_error, realised, cap: int = 4096, slack=MPQ(0)):
    """The worst cell's error bound, and the network's values checked against the cell intervals.

    Parameters
    ----------
    grid : Grid
    target : Target
        ``f`` with its modulus ``omega``.
    cube_values : dict
        ``beta -> c_beta``, the value of the (unrepaired) network on ``Qbar_beta``.
    gap_range : (lo, hi)
        Its range on the trifling region.
    gap_error : exact number
        An upper bound of ``|value - f|`` when the value comes from ``gap_range``.
    realised : callable
        ``realised(points)`` gives the exact outputs of the network under test at the cell
        representatives; each must lie in its cell's interval widened by ``slack``.

    Returns
    -------
    (worst, sampled, outside)
        ``worst = (rational upper bound, sympy bound, cell, beta or None)`` for the cell with
        the largest bound, the number of evaluated cell points, and those outside their interval.
    """
    lo_r, hi_r = gap_range
    top = ((lo_r, None), (hi_r, None))
    e_beta = {}
    for beta, c in cube_values.items():
        lo, hi = target.bounds(grid.corner(beta), 64)
        e_beta[beta] = max(hi - c, c - lo)
    omega_upper = {}
    worst = (MPQ(-1), None, None, None)
    samples = []
    for cell in product(grid.axis_cells(), repeat=grid.d):
        labels = [c[2] for c in cell]
        (lo, src_lo), (hi, src_hi) = _interval(grid, labels, cube_values, top)
        for value, beta in ((lo, src_lo), (hi, src_hi)):
            if beta is None:
                bound, expr = gap_error, to_sympy(gap_error)
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
    got = realised([p for p, _, _ in samples]) if samples else []
    outside = [(p, y) for (p, lo, hi), y in zip(samples, got) if not lo - slack <= y <= hi + slack]
    return worst, len(samples), outside
