"""Fast exact batched evaluation.

Two exact representations of a batch of B vectors of width n, one rule table each:

* **Limbs** (the fast path, :mod:`verinet.interpret.limbs`): one positive integer ``den``
  for the whole batch and the integer numerators ``N`` (n x B) as float64 limbs, so that
  products are one BLAS call and ReLU is one mask.  An affine node with weights
  ``W = Ww / Dw`` and bias ``b = bb / Db``, each over its own least denominator, maps
  ``N / den`` to

      (f Ww N + bb den' / Db) / den',    den' = lcm(den Dw, Db),  f = den' / (den Dw),

  so a bias adds to the denominator only what it does not already hold (for a deep net
  with fixed fractional biases the denominator stays put).  ReLU zeroes the negative
  entries, and the power of two common to ``den`` and every numerator is cancelled
  (trailing zeros, vectorised) so that numbers do not grow by the weights' binary
  denominators.  It applies when every affine node's integer weights ``Ww`` have row sums
  ``sum_j |Ww_ij|`` (and every ``Add`` its arity) at most ``2^40 - 2``
  (:data:`verinet.interpret.limbs.MAX_BOUND`, see :func:`verinet.interpret.limbs.radix`);
  the numbers flowing through the network may be of any size.
* **Columns** (:class:`Batch`, the general path and the public interchange format): an
  integer matrix ``M`` (n x B, python-flint ``fmpz_mat``) over a row of column
  denominators ``den``; an affine node maps it to ``Wn * M + bn * den`` over ``D * den`` in
  flint's C kernels and ReLU cancels each column's common factor.  Used for weights too
  large for the limb radix.

Both are exact; results are reduced ``MPQ`` either way.  ``evaluate(..., path=...)``
chooses one explicitly (the tests run both against the ``Fraction`` reference).
"""

import math
from fractions import Fraction
from typing import NamedTuple
from itertools import repeat
from operator import methodcaller

import numpy as np

from . import limbs as L
from .._backend import MPQ, IntMatrix
from ..errors import InvalidArgument, ShapeError
from ..network import Network
from ..numbers import as_rational
from ..ops import Add, Affine, Concat, Input, ReLU, Slice

__all__ = ["evaluate", "evaluate_one", "Batch", "to_batch", "from_batch", "run_batch", "PATHS"]

PATHS = ("auto", "limbs", "columns")


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


# ---------------------------------------------------------------------------------------
# Points in and out.


_PLAIN = frozenset({int, Fraction})  # types whose as_integer_ratio() gives ints already
_RATIO = methodcaller("as_integer_ratio")


def _fractions(points, dim: int) -> tuple:
    """Numerators and denominators (ints, point-major) of validated points.

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
            n, d = zip(*map(_RATIO, point))
            nums.extend(n)
            dens.extend(d)
            continue
        for i, v in enumerate(point):
            if type(v) not in _PLAIN:
                v = as_rational(v, f"point {count - 1}[{i}]")
            nums.append(int(v.numerator))
            dens.append(int(v.denominator))
    if not count:
        raise InvalidArgument("no points to evaluate")
    return nums, dens, count


def _over_common(nums: list, dens: list, dim: int) -> tuple:
    """Coordinate-major integer rows over the least common denominator of all the points."""
    den = math.lcm(*set(dens))
    if den != 1 and any(d != den for d in dens):
        nums = [n * (den // d) for n, d in zip(nums, dens)]
    return [nums[i::dim] for i in range(dim)], den


def to_batch(points, dim: int) -> Batch:
    """Pack exact points (each a sequence of ``dim`` numbers) into a :class:`Batch`."""
    nums, dens, count = _fractions(points, dim)
    rows, den = _over_common(nums, dens, dim)
    return Batch(IntMatrix(rows), IntMatrix(1, count, [den] * count))


def from_batch(batch: Batch) -> list:
    """Unpack a :class:`Batch` into a list of tuples of ``MPQ``."""
    rows = batch.numerators.tolist()
    dens = batch.denominators.tolist()[0]
    return [tuple(MPQ(int(row[j]), int(den)) for row in rows) for j, den in enumerate(dens)]


# ---------------------------------------------------------------------------------------
# Fast path: limbs over one denominator.


class _Scaled:
    """Integers ``limbs`` (rows x L x B, radix ``2^k``) over one positive int ``den``."""

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


def _pack(rows: list, den: int, k: int) -> _Scaled:
    """Integer rows (each of length B) over ``den`` as limbs."""
    return _Scaled(L.from_ints([v for row in rows for v in row], len(rows), k), den, k)


def _unpack(x: _Scaled) -> list:
    """Integer rows of ``x``'s numerators."""
    ints = L.to_ints(x.limbs, x.k)
    cols = x.limbs.shape[2]
    return [ints[i : i + cols] for i in range(0, len(ints), cols)]


