"""Rigorous ball enclosures: the one translation of exact rationals and sympy expressions to arb.

An arb ball (python-flint) is a midpoint and a radius with the guarantee that the true value
lies inside; every operation below keeps that guarantee (outward rounding), so an
enclosure computed here is a proof, not an approximation.  Conversions between ``MPQ`` and
arb live here only: :func:`exact_ball` (a rational, or a rational interval, as a ball) and
:func:`ball_bounds` (a ball's end points as exact rationals).

:func:`compile_expression` turns an expression of :mod:`verinet.expressions` into two
evaluators over the same whitelist of functions: an exact one over ``MPQ`` (which raises
:class:`NotRational` where the value need not be rational, e.g. ``sin``, ``sqrt``) and a
ball one.  ``verinet analyze`` and ``verinet verify`` both evaluate through it, so they
accept the same expressions.
"""

from typing import Callable, NamedTuple

import sympy

from ._backend import MPQ, Ball, FlintQ, ball_precision
from .errors import BudgetExceeded, InvalidArgument
from . import sympy_exact
from .numbers import as_rational

sympy_exact.register()  # mpq -> sympy.Rational exactly, whatever sympy's ground types

__all__ = ["flint_rational", "exact_ball", "ball_bounds", "NotRational", "Undefined", "Compiled",
           "compile_expression", "enclose"]

