"""Deciding inequalities between exact real numbers.

The bounds of the intrinsic-parameter theorems contain surds (``sqrt(d)``), powers with
rational exponents (Hölder moduli, ``2^p``) and values of transcendental targets.  They are
held as sympy expressions and decided here rigorously:

* a rational expression is compared exactly;
* otherwise it is enclosed in an arb ball (python-flint, rigorous error bounds) at
  increasing precision until the ball excludes the comparison point;
* a ball that never excludes it (the two sides may be equal) is settled by sympy's exact
  zero test; if that cannot decide either, :class:`~verinet.errors.BudgetExceeded` is raised.
  No tolerance is ever used.
"""

import sympy

from ._backend import MPQ, Ball, FlintQ, ball_precision
from .errors import BudgetExceeded, InvalidArgument
from .numbers import as_rational

__all__ = ["to_ball", "sign", "is_le", "floor_of", "rational_bounds", "to_sympy", "from_sympy", "exact_number",
           "ball_bounds", "PRECISIONS"]

# Working precisions (bits) tried in turn before falling back to sympy's exact zero test.
PRECISIONS = (64, 256, 1024, 4096, 16384)

_FUNCTIONS = {
    sympy.sin: "sin", sympy.cos: "cos", sympy.tan: "tan", sympy.exp: "exp", sympy.log: "log",
    sympy.atan: "atan", sympy.asin: "asin", sympy.acos: "acos", sympy.sinh: "sinh",
    sympy.cosh: "cosh", sympy.tanh: "tanh", sympy.sign: "sgn",
}


def to_sympy(value):
    """An exact number (``MPQ``, int, sympy) as a sympy number."""
    if isinstance(value, sympy.Basic):
        return value
    if type(value) is MPQ:
        return sympy.Rational(int(value.numerator), int(value.denominator))
    if isinstance(value, int):
        return sympy.Integer(value)
    raise InvalidArgument(f"{value!r} of type {type(value).__name__} is not an exact number")


def exact_number(value, name: str):
    """A user-given exact number as sympy: sympy numbers as they are, strings read exactly
    (``"3/40"``, ``"sqrt(2)"``), anything else through :func:`~verinet.numbers.as_rational`.

    (``sympy.sympify`` turns a gmpy2 ``mpq`` into a ``Float``; this never does.)

    Raises
    ------
    InvalidArgument
        For floats, non-numbers and unreadable strings, naming ``name``.
    """
    if isinstance(value, str):
        try:
            value = sympy.sympify(value, rational=True)
        except (sympy.SympifyError, SyntaxError, TypeError):
            raise InvalidArgument(f"{name}={value!r} is not an exact number") from None
    if not isinstance(value, sympy.Basic):
        return to_sympy(as_rational(value, name))
    if not value.is_number or value.atoms(sympy.Float):
        raise InvalidArgument(f"{name}={value!r} must be an exact number")
    return value


def from_sympy(value) -> MPQ:
    """A sympy rational as ``MPQ``; ``InvalidArgument`` for anything else."""
    value = sympy.sympify(value)
    if not value.is_Rational:
        raise InvalidArgument(f"{value} is not a rational number")
    return MPQ(int(value.p), int(value.q))


def _ball_of_rational(q) -> Ball:
    return Ball(FlintQ(int(q.numerator), int(q.denominator)))


def to_ball(expr, prec: int) -> Ball:
    """A rigorous arb enclosure of the numeric sympy expression ``expr`` at ``prec`` bits."""
    with ball_precision(prec):
        return _ball(sympy.sympify(expr))


