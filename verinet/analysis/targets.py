"""Target functions of one variable that a network is compared against.

Three kinds, by what can be computed about them exactly:

* :class:`PiecewisePolynomial` -- polynomials with rational coefficients on consecutive
  intervals (a polynomial is one piece; a piecewise-linear function has pieces of degree
  <= 1).  Errors against these are computed exactly.
* :class:`BallTarget` -- any other sympy expression in one variable; it is evaluated in
  rigorous ball arithmetic (python-flint ``arb``), giving certified enclosures.
* :class:`LipschitzTarget` -- a Python callable returning exact values, with a declared
  Lipschitz constant ``L`` (``|f(x) - f(y)| <= L |x - y|``); the declaration is a hypothesis,
  checked on every pair of points the analysis evaluates (it is refuted with the pair when
  it fails) and otherwise trusted.

:func:`as_target` turns a string, sympy expression, :class:`~verinet.analysis.pwl1d.PWLForm`
or ``(callable, L)`` into one of these.
"""

import bisect
from dataclasses import dataclass, field

import sympy

from .._backend import MPQ, Ball
from ..balls import compile_expression, exact_ball
from ..errors import InvalidArgument
from ..expressions import parse_expression
from ..numbers import as_rational
from .pwl1d import PWLForm

__all__ = ["PiecewisePolynomial", "BallTarget", "LipschitzTarget", "as_target", "parse_target"]


@dataclass(frozen=True)
class PiecewisePolynomial:
    """``f(x) = polys[i](x)`` for ``x`` in ``[cuts[i-1], cuts[i]]`` (``cuts`` increasing).

    ``polys[i]`` is a tuple of ``MPQ`` coefficients, constant term first; ``cuts`` has
    ``len(polys) - 1`` entries (no cuts: one polynomial on the whole line).  At a cut the
    pieces must agree only if the caller wants a continuous target; the value at the cut is
    taken from the left piece.
    """

    cuts: tuple
    polys: tuple

    @property
    def degree(self) -> int:
        return max(len(p) for p in self.polys) - 1

    def __call__(self, x) -> MPQ:
        return _horner(self.polys[self.piece_index(x)], x)

    def piece_index(self, x) -> int:
        """Index of the piece used at ``x`` (left piece at a cut)."""
        i = 0
        while i < len(self.cuts) and x > self.cuts[i]:
            i += 1
        return i


@dataclass(frozen=True)
class BallTarget:
    """A sympy expression in one symbol, evaluated in arb ball arithmetic (:mod:`verinet.balls`)."""

    expr: object
    symbol: object
    _ball: object = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "_ball", compile_expression(self.expr, (self.symbol,)).ball)

    def enclose(self, lo, hi) -> Ball:
        """A ball containing ``f([lo, hi])`` (``lo <= hi`` rationals)."""
        return self._ball((exact_ball((lo + hi) / 2, (hi - lo) / 2),))

    def __str__(self):
        return str(self.expr)


@dataclass(frozen=True)
class LipschitzTarget:
    """An exact-valued callable with a declared Lipschitz constant ``lipschitz``.

    Every value computed is kept in order of ``x``; a new value is compared exactly with its two
    neighbours, ``|f(x) - f(y)| <= L |x - y|``.  Checking neighbours suffices: a violation between
    any two evaluated points implies one between two consecutive ones (triangle inequality), so
    the declaration holds on every pair evaluated, or it is refuted by a pair.
    """

    func: object
    lipschitz: MPQ
    _seen: list = field(default_factory=list, repr=False, compare=False)  # sorted [(x, f(x))]

    def __call__(self, x) -> MPQ:
        x = as_rational(x, "x")
        i = bisect.bisect_left(self._seen, (x,))
        if i < len(self._seen) and self._seen[i][0] == x:
            return self._seen[i][1]
        value = as_rational(self.func(x), f"target({x})")
        for y, fy in self._seen[max(i - 1, 0):i + 1]:
            if abs(value - fy) > self.lipschitz * abs(x - y):
                raise InvalidArgument(
                    f"the declared Lipschitz constant {self.lipschitz} of the target is refuted: |f({x}) - f({y})| = "
                    f"{abs(value - fy)} > {self.lipschitz} * |{x} - {y}|")
        self._seen.insert(i, (x, value))
        return value


def parse_target(text: str):
    """A target expression such as ``"x**2"`` or ``"sin(pi*x)"``, read by the safe parser
    (:func:`~verinet.expressions.parse_expression`); decimals are exact.

    Raises
    ------
    InvalidArgument
        When the text is not such an expression.
    """
    return parse_expression(text, None, "target")


