"""Exact piecewise-polynomial form of a scalar-input ReLU/ReQU network on an interval.

Main statement
--------------
A network ``phi: R -> R^k`` over ``verinet.ops.PIECEWISE_POLYNOMIAL`` (affine maps, sums,
concatenations, slices, ReLU ``max(t, 0)`` and ReQU ``sigma_2(t) = max(t, 0)^2``) is continuous
and piecewise polynomial with *rational* coefficients: on ``[a, b]`` there are breakpoints
``a = t_0 < ... < t_n = b`` and polynomials ``p_j in Q[x]`` with ``phi = p_j`` on
``[t_j, t_{j+1}]``.  :func:`piecewise_polynomial_form` computes them exactly, one
:class:`PPolyForm` per output coordinate, neighbouring pieces with equal polynomials merged.

Proof sketch (the method).  By induction along the walk every node is, on each piece of its
grid, a vector of polynomials over Q: the input is ``x``; affine maps, sums and slices keep
that (Q-linear combinations); at a ReLU/ReQU a coordinate ``p`` on ``(t_j, t_{j+1})`` changes
sign only at its real roots of odd multiplicity there, which are inserted as breakpoints; on
each sub-piece ``p`` has one sign (read at a rational interior point where ``p != 0``) and the
activation is ``0`` or ``p`` (ReLU) or ``p^2`` (ReQU), again in Q[x].  Roots of even
multiplicity need no breakpoint: ``p`` keeps its sign across them.

Breakpoints
-----------
The coefficients stay rational, but a breakpoint is a root of a pre-activation polynomial, which
for degree ``>= 2`` may be irrational.  Each breakpoint is an ``MPQ`` or an exact real algebraic
number :class:`~verinet.analysis.algebraic.RealAlgebraic` (an irreducible polynomial over Q,
the index of the root, and an isolating rational interval refined by exact bisection).  No
floats are used anywhere.

Cost
----
The degree at the output is at most ``2^r`` for ``r`` ReQU layers on the deepest path; it is
estimated by a walk *before* the form is computed and refused past ``max_degree``.  Every
node's number of pieces is charged to the :class:`~verinet.analysis.budget.Budget`.
"""

from .._backend import MPQ, QPoly
from ..balls import flint_rational
from ..errors import InvalidArgument, NetworkTypeError
from ..interpret.walk import Rules, walk
from ..network import Network
from ..numbers import as_rational
from ..ops import Add, Affine, Concat, ReLU, ReQU, Slice, TRANSCENDENTAL
from .algebraic import RealAlgebraic, compare, qpoly, real_roots, sign_on, sort_points, to_sympy
from .budget import BudgetExceeded, as_budget

__all__ = ["PPolyForm", "piecewise_polynomial_form", "degree_bound", "RULES", "DEFAULT_MAX_DEGREE"]

DEFAULT_MAX_DEGREE = 64


class PPolyForm:
    """``phi(x) = polys[j](x)`` on ``[breakpoints[j], breakpoints[j+1]]``.

    ``breakpoints`` increase strictly; each is an ``MPQ`` or a :class:`RealAlgebraic`.
    ``polys[j]`` is a tuple of ``MPQ`` coefficients, constant term first (the convention of
    :class:`~verinet.analysis.targets.PiecewisePolynomial`); ``()`` is the zero polynomial.
    """

    __slots__ = ("breakpoints", "polys")

    def __init__(self, breakpoints, polys):
        self.breakpoints = tuple(t if isinstance(t, RealAlgebraic) else as_rational(t, f"breakpoints[{j}]")
                                 for j, t in enumerate(breakpoints))
        self.polys = tuple(tuple(as_rational(c, f"polys[{j}]") for c in p) for j, p in enumerate(polys))
        if len(self.breakpoints) != len(self.polys) + 1:
            raise InvalidArgument(f"{len(self.breakpoints)} breakpoints for {len(self.polys)} pieces")

    @property
    def pieces(self) -> int:
        return len(self.polys)

    @property
    def degree(self) -> int:
        """The largest degree of a piece (``-1`` when ``phi = 0``)."""
        return max(len(p) for p in self.polys) - 1

    @property
    def interval(self) -> tuple:
        return self.breakpoints[0], self.breakpoints[-1]

    def rational_breakpoints(self) -> tuple:
        """The breakpoints that are rational."""
        return tuple(t for t in self.breakpoints if not isinstance(t, RealAlgebraic))

    def piece_poly(self, j) -> QPoly:
        """Piece ``j`` as a python-flint ``fmpq_poly``."""
        return qpoly(self.polys[j])

    def __call__(self, x) -> MPQ:
        """Exact value at a rational ``x`` in ``[a, b]`` (at a breakpoint both pieces agree).

        Raises
        ------
        InvalidArgument
            For a float or a point outside the interval.
        """
        x = as_rational(x, "x")
        ts = self.breakpoints
        if compare(x, ts[0]) < 0 or compare(x, ts[-1]) > 0:
            raise InvalidArgument(f"x={x} lies outside the interval [{ts[0]}, {ts[-1]}]")
        j = 0
        while j < self.pieces - 1 and compare(x, ts[j + 1]) > 0:
            j += 1
        acc = MPQ(0)
        for c in reversed(self.polys[j]):
            acc = acc * x + c
        return acc

    def to_sympy(self, x=None):
        """The form as a sympy ``Piecewise`` in ``x`` (breakpoints exact: ``Rational`` or ``CRootOf``)."""
        import sympy

        x = sympy.Symbol("x") if x is None else x
        ts = [to_sympy(t) for t in self.breakpoints]
        args = []
        for j, poly in enumerate(self.polys):
            expr = sum((sympy.Rational(int(c.numerator), int(c.denominator)) * x**i for i, c in enumerate(poly)),
                       sympy.Integer(0))
            cond = sympy.And(x >= ts[0], x <= ts[1]) if j == 0 else x <= ts[j + 1]
            args.append((expr, cond))
        return sympy.Piecewise(*args)

    def __eq__(self, other):
        if not isinstance(other, PPolyForm):
            return NotImplemented
        return self.breakpoints == other.breakpoints and self.polys == other.polys

    __hash__ = None

    def __repr__(self):
        return f"PPolyForm({self.pieces} pieces, degree {self.degree} on [{self.breakpoints[0]}, {self.breakpoints[-1]}])"


