"""ReQU spline networks (issue 16, part 4): exact identities, a parameter bound independent of K,
exact errors against polynomial targets; mutated weights must be caught."""

import mpmath
import pytest
from hypothesis import given, settings, strategies as st

from verinet import MPQ
from verinet.analysis.ppoly1d import PPolyForm, degree_bound, piecewise_polynomial_form
from verinet.analysis.ppoly_error import poly_sup_error
from verinet.constructions.registry import build, builders
from verinet.constructions.requ_spline import (B_SPLINE, check_spline_form, form_error_bounds, growth_point,
                                               parameter_bound, requ_spline, spline_value)
from verinet.constructions.taylor import target_expression
from verinet.errors import BoundViolation, InvalidArgument
from verinet.interpret.metrics import size_metrics
from verinet.interpret.reference import evaluate_reference
from verinet.ops import Affine


def mp(q):
    return mpmath.mpf(int(q.numerator)) / int(q.denominator)


def form_of(net):
    (form,) = piecewise_polynomial_form(net, 0, 1, max_degree=max(degree_bound(net), 64))
    return form


def mutate(net, node_index, row=0, col=0, delta=MPQ(1, 1024)):
    nodes = [n for n in net.order() if isinstance(net.op(n), Affine)]
    op = net.op(nodes[node_index])
    W = [list(r) for r in op.weights()]
    W[row][col] += delta
    return net.with_ops({nodes[node_index]: Affine.from_rationals(W, op.bias())})


def test_b_spline_is_a_partition_of_unity():
    # sum_j B(t - j) = 1 at rational t (each B(t) = sum_r B_SPLINE[r] max(t - r, 0)^2)
    def B(t):
        return sum(c * max(t - r, 0) ** 2 for r, c in enumerate(B_SPLINE))

    for t in (MPQ(0), MPQ(1, 3), MPQ(5, 2), MPQ(7, 1)):
        assert sum(B(t - j) for j in range(-3, 9)) == 1


@pytest.mark.parametrize("q, K", [(3, 2), (3, 8), (4, 4)])
def test_degree_q_minus_1_polynomials_are_reproduced_exactly(q, K):
    # Taylor polynomials of degree >= 2 reproduce x^2; sum_j B_j = 1 on [0, 1]
    c = requ_spline("x**2 - x/3", q, K)
    assert form_of(c.network) == PPolyForm((0, 1), [(0, MPQ(-1, 3), 1)])
    assert c.claims["sup_error"] == 0


@pytest.mark.parametrize("K", [2, 4, 8, 16])
def test_interior_error_of_x_squared_is_marsden_one_over_4k2(K):
    # q = 2: f - s = sum_j B_j (x - c_j)^2 = Var(U1+U2+U3)/K^2 = 1/(4K^2) away from the clamped ends
    c = requ_spline("x**2", 2, K)
    form = form_of(c.network)
    for i in range(2 * 4, 4 * (K - 2) + 1):
        x = MPQ(i, 4 * K)
        assert x * x - form(x) == MPQ(1, 4 * K * K)
    result = poly_sup_error(form, "x**2")
    assert result.exact and result.value >= MPQ(1, 4 * K * K) and result.value <= c.claims["sup_error"]


@settings(max_examples=15, deadline=None)
@given(st.fractions(min_value=0, max_value=1, max_denominator=97))
def test_network_equals_the_spline_formula(x):
    c = requ_spline("x**3 - 2*x", 3, 4)
    assert evaluate_reference(c.network, [MPQ(x)])[0] == spline_value(c.claims["local_polynomials"], 4, x)


@pytest.mark.parametrize("target", ["x**3", "exp(x)"])
def test_the_exact_form_is_the_spline(target):
    c = requ_spline(target, 3, 4)
    check_spline_form(form_of(c.network), c)