def as_target(target, lipschitz=None):
    """Classify a target: exact piecewise polynomial, arb-evaluable expression, or Lipschitz.

    Parameters
    ----------
    target : str, sympy expression, PWLForm or callable
        A callable must return exact values and comes with ``lipschitz``.
    lipschitz : exact number, optional
        Declared Lipschitz constant of a callable target.

    Raises
    ------
    InvalidArgument
        For an expression in more than one variable, a callable without ``lipschitz``, or a
        ``Piecewise`` whose conditions are not of the form ``x <= c`` / ``x < c``.

    Examples
    --------
    >>> t = as_target("x**2 - 1/2")
    >>> [str(c) for c in t.polys[0]]
    ['-1/2', '0', '1']
    """
    if isinstance(target, (PiecewisePolynomial, BallTarget, LipschitzTarget)):
        return target
    if isinstance(target, PWLForm):
        return _from_form(target)
    if isinstance(target, str):
        target = parse_target(target)
    if isinstance(target, sympy.Basic):
        return _from_sympy(target)
    if callable(target):
        if lipschitz is None:
            raise InvalidArgument("a callable target needs a declared lipschitz= constant")
        L = as_rational(lipschitz, "lipschitz")
        if L < 0:
            raise InvalidArgument(f"lipschitz={L} must be >= 0")
        return LipschitzTarget(target, L)
    raise InvalidArgument(f"target={target!r} is not a string, sympy expression, PWLForm or callable")


def _from_form(form: PWLForm) -> PiecewisePolynomial:
    ts, vs, ss = form.breakpoints, form.values, form.slopes()
    polys = tuple((vs[j] - ss[j] * ts[j], ss[j]) for j in range(form.pieces))
    return PiecewisePolynomial(tuple(ts[1:-1]), polys)


def _symbol(expr):
    free = sorted(expr.free_symbols, key=str)
    if len(free) > 1:
        raise InvalidArgument(f"target {expr} has several variables {free}; the 1-D analysis needs one")
    return free[0] if free else sympy.Symbol("x")


def _rational_poly(expr, x):
    """Coefficients (constant first) when ``expr`` is a polynomial over Q in ``x``, else None."""
    if not expr.is_polynomial(x):
        return None
    coeffs = sympy.Poly(expr, x).all_coeffs()[::-1]
    if not all(c.is_Rational for c in coeffs):
        return None
    return tuple(MPQ(int(c.p), int(c.q)) for c in coeffs)


def _from_sympy(expr):
    x = _symbol(expr)
    if isinstance(expr, sympy.Piecewise):
        return _from_piecewise(expr, x)
    coeffs = _rational_poly(expr, x)
    if coeffs is not None:
        return PiecewisePolynomial((), (coeffs,))
    return BallTarget(expr, x)


def _from_piecewise(expr, x):
    cuts, polys = [], []
    for i, (piece, cond) in enumerate(expr.args):
        coeffs = _rational_poly(piece, x)
        if coeffs is None:
            raise InvalidArgument(f"Piecewise target piece {i} ({piece}) is not a polynomial over Q in {x}")
        polys.append(coeffs)
        last = i == len(expr.args) - 1
        upper = _upper_cut(cond, x)
        if upper is None and not last:
            raise InvalidArgument(f"Piecewise target condition {cond} must read {x} <= c or {x} < c")
        if not last:
            cuts.append(upper)
    if any(not cuts[i] < cuts[i + 1] for i in range(len(cuts) - 1)):
        raise InvalidArgument(f"Piecewise target cuts {[str(c) for c in cuts]} must increase")
    return PiecewisePolynomial(tuple(cuts), tuple(polys))


def _upper_cut(cond, x):
    """``c`` for a condition ``x <= c`` / ``x < c`` (possibly inside an ``And``), else None."""
    parts = cond.args if isinstance(cond, sympy.And) else (cond,)
    for part in parts:
        if isinstance(part, (sympy.LessThan, sympy.StrictLessThan)) and part.lhs == x and part.rhs.is_Rational:
            return MPQ(int(part.rhs.p), int(part.rhs.q))
        if isinstance(part, (sympy.GreaterThan, sympy.StrictGreaterThan)) and part.rhs == x and part.lhs.is_Rational:
            return MPQ(int(part.lhs.p), int(part.lhs.q))
    return None


def _horner(coeffs, x):
    acc = MPQ(0)
    for c in reversed(coeffs):
        acc = acc * x + c
    return acc
