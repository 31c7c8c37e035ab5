"""Batches of exact points: the inputs and outputs of exact evaluation.

Two exact forms of B vectors of width n:

* :class:`CommonBatch`: integers (B x n, numpy int64 or Python ints) over one positive
  common denominator; built from a numpy integer array it makes no Python number per
  coordinate (the exact counterpart of a prebuilt float64 array);
* :class:`Batch`: a python-flint integer matrix (n x B) over a row of per-column
  denominators (the form of the columns path, :mod:`verinet.interpret.columns`).

:func:`from_points` parses points (sequences of exact numbers) over their least common
denominator; :func:`as_common` and :func:`as_columns` convert between the two forms (the same
rationals, exactly); :func:`from_batch` unpacks either into tuples of reduced ``MPQ``.
"""

import math
from fractions import Fraction
from itertools import repeat
from numbers import Integral
from operator import attrgetter

import numpy as np

from .._backend import MPQ, IntMatrix
from ..errors import InvalidArgument, ShapeError
from ..int64 import exact_array, max_abs
from ..numbers import as_rational

__all__ = ["Batch", "CommonBatch", "from_points", "as_common", "as_columns", "to_batch", "from_batch"]


class Batch:
    """B exact vectors: integer matrix ``numerators`` (n x B) over the row ``denominators``."""

    __slots__ = ("numerators", "denominators")

    def __init__(self, numerators: IntMatrix, denominators: IntMatrix):
        self.numerators = numerators
        self.denominators = denominators

    @property
    def width(self) -> int:
        return self.numerators.nrows()

    @property
    def size(self) -> int:
        return self.numerators.ncols()


class CommonBatch:
    """B exact points over one common denominator: integer ``numerators`` (B x n) / ``denominator``.

    The fast input (and output) of :func:`evaluate` and :func:`run_batch`: row ``j`` of
    ``numerators`` is point ``j`` times ``denominator``.  Built from a numpy integer array it
    never makes a Python number per coordinate, so evaluation starts from the integers
    themselves, as float64 code starts from a prebuilt array.  Numerators of any size are
    allowed (Python ints beyond int64 are kept exactly, as an object array).

    Parameters
    ----------
    numerators : numpy integer array, or sequence of sequences of ints, shape (B, n)
        One row per point.  Copied; the batch is immutable.
    denominator : int
        Positive.

    Raises
    ------
    InvalidArgument
        For a non-integer entry or dtype (floats included: use ``verinet.from_float`` and
        :func:`evaluate` for those), no points, or a denominator that is not a positive int.
    ShapeError
        For rows of different lengths, points of width 0, or an array that is not 2-D.

    Examples
    --------
    >>> import numpy as np
    >>> batch = CommonBatch(np.array([[1, -6], [4, 3]]), 4)
    >>> batch.size, batch.width, batch.denominator
    (2, 2, 4)
    >>> [[str(v) for v in point] for point in from_batch(batch)]
    [['1/4', '-3/2'], ['1', '3/4']]
    """

    __slots__ = ("_coords", "_den")

    def __init__(self, numerators, denominator: int):
        if isinstance(denominator, bool) or not isinstance(denominator, Integral) or denominator <= 0:
            raise InvalidArgument(f"denominator={denominator!r} must be a positive integer")
        ints = _integer_rows(numerators)
        self._coords = _frozen(np.ascontiguousarray(ints.T))
        self._den = int(denominator)

    @classmethod
    def _of(cls, coords: np.ndarray, denominator: int) -> "CommonBatch":
        """A batch from trusted coordinate-major integers (n x B) and a positive int."""
        batch = cls.__new__(cls)
        batch._coords, batch._den = _frozen(coords), denominator
        return batch

    @property
    def denominator(self) -> int:
        """The positive common denominator."""
        return self._den

    @property
    def numerators(self) -> np.ndarray:
        """The integers, one row per point (a read-only view; int64 or Python ints)."""
        return self._coords.T

    @property
    def width(self) -> int:
        return self._coords.shape[0]

    @property
    def size(self) -> int:
        return self._coords.shape[1]

    def __repr__(self) -> str:
        return f"CommonBatch({self.size} points of width {self.width} over {self.denominator})"


def _frozen(a: np.ndarray) -> np.ndarray:
    a.flags.writeable = False
    return a


def _integer_rows(numerators) -> np.ndarray:
    """``numerators`` as a 2-D int64 (or Python-int object) array, validated."""
    if isinstance(numerators, np.ndarray):
        ints = _integer_array(numerators)
    else:
        if isinstance(numerators, (str, bytes)) or not hasattr(numerators, "__len__"):
            raise InvalidArgument(
                f"numerators={numerators!r} must be an integer array or a list of rows of ints"
            )
        rows = [_integer_row(row, i) for i, row in enumerate(numerators)]
        if len({len(row) for row in rows}) > 1:
            i = next(i for i, row in enumerate(rows) if len(row) != len(rows[0]))
            raise ShapeError(f"numerators row {i} has {len(rows[i])} entries, row 0 has {len(rows[0])}")
        ints = exact_array(rows)
    if ints.ndim != 2:
        raise ShapeError(f"numerators has shape {ints.shape}; expected (points, width)")
    if ints.shape[0] == 0:
        raise InvalidArgument("no points to evaluate")
    if ints.shape[1] == 0:
        raise ShapeError("numerators has points of width 0")
    return ints


