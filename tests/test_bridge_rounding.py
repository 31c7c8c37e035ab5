"""Correct rounding of exact rationals to float32/float64 (verinet.bridge.rounding).

Oracles, independent of the code under test:

* float64: CPython's ``int / int`` true division is correctly rounded (ties to even,
  subnormals included), so ``float(Fraction(p, q))`` is ``fl64(p/q)``;
* float32: ``struct.pack('f', x)`` rounds a *float64* correctly, but rounding ``q`` to float64
  first may land on a float32 midpoint (the double-rounding trap); the oracle therefore looks
  at the float32 neighbours of that first guess and picks the nearest by exact ``Fraction``
  distance, ties to the even bit pattern.
"""

import math
import struct
from fractions import Fraction as F

import gmpy2
import pytest
from hypothesis import given, settings, strategies as st

from verinet._backend import MPQ
from verinet.bridge.rounding import FORMATS, round_rational, rounding_error, unit_roundoff
from verinet.errors import InvalidArgument


def f32_bits(x: float) -> int:
    return struct.unpack("<I", struct.pack("<f", x))[0]


def f32_from_bits(bits: int) -> float:
    return struct.unpack("<f", struct.pack("<I", bits))[0]


def oracle32(q: F) -> float:
    if q < 0:
        return -oracle32(-q)
    largest = F(2**24 - 1) * F(2) ** 104
    if q >= largest + F(2) ** 103:  # the midpoint between the largest float and 2^128, or beyond
        return math.inf
    guess = f32_bits(float(q)) if q < largest else f32_bits(float(largest))
    candidates = [b for b in (guess - 1, guess, guess + 1) if 0 <= b <= f32_bits(float(largest))]
    return f32_from_bits(min(candidates, key=lambda b: (abs(F(f32_from_bits(b)) - q), b % 2)))


def oracle64(q: F) -> float:
    try:
        return float(q)
    except OverflowError:
        return math.inf if q > 0 else -math.inf


ORACLES = {"float32": oracle32, "float64": oracle64}

# Near-midpoint traps: (q, dtype, expected).  1 + 2^-24 is the float32 midpoint between 1
# and 1 + 2^-23; float64 holds it exactly, so any rational within 2^-53 of it rounds to it in
# float64 first and then ties to even (1.0) -- wrong when q lies above the midpoint.
TRAPS = [
    (1 + F(1, 2**24) + F(1, 2**60), "float32", 1 + 2**-23),
    (1 + F(1, 2**24) - F(1, 2**60), "float32", 1.0),
    (1 + F(1, 2**24), "float32", 1.0),  # exact tie: to even
    (1 + F(3, 2**24), "float32", 1 + 2**-22),  # exact tie between odd 1+2^-23 and even 1+2^-22: up
    (1 + F(1, 2**53) + F(1, 2**200), "float64", 1 + 2**-52),
    (1 + F(1, 2**53), "float64", 1.0),
    (-(1 + F(1, 2**24) + F(1, 2**60)), "float32", -(1 + 2**-23)),
    # subnormals
    (F(1, 2**149), "float32", 2.0**-149),
    (F(1, 2**150), "float32", 0.0),  # tie between 0 and the smallest subnormal: to even (0)
    (F(1, 2**150) + F(1, 2**400), "float32", 2.0**-149),
    (F(3, 2**150), "float32", 2.0**-148),  # tie between 1 and 2 quanta: to even (2)
    (F(2**23 * 2 - 1, 2**150), "float32", 2.0**-126),  # largest-subnormal/min-normal tie: to even
    (F(1, 2**1075), "float64", 0.0),
    (F(1, 2**1075) + F(1, 2**2000), "float64", 5e-324),
    (F(1, 3 * 2**1070), "float64", float(F(1, 3 * 2**1070))),
    # overflow: the midpoint between the largest float and 2^(emax+1) goes to infinity
    (F(2) ** 128 - F(2) ** 103, "float32", math.inf),
    (F(2) ** 128 - F(2) ** 103 - F(1, 10**9), "float32", float(F(2**24 - 1) * F(2) ** 104)),
    (F(2) ** 1024 - F(2) ** 970, "float64", math.inf),
    (F(2) ** 1024 - F(2) ** 970 - 1, "float64", 1.7976931348623157e308),
    (-(F(2) ** 2000), "float64", -math.inf),
]


