"""Exact sup and L^p distances between a 1-D piecewise-linear form and a target.

Main statements
---------------
For ``phi`` continuous piecewise linear on ``[a, b]`` and a target ``f``:

* ``sup_error``: ``sup_{[a,b]} |phi - f|``, with a point where it is attained;
* ``lp_error``: ``||phi - f||_{L^p[a,b]} = (int_a^b |phi - f|^p)^(1/p)`` for integer ``p >= 1``.

Exact when ``f`` is piecewise polynomial over Q (:class:`~.targets.PiecewisePolynomial`):
on each segment between consecutive breakpoints of ``phi`` and ``f`` the error
``e = phi - f`` is a polynomial, so ``sup |e|`` is attained at a segment end or at a real
root of ``e'``, and ``int |e|^p`` is the integral of ``+-e^p`` between the real roots of
``e``.  Rational roots are found exactly by factoring over Q (python-flint).  When the
maximiser or a sign change is an irrational algebraic number, the result is a rigorous
enclosure from arb ball arithmetic, labelled ``exact=False``.

For other targets the result is always a rigorous enclosure ``[lower, upper]``, refined by
bisection until ``upper - lower <= tolerance`` (or the budget runs out):

* :class:`~.targets.LipschitzTarget` with constant ``L``: on ``[l, r]`` with midpoint ``m``
  and ``phi`` of slope ``s``, ``e`` is ``(L + |s|)``-Lipschitz, so
  ``| |e(x)| - |e(m)| | <= (L + |s|)(r - l)/2``;
* :class:`~.targets.BallTarget`: an arb enclosure of ``f([l, r])`` against the exact range
  of ``phi`` on ``[l, r]``.

No floats are used; every number reported is an exact rational or sympy number.
"""

import heapq
import math
from itertools import repeat
from operator import add, mul, sub
from dataclasses import dataclass, field

import numpy as np
import sympy

from .._backend import MPQ, Ball, QPoly as fmpq_poly, ZPoly as fmpz_poly
from ..balls import ball_bounds, exact_ball, flint_rational
from ..errors import BudgetExceeded, InvalidArgument
from ..numbers import as_rational, decimal_bound
from .budget import as_budget
from ..int64 import combination, fits, product
from .pwl1d import PWLForm
from .targets import LipschitzTarget, PiecewisePolynomial, as_target

__all__ = ["ErrorResult", "sup_error", "lp_error"]


@dataclass(frozen=True)
class ErrorResult:
    """An error value: exact, or a rigorous enclosure ``lower <= true value <= upper``.

    Attributes
    ----------
    norm : str
        ``"sup"`` or ``"L^p"``.
    exact : bool
        True when ``value`` is the exact error (then ``lower == upper == value``).
    value : MPQ or sympy expression or None
        The exact error (a sympy number for ``L^p``, e.g. ``sqrt(30)/300``).
    lower, upper : MPQ or sympy expression
        Rigorous bounds.
    witness : MPQ or tuple
        For ``sup``: a point ``x`` where ``|phi - f|`` attains ``value`` (exact case) or at
        least ``lower``.  For ``L^p``: the segment ``(l, r)`` contributing most.
    power : MPQ or None
        For ``L^p`` in the exact case: ``int |phi - f|^p`` itself (rational).
    """

    norm: str
    exact: bool
    value: object
    lower: object
    upper: object
    witness: object
    power: object = None
    notes: tuple = field(default=())

    def as_dict(self) -> dict:
        """JSON-ready: every number as an exact string."""
        w = self.witness
        witness = [str(v) for v in w] if isinstance(w, tuple) else (None if w is None else str(w))
        out = {"norm": self.norm, "exact": self.exact, "witness": witness}
        if self.exact:
            out["value"] = str(self.value)
        else:
            out.update(lower=str(self.lower), upper=str(self.upper))
        if self.power is not None:
            out["power"] = str(self.power)
        if self.notes:
            out["notes"] = list(self.notes)
        return out


def _check_form(form):
    if not isinstance(form, PWLForm):
        raise InvalidArgument(f"form={form!r} must be a PWLForm (see piecewise_linear_form)")


def _tolerance(tolerance):
    return MPQ(1, 2**20) if tolerance is None else as_rational(tolerance, "tolerance")


# --- segments -------------------------------------------------------------------------------

