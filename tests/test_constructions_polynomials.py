"""Polynomials from Prop. 4.1 monomials: exact sup errors with the 1-D analysis engine."""

import itertools
from fractions import Fraction as F

import pytest

from verinet import MPQ, InvalidArgument, evaluate
from verinet.analysis import piecewise_linear_form, sup_error
from verinet.constructions.polynomials import (
    padded_monomial,
    polynomial,
    polynomial_error_bound,
    univariate_polynomial,
)
from verinet.constructions.product import monomial
from verinet.constructions.registry import builders
from verinet.interpret.metrics import size_metrics


def values(net, points):
    out = [y for (y,) in evaluate(net, [list(p) for p in points])]
    assert all(type(y) is MPQ for y in out)
    return [F(int(y.numerator), int(y.denominator)) for y in out]


@pytest.mark.parametrize(
    "coefficients, target",
    [([1, -2, 3], "1 - 2*x + 3*x**2"), ([0, 0, 1], "x**2"), ([F(1, 2), F(-1, 3), F(-5, 7)], "1/2 - x/3 - 5*x**2/7")],
)
def test_quadratic_exact_sup_error_within_the_claim(coefficients, target):
    c = univariate_polynomial(coefficients, 1, 1)
    (form,) = piecewise_linear_form(c.network, 0, 1)
    result = sup_error(form, target)
    assert result.exact
    bound = sum(abs(F(v)) for v in coefficients[1:]) * F(9 * 2, 2**14)
    assert result.value <= c.claims["sup_error"] == bound
    # the error is far below the bound (Lemma 4.2's 6(b-a)^2 N^-L is loose) but not zero
    assert 0 < result.value
    metrics = size_metrics(c.network)
    terms = sum(1 for v in coefficients[1:] if v)
    assert metrics["depth"] == 7 * 2 * 1 * (2 - 1) <= c.claims["depth"] == 28
    assert metrics["width"] <= c.claims["width"] == terms * (9 * 2 + 1)


def test_padded_monomial_exact_sup_error_of_x_through_two_factors():
    # x = x * 1 goes through the product network: Prop. 4.1's padding with ones
    c = padded_monomial((1,), 2, 1, 1)
    (form,) = piecewise_linear_form(c.network, 0, 1)
    result = sup_error(form, "x")
    assert result.exact and 0 < result.value <= c.claims["sup_error"] == F(18, 2**14)
    assert size_metrics(c.network)["depth"] == size_metrics(padded_monomial((2,), 2, 1, 1).network)["depth"] == 14


def test_two_variable_polynomial_on_a_grid():
    terms = {(0, 0): F(1, 4), (1, 1): 2, (2, 0): -1, (0, 1): F(1, 3)}
    c = polynomial(terms, 1, 1)
    axis = [F(0), F(1, 5), F(1, 2), F(2, 3), F(1)]
    points = list(itertools.product(axis, axis))
    exact = [F(1, 4) + 2 * x * y - x * x + y / 3 for x, y in points]
    errors = [abs(v - e) for v, e in zip(values(c.network, points), exact)]
    assert max(errors) <= c.claims["sup_error"] == (2 + 1 + F(1, 3)) * F(18, 2**14)
    assert c.claims["box"] == ((0, 1), (0, 1)) and c.claims["degree"] == 2


def test_affine_polynomial_is_exact_with_no_hidden_layer():
    c = polynomial({(0, 0): 3, (1, 0): F(-1, 2), (0, 1): 2}, 1, 1)
    assert values(c.network, [[F(1, 3), 5], [0, 0]]) == [3 - F(1, 6) + 10, 3]
    assert c.claims["sup_error"] == 0 and size_metrics(c.network)["depth"] == 0


def test_error_bound_formula():
    # k = 3: 9 * 3 * 2^(-21) times |c_1| + |c_3| = 1/2 + 2 (the constant is exact)
    assert polynomial_error_bound({(0,): 7, (1,): F(-1, 2), (3,): 2}, 1, 1) == F(5, 2) * F(27, 2**21)
    assert polynomial_error_bound({(0,): 7, (1,): 1}, 5, 5) == 0


def test_monomial_of_degree_two_exact_sup_error():
    c = monomial((2,), 1, 1)
    (form,) = piecewise_linear_form(c.network, 0, 1)
    result = sup_error(form, "x**2")
    assert result.exact and result.value <= c.claims["sup_error"] == F(18, 2**14)


@pytest.mark.parametrize(
    "call",
    [
        lambda: polynomial({}, 1, 1),
        lambda: polynomial({(1,): 0.5}, 1, 1),
        lambda: polynomial({(1,): 1, (1, 0): 1}, 1, 1),
        lambda: polynomial({(-1,): 1}, 1, 1),
        lambda: polynomial({(1,): 1}, 0, 1),
        lambda: univariate_polynomial("1,2", 1, 1),
        lambda: padded_monomial((2, 1), 2, 1, 1),
        lambda: padded_monomial((1,), 1, 1, 1),
    ],
    ids=["empty", "float", "mixed d", "negative alpha", "N=0", "string", "degree>k", "k=1"],
)
def test_invalid_arguments_raise(call):
    with pytest.raises(InvalidArgument):
        call()


def test_registered():
    catalogue = builders()
    assert set(catalogue["polynomial"].parameters) == {"coefficients", "N", "L"}
    assert set(catalogue["monomial"].parameters) == {"alpha", "N", "L"}
    assert set(catalogue["product-many"].parameters) == {"N", "L", "k"}
    parse, _ = catalogue["monomial"].parameters["alpha"]
    assert parse("2,0,1") == (2, 0, 1)
    with pytest.raises(InvalidArgument):
        parse("2,-1")
