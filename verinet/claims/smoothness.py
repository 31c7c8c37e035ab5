"""C^s norms of targets: ``||f||_{C^s} = max_{|alpha| <= s} ||d^alpha f||_{L^inf([0,1]^d)}``, bounded rigorously.

Lu-Shen-Yang-Zhang 2021 (Section 2.1, p. 10) measure a target by its C^s norm; Theorem 1.1
scales the error by it and Theorem 2.2 assumes ``||d^alpha f||_inf <= 1`` for ``|alpha| <= s``.
:func:`smoothness_of` computes every partial derivative ``d^alpha f`` symbolically (sympy)
and bounds its sup-norm on the cube by branch and bound over dyadic sub-boxes:

* On a box where every first partial derivative of ``g = d^alpha f`` has an enclosure of
  constant sign, ``g`` is monotone in each variable, so ``max |g|`` on the box is attained
  at a corner: the corner values are computed exactly (rationals, for polynomial ``g``) or
  as arb balls.  Such a box is *resolved*.
* Otherwise the box is enclosed by ball arithmetic (an upper bound of ``|g|``); boxes whose
  enclosure does not exceed the best value already attained are dropped, the others are
  bisected, at most :data:`MAX_BOXES` boxes per derivative.

The result is an upper bound ``U_alpha >= ||d^alpha f||_inf`` and a witness ``(x, l)`` with
``|d^alpha f(x)| >= l``; ``U_alpha`` is the exact sup (``U_alpha = l``) when every box was
resolved at rational corner values (e.g. a polynomial that is monotone on sub-boxes).

The partial derivatives themselves are :func:`verinet.constructions.smooth.derivatives`
(the builders of the paper's network need them too).

A declared bound ``B`` of ``||f||_{C^s}`` is a hypothesis, treated as a declared modulus is
(:mod:`verinet.claims.hypotheses`): refused with the witness when some ``l > B`` (it is then
false), ``"proven"`` when ``max U_alpha <= B``, else ``"assumed"`` and reported as such.
"""

import itertools
from dataclasses import dataclass

import sympy

from .._backend import MPQ, ball_precision
from ..balls import NotRational, ball_bounds, compile_expression, exact_ball
from ..constructions.smooth import MAX_DERIVATIVES, derivatives
from ..errors import InvalidArgument
from ..numbers import as_rational
from .targets import Smoothness, Target, symbols_for

__all__ = ["derivatives", "sup_abs_bound", "SupBound", "smoothness_of", "CsCheck",
           "check_declared_norm", "MAX_BOXES", "MAX_DERIVATIVES"]

MAX_BOXES = 4096  # sub-boxes examined per derivative
TOLERANCE = MPQ(1, 2**32)  # a box whose enclosure is within this (relative) of the best value is not split
MIN_WIDTH = MPQ(1, 2**40)  # boxes are not split below this side
_PREC = 128


@dataclass(frozen=True)
class SupBound:
    """``lower <= |g(witness)|`` and ``sup_{[0,1]^d} |g| <= upper``; ``exact`` when ``upper`` is the sup."""

    upper: MPQ
    lower: MPQ
    witness: tuple
    exact: bool
    boxes: int


def _abs_upper(ball) -> MPQ:
    lo, hi = ball_bounds(ball)
    return max(abs(lo), abs(hi))


def _abs_lower(lo, hi) -> MPQ:
    return max(lo, -hi, MPQ(0))


def sup_abs_bound(g, d: int, max_boxes: int = MAX_BOXES, box=None) -> SupBound:
    """Rigorous bounds of ``sup_box |g|`` for a sympy expression ``g`` in ``x1..xd`` (module docstring);
    ``box`` is a sequence of ``d`` rational intervals ``(a, b)``, default ``[0, 1]^d``.

    Raises
    ------
    InvalidArgument
        When ``g`` has no ball rule or is not finite on a box (unbounded, undefined).
    """
    symbols = symbols_for(d)
    value = compile_expression(g, symbols)
    gradient = [compile_expression(sympy.diff(g, x), symbols).ball for x in symbols]
    box = tuple((MPQ(0), MPQ(1)) for _ in range(d)) if box is None else tuple(
        (as_rational(a, "box"), as_rational(b, "box")) for a, b in box)
    best = [MPQ(0), tuple(a for a, _ in box)]  # a lower bound of sup |g| and where it is attained
    exact = [True]

    def at(point):
        try:
            q = value.exact(point)
            lo = hi = q
        except NotRational:
            exact[0] = False
            with ball_precision(_PREC):
                lo, hi = ball_bounds(value.ball([exact_ball(v) for v in point]))
        if _abs_lower(lo, hi) > best[0]:
            best[0], best[1] = _abs_lower(lo, hi), point
        return max(abs(lo), abs(hi))

    def enclose(fn, box):
        with ball_precision(_PREC):
            ball = fn([exact_ball((a + b) / 2, (b - a) / 2) for a, b in box])
        if not ball.is_finite():
            raise InvalidArgument(f"{g} is not bounded on the box {_box_text(box)} of [0, 1]^{d}; "
                                  f"declare the C^s norm instead (--cs-norm)")
        return ball

    at(best[1])
    pending, upper, boxes = [box], MPQ(0), 0
    while pending:
        box = pending.pop()
        boxes += 1
        if all(_monotone(enclose(fn, box)) for fn in gradient):
            upper = max(upper, *(at(corner) for corner in itertools.product(*box)))
            continue
        top = _abs_upper(enclose(value.ball, box))
        if top <= best[0]:
            continue
        at(tuple((a + b) / 2 for a, b in box))
        if top <= best[0] * (1 + TOLERANCE) + TOLERANCE or len(pending) + boxes >= max_boxes \
                or max(b - a for a, b in box) <= MIN_WIDTH:
            upper, exact[0] = max(upper, top), False
            continue
        axis = max(range(d), key=lambda i: box[i][1] - box[i][0])
        a, b = box[axis]
        m = (a + b) / 2
        pending += [box[:axis] + ((a, m),) + box[axis + 1:], box[:axis] + ((m, b),) + box[axis + 1:]]
    upper = max(upper, best[0])
    return SupBound(upper, best[0], best[1], exact[0] and upper == best[0], boxes)


