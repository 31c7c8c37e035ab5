"""Box ranges of 1-D boxes through the exact 1-D form (verinet.analysis.box1d, issue 22 point 1).

The reference is independent of the 1-D form: the linear regions of the network on the box
(verinet.analysis.regions.linear_regions), each restricted to the free coordinate by its own
inequalities, its affine map evaluated at both ends of that interval.
"""

import json
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from verinet.testing.strategies import networks
from verinet import MPQ, evaluate
from verinet.analysis.box import analyze_box, box_range
from verinet.analysis.box1d import _leftmost_best
from verinet.analysis.budget import Budget
from verinet.analysis.regions import linear_regions
from verinet.constructions.sawtooth import yarotsky_square
from verinet.errors import BudgetExceeded, UnsupportedOp
from verinet.network import NetworkBuilder
from verinet.ops import Affine

ends = st.fractions(min_value=-3, max_value=3, max_denominator=8)
lengths = st.fractions(min_value=F(1, 8), max_value=4, max_denominator=8)


def region_range(net, box, k):
    """(min, max) of ``net`` on a box whose only free coordinate is ``k``, by region enumeration."""
    fixed = [lo for lo, _ in box]
    values = []
    for region in linear_regions(net, box):
        lo, hi = box[k]
        for a, c in region.inequalities:
            rest = c - sum(a_i * p for i, (a_i, p) in enumerate(zip(a, fixed)) if i != k)
            if a[k] > 0:
                hi = min(hi, rest / a[k])
            elif a[k] < 0:
                lo = max(lo, rest / a[k])
        if lo > hi:
            continue
        for t in (lo, hi):
            point = [t if i == k else p for i, p in enumerate(fixed)]
            values.append(region.value(point)[0])
    return min(values), max(values)


def as_mpq_box(pairs):
    return [(MPQ(F(a).numerator, F(a).denominator), MPQ(F(b).numerator, F(b).denominator)) for a, b in pairs]


def check_against_regions(net, box, k):
    box = as_mpq_box(box)
    r = box_range(net, box)
    assert r.method == "1-D form"
    assert (r.minimum, r.maximum) == region_range(net, box, k)
    (low,), (high,) = evaluate(net, [r.argmin, r.argmax])
    assert (low, high) == (r.minimum, r.maximum)
    for point in (r.argmin, r.argmax):
        assert all(lo <= v <= hi for v, (lo, hi) in zip(point, box))
        assert all(v == lo for i, (v, (lo, _)) in enumerate(zip(point, box)) if i != k)
    return r


@settings(max_examples=60, deadline=None)
@given(net=networks(max_in=1, in_dim=1, out_dim=1, max_bits=4), a=ends, length=lengths)
def test_1d_networks_agree_with_region_enumeration(net, a, length):
    check_against_regions(net, [(a, a + length)], 0)


@settings(max_examples=60, deadline=None)
@given(net=networks(max_in=3, out_dim=1, max_bits=4), data=st.data(), a=ends, length=lengths)
def test_fixed_coordinates_agree_with_region_enumeration(net, data, a, length):
    d = net.in_dim
    k = data.draw(st.integers(0, d - 1))
    fixed = [data.draw(ends) for _ in range(d)]
    box = [(a, a + length) if i == k else (p, p) for i, p in enumerate(fixed)]
    check_against_regions(net, box, k)


def two_units():
    b = NetworkBuilder()
    x = b.input(2)
    h = b.relu(b.affine(x, [[1, 1], [1, -1]], [-1, 0]))
    return b.build(b.affine(h, [[1, -2]]))  # relu(x1 + x2 - 1) - 2 relu(x1 - x2)