def _segments(form: PWLForm, target: PiecewisePolynomial):
    """Yield ``(l, r, e)``: consecutive segments and the error polynomial ``phi - f`` there."""
    ts, vs, ss = form.breakpoints, form.values, form.slopes()
    cuts = [c for c in target.cuts if ts[0] < c < ts[-1]]
    points = sorted(set(ts).union(cuts))
    j = 0
    for l, r in zip(points, points[1:]):
        while ts[j + 1] <= l:
            j += 1
        f = target.polys[target.piece_index((l + r) / 2)]
        phi = (vs[j] - ss[j] * ts[j], ss[j])
        e = [-c for c in f] + [MPQ(0)] * max(0, 2 - len(f))
        e[0] += phi[0]
        e[1] += phi[1]
        yield l, r, _poly(e)


def _poly(coeffs) -> fmpq_poly:
    return fmpq_poly([flint_rational(c) for c in coeffs])


def _q(value) -> MPQ:
    return MPQ(int(value.p), int(value.q))


def _at(poly, x) -> MPQ:
    return _q(poly(flint_rational(x)))


def _rational_roots(poly, l, r):
    """Rational roots of ``poly`` strictly inside ``(l, r)``, increasing."""
    if poly.degree() < 1:
        return []
    roots = {_q(root) for root, _ in poly.roots()}
    return sorted(t for t in roots if l < t < r)


def _irrational_root_balls(poly, l, r):
    """Arb balls of the irrational real roots of ``poly`` that may lie in ``(l, r)``, each with a
    flag telling whether the ball is certainly inside."""
    if poly.degree() < 2:
        return []
    _, factors = poly.factor()
    out = []
    lo, hi = exact_ball(l), exact_ball(r)
    for factor, _ in factors:
        if factor.degree() < 2:
            continue
        for root, _ in fmpz_poly([int(c) for c in factor.numer().coeffs()]).complex_roots():
            # arb returns real roots first, with imaginary part exactly zero
            if not root.imag.is_zero():
                continue
            root = root.real
            if root > lo and root < hi:
                out.append((root, True))
            elif root.overlaps(lo) or root.overlaps(hi) or (root > lo and root < hi):
                out.append((root, False))
    return out


# --- sup --------------------------------------------------------------------------------

def sup_error(form: PWLForm, target, lipschitz=None, tolerance=None, budget=None) -> ErrorResult:
    """``sup_{[a,b]} |phi - f|`` with a witness point.

    Parameters
    ----------
    form : PWLForm
        ``phi`` on ``[a, b]``.
    target : str, sympy expression, PWLForm, callable or a target from :mod:`.targets`
    lipschitz : exact number, optional
        Declared Lipschitz constant when ``target`` is a callable.
    tolerance : exact number, optional
        For enclosures: stop refining once ``upper - lower <= tolerance`` (default 2^-20).
    budget : Budget, optional
        Caps the number of refinement intervals (``pieces``) and the time.

    Returns
    -------
    ErrorResult

    Raises
    ------
    InvalidArgument
        For an unusable target or tolerance.
    BudgetExceeded
        When refinement runs out of budget before reaching the tolerance.

    Examples
    --------
    >>> f = PWLForm.from_points([0, "1/2", 1], [0, "1/4", 1])
    >>> r = sup_error(f, "x**2")
    >>> r.exact, str(r.value), str(r.witness)
    (True, '1/16', '1/4')
    """
    _check_form(form)
    target = as_target(target, lipschitz)
    budget = as_budget(budget)
    if isinstance(target, PiecewisePolynomial):
        if not target.cuts and target.degree <= 2:
            return _sup_quadratic(form, target.polys[0], budget)
        return _sup_polynomial(form, target, budget)
    return _refine(form, target, None, _tolerance(tolerance), budget)


def _sup_quadratic(form, coeffs, budget) -> ErrorResult:
    """Exact sup of ``|phi - f|`` for a polynomial ``f`` of degree ``<= 2`` (coefficients
    ``coeffs``): on integer arrays when the breakpoints have a small common denominator,
    else piece by piece in rationals."""
    q0, q1, q2 = (list(coeffs) + [MPQ(0)] * 3)[:3]
    result = _sup_quadratic_arrays(form, q0, q1, q2, budget)
    return _sup_quadratic_mpq(form, q0, q1, q2, budget) if result is None else result


