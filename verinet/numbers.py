"""The exactness boundary: every number entering verinet passes through here.

Accepted exactly: ``int``, ``fractions.Fraction``, gmpy2 ``mpq``/``mpz`` and decimal or
fraction strings (``"3/7"``, ``"-0.125"``, ``"1e-3"``).  A ``float`` is rejected: mixing a
float into exact arithmetic does not fail loudly (``Fraction(1, 2) + 0.5`` is the float
``1.0``), so the only way in for a float is the explicit :func:`from_float`.
"""

import math
import numbers
import re
import sys
from fractions import Fraction

from ._backend import MPQ, MPZ
from .errors import InvalidArgument

__all__ = ["as_rational", "as_rationals", "parse_integer", "from_float", "rational_str", "parse_vector",
           "MAX_EXPONENT", "decimal_bound", "scientific"]

# |k| for a decimal exponent "1e<k>" here and, in verinet.expressions, for a numeric power
# x**k: 10**10000 has 33,220 bits, while "1e999999999" would effectively hang.
MAX_EXPONENT = 10_000


def as_rational(value, name: str = "value") -> MPQ:
    """Return ``value`` as an exact backend rational, or raise ``InvalidArgument``.

    Parameters
    ----------
    value : int, Fraction, mpq, mpz, numpy or sympy integer, sympy.Rational, or str
        The number.  Strings may be integers, fractions ``"p/q"`` or decimals with an
        optional exponent; they are read exactly.
    name : str
        How the value is called in error messages (a parameter or node name).

    Raises
    ------
    InvalidArgument
        For floats (use :func:`from_float`), bools, NaN/inf, unparsable strings, strings
        with characters other than ASCII (other scripts' digits such as ``'٣'`` are not
        read) and decimal exponents beyond :data:`MAX_EXPONENT`.

    Examples
    --------
    >>> str(as_rational("-0.125")), str(as_rational("3/6")), str(as_rational("1e-3"))
    ('-1/8', '1/2', '1/1000')
    """
    kind = type(value)
    if kind is MPQ:
        return value
    if kind is int or kind is MPZ:
        return MPQ(value)
    if kind is Fraction:
        return MPQ(value.numerator, value.denominator)
    if kind is str:
        return _parse(value, name)
    if isinstance(value, float):
        raise InvalidArgument(
            f"{name}={value!r} is a float; pass an exact number (int, Fraction, 'p/q' string) "
            f"or use verinet.from_float() for the float's exact binary value"
        )
    if isinstance(value, bool):
        raise InvalidArgument(f"{name}={value!r} is a bool, not a number")
    if isinstance(value, numbers.Integral):  # int subclasses, numpy and sympy integers
        return MPQ(int(value))
    if isinstance(value, numbers.Rational):  # sympy.Rational and other registered exact rationals
        return MPQ(int(value.numerator), int(value.denominator))
    raise InvalidArgument(
        f"{name}={value!r} of type {kind.__name__} is not an exact number "
        f"(expected int, Fraction, sympy.Rational, mpq or a string such as '3/7'; for a float use "
        f"verinet.from_float())"
    )


# Integers and "p/q" with q != 0, read by the backend: ``Fraction()`` refuses numbers of
# more than ``sys.get_int_max_str_digits()`` (4300) digits, and files hold bigger ones.
_INTEGER_OR_FRACTION = re.compile(r"-?[0-9]+(/0*[1-9][0-9]*)?")
_EXPONENT = re.compile(r"[eE]\s*[+-]?([0-9]+(?:_[0-9]+)*)\s*$")  # group 1: |k|, as Fraction reads it
_INTEGER = re.compile(r"[+-]?[0-9]+")


def _ascii(text: str, name: str) -> str:
    """``text`` stripped, if it is ASCII; else ``InvalidArgument`` naming the first other character.

    ``int()`` and ``Fraction()`` read the digits of every script (``int('٣') == 3``), which
    would let ``'1e٩٩٩٩٩٩٩٩٩'`` past the exponent bound; verinet reads ASCII only.
    """
    for ch in text:
        if not ch.isascii():
            raise InvalidArgument(
                f"{name}={_short(text)} contains the non-ASCII character {ch!r} (U+{ord(ch):04X}); "
                f"numbers are read from the ASCII digits 0-9 only"
            )
    return text.strip()


def _parse(text: str, name: str) -> MPQ:
    stripped = _ascii(text, name)
    if _INTEGER_OR_FRACTION.fullmatch(stripped):
        return MPQ(stripped)
    exponent = _EXPONENT.search(stripped)
    # |k| compared as a digit string first: int() refuses more than 4300 digits.
    digits = exponent.group(1).replace("_", "").lstrip("0") if exponent else ""
    if len(digits) > len(str(MAX_EXPONENT)) or int(digits or 0) > MAX_EXPONENT:
        raise InvalidArgument(
            f"{name}={_short(text)}: decimal exponent beyond verinet.numbers.MAX_EXPONENT = {MAX_EXPONENT} "
            f"(write the number as an integer or 'p/q')"
        )
    try:
        fraction = Fraction(stripped)
    except ZeroDivisionError:
        raise InvalidArgument(f"{name}={_short(text)} is not an exact number (its denominator is zero)") from None
    except ValueError:
        raise InvalidArgument(f"{name}={_short(text)} is not an exact number "
                              f"(expected an integer, 'p/q' or a decimal such as '-1.5e-3')") from None
    return MPQ(fraction.numerator, fraction.denominator)


