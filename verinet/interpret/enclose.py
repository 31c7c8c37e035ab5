"""Rigorous ball enclosures of network outputs: every op of ``verinet.ops.ALL_OPS``.

Sigmoid and Gaussian networks take irrational values at rational points, so the honest
answer is an enclosure: an arb ball (python-flint, through :mod:`verinet._backend`) that
provably contains the true value.  ReLU and ReQU networks are enclosed too (their exact
values lie inside the balls), so one interpreter serves every network.

Main statements
---------------
Each rule below is *inclusion isotone*: given balls containing the values of a node's
arguments, it returns a ball containing the node's value.  By induction along the walk
(:mod:`verinet.interpret.walk`), the output balls contain ``phi(x)`` for every ``x`` in
the input balls; arb rounds every operation outward, so this holds at any precision.

* ``Affine``: ``y_i = (sum_j n_ij x_j + c_i) / d`` with the integer numerators ``n_ij``,
  ``c_i`` and the common denominator ``d`` of the op -- integers are exact arb balls, so
  the weights enter exactly and the only roundings are those of the sums and of one
  division per output.
* ``ReLU``: ``max(t, 0)`` maps a ball ``[lo, hi]`` to ``[max(lo, 0), max(hi, 0)]`` (arb's
  non-negative part; a ball straddling 0 gives ``[0, hi]``).
* ``ReQU`` (``max(t, 0)^2``) and ``Sigmoid`` (``1 / (1 + exp(-t))``) are non-decreasing, so
  ``f([lo, hi]) = [f(lo), f(hi)]``: the hull of the balls at the two end points.  Squaring a
  ball directly would overestimate (``[0, 1]^2`` becomes ``[-1/2, 1]`` in midpoint-radius
  form); the end points keep wide input balls (:mod:`verinet.analysis.enclose_error`) tight.
* ``Gaussian`` (``exp(-t^2)``) is non-increasing in ``|t|``: the hull of its values at the
  lower and upper bounds of ``|t|`` on the ball.
* ``Add``, ``Concat``, ``Slice``: ball sums and rearrangement.

:data:`SLOPE_RULES` (scalar input only, :func:`enclose_with_slope`) carries each value with
a ball of its derivative by the chain rule (ReLU's derivative is the ball ``[0, 1]`` where
its argument may be 0, its generalised derivative); the sup-error bounds use it for a
mean-value form.

:func:`enclose` evaluates at exact points with adaptive precision: it starts at ``prec``
bits and doubles the precision, up to ``max_prec``, until every output ball has radius at
most ``tolerance * max(1, |value|)`` (absolute below 1, relative above; default
``tolerance = 2^-40``).
"""

from dataclasses import dataclass
from itertools import repeat

from .._backend import MPQ, Ball, ball_precision
from ..balls import ball_bounds, exact_ball
from ..errors import BudgetExceeded, InvalidArgument, ShapeError
from ..network import Network
from ..numbers import as_rational, decimal_bound
from ..ops import Add, Affine, Concat, Gaussian, ReLU, ReQU, Sigmoid, Slice
from .batch import from_batch, to_batch
from .walk import Rules, walk

__all__ = ["Enclosure", "enclose", "enclose_balls", "enclose_with_slope", "RULES", "SLOPE_RULES", "DEFAULT_PREC", "DEFAULT_MAX_PREC",
           "DEFAULT_TOLERANCE"]

DEFAULT_PREC = 128
"""Working precision (bits) of the first attempt."""
DEFAULT_MAX_PREC = 4096
"""Largest working precision :func:`enclose` doubles up to before it gives up."""
DEFAULT_TOLERANCE = MPQ(1, 2**40)
"""Largest accepted radius of an output ball, times ``max(1, |value|)``."""


def _affine(op: Affine, args: tuple, ctx) -> list:
    return _map(op, args[0], op.bias_numerators)


def _map(op: Affine, x, bias) -> list:
    """``(N x + bias) / d`` over balls, for the op's integer numerators ``N`` and denominator ``d``."""
    d = Ball(op.denominator)
    out = []
    for row, c in zip(op.weight_numerators, bias):
        acc = Ball(c)
        for n, v in zip(row, x):
            if n:
                acc += n * v  # n: a Python int, exact
        out.append(acc / d if op.denominator != 1 else acc)
    return out


def _increasing(f, t):
    """A ball containing ``f(t)`` for a non-decreasing ``f``: the hull of ``f`` at the ends."""
    if t.is_exact():
        return f(t)
    return f(t.lower()).union(f(t.upper()))


def _requ(t):
    p = t.nonnegative_part()
    return p * p


