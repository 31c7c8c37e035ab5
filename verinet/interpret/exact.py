"""Fast exact batched evaluation.

A batch of B vectors of width n is held as an integer matrix ``M`` (n x B) and a row of
positive column denominators ``den`` (1 x B): column j is the vector ``M[:, j] / den[j]``.
With ``W = Wn / D`` and ``b = bn / D`` an affine node maps column j to

    (Wn M[:, j] + bn den[j]) / (D den[j]),

so the new batch is ``Wn * M + bn * den`` (a product and a rank-one product, both in
python-flint's C kernels) over ``D * den``.  ReLU clamps entries and cancels each column's
common factor so that numbers stay as small as the values they represent.
"""

import math

from .._backend import MPQ, IntMatrix
from ..errors import InvalidArgument, ShapeError
from ..network import Network
from ..numbers import as_rational
from ..ops import Add, Affine, Concat, Input, ReLU, Slice

__all__ = ["evaluate", "evaluate_one", "Batch", "to_batch", "from_batch", "run_batch"]


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


def to_batch(points, dim: int) -> Batch:
    """Pack exact points (each a sequence of ``dim`` numbers) into a :class:`Batch`."""
    if isinstance(points, (str, bytes)):
        raise InvalidArgument(f"points={points!r} must be a list of points, not a string")
    columns = []
    for k, point in enumerate(points):
        if isinstance(point, (str, bytes)) or not hasattr(point, "__len__"):
            raise InvalidArgument(f"point {k} = {point!r} must be a sequence of {dim} numbers")
        if len(point) != dim:
            raise ShapeError(f"point {k} has {len(point)} coordinates, the network input has width {dim}")
        columns.append([as_rational(v, f"point {k}[{i}]") for i, v in enumerate(point)])
    if not columns:
        raise InvalidArgument("no points to evaluate")
    dens = [math.lcm(*(int(v.denominator) for v in col)) for col in columns]
    entries = [int(col[i] * den) for i in range(dim) for col, den in zip(columns, dens)]
    return Batch(IntMatrix(dim, len(columns), entries), IntMatrix(1, len(columns), dens))


def from_batch(batch: Batch) -> list:
    """Unpack a :class:`Batch` into a list of tuples of ``MPQ``."""
    rows = batch.numerators.tolist()
    dens = batch.denominators.tolist()[0]
    return [tuple(MPQ(int(row[j]), int(den)) for row in rows) for j, den in enumerate(dens)]


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


def run_batch(net: Network, batch: Batch) -> Batch:
    """Evaluate ``net`` on a packed batch; the walk frees each value after its last use."""
    last_use = {}
    for node in net.order():
        for arg in net.arguments(node):
            last_use[arg] = node
    env = {}
    for node in net.order():
        op = net.op(node)
        if type(op) is Input:
            env[node] = batch
            continue
        args = net.arguments(node)
        env[node] = RULES[type(op)](op, *(env[a] for a in args))
        for a in args:
            if last_use[a] == node and a != net.output:
                del env[a]
    return env[net.output]


def evaluate(net: Network, points) -> list:
    """Exact outputs of ``net`` at each point, as tuples of ``MPQ``.

    Parameters
    ----------
    net : Network
    points : sequence of sequences
        Each point has ``net.in_dim`` exact numbers (see ``verinet.as_rational``).

    Raises
    ------
    InvalidArgument, ShapeError
        For a float or unparsable coordinate, or a point of the wrong width.

    Examples
    --------
    >>> from verinet.network import NetworkBuilder
    >>> b = NetworkBuilder(); x = b.input(1)
    >>> net = b.build(b.relu(b.affine(x, [["1/3"]], ["-1/2"])))
    >>> [str(y[0]) for y in evaluate(net, [[1], [6]])]
    ['0', '3/2']
    """
    return from_batch(run_batch(net, to_batch(points, net.in_dim)))


def evaluate_one(net: Network, point) -> tuple:
    """Exact output of ``net`` at one point."""
    return evaluate(net, [point])[0]