def _integer_array(a: np.ndarray) -> np.ndarray:
    if a.dtype.kind in "iu":
        return a.astype(np.int64) if np.can_cast(a.dtype, np.int64) else a.astype(object)
    if a.dtype != object:
        raise InvalidArgument(f"numerators has dtype {a.dtype}; an integer dtype or Python ints are required")
    bad = [(i, v) for i, v in np.ndenumerate(a) if isinstance(v, bool) or not isinstance(v, Integral)]
    if bad:
        raise InvalidArgument(f"numerators{list(bad[0][0])}={bad[0][1]!r} is not an integer")
    return exact_array([int(v) for v in a.ravel()]).reshape(a.shape)


def _integer_row(row, i: int) -> list:
    if isinstance(row, (str, bytes)) or not hasattr(row, "__len__"):
        raise InvalidArgument(f"numerators row {i} = {row!r} must be a sequence of ints")
    if set(map(type, row)) <= {int}:
        return list(row)
    for j, v in enumerate(row):
        if isinstance(v, bool) or not isinstance(v, Integral):
            raise InvalidArgument(f"numerators[{i}][{j}]={v!r} is not an integer")
    return [int(v) for v in row]


# ---------------------------------------------------------------------------------------
# Points in and out.


_PLAIN = frozenset({int, Fraction})  # types whose numerator and denominator are ints already
_NUMERATOR, _DENOMINATOR = attrgetter("numerator"), attrgetter("denominator")


def _fractions(points, dim: int) -> tuple:
    """Numerators and denominators (two lists of ints, point-major) of validated points.

    Errors name the point and coordinate at fault; anything but an ``int``, ``Fraction``
    or ``MPQ`` goes through ``as_rational`` (strings, ``mpz``, rejection of floats).
    """
    if isinstance(points, (str, bytes)):
        raise InvalidArgument(f"points={points!r} must be a list of points, not a string")
    nums, dens = [], []
    count = 0
    for count, point in enumerate(points, 1):
        if isinstance(point, (str, bytes)) or not hasattr(point, "__len__"):
            raise InvalidArgument(f"point {count - 1} = {point!r} must be a sequence of {dim} numbers")
        if len(point) != dim:
            raise ShapeError(f"point {count - 1} has {len(point)} coordinates, the network input has width {dim}")
        if set(map(type, point)) <= _PLAIN:  # the common case, in bulk
            nums.extend(map(_NUMERATOR, point))
            dens.extend(map(_DENOMINATOR, point))
            continue
        for i, v in enumerate(point):
            if type(v) not in _PLAIN:
                v = as_rational(v, f"point {count - 1}[{i}]")
            nums.append(int(v.numerator))
            dens.append(int(v.denominator))
    if not count:
        raise InvalidArgument("no points to evaluate")
    return nums, dens


def _over_common(nums: list, dens: list, dim: int) -> tuple:
    """Coordinate-major integers (dim x count array) over the least common denominator.

    ``n * (den // d)`` in int64 when every product provably fits (``max |n| * max
    (den // d) < 2^63``), else in Python ints.
    """
    den = math.lcm(*set(dens))
    n = exact_array(nums)
    if den != 1:
        factors = den // exact_array(dens) if den < 2**63 else None
        if factors is not None and n.dtype == np.int64 and max_abs(n) * int(factors.max()) < 2**63:
            n = n * factors
        else:
            n = exact_array([a * (den // b) for a, b in zip(nums, dens)])
    return np.ascontiguousarray(n.reshape(-1, dim).T), den


def from_points(points, dim: int) -> CommonBatch:
    """Exact points (each a sequence of ``dim`` numbers) over their least common denominator."""
    nums, dens = _fractions(points, dim)
    return CommonBatch._of(*_over_common(nums, dens, dim))


def as_columns(batch) -> Batch:
    """A :class:`Batch` of the same points (the batch itself if it is one)."""
    if isinstance(batch, Batch):
        return batch
    dens = IntMatrix(1, batch.size, [batch.denominator] * batch.size)
    return Batch(IntMatrix(batch._coords.tolist()), dens)


def as_common(batch) -> CommonBatch:
    """A :class:`CommonBatch` of the same points (over the lcm of a :class:`Batch`'s denominators)."""
    if isinstance(batch, CommonBatch):
        return batch
    dens = [int(d) for d in batch.denominators.entries()]
    den = math.lcm(*dens)
    factors = [den // d for d in dens]
    rows = [[int(v) * f for v, f in zip(row, factors)] for row in batch.numerators.tolist()]
    return CommonBatch._of(exact_array(rows), den)


def to_batch(points, dim: int) -> Batch:
    """Pack exact points (each a sequence of ``dim`` numbers) into a :class:`Batch`."""
    return as_columns(from_points(points, dim))


def from_batch(batch) -> list:
    """Unpack a :class:`Batch` or :class:`CommonBatch` into a list of tuples of ``MPQ``."""
    if isinstance(batch, CommonBatch):
        den = batch.denominator
        return list(zip(*(list(map(MPQ, row, repeat(den))) for row in batch._coords.tolist())))
    rows = batch.numerators.tolist()
    dens = batch.denominators.tolist()[0]
    return [tuple(MPQ(int(row[j]), int(den)) for row in rows) for j, den in enumerate(dens)]
