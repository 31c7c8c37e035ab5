"""Squares, products and monomials (Lu-Shen-Yang-Zhang 2021, Lemmas 5.1-5.3, 4.2, Prop. 4.1)."""

import itertools
from fractions import Fraction as F

import pytest

from verinet import MPQ, InvalidArgument, evaluate
from verinet.constructions.product import (
    monomial,
    product,
    product_many,
    product_unit,
    sawtooth_order,
    square,
)
from verinet.interpret.metrics import size_metrics


def values(net, points):
    out = [y for (y,) in evaluate(net, [list(p) for p in points])]
    assert all(type(y) is MPQ for y in out)
    return [F(int(y.numerator), int(y.denominator)) for y in out]


def interp(x: F, h: F) -> F:
    """Linear interpolant of t**2 on the grid h Z (independent reference)."""
    left = (x // h) * h
    return left**2 + (x - left) * (2 * left + h)


@pytest.mark.parametrize("N, k", [(1, 1), (2, 1), (3, 2), (8, 2), (9, 3), (24, 3), (25, 4), (64, 4), (65, 5)])
def test_sawtooth_order(N, k):
    assert sawtooth_order(N) == k
    assert (k - 1) * 2 ** (k - 1) + 1 <= N <= k * 2**k


@pytest.mark.parametrize("N, L", [(1, 1), (1, 3), (2, 2), (3, 1), (3, 2), (9, 1)])
def test_square_lemma_5_1(N, L):
    c = square(N, L)
    k = sawtooth_order(N)
    h = F(1, 2 ** (k * L))
    grid = [i * h / 4 for i in range(4 * 2 ** (k * L) + 1)]
    ys = values(c.network, [[x] for x in grid])
    assert ys == [interp(x, h) for x in grid]
    # actual error 2^(-2Lk-2) <= N^-L (the claim)
    assert max(y - x * x for x, y in zip(grid, ys)) == F(1, 4 * 4 ** (k * L)) <= c.claims["sup_error"] == F(1, N**L)
    metrics = size_metrics(c.network)
    assert metrics["width"] == 2**k + 1 <= c.claims["width"] == 3 * N
    assert metrics["depth"] == c.claims["depth"] == L
    assert metrics["max_abs_parameter"] == c.claims["max_abs_weight"] == (2 ** (k + 1) if L >= 2 else 1)


def unit_reference(x: F, y: F, h: F) -> F:
    return 2 * (interp((x + y) / 2, h) - interp(x / 2, h) - interp(y / 2, h))


@pytest.mark.parametrize("N, L", [(1, 1), (1, 2), (3, 1), (2, 3)])
def test_product_unit_lemma_5_2(N, L):
    c = product_unit(N, L)
    h = F(1, 2 ** (sawtooth_order(N) * L))
    axis = [F(i, 16) for i in range(17)]
    points = list(itertools.product(axis, axis))
    ys = values(c.network, points)
    assert ys == [unit_reference(x, y, h) for x, y in points]
    assert max(abs(v - x * y) for (x, y), v in zip(points, ys)) <= c.claims["sup_error"] == F(6, N**L)
    metrics = size_metrics(c.network)
    assert metrics["width"] == 3 * (2 ** sawtooth_order(N) + 1) <= c.claims["width"] == 9 * N
    assert metrics["depth"] == c.claims["depth"] == L


@pytest.mark.parametrize("N, L, a, b", [(1, 2, F(-3), F(3)), (2, 2, F(0), F(1)), (3, 1, F(-1, 10), F(11, 10)), (1, 1, F(1), F(5))])
def test_product_lemma_4_2(N, L, a, b):
    c = product(N, L, a, b)
    h = F(1, 2 ** (sawtooth_order(N) * L))
    axis = [a + (b - a) * F(i, 12) for i in range(13)]
    points = list(itertools.product(axis, axis))
    ys = values(c.network, points)
    s = b - a
    # phi = (b-a)^2 psi((x-a)/(b-a), (y-a)/(b-a)) + a(x + y) - a^2
    assert ys == [s * s * unit_reference((x - a) / s, (y - a) / s, h) + a * (x + y) - a * a for x, y in points]
    assert max(abs(v - x * y) for (x, y), v in zip(points, ys)) <= c.claims["sup_error"] == 6 * s * s / F(N) ** L
    metrics = size_metrics(c.network)
    assert metrics["width"] == 3 * (2 ** sawtooth_order(N) + 1) + 1 <= c.claims["width"] == 9 * N + 1
    assert metrics["depth"] == c.claims["depth"] == L
    assert c.claims["box"] == ((a, b), (a, b))


@pytest.mark.parametrize("k", [2, 3])
def test_product_many_lemma_5_3(k):
    c = product_many(1, 1, k)
    axis = [F(0), F(1, 3), F(1, 2), F(1)]
    points = list(itertools.product(axis, repeat=k))
    ys = values(c.network, points)
    exact = [x1 * x2 * (xs[0] if xs else 1) for x1, x2, *xs in points]
    assert max(abs(y - e) for y, e in zip(ys, exact)) <= c.claims["sup_error"] == F(9 * (k - 1), 2 ** (7 * k))
    metrics = size_metrics(c.network)
    assert metrics["depth"] == c.claims["depth"] == 7 * k * (k - 1)
    assert metrics["width"] <= c.claims["width"] == 9 * 2 + k - 1


def test_monomial_prop_4_1():
    c = monomial((2, 1), 1, 1)
    axis = [F(0), F(1, 4), F(2, 3), F(1)]
    points = list(itertools.product(axis, axis))
    ys = values(c.network, points)
    assert max(abs(y - x1 * x1 * x2) for (x1, x2), y in zip(points, ys)) <= c.claims["sup_error"] == F(27, 2**21)
    metrics = size_metrics(c.network)
    assert metrics["depth"] == 42 <= c.claims["depth"] == 63
    assert metrics["width"] <= c.claims["width"] == 20


def test_monomial_of_degree_one_is_the_coordinate():
    c = monomial((0, 1, 0), 1, 1)
    assert values(c.network, [[5, F(1, 3), 7], [0, 1, 0]]) == [F(1, 3), 1]


@pytest.mark.parametrize(
    "call",
    [
        lambda: square(0, 1),
        lambda: square(1, 0),
        lambda: product(1, 1, 2, 2),
        lambda: product(1, 1, 0.0, 1),
        lambda: product_unit(1.0, 1),
        lambda: product_many(1, 1, 1),
        lambda: monomial((0, 0), 1, 1),
        lambda: monomial((1, -1), 1, 1),
        lambda: monomial("x", 1, 1),
    ],
    ids=["N=0", "L=0", "a=b", "float a", "float N", "k=1", "alpha=0", "alpha<0", "alpha str"],
)
def test_invalid_arguments_raise(call):
    with pytest.raises(InvalidArgument):
        call()
