"""The ReQU spline of :mod:`.requ_spline` on ``[0, 1]^2``: tensor-product B-splines and local
Taylor polynomials, parameters bounded independently of ``K`` [R].

Main statement
--------------
With ``B_j``, ``c_j``, ``tau_j`` as in :mod:`.requ_spline` (``K = 2^m`` cells per axis) and ``p_jl`` the
Taylor polynomial of total degree ``q - 1`` of ``f`` at ``(c_j, c_l)``, written in the local variables
``v = K(x_1 - c_j)``, ``w = K(x_2 - c_l)`` as ``p_jl = sum_{a+b<q} a_jl,ab v^a w^b``
(``a_jl,ab = d^(a,b) f(c_j, c_l) / (a! b! K^(a+b))``), the network computes exactly

    s(x) = sum_{j,l} sum_{a+b<q} a_jl,ab [v^a B_j(x_1)] [w^b B_l(x_2)],

and, since ``sum_{j,l} B_j(x_1) B_l(x_2) = 1`` on ``[0, 1]^2`` and ``|x_i - c| <= 3/(2K)`` on the supports,

    sup_{[0,1]^2} |f - s| <= (3/(2K))^q sum_{|alpha| = q} M_alpha / alpha! + rho sum_{a+b<q} (3/2)^(a+b),

``M_alpha`` a rigorous bound of ``sup |d^alpha f|`` (arb on a 16 x 16 grid of boxes), ``rho`` the
rounding radius of the coefficients (``0`` for polynomials).

Network: the two coordinates' trees side by side (:func:`.requ_spline.scaled_coordinates`); the leaf
layer gives ``B_j(x_i)`` and ``v``/``w`` ([I]); ``q - 1`` layers multiply ``P_a = v^a B_j`` by ``v``
([P]), carrying the others ([I]); one layer forms the products ``P_a(x_1) P_b(x_2)`` ([P]); the
output weighs them by ``a_jl,ab``.  Depth ``m + q``, width ``2 (K+2) q(q+1)`` in the last layer.

Parameter bound (Lemma, [R]): ``|theta| <= max(4, beta / 4)``, ``beta = max |a_jl,ab|``.  The tree and
leaves are those of :mod:`.requ_spline` (``<= 4``); the power and product layers read ``+-(P +- P')``,
``+-(P +- 1)`` of bias-free gadget forms with coefficients ``1/4, 1/2, 3/2`` and biases ``1``; the
output's weights are ``a_jl,ab / 4`` (the [P] gadget's ``+-1/4``).

What is checked: the network against :func:`spline_value_2d` at exact points (the identity is exact
on R^2, but there is no exact 2-D form to prove it on the whole square); the parameter bound exactly;
the error as ``[lo, hi]``: ``lo`` rigorous at grid points, ``hi`` the a-priori bound above.
"""

import itertools
import math

import sympy

from .._backend import MPQ
from ..balls import compile_expression, exact_ball
from ..errors import BoundViolation, InvalidArgument
from ..expressions import parse_expression
from ..interpret.exact import evaluate
from ._layers import parse_int
from ._requ_chain import Chain, Form, identity, product
from .construction import Construction
from .estimates import Estimate
from .growth_rows import bound_text, interval_text, size_fields
from .registry import register
from .requ_spline import B_SPLINE, REFERENCE, cell_centres, check_sizes, spline_gadget, scaled_coordinates
from .taylor import finite_bounds, rounded_value

__all__ = ["requ_spline_2d", "spline_value_2d", "growth_point_2d", "SYMBOLS"]

SYMBOLS = tuple(sympy.symbols("x1 x2", real=True))


def _expression(target):
    expr = parse_expression(target, {str(s): s for s in SYMBOLS}, "target") if isinstance(target, str) else target
    if not isinstance(expr, sympy.Basic):
        raise InvalidArgument(f"target={target!r} must be an expression in x1, x2")
    return expr


