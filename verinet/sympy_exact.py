"""verinet's exact rationals convert exactly into sympy, whatever sympy's ground types.

Under sympy's python or flint ground types, ``sympy.sympify(gmpy2.mpq(1, 16384))`` silently
becomes a ``Float`` (gmpy2's ``mpq`` has ``__float__``) and ``sympy.Rational(mpq)`` raises.
Registering the conversion in sympy's documented extension point
(``sympy.core.sympify.converter``) makes both exact: ``sympify(q) == Rational(p, q)``.
``fractions.Fraction(q)`` is exact already (``mpq`` is a ``numbers.Rational``).

:func:`register` is called by the modules through which verinet loads sympy
(:mod:`verinet.expressions`, :mod:`verinet.reals`, :mod:`verinet.balls`) and, when sympy is
loaded before verinet, by ``import verinet``.
"""

import sympy
from sympy.core.sympify import converter

from ._backend import MPQ, MPZ

__all__ = ["rational_to_sympy", "register"]


def rational_to_sympy(value) -> sympy.Rational:
    """``value`` (``mpq`` or ``mpz``) as the equal ``sympy.Rational``."""
    return sympy.Rational(int(value.numerator), int(value.denominator))


def register() -> None:
    """Make ``sympy.sympify`` and ``sympy.Rational`` read ``mpq`` and ``mpz`` exactly."""
    converter[MPQ] = rational_to_sympy
    converter[MPZ] = rational_to_sympy
