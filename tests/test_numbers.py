"""The exactness boundary: what as_rational/from_float/parse_vector accept, and what they refuse."""

import math
import sys
from fractions import Fraction

import gmpy2
import pytest
from hypothesis import given, settings, strategies as st

from verinet.testing.strategies import rationals
from verinet import MPQ, InvalidArgument, VerinetError
from verinet.numbers import as_rational, as_rationals, from_float, parse_vector, rational_str


@pytest.mark.parametrize(
    "value, expected",
    [
        (0, Fraction(0)),
        (-7, Fraction(-7)),
        (10**40 + 1, Fraction(10**40 + 1)),
        ("3/7", Fraction(3, 7)),
        ("-3/7", Fraction(-3, 7)),
        ("6/14", Fraction(3, 7)),
        ("-0.125", Fraction(-1, 8)),
        ("1e-3", Fraction(1, 1000)),
        ("-1.5E-2", Fraction(-3, 200)),
        ("2.5e3", Fraction(2500)),
        (" 2 ", Fraction(2)),
        ("+5", Fraction(5)),
        ("0.1", Fraction(1, 10)),  # the decimal, not the float nearest to it
        (Fraction(-2, 6), Fraction(-1, 3)),
        (gmpy2.mpq(1, 3), Fraction(1, 3)),
        (gmpy2.mpz(12), Fraction(12)),
    ],
)
def test_as_rational_accepts_exact_inputs(value, expected):
    q = as_rational(value, "w")
    assert type(q) is MPQ
    assert Fraction(int(q.numerator), int(q.denominator)) == expected


def test_as_rational_returns_mpq_unchanged():
    q = gmpy2.mpq(-5, 3)
    assert as_rational(q) is q


@pytest.mark.parametrize("value", [0.5, 0.0, -0.0, 1e300, float("nan"), float("inf"), -float("inf")])
def test_floats_are_rejected_naming_the_parameter(value):
    with pytest.raises(InvalidArgument) as info:
        as_rational(value, "alpha")
    message = str(info.value)
    assert "alpha" in message and "float" in message and "from_float" in message


@pytest.mark.parametrize("value", [True, False, None, [1], (1, 2), 1 + 2j, gmpy2.mpfr("1.5"), b"1"])
def test_non_numbers_are_rejected_naming_the_parameter(value):
    with pytest.raises(InvalidArgument, match="beta"):
        as_rational(value, "beta")


@pytest.mark.parametrize("text", ["abc", "1/0", "", " ", "nan", "NaN", "inf", "-inf", "Infinity", "1/2/3", "0x10", "3/ 7"])
def test_unparsable_strings_are_rejected_naming_the_value(text):
    with pytest.raises(InvalidArgument) as info:
        as_rational(text, "gamma")
    message = str(info.value)
    assert "gamma" in message and repr(text) in message


def test_invalid_argument_is_a_verinet_error():
    with pytest.raises(VerinetError):
        as_rational("abc")


@given(rationals(max_bits=80, kind="any"))
@settings(max_examples=50, deadline=None)
def test_as_rational_is_exact_for_every_accepted_kind(value):
    q = as_rational(value)
    expected = Fraction(value) if not isinstance(value, MPQ) else Fraction(int(value.numerator), int(value.denominator))
    assert Fraction(int(q.numerator), int(q.denominator)) == expected


@given(rationals(max_bits=80))
@settings(max_examples=50, deadline=None)
def test_rational_str_round_trips(q):
    text = rational_str(q)
    assert as_rational(text) == q
    assert "." not in text and "e" not in text


# --- from_float: the exact binary value, or a refusal ---------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        (0.1, Fraction(3602879701896397, 36028797018963968)),
        (0.375, Fraction(3, 8)),
        (-2.5, Fraction(-5, 2)),
        (5e-324, Fraction(1, 2**1074)),  # the smallest positive subnormal
        (sys.float_info.min, Fraction(1, 2**1022)),  # the smallest positive normal
        (sys.float_info.max, Fraction((2**53 - 1) * 2**971)),
        (-0.0, Fraction(0)),
        (0.0, Fraction(0)),
    ],
)
def test_from_float_is_exact(value, expected):
    q = from_float(value)
    assert type(q) is MPQ
    assert Fraction(int(q.numerator), int(q.denominator)) == expected


