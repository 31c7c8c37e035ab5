"""Boxes and exact interval propagation (the cheap first pass of the box analyses).

A *box* is a tuple of closed intervals ``((a_1, b_1), ..., (a_d, b_d))`` with exact rational
ends ``a_i <= b_i``.  Interval propagation pushes a box through every op of a network in
exact rational interval arithmetic; each node gets one interval per coordinate that
encloses every value the node takes on the box.  The enclosure is sound but not tight
(``x - x`` on ``[0, 1]`` gives ``[-1, 1]``); it is the cheap first pass of the box analyses
in :mod:`verinet.analysis.box`, which use it to find the ReLU units that are stable on the
whole box.

The rules, for ``y = W x + b`` with ``x`` in ``[l, u]`` (coordinatewise), are the exact
extremes of each row over the box:

    y_i in [ b_i + sum_j min(W_ij l_j, W_ij u_j),  b_i + sum_j max(W_ij l_j, W_ij u_j) ],

``relu([l, u]) = [max(l, 0), max(u, 0)]``, ``requ([l, u]) = [max(l, 0)^2, max(u, 0)^2]``
(both activations are non-decreasing, so these are the exact images), and sums,
concatenations and slices act coordinatewise.  The pass covers the exact ops
(``verinet.ops.PIECEWISE_POLYNOMIAL``); sigmoid and Gaussian networks are refused.
"""

from .._backend import MPQ
from ..errors import InvalidArgument, ShapeError
from ..network import Network
from ..numbers import as_rational
from ..ops import Add, Affine, Concat, ReLU, ReQU, Slice, TRANSCENDENTAL
from ..interpret.walk import Rules, walk

__all__ = ["as_box", "parse_box", "interval_bounds", "output_interval", "RULES"]

ZERO = MPQ(0)


def parse_box(text: str, name: str = "box") -> tuple:
    """Parse ``"a1,b1;a2,b2;..."`` into a box (see :func:`as_box`).

    Raises
    ------
    InvalidArgument
        When a coordinate is not ``a,b`` or an end is not an exact number.

    Examples
    --------
    >>> [(str(a), str(b)) for a, b in parse_box("0,1/2; -1,0.25")]
    [('0', '1/2'), ('-1', '1/4')]
    """
    if not isinstance(text, str) or not text.strip():
        raise InvalidArgument(f"{name}={text!r} must be a string like '0,1;-1/2,1/2'")
    pairs = []
    for i, part in enumerate(text.split(";")):
        ends = part.split(",")
        if len(ends) != 2:
            raise InvalidArgument(f"{name} coordinate {i}: {part.strip()!r} must be 'a,b'")
        pairs.append(tuple(e.strip() for e in ends))
    return as_box(pairs, name=name)


def as_box(box, dim: int | None = None, name: str = "box") -> tuple:
    """Validate a box and return it as a tuple of ``(a_i, b_i)`` pairs of ``MPQ``.

    Parameters
    ----------
    box : str or sequence of pairs
        ``"a1,b1;a2,b2"`` or ``[(a1, b1), (a2, b2)]`` with exact ends (ints, Fractions,
        mpq, strings); floats are rejected.
    dim : int, optional
        The required number of coordinates (the network's input width).

    Raises
    ------
    InvalidArgument
        For a float or unparsable end, a pair that is not a pair, or ``a_i > b_i``.
    ShapeError
        When the box has ``!= dim`` coordinates.
    """
    if isinstance(box, str):
        box = parse_box(box, name)
    if isinstance(box, bytes) or not hasattr(box, "__iter__"):
        raise InvalidArgument(f"{name}={box!r} must be a sequence of (a, b) pairs or a string 'a1,b1;a2,b2'")
    result = []
    for i, pair in enumerate(box):
        if isinstance(pair, (str, bytes)) or not hasattr(pair, "__len__") or len(pair) != 2:
            raise InvalidArgument(f"{name}[{i}]={pair!r} must be a pair (a, b)")
        lo = as_rational(pair[0], f"{name}[{i}] lower end")
        hi = as_rational(pair[1], f"{name}[{i}] upper end")
        if lo > hi:
            raise InvalidArgument(f"{name}[{i}] = [{lo}, {hi}] is empty: lower end {lo} > upper end {hi}")
        result.append((lo, hi))
    if not result:
        raise InvalidArgument(f"{name} has no coordinates")
    if dim is not None and len(result) != dim:
        raise ShapeError(f"{name} has {len(result)} coordinates, the network input has width {dim}")
    return tuple(result)


def _affine(op: Affine, args, ctx):
    (x,) = args
    out = []
    for row, b in zip(op.weights(), op.bias()):
        lo = hi = b
        for w, (l, u) in zip(row, x):
            if w > 0:
                lo, hi = lo + w * l, hi + w * u
            elif w < 0:
                lo, hi = lo + w * u, hi + w * l
        out.append((lo, hi))
    return tuple(out)


def _relu(op: ReLU, args, ctx):
    return tuple((max(l, ZERO), max(u, ZERO)) for l, u in args[0])


def _requ(op: ReQU, args, ctx):
    return tuple((max(l, ZERO) ** 2, max(u, ZERO) ** 2) for l, u in args[0])


def _add(op: Add, xs, ctx):
    return tuple((sum((x[i][0] for x in xs), ZERO), sum((x[i][1] for x in xs), ZERO)) for i in range(op.dim))


def _concat(op: Concat, xs, ctx):
    return tuple(pair for x in xs for pair in x)


def _slice(op: Slice, args, ctx):
    return args[0][op.start : op.stop]


RULES = Rules(
    "interval pass",
    {Affine: _affine, ReLU: _relu, ReQU: _requ, Add: _add, Concat: _concat, Slice: _slice},
    hints=dict.fromkeys(TRANSCENDENTAL, "enclose it with verinet.enclose"),
)


def interval_bounds(net: Network, box) -> dict:
    """Exact interval enclosure of every node's value on ``box``.

    Returns
    -------
    dict
        ``{node: ((lo_1, hi_1), ..., (lo_k, hi_k))}`` with ``MPQ`` ends: for every input
        point of the box, coordinate ``i`` of the node's value lies in ``[lo_i, hi_i]``.

    Raises
    ------
    InvalidArgument, ShapeError
        For a bad box (see :func:`as_box`).
    UnsupportedOp
        For an op outside ``verinet.ops.PIECEWISE_POLYNOMIAL`` (sigmoid, Gaussian).

    Examples
    --------
    >>> from verinet.network import NetworkBuilder
    >>> b = NetworkBuilder(); x = b.input(2)
    >>> net = b.build(b.affine(b.relu(x), [[1, -1]]))
    >>> [(str(l), str(u)) for l, u in output_interval(net, "-1,1;0,1/2")]
    [('-1/2', '1')]
    """
    box = as_box(box, net.in_dim)
    bounds = {}
    walk(net, box, RULES, on_node=bounds.__setitem__)
    return bounds


def output_interval(net: Network, box) -> tuple:
    """The interval enclosure of the network's output on ``box`` (see :func:`interval_bounds`)."""
    return interval_bounds(net, box)[net.output]
