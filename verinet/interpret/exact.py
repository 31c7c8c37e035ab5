"""Fast exact batched evaluation.

Three exact representations of a batch of B vectors of width n, one rule table each:

* **Limbs** (the fast path, :mod:`verinet.interpret.limbs`): one positive integer ``den``
  for the whole batch and the integer numerators ``N`` (n x B) as float64 limbs, so that
  products are one BLAS call over all limbs and ReLU is one mask.  An affine node with
  weights ``W = Ww / Dw`` and bias ``b = bb / Db``, each over its own least denominator,
  maps ``N / den`` to

      (Ww (f N) + bb den' / Db) / den',    den' = lcm(den Dw, Db),  f = den' / (den Dw),

  so a bias adds to the denominator only what it does not already hold (for a deep net
  with fixed fractional biases the denominator stays put).  ReLU zeroes the negative
  entries, and the power of two common to ``den`` and every numerator is cancelled
  (trailing zeros, vectorised; one row usually settles that there are none) so that
  numbers do not grow by the weights' binary denominators.  It applies when every affine
  node's integer weights ``Ww`` have row sums ``sum_j |Ww_ij|`` (and every ``Add`` its
  arity) at most ``2^40 - 2`` (:data:`verinet.interpret.limbs.MAX_BOUND`, see
  :func:`verinet.interpret.limbs.radix`); the numbers flowing through the network may be
  of any size.
* **Packed** (:mod:`verinet.interpret.packed`): each coordinate's whole batch as one big
  integer with a digit of ``W`` bits per point, so that every node is a few gmpy2
  operations on the whole batch.  Any weights; the path for weights too large for the limb
  radix, and the fast one for deep, narrow networks whose numbers have thousands of bits
  (the bit-extraction chains of the intrinsic-parameter theorems).
* **Columns** (:class:`Batch`): an integer matrix ``M`` (n x B, python-flint ``fmpz_mat``)
  over a row of column denominators ``den``; an affine node maps it to
  ``Wn * M + bn * den`` over ``D * den`` in flint's C kernels and ReLU cancels each
  column's common factor.  Kept as the independent second general path the tests compare.

Points come in as sequences of exact numbers (parsed one by one, then brought over their
least common denominator), or already as integers over one denominator
(:class:`CommonBatch`, e.g. a numpy int64 array: no Python number per coordinate, the
exact counterpart of a prebuilt float64 array), or as a :class:`Batch`.  All paths are
exact; results are reduced ``MPQ`` either way.  ``evaluate(..., path=...)`` chooses one
explicitly (the tests run both against the ``Fraction`` reference).
"""

import math
from fractions import Fraction
from itertools import repeat
from numbers import Integral
from operator import attrgetter
from typing import NamedTuple

import numpy as np

from . import limbs as L
from .packed import run_packed
from .walk import Rules, walk
from .._backend import MPQ, IntMatrix
from ..errors import InvalidArgument, ShapeError
from ..int64 import exact_array, max_abs
from ..network import Network
from ..numbers import as_rational
from ..ops import Add, Affine, Concat, ReLU, Slice

__all__ = ["evaluate", "evaluate_one", "Batch", "CommonBatch", "to_batch", "from_batch", "run_batch", "PATHS"]

PATHS = ("auto", "limbs", "packed", "columns")


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


def _from_points(points, dim: int) -> CommonBatch:
    """Exact points (each a sequence of ``dim`` numbers) over their least common denominator."""
    nums, dens = _fractions(points, dim)
    return CommonBatch._of(*_over_common(nums, dens, dim))


def _as_columns(batch) -> Batch:
    """A :class:`Batch` of the same points (the batch itself if it is one)."""
    if isinstance(batch, Batch):
        return batch
    dens = IntMatrix(1, batch.size, [batch.denominator] * batch.size)
    return Batch(IntMatrix(batch._coords.tolist()), dens)


def _as_common(batch) -> CommonBatch:
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
    return _as_columns(_from_points(points, dim))


def from_batch(batch) -> list:
    """Unpack a :class:`Batch` or :class:`CommonBatch` into a list of tuples of ``MPQ``."""
    if isinstance(batch, CommonBatch):
        den = batch.denominator
        return list(zip(*(list(map(MPQ, row, repeat(den))) for row in batch._coords.tolist())))
    rows = batch.numerators.tolist()
    dens = batch.denominators.tolist()[0]
    return [tuple(MPQ(int(row[j]), int(den)) for row in rows) for j, den in enumerate(dens)]


