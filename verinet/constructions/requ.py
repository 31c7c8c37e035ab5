"""Exact ReQU constructions: squares, products, monomials and polynomials, with bounded weights.

``sigma_2(t) = max(t, 0)^2`` (the ReQU activation).  Every network here computes its
polynomial *exactly* on all of R, from three identities:

* [S] ``t^2 = sigma_2(t) + sigma_2(-t)`` (one of the two terms is ``0``, the other ``t^2``);
* [P] ``s t = [sigma_2(s + t) + sigma_2(-s - t) - sigma_2(s - t) - sigma_2(t - s)] / 4``: by [S]
  it is ``((s + t)^2 - (s - t)^2) / 4``, the polarisation identity;
* [I] ``t = [sigma_2(t + 1) + sigma_2(-t - 1) - sigma_2(t - 1) - sigma_2(1 - t)] / 4``: [P] with
  ``s = 1``, i.e. ``((t + 1)^2 - (t - 1)^2) / 4 = t``.  This carries a value through a ReQU layer
  unchanged (the identity gadget), for every real ``t``, not only on an interval.

A layer of gadgets reads a *state* (coordinates that are affine in the previous layer's
outputs) and writes the next state as affine combinations of its neurons; consecutive affine
maps are multiplied out, so each network is a plain chain affine, ReQU, ..., affine.

Weight bound (Lemma).  Every weight of these chains has ``|w| <= 1`` and every bias
``|b| <= max(1, max_i |c_i|)`` (``c_i`` the polynomial's coefficients; none for a monomial).
Proof: a state coordinate is ``h_0 + h_1`` ([S]) or ``(h_0 + h_1 - h_2 - h_3)/4`` ([P], [I]) in
its own gadget's neurons, plus a constant ``c_i`` in Horner's scheme (and the state before the
first layer is the input, or a constant ``1`` / ``c_k``).  A pre-activation is ``+-u``,
``+-(u + v)``, ``+-(u - v)`` or ``+-(u -+ 1)`` for coordinates ``u, v`` of *different* gadgets,
which read disjoint neurons; so each weight is a single ``+-1`` or ``+-1/4`` (``+-1`` on the
input), and each bias is the constant of one coordinate (``c_i``, ``1``) or ``+-1`` (the carried
``x`` and ``p`` have no constant).  The output map is a state coordinate, or (several monomials) a
sum of state coordinates weighted by the ``c_alpha`` with the constant term as bias.  :func:`weight_bound`
is this bound and the tests compare it with the largest parameter of each network.
"""

from .._backend import MPQ
from ..errors import InvalidArgument
from ..numbers import as_rational, parse_vector
from ._requ_chain import ONE, Chain, Form, identity, product, square
from .construction import Construction
from .estimates import Estimate, rational_bits
from ._layers import check_int, parse_int
from .registry import register

__all__ = ["requ_square", "requ_product", "requ_monomial", "requ_polynomial", "requ_multivariate_polynomial",
           "weight_bound"]


def weight_bound(coefficients=()) -> MPQ:
    """The module Lemma's bound ``max(1, max_i |c_i|)`` on every weight and bias."""
    return max([MPQ(1)] + [abs(as_rational(c)) for c in coefficients])


@register("requ-square", "x^2 = sigma_2(x) + sigma_2(-x): ReQU width 2, depth 1, exact on R", parameters={})
def requ_square() -> Construction:
    """``x^2`` exactly on R by [S]: width 2, depth 1, weights ``+-1``.

    Examples
    --------
    >>> from verinet.interpret.reference import evaluate_reference
    >>> [str(evaluate_reference(requ_square().network, [t])[0]) for t in ("-3/2", "0", "5")]
    ['9/4', '0', '25']
    """
    chain = Chain(1)
    (y,) = chain.layer([square(chain.coordinate(0))])
    return Construction("requ-square", chain.build([y]), {},
                        {"width": 2, "depth": 1, "target": "x**2", "identity": "exact on R", "max_abs_weight": MPQ(1)},
                        reference="[S] t^2 = sigma_2(t) + sigma_2(-t)")


@register("requ-product", "xy by polarisation with 4 ReQU neurons: width 4, depth 1, exact on R^2", parameters={})
def requ_product() -> Construction:
    """``x y`` exactly on R^2 by [P]: width 4, depth 1, weights ``+-1`` and ``+-1/4``.

    Examples
    --------
    >>> from verinet.interpret.reference import evaluate_reference
    >>> str(evaluate_reference(requ_product().network, ["-2/3", "9"])[0])
    '-6'
    """
    chain = Chain(2)
    (y,) = chain.layer([product(chain.coordinate(0), chain.coordinate(1))])
    return Construction("requ-product", chain.build([y]), {},
                        {"width": 4, "depth": 1, "target": "x1*x2", "identity": "exact on R^2", "max_abs_weight": MPQ(1)},
                        reference="[P] polarisation: st = ((s+t)^2 - (s-t)^2)/4 with [S]")