class _Value:
    """A node's value: shared grid ``points`` and ``rows[i][j]`` (``fmpq_poly``), row ``i`` on piece ``j``."""

    __slots__ = ("points", "rows")

    def __init__(self, points, rows):
        self.points, self.rows = tuple(points), tuple(tuple(r) for r in rows)


def _on_grid(value: _Value, grid: tuple) -> tuple:
    """The rows of ``value`` on the finer ``grid`` (which contains ``value.points``)."""
    index, j = [], 0
    for k in range(len(grid) - 1):
        if grid[k] == value.points[j + 1]:
            j += 1
        index.append(j)
    return tuple(tuple(row[j] for j in index) for row in value.rows)


def _common(values) -> tuple:
    """One grid for several values, and their rows on it."""
    grid = values[0].points
    for v in values[1:]:
        if v.points != grid:
            grid = _merge(grid, v.points)
    return grid, [_on_grid(v, grid) for v in values]


def _merge(ps, qs) -> tuple:
    out, i, j = [], 0, 0
    while i < len(ps) and j < len(qs):
        c = compare(ps[i], qs[j])
        out.append(ps[i] if c <= 0 else qs[j])
        i, j = i + (c <= 0), j + (c >= 0)
    return tuple(out + list(ps[i:]) + list(qs[j:]))


def _affine(op, args, ctx):
    (x,) = args
    d = op.denominator
    weights = [[flint_rational(MPQ(w, d)) for w in row] for row in op.weight_numerators]
    biases = [flint_rational(MPQ(b, d)) for b in op.bias_numerators]
    rows = []
    for wrow, b in zip(weights, biases):
        row = []
        for j in range(len(x.points) - 1):
            acc = QPoly([b])
            for w, xrow in zip(wrow, x.rows):
                if w != 0:
                    acc += xrow[j] * w
            row.append(acc)
        rows.append(row)
    return _Value(x.points, rows)


def _activation(square: bool):
    def rule(op, args, budget):
        (x,) = args
        ts = x.points
        inserted = [[] for _ in range(len(ts) - 1)]
        for row in x.rows:
            for j, p in enumerate(row):
                inserted[j] += real_roots(p, ts[j], ts[j + 1], odd_only=True)
        grid = [ts[0]]
        for j, new in enumerate(inserted):
            grid += _distinct(sort_points(new)) + [ts[j + 1]]
        budget.charge_pieces(len(grid) - 1, stage=f"a {type(op).__name__} layer")
        grid = tuple(grid)
        rows = []
        for row in _on_grid(x, grid):
            out = []
            for k, p in enumerate(row):
                if p.degree() < 0 or sign_on(p, grid[k], grid[k + 1]) < 0:
                    out.append(QPoly([]))
                else:
                    out.append(p * p if square else p)
            rows.append(out)
        return _Value(grid, rows)

    return rule


