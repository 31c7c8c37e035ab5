"""ReQU spline networks with uniformly bounded parameters: local Taylor polynomials glued by a
quadratic B-spline partition of unity on ``K = 2^m`` cells of ``[0, 1]`` [R].

Main statement
--------------
Let ``sigma_2(t) = max(t, 0)^2``, ``B(t) = [sigma_2(t) - 3 sigma_2(t-1) + 3 sigma_2(t-2) - sigma_2(t-3)]/2``
the cardinal quadratic B-spline (support ``[0, 3]``, ``B >= 0``, ``sum_j B(t - j) = 1`` for every
real ``t``), ``K = 2^m`` and, for ``j = -2, ..., K-1``, ``B_j(x) = B(Kx - j)``, the centre
``c_j = clamp((j + 3/2)/K, 0, 1)`` and ``p_j`` the Taylor polynomial of degree ``q - 1`` of ``f`` at
``c_j``.  The network computes exactly

    s(x) = sum_{j=-2}^{K-1} p_j(x) B_j(x),

and for ``f in C^q([0, 1])`` (Taylor's theorem on ``supp B_j cap [0, 1]``, where ``|x - c_j| <= 3/(2K)``,
and ``sum_j B_j = 1`` on ``[0, 1]``)

    sup_{[0,1]} |f - s| <= M_q (3/(2K))^q / q! + rho sum_{k<q} (3/2)^k,     M_q = sup_{[0,1]} |f^(q)|,

``rho`` bounding the rounding of the Taylor coefficients (``0`` for a polynomial target).

Network (all ReQU, by the exact identities of :mod:`.requ`)
------------------------------------------------------------
* **Binary tree, m layers.**  Level ``i`` holds ``u_p = 2^i x - p`` for ``p < 2^i`` in identity
  gadgets [I]; a child is ``2 u_p - b``, ``b in {0, 1}`` -- weight ``2 * (1/4)``, bias ``<= 2``.  The
  scale ``K`` enters through the depth ``m = log2 K`` and the width, never through a weight.
* **Leaves** (layer ``m``): ``t_j = Kx - j`` (``t_{-1}, t_{-2}`` are ``t_0 + 1, t_0 + 2``) gives
  ``B_j`` by four neurons ``sigma_2(t_j - r)`` and the local variable ``v_j = t_j - tau_j = K(x - c_j)``
  (``tau_j = K c_j - j in {1, 3/2, 2}``) by [I].
* **Horner, q - 2 layers:** ``p_j = sum_k a_jk v_j^k`` with ``a_jk = f^(k)(c_j) / (k! K^k)``
  (``acc <- acc v_j + a_jk`` by [P], ``v_j`` and ``B_j`` carried by [I]); **one product layer**
  ``p_j B_j`` by [P]; the output sums them.

Width ``4 min(q, 3) (K + 2)``, depth ``m + q - 1``.

Parameter bound (Lemma, [R])
----------------------------
With ``beta = max_{j,k} |a_jk|`` every weight and bias of the layered form satisfies

    |theta| <= max(4, 3 beta / 2),     beta <= max(||f||_inf, max_{1<=k<q} ||f^(k)||_inf / (k! 2^k))  for K >= 2,

independent of ``K``.  Proof, layer by layer (a gadget's value is a form without bias over its own
neurons: ``(h_0 + h_1 - h_2 - h_3)/4`` for [I] and [P], ``(1/2, -3/2, 3/2, -1/2)`` for ``B``; distinct
gadgets read distinct neurons, so a pre-activation's weights are those of one or two such forms):

* tree: pre-activations ``+-(2u - b +- 1)``: weights ``2`` (on the input ``x``) or ``2/4``, biases ``<= 2``;
* leaves: ``t_j - r`` with ``t_j = 2u - b + s`` (shift ``s <= 2``), ``r <= 3``: biases ``s - b - r in [-4, 2]``;
  ``+-(t_j - tau_j +- 1)``: biases ``<= 4``; weights as in the tree;
* ``q = 1``: the output ``sum_j a_j0 B_j`` has weights ``<= 3 beta / 2``;
* ``q >= 2``: ``acc_j = a_j,q-1 v_j + a_j,q-2`` is a form over ``v_j``'s neurons, so the first product
  reads ``(a_j,q-1 +- 1) v_j + a_j,q-2``: weights ``(beta + 1)/4``, bias ``<= beta``; later products and
  carries read ``+-(w +- w')`` or ``+-(w +- 1)``: weights ``1/4``, ``1/2``, ``3/2``, biases ``a_jk`` or ``1``;
  the output sums product gadgets: weights ``1/4``, bias ``0``.

The largest of these is ``max(4, 3 beta / 2)`` (``(beta + 1)/4 <= max(4, beta)``).  :func:`parameter_bound`
is this bound; the tests compare it with the exact largest parameter of the layered form at several
``K`` (it is exactly ``4`` for ``x^3`` at every ``K``).

What is reconstructed
---------------------
The seed (Morina-Holler, citing a ReQU construction it calls [1], spec section 3.4) claims only that
ReQU networks reach uniformly bounded parameters at rate ``O(N^(-q/d))``; neither that paper's
construction nor its constants could be read.  This construction, its bound and its rate
``K^-q`` with ``O(K)`` neurons and depth ``log2 K + q - 1`` are verinet's reconstruction [R].
"""

