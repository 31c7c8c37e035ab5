"""Flatten a network to the papers' standard layered form.

The standard form (Shen-Yang-Zhang 2022, eq. 5) is

    phi = L_L o sigma o L_{L-1} o sigma o ... o sigma o L_0,

with affine maps ``L_l`` and ``sigma`` the elementwise ReLU; it has ``L`` hidden layers
(its depth) and the largest hidden width is its width.  Any DAG of affine, add, concat,
slice and ReLU nodes is rewritten into this form without changing its function:

* every node's value is kept as an affine expression of the units of one hidden layer
  (its *level*; level 0 is the input);
* a ReLU node on a value of level ``l`` creates new units in layer ``l + 1``;
* when values of different levels meet (add, concat, the output), the lower one is carried
  up a layer at a time through ``x = sigma(x) - sigma(-x)``, or through ``x = sigma(x)``
  when ``x`` is a non-negative combination of ReLU units (then it is exactly itself).

Carried values are memoised, so a value needed at several levels is carried once.
"""

import math
from dataclasses import dataclass

from .._backend import MPQ
from ..network import Network, NetworkBuilder
from ..ops import Add, Affine, Concat, Input, ReLU, Slice
from ..errors import InvalidArgument

__all__ = ["Layered", "to_layered", "from_layered"]

ZERO = MPQ(0)


@dataclass(frozen=True)
class Layered:
    """``layers[-1] o relu o ... o relu o layers[0]``, each layer an ``Affine`` op."""

    layers: tuple

    @property
    def depth(self) -> int:
        """Number of hidden layers."""
        return len(self.layers) - 1

    @property
    def widths(self) -> tuple:
        """Input width, hidden widths, output width."""
        return (self.layers[0].in_dims[0],) + tuple(layer.out_dim for layer in self.layers)


@dataclass
class _Expr:
    """An affine expression ``rows . units + bias`` over the units of one layer.

    ``rows[i]`` is a sparse dict {unit index: coefficient}.
    """

    level: int
    rows: list
    bias: list

    def is_nonnegative(self) -> bool:
        """Sufficient test: a non-negative combination of ReLU units plus a non-negative bias."""
        return self.level > 0 and all(b >= 0 for b in self.bias) and all(
            c >= 0 for row in self.rows for c in row.values()
        )


class _Flattener:
    def __init__(self, in_dim: int):
        self.in_dim = in_dim
        self.layers = []  # layers[l-1]: list of (row dict over layer l-1 units, bias) for hidden layer l
        self.carried = {}  # id of an expression -> (expression, its carry one layer up)

    def width(self, level: int) -> int:
        return self.in_dim if level == 0 else len(self.layers[level - 1])

    def new_units(self, expr: _Expr) -> _Expr:
        """sigma(expr) as fresh units in layer expr.level + 1; the result selects them."""
        if len(self.layers) == expr.level:
            self.layers.append([])
        layer = self.layers[expr.level]
        start = len(layer)
        layer.extend(zip(expr.rows, expr.bias))
        return _Expr(expr.level + 1, [{start + i: MPQ(1)} for i in range(len(expr.rows))], [ZERO] * len(expr.rows))

    def carry(self, expr: _Expr, level: int) -> _Expr:
        """The same values expressed over layer ``level`` (>= expr.level)."""
        while expr.level < level:
            expr = self.carry_one(expr)
        return expr

    def carry_one(self, expr: _Expr) -> _Expr:
        """The same values over layer ``expr.level + 1``, memoised per expression."""
        if id(expr) in self.carried:
            return self.carried[id(expr)][1]
        up = self.new_units(expr)
        if not expr.is_nonnegative():
            negated = _Expr(expr.level, [{k: -c for k, c in row.items()} for row in expr.rows], [-b for b in expr.bias])
            down = self.new_units(negated)
            up = _Expr(up.level, [{**p, **{k: -c for k, c in q.items()}} for p, q in zip(up.rows, down.rows)], up.bias)
        self.carried[id(expr)] = (expr, up)  # holding expr keeps its id unique
        return up


