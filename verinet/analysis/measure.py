"""Exact Lebesgue measure of a finite union of axis-aligned boxes.

Main statement
--------------
For boxes ``B_k = prod_i [lo_ki, hi_ki]`` with rational corners,
``|B_1 u ... u B_n|`` is computed exactly by a sweep along the first axis: between two
consecutive distinct first coordinates the cross-section is a fixed union of
``(d-1)``-dimensional boxes, whose measure is computed the same way, recursively::

    |U| = sum over slabs [x_s, x_{s+1}] of (x_{s+1} - x_s) * |cross-section of U in the slab|.

Boundaries have measure zero, so open, closed or half-open boxes give the same answer.
Cost: ``O(n^d log n)`` in the worst case, which suits the small dimensions and box counts
of trifling-region analyses.
"""

from .._backend import MPQ
from ..errors import InvalidArgument, ShapeError
from ..numbers import as_rational

__all__ = ["union_measure", "box_measure"]


def _boxes(boxes):
    out = []
    dim = None
    for k, box in enumerate(boxes):
        try:
            sides = [(as_rational(lo, f"box {k} lower[{i}]"), as_rational(hi, f"box {k} upper[{i}]"))
                     for i, (lo, hi) in enumerate(box)]
        except (TypeError, ValueError):
            raise InvalidArgument(f"box {k} = {box!r} must be a sequence of (lower, upper) pairs") from None
        if not sides:
            raise ShapeError(f"box {k} has no sides")
        if dim is None:
            dim = len(sides)
        elif len(sides) != dim:
            raise ShapeError(f"box {k} has dimension {len(sides)}, box 0 has dimension {dim}")
        for i, (lo, hi) in enumerate(sides):
            if lo > hi:
                raise InvalidArgument(f"box {k} side {i} is [{lo}, {hi}] with lower > upper")
        out.append(tuple(sides))
    return out


def box_measure(box) -> MPQ:
    """Volume of one box ``[(lo_1, hi_1), ..., (lo_d, hi_d)]``."""
    (box,) = _boxes([box])
    volume = MPQ(1)
    for lo, hi in box:
        volume *= hi - lo
    return volume


def union_measure(boxes) -> MPQ:
    """Exact Lebesgue measure of the union of the given boxes.

    Parameters
    ----------
    boxes : iterable of sequences of (lower, upper) pairs
        All boxes have the same dimension; corners are exact numbers.

    Raises
    ------
    InvalidArgument
        For floats, unparsable numbers or a side with ``lower > upper``.
    ShapeError
        For boxes of different dimensions.

    Examples
    --------
    >>> str(union_measure([[(0, 1), (0, 1)], [("1/2", 2), ("1/2", 1)]]))
    '3/2'
    >>> str(union_measure([]))
    '0'
    """
    return _union(_boxes(boxes))


def _union(boxes) -> MPQ:
    boxes = [b for b in boxes if all(lo < hi for lo, hi in b)]
    if not boxes:
        return MPQ(0)
    if len(boxes[0]) == 1:
        return _union_1d([b[0] for b in boxes])
    xs = sorted({x for b in boxes for x in b[0]})
    total = MPQ(0)
    for left, right in zip(xs, xs[1:]):
        section = [b[1:] for b in boxes if b[0][0] <= left and right <= b[0][1]]
        if section:
            total += (right - left) * _union(section)
    return total


def _union_1d(intervals) -> MPQ:
    total, end = MPQ(0), None
    for lo, hi in sorted(intervals):
        if end is None or lo > end:
            total += hi - lo
            end = hi
        elif hi > end:
            total += hi - end
            end = hi
    return total
