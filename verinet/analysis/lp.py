"""An exact rational simplex for small-dimensional bounded polytopes.

The polytopes are ``P = {x in Q^d : a_i . x <= b_i for every row i}`` given as a list of
rows ``(a_i, b_i)`` with exact (int or ``MPQ``) entries, and bounded (the box analyses
always include the box's ``2 d`` rows).  The simplex walks the vertices of ``P`` directly:

* a *vertex* is a point ``x`` with a *basis* ``B`` of ``d`` linearly independent rows tight
  at ``x`` (``A_B x = b_B``), stored with the columns of ``A_B^{-1}``;
* ``x`` maximises ``c . x`` over ``P`` iff ``c = A_B^T lam`` with ``lam = A_B^{-T} c >= 0``
  (the multipliers of the tight rows; LP duality);
* otherwise, for a row ``k`` of ``B`` with ``lam_k < 0``, the edge direction
  ``u = -A_B^{-1} e_k`` keeps the other basic rows tight, loosens row ``k`` and raises the
  objective by ``-lam_k > 0`` per unit step; the step ``t`` is the ratio test
  ``min {(b_i - a_i . x) / (a_i . u) : a_i . u > 0}``, and the row attaining it replaces
  row ``k`` in the basis (a rank-one update of the inverse's columns).

This is the textbook simplex on the slack form ``s = b - A x >= 0`` with the ``x`` always
basic; choosing the entering row and the leaving row by smallest row index is Bland's rule,
so the walk terminates on degenerate vertices too.  Every number is an exact ``MPQ``.
"""

from dataclasses import dataclass
from operator import mul

from .._backend import MPQ

__all__ = ["Vertex", "box_rows", "corner_vertex", "maximize", "minimize", "dot"]

ZERO = MPQ(0)


@dataclass(frozen=True, slots=True)
class Vertex:
    """A vertex ``point`` of a polytope with a basis of tight rows.

    ``inverse[k]`` is column ``k`` of ``A_B^{-1}``, where ``A_B`` stacks the rows
    ``basis[0], ..., basis[d-1]``: ``A_B inverse[k] = e_k``.
    """

    point: tuple
    basis: tuple
    inverse: tuple


def dot(a, x) -> MPQ:
    """``sum_i a_i x_i`` as an exact ``MPQ`` (never an int or a float)."""
    return sum(map(mul, a, x), ZERO)


def box_rows(box) -> list:
    """The ``2 d`` rows of a box: row ``2 i`` is ``x_i <= b_i``, row ``2 i + 1`` is ``-x_i <= -a_i``."""
    d = len(box)
    rows = []
    for i, (lo, hi) in enumerate(box):
        unit = tuple(1 if j == i else 0 for j in range(d))
        rows.append((unit, hi))
        rows.append((tuple(-v for v in unit), -lo))
    return rows


def corner_vertex(box) -> Vertex:
    """The lower corner ``(a_1, ..., a_d)`` as a vertex of the rows :func:`box_rows` lists."""
    d = len(box)
    minus_identity = tuple(tuple(MPQ(-1) if j == k else ZERO for j in range(d)) for k in range(d))
    return Vertex(tuple(lo for lo, _ in box), tuple(2 * i + 1 for i in range(d)), minus_identity)


def maximize(objective, rows, start: Vertex) -> Vertex:
    """A vertex of ``P = {x : a_i . x <= b_i}`` maximising ``objective . x``.

    Parameters
    ----------
    objective : sequence of int or MPQ
        The vector ``c``.
    rows : list of (a, b)
        The rows of a bounded polytope.
    start : Vertex
        A vertex of ``P`` with a valid basis (its rows are tight and independent).

    Returns
    -------
    Vertex
        An optimal vertex; the optimum is ``dot(objective, result.point)``.

    Examples
    --------
    >>> box = ((MPQ(0), MPQ(1)), (MPQ(0), MPQ(1)))
    >>> rows = box_rows(box) + [((1, 1), MPQ(3, 2))]
    >>> [str(v) for v in maximize((2, 1), rows, corner_vertex(box)).point]
    ['1', '1/2']
    """
    point = list(start.point)
    basis = list(start.basis)
    columns = [list(c) for c in start.inverse]
    d = len(point)
    while True:
        # Bland: the tight row of smallest index whose multiplier lam_k = c . column_k < 0.
        entering = None
        for k in sorted(range(d), key=basis.__getitem__):
            if dot(objective, columns[k]) < 0:
                entering = k
                break
        if entering is None:
            return Vertex(tuple(point), tuple(basis), tuple(tuple(c) for c in columns))
        u = [-v for v in columns[entering]]
        tight = set(basis)
        step, leaving = None, None
        for i, (a, b) in enumerate(rows):
            if i in tight:
                continue
            rate = dot(a, u)
            if rate > 0:
                t = (b - dot(a, point)) / rate
                if step is None or t < step:  # ties: smallest index (Bland)
                    step, leaving = t, i
        # P is bounded and u != 0, so some row is hit (see the module docstring).
        point = [p + step * v for p, v in zip(point, u)]
        a = rows[leaving][0]
        pivot = dot(a, columns[entering])
        new_column = [v / pivot for v in columns[entering]]
        for j in range(d):
            if j != entering:
                factor = dot(a, columns[j])
                if factor:
                    columns[j] = [v - factor * w for v, w in zip(columns[j], new_column)]
        columns[entering] = new_column
        basis[entering] = leaving


def minimize(objective, rows, start: Vertex) -> Vertex:
    """A vertex of ``P`` minimising ``objective . x`` (see :func:`maximize`)."""
    return maximize([-c for c in objective], rows, start)
