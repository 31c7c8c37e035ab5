"""Exact evaluation of ReQU networks on every path, the visible plan, refusals (issue 14, points 2-4)."""

import copy
import pickle
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from verinet.testing.strategies import EXACT_OPS, networks, points

from verinet import NetworkBuilder
from verinet.errors import InvalidArgument, UnsupportedOp
from verinet.interpret import limbs as L
from verinet.interpret.exact import CommonBatch, evaluate, plan
from verinet.interpret.reference import evaluate_reference
from verinet.ops import Affine

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PATHS = ("limbs", "packed", "columns")


def _line(weights, bias, activation="requ"):
    b = NetworkBuilder()
    x = b.input(len(weights[0]))
    h = b.affine(x, weights, bias, name="a")
    return b.build(getattr(b, activation)(h, name="s"))


@SETTINGS
@given(networks(ops=EXACT_OPS, max_width=3, max_depth=3, max_bits=6), st.data())
def test_random_requ_networks_agree_with_the_fraction_reference_on_every_exact_path(net, data):
    pts = data.draw(st.lists(points(net.in_dim, max_bits=12), min_size=1, max_size=4))
    expected = [tuple(Fraction(v) for v in evaluate_reference(net, p)) for p in pts]
    for path in PATHS + ("auto",):
        got = evaluate(net, pts, path=path)
        assert [tuple(Fraction(int(v.numerator), int(v.denominator)) for v in y) for y in got] == expected, path


@pytest.mark.parametrize("path", PATHS)
def test_requ_squares_the_positive_part_exactly(path):
    net = _line([["1/3"], [-2]], ["-1/2", 5])  # (max(t/3 - 1/2, 0)^2, max(5 - 2t, 0)^2)
    got = evaluate(net, [[6], [Fraction(3, 7)], [10**30]], path=path)
    assert got == [(Fraction(9, 4), 0), (0, Fraction(29, 7) ** 2), ((Fraction(10**30, 3) - Fraction(1, 2)) ** 2, 0)]


@pytest.mark.parametrize("path", PATHS)
def test_requ_after_a_deep_chain_squares_numbers_of_many_limbs(path):
    b = NetworkBuilder()
    h = b.input(1)
    for i in range(12):  # t -> relu(3t + 1/5), then squared twice: hundreds of bits
        h = b.relu(b.affine(h, [[3]], ["1/5"]))
    net = b.build(b.requ(b.requ(h)))
    x = Fraction(7, 11)
    for _ in range(12):
        x = max(3 * x + Fraction(1, 5), 0)
    assert evaluate(net, [[Fraction(7, 11)]], path=path) == [(x ** 4,)]


def test_plan_names_limbs_with_the_bound_and_the_radix():
    net = _line([[3, -4]], [1])
    assert plan(net) == ("limbs", f"every affine row sum of |integer weights| and Add arity <= {L.MAX_BOUND} "
                                  f"(max 7): radix 2^{L.radix(7)}")


def test_plan_names_the_node_past_the_limb_bound_and_packed_runs_it():
    net = _line([[2**40, 1]], [0])
    path, reason = plan(net)
    assert path == "packed" and "'a'" in reason and str(2**40 + 1) in reason and str(L.MAX_BOUND) in reason
    with pytest.raises(InvalidArgument, match="path='limbs' cannot run: node 'a'"):
        evaluate(net, [[1, 1]], path="limbs")
    assert evaluate(net, [[1, -1]]) == [((2**40 - 1) ** 2,)]


def test_plan_at_the_bound_and_one_past_it():
    c = L.MAX_BOUND
    assert plan(_line([[c]], [0]))[0] == "limbs"
    assert plan(_line([[c + 1]], [0]))[0] == "packed"


@pytest.mark.parametrize("activation", ["sigmoid", "gaussian"])
def test_transcendental_ops_are_refused_by_every_path_and_plan_pointing_to_enclose(activation):
    net = _line([[1]], [0], activation)
    name = activation.capitalize()
    for path in PATHS + ("auto",):
        with pytest.raises(UnsupportedOp, match=rf"no rule for {name} at node 's'.*verinet\.enclose\(net, points, prec="):
            evaluate(net, [[0]], path=path)
        with pytest.raises(UnsupportedOp, match="verinet.enclose"):
            evaluate(net, CommonBatch([[0]], 1), path=path)
    with pytest.raises(UnsupportedOp, match="verinet.enclose"):
        plan(net)


def test_networks_differing_in_one_weight_hash_apart_and_equal_ones_alike():
    one, same, other = _line([[1, 2]], [3]), _line([[1, 2]], [3]), _line([[1, 5]], [3])
    assert one == same and hash(one) == hash(same)
    assert one != other and hash(one) != hash(other)
    assert len({one, same, other}) == 2
    replaced = one.with_ops({"a": Affine.from_rationals([[1, 5]], [3])})
    assert replaced == other and hash(replaced) == hash(other)


@pytest.mark.parametrize("how", [lambda n: pickle.loads(pickle.dumps(n)), copy.copy, copy.deepcopy])
def test_requ_networks_pickle_and_copy_to_equal_networks_that_evaluate_alike(how):
    net = _line([["1/3"], [-2]], ["-1/2", 5])
    again = how(net)
    assert again == net and hash(again) == hash(net) and again is not net
    assert evaluate(again, [[6]]) == evaluate(net, [[6]])
    assert plan(again) == plan(net)


def test_with_ops_goes_through_the_constructor_and_keeps_the_graph_sealed():
    net = _line([[1, 2]], [3])
    new = net.with_ops({"a": Affine.from_rationals([["1/2", 0]], [0])})
    assert type(new) is type(net) and new.order() == net.order()
    with pytest.raises(TypeError):
        new.graph.nodes["a"]["op"] = Affine.from_rationals([[1, 1]], [0])
    with pytest.raises(TypeError):
        new.graph.nodes["a"].update(op=None)
    assert evaluate(new, [[4, 9]]) == [(4,)] and evaluate(net, [[4, 9]]) == [(625,)]
    plain = new.graph.copy()  # a copy of the sealed graph is an ordinary, writable one
    plain.nodes["a"]["op"] = None
    assert new.op("a") == Affine.from_rationals([["1/2", 0]], [0])


def test_affine_carries_no_evaluation_data():
    op = Affine.from_rationals([[1, 2]], [3])
    assert not hasattr(op, "weight_kernel") and not hasattr(op, "bias_kernel")
    assert pickle.loads(pickle.dumps(op)) == op