def _monomial_depth(k: int) -> int:
    return k.bit_length()


@register(
    "requ-monomial",
    "x^k by repeated squaring with ReQU gadgets: width <= 6, depth floor(log2 k) + 1, exact on R",
    parameters={"k": (parse_int(1), "the exponent k >= 1")},
    estimate=lambda k: Estimate(6, _monomial_depth(k), 3),
)
def requ_monomial(k: int) -> Construction:
    """``x^k`` exactly on R by binary powering: depth ``floor(log2 k) + 1``, width ``<= 6``.

    With ``k = sum_i b_i 2^i`` (``n`` bits), layer ``i`` holds ``p = x^(2^i)`` and
    ``acc = x^(sum_{j<i} b_j 2^j)`` (``acc = 1`` before the first set bit: a constant, carried as a
    bias with no neurons); it writes ``p^2`` by [S] (except in the last layer) and ``acc p`` by [P]
    when ``b_i = 1``, ``acc`` by [I] otherwise.  After layer ``n - 1``, ``acc = x^k``.

    Raises
    ------
    InvalidArgument
        If ``k`` is not an int ``>= 1``.

    Examples
    --------
    >>> from verinet.interpret.reference import evaluate_reference
    >>> c = requ_monomial(5)
    >>> str(evaluate_reference(c.network, ["-1/2"])[0]), c.claims["depth"]
    ('-1/32', 3)
    """
    check_int(k, "k", 1)
    chain = Chain(1)
    acc, p = ONE, chain.coordinate(0)
    n = _monomial_depth(k)
    for i in range(n):
        bit = k >> i & 1
        carried = bit or bool(acc.w)  # acc stays the constant 1 (a bias, no neurons) until the first set bit
        gadgets = ([product(acc, p) if bit else identity(acc)] if carried else []) + ([square(p)] if i < n - 1 else [])
        state = chain.layer(gadgets)
        if carried:
            acc = state[0]
        if i < n - 1:
            p = state[-1]
    net = chain.build([acc])
    return Construction("requ-monomial", net, {"k": k},
                        {"depth": n, "width": 6 if n > 1 else 4, "target": f"x**{k}", "identity": "exact on R",
                         "max_abs_weight": weight_bound()},
                        reference="[S], [P], [I] by binary powering")


def _check_coefficients(coefficients) -> tuple:
    if isinstance(coefficients, str) or not hasattr(coefficients, "__iter__"):
        raise InvalidArgument(f"coefficients={coefficients!r} must be a sequence of exact numbers c_0, c_1, ...")
    cs = tuple(as_rational(c, f"coefficients[{i}]") for i, c in enumerate(coefficients))
    if not cs:
        raise InvalidArgument("coefficients=() must hold at least c_0")
    while len(cs) > 1 and cs[-1] == 0:
        cs = cs[:-1]
    return cs


def _polynomial_text(cs) -> str:
    return " + ".join(f"({c})*x**{i}" for i, c in enumerate(cs)) or "0"


@register(
    "requ-polynomial",
    "c_0 + c_1 x + ... + c_k x^k exactly on R by Horner with ReQU product gadgets: width 8, depth k",
    parameters={"coefficients": (parse_vector, "c_0,c_1,...,c_k, e.g. '1,-2,3'")},
    estimate=lambda coefficients: Estimate(8, max(len(coefficients) - 1, 0),
                                           max(map(rational_bits, (*coefficients, 4))) + 2),
)
def requ_polynomial(coefficients) -> Construction:
    """``p(x) = sum_i c_i x^i`` exactly on R by Horner: depth ``k = deg p``, width ``8``.

    The state is ``(acc, x)``: ``acc = c_k`` (a bias) at first; each layer writes
    ``acc x + c_i`` ([P] plus the bias ``c_i``) and carries ``x`` by [I] (not in the last layer),
    for ``i = k-1, ..., 0``.
    Degree ``0`` is the constant affine map (no hidden layer).  Weights and biases are bounded
    by :func:`weight_bound` (the module Lemma).

    Raises
    ------
    InvalidArgument
        If ``coefficients`` is not a non-empty sequence of exact numbers.

    Examples
    --------
    >>> from verinet.interpret.reference import evaluate_reference
    >>> c = requ_polynomial(["1/2", 0, -3, 1])     # 1/2 - 3x^2 + x^3
    >>> str(evaluate_reference(c.network, ["2"])[0]), c.claims["depth"]
    ('-7/2', 3)
    """
    cs = _check_coefficients(coefficients)
    k = len(cs) - 1
    chain = Chain(1)
    acc, x = Form({}, cs[-1]), chain.coordinate(0)
    for i in range(k - 1, -1, -1):  # the last layer need not carry x
        acc, *rest = chain.layer([product(acc, x)] + ([identity(x)] if i else []), constants=[cs[i], MPQ(0)])
        x = rest[0] if i else None
    net = chain.build([acc])
    return Construction("requ-polynomial", net, {"coefficients": cs},
                        {"depth": k, "width": 8 if k else 0, "target": _polynomial_text(cs),
                         "identity": "exact on R", "max_abs_weight": weight_bound(cs)},
                        reference="[P], [I] in Horner's scheme")


