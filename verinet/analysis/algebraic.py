"""Exact real algebraic numbers for the breakpoints and maximisers of piecewise-polynomial forms.

Representation
--------------
A real point is either an ``MPQ`` or a :class:`RealAlgebraic`: the ``index``-th real root
(counted from 0 in increasing order, as sympy's ``CRootOf(poly, index)``) of an *irreducible*
polynomial ``poly`` over Q of degree ``>= 2``, with an isolating rational interval
``lo < root < hi``.  Irreducible of degree ``>= 2`` means the root is simple and irrational,
so ``poly(lo)`` and ``poly(hi)`` are non-zero of opposite signs, and bisection
(:meth:`RealAlgebraic.refine`, exact signs of ``poly`` at rationals) shrinks the interval
while keeping the root inside.  The pair ``(poly, index)`` names the number exactly: two
:class:`RealAlgebraic` are equal iff their polynomials (made primitive) and indices are equal.

Lemma (comparison terminates).  Two distinct reals ``s != t`` of this kind have disjoint
isolating intervals after finitely many bisections, since the widths halve and
``|s - t| > 0``; a rational ``q`` is never equal to an irrational root.  Hence
:func:`compare` decides ``<, =, >`` exactly.

Isolating intervals come from sympy's ``Poly.intervals`` (exact rational isolation of the real
roots, Vincent-Akritas-Strzebonski), never from floats.
"""

import math
from functools import cmp_to_key

import sympy

from .._backend import MPQ, QPoly
from ..balls import flint_rational

__all__ = ["RealAlgebraic", "compare", "sort_points", "real_roots", "rational_between", "sign_on", "qpoly", "poly_range", "value_at", "to_sympy"]

_X = sympy.Symbol("x")


def _q(value) -> MPQ:
    return MPQ(int(value.p), int(value.q))