def _ball(expr) -> Ball:
    if expr.is_Rational:
        return Ball(FlintQ(int(expr.p), int(expr.q)))
    if expr is sympy.pi:
        return Ball.pi()
    if expr is sympy.E:
        return Ball.const_e()
    if expr.free_symbols:
        raise InvalidArgument(f"{expr} has free symbols {sorted(map(str, expr.free_symbols))}")
    args = [_ball(a) for a in expr.args]
    if isinstance(expr, sympy.Add):
        return sum(args[1:], args[0])
    if isinstance(expr, sympy.Mul):
        out = args[0]
        for a in args[1:]:
            out = out * a
        return out
    if isinstance(expr, sympy.Pow):
        exponent = expr.args[1]
        if exponent.is_Integer:
            return args[0] ** int(exponent)
        if exponent == sympy.Rational(1, 2):
            return args[0].sqrt()
        return args[0] ** args[1]
    if isinstance(expr, sympy.Abs):
        return abs(args[0])
    if isinstance(expr, (sympy.Max, sympy.Min)):
        pick = max if isinstance(expr, sympy.Max) else min
        out = args[0]
        for a in args[1:]:
            out = Ball.max(out, a) if pick is max else Ball.min(out, a)
        return out
    name = _FUNCTIONS.get(type(expr))
    if name is None:
        raise InvalidArgument(f"cannot enclose {type(expr).__name__} ({expr}) in ball arithmetic")
    return getattr(args[0], name)()


def ball_bounds(ball) -> tuple:
    """The exact rational end points ``(mid - rad, mid + rad)`` of an arb ball."""
    if not ball.is_finite():
        raise BudgetExceeded(f"ball {ball} is not finite")
    mid, rad = _point(ball.mid()), _point(ball.rad())
    return mid - rad, mid + rad


def _point(point) -> MPQ:
    man, exp = (int(v) for v in point.man_exp())
    return MPQ(man * 2**exp) if exp >= 0 else MPQ(man, 2**-exp)


def sign(expr) -> int:
    """The sign (-1, 0 or 1) of a numeric sympy expression, decided rigorously.

    Raises
    ------
    BudgetExceeded
        When neither ball arithmetic up to ``PRECISIONS[-1]`` bits nor sympy's exact zero
        test decides it.

    Examples
    --------
    >>> import sympy
    >>> sign(sympy.sqrt(2) - sympy.Rational(99, 70)), sign(sympy.sqrt(8) - 2 * sympy.sqrt(2))
    (-1, 0)
    """
    expr = sympy.sympify(expr)
    if expr.is_Rational:
        return int(bool(expr > 0)) - int(bool(expr < 0))
    for prec in PRECISIONS:
        lo, hi = ball_bounds(to_ball(expr, prec))
        if lo > 0:
            return 1
        if hi < 0:
            return -1
    if expr.equals(0):
        return 0
    raise BudgetExceeded(f"could not decide the sign of {expr} (balls up to {PRECISIONS[-1]} bits contain 0)")


def is_le(lhs, rhs) -> bool:
    """``lhs <= rhs`` for numeric sympy expressions (or exact numbers), decided rigorously."""
    return sign(to_sympy(rhs) - to_sympy(lhs)) >= 0


def rational_bounds(expr, bits: int = 64) -> tuple:
    """Rationals ``(lo, hi)`` with ``lo <= expr <= hi`` and ``hi - lo <= 2^-bits`` (exact if rational)."""
    expr = sympy.sympify(expr)
    if expr.is_Rational:
        q = from_sympy(expr)
        return q, q
    for prec in PRECISIONS:
        lo, hi = ball_bounds(to_ball(expr, prec + bits))
        if hi - lo <= MPQ(1, 2**bits):
            return lo, hi
    raise BudgetExceeded(f"could not enclose {expr} to 2^-{bits}")


def floor_of(ball_at, exact=None) -> int:
    """``floor(y)`` decided rigorously.

    ``ball_at(prec)`` returns an arb ball containing ``y``; ``exact`` (optional) returns a
    sympy expression equal to ``y``, used only when every ball contains an integer.
    """
    for prec in PRECISIONS:
        lo, hi = ball_bounds(ball_at(prec))
        if int(lo.numerator // lo.denominator) == int(hi.numerator // hi.denominator) and not _is_int(hi):
            return int(lo.numerator // lo.denominator)
    if exact is None:
        raise BudgetExceeded("floor undecided: the value is within 2^-16384 of an integer and no exact form was given")
    y = exact()
    k = int(sympy.floor(y.evalf(50)))
    for candidate in (k + 1, k, k - 1):
        if sign(y - candidate) >= 0:
            return candidate
    raise BudgetExceeded(f"floor of {y} undecided")


def _is_int(q) -> bool:
    return q.denominator == 1