def _distinct(points) -> list:
    out = []
    for t in points:
        if not out or out[-1] != t:
            out.append(t)
    return out


def _add(op, args, ctx):
    grid, rows = _common(args)
    return _Value(grid, [[sum(ps[1:], ps[0]) for ps in zip(*col)] for col in zip(*rows)])


def _concat(op, args, ctx):
    grid, rows = _common(args)
    return _Value(grid, [r for rs in rows for r in rs])


RULES = Rules(
    "piecewise-polynomial form",
    {
        Affine: _affine,
        ReLU: _activation(square=False),
        ReQU: _activation(square=True),
        Add: _add,
        Concat: _concat,
        Slice: lambda op, args, ctx: _Value(args[0].points, args[0].rows[op.start : op.stop]),
    },
    hints=dict.fromkeys(TRANSCENDENTAL, "its values are irrational: bound it with verinet.enclose_sup_error"),
)

_DEGREES = Rules(
    "degree estimate",
    {
        Affine: lambda op, args, ctx: args[0],
        ReLU: lambda op, args, ctx: args[0],
        ReQU: lambda op, args, ctx: 2 * args[0],
        Add: lambda op, args, ctx: max(args),
        Concat: lambda op, args, ctx: max(args),
        Slice: lambda op, args, ctx: args[0],
    },
    hints=RULES.hints,
)


def degree_bound(net: Network) -> int:
    """An upper bound of the degree of every piece of ``net``'s form: ``2^r``, ``r`` the most
    ReQU ops on a path from the input (a ReQU doubles degrees, the other ops keep them)."""
    return walk(net, 1, _DEGREES)


def piecewise_polynomial_form(net: Network, a, b, budget=None, max_degree=DEFAULT_MAX_DEGREE) -> tuple:
    """The exact piecewise-polynomial form of each output of a 1-D ReLU/ReQU network on ``[a, b]``.

    Parameters
    ----------
    net : Network
        Input width 1, ops in ``verinet.ops.PIECEWISE_POLYNOMIAL``.
    a, b : exact numbers
        The interval, ``a < b``.
    budget : Budget, optional
        Caps the number of pieces of every node and the time.
    max_degree : int
        Refuse, before any work, a network whose :func:`degree_bound` exceeds it.

    Returns
    -------
    tuple of PPolyForm
        One per output coordinate.

    Raises
    ------
    NetworkTypeError
        For an input width other than 1.
    UnsupportedOp
        For Sigmoid/Gaussian (naming the node).
    InvalidArgument
        For ``a >= b`` or float endpoints.
    BudgetExceeded
        Past ``max_degree`` or the budget.

    Examples
    --------
    >>> from verinet import NetworkBuilder
    >>> nb = NetworkBuilder(); x = nb.input(1)
    >>> h = nb.requ(nb.affine(x, [[1], [-1]]))
    >>> (f,) = piecewise_polynomial_form(nb.build(nb.affine(h, [[1, 1]])), -1, 1)
    >>> [str(t) for t in f.breakpoints], [[str(c) for c in p] for p in f.polys]
    (['-1', '1'], [['0', '0', '1']])
    """
    if net.in_dim != 1:
        raise NetworkTypeError(f"the piecewise-polynomial form needs input width 1, got {net.in_dim}")
    a, b = as_rational(a, "a"), as_rational(b, "b")
    if not a < b:
        raise InvalidArgument(f"need a < b, got a={a}, b={b}")
    if type(max_degree) is not int or max_degree < 1:
        raise InvalidArgument(f"max_degree={max_degree!r} must be an int >= 1")
    RULES.check(net)
    degree = degree_bound(net)
    if degree > max_degree:
        raise BudgetExceeded(f"the piecewise-polynomial form may reach degree {degree} > max_degree={max_degree}; "
                             "raise it with max_degree=N")
    budget = as_budget(budget)

    def charge(node, value):
        budget.charge_pieces(len(value.points) - 1, stage=f"node {node!r}")

    x = _Value((a, b), ((QPoly([0, 1]),),))
    value = walk(net, x, RULES, ctx=budget, on_node=charge)
    return tuple(_form(value.points, row) for row in value.rows)


def _coefficients(p: QPoly) -> tuple:
    return tuple(MPQ(int(c.p), int(c.q)) for c in p.coeffs())


def _form(points, row) -> PPolyForm:
    keep_points, keep_polys = [points[0]], []
    for j, p in enumerate(row):
        if keep_polys and keep_polys[-1] == p:
            keep_points[-1] = points[j + 1]
        else:
            keep_polys.append(p)
            keep_points.append(points[j + 1])
    return PPolyForm(keep_points, [_coefficients(p) for p in keep_polys])
