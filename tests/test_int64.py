"""Exact int64 arrays under proven bounds (verinet.int64)."""

import numpy as np
import pytest

from verinet.int64 import (
    LIMIT, combination, exact_array, fits, max_abs, multiply, product, room, tight, to_int64,
)


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
        assert array.dtype == np.int64 and array.tolist() == values
        assert max_abs(array) == max(map(abs, values), default=0)


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


@pytest.mark.parametrize("a", [2**31, 3, -(2**40) - 1])
def test_product_is_exact_on_both_sides_of_the_limit(a):
    top = LIMIT // abs(a)
    inside = product(np.array([a, 1]), np.array([top, 5]))
    assert inside.dtype == np.int64 and inside.tolist() == [a * top, 5]
    past = product(np.array([a, 1]), np.array([top + 1, 5]))
    assert past.dtype == object and past.tolist() == [a * (top + 1), 5]
    mixed = product(np.array([a], dtype=object), np.array([2]))
    assert mixed.dtype == object and mixed.tolist() == [2 * a]


@pytest.mark.parametrize(
    "terms, constant, dtype",
    [
        ([(1, [LIMIT - 1]), (1, [1])], 0, np.int64),  # bound LIMIT: int64
        ([(1, [LIMIT - 1]), (1, [1])], 1, object),  # bound LIMIT + 1
        ([(2**62, [0, 0]), (2, [1, -1])], 0, np.int64),  # 2^62 * max(0, 1) + 2 * 1
        ([(2**63, [0, 0])], 0, object),  # a coefficient past int64 on a zero array
        ([(-3, [2**70, 1])], 5, object),
    ],
)
def test_combination_is_exact_and_int64_only_within_its_bound(terms, constant, dtype):
    arrays = [(a, exact_array(x)) for a, x in terms]
    out = combination(arrays, constant)
    assert out.dtype == dtype
    assert out.tolist() == [sum(a * x[i] for a, x in terms) + constant for i in range(len(terms[0][1]))]


def test_room_and_tight():
    a = np.array([1, -2])
    assert room(LIMIT, a)[0].dtype == np.int64 and room(LIMIT + 1, a)[0].dtype == object
    assert tight(np.array([LIMIT, -LIMIT], dtype=object)).dtype == np.int64
    assert tight(np.array([LIMIT + 1], dtype=object)).dtype == object
    assert exact_array([1, 2**64]).dtype == object and exact_array([1, 2]).dtype == np.int64