def test_fixed_first_coordinate_by_hand():
    # x1 = 1/2: phi(1/2, t) = relu(t - 1/2) - 2 relu(1/2 - t), on [-1, 1]: -3 at t = -1, 1/2 at t = 1.
    r = check_against_regions(two_units(), [("1/2", "1/2"), (-1, 1)], 1)
    assert (r.minimum, r.maximum) == (MPQ(-3), MPQ(1, 2))
    assert [str(v) for v in r.argmin] == ["1/2", "-1"] and [str(v) for v in r.argmax] == ["1/2", "1"]
    assert r.regions == 2  # the pieces of the restriction


@pytest.mark.parametrize("m", [4, 12])
def test_yarotsky_range_on_the_middle_half(m):
    # f_m interpolates x^2 on 2^-m Z and is increasing on [0, 1]: range [1/16, 9/16] on [1/4, 3/4].
    report = analyze_box(yarotsky_square(m).network, "1/4,3/4")
    assert (report["min"], report["max"]) == ("1/16", "9/16")
    assert (report["argmin"], report["argmax"]) == (["1/4"], ["3/4"])
    assert (report["method"], report["regions"], report["constant"]) == ("1-D form", 2 ** (m - 1), False)


def test_mutated_yarotsky_has_a_different_range():
    """A wrong claim must not pass: one weight of f_12 changed moves the exact range."""
    net = yarotsky_square(12).network
    node = next(n for n in reversed(net.order()) if isinstance(net.op(n), Affine))
    op = net.op(node)
    rows = [[MPQ(w, op.denominator) for w in row] for row in op.weight_numerators]
    rows[0][0] += MPQ(1, 1024)
    bias = [MPQ(v, op.denominator) for v in op.bias_numerators]
    mutated = net.with_ops({node: Affine.from_rationals(rows, bias)})
    r = box_range(mutated, "1/4,3/4")
    assert (r.minimum, r.maximum) != (MPQ(1, 16), MPQ(9, 16))
    assert (r.minimum, r.maximum) == region_range(mutated, as_mpq_box([("1/4", "3/4")]), 0)


def test_points_and_requ_keep_their_paths():
    point = box_range(two_units(), "1/2,1/2;1/3,1/3")  # no free coordinate: not 1-D
    assert point.method != "1-D form" and point.minimum == point.maximum
    b = NetworkBuilder()
    x = b.input(1)
    with pytest.raises(UnsupportedOp):
        box_range(b.build(b.requ(x)), "0,1")


def test_piece_budget_applies():
    with pytest.raises(BudgetExceeded, match="piece budget of 100 exceeded.*--max-pieces"):
        box_range(yarotsky_square(10).network, "0,1", Budget(pieces=100))
    assert box_range(yarotsky_square(10).network, "0,1", Budget(regions=1)).maximum == 1  # pieces, not regions


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.integers(-2**70, 2**70), st.integers(1, 2**40)), min_size=1, max_size=40),
       st.booleans())
def test_leftmost_extreme_is_exact_and_leftmost(pairs, big):
    values = [F(n, e) for n, e in pairs]
    kind = object if big else np.int64
    if not big:
        pairs = [(n % 2**40 - 2**39, e) for n, e in pairs]
        values = [F(n, e) for n, e in pairs]
    N = np.array([n for n, _ in pairs], dtype=kind)
    E = np.array([e for _, e in pairs], dtype=kind)
    assert _leftmost_best(N, E, lowest=True) == values.index(min(values))
    assert _leftmost_best(N, E, lowest=False) == values.index(max(values))


def test_cli_reports_the_1d_form(tmp_path, capsys):
    from verinet import io
    from verinet.cli.main import main

    path = tmp_path / "f6.json"
    io.save(yarotsky_square(6).network, str(path))
    assert main(["analyze", str(path), "--box", "1/4,3/4", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["min"], report["max"], report["method"]) == ("1/16", "9/16", "1-D form")
    assert main(["analyze", str(path), "--box", "1/4,3/4", "--max-pieces", "8"]) == 2
    assert "piece budget of 8 exceeded" in capsys.readouterr().err