import math

from .._backend import MPQ
from ..analysis.ppoly1d import degree_bound, piecewise_polynomial_form
from ..analysis.ppoly_error import poly_sup_error
from ..analysis.algebraic import rational_between
from ..balls import ball_bounds, exact_ball
from ..errors import BoundViolation, InvalidArgument
from .growth_rows import bound_text, fit_log2_slope, interval_text, size_fields
from ._layers import check_int, parse_int
from ._requ_chain import Chain, Form, identity, product
from .construction import Construction
from .estimates import Estimate
from .registry import register
from .taylor import derivative_bound, polynomial_ball, target_expression, taylor_coefficients

__all__ = ["requ_spline", "scaled_coordinates", "cell_centres", "check_sizes", "spline_gadget", "spline_value",
           "check_spline_form", "form_error_bounds", "parameter_bound", "error_bound", "growth_point", "spline_growth",
           "B_SPLINE"]

B_SPLINE = (MPQ(1, 2), MPQ(-3, 2), MPQ(3, 2), MPQ(-1, 2))
"""``B(t) = sum_r B_SPLINE[r] sigma_2(t - r)``: the cardinal quadratic B-spline on knots 0, 1, 2, 3."""

REFERENCE = "verinet reconstruction [R] of the seed's ReQU claim (Morina-Holler, spec section 3.4)"


def spline_gadget(t: Form):
    """Neurons ``sigma_2(t - r)``, ``r = 0..3``, and the form of ``B(t)``."""
    return [t + Form({}, -r) for r in range(4)], list(enumerate(B_SPLINE))


def cell_centres(K: int) -> list:
    """``(j, c_j, tau_j)`` for ``j = -2, ..., K-1``."""
    out = []
    for j in range(-2, K):
        c = min(max(MPQ(2 * j + 3, 2 * K), MPQ(0)), MPQ(1))
        out.append((j, c, K * c - j))
    return out