def _monotone(ball) -> bool:
    """The enclosure of a partial derivative has one sign: ``g`` is monotone in that variable on the box."""
    lo, hi = ball_bounds(ball)
    return lo >= 0 or hi <= 0


def _box_text(box) -> str:
    return " x ".join(f"[{a}, {b}]" for a, b in box)


def smoothness_of(target: Target, s: int, max_boxes: int = MAX_BOXES) -> tuple:
    """``(Smoothness, {alpha: SupBound})``: derived bounds of every ``||d^alpha f||_inf``, ``|alpha| <= s``.

    ``Smoothness.norm`` is ``max_alpha upper`` (an upper bound of ``||f||_{C^s}``, exact when
    every ``SupBound.exact``); ``source`` says which.

    Raises
    ------
    InvalidArgument
        For a target without an expression or ``s < 1``.
    """
    if target.expr is None:
        raise InvalidArgument("a C^s target needs an expression (callables have no symbolic derivatives)")
    if type(s) is not int or s < 1:
        raise InvalidArgument(f"s={s!r} must be an int >= 1")
    bounds = {alpha: sup_abs_bound(g, target.d, max_boxes) for alpha, g in derivatives(target.expr, target.d, s).items()}
    exact = all(b.exact for b in bounds.values())
    norm = max(b.upper for b in bounds.values())
    source = "derived, exact sup (monotone sub-boxes, rational corner values)" if exact else \
        "derived, rigorous upper bound (ball arithmetic with subdivision)"
    return Smoothness(s, {alpha: b.upper for alpha, b in bounds.items()}, norm, source), bounds


@dataclass(frozen=True)
class CsCheck:
    """The account of a C^s norm: ``status`` ``"derived"``, ``"proven"`` (declared and ``<=`` the
    derived bound... i.e. implied by it) or ``"assumed"`` (declared, not refuted, not proven)."""

    status: str
    norm: object  # the bound used: derived upper bound, or the declaration
    derived_upper: MPQ
    exact: bool

    def record(self) -> dict:
        return {"status": self.status, "norm_used": str(self.norm), "derived_upper_bound": str(self.derived_upper),
                "derived_exact": self.exact}

    def assumption(self) -> list:
        if self.status != "assumed":
            return []
        return [f"||f||_{{C^s}} <= {self.norm} (declared, not refuted, not proven; verinet's bound is "
                f"{self.derived_upper})"]


def check_declared_norm(target: Target, s: int, declared=None, max_boxes: int = MAX_BOXES) -> tuple:
    """``(CsCheck, Smoothness)`` for ``target`` with an optional declared ``||f||_{C^s} <= declared``.

    Raises
    ------
    InvalidArgument
        When ``declared`` is not a positive exact number, or a derivative value refutes it
        (naming ``alpha``, the point and the certified lower bound).
    """
    smooth, bounds = smoothness_of(target, s, max_boxes)
    exact = all(b.exact for b in bounds.values())
    if declared is None:
        return CsCheck("derived", smooth.norm, smooth.norm, exact), smooth
    declared = as_rational(declared, "cs_norm")
    if declared <= 0:
        raise InvalidArgument(f"cs_norm={declared} must be > 0")
    for alpha, b in bounds.items():
        if b.lower > declared:
            raise InvalidArgument(
                f"the declared ||f||_{{C^s}} <= {declared} is refuted: |d^{alpha} f({', '.join(map(str, b.witness))})| "
                f">= {b.lower} > {declared}")
    status = "proven" if smooth.norm <= declared else "assumed"
    used = Smoothness(s, smooth.derivative_bounds, declared, f"declared ({status})")
    return CsCheck(status, declared, smooth.norm, exact), used