def test_from_float_of_0_3_is_not_3_10():
    assert from_float(0.3) != Fraction(3, 10)
    assert from_float(0.3) == MPQ(5404319552844595, 18014398509481984)


@given(st.floats(allow_nan=False, allow_infinity=False))
@settings(max_examples=50, deadline=None)
def test_from_float_agrees_with_fraction_of_float(x):
    q = from_float(x)
    assert Fraction(int(q.numerator), int(q.denominator)) == Fraction(x)
    # and converting back gives the same float: nothing was rounded
    assert float(Fraction(int(q.numerator), int(q.denominator))) == x


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf"), math.nan])
def test_from_float_rejects_nan_and_infinities(value):
    with pytest.raises(InvalidArgument) as info:
        from_float(value)
    message = str(info.value)
    assert repr(value) in message and "no exact rational value" in message


@pytest.mark.parametrize("value", [1, "0.5", Fraction(1, 2), None, True])
def test_from_float_rejects_non_floats(value):
    with pytest.raises(InvalidArgument, match="from_float expects a float"):
        from_float(value)


# --- sequences --------------------------------------------------------------------------


def test_as_rationals_converts_each_entry():
    assert as_rationals([1, "1/2", Fraction(-1, 3)]) == (MPQ(1), MPQ(1, 2), MPQ(-1, 3))


def test_as_rationals_names_the_index_at_fault():
    with pytest.raises(InvalidArgument, match=r"W\[1\]=0\.5 is a float"):
        as_rationals([1, 0.5], "W")
    with pytest.raises(InvalidArgument, match=r"W\[2\]='x'"):
        as_rationals([1, 2, "x"], "W")


@pytest.mark.parametrize("value", ["12", b"12", 5, None])
def test_as_rationals_rejects_non_sequences(value):
    with pytest.raises(InvalidArgument, match="W="):
        as_rationals(value, "W")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1/3,0.5", (Fraction(1, 3), Fraction(1, 2))),
        ("1, 2 ", (Fraction(1), Fraction(2))),
        ("-1e-3", (Fraction(-1, 1000),)),
        ("0,0,0", (Fraction(0),) * 3),
    ],
)
def test_parse_vector(text, expected):
    got = parse_vector(text)
    assert all(type(v) is MPQ for v in got)
    assert tuple(Fraction(int(v.numerator), int(v.denominator)) for v in got) == expected


@pytest.mark.parametrize("text", ["", " ", "1,", ",1", "1,,2"])
def test_parse_vector_rejects_empty_coordinates(text):
    with pytest.raises(InvalidArgument) as info:
        parse_vector(text, "at")
    assert f"at={text!r}" in str(info.value)


@pytest.mark.parametrize("text, bad", [("a,b", "at[0]='a'"), ("1,1/0", "at[1]='1/0'"), ("0.5,nan,1", "at[1]='nan'")])
def test_parse_vector_names_the_coordinate_at_fault(text, bad):
    with pytest.raises(InvalidArgument) as info:
        parse_vector(text, "at")
    assert bad in str(info.value)


def test_a_huge_decimal_exponent_is_refused_not_computed():
    # 10^999999999 would take minutes and gigabytes; the limit is stated in the message.
    assert as_rational("1e10000") == 10**10000 and as_rational("1e-10000") * 10**10000 == 1
    for text in ("1e999999999", "-2.5E-10001", "1e1000000"):
        with pytest.raises(InvalidArgument, match=r"decimal exponent beyond verinet.numbers.MAX_EXPONENT = 10000"):
            as_rational(text, "w")


def test_decimal_bound_rounds_outward_and_is_exact():
    from verinet.numbers import decimal_bound

    assert decimal_bound(MPQ(1, 3), up=True) == "0.333334" and decimal_bound(MPQ(1, 3), up=False) == "0.333333"
    assert decimal_bound(MPQ(-1, 3), up=True) == "-0.333333" and decimal_bound(MPQ(-1, 3), up=False) == "-0.333334"
    assert decimal_bound(MPQ(7, 4), up=True, digits=2) == "1.75" == decimal_bound(MPQ(7, 4), up=False, digits=2)
