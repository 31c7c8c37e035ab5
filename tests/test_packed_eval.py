"""The packed path (one big integer per coordinate, digits of W bits) equals the Fraction reference.

Checked: the packing primitives on digits at the extremes of their range, whole random
networks, layouts that must widen (numbers growing past the headroom) and shrink (the
bit-extraction chain's denominators halving), a batch of one and batches that are not
powers of two, huge weights, and ``HEADROOM = 0`` (every bound re-measured at every node);
and that a digit width too small for the numbers does corrupt the result, so the
comparisons above would see a missing bound.
"""

import random
from fractions import Fraction

import pytest
from hypothesis import given, settings, strategies as st

from verinet.testing.strategies import networks, points
from verinet import MPQ, Network, NetworkBuilder
from verinet.constructions.bits import bit_extraction, extraction_points
from verinet.interpret import packed
from verinet.interpret.exact import evaluate
from verinet.interpret.reference import evaluate_reference


def _reference(net, pts):
    return [tuple(MPQ(v.numerator, v.denominator) for v in evaluate_reference(net, p)) for p in pts]


def _chain(depth: int, weights, bias) -> "Network":
    b = NetworkBuilder()
    x = b.input(len(weights[0]))
    for _ in range(depth):
        x = b.relu(b.affine(x, weights, bias))
    return b.build(b.affine(x, [[1] * len(weights)], [0]))


# --- primitives --------------------------------------------------------------------------------


@pytest.mark.parametrize("B", [1, 2, 3, 5, 8, 13])
@pytest.mark.parametrize("c", [0, 1, -1, 2**64 - 1, -(2**64), 3 * 2**130 + 7, -(5**90)])
def test_times_ones_is_c_copies_at_every_digit(B, c):
    W = 64
    assert packed._times_ones(c, W, B) == sum(c << (j * W) for j in range(B))


def _rows_of(values, W):
    half = 1 << (W - 1)
    q = sum((v + half) << (j * W) for j, v in enumerate(values))
    return packed._Rows(W, len(values), [packed.MPZ(q)], [1], [max(map(abs, values))], [0])


@pytest.mark.parametrize("values", [[0], [1, -1, 0], [2**62, -(2**62), 2**61 + 1], [-(2**126), 2**126 - 1, 3]])
def test_measured_bits_bound_the_largest_magnitude_tightly(values):
    W = 128
    L = packed._measured_bits(_rows_of(values, W).q[0], W, len(values))
    assert all(abs(v) <= 2**L for v in values)
    assert L == 0 or any(abs(v) >= 2 ** (L - 1) for v in values)


@pytest.mark.parametrize("W_new", [64, 128, 256])
def test_relayout_keeps_every_digit(W_new):
    values = [0, 1, -1, 2**62 - 1, -(2**62), 12345, -98765]
    x = packed._relaid(_rows_of(values, 192), W_new)
    assert x.W == W_new and packed._unpacked(x) == [values]


def test_relu_clamps_digits_at_both_ends_of_their_range():
    W = 64
    values = [-(2**63) + 1, -1, 0, 1, 2**63 - 1, -5, 7]
    y = packed._relu(None, (_rows_of(values, W),), None)
    assert packed._unpacked(y) == [[max(v, 0) for v in values]]


# --- whole networks ------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_random_networks_equal_the_reference(data):
    net = data.draw(networks(max_bits=24))
    pts = data.draw(st.lists(points(net.in_dim), min_size=1, max_size=7))
    assert evaluate(net, pts, path="packed") == _reference(net, pts)


@pytest.mark.parametrize("headroom", [0, 64])
def test_growing_numbers_widen_the_layout(monkeypatch, headroom):
    monkeypatch.setattr(packed, "HEADROOM", headroom)
    net = _chain(60, [[3, "1/7"], ["-2/5", 5]], ["1/3", "-1/11"])
    pts = [[Fraction(j, 7), Fraction(-j, 3) + 1] for j in range(9)]
    assert evaluate(net, pts, path="packed") == _reference(net, pts)


@pytest.mark.parametrize("headroom", [0, 64])
def test_bit_extraction_shrinks_the_layout_and_reads_every_bit(monkeypatch, headroom):
    monkeypatch.setattr(packed, "HEADROOM", headroom)
    bits = "".join(random.Random(5).choice("01") for _ in range(80))
    net = bit_extraction(bits).network
    got = evaluate(net, [[t] for t in extraction_points(bits)], path="packed")
    assert got == [(MPQ(int(t)),) for t in bits]


def test_huge_weights_and_inputs():
    big = MPQ(3**400 + 1, 2**700)
    b = NetworkBuilder()
    x = b.input(2)
    h = b.relu(b.affine(x, [[big, -1], [1, big]], [MPQ(-1, 3**200), 5]))
    net = b.build(b.add(b.slice(h, 0, 1), b.slice(h, 1, 2)))
    pts = [[MPQ(2**900 + j, 3**5), MPQ(-j, 7)] for j in range(-3, 4)]
    assert evaluate(net, pts, path="packed") == _reference(net, pts)


def test_concat_of_values_of_different_sizes():
    b = NetworkBuilder()
    x = b.input(1)
    small = b.relu(b.affine(x, [[1]], [0]))
    large = b.relu(b.affine(x, [[2**300]], ["1/3"]))
    net = b.build(b.affine(b.concat(small, large), [[1, -1], [-1, 1]], [0, 0]))
    pts = [[MPQ(j, 5)] for j in range(-4, 5)]
    assert evaluate(net, pts, path="packed") == _reference(net, pts)


def test_a_digit_width_below_the_numbers_corrupts_them(monkeypatch):
    """Without the bound (digits forced to 64 bits, never re-laid), 100-bit numbers overflow
    their digits and the result is wrong: the bound is what makes the path exact."""
    monkeypatch.setattr(packed, "_fitted", lambda x, plan: (x, plan(x)))
    net = _chain(3, [[2**60]], [0])
    pts = [[MPQ(j + 1, 1)] for j in range(4)]
    assert evaluate(net, pts, path="packed") != _reference(net, pts)