def _coefficient(expr, point, bits=64) -> tuple:
    """``expr`` at the rational ``point``: exact when rational, else a rounded arb midpoint and its radius."""
    exact = expr.subs(dict(zip(SYMBOLS, (sympy.Rational(int(p.numerator), int(p.denominator)) for p in point))))
    if exact.is_Rational:
        return MPQ(int(exact.p), int(exact.q)), MPQ(0)
    return rounded_value(compile_expression(expr, SYMBOLS).ball(tuple(exact_ball(p) for p in point)),
                         f"{expr} at {point}", bits)


def _monomials(q: int) -> list:
    return [(a, b) for a in range(q) for b in range(q - a)]


def _estimate(target, q, K) -> Estimate:
    return Estimate(2 * (K + 2) ** 2 * q * (q + 1) + 16 * (K + 2) * q, K.bit_length() + q + 1,
                    80 + 2 * q * (K.bit_length() + 2) + 8 * q, in_dim=2)


@register(
    "requ-spline-2d",
    "[R] tensor-product ReQU B-splines times local Taylor polynomials of total degree q-1 on K^2 cells of "
    "[0,1]^2: depth log2 K + q, parameters bounded independently of K",
    parameters={"target": (str, "target f(x1, x2) on [0, 1]^2, e.g. 'x1**2*x2'"),
                "q": (parse_int(1), "smoothness q: local polynomials of total degree q - 1"),
                "K": (parse_int(2), "cells per axis, a power of two")},
    estimate=_estimate,
)
def requ_spline_2d(target, q: int, K: int) -> Construction:
    """The 2-D ReQU spline network of the module statement.

    Raises
    ------
    InvalidArgument
        For ``q < 1``, ``K`` not a power of two ``>= 2`` or a target that is not smooth on ``[0, 1]^2``.

    Examples
    --------
    >>> c = requ_spline_2d("x1*x2", 2, 2)       # degree-1 local polynomials on 2 x 2 cells
    >>> evaluate(c.network, [["1/3", "1/2"]])[0][0] == spline_value_2d(c, ("1/3", "1/2"))
    True
    """
    m = check_sizes(q, K)
    expr = _expression(target)
    cells, monomials = cell_centres(K), _monomials(q)
    derivatives = {ab: sympy.diff(expr, SYMBOLS[0], ab[0], SYMBOLS[1], ab[1]) for ab in monomials}
    coefficients, rho = {}, MPQ(0)
    for (j, cj, _), (l, cl, _) in itertools.product(cells, cells):
        for (a, b), g in derivatives.items():
            value, radius = _coefficient(g, (cj, cl))
            scale = math.factorial(a) * math.factorial(b) * K ** (a + b)
            coefficients[j, l, a, b] = value / scale
            rho = max(rho, radius / scale)
    chain = Chain(2)
    t = scaled_coordinates(chain, 2, m)
    gadgets = []
    for i in range(2):
        for j, _, tau in cells:
            gadgets += [spline_gadget(t[i][j])] + ([identity(t[i][j] + Form({}, -tau))] if q > 1 else [])
    state = chain.layer(gadgets)
    step = 2 if q > 1 else 1
    powers = [[[state[step * (i * len(cells) + n)]] for n in range(len(cells))] for i in range(2)]
    local = [[state[step * (i * len(cells) + n) + 1] for n in range(len(cells))] for i in range(2)] if q > 1 else None
    for a in range(q - 1):  # P_{a+1} = P_a v, the others carried
        gadgets, sizes = [], []
        for i in range(2):
            for n in range(len(cells)):
                ps = powers[i][n]
                gadgets += [identity(p) for p in ps] + [product(ps[-1], local[i][n])]
                gadgets += [identity(local[i][n])] if a < q - 2 else []
                sizes.append(len(ps) + 1)
        state = chain.layer(gadgets)
        k = 0
        for i in range(2):
            for n in range(len(cells)):
                size = sizes[i * len(cells) + n]
                powers[i][n] = state[k:k + size]
                if a < q - 2:
                    local[i][n] = state[k + size]
                k += size + (a < q - 2)
    gadgets, keys = [], []
    for (n1, (j, _, _)), (n2, (l, _, _)) in itertools.product(enumerate(cells), enumerate(cells)):
        for a, b in monomials:
            gadgets.append(product(powers[0][n1][a], powers[1][n2][b]))
            keys.append((j, l, a, b))
    products = chain.layer(gadgets)
    output = sum((p * coefficients[key] for p, key in zip(products, keys)), Form({}, 0))
    net = chain.build([output])
    beta = max(abs(c) for c in coefficients.values())
    claims = {"depth": m + q, "cells": K * K, "max_abs_weight": max(MPQ(4), beta / 4), "beta": beta,
              "coefficient_radius": rho, "sup_error": _error_bound(expr, q, K, rho), "box": ((0, 0), (1, 1)),
              "coefficients": coefficients, "identity": "s(x) = sum_jl sum_ab a_jl,ab v^a B_j(x1) w^b B_l(x2) on R^2"}
    return Construction("requ-spline-2d", net, {"target": str(expr), "q": q, "K": K}, claims, reference=REFERENCE)


