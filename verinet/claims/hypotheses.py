"""A declared modulus of continuity is a hypothesis: refute it by a witness, or prove it, or say so.

The intrinsic-parameter theorems hold for ``f`` with modulus of continuity ``omega_f``; a user
declares an upper bound ``omega`` (a Lipschitz constant, Hölder data, or an expression in
``r``).  A false declaration would make a certificate pass for a network that is far off, so
before any theorem runs, :func:`check_modulus` decides what it can, rigorously:

* **Is it a modulus?**  ``omega(0) = 0`` exactly, and ``omega`` nondecreasing on
  ``[0, sqrt d]`` (an arb enclosure of ``omega'`` is ``>= 0`` on each of
  :data:`MONOTONE_PIECES` subintervals); otherwise it is refused.
* **Refutation.**  For points ``x, y`` of the cube, ``|f(x) - f(y)| > omega(||x - y||_2)``
  refutes the declaration: decided when a rational lower bound of the left side (arb balls
  of ``f``) exceeds an upper bound of the right side.  The pairs searched are the neighbours
  along every axis on dyadic grids of spacing ``2^-k`` (``k = 1, 2, ...`` while the grid has
  at most :data:`MAX_GRID_POINTS` points), then the steepest pair is bisected
  :data:`ZOOM_STEPS` times -- this finds steep spots and jumps (``sign(x1 - 1/3)``); a point
  where ``f`` is not finite (``1/x1`` at 0) is refused as well (by :meth:`Target.bounds`).
  For an expression target in ``d >= 2`` the steepest slope need not lie along an axis
  (``x1 x2 / 2`` is ``sqrt(2)/2``-Lipschitz, along the diagonal at ``(1, 1)``): at the grid
  point of largest gradient, pairs ``x, x + t g`` along a rational approximation ``g`` of the
  gradient are tried for ``t = 2^-1 ... 2^-GRADIENT_STEPS`` (``omega`` at a rational upper
  bound of ``||t g||_2``, sound since ``omega`` is nondecreasing).
* **Proof.**  :func:`~verinet.claims.targets.lipschitz_bound` with subdivision gives a
  rigorous Lipschitz constant ``L``; ``L r <= omega(r)`` on ``[0, sqrt d]`` proves the
  declaration, decided for Lipschitz data (``L <= lam``) and Hölder data
  (``L r = L r^(1 - alpha) r^alpha <= L sqrt(d)^(1 - alpha) r^alpha``, so
  ``L sqrt(d)^(1 - alpha) <= lam`` suffices).  When that bound is too loose (a declaration
  equal to the true constant, such as ``L = 1`` for ``x1**2/2``), a tighter one is tried:
  ``L = sqrt(sum_i u_i^2)`` with ``u_i >= sup |d f / d x_i|`` from
  :func:`~verinet.claims.smoothness.sup_abs_bound`, which is the exact sup where the
  derivative is monotone on its sub-boxes (polynomials, after subdivision).
* **Subadditivity.**  No proof verinet checks uses ``omega(a + b) <= omega(a) + omega(b)``: the
  intrinsic-parameter and smooth-function proofs use only ``omega_f <= omega`` and that
  ``omega`` is nondecreasing, so subadditivity is not required of a declared modulus.

What survives both is reported as an assumption: the verdict is "pass, assuming declared hypotheses".
"""

import itertools
from dataclasses import dataclass

import sympy

from .._backend import MPQ, ball_precision, integer_root
from ..balls import ball_bounds, compile_expression, exact_ball
from ..errors import InvalidArgument
from ..numbers import decimal_bound
from ..reals import is_le, to_sympy
from .targets import DERIVED, R, lipschitz_bound, symbols_for

__all__ = ["ModulusCheck", "check_modulus", "MAX_GRID_POINTS", "ZOOM_STEPS", "MONOTONE_PIECES", "PROOF_PIECES"]

MAX_GRID_POINTS = 1100  # points of one dyadic search grid
ZOOM_STEPS = 40  # bisections of the steepest pair
MONOTONE_PIECES = 64  # subintervals of [0, sqrt d] on which omega' >= 0 is checked
PROOF_PIECES = 16  # sub-cubes per axis for the derived Lipschitz constant (at most 256 sub-cubes in all)
TIGHT_BOXES = 256  # sub-boxes per partial derivative for the tighter constant
GRADIENT_STEPS = 30  # step lengths 2^-1 .. 2^-30 along the gradient
_PREC = 128


