"""Rigorous bounds on ``sup_{[a,b]} |phi - f|`` for any 1-D network (sigmoid and Gaussian included).

Main statements
---------------
For a network ``phi: R -> R`` over ``verinet.ops.ALL_OPS``, a target ``f`` and an interval
``[a, b]`` split into cells ``[l, r]`` with midpoints ``m``:

* **upper bound**: :func:`verinet.interpret.enclose.enclose_balls` on the ball ``[l, r]``
  gives ``phi([l, r]) subset [p_lo, p_hi]`` and the target's ball ``f([l, r]) subset
  [f_lo, f_hi]``, so ``|phi - f| <= max(|p_lo - f_hi|, |p_hi - f_lo|)`` on the cell; the
  largest cell bound bounds the sup over their union ``[a, b]``.  Where the target has a
  derivative ball (a smooth expression, a piecewise polynomial), the smaller of that and the
  mean-value bound ``e([l, r]) subset e(m) + (phi'([l, r]) - f'([l, r])) [-h, h]`` is used
  (``e = phi - f``, ``h = (r - l)/2``; :func:`verinet.interpret.enclose.enclose_with_slope`);
  near an interior maximum of ``|e|`` it is second order in ``h``, so few cells suffice;
* **lower bound**: at an exact point ``m`` (the end points and every cell midpoint) the
  balls ``phi(m) in [q_lo, q_hi]`` and ``f(m) in [g_lo, g_hi]`` give ``|phi(m) - f(m)| >= max(0, q_lo - g_hi, g_lo - q_hi)``,
  and the sup is at least its value at any point.

The cell with the largest upper bound is bisected until ``upper - lower <= tolerance``
(:func:`enclose_sup_error`) or until a claimed bound is proved or refuted
(:func:`check_sup_error`).  Both bounds are proofs (arb rounds outward); the result is a
pair of rigorous bounds, not the exact value, and says how fine the subdivision got.

Targets are those of :func:`verinet.analysis.targets.as_target`: a sympy expression or
string in one variable (arb ball arithmetic, :mod:`verinet.balls`), a piecewise polynomial
(ball Horner on each piece; the cells start split at its cuts), or a callable with a
declared Lipschitz constant ``L`` (``f([l, r]) subset f(m) +- L (r - l) / 2``).
"""

import heapq
from dataclasses import dataclass
from typing import NamedTuple

import sympy

from .._backend import MPQ, ball_precision
from ..balls import ball_bounds, exact_ball
from ..errors import BoundViolation, BudgetExceeded, InvalidArgument, ShapeError
from ..interpret.enclose import DEFAULT_PREC, RULES, _bits, enclose_balls, enclose_with_slope
from ..network import Network
from ..numbers import as_rational, decimal_bound
from .budget import as_budget
from .error import MAX_REFINEMENT_CELLS, _PolynomialBalls, _bounds_text, _enclosure_bounds, _tolerance
from .targets import BallTarget, LipschitzTarget, PiecewisePolynomial, as_target

__all__ = ["SupErrorBounds", "enclose_sup_error", "check_sup_error"]

LABEL = "rigorous bounds (arb interval subdivision), not an exact value"


@dataclass(frozen=True)
class SupErrorBounds:
    """``lower <= sup_{[a,b]} |phi - f| <= upper``, both proved; not the exact value.

    Attributes
    ----------
    lower, upper : MPQ
    witness : MPQ
        A point ``x`` with ``|phi(x) - f(x)| >= lower``.
    cells : int
        Number of cells of the final subdivision of ``[a, b]``.
    smallest_width : MPQ
        Width of the smallest cell.
    prec : int
        Working precision (bits) of the ball arithmetic.
    """

    lower: MPQ
    upper: MPQ
    witness: MPQ
    cells: int
    smallest_width: MPQ
    prec: int
    norm = "sup"
    exact = False
    label = LABEL

    def as_dict(self) -> dict:
        """JSON-ready: every number as an exact string."""
        return {"norm": self.norm, "exact": False, "label": self.label, "lower": str(self.lower),
                "upper": str(self.upper), "witness": str(self.witness), "cells": self.cells,
                "smallest_width": str(self.smallest_width), "prec": self.prec}

    def __str__(self):
        return (f"sup error in [{_bounds_text(self.lower, self.upper)}] ({self.label}; {self.cells} cells, "
                f"smallest width {self.smallest_width}, {self.prec} bits)")


@dataclass(frozen=True)
class _LipschitzBalls:
    """A declared-Lipschitz target as balls: ``f([lo, hi]) subset f(m) +- L (hi - lo) / 2``."""

    target: LipschitzTarget

    def enclose(self, lo, hi):
        return exact_ball(self.target((lo + hi) / 2), self.target.lipschitz * (hi - lo) / 2)

    def __str__(self):
        return "the callable target"


