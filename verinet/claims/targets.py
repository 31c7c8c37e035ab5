"""Target functions ``f: [0, 1]^d -> R`` with a certified modulus of continuity.

A :class:`Target` holds ``f`` either as a sympy expression in ``x1, ..., xd`` or as a Python
callable returning exact values (``int``, ``Fraction``, ``MPQ`` or a numeric sympy
expression), together with an upper bound ``omega(r)`` of its modulus of continuity

    omega_f(r) = sup { |f(x) - f(y)| : ||x - y||_2 <= r, x, y in [0, 1]^d }

as a sympy expression in ``r``: ``lam * r`` for a Lipschitz constant, ``lam * r**alpha`` for
Hölder data (Shen-Yang-Zhang 2022, Section 2).  Values at rational points are computed
exactly when they are rational (polynomials, ``Abs``, ``Max``, ``Min``) and otherwise enclosed
in arb balls of increasing precision, so that e.g. ``floor(2^n f(x))`` is decided
rigorously (:func:`~verinet.reals.floor_of`).

The declared modulus is trusted (it is part of the theorem's hypothesis); for polynomials
and other expressions :func:`lipschitz_bound` derives one rigorously from an interval
enclosure of the gradient on ``[0, 1]^d``.
"""

import itertools
from dataclasses import dataclass, field
from typing import Callable

import sympy

from .._backend import MPQ, Ball, ball_precision
from ..balls import NotRational, Undefined, ball_bounds, compile_expression, enclose, exact_ball
from ..errors import BudgetExceeded, InvalidArgument
from ..expressions import parse_expression, parse_number
from ..numbers import as_rational
from ..reals import from_sympy, rational_bounds, to_sympy

__all__ = ["Target", "Smoothness", "DERIVED", "parse_target", "lipschitz_bound", "symbols_for", "R"]

R = sympy.Symbol("r", nonnegative=True)


def symbols_for(d: int) -> tuple:
    """The symbols ``x1, ..., xd``."""
    return tuple(sympy.symbols(" ".join(f"x{i}" for i in range(1, d + 1)), real=True, seq=True))


# How a modulus came about: declared by the user (a hypothesis, trusted) or derived here.
DERIVED = "derived (rigorous ball enclosure of the gradient on the cube)"


@dataclass(frozen=True)
class Smoothness:
    """C^s data of a target: ``||d^alpha f||_{L^inf} <= derivative_bounds[alpha]`` for ``|alpha| <= s``.

    ``norm`` bounds ``||f||_{C^s} = max_{|alpha| <= s} ||d^alpha f||_{L^inf}``; ``source`` says
    whether the bounds were declared (a hypothesis) or derived rigorously.
    """

    s: int
    derivative_bounds: dict = field(default_factory=dict)
    norm: object = None
    source: str = "declared"


