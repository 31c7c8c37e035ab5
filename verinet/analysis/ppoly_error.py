"""Exact sup and L^p errors of a 1-D piecewise-polynomial form against a polynomial target.

Main statements
---------------
For ``phi`` a :class:`~verinet.analysis.ppoly1d.PPolyForm` on ``[a, b]`` and ``f`` piecewise
polynomial over Q (:class:`~verinet.analysis.targets.PiecewisePolynomial`), on each segment
``[l, r]`` between consecutive breakpoints of ``phi`` and cuts of ``f`` the error
``e = phi - f`` is one polynomial over Q.  Then

* ``sup_{[l, r]} |e|`` is attained at ``l``, ``r`` or a real root of ``e'`` in ``(l, r)``
  (Fermat); the roots are isolated exactly (:mod:`.algebraic`);
* ``int_l^r |e|^p = sum_i s_i (F(c_{i+1}) - F(c_i))`` with ``F`` an antiderivative of ``e^p``,
  ``c_i`` the points ``l``, the roots of odd multiplicity of ``e`` in ``(l, r)``, ``r``, and
  ``s_i`` the sign of ``e^p`` on ``(c_i, c_{i+1})`` (``+1`` for even ``p``).  Every integer
  ``p >= 1`` is exact.

Which numbers are exact
-----------------------
When every point involved is rational the results are exact rationals (``exact=True``, as in
:mod:`.error`).  When a maximiser, a breakpoint or a sign change is an irrational algebraic
number, ``exact=False`` and

* ``lower``, ``upper`` are *rational* bounds with ``upper - lower <= tolerance`` (default
  ``2^-64``), from interval Horner evaluation on the exact isolating intervals;
* ``value`` is the exact number as a sympy expression in ``CRootOf`` (a polynomial over Q at
  real algebraic points), when the maximiser is decided; for the sup it is ``None`` when two
  candidates could not be separated within the tolerance (possibly equal values), and the
  notes say so.
"""

import sympy

from .._backend import MPQ, QPoly, integer_root
from ..errors import InvalidArgument
from ..numbers import as_rational
from .algebraic import RealAlgebraic, compare, qpoly, rational_between, real_roots, sign_on, to_sympy, value_at
from .budget import as_budget
from .error import ErrorResult
from .ppoly1d import PPolyForm
from .targets import PiecewisePolynomial, as_target

__all__ = ["poly_sup_error", "poly_lp_error"]

_X = sympy.Symbol("x")


def _check(form, target, tolerance):
    if not isinstance(form, PPolyForm):
        raise InvalidArgument(f"form={form!r} must be a PPolyForm (see piecewise_polynomial_form)")
    target = as_target(target)
    if not isinstance(target, PiecewisePolynomial):
        raise InvalidArgument(f"target {target} is not piecewise polynomial over Q; the exact errors of a "
                              "piecewise-polynomial form need one")
    tolerance = MPQ(1, 2**64) if tolerance is None else as_rational(tolerance, "tolerance")
    if tolerance <= 0:
        raise InvalidArgument(f"tolerance={tolerance} must be > 0")
    return target, tolerance


def _segments(form: PPolyForm, target: PiecewisePolynomial):
    """Yield ``(l, r, e)``: consecutive segments and the error polynomial ``phi - f`` there."""
    for j in range(form.pieces):
        l, r = form.breakpoints[j], form.breakpoints[j + 1]
        cuts = [c for c in target.cuts if _strictly_inside(c, l, r)]
        for u, v in zip([l, *cuts], [*cuts, r]):
            f = target.polys[target.piece_index(rational_between(u, v))]
            yield u, v, form.piece_poly(j) - qpoly(f)


def _strictly_inside(c, l, r) -> bool:
    return compare(l, c) < 0 and compare(c, r) < 0


def _sympy_poly(e: QPoly, point):
    t = to_sympy(point)
    return sum((sympy.Rational(int(c.p), int(c.q)) * t**i for i, c in enumerate(e.coeffs())), sympy.Integer(0))


def _rational_sympy(q):
    return sympy.Rational(int(q.numerator), int(q.denominator))