def enclose_sup_error(net: Network, target, interval, *, lipschitz=None, tolerance=None, prec: int = DEFAULT_PREC,
                      budget=None) -> SupErrorBounds:
    """Rigorous bounds on ``sup_{x in [a, b]} |phi(x) - f(x)|``, refined until ``upper - lower <= tolerance``.

    Parameters
    ----------
    net : Network
        One input, one output; any ops of ``verinet.ops.ALL_OPS``.
    target : str, sympy expression, PWLForm, callable or a target of :mod:`.targets`
    interval : (a, b)
        Exact end points, ``a < b``.
    lipschitz : exact number, optional
        Declared Lipschitz constant of a callable target.
    tolerance : exact number, optional
        Stop once ``upper - lower <= tolerance`` (default 2^-20).
    prec : int
        Working precision (bits) of the ball arithmetic.
    budget : Budget, optional
        ``pieces`` caps the number of cells (default 2^14), ``seconds`` the time.

    Raises
    ------
    InvalidArgument, ShapeError
        For a float or reversed interval, a network that is not ``R -> R``, an unusable
        target or tolerance.
    BudgetExceeded
        When the cells or the time run out first; the message gives the bounds reached.

    Examples
    --------
    >>> from verinet.network import NetworkBuilder
    >>> b = NetworkBuilder(); x = b.input(1)
    >>> net = b.build(b.sigmoid(x))
    >>> print(enclose_sup_error(net, "1/2", (0, 1)))  # sigmoid(1) - 1/2 = 0.2310585786...
    sup error in [0.231058, 0.231059] (rigorous bounds (arb interval subdivision), not an exact value; 1 cells, smallest width 1, 128 bits)
    >>> r = enclose_sup_error(net, "sin(3*x)", (0, 1), tolerance="1/1000")
    >>> r.upper - r.lower <= MPQ(1, 1000), r.cells > 1
    (True, True)
    """
    tolerance = _tolerance(tolerance)
    if tolerance <= 0:
        raise InvalidArgument(f"tolerance={tolerance} must be > 0")
    return _refine(net, target, interval, lipschitz, prec, budget,
                   lambda lower, upper: upper - lower <= tolerance, f"the tolerance {tolerance}")


def check_sup_error(net: Network, target, interval, claimed, *, lipschitz=None, prec: int = DEFAULT_PREC,
                    budget=None) -> SupErrorBounds:
    """Prove ``sup_{[a,b]} |phi - f| <= claimed``, refining only until the claim is decided.

    Returns the bounds once ``upper <= claimed``.  Parameters as :func:`enclose_sup_error`.

    Raises
    ------
    BoundViolation
        When ``lower > claimed``: the witness ``x`` has ``|phi(x) - f(x)| > claimed``, proved.
    BudgetExceeded
        When the budget runs out undecided (e.g. ``claimed`` equal to the sup).
    """
    claimed = as_rational(claimed, "claimed")
    result = _refine(net, target, interval, lipschitz, prec, budget,
                     lambda lower, upper: upper <= claimed or lower > claimed, f"a decision on the claim {claimed}")
    if result.lower > claimed:
        raise BoundViolation(f"sup |phi - f| <= {claimed} is false: |phi(x) - f(x)| >= "
                             f"{decimal_bound(result.lower, up=False)} at x = {result.witness} ({result})",
                             witness=result.witness)
    return result


def _refine(net, target, interval, lipschitz, prec, budget, done, goal) -> SupErrorBounds:
    """Best-first bisection of ``[a, b]`` (largest cell upper bound first) until ``done(lower, upper)``."""
    prec = _bits(prec, "prec")
    RULES.check(net)
    if net.in_dim != 1 or net.out_dim != 1:
        raise ShapeError(f"enclose_sup_error needs a network R -> R; this one maps width {net.in_dim} "
                         f"to width {net.out_dim}")
    a, b = _interval(interval)
    balls = _ball_target(as_target(target, lipschitz))
    budget = as_budget(budget)
    cap = MAX_REFINEMENT_CELLS if budget.pieces is None else None
    cuts = getattr(getattr(balls.values, "target", None), "cuts", ())
    ends = [a, *sorted(c for c in cuts if a < c < b), b]
    with ball_precision(prec):
        heap = [_cell(net, balls, l, r, prec) for l, r in zip(ends, ends[1:])]
        points = [(c[3], c[4]) for c in heap] + [(_point(net, balls, x, prec)[0], x) for x in (a, b)]
    heapq.heapify(heap)
    count = len(heap)
    budget.charge_pieces(count, "sup-error subdivision: initial cells")
    lower, witness = max(points)
    smallest = min(c[2] - c[1] for c in heap)
    while True:
        upper = max(lower, -heap[0][0])
        if done(lower, upper):
            return SupErrorBounds(lower, upper, witness, count, smallest, prec)
        stage = f"sup-error subdivision, bounds [{_bounds_text(lower, upper)}], smallest cell {smallest}"
        if cap is not None and count >= cap:
            raise BudgetExceeded(f"{stage}: stopped at {count} cells before {goal}; raise the cells with "
                                 f"Budget(pieces=N) or --max-pieces N")
        _, l, r, _, _ = heapq.heappop(heap)
        m = (l + r) / 2
        with ball_precision(prec):
            halves = (_cell(net, balls, l, m, prec), _cell(net, balls, m, r, prec))
        for cell in halves:
            heapq.heappush(heap, cell)
            if cell[3] > lower:
                lower, witness = cell[3], cell[4]
        count += 1
        smallest = min(smallest, m - l)
        try:
            budget.charge_pieces(count, stage)
        except BudgetExceeded as e:
            raise BudgetExceeded(f"{e} (before {goal})") from None