def _short(text: str) -> str:
    """``repr(text)``, cut to 60 characters, for error messages."""
    shown = repr(text)
    return shown if len(shown) <= 60 else shown[:57] + "..."


def parse_integer(text: str, name: str = "value") -> int:
    """The ``int`` written in ``text``: ASCII digits with an optional sign (spaces around allowed).

    Raises
    ------
    InvalidArgument
        Naming ``name`` and the text, for anything else (other scripts' digits, underscores,
        ``'1e3'``, ``'2.0'``) and for more digits than Python reads (``sys.get_int_max_str_digits()``).

    Examples
    --------
    >>> parse_integer(" -12 ", "n")
    -12
    """
    if not isinstance(text, str):
        raise InvalidArgument(f"{name}={text!r} must be a decimal string")
    stripped = _ascii(text, name)
    if not _INTEGER.fullmatch(stripped):
        raise InvalidArgument(f"{name}={_short(text)} must be an integer (ASCII digits 0-9 with an optional sign)")
    try:
        return int(stripped)
    except ValueError:  # beyond Python's limit on the digits of a decimal string
        raise InvalidArgument(f"{name}: an integer of {len(stripped)} digits is beyond the "
                              f"{sys.get_int_max_str_digits()} digits verinet reads") from None


def as_rationals(values, name: str = "values") -> tuple:
    """Convert every entry of an iterable with :func:`as_rational`, naming the index at fault."""
    if isinstance(values, (str, bytes)):
        raise InvalidArgument(f"{name}={values!r} must be a sequence of numbers, not a string")
    try:
        items = list(values)
    except TypeError:
        raise InvalidArgument(f"{name}={values!r} is not a sequence of numbers") from None
    return tuple(as_rational(v, f"{name}[{i}]") for i, v in enumerate(items))


def from_float(value: float) -> MPQ:
    """The exact rational value of a binary float (a dyadic rational).

    Beware that ``from_float(0.3) != Fraction(3, 10)``: the float nearest to 0.3 is
    ``5404319552844595/18014398509481984``.

    Raises
    ------
    InvalidArgument
        For NaN and infinities, which have no rational value.

    Examples
    --------
    >>> str(from_float(0.375)), str(from_float(0.1))
    ('3/8', '3602879701896397/36028797018963968')
    """
    if not isinstance(value, float):
        raise InvalidArgument(f"from_float expects a float, got {value!r} of type {type(value).__name__}")
    if not math.isfinite(value):
        raise InvalidArgument(f"{value!r} has no exact rational value")
    numerator, denominator = value.as_integer_ratio()
    return MPQ(numerator, denominator)


def rational_str(value) -> str:
    """``'p/q'`` (or ``'p'`` for integers): the form used in files, certificates and the CLI."""
    return str(value)


def decimal_bound(q, up: bool, digits: int = 6) -> str:
    """The exact rational ``q`` rounded to ``digits`` decimals, up or down, written exactly: a
    readable bound that stays a bound (``decimal_bound(MPQ(1, 3), up=True) == '0.333334'``)."""
    q = as_rational(q)
    scaled = q * 10**digits
    n = -(-scaled.numerator // scaled.denominator) if up else scaled.numerator // scaled.denominator
    whole, frac = divmod(abs(int(n)), 10**digits)
    return f"{'-' if n < 0 else ''}{whole}.{frac:0{digits}d}"


def scientific(q, digits: int = 6) -> str:
    """``q`` in scientific notation with ``digits`` significant digits, truncated towards zero:
    a reading aid next to a long exact number, never a value to compute with (exact integer
    arithmetic throughout).

    Examples
    --------
    >>> scientific(MPQ(7) ** 200), scientific(MPQ(-1, 3)), scientific(MPQ(1, 10**40))
    ('1.04618e169', '-3.33333e-1', '1.00000e-40')
    """
    q = as_rational(q)
    if q == 0:
        return "0"
    a = abs(q)
    # log10(2) > 0.30102: a first guess of floor(log10 a), then corrected exactly
    e = ((a.numerator.bit_length() - a.denominator.bit_length()) * 30102) // 100000
    while a >= MPQ(10) ** (e + 1):
        e += 1
    while a < MPQ(10) ** e:
        e -= 1
    scaled = a * MPQ(10) ** (digits - 1 - e)
    mantissa = str(scaled.numerator // scaled.denominator)
    return f"{'-' if q < 0 else ''}{mantissa[0]}.{mantissa[1:]}e{e}"


def parse_vector(text: str, name: str = "point") -> tuple:
    """Parse ``"x1,x2,..."`` into a tuple of rationals, naming the coordinate at fault."""
    parts = [p for p in text.split(",")]
    if not text.strip() or any(not p.strip() for p in parts):
        raise InvalidArgument(f"{name}={text!r} must be comma-separated numbers like '1/3,0.5'")
    return tuple(as_rational(p, f"{name}[{i}]") for i, p in enumerate(parts))