def scaled_coordinates(chain: Chain, d: int, m: int) -> list:
    """The binary trees of the module statement, one per input coordinate, side by side in ``m - 1``
    ReQU layers of ``chain``: returns, per coordinate ``i``, ``{j: form of K x_i - j}`` for
    ``j = -2, ..., K - 1`` (``K = 2^m``), forms over the last tree layer (the input when ``m = 1``)."""
    nodes = [[chain.coordinate(i)] for i in range(d)]  # u_p = 2^level x_i - p
    for _ in range(1, m):
        children = [identity(u * 2 + Form({}, -b)) for us in nodes for u in us for b in (0, 1)]
        state, width = chain.layer(children), 2 * len(nodes[0])
        nodes = [state[i * width:(i + 1) * width] for i in range(d)]
    out = []
    for us in nodes:
        leaves = [u * 2 + Form({}, -b) for u in us for b in (0, 1)]  # t_j = K x_i - j, j = 0..K-1
        out.append({j: leaves[0] + Form({}, -j) for j in (-2, -1)} | dict(enumerate(leaves)))
    return out


def check_sizes(q, K) -> int:
    """``m = log2 K`` after checking ``q >= 1`` and ``K`` a power of two ``>= 2`` (``InvalidArgument``)."""
    check_int(q, "q", 1)
    check_int(K, "K", 2)
    if K & (K - 1):
        raise InvalidArgument(f"K={K} must be a power of two (the tree halves the cells: K = 2^m)")
    return K.bit_length() - 1


def _width(q: int, K: int) -> int:
    """``4(K + 2)`` spline neurons, ``4(K + 2)`` for ``v_j`` when ``q >= 2``, ``4(K + 2)`` more for
    the product in a Horner layer (``q >= 3``)."""
    return 4 * min(q, 3) * (K + 2)


def _estimate(target, q, K) -> Estimate:
    """Weight bits: ``a_jk = f^(k)(c_j) / (k! K^k)`` with ``c_j`` of denominator ``2K`` -- a polynomial
    target of degree ``p`` gives at most ``(p + q)(log2 K + 2)`` bits plus the ``k!``, others 64-bit
    midpoints plus the same."""
    f = target_expression(target)
    degree = f.derivative(0).degree if f.is_polynomial else 0
    return Estimate(_width(q, K), K.bit_length() + q, 80 + (degree + q) * (K.bit_length() + 2) + q * q)


@register(
    "requ-spline",
    "[R] local Taylor polynomials of degree q-1 glued by ReQU quadratic B-splines on K = 2^m cells: "
    "width 4 min(q,3) (K+2), depth log2 K + q - 1, parameters bounded independently of K",
    parameters={"target": (str, "target f on [0, 1], e.g. 'x**3' or 'exp(x)'"),
                "q": (parse_int(1), "smoothness q: local polynomials of degree q - 1"),
                "K": (parse_int(2), "number of cells, a power of two")},
    estimate=_estimate,
)
def requ_spline(target, q: int, K: int) -> Construction:
    """The ReQU spline network ``s = sum_j p_j B_j`` of the module statement for ``target``.

    Returns
    -------
    Construction
        Claims: ``width``, ``depth``, ``degree`` (``q + 1``, the pieces' degree), ``max_abs_weight``
        (:func:`parameter_bound`), ``sup_error`` (:func:`error_bound`, an upper bound),
        ``interval`` ``(0, 1)``, ``coefficient_radius`` ``rho``, ``identity`` and
        ``local_polynomials`` (``(j, tau_j, (a_j0, a_j1, ...))`` for :func:`spline_value`).

    Raises
    ------
    InvalidArgument
        For ``q < 1``, ``K`` not a power of two ``>= 2``, or a target that is not an expression
        in one variable defined on ``[0, 1]``.

    Examples
    --------
    >>> from verinet.interpret.reference import evaluate_reference
    >>> c = requ_spline("x**2", 3, 4)       # degree-2 local polynomials reproduce x^2 exactly
    >>> str(evaluate_reference(c.network, ["1/3"])[0]), c.claims["depth"], str(c.claims["sup_error"])
    ('1/9', 4, '0')
    """
    m = check_sizes(q, K)
    f = target_expression(target)
    r = q - 1
    data = []
    for j, c, tau in cell_centres(K):
        coefficients, rho = taylor_coefficients(f, c, r)
        data.append((j, tau, tuple(a / K**k for k, a in enumerate(coefficients)), rho))
    chain = Chain(1)
    (t,) = scaled_coordinates(chain, 1, m)
    gadgets = []
    for j, tau, _, _ in data:
        gadgets += [spline_gadget(t[j])] + ([identity(t[j] + Form({}, -tau))] if r else [])
    state = chain.layer(gadgets)
    splines, v = state[::2 if r else 1], state[1::2] if r else None
    if not r:
        output = sum((b * a[0] for b, (_, _, a, _) in zip(splines, data)), Form({}, 0))
    else:
        acc = [vj * a[r] + Form({}, a[r - 1]) for vj, (_, _, a, _) in zip(v, data)]
        for k in range(r - 2, -1, -1):
            gadgets, constants = [], []
            for i, (_, _, a, _) in enumerate(data):
                gadgets += [product(acc[i], v[i]), identity(v[i]), identity(splines[i])]
                constants += [a[k], MPQ(0), MPQ(0)]
            state = chain.layer(gadgets, constants)
            acc, v, splines = state[::3], state[1::3], state[2::3]
        output = sum(chain.layer([product(p, b) for p, b in zip(acc, splines)]), Form({}, 0))
    net = chain.build([output])
    beta = max(abs(x) for _, _, a, _ in data for x in a)
    rho = max(rho for *_, rho in data)
    claims = {"width": _width(q, K), "depth": m + r, "degree": q + 1, "cells": K,
              "max_abs_weight": parameter_bound(beta), "beta": beta, "coefficient_radius": rho,
              "sup_error": error_bound(f, q, K, rho), "interval": (MPQ(0), MPQ(1)),
              "local_polynomials": tuple((j, tau, a) for j, tau, a, _ in data),
              "identity": "s(x) = sum_j p_j(x) B(Kx - j) exactly on R"}
    return Construction("requ-spline", net, {"target": str(f), "q": q, "K": K}, claims, reference=REFERENCE)