@pytest.mark.parametrize("q, dtype, expected", TRAPS, ids=lambda v: str(v)[:40])
def test_round_rational_traps(q, dtype, expected):
    got = round_rational(q, dtype)
    assert got == expected and math.copysign(1, got) == math.copysign(1, expected)
    assert got == ORACLES[dtype](q)


def test_double_rounding_through_float64_is_wrong_where_round_rational_is_right():
    q = 1 + F(1, 2**24) + F(1, 2**60)
    via64 = struct.unpack("<f", struct.pack("<f", float(q)))[0]
    assert via64 == 1.0 and round_rational(q, "float32") == 1 + 2**-23


def test_round_rational_negative_underflow_keeps_the_sign():
    assert math.copysign(1, round_rational(-F(1, 2**2000), "float64")) == -1
    assert round_rational(0, "float32") == 0.0


rationals = st.builds(
    lambda n, d, shift: F(n, d) * F(2) ** shift,
    st.integers(-(2**80), 2**80),
    st.integers(1, 2**80),
    st.integers(-1200, 1100),
)


@settings(max_examples=400, deadline=None)
@given(rationals)
def test_round_rational_matches_oracle64(q):
    assert round_rational(q, "float64") == oracle64(q)


@settings(max_examples=400, deadline=None)
@given(st.builds(lambda n, d, shift: F(n, d) * F(2) ** shift, st.integers(-(2**60), 2**60), st.integers(1, 2**60), st.integers(-190, 150)))
def test_round_rational_matches_oracle32(q):
    assert round_rational(q, "float32") == oracle32(q)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 2**24), st.integers(-150, 100), st.sampled_from([-1, 1]), st.integers(1, 2**40))
def test_round_rational_near_float32_midpoints(m, e, side, offset):
    # midpoints (2m + 1) 2^(e-1), nudged by a tiny amount either side
    q = F(2 * m + 1) * F(2) ** (e - 1) + side * F(2) ** (e - 1) / (2**64 + offset)
    assert round_rational(q, "float32") == oracle32(q)


def test_rounding_error_is_exact_and_within_half_an_ulp():
    for dtype in FORMATS:
        for q in (MPQ(1, 3), MPQ(-2, 7), MPQ(10**30, 7)):
            err = rounding_error(q, dtype)
            assert type(err) is MPQ
            assert from_float_value(round_rational(q, dtype)) - q == err
            assert abs(err) <= unit_roundoff(dtype) * abs(q)  # normal range: |fl(x) - x| <= u|x|


def from_float_value(x):
    return MPQ(*x.as_integer_ratio())


@pytest.mark.parametrize(
    "call",
    [
        lambda: round_rational(0.5, "float32"),
        lambda: round_rational("1/3", "float16"),
        lambda: round_rational("x", "float64"),
        lambda: rounding_error(F(2) ** 1024, "float64"),
    ],
    ids=["float-input", "bad-dtype", "bad-string", "overflow-error"],
)
def test_rounding_rejects_bad_input(call):
    with pytest.raises(InvalidArgument):
        call()


def ieee_oracle(q: F, bits: int) -> float:
    """gmpy2 (MPFR) rounds ``q`` once, to nearest-even, in the IEEE context of ``bits`` bits
    (subnormals and overflow included): an oracle independent of the hand-written one."""
    with gmpy2.context(gmpy2.ieee(bits)):
        return float(gmpy2.mpfr(gmpy2.mpq(q.numerator, q.denominator)))


@settings(max_examples=400, deadline=None)
@given(rationals)
def test_round_rational_matches_gmpy2_ieee64(q):
    assert round_rational(q, "float64") == ieee_oracle(q, 64)


@settings(max_examples=400, deadline=None)
@given(st.builds(lambda n, d, shift: F(n, d) * F(2) ** shift, st.integers(-(2**60), 2**60), st.integers(1, 2**60),
                 st.integers(-190, 150)))
def test_round_rational_matches_gmpy2_ieee32(q):
    assert round_rational(q, "float32") == ieee_oracle(q, 32)


@pytest.mark.parametrize("q, dtype, expected", TRAPS, ids=lambda v: str(v)[:40])
def test_traps_agree_with_gmpy2_ieee(q, dtype, expected):
    assert ieee_oracle(F(q), {"float32": 32, "float64": 64}[dtype]) == expected
