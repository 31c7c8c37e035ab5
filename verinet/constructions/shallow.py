"""Shallow sigmoid and Gaussian networks by finite differences: exact rational weights, rigorous
error bounds, and the exponential growth of their parameters in the degree [R].

Mechanism [R]
-------------
For a smooth activation ``sigma`` and ``g_y(w) = sigma(b + w y)``, ``g_y^(k)(0) = y^k sigma^(k)(b)``,
so the forward difference ``Delta_h^k g_y(0) = sum_{i=0}^k (-1)^(k-i) C(k, i) sigma(b + i h y)``
gives ``y^k ~ Delta_h^k g_y(0) / (h^k sigma^(k)(b))``.  With ``y = x - x0`` and a degree-``n``
polynomial ``P(x) = sum_k c_k y^k`` (the Taylor polynomial of the target at ``x0``) the
one-hidden-layer network

    N(x) = c_0 + sum_{i=0}^n a_i sigma(i h (x - x0) + b),
    a_i = sum_{k=max(i,1)}^n c_k (-1)^(k-i) C(k, i) / (h^k D_k),

has width ``n + 1``; ``D_k`` is a rational approximation of ``sigma^(k)(b)`` (the midpoint of an
arb ball, rounded), so every weight is an exact rational and ``N`` is exactly specified.  This is
the classical mechanism of the shallow constructions the seed's paper cites (Mhaskar 1996,
spec section 3.3: "replaces partial derivatives by divided differences"); the paper's own
statement could not be read, so the construction and its bounds are verinet's reconstruction.

Error bound (Lemma)
-------------------
For ``x in [0, 1]`` and ``Y = max(x0, 1 - x0)``, by the mean-value theorem for divided
differences ``Delta_h^k g_y(0) = h^k y^k sigma^(k)(b + xi y)`` with ``xi in [0, k h]``, so

    |N - f| <= sum_{k=1}^n |c_k| Y^k sup_{|s - b| <= k h Y} |sigma^(k)(s) / D_k - 1|      (finite differences)
             + M_{n+1} Y^{n+1} / (n+1)!                                               (Taylor remainder)
             + rho sum_{k<=n} Y^k                                                     (rounded c_k),

``M_{n+1} >= sup |f^(n+1)|``.  The sup is an arb enclosure of ``sigma^(k)`` on the ball (exact
derivative formulas: ``sigma^(k) = P_k(sigma)`` with ``P_{k+1} = P_k' s (1 - s)`` for the
logistic, ``(-1)^k H_k(t) e^(-t^2)`` with the Hermite polynomials for the Gaussian), so the bound
is a proof.  A lower bound comes from rigorous enclosures of ``N(x) - f(x)`` at exact points, and
:func:`~verinet.analysis.enclose_error.enclose_sup_error` encloses the sup directly (feasible for
small ``n``: ball arithmetic loses the cancellation of the large ``a_i``).

Growth
------
``|a_n| = |c_n| / (h^n |D_n|)`` and the inner sum is dominated by ``C(n, i) / h^n``: for a fixed
step ``h`` (or one shrinking to keep the finite-difference error below ``eps``) ``max |theta|``
grows at least like ``h^-n``, exponentially in ``n``.  :func:`shallow_growth` measures it exactly
and fits the rate (a labelled fit).
"""

import math

from .._backend import MPQ, ball_precision
from ..analysis.enclose_error import enclose_sup_error
from ..balls import ball_bounds, exact_ball
from ..errors import BudgetExceeded, InvalidArgument
from ..interpret.enclose import enclose
from ..network import NetworkBuilder
from ..numbers import as_rational
from ._layers import check_int, parse_int, parse_rational
from .construction import Construction
from .estimates import Estimate, rational_bits
from .growth_rows import bound_text, fit_log2_slope, interval_text, size_fields
from .registry import register
from .taylor import derivative_bound, polynomial_ball, target_expression, taylor_coefficients

__all__ = ["shallow_network", "shallow_sigmoid", "shallow_gaussian", "derivative_ball", "error_bounds",
           "growth_point", "shallow_growth", "ACTIVATIONS"]

ACTIVATIONS = ("sigmoid", "gaussian")
DEFAULT_BIAS = {"sigmoid": MPQ(1), "gaussian": MPQ(1, 2)}
PREC = 256
REFERENCE = "verinet reconstruction [R]: finite differences in the inner weight (Mhaskar 1996 mechanism, spec 3.3)"