def spline_value_2d(construction: Construction, point) -> MPQ:
    """``s(point)`` from the formula (the slow reference for the network)."""
    K, q = construction.parameters["K"], construction.parameters["q"]
    x = [MPQ(p) for p in point]
    factors = []
    for xi in x:
        row = {}
        for j, _, tau in cell_centres(K):
            t = K * xi - j
            spline = sum(c * max(t - r, 0) ** 2 for r, c in enumerate(B_SPLINE))
            row[j] = [spline * (t - tau) ** a for a in range(q)]
        factors.append(row)
    terms = construction.claims["coefficients"].items()
    return sum((c * factors[0][j][a] * factors[1][l][b] for (j, l, a, b), c in terms), MPQ(0))


def _error_bound(expr, q, K, rho, boxes: int = 16) -> MPQ:
    total = MPQ(0)
    for a in range(q + 1):
        g = compile_expression(sympy.diff(expr, SYMBOLS[0], a, SYMBOLS[1], q - a), SYMBOLS).ball
        M = MPQ(0)
        for u, v in itertools.product(range(boxes), repeat=2):
            box = tuple(exact_ball(MPQ(2 * k + 1, 2 * boxes), MPQ(1, 2 * boxes)) for k in (u, v))
            lo, hi = finite_bounds(g(box), f"d^({a},{q - a}) {expr} on a box")
            M = max(M, abs(lo), abs(hi))
        total += M / (math.factorial(a) * math.factorial(q - a))
    return MPQ(3, 2 * K) ** q * total + rho * sum(MPQ(3, 2) ** (a + b) for a, b in _monomials(q))


def growth_point_2d(target="x1**2*x2", q: int = 2, K: int = 4, grid: int = 8) -> dict:
    """A growth-sweep row of :func:`requ_spline_2d` (keys as :func:`.requ_spline.growth_point`).

    ``error_bound`` is ``"[lo, hi]"``: ``lo`` the largest rigorous ``|phi(x) - f(x)|`` on the
    ``(grid + 1)^2`` exact grid points (where the network is also checked against the formula), ``hi``
    the a-priori bound; ``error_kind`` says so.

    Raises
    ------
    BoundViolation
        When the network differs from :func:`spline_value_2d` at a grid point.
    """
    c = requ_spline_2d(target, q, K)
    f = compile_expression(_expression(target), SYMBOLS).ball
    lower = MPQ(0)
    points = [(MPQ(u, grid), MPQ(v, grid)) for u, v in itertools.product(range(grid + 1), repeat=2)]
    for point, (value,) in zip(points, evaluate(c.network, [list(p) for p in points])):
        if value != spline_value_2d(c, point):
            raise BoundViolation(f"requ-spline-2d: the network is {value} at {point}, the spline s is "
                                 f"{spline_value_2d(c, point)}", witness=point)
        lo, hi = finite_bounds(f(tuple(exact_ball(p) for p in point)) - exact_ball(value), f"the target at {point}")
        lower = max(lower, lo, -hi)
    return {"construction": "requ-spline-2d", "target": str(_expression(target)), "q": q, "K": K,
            **size_fields(c.network), "parameter_bound": bound_text(c.claims["max_abs_weight"], up=True),
            "error_bound": interval_text(lower, c.claims["sup_error"]),
            "error_kind": "rigorous: lo at exact grid points (network = s checked there), hi the a-priori bound",
            "a_priori_error_bound": bound_text(c.claims["sup_error"], up=True)}