# ---------------------------------------------------------------------------------------
# Fast path: limbs over one denominator.


class _Scaled:
    """Integers ``limbs`` (L x rows x B, radix ``2^k``) over one positive int ``den``."""

    __slots__ = ("limbs", "den", "k")

    def __init__(self, limbs, den: int, k: int):
        self.limbs, self.den, self.k = limbs, den, k


class _Kernel(NamedTuple):
    """An affine op ``x -> W x + b`` as the limb path uses it.

    ``W = weights / weight_den`` and ``b = bias / bias_den``, each over its own least
    denominator (so ``Wn / D`` with ``g = gcd(D, Wn)`` gives ``weights = Wn / g``);
    ``l1 = max_i sum_j |weights_ij|`` is the op's share of the radix bound and ``matrix``
    is ``weights`` as float64 (``None`` when ``l1`` is too large for any radix).
    """

    matrix: object
    l1: int
    weight_den: int
    bias: list
    bias_den: int


# Kernels per Affine op (ops are frozen, so by identity; the cache holds the op itself so
# that an id is never reused while cached).
_KERNELS: dict = {}
_KERNELS_MAX = 4096


def _kernel(op: Affine) -> _Kernel:
    """The :class:`_Kernel` of an affine op, cached by identity."""
    hit = _KERNELS.get(id(op))
    if hit is not None and hit[0] is op:
        return hit[1]
    d = op.denominator
    g = math.gcd(d, *(v for row in op.weight_numerators for v in row))
    weights = [[v // g for v in row] for row in op.weight_numerators]
    h = math.gcd(d, *op.bias_numerators)
    l1 = max(sum(abs(v) for v in row) for row in weights)
    matrix = np.array(weights, dtype=np.float64) if L.radix(l1) is not None else None
    kernel = _Kernel(matrix, l1, d // g, [v // h for v in op.bias_numerators], d // h)
    if len(_KERNELS) >= _KERNELS_MAX:
        _KERNELS.pop(next(iter(_KERNELS)))
    _KERNELS[id(op)] = (op, kernel)
    return kernel


def _radix(net: Network):
    """The limb radix for ``net`` (one bound covering every node), or ``None``."""
    bound = 0
    for node in net.order():
        op = net.op(node)
        if type(op) is Affine:
            bound = max(bound, _kernel(op).l1)
        elif type(op) is Add:
            bound = max(bound, op.arity)
    return L.radix(bound)


def _affine_limbs(op: Affine, args: tuple, ctx) -> _Scaled:
    (x,) = args
    # W N / den + b over den' = lcm(den * weight_den, bias_den): a bias does not multiply
    # the denominator once den' already holds its denominator (deep nets stay small).
    # W N f / den' with f = den' / (den * weight_den): the input is scaled, then one product.
    kern, k = _kernel(op), x.k
    den = math.lcm(x.den * kern.weight_den, kern.bias_den)
    limbs = L.scale(x.limbs, den // (x.den * kern.weight_den), k)
    bias = None
    if any(kern.bias):
        scale = den // kern.bias_den
        bias = L.from_array(exact_array([b * scale for b in kern.bias]), k)
    return _Scaled(L.affine(kern.matrix, limbs, bias, k), den, k)


def _relu_limbs(op: ReLU, args: tuple, ctx) -> _Scaled:
    (x,) = args
    y, den, k = L.relu(x.limbs), x.den, x.k
    # Cancel 2^t, t = min(v2(den), v2 of every numerator): exact division on both sides.
    t = L.twos(y, (den & -den).bit_length() - 1, k)
    if t:
        y, den = L.shift_down(y, t, k), den >> t
    return _Scaled(y, den, k)


def _common_limbs(xs) -> tuple:
    """Several values rewritten over their least common denominator, with equal limb counts."""
    den = math.lcm(*(x.den for x in xs))
    k = xs[0].k
    scaled = [L.scale(x.limbs, den // x.den, k) for x in xs]
    count = max(s.shape[0] for s in scaled)
    return [L.widen(s, count, k) for s in scaled], den, k


def _add_limbs(op: Add, xs: tuple, ctx) -> _Scaled:
    parts, den, k = _common_limbs(xs)
    count = parts[0].shape[0]
    total = np.zeros((count + L.headroom(k),) + parts[0].shape[1:])
    for part in parts:  # inputs are never written to; arity 1 is allowed
        total[:count] += part
    return _Scaled(L.trim(L.normalize(total, k)), den, k)


def _concat_limbs(op: Concat, xs: tuple, ctx) -> _Scaled:
    parts, den, k = _common_limbs(xs)
    return _Scaled(np.concatenate(parts, axis=1), den, k)


def _slice_limbs(op: Slice, args: tuple, ctx) -> _Scaled:
    (x,) = args
    return _Scaled(L.trim(x.limbs[:, op.start : op.stop]), x.den, x.k)


LIMB_RULES = Rules("exact evaluation (limbs)", {Affine: _affine_limbs, ReLU: _relu_limbs, Add: _add_limbs,
                                                Concat: _concat_limbs, Slice: _slice_limbs})


# ---------------------------------------------------------------------------------------
# General path: fmpz columns with per-column denominators.


def _affine(op: Affine, args: tuple, ctx) -> Batch:
    (x,) = args
    numerators = op.weight_kernel * x.numerators + op.bias_kernel * x.denominators
    return Batch(numerators, x.denominators * op.denominator)


def _relu(op: ReLU, args: tuple, ctx) -> Batch:
    (x,) = args
    n, size = x.width, x.size
    entries = [v if v > 0 else 0 for v in x.numerators.entries()]
    dens = [int(d) for d in x.denominators.entries()]
    # Cancel the common factor of each column with its denominator (early exit at gcd 1).
    for j in range(size):
        g = dens[j]
        for i in range(j, n * size, size):
            g = math.gcd(g, int(entries[i]))
            if g == 1:
                break
        if g > 1:
            dens[j] //= g
            for i in range(j, n * size, size):
                entries[i] = int(entries[i]) // g
    return Batch(IntMatrix(n, size, entries), IntMatrix(1, size, dens))


def _common(batches) -> tuple:
    """Rewrite several batches over shared column denominators; return (rows, dens)."""
    first = batches[0].denominators.entries()
    if all(b.denominators.entries() == first for b in batches[1:]):
        return [b.numerators.tolist() for b in batches], [int(d) for d in first]
    columns = [[int(d) for d in b.denominators.entries()] for b in batches]
    dens = [math.lcm(*ds) for ds in zip(*columns)]
    rows = []
    for b, ds in zip(batches, columns):
        factors = [l // d for l, d in zip(dens, ds)]
        rows.append([[int(v) * f for v, f in zip(row, factors)] for row in b.numerators.tolist()])
    return rows, dens


def _add(op: Add, xs: tuple, ctx) -> Batch:
    rows, dens = _common(xs)
    total = [[sum(int(v) for v in column) for column in zip(*same_row)] for same_row in zip(*rows)]
    return Batch(IntMatrix(total), IntMatrix(1, len(dens), dens))


def _concat(op: Concat, xs: tuple, ctx) -> Batch:
    rows, dens = _common(xs)
    return Batch(IntMatrix([row for block in rows for row in block]), IntMatrix(1, len(dens), dens))


def _slice(op: Slice, args: tuple, ctx) -> Batch:
    (x,) = args
    rows = x.numerators.tolist()[op.start : op.stop]
    return Batch(IntMatrix(rows), x.denominators)


RULES = Rules("exact evaluation (columns)", {Affine: _affine, ReLU: _relu, Add: _add, Concat: _concat, Slice: _slice})


# ---------------------------------------------------------------------------------------
# Choosing a path.


def _check_path(path: str) -> None:
    if path not in PATHS:
        raise InvalidArgument(f"path={path!r} must be one of {PATHS}")


def _chosen(net: Network, path: str) -> tuple:
    """``("limbs", radix)``, ``("packed", None)`` or ``("columns", None)`` for ``path``.

    ``"auto"`` takes limbs whenever :func:`_radix` allows them and the packed path
    otherwise; ``"limbs"`` insists (and raises for weights too large for any radix).
    """
    _check_path(path)
    if path in ("columns", "packed"):
        return path, None
    k = _radix(net)
    if k is not None:
        return "limbs", k
    if path == "limbs":
        raise InvalidArgument(
            f"path='limbs' needs max_i sum_j |Wn_ij| (and every Add arity) at most "
            f"{L.MAX_BOUND}; this network exceeds it, use path='auto', 'packed' or 'columns'"
        )
    return "packed", None


def _run_limbs(net: Network, batch: CommonBatch, k: int) -> CommonBatch:
    """``net`` on the limb path, from and to integers over one denominator."""
    y = walk(net, _Scaled(L.from_array(batch._coords, k), batch.denominator, k), LIMB_RULES)
    return CommonBatch._of(L.to_array(y.limbs, k), y.den)


def _run_packed(net: Network, batch: CommonBatch) -> CommonBatch:
    """``net`` on the packed path; the output rows brought over their least common denominator."""
    rows, dens = run_packed(net, batch._coords.tolist(), batch.denominator)
    den = math.lcm(*dens)
    rows = [row if d == den else [v * (den // d) for v in row] for row, d in zip(rows, dens)]
    return CommonBatch._of(exact_array(rows), den)


def run_batch(net: Network, batch, *, path: str = "auto"):
    """Evaluate ``net`` on a :class:`Batch` or :class:`CommonBatch`; the result is of the same kind.

    ``path`` as in :func:`evaluate`; each path converts a batch of the other kind on the way
    in and out.  A :class:`CommonBatch` in and out of the limb path involves no Python
    number per coordinate (only per output coordinate when outputs exceed int64).

    Raises
    ------
    InvalidArgument
        For something that is not a batch, or a bad ``path`` (see :func:`evaluate`).
    ShapeError
        When the batch width is not the network's input width.
    """
    if not isinstance(batch, (Batch, CommonBatch)):
        raise InvalidArgument(f"batch={batch!r} must be a Batch or a CommonBatch")
    if batch.width != net.in_dim:
        raise ShapeError(f"batch has points of width {batch.width}, the network input has width {net.in_dim}")
    chosen, k = _chosen(net, path)
    if chosen == "limbs":
        out = _run_limbs(net, _as_common(batch), k)
    elif chosen == "packed":
        out = _run_packed(net, _as_common(batch))
    else:
        out = walk(net, _as_columns(batch), RULES)
    return _as_columns(out) if isinstance(batch, Batch) else _as_common(out)


def evaluate(net: Network, points, *, path: str = "auto") -> list:
    """Exact outputs of ``net`` at each point, as tuples of ``MPQ``.

    Parameters
    ----------
    net : Network
    points : sequence of sequences, or a :class:`CommonBatch` or :class:`Batch`
        Each point has ``net.in_dim`` exact numbers (see ``verinet.as_rational``).  A
        :class:`CommonBatch` (integers over one denominator) skips the per-number parsing.
    path : {"auto", "limbs", "packed", "columns"}
        Which exact representation computes the result (module docstring): ``"auto"``
        takes limbs when the weights allow them, else the packed path.  All give the same
        exact values; the choice exists so that tests can run each one.

    Raises
    ------
    InvalidArgument, ShapeError
        For a float or unparsable coordinate, a point of the wrong width, no points, an
        unknown ``path``, or ``path="limbs"`` for weights too large for limbs.

    Examples
    --------
    >>> from verinet.network import NetworkBuilder
    >>> b = NetworkBuilder(); x = b.input(1)
    >>> net = b.build(b.relu(b.affine(x, [["1/3"]], ["-1/2"])))
    >>> [str(y[0]) for y in evaluate(net, [[1], [6]])]
    ['0', '3/2']
    >>> evaluate(net, [[6]], path="columns") == evaluate(net, [[6]], path="limbs")
    True
    >>> [str(y[0]) for y in evaluate(net, CommonBatch([[2], [12]], 2))]
    ['0', '3/2']
    """
    _check_path(path)  # reported before the points are read
    batch = points if isinstance(points, (Batch, CommonBatch)) else _from_points(points, net.in_dim)
    return from_batch(run_batch(net, batch, path=path))


def evaluate_one(net: Network, point, *, path: str = "auto") -> tuple:
    """Exact output of ``net`` at one point."""
    return evaluate(net, [point], path=path)[0]