def _sigmoid_polys(n: int) -> list:
    """Integer coefficient lists of ``P_0 .. P_n`` with ``sigma^(k) = P_k(sigma)``."""
    polys = [[0, 1]]
    for _ in range(n):
        p = polys[-1]
        dp = [i * c for i, c in enumerate(p)][1:] or [0]
        # dp * (s - s^2)
        out = [0] * (len(dp) + 2)
        for i, c in enumerate(dp):
            out[i + 1] += c
            out[i + 2] -= c
        polys.append(out)
    return polys


def _hermite(n: int) -> list:
    """Physicists' Hermite polynomials ``H_0 .. H_n`` (integer coefficient lists)."""
    hs = [[1], [0, 2]]
    for k in range(1, n):
        nxt = [0] * (k + 2)
        for i, c in enumerate(hs[k]):
            nxt[i + 1] += 2 * c
        for i, c in enumerate(hs[k - 1]):
            nxt[i] -= 2 * k * c
        hs.append(nxt)
    return hs[: n + 1]


def derivative_ball(activation: str, k: int, centre, radius=0):
    """An arb ball containing ``sigma^(k)(s)`` for every ``s`` in ``[centre - radius, centre + radius]``
    (at the current ball precision).

    Raises
    ------
    InvalidArgument
        For an unknown activation.
    """
    t = exact_ball(MPQ(centre), MPQ(radius))
    if activation == "sigmoid":
        s = 1 / (1 + (-t).exp())
        return polynomial_ball(_sigmoid_polys(k)[k], s)
    if activation == "gaussian":
        return (-1) ** k * polynomial_ball(_hermite(k)[k], t) * (-(t * t)).exp()
    raise InvalidArgument(f"activation={activation!r} must be one of {ACTIVATIONS}")


def _check(activation, n, h, b, x0):
    if activation not in ACTIVATIONS:
        raise InvalidArgument(f"activation={activation!r} must be one of {ACTIVATIONS}")
    check_int(n, "n", 1)
    h, x0 = as_rational(h, "h"), as_rational(x0, "x0")
    b = DEFAULT_BIAS[activation] if b is None else as_rational(b, "b")
    if not 0 < h <= 1:
        raise InvalidArgument(f"h={h} must lie in (0, 1]")
    if not 0 <= x0 <= 1:
        raise InvalidArgument(f"x0={x0} must lie in [0, 1]")
    return h, b, x0


def _derivatives(activation, n, b, bits) -> tuple:
    """``D_1 .. D_n``: ``sigma^(k)(b)`` rounded to ``bits`` significant bits, refusing a ball that holds 0."""
    out = []
    with ball_precision(PREC):
        for k in range(1, n + 1):
            lo, hi = ball_bounds(derivative_ball(activation, k, b))
            if lo <= 0 <= hi:
                raise InvalidArgument(f"{activation}^({k})({b}) may vanish (ball [{lo}, {hi}]); choose another b")
            mid = (lo + hi) / 2
            shift = bits - (int(abs(mid.numerator)).bit_length() - int(mid.denominator).bit_length())
            out.append(MPQ(round(mid * MPQ(2) ** shift)) / MPQ(2) ** shift)
    return tuple(out)


def shallow_network(activation: str, target, n: int, h, b=None, x0=MPQ(1, 2), bits: int = 64) -> Construction:
    """The one-hidden-layer network ``N`` of the module statement for ``target`` (degree ``n``, step ``h``).

    Returns
    -------
    Construction
        Claims: ``width`` ``n + 1``, ``depth`` 1, ``max_abs_weight`` (exact), the Taylor
        coefficients ``taylor`` and their radius ``coefficient_radius``, ``derivatives`` ``D_k``,
        ``h``, ``b``, ``x0``, ``interval`` ``(0, 1)``.

    Raises
    ------
    InvalidArgument
        For an unknown activation, ``n < 1``, ``h`` outside ``(0, 1]``, ``x0`` outside ``[0, 1]``,
        a bias ``b`` where some ``sigma^(k)(b)`` may vanish, or a bad target.

    Examples
    --------
    >>> c = shallow_network("sigmoid", "x**2", 2, "1/8")
    >>> c.claims["width"], c.claims["depth"], [str(w[0]) for w in c.network.op("inner").weights()]
    (3, 1, ['0', '1/8', '1/4'])
    """
    h, b, x0 = _check(activation, n, h, b, x0)
    check_int(bits, "bits", 8)
    f = target_expression(target)
    cs, rho = taylor_coefficients(f, x0, n)
    D = _derivatives(activation, n, b, bits)
    outer = []
    for i in range(n + 1):
        outer.append(sum((cs[k] * (-1) ** (k - i) * math.comb(k, i) / (h**k * D[k - 1])
                          for k in range(max(i, 1), n + 1)), MPQ(0)))
    nb = NetworkBuilder()
    x = nb.input(1, name="x")
    inner = nb.affine(x, [[i * h] for i in range(n + 1)], [b - i * h * x0 for i in range(n + 1)], name="inner")
    hidden = (nb.sigmoid if activation == "sigmoid" else nb.gaussian)(inner, name=activation)
    net = nb.build(nb.affine(hidden, [outer], [cs[0]], name="outer"))
    parameters = [abs(w) for w in outer] + [abs(cs[0])] + [i * h for i in range(n + 1)] + \
        [abs(b - i * h * x0) for i in range(n + 1)]
    claims = {"width": n + 1, "depth": 1, "parameters": 3 * (n + 1) + 1, "max_abs_weight": max(parameters),
              "taylor": cs, "coefficient_radius": rho, "derivatives": D, "h": h, "b": b, "x0": x0,
              "interval": (MPQ(0), MPQ(1))}
    return Construction(f"shallow-{activation}", net, {"target": str(f), "n": n, "h": h, "b": b}, claims,
                        reference=REFERENCE)