def _sigmoid(t):
    return 1 / (1 + (-t).exp())


def _relu(t):
    return t.nonnegative_part()


def _requ_hull(t):
    return _increasing(_requ, t).nonnegative_part()


def _sigmoid_hull(t):
    return _increasing(_sigmoid, t)


def _gaussian(t):
    """``exp(-t^2)`` on a ball: non-increasing in ``|t|``, so the hull at ``|t|``'s two bounds."""
    if t.is_exact():
        return (-(t * t)).exp()
    a, b = t.abs_lower(), t.abs_upper()
    return (-(b * b)).exp().union((-(a * a)).exp())


RULES = Rules(
    "ball enclosure",
    {
        Affine: _affine,
        ReLU: lambda op, args, ctx: [_relu(t) for t in args[0]],
        ReQU: lambda op, args, ctx: [_requ_hull(t) for t in args[0]],
        Sigmoid: lambda op, args, ctx: [_sigmoid_hull(t) for t in args[0]],
        Gaussian: lambda op, args, ctx: [_gaussian(t) for t in args[0]],
        Add: lambda op, args, ctx: [_sum(vs) for vs in zip(*args)],
        Concat: lambda op, args, ctx: [v for x in args for v in x],
        Slice: lambda op, args, ctx: args[0][op.start : op.stop],
    },
)


def _sum(values):
    acc = values[0]
    for v in values[1:]:
        acc = acc + v
    return acc


def enclose_balls(net: Network, balls, prec: int) -> list:
    """Balls containing ``net(x)`` for every ``x`` in the box of input ``balls``, at ``prec`` bits.

    ``balls`` are arb balls, one per input coordinate (e.g. ``exact_ball(mid, radius)`` for
    an interval); the module docstring proves the inclusion.
    """
    if len(balls) != net.in_dim:
        raise ShapeError(f"{len(balls)} input balls, the network input has width {net.in_dim}")
    with ball_precision(prec):
        return walk(net, list(balls), RULES)


# --- values with derivatives (1-D input): the slopes of the mean-value form ------------------
#
# A value is a pair (v, dv) of lists of balls: v contains the node's value and dv its
# derivative with respect to the scalar input, for every input in the input ball.  Chain
# rule per op; where an activation is not differentiable (ReLU at 0) the ball holds its
# generalised derivative [0, 1], which is what the mean-value inclusion
# phi(x) - phi(m) in (x - m) * {phi'(t)} needs for a piecewise-smooth Lipschitz phi.

def _step(t):
    """A ball containing ``d/dt max(t, 0)`` on ``t``: 1, 0, or ``[0, 1]`` where ``t`` may be 0."""
    return Ball(1) if t > 0 else Ball(0) if t < 0 else exact_ball(MPQ(1, 2), MPQ(1, 2))


def _chain(value, slope):
    """``op(pair)`` for an elementwise activation: ``value(t)`` and ``slope(t, value(t)) * dt``."""
    def rule(op, args, ctx):
        v, dv = args[0]
        out = [value(t) for t in v]
        return out, [slope(t, y) * d for t, y, d in zip(v, out, dv)]

    return rule


def _affine_pair(op, args, ctx):
    (v, dv), = args
    return _map(op, v, op.bias_numerators), _map(op, dv, repeat(0))  # the derivative is W dv


def _zip_pairs(f):
    def rule(op, args, ctx):
        return f(op, [a[0] for a in args], ctx), f(op, [a[1] for a in args], ctx)

    return rule


SLOPE_RULES = Rules(
    "ball enclosure with derivative",
    {
        Affine: _affine_pair,
        ReLU: _chain(_relu, lambda t, y: _step(t)),
        ReQU: _chain(_requ_hull, lambda t, y: 2 * t.nonnegative_part()),  # sigma_2' = 2 max(t, 0)
        Sigmoid: _chain(_sigmoid_hull, lambda t, y: y * (1 - y)),  # s' = s (1 - s), s in the ball y
        Gaussian: _chain(_gaussian, lambda t, y: -2 * t * y),  # g'(t) = -2 t g(t), g in the ball y
        Add: _zip_pairs(RULES.table[Add]),
        Concat: _zip_pairs(RULES.table[Concat]),
        Slice: _zip_pairs(RULES.table[Slice]),
    },
)


def enclose_with_slope(net: Network, ball, prec: int) -> tuple:
    """``(value, slope)``: balls containing ``phi(x)`` and ``phi'(x)`` for every ``x`` in ``ball``
    (``phi = net``, scalar input; ``phi'`` its generalised derivative where ReLU kinks)."""
    if net.in_dim != 1:
        raise ShapeError(f"a derivative enclosure needs a scalar input; the network input has width {net.in_dim}")
    with ball_precision(prec):
        return walk(net, ([ball], [Ball(1)]), SLOPE_RULES)