# sympy function -> (arb method, exact value at a rational or None when it need not be rational)
_FUNCTIONS = {
    sympy.sin: ("sin", None), sympy.cos: ("cos", None), sympy.tan: ("tan", None), sympy.exp: ("exp", None),
    sympy.log: ("log", None), sympy.asin: ("asin", None), sympy.acos: ("acos", None), sympy.atan: ("atan", None),
    sympy.sinh: ("sinh", None), sympy.cosh: ("cosh", None), sympy.tanh: ("tanh", None), sympy.erf: ("erf", None),
    sympy.sign: ("sgn", lambda q: MPQ((q > 0) - (q < 0))),
    sympy.floor: ("floor", lambda q: MPQ(q.numerator // q.denominator)),
    sympy.ceiling: ("ceil", lambda q: MPQ(-(-q.numerator // q.denominator))),
}
_RELATIONS = {sympy.StrictLessThan: lambda a, b: a < b, sympy.LessThan: lambda a, b: a <= b,
              sympy.StrictGreaterThan: lambda a, b: a > b, sympy.GreaterThan: lambda a, b: a >= b}
_NEGATED = {sympy.StrictLessThan: sympy.GreaterThan, sympy.LessThan: sympy.StrictGreaterThan,
            sympy.StrictGreaterThan: sympy.LessThan, sympy.GreaterThan: sympy.StrictLessThan}


def flint_rational(q) -> FlintQ:
    """The exact rational ``q`` (``MPQ``, int, ``Fraction``) as python-flint's ``fmpq``."""
    q = as_rational(q)
    return FlintQ(int(q.numerator), int(q.denominator))


def exact_ball(mid, radius=0) -> Ball:
    """The ball ``[mid - radius, mid + radius]`` of exact rationals (radius rounded outward by arb)."""
    return Ball(flint_rational(mid), flint_rational(radius)) if radius else Ball(flint_rational(mid))


def ball_bounds(ball) -> tuple:
    """The exact rational end points ``(mid - rad, mid + rad)`` of a finite arb ball.

    Raises
    ------
    BudgetExceeded
        For a non-finite ball (an overflow, or a function evaluated off its domain).
    """
    if not ball.is_finite():
        raise BudgetExceeded(f"ball {ball} is not finite")
    mid, rad = _rational_point(ball.mid()), _rational_point(ball.rad())
    return mid - rad, mid + rad


def _rational_point(point) -> MPQ:
    man, exp = (int(v) for v in point.man_exp())
    return MPQ(man * 2**exp) if exp >= 0 else MPQ(man, 2**-exp)


class NotRational(Exception):
    """The exact evaluator met a function whose value at this point need not be rational."""


class Undefined(InvalidArgument):
    """The exact evaluator met a point where the expression has no value (a division by zero)."""


def _integer_power(base, k: int, e):
    """``base ** k`` exactly; ``Undefined`` for ``0 ** k`` with ``k < 0``."""
    if k < 0 and base == 0:
        raise Undefined(f"{e} divides by zero: its base is 0 there")
    return base**k


def _ball_power(ball, k: int) -> Ball:
    """A ball containing ``t ** k`` for every ``t`` in ``ball`` (arb's own ``**`` gives NaN on an
    inexact ball containing 0): ``t^k`` increases in ``t`` for odd ``k`` and in ``|t|`` for even
    ``k >= 0``, so the hull of the values at the two end points (of ``t``, resp. ``|t|``) holds it."""
    if k < 0:
        return 1 / _ball_power(ball, -k)
    if k == 0 or ball.is_exact():
        return ball**k
    if k % 2:
        return (ball.lower() ** k).union(ball.upper() ** k)
    return (ball.abs_lower() ** k).union(ball.abs_upper() ** k)


class Compiled(NamedTuple):
    """``exact(values)`` over ``MPQ`` (may raise :class:`NotRational`) and ``ball(balls)`` over arb."""

    exact: Callable
    ball: Callable


def compile_expression(expr, symbols) -> Compiled:
    """The evaluators of ``expr`` at points ``(x_1, ..., x_k)`` for ``symbols = (s_1, ..., s_k)``.

    Raises
    ------
    InvalidArgument
        For a free symbol not in ``symbols`` or a node with no ball rule (naming it).
    """
    index = {s: i for i, s in enumerate(symbols)}
    unknown = sorted(map(str, expr.free_symbols - set(index)))
    if unknown:
        raise InvalidArgument(f"{expr} has free symbols {unknown}; the variables are {', '.join(map(str, symbols))}")
    return _compile(expr, index)


def enclose(expr, prec: int) -> Ball:
    """A rigorous arb enclosure of the numeric sympy expression ``expr`` at ``prec`` bits."""
    ball = compile_expression(expr, ()).ball
    with ball_precision(prec):
        return ball(())


def _compile(e, index) -> Compiled:
    if e in index:
        i = index[e]
        pick = lambda xs: xs[i]  # noqa: E731
        return Compiled(pick, pick)
    if e.is_Rational:
        q = MPQ(int(e.p), int(e.q))
        return Compiled(lambda xs: q, lambda xs: exact_ball(q))
    if e is sympy.pi:
        return Compiled(_not_rational(e), lambda xs: Ball.pi())
    if e is sympy.E:
        return Compiled(_not_rational(e), lambda xs: Ball.const_e())
    if isinstance(e, sympy.Piecewise):
        return _piecewise(e, index)
    parts = [_compile(a, index) for a in e.args]
    exact, ball = [p.exact for p in parts], [p.ball for p in parts]
    if isinstance(e, sympy.Add):
        return Compiled(lambda xs: _fold(exact, xs, lambda a, b: a + b), lambda xs: _fold(ball, xs, lambda a, b: a + b))
    if isinstance(e, sympy.Mul):
        return Compiled(lambda xs: _fold(exact, xs, lambda a, b: a * b), lambda xs: _fold(ball, xs, lambda a, b: a * b))
    if isinstance(e, sympy.Pow):
        return _power(e, parts)
    if isinstance(e, sympy.Abs):
        return Compiled(lambda xs: abs(exact[0](xs)), lambda xs: abs(ball[0](xs)))
    if isinstance(e, (sympy.Max, sympy.Min)):
        pick, ball_pick = (max, Ball.max) if isinstance(e, sympy.Max) else (min, Ball.min)
        return Compiled(lambda xs: pick(f(xs) for f in exact), lambda xs: _fold(ball, xs, ball_pick))
    rule = _FUNCTIONS.get(type(e))
    if rule is None:
        raise InvalidArgument(f"no ball rule for {type(e).__name__} ({e})")
    method, exact_value = rule
    exact_fn = _not_rational(e) if exact_value is None else (lambda xs: exact_value(exact[0](xs)))
    return Compiled(exact_fn, lambda xs: getattr(ball[0](xs), method)())


def _power(e, parts) -> Compiled:
    (base_exact, base_ball), (_, exponent_ball) = parts
    k = e.args[1]
    if k.is_Integer:
        k = int(k)
        return Compiled(lambda xs: _integer_power(base_exact(xs), k, e), lambda xs: _ball_power(base_ball(xs), k))
    if k == sympy.Rational(1, 2):
        return Compiled(_not_rational(e), lambda xs: base_ball(xs).sqrt())
    return Compiled(_not_rational(e), lambda xs: base_ball(xs) ** exponent_ball(xs))


def _piecewise(e, index) -> Compiled:
    """The first piece whose condition holds; a ball takes the union of every piece that may apply."""
    pieces = [(_compile(value, index), _condition(cond, index)) for value, cond in e.args]

    def exact(xs):
        for value, cond in pieces:
            if cond.exact(xs):
                return value.exact(xs)
        raise InvalidArgument(f"{e}: no piece applies")

    def ball(xs):
        out = None
        for value, cond in pieces:
            holds = cond.ball(xs)
            if holds is False:
                continue
            b = value.ball(xs)
            out = b if out is None else out.union(b)
            if holds is True:
                return out
        if out is None:
            raise InvalidArgument(f"{e}: no piece applies")
        return out

    return Compiled(exact, ball)


def _condition(cond, index) -> Compiled:
    """``exact(xs) -> bool`` and ``ball(xs) -> True | False | None`` (None: the ball straddles it)."""
    if cond is sympy.true:
        return Compiled(lambda xs: True, lambda xs: True)
    relation = _RELATIONS.get(type(cond))
    if relation is None:
        raise InvalidArgument(f"no ball rule for the condition {cond}")
    negated = _RELATIONS[_NEGATED[type(cond)]]
    lhs, rhs = _compile(cond.lhs, index), _compile(cond.rhs, index)

    def ball(xs):
        a, b = lhs.ball(xs), rhs.ball(xs)
        return True if relation(a, b) else False if negated(a, b) else None

    return Compiled(lambda xs: relation(lhs.exact(xs), rhs.exact(xs)), ball)


def _not_rational(e):
    def refuse(xs):
        raise NotRational(str(e))

    return refuse


def _fold(fs, xs, op):
    out = fs[0](xs)
    for f in fs[1:]:
        out = op(out, f(xs))
    return out
