"""Exact extremes of the network's affine output on one linear region (a :class:`~verinet.analysis.regions.Leaf`).

On a region ``R`` the output is ``(a . x + c) / den``; its minimum and maximum over the
polytope ``R`` are attained at vertices (an exact LP, :mod:`verinet.analysis.lp`, warm-started
at the best known vertex).  When ``R`` is the whole box (no split on its path) no LP is
needed: ``max_X a . x`` picks per coordinate the end the sign of ``a_i`` selects.
"""

from .._backend import MPQ
from .lp import dot, maximize, minimize

__all__ = ["corner_extremes", "leaf_extremes", "leaf_value"]


def corner_extremes(a, box):
    """argmin and argmax of ``a . x`` over the box: per coordinate the end the sign of a_i picks."""
    low = tuple(hi if w < 0 else lo for w, (lo, hi) in zip(a, box))
    high = tuple(hi if w > 0 else lo for w, (lo, hi) in zip(a, box))
    return low, high


def leaf_extremes(leaf, box):
    """(argmin, argmax) of the leaf's affine output over its polytope (``box``: the box searched)."""
    a, c = leaf.output_row()
    if not any(a):
        point = leaf.vertices[0].point
        return point, point
    if len(leaf.rows) == 2 * len(box):  # no split: the region is the whole box
        return corner_extremes(a, box)
    values = [dot(a, v.point) for v in leaf.vertices]
    bottom = minimize(a, leaf.rows, leaf.vertices[values.index(min(values))])
    top = maximize(a, leaf.rows, leaf.vertices[values.index(max(values))])
    return bottom.point, top.point


def leaf_value(leaf, point) -> MPQ:
    """The leaf's affine output at ``point`` (the network's value when ``point`` is in the region)."""
    a, c = leaf.output_row()
    return (dot(a, point) + c) / leaf.den