@dataclass(frozen=True)
class Enclosure:
    """Rigorous balls for the outputs of a network at one exact point.

    Attributes
    ----------
    point : tuple of MPQ
    balls : tuple of arb
        ``balls[k]`` contains the ``k``-th output at ``point``.
    prec : int
        Working precision (bits) of the attempt that met the tolerance.
    """

    point: tuple
    balls: tuple
    prec: int

    def bounds(self) -> list:
        """``[(lo, hi), ...]``: each ball's end points as exact rationals (``lo <= y_k <= hi``)."""
        return [ball_bounds(b) for b in self.balls]

    def __str__(self):
        parts = [f"[{decimal_bound(lo, up=False, digits=12)}, {decimal_bound(hi, up=True, digits=12)}]"
                 for lo, hi in self.bounds()]
        return f"({', '.join(parts)}) at {self.prec} bits"


def enclose(net: Network, points, prec: int = DEFAULT_PREC, *, tolerance=DEFAULT_TOLERANCE,
            max_prec: int = DEFAULT_MAX_PREC) -> list:
    """Rigorous enclosures of ``net``'s outputs at each exact point, one :class:`Enclosure` each.

    Parameters
    ----------
    net : Network
        Any network over ``verinet.ops.ALL_OPS`` (sigmoid and Gaussian included).
    points : sequence of sequences
        Each point has ``net.in_dim`` exact numbers (see ``verinet.as_rational``; floats are refused).
    prec : int
        Working precision (bits) of the first attempt; doubled per retry.
    tolerance : exact number or None
        Accept an attempt once every output ball has radius ``<= tolerance * max(1, |value|)``;
        ``None`` accepts the first attempt whatever its radii.
    max_prec : int
        Largest precision tried.

    Raises
    ------
    InvalidArgument, ShapeError
        For a float or unparsable coordinate, a point of the wrong width, no points, or a
        precision or tolerance that is not a positive exact number.
    BudgetExceeded
        When some output is still wider than the tolerance at ``max_prec`` bits (the message
        names the point, the output and the radius reached).

    Examples
    --------
    >>> from verinet.network import NetworkBuilder
    >>> b = NetworkBuilder(); x = b.input(1)
    >>> net = b.build(b.sigmoid(x))
    >>> e = enclose(net, [[0], ["1/2"]])
    >>> [str(lo) for (lo, hi) in e[0].bounds()], e[0].prec
    (['1/2'], 128)
    >>> lo, hi = e[1].bounds()[0]
    >>> lo < hi < lo + MPQ(1, 2**100)
    True
    """
    prec = _bits(prec, "prec")
    max_prec = _bits(max_prec, "max_prec")
    if max_prec < prec:
        raise InvalidArgument(f"max_prec={max_prec} must be >= prec={prec}")
    if tolerance is not None:
        tolerance = as_rational(tolerance, "tolerance")
        if tolerance <= 0:
            raise InvalidArgument(f"tolerance={tolerance} must be > 0 (or None to accept any radius)")
    RULES.check(net)
    return [_enclose_point(net, point, i, prec, tolerance, max_prec) for i, point in enumerate(from_batch(to_batch(points, net.in_dim)))]


def _enclose_point(net, point, index, prec, tolerance, max_prec) -> Enclosure:
    bits = prec
    while True:
        with ball_precision(bits):
            balls = tuple(enclose_balls(net, [exact_ball(q) for q in point], bits))
        wide = None if tolerance is None else _too_wide(balls, tolerance)
        if wide is None:
            return Enclosure(point, balls, bits)
        if bits * 2 > max_prec:
            k, ball = wide
            raise BudgetExceeded(f"point {index}: output {k} is the ball {ball.str(radius=True)} at {bits} bits, "
                                 f"wider than the tolerance {tolerance} (relative above 1); raise max_prec "
                                 f"(now {max_prec}) or the tolerance")
        bits *= 2


def _too_wide(balls, tolerance):
    """``(k, ball)`` for the first output ball wider than the tolerance (or not finite), else None."""
    for k, ball in enumerate(balls):
        if not ball.is_finite():
            return k, ball
        lo, hi = ball_bounds(ball)
        if (hi - lo) / 2 > tolerance * max(MPQ(1), abs(lo), abs(hi)):
            return k, ball
    return None


def _bits(value, name: str) -> int:
    if type(value) is not int or value < 2:
        raise InvalidArgument(f"{name}={value!r} must be an int >= 2 (bits of working precision)")
    return value
