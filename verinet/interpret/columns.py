"""The columns path of exact evaluation: python-flint integer matrices over column denominators.

A :class:`~verinet.interpret.batch.Batch` is an integer matrix ``M`` (n x B, ``fmpz_mat``)
over a row of column denominators ``den``.  An affine node ``x -> (Wn x + bn) / D`` maps it
to ``Wn M + bn den`` over ``D den`` in flint's C kernels; ReLU zeroes the negative entries
and cancels each column's common factor with its denominator; ReQU is that ReLU followed by
squaring every entry and every denominator (``max(t, 0)^2 = max(n, 0)^2 / d^2``, exact).
Any rational weights.  Kept as the independent second general path the tests compare
with the limb and packed paths.

The integer kernels ``Wn`` (m x n) and ``bn`` (m x 1) are derived once per network
(:func:`affine_kernels`), not stored on the ops.
"""

import math

from .batch import Batch
from .walk import Rules, walk
from .._backend import IntMatrix
from ..network import Network
from ..ops import Add, Affine, Concat, ReLU, ReQU, Slice

__all__ = ["RULES", "affine_kernels", "run"]


def _kernels(net: Network) -> dict:
    out = {}
    for node in net.order():
        op = net.op(node)
        if type(op) is Affine and id(op) not in out:
            out[id(op)] = (IntMatrix([list(row) for row in op.weight_numerators]),
                           IntMatrix(op.out_dim, 1, list(op.bias_numerators)))
    return out


def affine_kernels(net: Network) -> dict:
    """``{id(op): (Wn, bn)}``, flint integer matrices of the affine ops of ``net``, computed
    once per network (keyed by identity: the network holds its ops)."""
    return net.derived("column kernels", _kernels)


def _affine(op: Affine, args: tuple, table) -> Batch:
    (x,) = args
    weights, bias = table[id(op)]
    return Batch(weights * x.numerators + bias * x.denominators, x.denominators * op.denominator)


def _relu(op, args: tuple, table) -> Batch:
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


def _requ(op: ReQU, args: tuple, table) -> Batch:
    y = _relu(op, args, table)  # reduced columns stay reduced when squared
    return Batch(IntMatrix(y.width, y.size, [v * v for v in y.numerators.entries()]),
                 IntMatrix(1, y.size, [d * d for d in y.denominators.entries()]))


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


def _add(op: Add, xs: tuple, table) -> Batch:
    rows, dens = _common(xs)
    total = [[sum(int(v) for v in column) for column in zip(*same_row)] for same_row in zip(*rows)]
    return Batch(IntMatrix(total), IntMatrix(1, len(dens), dens))


def _concat(op: Concat, xs: tuple, table) -> Batch:
    rows, dens = _common(xs)
    return Batch(IntMatrix([row for block in rows for row in block]), IntMatrix(1, len(dens), dens))


def _slice(op: Slice, args: tuple, table) -> Batch:
    (x,) = args
    rows = x.numerators.tolist()[op.start : op.stop]
    return Batch(IntMatrix(rows), x.denominators)


RULES = Rules("exact evaluation (columns)", {Affine: _affine, ReLU: _relu, ReQU: _requ, Add: _add,
                                            Concat: _concat, Slice: _slice})


def run(net: Network, batch: Batch, on_node=None) -> Batch:
    """``net`` on the columns path; ``on_node(node, batch)`` sees every node's value (see
    :func:`~verinet.interpret.walk.walk`)."""
    return walk(net, batch, RULES, affine_kernels(net), on_node=on_node)
