"""Lemma A.3: packing numbers into one parameter and the floor network that unpacks them."""

import itertools
import random
from fractions import Fraction as F

import pytest

from verinet import MPQ, InvalidArgument, evaluate
from verinet.constructions._layers import chain
from verinet.constructions.packing import floor_network, pack, unpacking
from verinet.interpret.metrics import size_metrics


def test_pack_concatenates_bit_strings():
    # 0.01 and 0.11 -> 0.0111
    assert pack([F(1, 4), F(3, 4)], 2) == F(7, 16)
    assert pack([F(5, 8)], 3) == F(5, 8)


@pytest.mark.parametrize("R", [2, 3, 16])
def test_floor_network_is_floor_off_the_ramps(R):
    net = chain(floor_network(R))
    points = [[l + F(t, 4) * (1 - F(1, R))] for l in range(R) for t in range(5)]
    assert [y for (y,) in evaluate(net, points)] == [int(p[0]) for p in points]


def test_unpacking_recovers_every_pair_of_two_bit_numbers():
    m = 2
    grid = [F(i, 2**m) for i in range(2**m)]
    pairs = list(itertools.product(grid, grid))
    net = unpacking(m, [0, 0]).network
    got = evaluate(net, [[pack(p, m)] for p in pairs])
    assert [tuple(F(int(v.numerator), int(v.denominator)) for v in row) for row in got] == pairs
    assert all(type(v) is MPQ for row in got for v in row)


@pytest.mark.parametrize("m, n", [(1, 3), (3, 2), (2, 3)])
def test_unpacking_random_values_and_sizes(m, n):
    rng = random.Random(m * 10 + n)
    a = [F(rng.randrange(2**m), 2**m) for _ in range(n)]
    c = unpacking(m, a)
    assert c.claims["v"] == pack(a, m) and c.claims["bits_of_v"] == m * n
    assert list(evaluate(c.network, [[c.claims["v"]]])[0]) == a
    metrics = size_metrics(c.network)
    assert metrics["width"] == c.claims["width"] == 2 * n * (2 ** (m * n) - 1)
    assert metrics["depth"] == 1


@pytest.mark.parametrize(
    "call",
    [
        lambda: pack([1], 2),
        lambda: pack([F(1, 3)], 2),
        lambda: pack([F(-1, 4)], 2),
        lambda: pack([], 2),
        lambda: pack([0.25], 2),
        lambda: pack([F(1, 4)], 0),
        lambda: unpacking(2, "1/4"),
    ],
    ids=["a=1", "a=1/3", "a<0", "empty", "float", "m=0", "string"],
)
def test_invalid_arguments_raise(call):
    with pytest.raises(InvalidArgument):
        call()
