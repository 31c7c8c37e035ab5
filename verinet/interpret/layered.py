"""Flatten a network to the papers' standard layered form.

The standard form (Shen-Yang-Zhang 2022, eq. 5) is

    phi = L_L o sigma_L o L_{L-1} o ... o sigma_1 o L_0,

with affine maps ``L_l`` and ``sigma_l`` one elementwise activation per hidden layer (ReLU
in the papers; here also ReQU ``max(0, t)^2``, the logistic sigmoid or the Gaussian
``exp(-t^2)``, recorded per layer); it has ``L`` hidden layers (its depth) and the largest
hidden width is its width.  Any DAG of affine, add, concat, slice and activation nodes is
rewritten into this form without changing its function:

* every node's value is kept as an affine expression of the units of one hidden layer
  (its *level*; level 0 is the input);
* an activation node on a value of level ``l`` creates new units in layer ``l + 1`` when
  that layer is new or has the same activation; otherwise the value is first carried up
  past layer ``l + 1`` (below) and the units are made higher up;
* when values of different levels meet (add, concat, the output), the lower one is carried
  up a layer at a time through an exact identity of that layer's activation:
  ``x = sigma(x) - sigma(-x)`` for ReLU, or ``x = sigma(x)`` when ``x`` is a non-negative
  combination of activation units (every activation here is non-negative); for ReQU
  ``4 x = s(x + 1) + s(-x - 1) - s(x - 1) - s(1 - x)`` with ``s = sigma_2``, since
  ``s(t) + s(-t) = t^2`` and ``(x + 1)^2 - (x - 1)^2 = 4 x``.  No affine combination of
  sigmoid or Gaussian units is the identity, so a value is never carried through those
  layers: such a network is refused (``UnsupportedOp``, naming the node).

Carried values are memoised, so a value needed at several levels is carried once.

Each row of the layered form (a unit with the weights and bias into it, or an output
coordinate) remembers the node it came from (``Layered.owners``): a unit made by an
activation node belongs to that node, a unit made by a carry to the node whose value it
carries, an output row to the output node.  :mod:`verinet.interpret.statistics` maps these
nodes to the construction's blocks.
"""

import math
from dataclasses import dataclass, field

from .._backend import MPQ
from ..network import Network, NetworkBuilder
from ..ops import ACTIVATIONS, Add, Affine, Concat, Gaussian, ReLU, ReQU, Sigmoid, Slice
from ..errors import InvalidArgument, UnsupportedOp
from .walk import Rules, walk

__all__ = ["Layered", "to_layered", "from_layered", "RULES"]

ZERO = MPQ(0)
ONE = MPQ(1)


@dataclass(frozen=True)
class Layered:
    """``layers[-1] o sigma_L o ... o sigma_1 o layers[0]``, each layer an ``Affine`` op.

    ``activations[l - 1]`` is the op type of ``sigma_l`` (``ReLU``, ``ReQU``, ``Sigmoid`` or
    ``Gaussian``); it defaults to ReLU for every hidden layer.  ``owners[l][r]``, when known
    (:func:`to_layered`), is the node of the network that row ``r`` of ``layers[l]`` came from
    (module docstring); it takes no part in equality.
    """

    layers: tuple
    activations: tuple = None
    owners: tuple = field(default=None, compare=False)

    def __post_init__(self):
        acts = (ReLU,) * (len(self.layers) - 1) if self.activations is None else tuple(self.activations)
        if len(acts) != len(self.layers) - 1 or any(a not in ACTIVATIONS for a in acts):
            raise InvalidArgument(
                f"Layered: activations={acts!r} must hold one of "
                f"{sorted(a.__name__ for a in ACTIVATIONS)} per hidden layer ({len(self.layers) - 1})"
            )
        object.__setattr__(self, "activations", acts)

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
    owner: str = None  # the node whose value this is (set by the walk; carries inherit it)

    def is_nonnegative(self) -> bool:
        """Sufficient test: a non-negative combination of activation units (all of which are
        non-negative) plus a non-negative bias."""
        return self.level > 0 and all(b >= 0 for b in self.bias) and all(
            c >= 0 for row in self.rows for c in row.values()
        )

    def shifted(self, sign: int, shift) -> "_Expr":
        """``sign * self + shift`` (coordinatewise)."""
        return _Expr(self.level, [{k: sign * c for k, c in row.items()} for row in self.rows],
                     [sign * b + shift for b in self.bias])