_PARAMETERS = {"target": (str, "target f on [0, 1], e.g. 'exp(x)'"), "n": (parse_int(1), "polynomial degree n"),
               "h": (parse_rational, "finite-difference step h in (0, 1]")}


def _estimate(target, n, h) -> Estimate:
    """Weight bits: ``a_i`` sums ``n`` terms ``c_k C(k, i) / (h^k D_k)`` (64-bit ``c_k`` and ``D_k``,
    ``k`` bits of ``h`` each), so its common denominator has at most ``n (160 + n bits(h))`` bits."""
    return Estimate(n + 1, 1, 64 + n * (160 + n * rational_bits(h)))


@register("shallow-sigmoid", "[R] one hidden logistic layer of width n+1: finite differences "
          "Delta_h^k sigma(b + h i y) / (h^k sigma^(k)(b)) ~ y^k on the degree-n Taylor polynomial",
          parameters=_PARAMETERS, estimate=_estimate)
def shallow_sigmoid(target, n: int, h) -> Construction:
    """:func:`shallow_network` with the logistic sigmoid (``b = 1``, ``x0 = 1/2``)."""
    return shallow_network("sigmoid", target, n, h)


@register("shallow-gaussian", "[R] one hidden Gaussian layer exp(-t^2) of width n+1: finite differences "
          "on the degree-n Taylor polynomial", parameters=_PARAMETERS, estimate=_estimate)
def shallow_gaussian(target, n: int, h) -> Construction:
    """:func:`shallow_network` with the Gaussian ``exp(-t^2)`` (``b = 1/2``, ``x0 = 1/2``)."""
    return shallow_network("gaussian", target, n, h)


def _fd_bound(activation, cs, D, h, b, Y) -> MPQ:
    total = MPQ(0)
    with ball_precision(PREC):
        for k in range(1, len(cs)):
            ball = derivative_ball(activation, k, b, k * h * Y) / exact_ball(D[k - 1]) - 1
            lo, hi = ball_bounds(ball)
            total += abs(cs[k]) * Y**k * max(abs(lo), abs(hi))
    return total


def error_bounds(construction: Construction, target) -> dict:
    """The Lemma's three terms and their sum ``upper`` (rational upper bounds, proved), and ``lower``
    (a rigorous lower bound of ``sup |N - f|`` from enclosures at 17 equispaced exact points)."""
    c = construction.claims
    f = target_expression(target)
    activation = construction.name.removeprefix("shallow-")
    n, Y = len(c["taylor"]) - 1, max(c["x0"], 1 - c["x0"])
    fd = _fd_bound(activation, c["taylor"], c["derivatives"], c["h"], c["b"], Y)
    truncation = derivative_bound(f, n + 1) * Y ** (n + 1) / math.factorial(n + 1)
    rounding = c["coefficient_radius"] * sum(Y**k for k in range(n + 1))
    points = [MPQ(i, 16) for i in range(17)]
    lower = MPQ(0)
    for x, e in zip(points, enclose(construction.network, [[x] for x in points])):
        (lo, hi), (f_lo, f_hi) = e.bounds()[0], ball_bounds(f.ball(x))
        lower = max(lower, lo - f_hi, f_lo - hi)
    return {"finite_differences": fd, "truncation": truncation, "rounding": rounding,
            "upper": fd + truncation + rounding, "lower": lower}


