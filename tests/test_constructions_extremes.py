"""max3, min3, mid3 (Lemma 3.1) and the mid repair (Lemmas 3.3/3.4): exact checks."""

import itertools
from fractions import Fraction as F

import pytest

from verinet import MPQ, InvalidArgument, evaluate
from verinet.calculus import affine_network
from verinet.constructions._layers import chain
from verinet.constructions.extremes import (
    _spiky_mean_layers,
    max3,
    mid3,
    mid_repair,
    mid_repair_of_step,
    min3,
)
from verinet.interpret.layered import to_layered
from verinet.interpret.metrics import size_metrics

SAMPLE = [F(-7, 3), F(-1), F(0), F(1, 2), F(1, 2), F(5)]
TRIPLES = sorted(set(itertools.permutations(SAMPLE, 3)))


def values(net, points):
    out = [y for (y,) in evaluate(net, [list(p) for p in points])]
    assert all(type(y) is MPQ for y in out)
    return [F(int(y.numerator), int(y.denominator)) for y in out]


@pytest.mark.parametrize(
    "build, reference",
    [(max3, max), (min3, min), (mid3, lambda *t: sorted(t)[1])],
    ids=["max3", "min3", "mid3"],
)
def test_extremes_of_three_exact_with_ties(build, reference):
    assert values(build().network, TRIPLES) == [reference(*t) for t in TRIPLES]


def test_mid3_sizes_and_weights():
    c = mid3()
    metrics = size_metrics(c.network)
    assert metrics["hidden_widths"] == [14, 10]
    assert (metrics["width"], metrics["depth"]) == (c.claims["width"], c.claims["depth"]) == (14, 2)
    # (3+1)*14 + (14+1)*10 + (10+1) = 217 <= the paper's count 280
    assert metrics["parameters"] == 217 and c.claims["parameters"] == 280
    allowed = {F(0), F(1), F(-1), F(1, 2), F(-1, 2)}
    for layer in to_layered(c.network).layers:
        assert set(layer.bias_numerators) == {0}
        assert {F(int(w.numerator), int(w.denominator)) for row in layer.weights() for w in row} <= allowed
    assert metrics["max_abs_parameter"] == c.claims["max_abs_weight"] == 1


@pytest.mark.parametrize("build", [max3, min3])
def test_max_min_widthvec(build):
    assert size_metrics(build().network)["hidden_widths"] == [6, 4]


def test_mid_repair_of_identity_is_identity():
    # g(x) = x is exact everywhere, so the repair must not move it
    net = mid_repair(affine_network([[1]]), F(1, 10))
    grid = [F(i, 40) for i in range(41)]
    assert values(net, [[x] for x in grid]) == grid


@pytest.mark.parametrize("K, delta", [(2, F(1, 6)), (3, F(1, 9)), (4, F(1, 20))])
def test_mid_repair_one_dimension(K, delta):
    c = mid_repair_of_step(K, delta, 1)
    grid = [F(i, 48 * K * delta.denominator) for i in range(48 * K * delta.denominator + 1)]
    errors = [abs(y - x) for x, y in zip(grid, values(c.network, [[x] for x in grid]))]
    assert max(errors) <= c.claims["sup_error"] == F(1, K) + delta
    # the unrepaired g is off by more than the bound on the trifling region
    g_bad = F(K - 1, K) - delta / 2
    (y,) = values(chain(_spiky_mean_layers(K, delta, 1)), [[g_bad]])
    assert abs(y - g_bad) > c.claims["sup_error"]
    metrics = size_metrics(c.network)
    assert metrics["depth"] == c.claims["depth"] == 3
    assert metrics["width"] <= c.claims["width"]


def test_mid_repair_two_dimensions():
    K, delta = 2, F(1, 6)
    c = mid_repair_of_step(K, delta, 2)
    axis = [F(i, 24) for i in range(25)]
    points = list(itertools.product(axis, axis))
    errors = [abs(y - (x1 + x2) / 2) for (x1, x2), y in zip(points, values(c.network, points))]
    assert max(errors) <= c.claims["sup_error"] == F(1, 2) + 2 * delta
    metrics = size_metrics(c.network)
    assert metrics["depth"] == 5 and metrics["width"] <= c.claims["width"] == 9 * (5 * 2 + 4)


@pytest.mark.parametrize(
    "call",
    [
        lambda: mid_repair_of_step(1, F(1, 3), 1),
        lambda: mid_repair_of_step(3, F(1, 8), 1),
        lambda: mid_repair_of_step(3, 0, 1),
        lambda: mid_repair_of_step(3, 0.1, 1),
        lambda: mid_repair_of_step(3, F(1, 9), 0),
        lambda: mid_repair(affine_network([[1], [1]]), 1),
        lambda: mid_repair(affine_network([[1]]), -1),
    ],
    ids=["K=1", "delta>1/3K", "delta=0", "float delta", "d=0", "two outputs", "delta<0"],
)
def test_invalid_arguments_raise(call):
    with pytest.raises(InvalidArgument):
        call()


@pytest.mark.parametrize("K, delta", [(2, F(1, 6)), (4, F(1, 12)), (5, F(1, 100))])
def test_mid_repair_exact_sup_error_lemma_3_3(K, delta):
    from verinet.analysis.pwl1d import piecewise_linear_form

    c = mid_repair_of_step(K, delta, 1)
    (form,) = piecewise_linear_form(c.network, 0, 1)
    # phi - x is piecewise linear with phi's breakpoints: its sup is attained at one of them
    sup = max(abs(v - t) for t, v in zip(form.breakpoints, form.values))
    assert sup <= c.claims["sup_error"]
    # Lemma 3.3 gives eps + omega_f(delta) with eps = off-region error 1/K, omega_f(delta) = delta
    (g_form,) = piecewise_linear_form(chain(_spiky_mean_layers(K, delta, 1)), 0, 1)
    assert max(abs(v - t) for t, v in zip(g_form.breakpoints, g_form.values)) > c.claims["sup_error"]
