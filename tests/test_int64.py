"""Exact int64 arrays under proven bounds (verinet.analysis.int64)."""

import numpy as np
import pytest

from verinet.analysis.int64 import LIMIT, fits, max_abs, multiply, to_int64


def test_limit_is_the_largest_int64():
    assert LIMIT == np.iinfo(np.int64).max == 2**63 - 1


@pytest.mark.parametrize(
    "values, fits_int64",
    [([LIMIT, -LIMIT, 0], True), ([LIMIT + 1], False), ([-LIMIT - 1], False), ([1, 2**100], False), ([], True)],
    ids=["extremes", "2^63", "-2^63", "huge", "empty"],
)
def test_to_int64_accepts_exactly_the_symmetric_range(values, fits_int64):
    array = to_int64(values)
    assert (array is not None) == fits_int64
    if fits_int64:
        assert array.dtype == np.int64 and array.tolist() == values and max_abs(array) == max(map(abs, values), default=0)


def test_fits_boundary():
    assert fits(0, LIMIT) and not fits(1, LIMIT + 1)


@pytest.mark.parametrize("a", [2**31, 3, 7 * 73, -(2**40) - 1])
def test_multiply_boundary_is_exact(a):
    top = LIMIT // abs(a)  # |a| * top <= LIMIT < |a| * (top + 1)
    assert multiply(np.array([a, 1]), np.array([-top, 5])).tolist() == [-a * top, 5]
    assert multiply(np.array([a, 1]), np.array([top + 1, 5])) is None
    assert multiply(np.array([top + 1]), np.array([a])) is None


def test_multiply_by_zero_never_overflows():
    assert multiply(np.array([LIMIT, -LIMIT]), np.array([0, 0])).tolist() == [0, 0]