def _affine_limbs(op: Affine, x: _Scaled) -> _Scaled:
    # W N / den + b over den' = lcm(den * weight_den, bias_den): a bias does not multiply
    # the denominator once den' already holds its denominator (deep nets stay small).
    kern, k = _kernel(op), x.k
    den = math.lcm(x.den * kern.weight_den, kern.bias_den)
    r = L.matmul(kern.matrix, x.limbs)
    factor = den // (x.den * kern.weight_den)
    if factor != 1:
        r = L.scale(L.trim(L.normalize(r, k)), factor, k)
    if any(kern.bias):
        scale = den // kern.bias_den
        r = L.add_bias(r, L.from_ints([b * scale for b in kern.bias], len(kern.bias), k)[:, :, 0])
    return _Scaled(L.trim(L.normalize(r, k)), den, k)


def _relu_limbs(op: ReLU, x: _Scaled) -> _Scaled:
    y, den, k = L.relu(x.limbs), x.den, x.k
    # Cancel 2^t, t = min(v2(den), v2 of every numerator): exact division on both sides.
    spare = (den & -den).bit_length() - 1
    if spare and y.any():
        t = 0
        for i in range(y.shape[1]):
            low = y[:, i, :].astype(np.int64)
            nonzero = low[low != 0]
            if nonzero.size:
                t += int(np.bitwise_and(nonzero, -nonzero).min()).bit_length() - 1
                break
            t += k
        t = min(t, spare)
        if t:
            y, den = L.shift_down(y, t, k), den >> t
    return _Scaled(y, den, k)