@dataclass(frozen=True)
class ModulusCheck:
    """What is known of the declared modulus after :func:`check_modulus`.

    ``status`` is ``"derived"`` (verinet computed it), ``"proven"`` (declared and implied by
    the derived Lipschitz constant ``lipschitz_upper``) or ``"assumed"`` (declared, not refuted
    by ``pairs`` pairs, not proven).
    """

    status: str
    pairs: int
    lipschitz_upper: object = None

    def record(self) -> dict:
        """The certificate's account of the hypothesis."""
        out = {"status": self.status, "pairs_searched": self.pairs}
        if self.lipschitz_upper is not None:
            out["lipschitz_upper_bound"] = str(self.lipschitz_upper)
        return out

    def assumption(self, target) -> list:
        """``["omega_f(r) <= ..."]`` when the verdict rests on the declaration, else ``[]``."""
        if self.status != "assumed":
            return []
        known = f"; verinet's own Lipschitz bound is {self.lipschitz_upper}" if self.lipschitz_upper is not None else ""
        return [f"omega_f(r) <= {target.modulus} (declared, not refuted by {self.pairs} pairs, not proven{known})"]


def check_modulus(target) -> ModulusCheck:
    """Refute, prove or label ``target``'s modulus (see the module docstring).

    Raises
    ------
    InvalidArgument
        When the modulus is not a modulus, ``f`` is not finite at a searched point, or a
        witness pair refutes the declaration (the message names the pair and both sides).
    """
    if target.modulus_source == DERIVED:
        return ModulusCheck("derived", 0)
    _check_is_modulus(target)
    omega = compile_expression(target.modulus, (R,)).ball
    pairs = _search(target, omega)
    lipschitz = _derived_lipschitz(target)
    if _proves(target, lipschitz):
        return ModulusCheck("proven", pairs, lipschitz)
    tight = _tight_lipschitz(target) if target.holder is not None else None
    if _proves(target, tight):
        return ModulusCheck("proven", pairs, tight)
    return ModulusCheck("assumed", pairs, lipschitz if tight is None else tight)


def _proves(target, lipschitz) -> bool:
    """``L r <= lam r^alpha`` on ``[0, sqrt d]`` for the declared Hölder data (Lipschitz: ``alpha = 1``)."""
    if lipschitz is None or target.holder is None:
        return False
    alpha, lam = target.holder
    return is_le(lipschitz * sympy.sqrt(target.d) ** (1 - alpha), lam)


def _check_is_modulus(target) -> None:
    at_zero = sympy.limit(target.modulus, R, 0, "+") if target.holder is None else 0
    if at_zero != 0:
        raise InvalidArgument(f"modulus {target.modulus} is not a modulus of continuity: omega(0) = {at_zero}, not 0")
    if target.holder is not None:
        return  # lam r^alpha with lam > 0, alpha in (0, 1]: nondecreasing, omega(0) = 0
    derivative = compile_expression(sympy.diff(target.modulus, R), (R,)).ball
    top = sympy.sqrt(target.d)
    for i in range(MONOTONE_PIECES):
        lo, hi = (_upper(top * k / MONOTONE_PIECES) for k in (i, i + 1))
        with ball_precision(_PREC):
            slope = derivative((exact_ball((lo + hi) / 2, (hi - lo) / 2),))
        if slope.is_finite() and ball_bounds(slope)[1] < 0:
            raise InvalidArgument(f"modulus {target.modulus} is not a modulus of continuity: it decreases on "
                                  f"[{lo}, {hi}]")


def _upper(value) -> MPQ:
    """A rational ``>= value`` (``value`` a sympy number; itself when rational)."""
    if value.is_Rational:
        return MPQ(int(value.p), int(value.q))
    with ball_precision(_PREC):
        return ball_bounds(compile_expression(value, ()).ball(()))[1]


def _search(target, omega) -> int:
    """Search witness pairs on dyadic grids, then zoom into the steepest; the number of pairs tried."""
    values = {}

    def f(point):
        if point not in values:
            values[point] = target.bounds(point, _PREC)  # refuses a point where f is not finite
        return values[point]

    pairs, steepest = 0, None
    k = 1
    while (2**k + 1) ** target.d <= MAX_GRID_POINTS:
        h = MPQ(1, 2**k)
        for point in itertools.product([i * h for i in range(2**k + 1)], repeat=target.d):
            for axis in range(target.d):
                if point[axis] == 1:
                    continue
                other = point[:axis] + (point[axis] + h,) + point[axis + 1:]
                excess = _excess(target, f, omega, point, other, h)
                pairs += 1
                if steepest is None or excess > steepest[0]:
                    steepest = (excess, point, other, axis)
        k += 1
    pairs += _gradient_search(target, f, omega)
    if steepest is None:
        return pairs
    _, x, y, axis = steepest
    for _ in range(ZOOM_STEPS):
        m = x[:axis] + ((x[axis] + y[axis]) / 2,) + x[axis + 1:]
        step = (y[axis] - x[axis]) / 2
        (x, y) = max(((x, m), (m, y)), key=lambda pair: _excess(target, f, omega, *pair, step))
        pairs += 2
    return pairs


