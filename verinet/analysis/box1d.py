"""Exact range of a ReLU network on a box that is 1-D: one free coordinate, the others fixed.

Main statement
--------------
Let ``X = prod_i [a_i, b_i]`` with ``a_i = b_i`` for every ``i != k`` and ``a_k < b_k``.  Then
``X = {p + t e_k : t in [a_k, b_k]}`` with ``p_i = a_i`` (``i != k``), ``p_k = 0``, and
``phi(X) = psi([a_k, b_k])`` for the scalar-input network ``psi(t) = phi(e_k t + p)``
(:func:`verinet.calculus.pre_affine`).  ``psi`` is continuous and piecewise linear, so it is the
linear interpolant of its values at the breakpoints of its exact 1-D form
(:func:`verinet.analysis.pwl1d.piecewise_linear_form`); its minimum and maximum over
``[a_k, b_k]`` are the least and greatest of those values, attained at those breakpoints
(a linear function on a segment attains its extremes at the ends).  The witnesses are the
full points ``p + t e_k``.  The cost grows with the number of pieces, not with the number of
activation regions, and the budget caps the pieces (``budget.pieces``, ``--max-pieces``).
"""

import numpy as np

from .._backend import MPQ
from ..calculus import pre_affine
from ..int64 import product
from ..network import Network
from .pwl1d import RULES, piecewise_linear_form

__all__ = ["free_coordinate", "range_1d", "METHOD"]

METHOD = "1-D form"


def free_coordinate(net: Network, box):
    """The index ``k`` when the 1-D form applies: ``net`` is piecewise linear (ReLU) and ``box``
    (already checked, one pair per input) has exactly one coordinate with ``a_k < b_k``;
    ``None`` otherwise."""
    free = [k for k, (lo, hi) in enumerate(box) if lo < hi]
    if len(free) != 1 or RULES.refusal(net) is not None:
        return None
    return free[0]


def range_1d(net: Network, box, k: int, budget):
    """``(minimum, argmin, maximum, argmax, pieces)`` of a scalar ``net`` on a box whose only
    free coordinate is ``k`` (see the module docstring); witnesses are full points of the box.

    Raises
    ------
    BudgetExceeded
        When the 1-D form would exceed ``budget.pieces`` or the time runs out.
    """
    d = len(box)
    if d == 1:
        restricted = net
    else:
        column = [[int(i == k)] for i in range(d)]
        offset = [lo if i != k else 0 for i, (lo, _) in enumerate(box)]
        restricted = pre_affine(net, column, offset)
    lo, hi = box[k]
    (form,) = piecewise_linear_form(restricted, lo, hi, budget)
    T, E, N = form.arrays()
    c = form.scale

    def value_and_point(j):
        j = int(j)
        t = MPQ(int(T[j]), int(E[j]))
        return MPQ(int(N[j]), c * int(E[j])), tuple(t if i == k else a for i, (a, _) in enumerate(box))

    low, argmin = value_and_point(_leftmost_best(N, E, lowest=True))
    high, argmax = value_and_point(_leftmost_best(N, E, lowest=False))
    return low, argmin, high, argmax, form.pieces


def _leftmost_best(N, E, lowest: bool) -> int:
    """The least index ``j`` minimizing (``lowest``) or maximizing ``N_j / E_j`` (``E > 0``).

    Exact in two steps.  Write ``N_j / E_j = q_j + r_j / E_j`` with ``q_j = floor(N_j / E_j)``
    and ``0 <= r_j < E_j``; since ``0 <= r_j / E_j < 1``, the extremes are among the indices
    where ``q_j`` is extreme.  Among those, a knockout over neighbouring pairs compares
    ``r_a E_b`` with ``r_b E_a`` (:func:`verinet.int64.product`); a tie keeps the left index,
    so the leftmost extreme survives every round.
    """
    q = N // E
    r = N - product(q, E)
    target = q.min() if lowest else q.max()
    (idx,) = np.nonzero(q == target)
    while len(idx) > 1:
        left, right = idx[0 : len(idx) - 1 : 2], idx[1::2]
        a, b = product(r[left], E[right]), product(r[right], E[left])
        keep_left = (a <= b) if lowest else (a >= b)
        winners = np.where(keep_left, left, right)
        idx = np.concatenate([winners, idx[-1:]]) if len(idx) % 2 else winners
    return int(idx[0])