@dataclass(frozen=True)
class Target:
    """``f: [0, 1]^d -> R`` with an upper bound ``modulus(r) >= omega_f(r)``.

    Attributes
    ----------
    d : int
    expr : sympy expression in ``x1..xd``, or None when ``func`` is given
    func : callable, or None; ``func(point)`` returns ``f(point)`` exactly
    modulus : sympy expression in :data:`R`, non-decreasing, ``modulus(r) >= omega_f(r)``
    description : str
    holder : (alpha, lam) as sympy numbers, or None for a general modulus
    modulus_source : ``"declared"`` (the theorem's hypothesis, trusted) or :data:`DERIVED`
    smoothness : :class:`Smoothness` or None
    modulus_check : :class:`~verinet.claims.hypotheses.ModulusCheck` or None (not yet checked)
    """

    d: int
    expr: object = None
    func: Callable = None
    modulus: object = None
    description: str = ""
    holder: tuple = None
    modulus_source: str = "declared"
    smoothness: "Smoothness" = None
    modulus_check: object = None
    _compiled: tuple = field(default=None, repr=False, compare=False)

    @classmethod
    def from_expression(cls, expr, d: int, lipschitz=None, holder=None, modulus=None) -> "Target":
        """A sympy expression (or string) in ``x1..xd``.

        Give ``lipschitz`` (a number or sympy expression), or ``holder = (alpha, lam)``, or a
        general ``modulus`` (an expression in ``r``, trusted to bound ``omega_f``), or none:
        then a Lipschitz bound is derived by :func:`lipschitz_bound`.

        Raises
        ------
        InvalidArgument
            For unknown symbols, floats in the expression, or invalid modulus data.
        """
        d = _check_d(d)
        symbols = symbols_for(d)
        expr = _parse_expr(expr, symbols)
        source = "declared"
        if lipschitz is None and holder is None and modulus is None:
            lipschitz, source = lipschitz_bound(expr, d), DERIVED
        modulus, holder = _modulus_of(lipschitz, holder, modulus)
        return cls(d=d, expr=expr, modulus=modulus, description=str(expr), holder=holder, modulus_source=source,
                   _compiled=compile_expression(expr, symbols))

    @classmethod
    def from_callable(cls, func, d: int, lipschitz=None, holder=None, modulus=None,
                      description="callable") -> "Target":
        """A callable returning exact values at exact points, with Lipschitz, Hölder or modulus data."""
        d = _check_d(d)
        if not callable(func):
            raise InvalidArgument(f"func={func!r} is not callable")
        if lipschitz is None and holder is None and modulus is None:
            raise InvalidArgument("a callable target needs lipschitz=, holder=(alpha, lam) or modulus=")
        modulus, holder = _modulus_of(lipschitz, holder, modulus)
        return cls(d=d, func=func, modulus=modulus, description=description, holder=holder)

    def omega(self, r):
        """``modulus(r)`` as a sympy number (``r`` exact or sympy)."""
        return sympy.simplify(self.modulus.subs(R, to_sympy(r)))

    def exact(self, point):
        """``f(point)`` as an exact sympy number."""
        point = tuple(as_rational(v, f"point[{i}]") for i, v in enumerate(point))
        if self.func is not None:
            return _as_sympy_value(self.func(point))
        return self.expr.subs({s: to_sympy(v) for s, v in zip(symbols_for(self.d), point)})

    def rational(self, point):
        """``f(point)`` as ``MPQ`` when it is rational and computed exactly, else None."""
        if self.func is not None:
            value = self.func(point)
            if isinstance(value, sympy.Basic):
                return from_sympy(value) if value.is_Rational else None
            return as_rational(value, "f(point)")
        try:
            return self._compiled.exact(point)
        except NotRational:
            return None
        except Undefined as exc:
            raise InvalidArgument(f"the target f = {self.description} is undefined at x = {_point_text(point)} "
                                  f"({exc}); {_HYPOTHESIS}") from None

    def ball(self, point, prec: int) -> Ball:
        """An arb ball containing ``f(point)``, computed at ``prec`` bits."""
        if self.func is not None:
            return enclose(_as_sympy_value(self.func(point)), prec)
        with ball_precision(prec):
            return self._compiled.ball([exact_ball(v) for v in point])

    def _finite_bounds(self, point, prec: int) -> tuple:
        try:
            return ball_bounds(self.ball(point, prec))
        except BudgetExceeded:
            raise InvalidArgument(f"the target f = {self.description} has no finite value at x = "
                                  f"{_point_text(point)} (undefined or unbounded there); {_HYPOTHESIS}") from None

    def bounds(self, point, bits: int = 64) -> tuple:
        """Rationals ``(lo, hi)`` around ``f(point)`` (equal when ``f(point)`` is rational)."""
        q = self.rational(point)
        if q is not None:
            return q, q
        for prec in (bits + 32, 4 * bits, 16 * bits):
            lo, hi = self._finite_bounds(point, prec)
            if hi - lo <= MPQ(1, 2**bits):
                return lo, hi
        return rational_bounds(self.exact(point), bits)


def _check_d(d):
    if type(d) is not int or d < 1:
        raise InvalidArgument(f"d={d!r} must be an int >= 1")
    return d


def _as_sympy_value(value):
    if isinstance(value, sympy.Basic):
        if not value.is_number:
            raise InvalidArgument(f"the target returned {value}, which is not a number")
        return value
    return to_sympy(as_rational(value, "f(point)"))


def _parse_expr(expr, symbols):
    """A target given as text (read by the safe parser), a sympy expression or an exact number."""
    allowed = {str(s): s for s in symbols}
    if isinstance(expr, str):
        return parse_expression(expr, allowed, "target")
    expr = to_sympy(expr)
    unknown = expr.free_symbols - set(symbols)
    if unknown:
        # Accept same-named symbols created without assumptions.
        renames = {s: allowed[str(s)] for s in unknown if str(s) in allowed}
        expr = expr.xreplace(renames)
        unknown = expr.free_symbols - set(symbols)
    if unknown:
        raise InvalidArgument(f"target {expr} uses {sorted(map(str, unknown))}; allowed: {', '.join(allowed)}")
    if expr.atoms(sympy.Float):
        raise InvalidArgument(f"target {expr} contains a float; write exact numbers such as 3/10")
    return expr