def _sup_quadratic_mpq(form, q0, q1, q2, budget) -> ErrorResult:
    # e = phi - f with f = q0 + q1 x + q2 x^2.  On a segment [t0, t1] (h = t1 - t0) with end
    # errors e0, e1, since phi is linear and -f has second derivative -2 q2,
    #     e(t0 + u) = e0 + sigma u + q2 u (h - u),      sigma = (e1 - e0) / h.
    # If q2 != 0, e'(t0 + u) = 0 at u* = h/2 + sigma / (2 q2), where e = e0 + q2 u*^2; this
    # is an interior extremum iff 0 < u* < h.  Otherwise |e| is largest at an end.
    ts, vs = form.breakpoints, form.values
    fs = map(mul, ts, map(add, map(mul, repeat(q2), ts), repeat(q1)))
    es = list(map(sub, vs, map(add, fs, repeat(q0))))
    budget.check_time("sup error: breakpoint values")
    best = max(range(len(es)), key=lambda j: abs(es[j]))
    value, witness = abs(es[best]), ts[best]
    if q2:
        k = 1 / (2 * q2)
        for t0, t1, e0, e1 in zip(ts, ts[1:], es, es[1:]):
            h = t1 - t0
            u = h / 2 + (e1 - e0) / h * k
            if 0 < u < h:
                inner = abs(e0 + q2 * u * u)
                if inner > value:
                    value, witness = inner, t0 + u
    budget.check_time("sup error: pieces")
    return ErrorResult("sup", True, value, value, value, witness)