def step_for(activation: str, target, n: int, eps, b=None, x0=MPQ(1, 2), max_halvings: int = 64) -> MPQ:
    """The largest ``h = 2^-j`` (``j >= 1``) whose finite-difference bound is ``<= eps``.

    Raises
    ------
    InvalidArgument
        When ``j = max_halvings`` is not enough (raise ``max_halvings``).
    """
    eps = as_rational(eps, "eps")
    for j in range(1, max_halvings + 1):
        c = shallow_network(activation, target, n, MPQ(1, 2**j), b, x0)
        cl = c.claims
        if _fd_bound(activation, cl["taylor"], cl["derivatives"], cl["h"], cl["b"], max(cl["x0"], 1 - cl["x0"])) <= eps:
            return cl["h"]
    raise InvalidArgument(f"no step h = 2^-j with j <= {max_halvings} brings the finite-difference bound of degree {n} "
                          f"below eps={eps}; raise max_halvings")


def growth_point(activation: str = "sigmoid", target: str = "exp(x)", n: int = 3, h=None, eps="1/1000",
                 enclose_sup: bool = False, tolerance=None) -> dict:
    """One row of a growth sweep of the shallow networks.

    ``h`` defaults to :func:`step_for` ``(eps)``: the finite-difference part of the error stays
    below ``eps`` at every degree, so the rows compare networks of one accuracy per step.

    Row keys
    --------
    construction : ``"shallow-sigmoid"`` / ``"shallow-gaussian"``;  activation, target, n, eps;
    h, b : the step and bias (exact ``"p/q"``);
    width, depth, parameters, max_abs_parameter (exact ``"p/q"``), max_parameter_bits : of the
    layered form;
    error_bound : ``"[lo, hi]"``, rigorous: ``hi`` the Lemma's upper bound, ``lo`` from enclosures at
    exact points (with ``enclose_sup``, the tighter of these and
    :func:`~verinet.analysis.enclose_error.enclose_sup_error`'s bounds, when it finishes within its
    default budget: for ``n >= 4`` it usually does not, and ``error_kind`` says so);
    error_kind : what the interval is;
    finite_difference_bound, truncation_bound, rounding_bound : the Lemma's terms (rounded up).
    """
    h = step_for(activation, target, n, eps) if h is None else as_rational(h, "h")
    c = shallow_network(activation, target, n, h)
    bounds = error_bounds(c, target)
    lower, upper, kind = bounds["lower"], bounds["upper"], "rigorous: hi the Lemma's bound, lo at exact points"
    if enclose_sup:
        tolerance = upper / 16 if tolerance is None else as_rational(tolerance, "tolerance")
        try:
            result = enclose_sup_error(c.network, target_expression(target).expr, (0, 1), tolerance=tolerance)
        except BudgetExceeded as e:
            kind += (f"; enclose_sup_error gave up ({str(e).split(':')[0]}): the large a_i cancel, "
                     "which ball arithmetic loses")
        else:
            lower, upper = max(lower, result.lower), min(upper, result.upper)
            kind += "; refined by enclose_sup_error (arb subdivision)"
    return {"construction": c.name, "activation": activation, "target": c.parameters["target"], "n": n,
            "eps": str(as_rational(eps, "eps")), "h": str(h), "b": str(c.claims["b"]), **size_fields(c.network),
            "error_bound": interval_text(lower, upper), "error_kind": kind,
            "finite_difference_bound": bound_text(bounds["finite_differences"], up=True),
            "truncation_bound": bound_text(bounds["truncation"], up=True),
            "rounding_bound": bound_text(bounds["rounding"], up=True)}


def shallow_growth(activation: str = "sigmoid", target: str = "exp(x)", degrees=range(1, 9), eps="1/1000",
                   h=None) -> dict:
    """Rows of :func:`growth_point` over ``degrees`` and the fitted growth rate of ``max |theta|``.

    Returns
    -------
    dict
        ``rows`` and ``fit``: ``log2_max_abs_parameter_per_degree`` (the least-squares slope of
        ``log2 max |theta|`` against ``n``, rounded to 6 digits), ``growth_factor_per_degree``
        (``2^slope``) and ``label`` (it is a fit, not a bound).
    """
    rows = [growth_point(activation, target, n, h, eps) for n in degrees]
    slope = fit_log2_slope([r["n"] for r in rows], [MPQ(r["max_abs_parameter"]) for r in rows])
    with ball_precision(64):
        lo, hi = ball_bounds((exact_ball(slope) * exact_ball(2).log()).exp())
    return {"rows": rows, "fit": {"log2_max_abs_parameter_per_degree": bound_text(slope, up=True),
                                  "growth_factor_per_degree": bound_text((lo + hi) / 2, up=True),
                                  "label": "least-squares fit of log2 max|theta| against n (a fit, not a bound)"}}