def _modulus_of(lipschitz, holder, modulus) -> tuple:
    """``(modulus expression in R, (alpha, lam) or None)`` from exactly one kind of data."""
    if modulus is None:
        alpha, lam = _modulus_data(lipschitz, holder)
        return lam * R**alpha, (alpha, lam)
    if lipschitz is not None or holder is not None:
        raise InvalidArgument("give one of lipschitz=, holder=, modulus=")
    expr = parse_expression(modulus, {"r": R}, "modulus") if isinstance(modulus, str) else to_sympy(modulus)
    expr = expr.xreplace({sym: R for sym in expr.free_symbols if str(sym) == "r"})
    if expr.free_symbols - {R} or expr.atoms(sympy.Float):
        raise InvalidArgument(f"modulus={modulus!r} must be an exact expression in r alone")
    if not expr.subs(R, 1).is_positive:
        raise InvalidArgument(f"modulus={modulus!r} must be positive at r = 1")
    return expr, None


def _modulus_data(lipschitz, holder) -> tuple:
    if lipschitz is not None and holder is not None:
        raise InvalidArgument("give lipschitz= or holder=, not both")
    if lipschitz is not None:
        alpha, lam = sympy.Integer(1), _positive(lipschitz, "lipschitz")
    else:
        try:
            alpha, lam = holder
        except (TypeError, ValueError):
            raise InvalidArgument(f"holder={holder!r} must be a pair (alpha, lam)") from None
        alpha, lam = _positive(alpha, "alpha"), _positive(lam, "lam")
        if alpha > 1:
            raise InvalidArgument(f"alpha={alpha} must lie in (0, 1]")
    return alpha, lam


def _positive(value, name):
    if isinstance(value, sympy.Basic):
        v = value
    elif isinstance(value, str):
        v = parse_number(value, name)
    else:
        v = to_sympy(as_rational(value, name))
    if not v.is_number or v.atoms(sympy.Float) or not v.is_positive:
        raise InvalidArgument(f"{name}={value!r} must be an exact positive number")
    return v


def lipschitz_bound(expr, d: int, pieces: int = 1):
    """An exact upper bound of the Lipschitz constant of ``expr`` on ``[0, 1]^d``.

    ``|f(x) - f(y)| <= sup ||grad f||_2 ||x - y||_2`` (mean value theorem on the convex cube)
    and ``sup ||grad f||_2 <= sqrt(sum_i u_i^2)`` with ``u_i`` a rational upper bound of
    ``|d f / d x_i|``, read off arb enclosures of the partial derivative on the ``pieces^d``
    sub-cubes of side ``1/pieces`` (interval arithmetic: rigorous; more pieces, tighter).
    Returns ``sqrt(sum u_i^2)`` as an exact sympy number (``u`` itself when ``d = 1``).

    Raises
    ------
    InvalidArgument
        When a partial derivative cannot be enclosed (unsupported function, unbounded).
    """
    symbols = symbols_for(d)
    expr = _parse_expr(expr, symbols)
    half = MPQ(1, 2 * pieces)
    axis = [exact_ball((2 * i + 1) * half, half) for i in range(pieces)]
    boxes = list(itertools.product(axis, repeat=d))
    total = MPQ(0)
    uppers = []
    for s in symbols:
        derivative = sympy.diff(expr, s)
        try:
            ball_fn = compile_expression(derivative, symbols).ball
        except InvalidArgument as exc:
            raise InvalidArgument(f"cannot bound d/d{s} of {expr} ({exc}); give lipschitz=") from None
        upper = MPQ(0)
        with ball_precision(128):
            for box in boxes:
                enclosure = ball_fn(box)
                if not enclosure.is_finite():
                    raise InvalidArgument(f"d/d{s} of {expr} is not bounded on [0, 1]^{d}; give lipschitz=")
                upper = max(upper, *(abs(v) for v in ball_bounds(enclosure)))
        # Round up to a multiple of 2^-8 so that the constant stays readable.
        scaled = upper * 256
        upper = MPQ(-(-scaled.numerator // scaled.denominator), 256)
        uppers.append(upper)
        total += upper * upper
    if total == 0:
        return sympy.Integer(1)  # constant target: any positive constant is a valid bound
    return to_sympy(uppers[0]) if d == 1 else sympy.sqrt(to_sympy(total))


def parse_target(text: str, d: int, lipschitz=None, holder=None, modulus=None) -> Target:
    """CLI form: ``--f "sin(3*x1)*x2/2"`` with optional ``--lipschitz`` / ``--holder alpha,lam`` / ``--modulus``."""
    if holder is not None and isinstance(holder, str):
        parts = holder.split(",")
        if len(parts) != 2:
            raise InvalidArgument(f"holder={holder!r} must be 'alpha,lam'")
        holder = tuple(parse_number(p, name) for p, name in zip(parts, ("alpha", "lam")))
    if isinstance(lipschitz, str):
        lipschitz = parse_number(lipschitz, "lipschitz")
    return Target.from_expression(text, d, lipschitz=lipschitz, holder=holder, modulus=modulus)


_HYPOTHESIS = "the theorems need f continuous, hence bounded, on [0, 1]^d"


def _point_text(point) -> str:
    return "(" + ", ".join(str(v) for v in point) + ")"