def _cell(net, target, l, r, prec) -> tuple:
    """``(-upper, l, r, point_lower, m)``: the cell's bound of ``|phi - f|`` (negated, for the
    heap) and the rigorous lower bound of ``|phi(m) - f(m)|`` at its midpoint ``m``.

    The bound is the smaller of the direct one (module docstring) and, when the target has
    slope balls, the mean-value one: ``e = phi - f`` is Lipschitz on the cell with ``e'`` in
    the ball ``D = phi'([l, r]) - f'([l, r])``, so ``e([l, r]) subset e(m) + D [-h, h]``
    (``h = (r - l) / 2``) -- second order where ``e' = 0`` (at an interior maximum of ``|e|``),
    where the direct bound is only first order.
    """
    m, h = (l + r) / 2, (r - l) / 2
    (value,), (slope,) = enclose_with_slope(net, exact_ball(m, h), prec)
    p_lo, p_hi = ball_bounds(value)
    f_lo, f_hi = _enclosure_bounds(target.values, l, r)
    upper = max(abs(p_lo - f_hi), abs(p_hi - f_lo))
    lower, error_at_m = _point(net, target, m, prec)
    if target.slopes is not None:
        slope = slope - target.slopes.enclose(l, r)
        if slope.is_finite():
            e_lo, e_hi = ball_bounds(error_at_m + slope * exact_ball(0, h))
            upper = min(upper, max(abs(e_lo), abs(e_hi)))
    return -upper, l, r, lower, m


def _point(net, target, x, prec) -> tuple:
    """A rigorous lower bound of ``|phi(x) - f(x)|`` at the exact point ``x``, and a ball of ``phi(x) - f(x)``."""
    phi = enclose_balls(net, [exact_ball(x)], prec)[0]
    q_lo, q_hi = ball_bounds(phi)
    g_lo, g_hi = _enclosure_bounds(target.values, x, x)
    return max(MPQ(0), q_lo - g_hi, g_lo - q_hi), phi - target.values.enclose(x, x)


class _Balls(NamedTuple):
    """A target as ``values.enclose(lo, hi)`` (a ball of ``f([lo, hi])``) and, where ``f`` is
    piecewise smooth with known derivative, ``slopes.enclose(lo, hi)`` (a ball of ``f'``)."""

    values: object
    slopes: object


# Expression nodes whose derivative (sympy.diff) is the derivative wherever the ball
# evaluation is finite; anything else (Abs, sign, floor, Piecewise, Max, ...) gets no slopes.
_SMOOTH = (sympy.Symbol, sympy.Number, sympy.NumberSymbol, sympy.Add, sympy.Mul, sympy.Pow, sympy.sin, sympy.cos,
           sympy.tan, sympy.exp, sympy.log, sympy.asin, sympy.acos, sympy.atan, sympy.sinh, sympy.cosh, sympy.tanh,
           sympy.erf)


def _ball_target(target) -> _Balls:
    if isinstance(target, PiecewisePolynomial):
        slopes = tuple(tuple(k * c for k, c in enumerate(p))[1:] or (MPQ(0),) for p in target.polys)
        return _Balls(_PolynomialBalls(target), _PolynomialBalls(PiecewisePolynomial(target.cuts, slopes)))
    if isinstance(target, LipschitzTarget):
        return _Balls(_LipschitzBalls(target), None)
    if all(isinstance(node, _SMOOTH) for node in sympy.preorder_traversal(target.expr)):
        return _Balls(target, BallTarget(sympy.diff(target.expr, target.symbol), target.symbol))
    return _Balls(target, None)


def _interval(interval) -> tuple:
    if isinstance(interval, (str, bytes)) or not hasattr(interval, "__len__") or len(interval) != 2:
        raise InvalidArgument(f"interval={interval!r} must be a pair (a, b) of exact numbers")
    a, b = as_rational(interval[0], "interval a"), as_rational(interval[1], "interval b")
    if not a < b:
        raise InvalidArgument(f"interval [{a}, {b}] must have a < b")
    return a, b
