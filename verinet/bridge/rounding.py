"""Correct rounding of an exact rational to IEEE 754 binary32 / binary64.

Main statement
--------------
:func:`round_rational` returns ``fl(q)``, the float of the target format nearest to the
rational ``q`` (ties to the even significand), rounded **once**, directly from ``q``.

Rounding to float64 first and then to float32 is *not* the same: a rational just above a
float32 midpoint can round to float64 exactly *onto* the midpoint, and the second rounding
then ties to even, away from the correct neighbour (DESIGN.md: about half of near-midpoint
cases).  Everything here is integer arithmetic, so it is exact for any ``q``.

Derivation (binary format with precision ``p`` and minimum normal exponent ``emin``):

* write ``|q| = a / b`` and let ``e = floor(log2 |q|)``, so ``2^e <= |q| < 2^(e+1)``;
* the floats near ``|q|`` are the multiples of the quantum ``2^u`` with
  ``u = max(e, emin) - (p - 1)`` (for ``e < emin`` the subnormal quantum ``2^(emin-p+1)``);
* ``m = floor(|q| / 2^u)`` and the remainder ``r = |q| / 2^u - m`` in ``[0, 1)`` decide:
  round up when ``r > 1/2``, or ``r = 1/2`` and ``m`` is odd;
* ``m`` may become ``2^p`` after rounding up: ``m 2^u = 2^(e+1)`` is still a float;
* the result overflows to infinity when ``m 2^u >= 2^(emax+1)`` (IEEE 754 section 7.4:
  round-to-nearest sends exactly the values ``|q| >= 2^emax (2 - 2^-p)`` there).

References
----------
IEEE 754-2019, sections 3.4 (binary formats), 4.3.1 (roundTiesToEven), 7.4 (overflow).
N. J. Higham, *Accuracy and Stability of Numerical Algorithms*, 2nd ed., section 2.1.
"""

import math
from dataclasses import dataclass

from .._backend import MPQ
from ..errors import InvalidArgument
from ..numbers import as_rational, from_float

__all__ = ["FloatFormat", "FORMATS", "float_format", "round_rational", "rounding_error", "unit_roundoff"]


@dataclass(frozen=True)
class FloatFormat:
    """An IEEE binary format: ``precision`` significand bits, normal exponents ``emin..emax``."""

    name: str
    precision: int
    emin: int
    emax: int

    @property
    def smallest_subnormal(self) -> MPQ:
        """``2^(emin - p + 1)``, the quantum of the subnormal range."""
        return MPQ(1, 2 ** (self.precision - 1 - self.emin))

    @property
    def largest(self) -> MPQ:
        """``(2 - 2^(1-p)) 2^emax``, the largest finite float."""
        return MPQ(2**self.precision - 1, 1) * MPQ(2) ** (self.emax - self.precision + 1)


FORMATS = {
    "float32": FloatFormat("float32", 24, -126, 127),
    "float64": FloatFormat("float64", 53, -1022, 1023),
}


def float_format(dtype) -> FloatFormat:
    """The :class:`FloatFormat` called ``dtype`` ('float32' or 'float64'), or raise."""
    if isinstance(dtype, FloatFormat):
        return dtype
    if dtype not in FORMATS:
        raise InvalidArgument(f"dtype={dtype!r} is not supported; choose one of {sorted(FORMATS)}")
    return FORMATS[dtype]


def unit_roundoff(dtype) -> MPQ:
    """``u = 2^-p``: ``|fl(x) - x| <= u |x|`` for every ``x`` in the normal range."""
    return MPQ(1, 2 ** float_format(dtype).precision)


def _floor_log2(a: int, b: int) -> int:
    """``floor(log2(a / b))`` for positive integers ``a``, ``b``."""
    e = a.bit_length() - b.bit_length()
    # 2^(e-1) < a/b < 2^(e+1); one comparison settles it.
    return e if (a << max(-e, 0)) >= (b << max(e, 0)) else e - 1


def round_rational(value, dtype="float64") -> float:
    """``fl(value)``: the float nearest to the exact rational ``value``, ties to even.

    Parameters
    ----------
    value : int, Fraction, mpq or str
        An exact number (see :func:`verinet.as_rational`); floats are rejected.
    dtype : {'float32', 'float64'}
        The target format.  A float32 result is returned as the Python float of the same
        value (every float32 is a float64).

    Returns
    -------
    float
        The correctly rounded value; ``+-inf`` on overflow, a signed zero on underflow.

    Raises
    ------
    InvalidArgument
        For a float or non-numeric ``value`` or an unknown ``dtype``.

    Examples
    --------
    >>> round_rational("1/3", "float32")
    0.3333333432674408
    >>> round_rational("16777217/16777216", "float32")   # 1 + 2^-24, a tie: to even
    1.0
    >>> from fractions import Fraction
    >>> q = 1 + Fraction(1, 2**24) + Fraction(1, 2**60)  # just above that tie
    >>> round_rational(q, "float32") == 1 + 2**-23      # float64 first would give 1.0
    True
    """
    fmt = float_format(dtype)
    q = as_rational(value, "value")
    a, b = abs(int(q.numerator)), int(q.denominator)
    sign = -1.0 if q < 0 else 1.0
    if a == 0:
        return 0.0
    u = max(_floor_log2(a, b), fmt.emin) - (fmt.precision - 1)
    numerator, denominator = (a << -u, b) if u <= 0 else (a, b << u)
    m, r = divmod(numerator, denominator)
    if 2 * r > denominator or (2 * r == denominator and m % 2 == 1):
        m += 1
    if m.bit_length() + u > fmt.emax + 1:  # m 2^u >= 2^(emax+1)
        return sign * math.inf
    return sign * math.ldexp(m, u)  # exact: m < 2^(p+1) and m 2^u is a float


def rounding_error(value, dtype="float64") -> MPQ:
    """``fl(value) - value``, exactly.

    Raises
    ------
    InvalidArgument
        If ``value`` overflows the format (the error would be infinite), or as
        :func:`round_rational`.

    Examples
    --------
    >>> str(rounding_error("1/3", "float32"))
    '1/100663296'
    """
    q = as_rational(value, "value")
    rounded = round_rational(q, dtype)
    if math.isinf(rounded):
        raise InvalidArgument(f"{q} overflows {float_format(dtype).name}")
    return from_float(rounded) - q
