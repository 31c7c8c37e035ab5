"""Polynomials on ``[0, 1]^d`` as sums of Prop. 4.1 monomial networks (Lu-Shen-Yang-Zhang 2021).

Main statements
---------------
* Prop. 4.1 as stated (``|alpha| <= k``): an affine map sends ``x`` to
  ``z = (x_1 (alpha_1 times), ..., x_d (alpha_d times), 1, ..., 1) in [0, 1]^k`` and Lemma 5.3's
  ``k``-fold product network multiplies; width ``9(N + 1) + k - 1``, depth
  ``7kL(k - 1) <= 7k^2 L``, ``|P_alpha(x) - x^alpha| <= 9(k - 1)(N + 1)^(-7kL) <= 9k(N + 1)^(-7kL)``.
  Padding with ones gives every monomial of degree ``<= k`` the same depth.
* [D] A polynomial ``p = c_0 + sum_{1 <= |alpha| <= k} c_alpha x^alpha`` is the output-weighted
  sum of its padded monomials with ``c_0`` in the output bias:
  ``|phi - p| <= sum_alpha |c_alpha| 9k(N + 1)^(-7kL)`` on ``[0, 1]^d`` (triangle inequality),
  width ``T (9(N + 1) + k - 1)`` for ``T`` non-constant terms, depth ``7kL(k - 1)``.  This is
  how the proof of Thm. 2.2 (eq. 4.6) sums its Taylor terms; the papers state no separate
  polynomial lemma.  Degree ``k = 1`` needs no product: the network is the affine map itself.
"""

from .._backend import MPQ
from ..calculus import affine_network, concatenate, post_affine, pre_affine
from ..errors import InvalidArgument
from ..numbers import as_rational, parse_vector
from .construction import Construction
from .estimates import Estimate, monomial_estimate, rational_bits
from ._layers import check_int, parse_int
from .product import product_many
from .registry import register

__all__ = ["padded_monomial", "polynomial", "univariate_polynomial", "polynomial_error_bound"]


def _check_alpha(alpha, name="alpha") -> tuple:
    if isinstance(alpha, str) or not hasattr(alpha, "__iter__"):
        raise InvalidArgument(f"{name}={alpha!r} must be a sequence of ints >= 0")
    alpha = tuple(alpha)
    if not alpha or any(type(a) is not int or a < 0 for a in alpha):
        raise InvalidArgument(f"{name}={alpha!r} must be a non-empty sequence of ints >= 0")
    return alpha


def _padding_map(alpha, k: int) -> tuple:
    """``(W, b)`` of ``x -> z``: ``x_i`` repeated ``alpha_i`` times, then ``k - |alpha|`` ones."""
    d = len(alpha)
    rows = [[int(j == i) for j in range(d)] for i, a in enumerate(alpha) for _ in range(a)]
    pad = k - len(rows)
    return rows + [[0] * d] * pad, [0] * len(rows) + [1] * pad


def padded_monomial(alpha, k: int, N: int, L: int) -> Construction:
    """Prop. 4.1: ``x^alpha`` with ``|alpha| <= k`` through Lemma 5.3's ``k``-fold product.

    Returns
    -------
    Construction
        Claims: width ``9(N + 1) + k - 1``, depth ``7 k^2 L``, error ``9k(N + 1)^(-7kL)`` on
        ``[0, 1]^d``; the network's depth is ``7kL(k - 1)`` whatever ``alpha``.

    Raises
    ------
    InvalidArgument
        If ``alpha`` is not a non-empty sequence of ints >= 0, ``k < 2`` or ``|alpha| > k``.

    Examples
    --------
    >>> from verinet import evaluate
    >>> c = padded_monomial((1, 0), 2, 1, 1)      # x_1 * 1, through the product network
    >>> [str(y) for (y,) in evaluate(c.network, [["1/2", 5], [1, 5]])]
    ['1/2', '419430399/419430400']

    References
    ----------
    Lu-Shen-Yang-Zhang 2021, Prop. 4.1 (proof p. 37) and Lemma 5.3.
    """
    alpha = _check_alpha(alpha)
    check_int(k, "k", 2)
    if sum(alpha) > k:
        raise InvalidArgument(f"alpha={alpha!r} has degree {sum(alpha)} > k={k}")
    W, b = _padding_map(alpha, k)
    return Construction(
        name="padded-monomial",
        network=pre_affine(product_many(N, L, k).network, W, b),
        parameters={"alpha": alpha, "k": k, "N": N, "L": L},
        claims={"width": 9 * (N + 1) + k - 1, "depth": 7 * k * k * L, "box": ((MPQ(0), MPQ(1)),) * len(alpha),
                "target": _monomial_text(alpha) or "1", "sup_error": MPQ(9 * k, (N + 1) ** (7 * k * L))},
        reference="Lu-Shen-Yang-Zhang 2021, Prop. 4.1",
    )


def _monomial_text(alpha) -> str:
    return "*".join(f"x{i + 1}**{a}" if a > 1 else f"x{i + 1}" for i, a in enumerate(alpha) if a)


def _check_terms(terms) -> tuple:
    if not isinstance(terms, dict) or not terms:
        raise InvalidArgument(f"terms={terms!r} must be a non-empty dict {{alpha: coefficient}}")
    checked = {_check_alpha(alpha, f"terms key {alpha!r}"): as_rational(c, f"terms[{alpha!r}]") for alpha, c in terms.items()}
    dims = {len(alpha) for alpha in checked}
    if len(dims) != 1:
        raise InvalidArgument(f"terms keys have different lengths {sorted(dims)}; all must be the dimension d")
    return checked, dims.pop()