def spline_value(local_polynomials, K: int, x) -> MPQ:
    """``s(x) = sum_j B(Kx - j) sum_k a_jk (Kx - j - tau_j)^k`` directly (the slow reference the
    network is checked against; ``local_polynomials`` as in the construction's claims)."""
    x = MPQ(x)
    total = MPQ(0)
    for j, tau, a in local_polynomials:
        t = K * x - j
        spline = sum(c * max(t - r, 0) ** 2 for r, c in enumerate(B_SPLINE))
        if spline:
            total += spline * sum(c * (t - tau) ** k for k, c in enumerate(a))
    return total


def check_spline_form(form, construction) -> None:
    """Check exactly that the network's piecewise-polynomial ``form`` is the spline ``s``: on every
    piece (degree ``<= q + 1``) ``q + 2`` rational points where the form and :func:`spline_value`
    agree determine the piece, so agreement at them proves ``phi = s`` on ``[0, 1]``.

    Raises
    ------
    BoundViolation
        Naming the first point where the network differs from ``s``.
    """
    claims, K = construction.claims, construction.parameters["K"]
    for j, poly in enumerate(form.polys):
        a = rational_between(form.breakpoints[j], form.breakpoints[j + 1])
        b = rational_between(a, form.breakpoints[j + 1])
        n = max(len(poly) - 1, claims["degree"]) + 1  # both are polynomials of degree < n on the piece
        for i in range(n):
            x = a + (b - a) * i / (n - 1)
            if form(x) != spline_value(claims["local_polynomials"], K, x):
                raise BoundViolation(f"requ-spline: the network is {form(x)} at x = {x}, the spline s is "
                                     f"{spline_value(claims['local_polynomials'], K, x)}", witness=x)