def _sup_quadratic_arrays(form, q0, q1, q2, budget):
    """:func:`_sup_quadratic_mpq` on integer arrays (:mod:`verinet.int64`: ``int64`` where a bound
    proves it exact, Python ints otherwise), or ``None`` when the common denominator ``E*``
    of the breakpoints exceeds ``2^63 - 1``.  Same value; same witness (the first maximiser,
    a breakpoint before an interior point).

    Everything is put over common denominators.  With ``E* = lcm(E_j)``, ``Q`` the common
    denominator of ``q0, q1, q2`` (``Q_i = Q q_i``) and ``c`` the scale of ``phi``, the
    breakpoints are ``t_j = X_j / E*``, ``phi(t_j) = V_j / (c E*)`` and
    ``f(t_j) = F_j / (Q E*^2)`` with

        X_j = T_j E*/E_j,   V_j = N_j E*/E_j,   F_j = Q0 E*^2 + Q1 E* X_j + Q2 X_j^2,

    so the errors are ``e_j = P_j / D`` with ``D = lcm(c E*, Q E*^2)``, ``r = D / (Q E*^2)``
    and ``P_j = V_j D / (c E*) - r F_j``.  On segment ``j`` (``H = X_{j+1} - X_j``,
    ``s = sign Q2``) the critical point of the quadratic case of :func:`_sup_quadratic_mpq`
    is ``u* = U / (2 r Q2 E* H)`` with ``U = r Q2 H^2 + P_{j+1} - P_j``; it is interior iff
    ``0 < s U < 2 r |Q2| H^2``, and there ``|e| = |W| / (K D)`` with
    ``W = 4 r Q2 H^2 P_j + U^2`` and ``K = 4 r |Q2| H^2``.  (With ``u = h/2 + sigma/(2 q2)``,
    ``sigma = (P_{j+1} - P_j) E* / (D H)`` and ``e(u*) = e_j + q2 u*^2`` this is algebra.)
    """
    T, E, N = form.arrays()
    e_star = _common_denominator(E)
    if e_star is None:
        return None
    c = form.scale
    Q = math.lcm(int(q0.denominator), int(q1.denominator), int(q2.denominator))
    Q0, Q1, Q2 = (int(q * Q) for q in (q0, q1, q2))
    D = math.lcm(c * e_star, Q * e_star**2)
    r = D // (Q * e_star**2)
    mult = e_star // E
    X, V = product(T, mult), product(N, mult)
    terms = [(D // (c * e_star), V)]
    if Q1:
        terms.append((-r * Q1 * e_star, X))
    if Q2:
        terms.append((-r * Q2, product(X, X)))
    P = combination(terms, constant=-r * Q0 * e_star**2)
    budget.check_time("sup error: breakpoint values")
    absolute = abs(P)
    best = int(absolute.argmax())
    value, witness = MPQ(int(absolute[best]), D), MPQ(int(X[best]), e_star)
    if Q2:
        inner = _interior_max(X, P, r * abs(Q2), 1 if Q2 > 0 else -1)
        if inner:
            j, W, K, U = inner
            candidate = MPQ(W, K * D)
            if candidate > value:
                H = int(X[j + 1]) - int(X[j])
                value, witness = candidate, MPQ(int(X[j]), e_star) + MPQ(U, 2 * r * Q2 * e_star * H)
    budget.check_time("sup error: pieces")
    return ErrorResult("sup", True, value, value, value, witness)


def _common_denominator(E):
    """``lcm(E_j)`` as a Python int when it is at most :data:`verinet.int64.LIMIT`, else ``None``."""
    if E.dtype != np.int64:
        return None
    top = int(E.max())
    if not (top % E).any():
        return top
    lcm = 1
    for e in np.unique(E).tolist():
        lcm = math.lcm(lcm, e)
        if not fits(lcm):
            return None
    return lcm


def _interior_max(X, P, a2, s):
    """The first segment ``j`` whose interior critical value ``|W| / K`` is largest, as
    ``(j, |W|, K, U)`` (Python ints), or ``()`` when no segment has an interior critical
    point.  ``a2 = r |Q2|``, ``s = sign Q2`` (notation of :func:`_sup_quadratic_arrays`)."""
    H = combination([(1, X[1:]), (-1, X[:-1])])
    dP = combination([(1, P[1:]), (-1, P[:-1])])
    C = combination([(a2, product(H, H))])
    sU = combination([(1, C), (s, dP)])
    (js,) = np.nonzero((sU > 0) & (combination([(1, sU), (-1, C)]) < C))  # 0 < sU < 2 C
    if not len(js):
        return ()
    sU, K, P = sU[js], combination([(4, C[js])]), P[js]
    # W = 4 r Q2 H^2 P_j + U^2 = s K P_j + (s U)^2
    W = abs(combination([(s, product(K, P)), (1, product(sU, sU))]))
    F = W // K
    # W_j / K_j lies in [F_j, F_j + 1): only the j with the largest F_j can be the maximiser
    (ties,) = np.nonzero(F == F.max())
    R = W - product(F, K)
    while len(ties) > 1:  # a knock-out of exact comparisons R_a K_b >= R_b K_a; the left (first) wins ties
        left, right = ties[0 : len(ties) - 1 : 2], ties[1::2]
        won = product(R[left], K[right]) >= product(R[right], K[left])
        ties = np.concatenate([np.where(won, left, right), ties[2 * len(right) :]])
    i = int(ties[0])
    return int(js[i]), int(W[i]), int(K[i]), s * int(sU[i])


def _sup_polynomial(form, target, budget) -> ErrorResult:
    best, witness = MPQ(-1), None
    upper_extra, lower_extra, lower_witness = None, None, None
    for l, r, e in _segments(form, target):
        for x in (l, r, *_rational_roots(e.derivative(), l, r)):
            v = abs(_at(e, x))
            if v > best:
                best, witness = v, x
        for root, inside in _irrational_root_balls(e.derivative(), l, r):
            lo, hi = ball_bounds(abs(_ball_eval(e, root)))
            upper_extra = hi if upper_extra is None else max(upper_extra, hi)
            if inside and (lower_extra is None or lo > lower_extra):
                lower_extra, lower_witness = lo, ball_bounds(root)
        budget.check_time(f"sup error: segment [{l}, {r}]")
    if upper_extra is None or upper_extra <= best:
        return ErrorResult("sup", True, best, best, best, witness)
    lower = best
    if lower_extra is not None and lower_extra > best:
        lower, witness = lower_extra, lower_witness
    return ErrorResult(
        "sup", False, None, lower, upper_extra, witness,
        notes=("the maximiser is an irrational critical point; bounds from arb ball arithmetic",),
    )


def _ball_eval(poly, ball):
    acc = Ball(0)
    for c in reversed(poly.coeffs()):
        acc = acc * ball + Ball(c)
    return acc


# --- L^p --------------------------------------------------------------------------------

def lp_error(form: PWLForm, target, p, lipschitz=None, tolerance=None, budget=None) -> ErrorResult:
    """``||phi - f||_{L^p[a,b]}`` for an integer ``p >= 1``.

    Exact for piecewise-polynomial targets whose error changes sign only at rational points
    (always for even ``p``); ``value`` is then ``power ** (1/p)`` as a sympy number and
    ``power = int |phi - f|^p`` is rational.  Otherwise bounds (see the module docstring);
    ``lower``/``upper`` then bound the norm and the witness is the worst segment.

    Raises
    ------
    InvalidArgument
        For ``p`` not an integer ``>= 1`` or an unusable target.
    BudgetExceeded
        When refinement runs out of budget.

    Examples
    --------
    >>> f = PWLForm.from_points([0, 1], [0, 1])
    >>> r = lp_error(f, "x**2", 2)
    >>> r.exact, str(r.power), str(r.value)
    (True, '1/30', 'sqrt(30)/30')
    """
    _check_form(form)
    if type(p) is not int or p < 1:
        raise InvalidArgument(f"p={p!r} must be an int >= 1")
    target = as_target(target, lipschitz)
    budget = as_budget(budget)
    if isinstance(target, PiecewisePolynomial):
        result = _lp_polynomial(form, target, p, budget)
        if result is not None:
            return result
        target = _PolynomialBalls(target)
    return _refine(form, target, p, _tolerance(tolerance), budget)


def _lp_polynomial(form, target, p, budget):
    total, worst, worst_segment = MPQ(0), MPQ(-1), None
    for l, r, e in _segments(form, target):
        if p % 2:
            if _irrational_root_balls(e, l, r):
                return None  # a sign change at an irrational point: fall back to bounds
            cuts = [l, *_rational_roots(e, l, r), r]
        else:
            cuts = [l, r]
        antiderivative = (e**p).integral()
        part = sum(abs(_at(antiderivative, v) - _at(antiderivative, u)) for u, v in zip(cuts, cuts[1:]))
        total += part
        if part > worst:
            worst, worst_segment = part, (l, r)
        budget.check_time(f"L^{p} error: segment [{l}, {r}]")
    value = sympy.root(sympy.Rational(int(total.numerator), int(total.denominator)), p)
    return ErrorResult(f"L^{p}", True, value, value, value, worst_segment, power=total)


@dataclass(frozen=True)
class _PolynomialBalls:
    """A piecewise polynomial used through ball enclosures (odd-p fallback)."""

    target: PiecewisePolynomial

    def enclose(self, lo, hi):
        coeffs = self.target.polys[self.target.piece_index((lo + hi) / 2)]
        return _ball_eval(_poly(coeffs), exact_ball((lo + hi) / 2, (hi - lo) / 2))


# --- rigorous refinement for non-polynomial targets -----------------------------------------

def _cells(form, target):
    """Initial cells: the pieces of ``phi`` (split at the cuts of a piecewise polynomial)."""
    ts = form.breakpoints
    cuts = getattr(getattr(target, "target", None), "cuts", ())
    points = sorted(set(ts).union(c for c in cuts if ts[0] < c < ts[-1]))
    return [(l, r, form(l), form(r)) for l, r in zip(points, points[1:])]


def _enclosure_bounds(target, l, r) -> tuple:
    """Rational bounds of ``target`` on ``[l, r]``; an error naming the cell when its ball is not finite."""
    try:
        return ball_bounds(target.enclose(l, r))
    except BudgetExceeded:
        where = f"x = {l}" if l == r else f"[{l}, {r}]"
        raise InvalidArgument(f"the target {target} has no finite ball enclosure on {where} (undefined or "
                              "unbounded there, or its ball crosses the edge of its domain); analyze an "
                              "interval on which it is finite") from None


def _bound_cell(target, l, r, pl, pr):
    """``(abs_lo, abs_hi, x, point_lo)``: bounds of ``|e|`` on ``[l, r]`` and a rigorous lower
    bound ``point_lo`` of ``|e(x)|`` at the midpoint ``x``."""
    m = (l + r) / 2
    pm = (pl + pr) / 2
    if isinstance(target, LipschitzTarget):
        em = abs(pm - target(m))
        slack = (target.lipschitz + abs(pr - pl) / (r - l)) * (r - l) / 2
        return max(MPQ(0), em - slack), em + slack, m, em
    f_lo, f_hi = _enclosure_bounds(target, l, r)
    p_lo, p_hi = min(pl, pr), max(pl, pr)
    e_lo, e_hi = p_lo - f_hi, p_hi - f_lo
    abs_hi = max(abs(e_lo), abs(e_hi))
    abs_lo = MPQ(0) if e_lo <= 0 <= e_hi else min(abs(e_lo), abs(e_hi))
    g_lo, g_hi = _enclosure_bounds(target, m, m)
    point_lo = max(MPQ(0), pm - g_hi, g_lo - pm)
    return abs_lo, abs_hi, m, point_lo


# Bisection cells allowed when the budget sets no piece cap: a target whose sup is approached but
# not attained (a jump) tightens slowly, and the run must end with a clear error, not hang.
MAX_REFINEMENT_CELLS = 1 << 14


def _refine(form, target, p, tolerance, budget) -> ErrorResult:
    """Bisect cells until the enclosure of the sup (``p is None``) or of ``int |e|^p`` is tight.

    The sup's lower bound is the largest rigorous point value seen (a point stays a witness
    after its cell is split); its upper bound the largest cell bound.  For ``int |e|^p`` the
    bounds are sums over the current cells, updated as a cell is replaced by its halves.
    """
    cells = [(l, r, pl, pr, *_bound_cell(target, l, r, pl, pr)) for l, r, pl, pr in _cells(form, target)]
    count = len(cells)
    budget.charge_pieces(count, "error refinement: initial cells")
    cap = MAX_REFINEMENT_CELLS if budget.pieces is None else None

    def gap(cell):
        l, r, _, _, lo, hi, _, _ = cell
        return hi if p is None else (r - l) * (hi**p - lo**p)

    def power_bounds(cell):
        l, r, _, _, lo, hi, _, _ = cell
        return (r - l) * lo**p, (r - l) * hi**p

    heap = [(-gap(c), i, c) for i, c in enumerate(cells)]
    heapq.heapify(heap)
    best = max(cells, key=lambda c: c[7])
    lower, witness = best[7], best[6]
    if p is not None:
        lower, upper = (sum(b) for b in zip(*map(power_bounds, cells)))
    serial = len(heap)
    while True:
        if p is None:
            upper = max(lower, -heap[0][0])
        if upper - lower <= tolerance:
            break
        if cap is not None and count >= cap:
            raise BudgetExceeded(f"error refinement stopped at {count} cells with bounds "
                                 f"[{_bounds_text(lower, upper)}], wider than the tolerance {tolerance}; raise the "
                                 "piece budget (--max-pieces) or the tolerance")
        _, _, popped = heapq.heappop(heap)
        l, r, pl, pr = popped[:4]
        m, pm = (l + r) / 2, (pl + pr) / 2
        for cell in ((l, m, pl, pm), (m, r, pm, pr)):
            full = (*cell, *_bound_cell(target, *cell))
            heapq.heappush(heap, (-gap(full), serial, full))
            serial += 1
            if p is None and full[7] > lower:
                lower, witness = full[7], full[6]
            elif p is not None:
                lo, hi = power_bounds(full)
                lower, upper = lower + lo, upper + hi
        if p is not None:
            lo, hi = power_bounds(popped)
            lower, upper = lower - lo, upper - hi
        count += 1
        budget.charge_pieces(count, f"error refinement (bounds [{_bounds_text(lower, upper)}])")
    if p is not None:
        worst = max((c for _, _, c in heap), key=lambda c: power_bounds(c)[1])
        witness = (worst[0], worst[1])
    norm = "sup" if p is None else f"L^{p}"
    note = "rigorous enclosure: " + ("Lipschitz bound" if isinstance(target, LipschitzTarget) else "arb ball arithmetic")
    if p is None:
        return ErrorResult(norm, False, None, lower, upper, witness, notes=(note,))
    low = sympy.root(sympy.Rational(int(lower.numerator), int(lower.denominator)), p)
    high = sympy.root(sympy.Rational(int(upper.numerator), int(upper.denominator)), p)
    return ErrorResult(norm, False, None, low, high, witness, notes=(note, f"bounds on int |e|^{p}: [{lower}, {upper}]"))


def _bounds_text(lower, upper) -> str:
    """``lower, upper`` rounded outward to 6 decimals (messages stay short; the bounds stay bounds)."""
    return f"{decimal_bound(lower, up=False)}, {decimal_bound(upper, up=True)}"
