"""Prop. B.1 bit extraction and Lemma B.2: exact checks."""

import itertools
import random
from fractions import Fraction as F

import pytest

from verinet import MPQ, BoundViolation, InvalidArgument, evaluate
from verinet.constructions import bits as bits_module
from verinet.constructions.bits import (
    bit_extraction,
    check_sawtooth_digit_gap,
    digits_number,
    extraction_points,
)
from verinet.constructions.registry import builders
from verinet.interpret.metrics import size_metrics


def values(net, xs):
    out = [y for (y,) in evaluate(net, [[x] for x in xs])]
    assert all(type(y) is MPQ for y in out)
    return [F(int(y.numerator), int(y.denominator)) for y in out]


def all_bit_strings(max_length):
    for J in range(1, max_length + 1):
        for theta in itertools.product("01", repeat=J):
            yield "".join(theta)


def G(z: F) -> F:
    return 3 * max(z - F(1, 3), F(0)) - 3 * max(z - F(2, 3), F(0))


def saw(x: F) -> F:
    r = x - 2 * (x // 2)
    return r if r <= 1 else 2 - r


def test_digits_number_and_points():
    assert digits_number("0110") == F(1, 16) + F(1, 64)
    assert extraction_points("01") == [F(1, 4), F(1)]


@pytest.mark.parametrize("theta", list(all_bit_strings(5)))
def test_bit_extraction_reads_every_bit(theta):
    c = bit_extraction(theta)
    assert values(c.network, extraction_points(theta)) == [int(t) for t in theta]
    assert [y for _, y in c.claims["values"]] == [int(t) for t in theta]
    assert c.claims["a"] == digits_number(theta)


@pytest.mark.parametrize("J", [24, 40, 100])
def test_bit_extraction_beyond_float_precision(J):
    theta = "".join(random.Random(J).choice("01") for _ in range(J))
    c = bit_extraction(theta)
    assert values(c.network, extraction_points(theta)) == [int(t) for t in theta]


@pytest.mark.parametrize("J", [1, 2])
def test_bit_extraction_is_G_of_the_sawtooth_on_its_interval(J):
    grid = [F(i, 8) for i in range(16 * 4**J + 1)]
    assert values(bit_extraction("1" * J).network, grid) == [G(saw(x)) for x in grid]


def test_bit_extraction_values_stay_in_unit_interval():
    grid = [F(i, 3) for i in range(-300, 300)] + [F(-(10**9)), F(10**9)]
    assert all(0 <= y <= 1 for y in values(bit_extraction("101").network, grid))


@pytest.mark.parametrize("J", [1, 2, 5, 16])
def test_bit_extraction_sizes(J):
    c = bit_extraction("0" * J)
    metrics = size_metrics(c.network)
    assert (metrics["width"], metrics["depth"]) == (c.claims["width"], c.claims["depth"]) == (2, 2 * J + 2)
    assert metrics["parameters"] == 12 * J + 13
    assert metrics["parameters"] <= c.claims["parameters"] == 6 * (2 * J + 2) + 3
    assert metrics["max_abs_parameter"] == c.claims["max_abs_weight"] == 3


def test_network_does_not_depend_on_the_bits():
    assert bit_extraction("0110").network == bit_extraction("1001").network


@pytest.mark.parametrize("theta", list(all_bit_strings(5)))
def test_lemma_b2_gap(theta):
    a = digits_number(theta)
    got = check_sawtooth_digit_gap(theta)
    # independent reference: the remainder r = sum_{i > j} theta_i 4^(j-i) (proof of Lemma B.2)
    for j, (t, v) in enumerate(zip(theta, got), start=1):
        r = 4**j * a - int(4**j * a)
        assert v == (1 - r if t == "1" else r)


def test_lemma_b2_check_reports_a_witness(monkeypatch):
    # Moving every point by 1 swaps the bands of T, so the check must fail at j = 1.
    monkeypatch.setattr(bits_module, "extraction_points", lambda b: [x + 1 for x in extraction_points(b)])
    with pytest.raises(BoundViolation) as info:
        check_sawtooth_digit_gap("10")
    assert info.value.witness[0] == 1


@pytest.mark.parametrize("bad", ["", "012", "1 0", [0, 2], [True, False], None, 5])
def test_invalid_bits_raise(bad):
    with pytest.raises(InvalidArgument):
        bit_extraction(bad)


def test_registered_with_bits_parameter():
    builder = builders()["bit-extraction"]
    parse, _ = builder.parameters["bits"]
    c = builder.function(bits=parse("0110"))
    assert c.parameters == {"bits": "0110"}
