"""Exact measure of unions of boxes (verinet.analysis.measure)."""

import itertools
from fractions import Fraction as F

import pytest
from hypothesis import given, settings, strategies as st

from verinet import MPQ
from verinet.analysis.measure import box_measure, union_measure
from verinet.errors import InvalidArgument, ShapeError


def test_known_unions():
    assert union_measure([[(0, 1), (0, 1)], [(F(1, 2), 2), (F(1, 2), 1)]]) == MPQ(3, 2)
    assert union_measure([[(0, 1)], [(2, 3)], [(F(1, 2), F(5, 2))]]) == 3
    assert union_measure([[(0, 1), (0, 1), (0, 1)]] * 3) == 1
    assert union_measure([[(0, 0), (0, 5)]]) == 0
    assert type(union_measure([[(0, "1/3")]])) is MPQ
    assert box_measure([(0, "1/2"), ("1/3", 1)]) == MPQ(1, 3)


@pytest.mark.parametrize(
    "boxes, error",
    [([[(0.0, 1)]], InvalidArgument), ([[(1, 0)]], InvalidArgument), ([[(0, 1)], [(0, 1), (0, 1)]], ShapeError),
     ([[1, 2]], InvalidArgument)],
    ids=["float", "reversed side", "mixed dimensions", "not pairs"],
)
def test_bad_boxes(boxes, error):
    with pytest.raises(error):
        union_measure(boxes)


side = st.tuples(st.integers(0, 8), st.integers(0, 8)).map(sorted)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(side, side), max_size=6))
def test_union_measure_equals_cell_count_on_a_grid(boxes):
    # Corners on the grid (1/4) Z^2: count covered unit cells of side 1/4.
    scaled = [[(F(a, 4), F(b, 4)) for a, b in box] for box in boxes]
    covered = {
        (i, j)
        for (x0, x1), (y0, y1) in boxes
        for i, j in itertools.product(range(x0, x1), range(y0, y1))
    }
    assert union_measure(scaled) == MPQ(len(covered), 16)