def form_error_bounds(form, f, cells: int = 8) -> tuple:
    """Rigorous ``(lower, upper)`` for ``sup_{[0,1]} |phi - f|``, ``phi`` an exact form with rational
    breakpoints and ``f`` any smooth target: each piece is cut into ``cells`` cells ``[l, r]`` with
    midpoint ``m`` and half-width ``w``; the error ``e = p - f`` (``p`` the piece's polynomial) satisfies
    ``e([l, r]) subset e(m) + e'(m) [-w, w] + e''([l, r]) [0, w^2] / 2`` (Taylor with Lagrange remainder,
    arb balls; ``f`` twice differentiable), and ``|e(m)|`` bounds the sup from below.  ``upper`` is
    ``None`` when a breakpoint is irrational.
    """
    breakpoints = form.rational_breakpoints()
    lower, upper = MPQ(0), MPQ(0) if len(breakpoints) == len(form.breakpoints) else None
    for poly, l, r in zip(form.polys, form.breakpoints, form.breakpoints[1:]):
        if upper is None:
            break
        slope = tuple(k * c for k, c in enumerate(poly))[1:]
        curvature = tuple(k * c for k, c in enumerate(slope))[1:]
        for i in range(cells):
            a, b = l + (r - l) * i / cells, l + (r - l) * (i + 1) / cells
            m, w = (a + b) / 2, (b - a) / 2
            at_m = exact_ball(form(m)) - f.ball(m)
            d1 = polynomial_ball(slope, exact_ball(m)) - f.enclose(1, m, m)
            d2 = polynomial_ball(_shifted(curvature, m), exact_ball(0, w)) - f.enclose(2, a, b)
            lo, hi = ball_bounds(at_m + d1 * exact_ball(0, w) + d2 * exact_ball(w * w / 4, w * w / 4))
            upper = max(upper, abs(lo), abs(hi))
            lo, hi = ball_bounds(at_m)
            lower = max(lower, lo, -hi)
    if upper is None:  # the lower bound at rational points only
        for x in {rational_between(l, r) for l, r in zip(form.breakpoints, form.breakpoints[1:])}:
            lo, hi = ball_bounds(exact_ball(form(x)) - f.ball(x))
            lower = max(lower, lo, -hi)
    return lower, upper


def _shifted(coefficients, m) -> tuple:
    """The coefficients of ``p(m + u)`` in ``u`` (exact): Horner on a ball centred at 0 keeps the
    enclosure tight where ``p``'s coefficients in ``x`` are large and cancel."""
    out = []
    p = list(coefficients)
    while p:
        out.append(sum((c * m**i for i, c in enumerate(p)), MPQ(0)))
        p = [k * c for k, c in enumerate(p)][1:]
    return tuple(c / math.factorial(i) for i, c in enumerate(out))


def parameter_bound(beta) -> MPQ:
    """The Lemma's bound ``max(4, 3 beta / 2)`` on every weight and bias (``beta = max |a_jk|``)."""
    return max(MPQ(4), 3 * MPQ(beta) / 2)


def error_bound(f, q: int, K: int, rho=MPQ(0)) -> MPQ:
    """``M_q (3/(2K))^q / q! + rho sum_{k<q} (3/2)^k`` with ``M_q`` a rigorous rational upper bound
    of ``sup_{[0,1]} |f^(q)|`` (:func:`~verinet.constructions.taylor.derivative_bound`)."""
    f = target_expression(f) if isinstance(f, str) else f
    M = derivative_bound(f, q)
    return M * MPQ(3, 2 * K) ** q / math.factorial(q) + MPQ(rho) * sum(MPQ(3, 2) ** k for k in range(q))


