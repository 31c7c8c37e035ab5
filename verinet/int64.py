"""Exact integer arrays: numpy ``int64`` where a bound proves it exact, Python ints otherwise.

Main statement
--------------
numpy ``int64`` arithmetic is exact integer arithmetic as long as no result (and no partial
result) leaves ``[-LIMIT, LIMIT]`` with ``LIMIT = 2^63 - 1``; past that it wraps around
silently.  numpy arrays of dtype ``object`` hold Python ints and are exact at any size, and
the same numpy expressions (``+ - * // % abs``, comparisons, ``np.gcd``, ``np.maximum``,
indexing) work on both dtypes.  The 1-D analysis and exact evaluation's inputs therefore
write each computation once and follow one discipline:

* Python ints enter through :func:`to_int64` (``None`` when one lies outside
  ``[-LIMIT, LIMIT]``; ``-2^63`` is refused too so that ``abs`` stays exact) or
  :func:`exact_array` (``int64`` when they fit, else ``object``);
* :func:`multiply` / :func:`product` check every elementwise product against ``LIMIT``
  before forming it;
* before any other operation the caller bounds the magnitude of every term by Python-int
  arithmetic on maxima of its inputs (:func:`max_abs`); :func:`room` turns the operands into
  ``object`` arrays when the bound exceeds ``LIMIT`` (:func:`fits`), and :func:`tight` turns
  an ``object`` result back into ``int64`` once its entries fit again.

A sum ``t_1 + ... + t_k`` is exact when ``sum |t_i|`` fits, since every partial sum is bounded
by it.  No float is involved anywhere.
"""

import numpy as np

__all__ = [
    "LIMIT", "fits", "to_int64", "exact_array", "max_abs", "multiply", "product", "combination", "room", "tight",
]

LIMIT = 2**63 - 1


def fits(*bounds) -> bool:
    """True when every bound (a Python int ``>= 0``) is at most :data:`LIMIT`."""
    return all(b <= LIMIT for b in bounds)


def to_int64(values):
    """An ``int64`` array holding exactly the Python ints ``values`` (any nesting numpy
    accepts), or ``None`` when one of them lies outside ``[-LIMIT, LIMIT]``.

    Examples
    --------
    >>> to_int64([1, -2, 2**63 - 1]).tolist()
    [1, -2, 9223372036854775807]
    >>> to_int64([2**63]) is None, to_int64([-2**63]) is None
    (True, True)
    """
    try:
        array = np.array(values, dtype=np.int64)
    except OverflowError:
        return None
    return array if fits(max_abs(array)) else None


def exact_array(values):
    """The Python ints ``values`` as an ``int64`` array when they all fit, else as ``object``."""
    array = to_int64(values)
    return np.array(values, dtype=object) if array is None else array


def max_abs(array) -> int:
    """``max |a_i|`` as a Python int (``0`` for an empty array; no int64 overflow at ``-2^63``)."""
    if not array.size:
        return 0
    return max(int(array.max()), -int(array.min()))


def multiply(a, b):
    """The elementwise product of two ``int64`` arrays with entries in ``[-LIMIT, LIMIT]``,
    or ``None`` when some ``|a_i b_i|`` exceeds :data:`LIMIT`.  Checked first, exactly: by
    ``max|a| max|b|`` and, when that bound is too coarse, elementwise
    (``|a_i| <= floor(LIMIT / |b_i|)`` iff ``|a_i b_i| <= LIMIT``).

    Examples
    --------
    >>> import numpy as np
    >>> multiply(np.array([3, -2**31]), np.array([5, 2**32 - 1])).tolist()
    [15, -9223372034707292160]
    >>> multiply(np.array([2**32]), np.array([2**31])) is None
    True
    """
    if not fits(max_abs(a) * max_abs(b)) and not (np.abs(a) <= LIMIT // np.maximum(np.abs(b), 1)).all():
        return None
    return a * b


def product(a, b):
    """The exact elementwise product of two integer arrays: ``int64`` when both are and every
    product fits (:func:`multiply`), else ``object``."""
    if a.dtype == b.dtype == np.int64:
        out = multiply(a, b)
        if out is not None:
            return out
    return a.astype(object) * b.astype(object)


def combination(terms, constant=0):
    """``sum_k a_k x_k + constant`` exactly, for ``(a_k, x_k)`` pairs of Python ints and
    integer arrays of one length (at least one term): ``int64`` when the bound
    ``sum_k |a_k| max(max|x_k|, 1) + |constant|`` fits, else ``object``.  (The ``max(., 1)``
    keeps every coefficient itself within ``int64``.)

    Examples
    --------
    >>> import numpy as np
    >>> combination([(2, np.array([1, -1])), (-3, np.array([5, 0]))], constant=1).tolist()
    [-12, -1]
    >>> combination([(2**62, np.array([1, 2]))]).dtype
    dtype('O')
    """
    bound = sum(abs(a) * max(max_abs(x), 1) for a, x in terms) + abs(constant)
    xs = room(bound, *(x for _, x in terms))
    acc = None
    for (a, _), x in zip(terms, xs):
        term = x if a == 1 else a * x
        acc = term if acc is None else acc + term
    return acc + constant if constant else acc


def room(bound, *arrays):
    """``arrays``, as ``object`` arrays when ``bound`` (a Python int bounding every value
    that will be computed from them) exceeds :data:`LIMIT`."""
    if fits(bound):
        return arrays
    return tuple(a if a.dtype == object else a.astype(object) for a in arrays)


def tight(array):
    """``array`` as ``int64`` when it is an ``object`` array whose entries all fit."""
    if array.dtype == object and len(array) and fits(max_abs(array)):
        return array.astype(np.int64)
    return array