def _primitive(poly: QPoly) -> tuple:
    """Integer coefficients (constant first) of ``poly`` made primitive with positive leading term."""
    numer = [int(c) for c in poly.numer().coeffs()]
    g = math.gcd(*numer)
    sign = -1 if numer[-1] < 0 else 1
    return tuple(sign * c // g for c in numer)


class RealAlgebraic:
    """The ``index``-th real root of the irreducible integer polynomial ``coeffs`` (constant first).

    ``lo``, ``hi`` (``MPQ``) isolate it: ``lo < root < hi`` and no other root of ``coeffs`` lies
    in ``[lo, hi]``.  Build them with :func:`real_roots`.
    """

    __slots__ = ("coeffs", "index", "lo", "hi", "_poly")

    def __init__(self, coeffs: tuple, index: int, lo, hi):
        self.coeffs, self.index, self.lo, self.hi = tuple(coeffs), index, MPQ(lo), MPQ(hi)
        self._poly = QPoly(list(self.coeffs))

    def _sign(self, x) -> int:
        v = self._poly(flint_rational(x))
        return (v > 0) - (v < 0)

    def refine(self) -> None:
        """Halve the isolating interval (exact bisection; the midpoint is never the root)."""
        m = (self.lo + self.hi) / 2
        if self._sign(m) == self._sign(self.lo):
            self.lo = m
        else:
            self.hi = m

    def __eq__(self, other):
        return isinstance(other, RealAlgebraic) and self.coeffs == other.coeffs and self.index == other.index

    def __hash__(self):
        return hash((self.coeffs, self.index))

    def to_sympy(self):
        """The exact number as sympy ``CRootOf(poly, index)``."""
        return sympy.CRootOf(sum(c * _X**i for i, c in enumerate(self.coeffs)), self.index)

    def __str__(self):
        poly = " + ".join(f"({c})*x^{i}" for i, c in enumerate(self.coeffs) if c)
        return f"root #{self.index} of {poly} in [{self.lo}, {self.hi}]"

    __repr__ = __str__


def compare(s, t) -> int:
    """``-1, 0, 1`` as ``s <, =, > t`` for points that are ``MPQ`` or :class:`RealAlgebraic` (exact)."""
    if not isinstance(s, RealAlgebraic) and not isinstance(t, RealAlgebraic):
        return (s > t) - (s < t)
    if s == t:
        return 0
    while True:
        s_lo, s_hi = _bounds(s)
        t_lo, t_hi = _bounds(t)
        if s_hi < t_lo:
            return -1
        if t_hi < s_lo:
            return 1
        for p in (s, t):
            if isinstance(p, RealAlgebraic):
                p.refine()


def _bounds(p) -> tuple:
    return (p.lo, p.hi) if isinstance(p, RealAlgebraic) else (p, p)


def rational_between(s, t) -> MPQ:
    """A rational strictly between points ``s < t``."""
    while True:
        upper_s, lower_t = _bounds(s)[1], _bounds(t)[0]
        if upper_s < lower_t:
            return (upper_s + lower_t) / 2
        for p in (s, t):
            if isinstance(p, RealAlgebraic):
                p.refine()


def sign_on(p: QPoly, l, r) -> int:
    """The sign (``1`` or ``-1``) of a non-zero ``p`` on ``(l, r)``, where it does not change sign.

    Read at a rational interior point where ``p != 0``; a root of even multiplicity there
    moves the search to its left, and ``p`` has finitely many roots.
    """
    while True:
        m = rational_between(l, r)
        v = p(flint_rational(m))
        if v != 0:
            return 1 if v > 0 else -1
        r = m


def qpoly(coeffs) -> QPoly:
    """Exact coefficients (constant first) as a python-flint ``fmpq_poly``."""
    return QPoly([flint_rational(c) for c in coeffs])


def sort_points(points) -> list:
    """``points`` in increasing order (exact comparisons)."""
    return sorted(points, key=cmp_to_key(compare))


def _irreducible_roots(factor: QPoly) -> list:
    if factor.degree() == 1:
        c0, c1 = factor.coeffs()
        return [-MPQ(int(c0.p), int(c0.q)) / MPQ(int(c1.p), int(c1.q))]
    coeffs = _primitive(factor)
    poly = sympy.Poly(list(reversed(coeffs)), _X, domain="QQ")
    return [RealAlgebraic(coeffs, i, _q(lo), _q(hi)) for i, ((lo, hi), _) in enumerate(poly.intervals())]


def real_roots(poly: QPoly, l, r, odd_only: bool = False) -> list:
    """The distinct real roots of ``poly`` strictly inside ``(l, r)``, increasing, exactly.

    ``odd_only``: only the roots of odd multiplicity (where ``poly`` changes sign).
    The zero polynomial and constants have none.
    """
    if poly.degree() < 1:
        return []
    _, factors = poly.factor()
    roots = []
    for factor, multiplicity in factors:
        if odd_only and multiplicity % 2 == 0:
            continue
        roots += [t for t in _irreducible_roots(factor) if compare(l, t) < 0 and compare(t, r) < 0]
    return sort_points(roots)


def poly_range(poly: QPoly, lo, hi) -> tuple:
    """Rational ``(m, M)`` with ``m <= poly(x) <= M`` for all ``x`` in ``[lo, hi]`` (interval Horner)."""
    a, b = MPQ(0), MPQ(0)
    for c in reversed(poly.coeffs()):
        products = (a * lo, a * hi, b * lo, b * hi)
        c = MPQ(int(c.p), int(c.q))
        a, b = min(products) + c, max(products) + c
    return a, b


def value_at(poly: QPoly, point, tolerance) -> tuple:
    """``(lower, upper, exact)`` for ``poly(point)``: rationals with ``upper - lower <= tolerance``
    (``exact`` the rational value when ``point`` is rational or ``poly`` vanishes there, else None).

    Refines ``point`` (a :class:`RealAlgebraic`) by bisection until the interval Horner range is
    narrow enough; this terminates because the range's width is ``O(hi - lo)``.
    """
    if not isinstance(point, RealAlgebraic):
        v = _q(poly(flint_rational(point)))
        return v, v, v
    if poly.degree() < 0 or (poly % point._poly).degree() < 0:
        return MPQ(0), MPQ(0), MPQ(0)
    while True:
        lo, hi = poly_range(poly, point.lo, point.hi)
        if hi - lo <= tolerance:
            return lo, hi, None
        point.refine()


def to_sympy(point):
    """The exact point as a sympy number."""
    if isinstance(point, RealAlgebraic):
        return point.to_sympy()
    return sympy.Rational(int(point.numerator), int(point.denominator))
