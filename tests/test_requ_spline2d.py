"""The 2-D ReQU spline (issue 16, part 4, d = 2): network = formula at exact points, exact
reproduction of low-degree polynomials, parameters bounded independently of K; mutations caught."""

import pytest
from hypothesis import given, settings, strategies as st

from verinet import MPQ
from verinet.constructions.registry import build, builders
from verinet.constructions.requ_spline2d import growth_point_2d, requ_spline_2d, spline_value_2d
from verinet.errors import InvalidArgument
from verinet.interpret.exact import evaluate
from verinet.interpret.metrics import size_metrics
from verinet.ops import Affine

unit = st.fractions(min_value=0, max_value=1, max_denominator=64)


@settings(max_examples=10, deadline=None)
@given(unit, unit)
def test_network_equals_the_formula(x1, x2):
    c = requ_spline_2d("x1**2*x2 - x2/3", 2, 4)
    assert evaluate(c.network, [[MPQ(x1), MPQ(x2)]])[0][0] == spline_value_2d(c, (x1, x2))


def test_low_degree_polynomials_are_reproduced_exactly():
    c = requ_spline_2d("x1**2 + x1*x2 - x2/5", 3, 4)
    points = [[MPQ(u, 7), MPQ(v, 5)] for u in range(8) for v in range(6)]
    assert [y[0] for y in evaluate(c.network, points)] == [p[0] ** 2 + p[0] * p[1] - p[1] / 5 for p in points]
    assert c.claims["sup_error"] == 0


def test_max_parameter_is_four_at_every_k():
    for K in (2, 4, 8):
        c = requ_spline_2d("x1*x2", 2, K)
        assert size_metrics(c.network)["max_abs_parameter"] == 4 == c.claims["max_abs_weight"]
        assert size_metrics(c.network)["depth"] == c.claims["depth"] == K.bit_length() + 1


def test_a_mutated_weight_is_caught():
    c = requ_spline_2d("x1*x2 + 1", 2, 2)
    nodes = [n for n in c.network.order() if isinstance(c.network.op(n), Affine)]
    op = c.network.op(nodes[1])
    W = [list(r) for r in op.weights()]
    W[0][0] += MPQ(1, 1024)
    bad = c.network.with_ops({nodes[1]: Affine.from_rationals(W, op.bias())})
    points = [[MPQ(u, 4), MPQ(v, 4)] for u in range(5) for v in range(5)]
    assert any(y[0] != spline_value_2d(c, p) for p, y in zip(points, evaluate(bad, points)))


def test_growth_row_bounds_the_error():
    row = growth_point_2d("x1**2*x2", 2, 4, grid=4)
    assert row["max_abs_parameter"] == "4" and row["error_bound"].endswith(f", {row['a_priori_error_bound']}]")


@pytest.mark.parametrize("kwargs, message", [({"q": 2, "K": 6}, "power of two"), ({"q": 0, "K": 2}, "q=0")])
def test_bad_parameters_are_refused(kwargs, message):
    with pytest.raises(InvalidArgument, match=message):
        requ_spline_2d("x1*x2", **kwargs)


def test_registered():
    c = build(builders()["requ-spline-2d"], {"target": "x1*x2", "q": 2, "K": 2})
    assert c.name == "requ-spline-2d" and c.network.in_dim == 2