def _sum(exprs, coeffs, bias) -> _Expr:
    """``sum_j coeffs[j] * exprs[j] + bias`` for expressions of one level."""
    rows = [_combine(coeffs, [e.rows[i] for e in exprs], None) for i in range(len(exprs[0].rows))]
    return _Expr(exprs[0].level, rows, [bias + sum((c * e.bias[i] for c, e in zip(coeffs, exprs)), ZERO)
                                        for i in range(len(exprs[0].rows))])


class _Flattener:
    def __init__(self, net: Network):
        self.net = net
        self.in_dim = net.in_dim
        self.layers = []  # layers[l-1]: list of (row dict over layer l-1 units, bias) for hidden layer l
        self.owners = []  # owners[l-1][u]: the node unit u of hidden layer l came from
        self.activations = []  # activations[l-1]: the op type of hidden layer l
        self.carried = {}  # id of an expression -> (expression, its carry one layer up)
        self.step = 0  # index in net.order() of the node being flattened

    def visited(self, node, value) -> None:
        """``on_node`` of the walk: ``value`` is ``node``'s; the next node in order is the one being flattened."""
        value.owner = node
        self.step += 1

    def node(self):
        """The node being flattened (for error messages)."""
        return self.net.order()[self.step]

    def width(self, level: int) -> int:
        return self.in_dim if level == 0 else len(self.layers[level - 1])

    def new_units(self, expr: _Expr, activation) -> _Expr:
        """sigma(expr) as fresh units of a layer of that activation, at the lowest level above
        expr.level whose layer is new or has that activation; the result selects them."""
        while expr.level < len(self.layers) and self.activations[expr.level] is not activation:
            expr = self.carry_one(expr)
        if len(self.layers) == expr.level:
            self.layers.append([])
            self.owners.append([])
            self.activations.append(activation)
        return self._units(expr, self.node())

    def _units(self, expr: _Expr, owner) -> _Expr:
        """The units ``sigma(expr)`` appended to layer ``expr.level + 1`` (from node ``owner``), selected."""
        layer = self.layers[expr.level]
        start = len(layer)
        layer.extend(zip(expr.rows, expr.bias))
        self.owners[expr.level].extend([owner] * len(expr.rows))
        return _Expr(expr.level + 1, [{start + i: ONE} for i in range(len(expr.rows))], [ZERO] * len(expr.rows))

    def carry(self, expr: _Expr, level: int) -> _Expr:
        """The same values expressed over layer ``level`` (>= expr.level)."""
        while expr.level < level:
            expr = self.carry_one(expr)
        return expr

    def carry_one(self, expr: _Expr) -> _Expr:
        """The same values over layer ``expr.level + 1``, memoised per expression, through the
        exact identity of that layer's activation (module docstring)."""
        if id(expr) in self.carried:
            return self.carried[id(expr)][1]
        activation, owner = self.activations[expr.level], expr.owner
        if activation is ReLU:
            up = self._units(expr, owner)
            if not expr.is_nonnegative():
                up = _sum([up, self._units(expr.shifted(-1, ZERO), owner)], [ONE, -ONE], ZERO)
        elif activation is ReQU:
            parts = [self._units(expr.shifted(sign, shift), owner)
                     for sign, shift in ((1, ONE), (-1, -ONE), (1, -ONE), (-1, ONE))]
            quarter = MPQ(1, 4)
            up = _sum(parts, [quarter, quarter, -quarter, -quarter], ZERO)
        else:
            raise UnsupportedOp(
                f"layered form: node {self.node()!r} needs a value of level {expr.level} carried through "
                f"hidden layer {expr.level + 1}, a {activation.__name__} layer, and no affine combination of "
                f"{activation.__name__} units is the identity; only ReLU and ReQU layers carry values exactly"
            )
        up.owner = owner
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


