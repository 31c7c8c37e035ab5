"""Exact branch and bound for box ranges in d >= 2 (verinet.analysis.bnb, issue 22 point 2).

The reference is independent of the relaxation: exact region enumeration
(``box_range(..., method="enumerate")``, an exact LP on every linear region), whose witnesses
are re-evaluated with the Fraction reference interpreter.
"""

from fractions import Fraction as F

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from verinet.testing.strategies import networks
from verinet import MPQ
from verinet.analysis.bnb import Branch, Extreme, extreme, recheck
from verinet.analysis.box import analyze_box, box_range
from verinet.analysis.budget import Budget
from verinet.analysis.interval_pass import as_box
from verinet.analysis.leaf_extremes import leaf_extremes, leaf_value
from verinet.analysis.regions import leaves
from verinet.analysis.relaxation import relax
from verinet.calculus import sum_networks
from verinet.errors import BudgetExceeded, VerinetError
from verinet.interpret.reference import evaluate_reference
from verinet.network import NetworkBuilder

small = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ends = st.fractions(min_value=-2, max_value=2, max_denominator=4)
lengths = st.fractions(min_value=F(1, 4), max_value=3, max_denominator=4)


def boxes(dim):
    return st.lists(st.tuples(ends, lengths), min_size=dim, max_size=dim).map(
        lambda pairs: tuple((a, a + w) for a, w in pairs))


def value_at(net, point):
    (y,) = evaluate_reference(net, point)
    return F(y)


def random_relu_net(seed, width=6, depth=2, dim=2):
    import random

    rng = random.Random(seed)
    b = NetworkBuilder()
    node, fan_in = b.input(dim), dim
    for _ in range(depth):
        w = [[F(rng.randint(-8, 8), 4) for _ in range(fan_in)] for _ in range(width)]
        node, fan_in = b.relu(b.affine(node, w, [F(rng.randint(-8, 8), 4) for _ in range(width)])), width
    return b.build(b.affine(node, [[F(rng.randint(-8, 8), 4) for _ in range(fan_in)]], [F(rng.randint(-4, 4), 4)]))


@pytest.mark.parametrize("dim", [2, 3])
@small
@given(data=st.data())
def test_branch_and_bound_agrees_with_enumeration(dim, data):
    net = data.draw(networks(in_dim=dim, out_dim=1, max_width=4, max_bits=4))
    box = data.draw(boxes(dim))
    ref = box_range(net, box, method="enumerate")
    got = box_range(net, box, method="branch-and-bound")
    assert (got.minimum, got.maximum) == (ref.minimum, ref.maximum)
    assert value_at(net, got.argmin) == got.minimum and value_at(net, got.argmax) == got.maximum
    assert got.method == "exact branch and bound"
    for e in got.branches:
        recheck(net, as_box(box, dim), e)


@small
@given(data=st.data())
def test_the_relaxation_bounds_every_region_it_covers(data):
    net = data.draw(networks(in_dim=2, out_dim=1, max_width=4, max_bits=4))
    box = as_box(data.draw(boxes(2)), 2)
    top, bottom = relax(net, box)
    for leaf in leaves(net, box):
        low, high = leaf_extremes(leaf, box)
        assert leaf_value(leaf, high) <= top.bound and -leaf_value(leaf, low) <= bottom.bound
    if top.unstable == 0:  # affine on the box: the bound is the exact maximum, at the corner
        assert value_at(net, top.corner) == top.bound


@pytest.mark.parametrize("seed", range(6))
def test_larger_random_networks_agree(seed):
    net = random_relu_net(seed, width=10, depth=3)
    ref = box_range(net, "-1,1;-1,1", method="enumerate")
    got = box_range(net, "-1,1;-1,1")
    assert (got.minimum, got.maximum) == (ref.minimum, ref.maximum)
    assert (value_at(net, got.argmin), value_at(net, got.argmax)) == (ref.minimum, ref.maximum)


def test_certificate_records_every_pruned_branch_with_an_exact_bound():
    net = random_relu_net(1, width=10, depth=3)
    report = analyze_box(net, "-1,1;-1,1")
    top = report["certificate"]["max"]
    assert top["value"] == report["max"] and top["witness"] == report["argmax"]
    hows = {b["how"] for b in top["branches"]}
    assert hows <= {"pruned", "affine", "regions"}
    for b in top["branches"]:
        assert MPQ(b["bound"]) <= MPQ(report["max"])


def test_a_mutated_network_fails_the_recheck():
    net = random_relu_net(2, width=8, depth=2)
    box = as_box("-1,1;-1,1", 2)
    e = extreme(net, box, 1, Budget())
    recheck(net, box, e)
    # The mutation adds a bump 100 relu(x1 - 7/8): the maximum moves (or the witness's value
    # changes), and the old certificate must not pass.
    nb = NetworkBuilder()
    x = nb.input(2)
    bump = nb.build(nb.affine(nb.relu(nb.affine(x, [[1, 0]], ["-7/8"])), [[100]]))
    mutated = sum_networks(net, bump)
    assert box_range(mutated, box).maximum > e.value
    with pytest.raises(VerinetError, match="certificate"):
        recheck(mutated, box, e)


def test_a_budget_that_runs_out_says_how_far_the_bounds_got():
    net = random_relu_net(3, width=10, depth=3)
    with pytest.raises(BudgetExceeded, match=r"region budget of 5 exceeded.*branch and bound had max phi in \[-?[0-9/]+, -?[0-9/]+\] \(\d+ nodes"):
        box_range(net, "-1,1;-1,1", Budget(regions=5))


def test_a_forged_certificate_is_refused():
    net = random_relu_net(4, width=8, depth=2)
    box = as_box("-1,1;-1,1", 2)
    e = extreme(net, box, 1, Budget())
    lower = Extreme(1, e.value - 1, e.witness, e.nodes, e.regions, e.branches)
    with pytest.raises(VerinetError, match="at the witness"):
        recheck(net, box, lower)
    missing = Extreme(1, e.value, e.witness, e.nodes, e.regions, e.branches[1:] + (Branch(box, e.value, "pruned"),))
    with pytest.raises(VerinetError, match="certificate"):
        recheck(net, box, missing)