def polynomial_error_bound(terms, N: int, L: int) -> MPQ:
    """``sum_{|alpha| >= 1} |c_alpha| 9k(N + 1)^(-7kL)``, ``k`` the degree (0 when ``k <= 1``)."""
    terms, _ = _check_terms(terms)
    k = max(sum(alpha) for alpha in terms)
    if k <= 1:
        return MPQ(0)
    return sum((abs(c) for alpha, c in terms.items() if sum(alpha)), MPQ(0)) * MPQ(9 * k, (N + 1) ** (7 * k * L))


def polynomial(terms, N: int, L: int) -> Construction:
    """``p(x) = sum_alpha c_alpha x^alpha`` on ``[0, 1]^d`` from padded Prop. 4.1 monomials.

    Parameters
    ----------
    terms : dict
        ``{alpha: c_alpha}`` with multi-indices ``alpha`` (tuples of ints >= 0, all of length
        ``d``) and exact coefficients.
    N, L : int
        Lemma 5.3's parameters (product networks of width ``9(N + 1) + 1``, depth ``7kL``).

    Returns
    -------
    Construction
        Claims: ``sup_error`` = :func:`polynomial_error_bound` on ``[0, 1]^d``, width
        ``T (9(N + 1) + k - 1)``, depth ``7 k^2 L`` (the network has ``7kL(k - 1)``), ``k``
        the degree and ``T`` the number of non-zero non-constant terms.

    Raises
    ------
    InvalidArgument
        If ``terms`` is not a non-empty dict of multi-indices of one length to exact numbers,
        or ``N``, ``L`` are not ints >= 1.

    Examples
    --------
    >>> from verinet import evaluate
    >>> c = polynomial({(0,): 1, (1,): -2, (2,): 3}, 1, 1)      # 1 - 2x + 3x^2
    >>> [str(y) for (y,) in evaluate(c.network, [["1/2"], [1]])]
    ['3/4', '838860799/419430400']
    >>> str(c.claims["sup_error"])      # (2 + 3) * 9 * 2 * 2^-14
    '45/8192'

    References
    ----------
    Lu-Shen-Yang-Zhang 2021, Prop. 4.1 and the sum (4.6) in the proof of Thm. 2.2.
    """
    check_int(N, "N", 1)
    check_int(L, "L", 1)
    terms, d = _check_terms(terms)
    k = max(sum(alpha) for alpha in terms)
    constant = sum((c for alpha, c in terms.items() if not sum(alpha)), MPQ(0))
    active = sorted((alpha, c) for alpha, c in terms.items() if sum(alpha) and c)
    if k <= 1 or not active:  # affine: exact, no hidden layer
        row = [sum((c for alpha, c in active if alpha[i]), MPQ(0)) for i in range(d)]
        network, width, depth = affine_network([row], [constant]), 0, 0
    else:
        monomials = [padded_monomial(alpha, k, N, L).network for alpha, _ in active]
        network = post_affine(concatenate(*monomials), [[c for _, c in active]], [constant])
        width, depth = len(active) * (9 * (N + 1) + k - 1), 7 * k * k * L
    target = " + ".join(f"({c})*{_monomial_text(alpha)}" if sum(alpha) else f"({c})" for alpha, c in sorted(terms.items()))
    return Construction(
        name="polynomial",
        network=network,
        parameters={"terms": terms, "N": N, "L": L},
        claims={"width": width, "depth": depth, "degree": k, "box": ((MPQ(0), MPQ(1)),) * d, "target": target,
                "sup_error": polynomial_error_bound(terms, N, L)},
        reference="Lu-Shen-Yang-Zhang 2021, Prop. 4.1 (monomials), summed as in the proof of Thm. 2.2",
    )


def _polynomial_estimate(coefficients, N: int, L: int) -> Estimate:
    """The sum of the monomial networks of degree ``1..k`` side by side, plus the coefficients."""
    k = max(len(coefficients) - 1, 1)
    top = monomial_estimate(k, 1, N, L)
    return Estimate(k * top.width + 1, top.depth, top.weight_bits + max(map(rational_bits, (*coefficients, 1))))


@register(
    "polynomial",
    "p(x) = c_0 + c_1 x + ... + c_k x^k on [0, 1] as a sum of Prop. 4.1 monomial networks "
    "(error sum |c_i| 9k (N+1)^(-7kL))",
    parameters={"coefficients": (parse_vector, "c_0,c_1,...,c_k, e.g. '1,-2,3'"),
                "N": (parse_int(1), "width parameter N"), "L": (parse_int(1), "depth parameter L")},
    estimate=lambda coefficients, N, L: _polynomial_estimate(coefficients, N, L),
)
def univariate_polynomial(coefficients, N: int, L: int) -> Construction:
    """``p(x) = sum_i c_i x^i`` on ``[0, 1]``: :func:`polynomial` with ``terms = {(i,): c_i}``.

    Examples
    --------
    >>> from verinet import evaluate
    >>> c = univariate_polynomial(["1/2", 0, 1], 1, 1)
    >>> [str(y) for (y,) in evaluate(c.network, [["1/2"]])]
    ['3/4']
    """
    if isinstance(coefficients, str) or not hasattr(coefficients, "__iter__"):
        raise InvalidArgument(f"coefficients={coefficients!r} must be a sequence of exact numbers")
    return polynomial({(i,): c for i, c in enumerate(coefficients)}, N, L)
