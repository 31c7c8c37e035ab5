"""Exact integer arithmetic on numpy ``int64`` arrays, used only where a bound proves it exact.

Main statement
--------------
numpy ``int64`` arithmetic is exact integer arithmetic as long as no result (and no partial
result) leaves ``[-LIMIT, LIMIT]`` with ``LIMIT = 2^63 - 1``; past that it wraps around
silently.  The fast paths of the 1-D analysis therefore follow one discipline:

* Python ints enter through :func:`to_int64`, which refuses (returns ``None``) any list holding
  a number outside ``[-LIMIT, LIMIT]`` -- numpy itself raises on values past ``int64``, and
  ``-2^63`` is refused too so that ``abs`` stays exact;
* :func:`multiply` checks each product against ``LIMIT`` before forming it;
* before every other array operation the caller bounds the magnitude of each term by Python-int
  arithmetic on maxima of its inputs (:func:`max_abs`) and takes the fast path only when
  :func:`fits` accepts every bound; otherwise it falls back to Python ints.

A sum ``t_1 + ... + t_k`` is exact when ``sum |t_i|`` fits, since every partial sum is bounded
by it.  No float is involved anywhere.
"""

import numpy as np

__all__ = ["LIMIT", "fits", "to_int64", "max_abs", "multiply"]

LIMIT = 2**63 - 1


def fits(*bounds) -> bool:
    """True when every bound (a Python int ``>= 0``) is at most :data:`LIMIT`."""
    return all(b <= LIMIT for b in bounds)


def to_int64(values):
    """An ``int64`` array holding exactly the Python ints ``values``, or ``None`` when one of
    them lies outside ``[-LIMIT, LIMIT]``.

    Examples
    --------
    >>> to_int64([1, -2, 2**63 - 1]).tolist()
    [1, -2, 9223372036854775807]
    >>> to_int64([2**63]) is None, to_int64([-2**63]) is None
    (True, True)
    """
    try:
        array = np.fromiter(values, dtype=np.int64, count=len(values))
    except OverflowError:
        return None
    if len(array) and int(array.min()) < -LIMIT:
        return None
    return array


def max_abs(array) -> int:
    """``max |a_i|`` as a Python int (``0`` for an empty array); exact for :func:`to_int64`
    arrays and for results kept within :data:`LIMIT`."""
    if not len(array):
        return 0
    return max(int(array.max()), -int(array.min()))


def multiply(a, b):
    """The elementwise product of two ``int64`` arrays with entries in ``[-LIMIT, LIMIT]``,
    or ``None`` when some ``|a_i b_i|`` exceeds :data:`LIMIT` (checked first, exactly:
    ``|a_i| <= floor(LIMIT / |b_i|)`` iff ``|a_i b_i| <= LIMIT``).

    Examples
    --------
    >>> import numpy as np
    >>> multiply(np.array([3, -2**31]), np.array([5, 2**32 - 1])).tolist()
    [15, -9223372034707292160]
    >>> multiply(np.array([2**32]), np.array([2**31])) is None
    True
    """
    if not (np.abs(a) <= LIMIT // np.maximum(np.abs(b), 1)).all():
        return None
    return a * b