def _combine(coeffs_rows, exprs_rows, bias):
    """sum_j coeffs[j] * rows[j] as a sparse dict."""
    out = {}
    for coeff, row in zip(coeffs_rows, exprs_rows):
        if coeff:
            for k, c in row.items():
                out[k] = out.get(k, ZERO) + coeff * c
    return {k: c for k, c in out.items() if c}


def _affine(fl, op, x):
    weights, bias = op.weights(), op.bias()
    rows = [_combine(w, x.rows, None) for w in weights]
    biases = [b + sum((c * xb for c, xb in zip(w, x.bias) if c), ZERO) for w, b in zip(weights, bias)]
    return _Expr(x.level, rows, biases)


def _lift_all(fl, xs):
    level = max(x.level for x in xs)
    return [fl.carry(x, level) for x in xs]


def _add(fl, op, *xs):
    xs = _lift_all(fl, xs)
    rows = [_combine([MPQ(1)] * len(xs), [x.rows[i] for x in xs], None) for i in range(op.dim)]
    return _Expr(xs[0].level, rows, [sum((x.bias[i] for x in xs), ZERO) for i in range(op.dim)])


def _concat(fl, op, *xs):
    xs = _lift_all(fl, xs)
    return _Expr(xs[0].level, [r for x in xs for r in x.rows], [b for x in xs for b in x.bias])


def _slice(fl, op, x):
    return _Expr(x.level, x.rows[op.start : op.stop], x.bias[op.start : op.stop])


def _relu(fl, op, x):
    return fl.new_units(x)


RULES = {Affine: _affine, ReLU: _relu, Add: _add, Concat: _concat, Slice: _slice}


def _dense(rows_biases, width) -> Affine:
    """The layer's ``Affine`` op from sparse exact rows, over their least common denominator."""
    den = math.lcm(1, *(int(c.denominator) for row, b in rows_biases for c in (*row.values(), b)))
    weights = tuple(tuple(int(row[k] * den) if k in row else 0 for k in range(width)) for row, _ in rows_biases)
    return Affine(weights, tuple(int(b * den) for _, b in rows_biases), den)


def to_layered(net: Network) -> Layered:
    """The standard layered form of ``net``, realising exactly the same function.

    Computed once per network and kept with it (``Network.derived``).

    Examples
    --------
    >>> from verinet.calculus import relu_identity
    >>> to_layered(relu_identity(1, depth=3)).widths
    (1, 2, 2, 2, 1)
    """
    return net.derived("layered", _flattened)


def _flattened(net: Network) -> Layered:
    fl = _Flattener(net.in_dim)
    env = {}
    for node in net.order():
        op = net.op(node)
        if type(op) is Input:
            env[node] = _Expr(0, [{i: MPQ(1)} for i in range(op.dim)], [ZERO] * op.dim)
        else:
            env[node] = RULES[type(op)](fl, op, *(env[a] for a in net.arguments(node)))
    out = env[net.output]
    hidden = [_dense(units, fl.width(level)) for level, units in enumerate(fl.layers[: out.level])]
    final = _dense(list(zip(out.rows, out.bias)), fl.width(out.level))
    return Layered(tuple(hidden) + (final,))


def from_layered(layers) -> Network:
    """The chain network ``layers[-1] o relu o ... o relu o layers[0]``."""
    layers = tuple(layers)
    if not layers or any(type(layer) is not Affine for layer in layers):
        raise InvalidArgument("from_layered needs a non-empty sequence of Affine ops")
    b = NetworkBuilder()
    node = b.input(layers[0].in_dims[0], name="x")
    for i, layer in enumerate(layers):
        if i:
            node = b.relu(node, name=f"relu{i}")
        node = b.affine_op(node, layer, name=f"L{i}")
    return b.build(node)