def _affine(op, args, fl):
    (x,) = args
    weights, bias = op.weights(), op.bias()
    rows = [_combine(w, x.rows, None) for w in weights]
    biases = [b + sum((c * xb for c, xb in zip(w, x.bias) if c), ZERO) for w, b in zip(weights, bias)]
    return _Expr(x.level, rows, biases)


def _lift_all(fl, xs):
    level = max(x.level for x in xs)
    return [fl.carry(x, level) for x in xs]


def _add(op, args, fl):
    xs = _lift_all(fl, args)
    return _sum(xs, [ONE] * len(xs), ZERO)


def _concat(op, args, fl):
    xs = _lift_all(fl, args)
    return _Expr(xs[0].level, [r for x in xs for r in x.rows], [b for x in xs for b in x.bias])


def _slice(op, args, fl):
    (x,) = args
    return _Expr(x.level, x.rows[op.start : op.stop], x.bias[op.start : op.stop])


def _activation(op, args, fl):
    return fl.new_units(args[0], type(op))


RULES = Rules(
    "layered form",
    {Affine: _affine, Add: _add, Concat: _concat, Slice: _slice, **dict.fromkeys(ACTIVATIONS, _activation)},
)


def _dense(rows_biases, width) -> Affine:
    """The layer's ``Affine`` op from sparse exact rows, over their least common denominator."""
    den = math.lcm(1, *(int(c.denominator) for row, b in rows_biases for c in (*row.values(), b)))
    weights = tuple(tuple(int(row[k] * den) if k in row else 0 for k in range(width)) for row, _ in rows_biases)
    return Affine(weights, tuple(int(b * den) for _, b in rows_biases), den)


def to_layered(net: Network) -> Layered:
    """The standard layered form of ``net``, realising exactly the same function.

    Computed once per network and kept with it (``Network.derived``).

    Raises
    ------
    UnsupportedOp
        When a value would have to be carried through a sigmoid or Gaussian layer.

    Examples
    --------
    >>> from verinet.calculus import relu_identity
    >>> to_layered(relu_identity(1, depth=3)).widths
    (1, 2, 2, 2, 1)
    """
    return net.derived("layered", _flattened)


def _flattened(net: Network) -> Layered:
    fl = _Flattener(net)
    identity = _Expr(0, [{i: ONE} for i in range(net.in_dim)], [ZERO] * net.in_dim)
    out = walk(net, identity, RULES, ctx=fl, on_node=fl.visited)
    hidden = [_dense(units, fl.width(level)) for level, units in enumerate(fl.layers[: out.level])]
    final = _dense(list(zip(out.rows, out.bias)), fl.width(out.level))
    owners = tuple(tuple(units) for units in fl.owners[: out.level]) + ((net.output,) * len(out.rows),)
    return Layered(tuple(hidden) + (final,), tuple(fl.activations[: out.level]), owners)


_NAMES = {ReLU: "relu", ReQU: "requ", Sigmoid: "sigmoid", Gaussian: "gaussian"}


def from_layered(layers, activations=None) -> Network:
    """The chain network ``layers[-1] o sigma_L o ... o sigma_1 o layers[0]``.

    ``activations`` gives the op type of each ``sigma_l`` (default: ReLU throughout); the
    nodes are ``x``, ``L0``, ``relu1`` (``requ1``, ``sigmoid1``, ``gaussian1``), ``L1``, ...
    A :class:`Layered` is accepted as ``layers`` (its activations are then used).
    """
    if isinstance(layers, Layered):
        layers, activations = layers.layers, layers.activations
    layers = tuple(layers)
    if not layers or any(type(layer) is not Affine for layer in layers):
        raise InvalidArgument("from_layered needs a non-empty sequence of Affine ops")
    activations = Layered(layers, activations).activations
    b = NetworkBuilder()
    node = b.input(layers[0].in_dims[0], name="x")
    for i, layer in enumerate(layers):
        if i:
            activation = activations[i - 1]
            node = b.add_op(activation(b.width(node)), (node,), name=f"{_NAMES[activation]}{i}")
        node = b.affine_op(node, layer, name=f"L{i}")
    return b.build(node)
