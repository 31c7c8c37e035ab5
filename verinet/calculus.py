"""The composition calculus the papers use to assemble networks.

Every function returns a new :class:`Network` whose realised function is stated in its
docstring; the tests check each statement by exact evaluation.
"""

from ._backend import MPQ
from .errors import InvalidArgument, ShapeError
from .network import Network, NetworkBuilder
from .numbers import as_rational
from .ops import Affine

__all__ = [
    "identity",
    "affine_network",
    "compose",
    "parallel",
    "concatenate",
    "sum_networks",
    "scale",
    "pre_affine",
    "post_affine",
    "relu_identity",
    "pad_depth",
]


def _check_network(value, name):
    if not isinstance(value, Network):
        raise InvalidArgument(f"{name}={value!r} is not a Network")


def _check_dim(value, name):
    if type(value) is not int or value < 1:
        raise InvalidArgument(f"{name}={value!r} must be an int >= 1")


def affine_network(weights, bias=None) -> Network:
    """The one-node network ``x -> W x + b``."""
    op = Affine.from_rationals(weights, bias, name="affine_network")  # checks W before its shape is read
    b = NetworkBuilder()
    x = b.input(op.in_dims[0])
    return b.build(b.affine_op(x, op, name="affine"))


def identity(dim: int) -> Network:
    """``x -> x`` on R^dim, as one affine node (no hidden layer)."""
    _check_dim(dim, "dim")
    return affine_network([[int(i == j) for j in range(dim)] for i in range(dim)])


def compose(*nets: Network) -> Network:
    """``compose(f, g, h)(x) = f(g(h(x)))``: the last network is applied first."""
    if not nets:
        raise InvalidArgument("compose needs at least one network")
    for k, net in enumerate(nets):
        _check_network(net, f"nets[{k}]")
    b = NetworkBuilder()
    node = b.input(nets[-1].in_dim, name="x")
    for k, net in enumerate(reversed(nets)):
        if b.width(node) != net.in_dim:
            raise ShapeError(
                f"compose: network {len(nets) - 1 - k} takes width {net.in_dim} but receives width {b.width(node)}"
            )
        node = b.embed(net, node, prefix=f"c{k}")
    return b.build(node)


def _split_input(b: NetworkBuilder, nets) -> list:
    x = b.input(sum(n.in_dim for n in nets), name="x")
    parts, start = [], 0
    for net in nets:
        stop = start + net.in_dim
        parts.append(x if (start, stop) == (0, b.width(x)) else b.slice(x, start, stop))
        start = stop
    return parts


def parallel(*nets: Network) -> Network:
    """Block-diagonal: ``(x_1, ..., x_k) -> (f_1(x_1), ..., f_k(x_k))``."""
    if not nets:
        raise InvalidArgument("parallel needs at least one network")
    for k, net in enumerate(nets):
        _check_network(net, f"nets[{k}]")
    b = NetworkBuilder()
    parts = _split_input(b, nets)
    outs = [b.embed(net, part, prefix=f"p{k}") for k, (net, part) in enumerate(zip(nets, parts))]
    return b.build(outs[0] if len(outs) == 1 else b.concat(*outs))


def _shared_input(nets, what):
    if not nets:
        raise InvalidArgument(f"{what} needs at least one network")
    for k, net in enumerate(nets):
        _check_network(net, f"nets[{k}]")
    dims = {n.in_dim for n in nets}
    if len(dims) != 1:
        raise ShapeError(f"{what}: networks take different input widths {[n.in_dim for n in nets]}")
    b = NetworkBuilder()
    x = b.input(dims.pop(), name="x")
    return b, [b.embed(net, x, prefix=f"s{k}") for k, net in enumerate(nets)]


def concatenate(*nets: Network) -> Network:
    """Same input, stacked outputs: ``x -> (f_1(x), ..., f_k(x))``."""
    b, outs = _shared_input(nets, "concatenate")
    return b.build(outs[0] if len(outs) == 1 else b.concat(*outs))


def sum_networks(*nets: Network) -> Network:
    """Same input, summed outputs: ``x -> f_1(x) + ... + f_k(x)``."""
    b, outs = _shared_input(nets, "sum_networks")
    return b.build(outs[0] if len(outs) == 1 else b.add(*outs))


def post_affine(net: Network, weights, bias=None) -> Network:
    """``x -> W f(x) + b``."""
    _check_network(net, "net")
    op = Affine.from_rationals(weights, bias, name="post_affine")
    if op.in_dims[0] != net.out_dim:
        raise ShapeError(f"post_affine: W has {op.in_dims[0]} columns, network output has width {net.out_dim}")
    b = NetworkBuilder()
    x = b.input(net.in_dim, name="x")
    y = b.embed(net, x, prefix="f")
    return b.build(b.affine_op(y, op, name="post"))


def pre_affine(net: Network, weights, bias=None) -> Network:
    """``x -> f(W x + b)``."""
    _check_network(net, "net")
    inner = affine_network(weights, bias)
    if inner.out_dim != net.in_dim:
        raise ShapeError(f"pre_affine: W has {inner.out_dim} rows, network input has width {net.in_dim}")
    return compose(net, inner)


def scale(net: Network, factor) -> Network:
    """``x -> c f(x)`` for an exact scalar ``c``."""
    _check_network(net, "net")
    c = as_rational(factor, "factor")
    n = net.out_dim
    return post_affine(net, [[c if i == j else MPQ(0) for j in range(n)] for i in range(n)])


def relu_identity(dim: int, depth: int = 1) -> Network:
    """``x -> x`` through ``depth`` hidden ReLU layers of width 2*dim.

    Uses ``x = relu(x) - relu(-x)``: the first layer holds ``(relu(x), relu(-x))``, each
    further layer copies those non-negative values, and the output subtracts them.
    """
    _check_dim(dim, "dim")
    _check_dim(depth, "depth")
    b = NetworkBuilder()
    x = b.input(dim, name="x")
    eye = [[int(i == j) for j in range(dim)] for i in range(dim)]
    neg = [[-v for v in row] for row in eye]
    h = b.relu(b.affine(x, eye + neg, name="split"))
    eye2 = [[int(i == j) for j in range(2 * dim)] for i in range(2 * dim)]
    for k in range(1, depth):
        h = b.relu(b.affine(h, eye2, name=f"carry{k}"))
    return b.build(b.affine(h, [row + nrow for row, nrow in zip(eye, neg)], name="merge"))


def pad_depth(net: Network, extra: int) -> Network:
    """``f`` followed by ``extra`` identity ReLU layers: same function, ``extra`` more hidden layers."""
    _check_network(net, "net")
    if type(extra) is not int or extra < 0:
        raise InvalidArgument(f"extra={extra!r} must be an int >= 0")
    if extra == 0:
        return net
    return compose(relu_identity(net.out_dim, extra), net)