def _gradient_search(target, f, omega) -> int:
    """Pairs along the gradient at the steepest point of the last search grid (module docstring)."""
    if target.expr is None or target.d < 2:
        return 0
    symbols = symbols_for(target.d)
    try:
        partials = [compile_expression(sympy.diff(target.expr, x), symbols).ball for x in symbols]
    except InvalidArgument:
        return 0
    k = 1
    while (2 ** (k + 1) + 1) ** target.d <= MAX_GRID_POINTS:
        k += 1
    h = MPQ(1, 2**k)

    def gradient(point):
        with ball_precision(_PREC):
            balls = [p([exact_ball(v) for v in point]) for p in partials]
        if not all(b.is_finite() for b in balls):
            return None
        return [_dyadic(sum(ball_bounds(b), MPQ(0)) / 2) for b in balls]

    grads = ((point, gradient(point)) for point in itertools.product([i * h for i in range(2**k + 1)], repeat=target.d))
    scored = [(sum(g * g for g in grad), point, grad) for point, grad in grads if grad is not None]
    if not scored:
        return 0
    norm2, x, g = max(scored)
    if norm2 == 0:
        return 0
    pairs = 0
    for j in range(1, GRADIENT_STEPS + 1):
        t = MPQ(1, 2**j)
        for sign in (1, -1):
            y = tuple(v + sign * t * c for v, c in zip(x, g))
            if all(0 <= v <= 1 for v in y):
                _excess(target, f, omega, x, y, _upper(sympy.sqrt(to_sympy(t * t * norm2))))
                pairs += 1
                break
    return pairs


def _dyadic(q) -> MPQ:
    """``q`` rounded to a multiple of ``2^-20`` (a short direction vector)."""
    scaled = q * 2**20
    return MPQ(scaled.numerator // scaled.denominator, 2**20)


def _excess(target, f, omega, x, y, distance) -> MPQ:
    """A rational lower bound of ``|f(x) - f(y)| - omega(distance)``; raises when it is positive."""
    (x_lo, x_hi), (y_lo, y_hi) = f(x), f(y)
    jump_lo = max(x_lo - y_hi, y_lo - x_hi, MPQ(0))
    with ball_precision(_PREC):
        omega_hi = ball_bounds(omega((exact_ball(distance),)))[1]
    excess = jump_lo - omega_hi
    if excess > 0:
        raise InvalidArgument(
            f"the declared modulus omega(r) = {target.modulus} is refuted: at x = ({_points(x)}), y = ({_points(y)}), "
            f"|f(x) - f(y)| >= {decimal_bound(jump_lo, up=False)} > {decimal_bound(omega_hi, up=True)} >= "
            f"omega({distance if len(str(distance)) <= 24 else '<= ' + decimal_bound(distance, up=True)})")
    return excess


def _points(point) -> str:
    return ", ".join(map(str, point))


def _tight_lipschitz(target):
    """``sqrt(sum_i u_i^2)`` with ``u_i`` the upper bound of ``sup |d_i f|`` of
    :func:`~verinet.claims.smoothness.sup_abs_bound` (exact on monotone sub-boxes), or None."""
    from .smoothness import sup_abs_bound

    if target.expr is None:
        return None
    try:
        uppers = [sup_abs_bound(sympy.diff(target.expr, x), target.d, max_boxes=TIGHT_BOXES).upper
                  for x in symbols_for(target.d)]
    except InvalidArgument:
        return None
    total = sum((u * u for u in uppers), MPQ(0))
    return to_sympy(uppers[0]) if target.d == 1 else sympy.sqrt(to_sympy(total))


def _derived_lipschitz(target):
    if target.expr is None:
        return None
    pieces = max(1, min(PROOF_PIECES, integer_root(256, target.d)))
    try:
        return lipschitz_bound(target.expr, target.d, pieces)
    except InvalidArgument:
        return None