@pytest.mark.parametrize("layer", [0, 1, 2, 3])
def test_a_mutated_weight_is_caught(layer):
    c = requ_spline("x**3 + 1", 3, 4)  # no local polynomial vanishes, so every neuron matters
    bad = mutate(c.network, layer)
    with pytest.raises(BoundViolation, match="the spline s is"):
        check_spline_form(form_of(bad), c)
    assert poly_sup_error(form_of(bad), "x**3 + 1").lower != poly_sup_error(form_of(c.network), "x**3 + 1").lower


def test_max_parameter_is_four_at_every_k():
    # the exact largest parameter of the layered form does not grow with K (nor with q); the Lemma's
    # bound max(4, 3 beta / 2) with beta <= max(||f||, ||f'||/2, ||f''||/8) = 3/2 for x^3 is 4
    for q in (1, 2, 3):
        for K in (2, 4, 8, 16, 32):
            c = requ_spline("x**3", q, K)
            assert size_metrics(c.network)["max_abs_parameter"] == 4 == c.claims["max_abs_weight"]
    assert parameter_bound(MPQ(3, 2)) == 4


def test_parameter_bound_holds_and_is_independent_of_k():
    # exp: beta <= max(e, e/2) < 2.72, so max(4, 3 beta / 2) < 4.08 whatever K
    for K in (2, 4, 8, 16):
        c = requ_spline("exp(x)", 2, K)
        assert size_metrics(c.network)["max_abs_parameter"] <= c.claims["max_abs_weight"] < MPQ(408, 100)
    # a large target: beta = 5 = |f(0)|; q = 1 attains the bound 3 beta / 2 (the output weights a_j0 * 3/2)
    for q in (1, 2, 3):
        c = requ_spline("3*x**2 - 5", q, 4)
        assert c.claims["beta"] == 5 and c.claims["max_abs_weight"] == MPQ(15, 2)
        assert size_metrics(c.network)["max_abs_parameter"] <= MPQ(15, 2)
    assert size_metrics(requ_spline("3*x**2 - 5", 1, 4).network)["max_abs_parameter"] == MPQ(15, 2)


def test_exact_errors_decrease_like_k_to_the_minus_q():
    errors = [poly_sup_error(form_of(requ_spline("x**3", 2, K).network), "x**3") for K in (2, 4, 8)]
    assert errors[0].lower > MPQ(5, 2) * errors[1].upper and errors[1].lower > 3 * errors[2].upper
    row = growth_point("x**2", 2, 4)
    assert row["error_kind"] == "exact" and MPQ(row["error_bound"]) >= MPQ(1, 64)
    assert row["max_abs_parameter"] == "4" and row["depth"] == 3


def test_non_polynomial_target_has_rigorous_bounds():
    c = requ_spline("sin(3*x)", 2, 8)
    form = form_of(c.network)
    check_spline_form(form, c)
    lower, upper = form_error_bounds(form, target_expression("sin(3*x)"))
    assert 0 < lower <= upper <= c.claims["sup_error"] and upper - lower < lower / 10
    with mpmath.workdps(50):  # an independent evaluation of the error on a fine grid stays below upper
        for i in range(257):
            x = MPQ(i, 256)
            assert abs(mp(form(x)) - mpmath.sin(3 * mp(x))) <= mp(upper)
    row = growth_point("sin(3*x)", 2, 8)
    assert row["error_kind"].startswith("rigorous") and row["max_abs_parameter"] == "4"


@pytest.mark.parametrize("kwargs, message", [({"q": 0, "K": 4}, "q=0"), ({"q": 2, "K": 3}, "power of two"),
                                             ({"q": 2, "K": 1}, "K=1")])
def test_bad_parameters_are_refused(kwargs, message):
    with pytest.raises(InvalidArgument, match=message):
        requ_spline("x**2", **kwargs)


def test_registered():
    builder = builders()["requ-spline"]
    c = build(builder, {"target": "x**2", "q": 3, "K": 4})
    assert size_metrics(c.network)["depth"] == c.claims["depth"] == 4
    assert size_metrics(c.network)["width"] == c.claims["width"] == 72
