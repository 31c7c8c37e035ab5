"""Taylor data of a one-variable target, exact or as rigorous rational bounds.

The smooth-target constructions (:mod:`.requ_spline`, :mod:`.shallow`) need, for a target
``f`` given as an expression of :mod:`verinet.expressions` in one variable:

* the Taylor coefficients ``f^(k)(c) / k!`` at a rational point ``c``, as rationals: exact
  when ``f^(k)`` is a polynomial over Q (then its value at ``c`` is rational), otherwise the
  midpoint of an arb ball rounded to a multiple of ``2^-bits``, together with a rational
  ``radius`` that provably bounds the rounding error ``|rounded - exact|``;
* a rational upper bound of ``sup_{[a, b]} |f^(k)|``: the largest end point of arb
  enclosures of ``f^(k)`` on ``cells`` equal sub-intervals (a proof: every ball contains
  the range of ``f^(k)`` on its cell, :mod:`verinet.analysis.targets`).
"""

import math

import sympy

from .._backend import MPQ
from ..balls import ball_bounds, exact_ball
from ..errors import BudgetExceeded, InvalidArgument
from ..analysis.ppoly1d import PPolyForm
from ..analysis.ppoly_error import poly_sup_error
from ..analysis.targets import PiecewisePolynomial, as_target, parse_target

__all__ = ["TargetExpression", "target_expression", "polynomial_ball", "finite_bounds", "rounded_value", "taylor_coefficients", "derivative_bound"]


class TargetExpression:
    """A target ``f`` as a sympy expression in one symbol (``x`` when it is constant)."""

    __slots__ = ("expr", "symbol", "text")

    def __init__(self, expr, symbol, text):
        self.expr, self.symbol, self.text = expr, symbol, text

    def derivative(self, k: int):
        """``f^(k)`` as a target of :mod:`verinet.analysis.targets` (exact for polynomials)."""
        return as_target(sympy.diff(self.expr, self.symbol, k)) if self.expr.free_symbols else \
            as_target(self.expr if k == 0 else sympy.Integer(0))

    def ball(self, x):
        """An arb ball containing ``f(x)`` at the rational ``x`` (exact for a polynomial)."""
        g = self.derivative(0)
        return exact_ball(g(MPQ(x))) if isinstance(g, PiecewisePolynomial) else g.enclose(MPQ(x), MPQ(x))

    def enclose(self, k: int, lo, hi):
        """An arb ball containing ``f^(k)([lo, hi])`` (ball Horner for a polynomial ``f^(k)``)."""
        g = self.derivative(k)
        return g.enclose(lo, hi) if not isinstance(g, PiecewisePolynomial) else \
            polynomial_ball(g.polys[0], exact_ball((lo + hi) / 2, (hi - lo) / 2))

    @property
    def is_polynomial(self) -> bool:
        return isinstance(self.derivative(0), PiecewisePolynomial) and not self.derivative(0).cuts

    def __str__(self):
        return self.text


def polynomial_ball(coefficients, t):
    """``sum_i coefficients[i] t^i`` on the ball ``t`` by Horner (contains the polynomial's range)."""
    acc = exact_ball(0)
    for c in reversed(coefficients):
        acc = acc * t + exact_ball(c)
    return acc


def target_expression(target) -> TargetExpression:
    """Read ``target`` (a string such as ``"x**3"`` or ``"exp(x)"``, or a sympy expression).

    Raises
    ------
    InvalidArgument
        For text the safe parser refuses, or an expression in more than one variable.
    """
    expr = parse_target(target) if isinstance(target, str) else target
    if not isinstance(expr, sympy.Basic):
        raise InvalidArgument(f"target={target!r} must be an expression in one variable, e.g. 'x**3' or 'exp(x)'")
    symbols = sorted(expr.free_symbols, key=str)
    if len(symbols) > 1:
        raise InvalidArgument(f"target {expr} has variables {[str(s) for s in symbols]}; it must have one")
    return TargetExpression(expr, symbols[0] if symbols else sympy.Symbol("x"), str(expr))


def taylor_coefficients(f: TargetExpression, center, degree: int, bits: int = 64) -> tuple:
    """``(c_0, ..., c_degree), radius`` with ``|c_k - f^(k)(center)/k!| <= radius`` for every ``k``.

    ``radius = 0`` when every ``f^(k)`` is a polynomial over Q (the coefficients are exact).

    Raises
    ------
    InvalidArgument
        When an arb enclosure of some ``f^(k)(center)`` is not finite (``f`` undefined there).
    """
    center = MPQ(center)
    coefficients, radius = [], MPQ(0)
    for k in range(degree + 1):
        g = f.derivative(k)
        if isinstance(g, PiecewisePolynomial):
            coefficients.append(g(center) / math.factorial(k))
            continue
        rounded, error = rounded_value(g.enclose(center, center), f"d^{k}/dx^{k} of {f} at x = {center}", bits)
        coefficients.append(rounded / math.factorial(k))
        radius = max(radius, error / math.factorial(k))
    return tuple(coefficients), radius


def derivative_bound(f: TargetExpression, k: int, interval=(MPQ(0), MPQ(1)), cells: int = 64) -> MPQ:
    """A rational ``M >= sup_{interval} |f^(k)|`` from arb enclosures on ``cells`` sub-intervals.

    Raises
    ------
    InvalidArgument
        When an enclosure is not finite.
    """
    g = f.derivative(k)
    a, b = MPQ(interval[0]), MPQ(interval[1])
    if isinstance(g, PiecewisePolynomial):  # exact: the sup of |g - 0| by the exact 1-D error
        return poly_sup_error(PPolyForm((a, b), [()]), g).upper
    bound = MPQ(0)
    for i in range(cells):
        lo_x, hi_x = a + (b - a) * i / cells, a + (b - a) * (i + 1) / cells
        lo, hi = finite_bounds(g.enclose(lo_x, hi_x), f"d^{k}/dx^{k} of {f} on [{lo_x}, {hi_x}]")
        bound = max(bound, abs(lo), abs(hi))
    return bound


def finite_bounds(ball, what: str) -> tuple:
    """The ball's rational end points, or ``InvalidArgument`` naming ``what`` when it is not finite."""
    try:
        return ball_bounds(ball)
    except BudgetExceeded:
        raise InvalidArgument(f"{what} has no finite enclosure ({ball}); the target must be smooth on the domain") from None


def rounded_value(ball, what: str, bits: int = 64) -> tuple:
    """``(r, e)``: the ball's midpoint rounded to a multiple of ``2^-bits`` and a rational ``e`` with
    ``|r - y| <= e`` for every ``y`` in the ball."""
    lo, hi = finite_bounds(ball, what)
    mid, scale = (lo + hi) / 2, 2**bits
    rounded = MPQ(round(mid * scale), scale)
    return rounded, abs(rounded - mid) + (hi - lo) / 2