def _common_limbs(xs) -> tuple:
    """Several values rewritten over their least common denominator, with equal limb counts."""
    den = math.lcm(*(x.den for x in xs))
    k = xs[0].k
    scaled = [L.scale(x.limbs, den // x.den, k) for x in xs]
    count = max(s.shape[1] for s in scaled)
    return [L.widen(s, count, k) for s in scaled], den, k


def _add_limbs(op: Add, *xs: _Scaled) -> _Scaled:
    parts, den, k = _common_limbs(xs)
    total = parts[0].copy()  # inputs are never written to; arity 1 is allowed
    for part in parts[1:]:
        total += part
    total = np.concatenate([total, np.zeros_like(total[:, :1, :])], axis=1)
    return _Scaled(L.trim(L.normalize(total, k)), den, k)


def _concat_limbs(op: Concat, *xs: _Scaled) -> _Scaled:
    parts, den, k = _common_limbs(xs)
    return _Scaled(np.concatenate(parts, axis=0), den, k)


def _slice_limbs(op: Slice, x: _Scaled) -> _Scaled:
    return _Scaled(L.trim(x.limbs[op.start : op.stop]), x.den, x.k)


LIMB_RULES = {Affine: _affine_limbs, ReLU: _relu_limbs, Add: _add_limbs, Concat: _concat_limbs, Slice: _slice_limbs}


# ---------------------------------------------------------------------------------------
# General path: fmpz columns with per-column denominators.


def _affine(op: Affine, x: Batch) -> Batch:
    numerators = op.weight_kernel * x.numerators + op.bias_kernel * x.denominators
    return Batch(numerators, x.denominators * op.denominator)


def _relu(op: ReLU, x: Batch) -> Batch:
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


def _add(op: Add, *xs: Batch) -> Batch:
    rows, dens = _common(xs)
    total = [[sum(int(v) for v in column) for column in zip(*same_row)] for same_row in zip(*rows)]
    return Batch(IntMatrix(total), IntMatrix(1, len(dens), dens))


def _concat(op: Concat, *xs: Batch) -> Batch:
    rows, dens = _common(xs)
    return Batch(IntMatrix([row for block in rows for row in block]), IntMatrix(1, len(dens), dens))


def _slice(op: Slice, x: Batch) -> Batch:
    rows = x.numerators.tolist()[op.start : op.stop]
    return Batch(IntMatrix(rows), x.denominators)


RULES = {Affine: _affine, ReLU: _relu, Add: _add, Concat: _concat, Slice: _slice}


# ---------------------------------------------------------------------------------------
# The walk.


def _walk(net: Network, value, rules: dict):
    """Evaluate ``net`` from the input value with ``rules``; frees values after last use."""
    order = net.order()
    arguments = {node: net.arguments(node) for node in order}
    last_use = {arg: node for node in order for arg in arguments[node]}
    env = {}
    for node in order:
        op = net.op(node)
        if type(op) is Input:
            env[node] = value
            continue
        args = arguments[node]
        env[node] = rules[type(op)](op, *(env[a] for a in args))
        for a in args:
            if last_use[a] == node and a != net.output:
                del env[a]
    return env[net.output]


def _limb_radix(net: Network, path: str):
    """The radix of the limb path for ``path``, or ``None`` for the column path.

    ``"auto"`` takes limbs whenever :func:`_radix` allows them; ``"limbs"`` insists (and
    raises for weights too large for any radix); ``"columns"`` always takes the flint path.
    """
    if path not in PATHS:
        raise InvalidArgument(f"path={path!r} must be one of {PATHS}")
    if path == "columns":
        return None
    k = _radix(net)
    if k is None and path == "limbs":
        raise InvalidArgument(
            f"path='limbs' needs max_i sum_j |Wn_ij| (and every Add arity) at most "
            f"{L.MAX_BOUND}; this network exceeds it, use path='auto' or 'columns'"
        )
    return k


def _run_limbs(net: Network, rows: list, den: int, k: int) -> tuple:
    """Integer rows over ``den`` through ``net`` on the limb path: ``(rows, den)`` out."""
    y = _walk(net, _pack(rows, den, k), LIMB_RULES)
    return _unpack(y), y.den


def run_batch(net: Network, batch: Batch, *, path: str = "auto") -> Batch:
    """Evaluate ``net`` on a packed batch; ``path`` as in :func:`evaluate`."""
    k = _limb_radix(net, path)
    if k is None:
        return _walk(net, batch, RULES)
    dens = [int(d) for d in batch.denominators.entries()]
    den = math.lcm(*dens)
    factors = [den // d for d in dens]
    rows = [[int(v) * f for v, f in zip(row, factors)] for row in batch.numerators.tolist()]
    out, den = _run_limbs(net, rows, den, k)
    return Batch(IntMatrix(out), IntMatrix(1, len(dens), [den] * len(dens)))


def evaluate(net: Network, points, *, path: str = "auto") -> list:
    """Exact outputs of ``net`` at each point, as tuples of ``MPQ``.

    Parameters
    ----------
    net : Network
    points : sequence of sequences
        Each point has ``net.in_dim`` exact numbers (see ``verinet.as_rational``).
    path : {"auto", "limbs", "columns"}
        Which exact representation computes the result (module docstring): ``"auto"``
        takes limbs when the weights allow them.  Both give the same exact values; the
        choice exists so that tests can run each one.

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
    """
    k = _limb_radix(net, path)
    if k is None:
        return from_batch(_walk(net, to_batch(points, net.in_dim), RULES))
    nums, dens, count = _fractions(points, net.in_dim)
    rows, den = _over_common(nums, dens, net.in_dim)
    out, den = _run_limbs(net, rows, den, k)
    return list(zip(*(list(map(MPQ, row, repeat(den))) for row in out)))


def evaluate_one(net: Network, point, *, path: str = "auto") -> tuple:
    """Exact output of ``net`` at one point."""
    return evaluate(net, [point], path=path)[0]