def growth_point(target="x**3", q: int = 2, K: int = 4) -> dict:
    """One row of a growth sweep of :func:`requ_spline`: sizes, exact parameter magnitudes, error.

    Row keys
    --------
    construction : ``"requ-spline"``;  target, q, K : the parameters;
    width, depth, parameters : of the layered form (:func:`~verinet.interpret.metrics.size_metrics`);
    max_abs_parameter : exact ``"p/q"`` string;  max_parameter_bits : the largest numerator or
    denominator bit size of a parameter;
    parameter_bound : the Lemma's ``max(4, 3 beta / 2)``, independent of ``K`` (rounded up to 6 digits);
    error_bound : for a polynomial target, the *exact* ``sup_{[0,1]} |f - s|`` as ``"p/q"`` (from the
    exact piecewise-polynomial form, :mod:`verinet.analysis.ppoly_error`; ``"[lo, hi]"`` bounds when
    the maximiser is irrational); otherwise the network's exact form is first checked to be ``s``
    (:func:`check_spline_form`) and ``"[lo, hi]"`` are :func:`form_error_bounds` on that form (``hi``
    capped by the a-priori bound).  (Ball subdivision of the network itself,
    :func:`~verinet.analysis.enclose_error.enclose_sup_error`, is valid too but slow here: the
    identity gadgets carry values ``~K`` and each widens an input ball.);
    error_kind : what ``error_bound`` is;
    a_priori_error_bound : :func:`error_bound`, the module statement's bound (rounded up to 6 digits).

    Examples
    --------
    >>> row = growth_point("x**3", 2, 4)
    >>> row["error_bound"], row["a_priori_error_bound"], row["max_abs_parameter"]
    ('[3.52400e-2, 3.52401e-2]', '4.21875e-1', '4')
    """
    return _point(target, q, K)[0]


def _point(target, q, K) -> tuple:
    """The :func:`growth_point` row and the error's rational upper bound."""
    c = requ_spline(target, q, K)
    f = target_expression(target)
    (form,) = piecewise_polynomial_form(c.network, 0, 1, max_degree=max(degree_bound(c.network), 64))
    if f.is_polynomial:
        result = poly_sup_error(form, f.expr)
        upper = result.upper
        error, kind = (str(result.value), "exact") if result.exact else \
            (interval_text(result.lower, upper), "exact form, irrational maximiser: rigorous bounds, upper bound hi")
    else:
        check_spline_form(form, c)
        lower, upper = form_error_bounds(form, f)
        upper = c.claims["sup_error"] if upper is None else min(upper, c.claims["sup_error"])
        error = interval_text(lower, upper)
        kind = "rigorous bounds on the exact form (arb, second-order cells), upper bound hi"
    row = {"construction": "requ-spline", "target": str(f), "q": q, "K": K, **size_fields(c.network),
           "parameter_bound": bound_text(c.claims["max_abs_weight"], up=True), "error_bound": error,
           "error_kind": kind, "a_priori_error_bound": bound_text(c.claims["sup_error"], up=True)}
    return row, upper


def spline_growth(target="x**3", q: int = 2, cells=(2, 4, 8, 16)) -> dict:
    """Rows of :func:`growth_point` over ``K in cells`` and the fitted error rate.

    Returns
    -------
    dict
        ``rows``; ``max_abs_parameter`` (the largest over the rows, exact: bounded, not growing) and
        ``fit``: ``log2_error_per_log2_K`` (least-squares slope of ``log2`` of the error's upper bound
        against ``log2 K``; ``-q`` is the Lemma's rate) and ``label`` (a fit, not a bound).

    Examples
    --------
    >>> g = spline_growth("x**3", 3, (2, 4, 8))
    >>> g["max_abs_parameter"], g["fit"]["log2_error_per_log2_K"]
    ('4', '-2.99999e+0')
    """
    points = [_point(target, q, K) for K in cells]
    slope = fit_log2_slope([K.bit_length() - 1 for K in cells], [upper for _, upper in points])
    return {"rows": [row for row, _ in points],
            "max_abs_parameter": str(max(MPQ(row["max_abs_parameter"]) for row, _ in points)),
            "fit": {"log2_error_per_log2_K": bound_text(slope, up=True),
                    "label": "least-squares fit of log2 sup error (upper bound) against log2 K (a fit, not a bound)"}}
