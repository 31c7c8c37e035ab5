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

from ._backend import MPQ
from . import sympy_exact
from .balls import ball_bounds, enclose
from .errors import BudgetExceeded, InvalidArgument
from .expressions import parse_number
from .numbers import as_rational

__all__ = ["sign", "is_le", "floor_of", "rational_bounds", "to_sympy", "from_sympy", "exact_number", "PRECISIONS"]

# Working precisions (bits) tried in turn before falling back to sympy's exact zero test.
PRECISIONS = (64, 256, 1024, 4096, 16384)


def to_sympy(value):
    """An exact number (sympy, ``MPQ``, int, ``Fraction``) as a sympy number; strings are refused
    (they are read by :func:`exact_number`)."""
    if isinstance(value, sympy.Basic):
        return value
    if isinstance(value, str):
        raise InvalidArgument(f"{value!r} is a string, not a number; read it with exact_number")
    return sympy_exact.rational_to_sympy(as_rational(value))


def exact_number(value, name: str):
    """A user-given exact number as sympy: sympy numbers as they are, strings read by the safe
    parser (``"3/40"``, ``"sqrt(2)"``, :func:`~verinet.expressions.parse_number`), anything else
    through :func:`~verinet.numbers.as_rational`.

    Raises
    ------
    InvalidArgument
        For floats, non-numbers and unreadable strings, naming ``name``.
    """
    if isinstance(value, str):
        value = parse_number(value, name)
    if not isinstance(value, sympy.Basic):
        return to_sympy(as_rational(value, name))
    if not value.is_number or value.atoms(sympy.Float):
        raise InvalidArgument(f"{name}={value!r} must be an exact number")
    return value


def from_sympy(value) -> MPQ:
    """A sympy rational as ``MPQ``; ``InvalidArgument`` for anything else."""
    value = to_sympy(value)
    if not value.is_Rational:
        raise InvalidArgument(f"{value} is not a rational number")
    return MPQ(int(value.p), int(value.q))


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
    expr = to_sympy(expr)
    if expr.is_Rational:
        return int(bool(expr > 0)) - int(bool(expr < 0))
    for prec in PRECISIONS:
        lo, hi = ball_bounds(enclose(expr, prec))
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
    expr = to_sympy(expr)
    if expr.is_Rational:
        q = from_sympy(expr)
        return q, q
    for prec in PRECISIONS:
        lo, hi = ball_bounds(enclose(expr, prec + bits))
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