def _check_terms(terms) -> tuple:
    if not isinstance(terms, dict) or not terms:
        raise InvalidArgument(f"terms={terms!r} must be a non-empty dict {{alpha: coefficient}}")
    checked = {}
    for alpha, c in terms.items():
        if not isinstance(alpha, tuple) or not alpha or any(type(a) is not int or a < 0 for a in alpha):
            raise InvalidArgument(f"terms key {alpha!r} must be a non-empty tuple of ints >= 0")
        checked[alpha] = as_rational(c, f"terms[{alpha!r}]")
    dims = {len(alpha) for alpha in checked}
    if len(dims) != 1:
        raise InvalidArgument(f"terms keys have different lengths {sorted(dims)}; all must be the dimension d")
    return checked, dims.pop()


def requ_multivariate_polynomial(terms) -> Construction:
    """``p(x) = sum_alpha c_alpha x^alpha`` on R^d exactly: depth ``ceil(log2 k)``, ``k = deg p``.

    Every monomial of degree ``>= 1`` is a list of factors (``x_i`` repeated ``alpha_i`` times);
    each ReQU layer multiplies the factors of every monomial in pairs by [P] (by [S] when the two
    are the same coordinate, which keeps the weights ``+-1``) and carries an odd one out by [I], so after ``ceil(log2 k)`` layers each list holds one coordinate, ``x^alpha``.
    The output is ``sum c_alpha x^alpha`` with the constant term as its bias.  Weights and biases
    of the hidden layers are ``<= 1`` in absolute value (module Lemma); the output weights are the
    ``c_alpha``, so the bound is :func:`weight_bound` of the coefficients.  A degree ``<= 1``
    polynomial is the affine map itself.

    Raises
    ------
    InvalidArgument
        If ``terms`` is not a non-empty dict of tuples of ints ``>= 0`` of one length to exact numbers.

    Examples
    --------
    >>> from verinet.interpret.reference import evaluate_reference
    >>> c = requ_multivariate_polynomial({(2, 1): 3, (0, 1): "-1/2", (0, 0): 1})   # 3 x^2 y - y/2 + 1
    >>> str(evaluate_reference(c.network, ["1/3", 2])[0]), c.claims["depth"]
    ('2/3', 2)
    """
    terms, d = _check_terms(terms)
    constant = sum((c for alpha, c in terms.items() if not sum(alpha)), MPQ(0))
    active = sorted((alpha, c) for alpha, c in terms.items() if sum(alpha) and c)
    chain = Chain(d)
    factors = [[chain.coordinate(i) for i, a in enumerate(alpha) for _ in range(a)] for alpha, _ in active]
    while any(len(f) > 1 for f in factors):
        gadgets, sizes = [], []
        for f in factors:
            pairs = [square(f[j]) if f[j] == f[j + 1] else product(f[j], f[j + 1]) for j in range(0, len(f) - 1, 2)]
            gadgets += pairs + ([identity(f[-1])] if len(f) % 2 else [])
            sizes.append(len(pairs) + len(f) % 2)
        state = chain.layer(gadgets)
        factors, start = [], 0
        for n in sizes:
            factors.append(state[start:start + n])
            start += n
    output = Form({}, constant)
    for f, (_, c) in zip(factors, active):
        output = output + f[0] * c
    degree = max(sum(alpha) for alpha in terms)
    return Construction("requ-multivariate-polynomial", chain.build([output]), {"terms": terms},
                        {"depth": chain.layers, "degree": degree, "identity": f"exact on R^{d}",
                         "max_abs_weight": weight_bound(c for _, c in active + [((), constant)])},
                        reference="[P], [I] in a balanced product tree per monomial")
