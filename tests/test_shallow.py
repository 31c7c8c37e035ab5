"""Shallow sigmoid and Gaussian networks by finite differences (issue 16, part 5): exact weights,
enclosures containing mpmath values, proved error bounds, and the exact growth of max |theta|."""

import dataclasses
import math

import mpmath
import pytest

from verinet import MPQ, enclose
from verinet.analysis.enclose_error import enclose_sup_error
from verinet.balls import ball_bounds
from verinet.constructions.registry import build, builders
from verinet.constructions.shallow import (ACTIVATIONS, derivative_ball, error_bounds, growth_point, shallow_growth,
                                           shallow_network)
from verinet.errors import InvalidArgument
from verinet.interpret.metrics import size_metrics
from verinet.ops import Affine
from verinet._backend import ball_precision

MP_FUNCTIONS = {"sigmoid": lambda t: 1 / (1 + mpmath.exp(-t)), "gaussian": lambda t: mpmath.exp(-t * t)}


def mp(q):
    return mpmath.mpf(int(q.numerator)) / int(q.denominator)


def mp_network(c, x):
    """The network's value at ``x`` by mpmath from its exact weights (an independent evaluation)."""
    inner, outer = c.network.op("inner"), c.network.op("outer")
    sigma = MP_FUNCTIONS[c.name.removeprefix("shallow-")]
    hidden = [sigma(mp(w[0]) * mp(x) + mp(b)) for w, b in zip(inner.weights(), inner.bias())]
    return sum(mp(w) * v for w, v in zip(outer.weights()[0], hidden)) + mp(outer.bias()[0])


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_weights_are_the_finite_difference_formula(activation):
    c = shallow_network(activation, "exp(x)", 4, MPQ(1, 8))
    cs, D, h = c.claims["taylor"], c.claims["derivatives"], c.claims["h"]
    outer = c.network.op("outer").weights()[0]
    for i in range(5):
        terms = [cs[k] * (-1) ** (k - i) * math.comb(k, i) / (h**k * D[k - 1]) for k in range(max(i, 1), 5)]
        assert outer[i] == sum(terms, MPQ(0))
    assert outer[4] == cs[4] / (h**4 * D[3])  # the top weight is c_n / (h^n sigma^(n)(b))
    assert [w[0] for w in c.network.op("inner").weights()] == [i * h for i in range(5)]
    assert size_metrics(c.network)["max_abs_parameter"] == c.claims["max_abs_weight"]


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_derivative_balls_contain_mpmath_values(activation):
    with mpmath.workdps(60), ball_precision(256):
        for k in range(1, 8):
            lo, hi = ball_bounds(derivative_ball(activation, k, MPQ(3, 4)))
            value = mpmath.diff(MP_FUNCTIONS[activation], mp(MPQ(3, 4)), k)
            assert mp(lo) <= value <= mp(hi) and hi - lo < MPQ(1, 2**150)


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_enclosures_contain_mpmath_values(activation):
    c = shallow_network(activation, "exp(x)", 5, MPQ(1, 16))
    points = [MPQ(i, 7) for i in range(8)]
    with mpmath.workdps(80):
        for x, e in zip(points, enclose(c.network, [[x] for x in points])):
            lo, hi = e.bounds()[0]
            assert mp(lo) <= mp_network(c, x) <= mp(hi)


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_error_bounds_bracket_the_error(activation):
    c = shallow_network(activation, "exp(x)", 2, MPQ(1, 64))
    bounds = error_bounds(c, "exp(x)")
    assert 0 < bounds["lower"] <= bounds["upper"]
    # the arb subdivision of enclose_sup_error agrees: its bounds overlap the Lemma's
    r = enclose_sup_error(c.network, "exp(x)", (0, 1), tolerance=bounds["upper"] / 8)
    assert r.lower <= bounds["upper"] and bounds["lower"] <= r.upper
    with mpmath.workdps(60):
        for i in range(33):
            x = MPQ(i, 32)
            assert abs(mp_network(c, x) - mpmath.exp(mp(x))) <= mp(bounds["upper"])


def test_polynomial_target_has_no_truncation_error():
    c = shallow_network("sigmoid", "x**3 - x", 3, MPQ(1, 32))
    bounds = error_bounds(c, "x**3 - x")
    assert bounds["truncation"] == 0 and bounds["rounding"] == 0 and bounds["upper"] == bounds["finite_differences"]


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_a_mutated_weight_is_caught(activation):
    c = shallow_network(activation, "exp(x)", 4, MPQ(1, 64))
    outer = c.network.op("outer")
    W = [list(outer.weights()[0])]
    W[0][2] += MPQ(1, 2)
    bad = dataclasses.replace(c, network=c.network.with_ops({"outer": Affine.from_rationals(W, outer.bias())}))
    assert error_bounds(bad, "exp(x)")["lower"] > error_bounds(c, "exp(x)")["upper"]


@pytest.mark.parametrize("activation, bits_per_degree", [("sigmoid", 8), ("gaussian", 4)])
def test_max_parameter_grows_exponentially_in_the_degree(activation, bits_per_degree):
    # eps fixed: the finite-difference error stays <= 1/1000 at every degree; max |theta| at least
    # doubles bits_per_degree times per degree (exact comparisons)
    g = shallow_growth(activation, "exp(x)", range(1, 7), eps="1/1000")
    sizes = [MPQ(r["max_abs_parameter"]) for r in g["rows"]]
    assert all(b >= 2**bits_per_degree * a for a, b in zip(sizes, sizes[1:]))
    assert "fit" in g["fit"]["label"] and MPQ(g["fit"]["log2_max_abs_parameter_per_degree"].split("e")[0]) > 0
    assert all(r["width"] == r["n"] + 1 and r["depth"] == 1 for r in g["rows"])


def test_growth_point_row_keys():
    row = growth_point("gaussian", "exp(x)", 2, eps="1/100")
    for key in ("width", "depth", "parameters", "max_abs_parameter", "max_parameter_bits", "error_bound"):
        assert key in row
    assert MPQ(row["max_abs_parameter"]) > 0 and row["error_bound"].startswith("[")


@pytest.mark.parametrize("args, message", [(("tanh", "x", 2, 1), "activation"), (("sigmoid", "x", 0, 1), "n=0"),
                                           (("sigmoid", "x", 2, 2), "h=2"), (("sigmoid", "x", 2, 0.25), "float"),
                                           (("sigmoid", "x", 3, "1/4", 0), "may vanish")])
def test_bad_parameters_are_refused(args, message):
    with pytest.raises(InvalidArgument, match=message):
        shallow_network(*args)


def test_registered():
    for name in ("shallow-sigmoid", "shallow-gaussian"):
        c = build(builders()[name], {"target": "exp(x)", "n": 3, "h": MPQ(1, 8)})
        assert c.name == name and size_metrics(c.network)["width"] == 4
