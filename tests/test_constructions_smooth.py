"""Prop. 4.3 (d = 1), Lemma 3.5 of SYZ 2020, Lemmas 5.6/5.7, Prop. 4.4 and eq. (4.6) (Lu-Shen-Yang-Zhang 2021)."""

import itertools
import random

import pytest
import sympy

from verinet import evaluate
from verinet._backend import MPQ
from verinet.analysis.pwl1d import piecewise_linear_form
from verinet.constructions._layers import chain
from verinet.constructions.bit_fitting import (bit_plane_network, bit_planes_count, bit_sequence, point_fit_network,
                                               prefix_bit_sum_layers, truncated_bits)
from verinet.constructions.smooth import grid_size, index_of, step_1d
from verinet.errors import InvalidArgument
from verinet.interpret.metrics import size_metrics


def _is_k_on_pieces(net, pieces):
    (form,) = piecewise_linear_form(net, 0, 1)
    return all(form(t) == k for a, b, k in pieces for t in [a, b, *(t for t in form.breakpoints if a < t < b)])


@pytest.mark.parametrize("N, L", [(1, 1), (1, 2), (2, 1), (2, 2), (3, 2)])
def test_step_1d_is_k_on_every_cell_within_the_paper_size(N, L):
    K = N * N * L * L
    c = step_1d(N, L, MPQ(1, 3 * K))
    m = size_metrics(c.network)
    assert c.claims["K"] == K and _is_k_on_pieces(c.network, c.claims["pieces"])
    assert m["width"] <= 4 * N + 3 and m["depth"] <= 4 * L + 5


def test_step_1d_of_another_K_fails_the_claim():
    wrong = step_1d(2, 1, MPQ(1, 48)).network  # K = 4 where K = 16 is claimed
    assert not _is_k_on_pieces(wrong, step_1d(2, 2, MPQ(1, 48)).claims["pieces"])
    with pytest.raises(InvalidArgument, match=r"delta=1/40 must lie in \(0, 1/\(3K\)\] = \(0, 1/48\]"):
        step_1d(2, 2, MPQ(1, 40))


@pytest.mark.parametrize("L", [1, 2, 3])
def test_prefix_bit_sums_are_exact_for_every_bit_string(L):
    net = chain(prefix_bit_sum_layers(L))
    cases = [(theta, l) for theta in itertools.product((0, 1), repeat=L) for l in range(1, L + 1)]
    out = evaluate(net, [[bit_sequence(theta), l] for theta, l in cases])
    assert [y for (y,) in out] == [sum(theta[:l]) for theta, l in cases]
    assert size_metrics(net)["width"] == 7 and size_metrics(net)["depth"] == 2 * L


@pytest.mark.parametrize("N, L", [(1, 1), (2, 1), (1, 2), (2, 2), (1, 3)])
def test_bit_plane_fits_its_bits_exactly_and_a_flipped_bit_is_seen(N, L):
    rng = random.Random(N * 10 + L)
    bits = [rng.randint(0, 1) for _ in range(N * N * L * L)]
    points = [[i] for i in range(len(bits))]
    assert [y for (y,) in evaluate(bit_plane_network(bits, N, L), points)] == bits
    m = size_metrics(bit_plane_network(bits, N, L))
    assert m["width"] <= 8 * N + 6 and m["depth"] <= 5 * L + 7
    flipped = bits[:]
    flipped[len(bits) // 2] ^= 1
    out = [y for (y,) in evaluate(bit_plane_network(flipped, N, L), points)]
    assert [i for i, (a, b) in enumerate(zip(out, bits)) if a != b] == [len(bits) // 2]


def test_bit_planes_count_is_the_papers_ceiling():
    # J = ceil(2 s log2(NL + 1)): ceil(2 log2 5) = 5, ceil(2 log2 2) = 2, ceil(4 log2 7) = 12, ceil(2 log2 9) = 7
    assert [bit_planes_count(*a) for a in [(2, 2, 1), (1, 1, 1), (3, 2, 2), (4, 2, 1)]] == [5, 2, 12, 7]
    assert truncated_bits(sympy.sqrt(2) / 2, 8) == tuple(int(c) for c in format(181, "08b"))
    assert truncated_bits(MPQ(1), 3) == (1, 1, 1) and truncated_bits(MPQ(0), 3) == (0, 0, 0)


def test_point_fitting_through_bit_planes_is_within_2_to_minus_J_and_clipped():
    rng = random.Random(5)
    values = [MPQ(rng.randint(0, 60), 60) for _ in range(16)]
    net, J, table = point_fit_network(values, 2, 2, 1)
    out = [y for (y,) in evaluate(net, [[i] for i in range(16)])]
    assert J == 5 and all(abs(y - v) <= MPQ(1, 2**J) for y, v in zip(out, values))
    elsewhere = [y for (y,) in evaluate(net, [[MPQ(k, 7) - 3] for k in range(150)])]
    assert all(0 <= y <= 1 for y in elsewhere)


def test_grid_size_and_corrected_index():
    assert [grid_size(*a) for a in [(2, 2, 1), (4, 1, 2), (2, 2, 2), (9, 4, 2)]] == [16, 4, 2, 36]
    K = 3
    assert sorted(index_of(beta, K) for beta in itertools.product(range(K), repeat=2)) == list(range(K * K))
    assert index_of((1, 2), K) == 1 + 2 * 3