def poly_sup_error(form: PPolyForm, target, tolerance=None, budget=None) -> ErrorResult:
    """``sup_{[a,b]} |phi - f|`` for a piecewise-polynomial form and a polynomial target.

    Returns
    -------
    ErrorResult
        ``exact=True`` with a rational ``value`` and witness when the maximum is at a rational
        point; otherwise rational ``lower``/``upper`` within ``tolerance``, the witness a
        :class:`~verinet.analysis.algebraic.RealAlgebraic` (or rational) point, and ``value`` the
        exact algebraic maximum as a sympy expression when the maximiser is decided.

    Raises
    ------
    InvalidArgument
        For a target that is not piecewise polynomial over Q or a non-positive tolerance.

    Examples
    --------
    >>> from verinet.analysis.ppoly1d import PPolyForm
    >>> phi = PPolyForm([0, 1], [(0, 0, 1)])
    >>> r = poly_sup_error(phi, "x**2 - x/2")
    >>> r.exact, str(r.value), str(r.witness)
    (True, '1/2', '1')
    """
    target, tolerance = _check(form, target, tolerance)
    budget = as_budget(budget)
    candidates = []  # (lower, upper, exact value or None, point, e)
    for l, r, e in _segments(form, target):
        for point in (l, r, *real_roots(e.derivative(), l, r)):
            lo, hi, exact = value_at(e, point, tolerance)
            if exact is not None:
                lo = hi = exact = abs(exact)
            elif lo < 0 < hi:  # e(point) != 0 (checked in value_at), so refinement separates it from 0
                while lo < 0 < hi:
                    point.refine()
                    lo, hi, _ = value_at(e, point, tolerance)
            if exact is None and hi < 0:
                lo, hi = -hi, -lo
            candidates.append((lo, hi, exact, point, e))
        budget.check_time(f"sup error: segment [{l}, {r}]")
    lower = max(c[0] for c in candidates)
    upper = max(c[1] for c in candidates)
    contenders = [c for c in candidates if c[1] >= lower]
    exact_best = [c for c in contenders if c[2] is not None and c[2] == lower]
    if exact_best and upper == lower:
        best = exact_best[0]
        return ErrorResult("sup", True, best[2], best[2], best[2], best[3])
    if len(contenders) == 1 or all(c[3] == contenders[0][3] for c in contenders):
        lo, hi, _, point, e = contenders[0]
        sign = 1 if value_at(e, point, tolerance)[0] > 0 else -1
        value = sign * _sympy_poly(e, point)
        return ErrorResult("sup", False, value, lo, hi, point,
                           notes=(f"the maximiser is an irrational algebraic point; value = {value} exactly, "
                                  f"lower/upper are rational bounds within {tolerance}",))
    return ErrorResult("sup", False, None, lower, upper, max(contenders, key=lambda c: c[0])[3],
                       notes=(f"several candidate maxima agree within {tolerance}; lower/upper are rational bounds",))


def poly_lp_error(form: PPolyForm, target, p, tolerance=None, budget=None) -> ErrorResult:
    """``||phi - f||_{L^p[a,b]}`` for an integer ``p >= 1``, exactly.

    Returns
    -------
    ErrorResult
        ``power = int |phi - f|^p``.  All points rational: ``exact=True``, ``power`` rational and
        ``value = power^(1/p)`` a sympy number.  Otherwise ``exact=False``: ``power`` is the
        exact sympy expression (``CRootOf`` terms), ``value = power^(1/p)`` likewise, and
        ``lower``/``upper`` rational bounds of the norm (the power is bracketed within
        ``tolerance``).  The witness is the segment contributing most (its lower bound).

    Raises
    ------
    InvalidArgument
        For ``p`` not an int ``>= 1``, a non-polynomial target or a non-positive tolerance.

    Examples
    --------
    >>> from verinet.analysis.ppoly1d import PPolyForm
    >>> r = poly_lp_error(PPolyForm([0, 1], [(0, 0, 1)]), "x", 1)
    >>> r.exact, str(r.power)
    (True, '1/6')
    """
    if type(p) is not int or p < 1:
        raise InvalidArgument(f"p={p!r} must be an int >= 1")
    target, tolerance = _check(form, target, tolerance)
    budget = as_budget(budget)
    terms = []  # (sign, antiderivative, point): contributes sign * F(point)
    segments = []
    for l, r, e in _segments(form, target):
        cuts = [l, *(real_roots(e, l, r, odd_only=True) if p % 2 else []), r]
        F = (e**p).integral()
        start = len(terms)
        for u, v in zip(cuts, cuts[1:]):
            s = 1 if p % 2 == 0 or sign_on(e, u, v) > 0 else -1
            terms += [(s, F, v), (-s, F, u)]
        segments.append(((l, r), start, len(terms)))
        budget.check_time(f"L^{p} error: segment [{l}, {r}]")
    share = tolerance / max(len(terms), 1)
    bounds = []
    for s, F, point in terms:
        lo, hi, _ = value_at(F, point, share)
        bounds.append((s * lo, s * hi) if s > 0 else (s * hi, s * lo))
    low, high = sum(b[0] for b in bounds), sum(b[1] for b in bounds)
    worst = max(segments, key=lambda seg: sum(b[0] for b in bounds[seg[1]:seg[2]]))[0]
    if all(not isinstance(t[2], RealAlgebraic) for t in terms):
        value = sympy.root(_rational_sympy(low), p)
        return ErrorResult(f"L^{p}", True, value, value, value, worst, power=low)
    power = sympy.Add(*(s * _sympy_poly(F, point) for s, F, point in terms))
    lower, upper = _root_bounds(max(low, MPQ(0)), high, p)
    return ErrorResult(f"L^{p}", False, sympy.root(power, p), lower, upper, worst, power=power,
                       notes=(f"irrational algebraic breakpoints or sign changes: power = int |phi - f|^{p} is the exact "
                              f"sympy expression, bracketed within {tolerance}; lower/upper bound the norm",))


def _root_bounds(lo, hi, p, bits=64):
    """Rationals ``L <= lo^(1/p)`` and ``U >= hi^(1/p)`` at resolution ``2^-bits``."""
    scale = 2 ** (bits * p)
    down = integer_root(int(lo * scale), p)
    up = integer_root(int(-(-hi * scale // 1)), p) + 1
    return MPQ(down, 2**bits), MPQ(up, 2**bits)
