"""Point fitting (Lemma 5.4), its deep form (Lemma 5.5) and the fitted step (Prop. 4.3): exact checks."""

import random
from fractions import Fraction as F

import pytest

from verinet import MPQ, InvalidArgument, evaluate
from verinet.analysis.pwl1d import piecewise_linear_form
from verinet.constructions._layers import chain
from verinet.constructions.fitting import (
    deepen_layers,
    fitted_step,
    fitting_sup_bound,
    integer_root,
    point_fitting,
    point_fitting_layers,
    step_samples,
)
from verinet.constructions.registry import builders
from verinet.interpret.metrics import size_metrics


def values(net, xs):
    out = [y for (y,) in evaluate(net, [[x] for x in xs])]
    assert all(type(y) is MPQ for y in out)
    return [F(int(y.numerator), int(y.denominator)) for y in out]


def random_samples(rng, m, n):
    pool = sorted({F(rng.randint(-60, 60), rng.randint(1, 7)) for _ in range(4 * m * (n + 1) + 8)})
    xs = sorted(rng.sample(pool, m * (n + 1) + 1))
    return xs, [F(rng.randint(0, 9), rng.randint(1, 3)) for _ in xs]


@pytest.mark.parametrize("m, n", [(1, 1), (1, 4), (2, 1), (2, 3), (3, 2), (4, 5)])
def test_point_fitting_properties_i_ii_iii_exactly(m, n):
    rng = random.Random(100 * m + n)
    for _ in range(5):
        xs, ys = random_samples(rng, m, n)
        c = point_fitting(xs, ys, m, n)
        # (i) exact fit
        assert values(c.network, xs) == ys
        (form,) = piecewise_linear_form(c.network, xs[0], xs[-1])
        # (ii) no breakpoint strictly inside [x_{i-1}, x_i] for i not a multiple of n + 1
        for left, right in c.claims["linear_on"]:
            assert not any(left < t < right for t in form.breakpoints)
        assert len(c.claims["linear_on"]) == m * n
        # (iii) the exact sup of |phi| over [x_0, x_end] (attained at a breakpoint)
        sup = max(abs(v) for v in form.values)
        assert sup <= c.claims["sup_abs"] == fitting_sup_bound(xs, ys, m, n)
        metrics = size_metrics(c.network)
        assert metrics["hidden_widths"] == c.claims["hidden_widths"] == [2 * m, 2 * n + 1]


def test_point_fitting_sup_bound_formula():
    # blocks [0, 1, 3] and [4, 6, 7]: k = 1: spread max(3 - 0, 7 - 4) = 3, gap min(1, 2) = 1;
    # k = 2: spread max(3 - 1, 7 - 6) = 2, gap min(2, 1) = 1 -> 3 * 2 * (1 + 3) * (1 + 2) = 72
    xs, ys = [0, 1, 3, 4, 6, 7, 8], [0, 2, 1, 0, 1, 1, 0]
    assert fitting_sup_bound(xs, ys, 2, 2) == 72


@pytest.mark.parametrize(
    "K, m, n, inverse_delta, w2, b2",
    # spec smooth_and_growth.md 2.10: measured max |W_2|, |b_2| of the literal recipe
    [(4, 1, 7, 12, 22, 9), (4, 1, 7, 120, 211, 90), (4, 1, 7, 1200, 2101, 900),
     (8, 1, 15, 24, 46, 21), (16, 1, 31, 48, 94, 45), (16, 2, 15, 48, 1152, 21), (16, 4, 7, 48, 576, 9)],
)
def test_second_layer_weights_match_the_spec_record(K, m, n, inverse_delta, w2, b2):
    xs, ys = step_samples(K, F(1, inverse_delta))
    (W0, b0), (W1, b1), (W2, out_b) = point_fitting_layers(xs, ys, m, n)
    assert max(abs(v) for row in W1 for v in row) == w2
    assert max(abs(v) for v in b1) == b2
    # W_1 = 1, b_1 = -p_r, W_3 in {+-1}, b_3 = 0 (read in the proof)
    assert {v for row in W0 for v in row} == {1} and max(abs(v) for v in b0) <= 1
    assert {abs(v) for v in W2[0]} == {1} and out_b == [0]


@pytest.mark.parametrize("m, n, L", [(1, 3, 4), (2, 3, 2), (2, 5, 3), (3, 8, 3), (1, 1, 2), (3, 2, 1)])
def test_deepen_is_the_same_function_with_width_2N_plus_2_and_depth_L_plus_1(m, n, L):
    xs, ys = random_samples(random.Random(m + 7 * n + 31 * L), m, n)
    shallow = point_fitting(xs, ys, m, n).network
    deep = chain(deepen_layers(point_fitting_layers(xs, ys, m, n), 2 * m, L))
    probe = xs + [x + F(1, 3) for x in xs] + [xs[0] - 5, xs[-1] + 5]
    assert values(deep, probe) == values(shallow, probe)
    metrics = size_metrics(deep)
    assert metrics["depth"] == L + 1 and metrics["width"] <= 2 * (2 * m) + 2


@pytest.mark.parametrize("N, L, d, K", [(4, 1, 2, 4), (9, 2, 2, 18), (8, 4, 3, 8), (16, 3, 2, 48), (1, 1, 2, 1)])
def test_fitted_step_is_k_on_every_good_interval(N, L, d, K):
    c = fitted_step(N, L, d, F(1, 3 * K))
    assert c.claims["K"] == K
    pieces = c.claims["pieces"]
    assert values(c.network, [t for left, right, _ in pieces for t in (left, (left + right) / 2, right)]) == [
        k for _, _, k in pieces for _ in range(3)
    ]
    layout = c.claims["layout"]
    n1 = integer_root(N, d)
    metrics = size_metrics(c.network)
    assert metrics["width"] <= layout["width"] == 4 * n1 + 2 <= c.claims["width"] == 4 * n1 + 3
    assert metrics["depth"] == layout["depth"] == 2 * integer_root(L * L, d) + 1 <= c.claims["depth"] == 4 * L + 5


def test_integer_root_is_exact():
    assert [integer_root(v, 2) for v in range(10)] == [0, 1, 1, 1, 2, 2, 2, 2, 2, 3]
    assert integer_root(10**30, 3) == 10**10 and integer_root(10**30 - 1, 3) == 10**10 - 1


@pytest.mark.parametrize(
    "call",
    [
        lambda: point_fitting([0, 1, 2], [0, 1, 0], 1, 2),
        lambda: point_fitting([0, 2, 1], [0, 1, 0], 1, 1),
        lambda: point_fitting([0, 1, 2], [0, -1, 0], 1, 1),
        lambda: point_fitting([0, 0.5, 1], [0, 1, 0], 1, 1),
        lambda: point_fitting("012", [0, 1, 0], 1, 1),
        lambda: point_fitting([0, 1, 2], [0, 1, 0], 1, 0),
        lambda: fitted_step(4, 1, 1, F(1, 12)),
        lambda: fitted_step(4, 1, 2, F(1, 6)),
        lambda: deepen_layers(point_fitting_layers([0, 1, 2, 3], [0, 1, 0, 1], 1, 2), 2, 1),
    ],
    ids=["count", "not increasing", "y<0", "float x", "string xs", "N2=0", "d=1", "delta>1/3K", "M>NL"],
)
def test_invalid_arguments_raise(call):
    with pytest.raises(InvalidArgument):
        call()


def test_registered():
    catalogue = builders()
    assert set(catalogue["point-fitting"].parameters) == {"xs", "ys", "N1", "N2"}
    assert set(catalogue["fitted-step"].parameters) == {"N", "L", "d", "delta"}
