"""Step function, index map, power map and cube index (Shen-Yang-Zhang 2022, Step 2)."""

import itertools
from fractions import Fraction as F

import pytest

from verinet import MPQ, InvalidArgument, evaluate
from verinet.constructions.step import cube_index, index_map, power_map, step_function
from verinet.interpret.metrics import size_metrics


def values(net, points):
    out = [y for (y,) in evaluate(net, [list(p) for p in points])]
    assert all(type(y) is MPQ for y in out)
    return [F(int(y.numerator), int(y.denominator)) for y in out]


@pytest.mark.parametrize("K, delta", [(2, F(1, 4)), (3, F(1, 9)), (5, F(1, 100)), (8, F(1, 1000))])
def test_step_function_is_exact_off_the_ramps(K, delta):
    c = step_function(K, delta)
    for k, (left, right, value) in enumerate(c.claims["pieces"]):
        assert (left, right, value) == (F(k, K), F(k + 1, K) - delta, k)
        assert values(c.network, [[left], [(left + right) / 2], [right]]) == [k, k, k]
    # linear ramp of slope 1/delta just left of each k/K; constant outside [0, 1]
    ramps = [[F(k, K) - delta / 2] for k in range(1, K)]
    assert values(c.network, ramps) == [k - F(1, 2) for k in range(1, K)]
    assert values(c.network, [[-5], [F(1, K) - delta], [1], [7]]) == [0, 0, K - 1, K - 1]
    metrics = size_metrics(c.network)
    assert (metrics["width"], metrics["depth"]) == (c.claims["width"], 1) == (2 * (K - 1), 1)
    assert metrics["max_abs_parameter"] == c.claims["max_abs_weight"] == 1 / delta


@pytest.mark.parametrize("K, d", [(2, 1), (2, 3), (3, 2), (5, 2)])
def test_index_map_is_a_bijection_onto_1_to_K_power_d(K, d):
    betas = list(itertools.product(range(K), repeat=d))
    images = values(index_map(K, d).network, betas)
    assert sorted(images) == list(range(1, K**d + 1))
    assert images == [1 + sum(b * K**i for i, b in enumerate(beta)) for beta in betas]


@pytest.mark.parametrize("J", [2, 3, 8, 30])
def test_power_map_interpolates_powers_of_four(J):
    c = power_map(J)
    assert values(c.network, [[j] for j in range(1, J + 1)]) == [4**j for j in range(1, J + 1)]
    assert [y for _, y in c.claims["values"]] == [4**j for j in range(1, J + 1)]
    assert values(c.network, [[-10], [0], [1]]) == [4, 4, 4]
    metrics = size_metrics(c.network)
    assert metrics["width"] == J - 1 and metrics["depth"] == 1
    assert metrics["max_abs_parameter"] == c.claims["max_abs_weight"] == max(12, 9 * 4 ** (J - 2))


@pytest.mark.parametrize("K, d, delta", [(2, 1, F(1, 6)), (4, 1, F(1, 12)), (2, 2, F(1, 8)), (3, 2, F(1, 10)), (2, 3, F(1, 7))])
def test_cube_index_is_four_to_the_index_on_every_cube(K, d, delta):
    c = cube_index(K, d, delta)
    for beta in itertools.product(range(K), repeat=d):
        low = [F(b, K) for b in beta]
        high = [F(b + 1, K) - (delta if b < K - 1 else 0) for b in beta]
        corners = list(itertools.product(*zip(low, high)))
        expected = 4 ** (1 + sum(b * K**i for i, b in enumerate(beta)))
        assert set(values(c.network, corners)) == {expected}
    metrics = size_metrics(c.network)
    assert metrics["hidden_widths"] == [2 * d * (K - 1), K**d - 1]
    width = 2 * d * (K - 1)
    assert metrics["parameters"] == width * (d + 1) + (K**d - 1) * (width + 1) + K**d
    assert c.claims["parameters"] == 11 * K**d + 2


def test_folded_cube_index_exceeds_the_papers_parameter_count():
    # The paper's count 11 K^d + 2 keeps rho as a linear layer of its own; folded into the
    # standard layered form (as Step 2's "[R] shape" does) K = 3, d = 2 needs 105 > 101.
    assert size_metrics(cube_index(3, 2, F(1, 10)).network)["parameters"] == 105 > 11 * 9 + 2


@pytest.mark.parametrize(
    "call",
    [
        lambda: step_function(1, F(1, 2)),
        lambda: step_function(4, F(1, 4)),
        lambda: step_function(4, 0),
        lambda: step_function(4, 0.01),
        lambda: power_map(1),
        lambda: index_map(1, 2),
        lambda: cube_index(2, 0, F(1, 8)),
    ],
    ids=["K=1", "delta=1/K", "delta=0", "float delta", "J=1", "index K=1", "d=0"],
)
def test_invalid_arguments_raise(call):
    with pytest.raises(InvalidArgument):
        call()
