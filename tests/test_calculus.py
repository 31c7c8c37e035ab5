"""Each calculus operation realises exactly the function its docstring states.

The expected value is computed independently: the parts are evaluated separately with the
``Fraction`` reference and combined with ``Fraction`` arithmetic (matrix products, slicing,
sums) written out here; the fast evaluator must agree with the reference too.
"""

from fractions import Fraction

import pytest
from hypothesis import given, settings, strategies as st

from verinet.testing.strategies import matrices, networks, points, rationals
from verinet import InvalidArgument, NetworkBuilder, ShapeError, evaluate
from verinet.calculus import (
    affine_network,
    compose,
    concatenate,
    identity,
    pad_depth,
    parallel,
    post_affine,
    pre_affine,
    relu_identity,
    scale,
    sum_networks,
)
from verinet.interpret.metrics import size_metrics
from verinet.interpret.reference import evaluate_reference

SETTINGS = settings(max_examples=40, deadline=None)


def F(v):
    """An exact Fraction from an MPQ, Fraction or int."""
    return Fraction(str(v))


def ref(net, point):
    """The reference value, also checked against the fast exact evaluator."""
    value = evaluate_reference(net, point)
    assert [F(v) for v in evaluate(net, [point])[0]] == value
    return value


def matvec(W, x, b=None):
    out = [sum((F(w) * F(v) for w, v in zip(row, x)), Fraction(0)) for row in W]
    return out if b is None else [o + F(c) for o, c in zip(out, b)]


# --- identity and affine maps -----------------------------------------------------------


@given(st.integers(1, 4).flatmap(points))
@SETTINGS
def test_identity(p):
    net = identity(len(p))
    assert ref(net, p) == [F(v) for v in p]
    assert size_metrics(net)["depth"] == 0


@given(st.data())
@SETTINGS
def test_affine_network(data):
    n, m = data.draw(st.integers(1, 4)), data.draw(st.integers(1, 4))
    W = data.draw(matrices(m, n, max_bits=16))
    b = data.draw(st.lists(rationals(16), min_size=m, max_size=m))
    p = data.draw(points(n))
    assert ref(affine_network(W, b), p) == matvec(W, p, b)
    assert ref(affine_network(W), p) == matvec(W, p)


def test_affine_network_by_hand():
    net = affine_network([["1/2", -3], [0, "2/7"]], ["-1/4", 5])
    assert ref(net, ["2/3", -1]) == [Fraction(1, 3) + 3 - Fraction(1, 4), Fraction(-2, 7) + 5]


# --- composition ------------------------------------------------------------------------


@given(st.data())
@SETTINGS
def test_compose_is_f_after_g(data):
    g = data.draw(networks(max_depth=2))
    f = data.draw(networks(in_dim=g.out_dim, max_depth=2))
    p = data.draw(points(g.in_dim))
    assert ref(compose(f, g), p) == ref(f, ref(g, p))


@given(st.data())
@settings(max_examples=20, deadline=None)
def test_compose_three_applies_the_last_first(data):
    h = data.draw(networks(max_depth=1))
    g = data.draw(networks(in_dim=h.out_dim, max_depth=1))
    f = data.draw(networks(in_dim=g.out_dim, max_depth=1))
    p = data.draw(points(h.in_dim))
    assert ref(compose(f, g, h), p) == ref(f, ref(g, ref(h, p)))
    assert ref(compose(f, g, h), p) == ref(compose(f, compose(g, h)), p)


@given(st.data())
@settings(max_examples=20, deadline=None)
def test_compose_of_one_network_is_that_network(data):
    f = data.draw(networks())
    p = data.draw(points(f.in_dim))
    assert ref(compose(f), p) == ref(f, p)


def test_compose_by_hand_is_not_commutative():
    double = affine_network([[2]])
    shift = affine_network([[1]], [-3])
    relu = relu_identity(1)  # identity, exercised through ReLU
    b = NetworkBuilder()
    x = b.input(1)
    r = b.build(b.relu(x))
    assert ref(compose(r, shift, double), [1]) == [0]  # relu(2 - 3)
    assert ref(compose(double, r, shift), [5]) == [4]  # 2 relu(5 - 3)
    assert ref(compose(shift, double, r), [-5]) == [-3]  # 2 relu(-5) - 3
    assert ref(compose(relu, shift), ["1/2"]) == [Fraction(-5, 2)]


# --- block and shared-input combinations ------------------------------------------------


@given(st.data())
@SETTINGS
def test_parallel_is_block_diagonal(data):
    nets = data.draw(st.lists(networks(max_depth=2), min_size=1, max_size=3))
    p = data.draw(points(sum(n.in_dim for n in nets)))
    expected, start = [], 0
    for net in nets:
        expected += ref(net, p[start : start + net.in_dim])
        start += net.in_dim
    result = parallel(*nets)
    assert (result.in_dim, result.out_dim) == (start, len(expected))
    assert ref(result, p) == expected


@given(st.data())
@SETTINGS
def test_concatenate_stacks_outputs(data):
    n = data.draw(st.integers(1, 3))
    nets = data.draw(st.lists(networks(in_dim=n, max_depth=2), min_size=1, max_size=3))
    p = data.draw(points(n))
    assert ref(concatenate(*nets), p) == [v for net in nets for v in ref(net, p)]


@given(st.data())
@SETTINGS
def test_sum_networks_adds_outputs(data):
    n, m = data.draw(st.integers(1, 3)), data.draw(st.integers(1, 3))
    nets = data.draw(st.lists(networks(in_dim=n, out_dim=m, max_depth=2), min_size=1, max_size=3))
    p = data.draw(points(n))
    values = [ref(net, p) for net in nets]
    assert ref(sum_networks(*nets), p) == [sum(col, Fraction(0)) for col in zip(*values)]


def test_same_network_twice():
    f = compose(affine_network([[1, -1]]), parallel(relu_identity(1), affine_network([["1/3"]])))
    assert ref(sum_networks(f, f), [3, 3]) == [4]  # 2 (3 - 1)
    assert ref(concatenate(f, f), [3, 3]) == [2, 2]
    assert ref(parallel(f, f), [3, 3, 0, -3]) == [2, 1]


# --- scalar multiples and affine pre/post maps ------------------------------------------


@given(st.data())
@SETTINGS
def test_scale(data):
    f = data.draw(networks())
    c = data.draw(rationals(32, kind="any"))
    p = data.draw(points(f.in_dim))
    assert ref(scale(f, c), p) == [F(c if not isinstance(c, str) else Fraction(c)) * v for v in ref(f, p)]


@given(st.data())
@SETTINGS
def test_pre_affine_is_f_of_affine(data):
    f = data.draw(networks(max_depth=2))
    k = data.draw(st.integers(1, 3))
    W = data.draw(matrices(f.in_dim, k))
    b = data.draw(st.lists(rationals(8), min_size=f.in_dim, max_size=f.in_dim))
    p = data.draw(points(k))
    assert ref(pre_affine(f, W, b), p) == ref(f, matvec(W, p, b))
    assert ref(pre_affine(f, W), p) == ref(f, matvec(W, p))


@given(st.data())
@SETTINGS
def test_post_affine_is_affine_of_f(data):
    f = data.draw(networks(max_depth=2))
    k = data.draw(st.integers(1, 3))
    W = data.draw(matrices(k, f.out_dim))
    b = data.draw(st.lists(rationals(8), min_size=k, max_size=k))
    p = data.draw(points(f.in_dim))
    assert ref(post_affine(f, W, b), p) == matvec(W, ref(f, p), b)
    assert ref(post_affine(f, W), p) == matvec(W, ref(f, p))


# --- identity through ReLU and depth padding --------------------------------------------


@given(st.integers(1, 3), st.integers(1, 4), st.data())
@SETTINGS
def test_relu_identity(dim, depth, data):
    net = relu_identity(dim, depth)
    p = data.draw(points(dim))
    assert ref(net, p) == [F(v) for v in p]
    m = size_metrics(net)
    assert (m["depth"], m["width"], m["hidden_widths"]) == (depth, 2 * dim, [2 * dim] * depth)


@given(networks(), st.integers(0, 3), st.data())
@SETTINGS
def test_pad_depth_keeps_the_function_and_adds_depth(f, extra, data):
    padded = pad_depth(f, extra)
    p = data.draw(points(f.in_dim))
    assert ref(padded, p) == ref(f, p)
    assert size_metrics(padded)["depth"] == size_metrics(f)["depth"] + extra
    if extra == 0:
        assert padded is f


def test_pad_depth_of_relu_free_network():
    net = pad_depth(affine_network([[2, -1]], [1]), 2)
    assert ref(net, [-3, 4]) == [-9]
    m = size_metrics(net)
    assert (m["depth"], m["width"]) == (2, 2)


# --- shape mismatches and bad arguments ---------------------------------------------------


def test_shape_mismatches():
    f = affine_network([[1, 2]])  # R^2 -> R
    g = affine_network([[1], [2], [3]])  # R -> R^3
    with pytest.raises(ShapeError, match="compose: network 0 takes width 2 but receives width 3"):
        compose(f, g)
    with pytest.raises(ShapeError, match="compose: network 1 takes width 1 but receives width 2"):
        compose(f, g, identity(2))
    with pytest.raises(ShapeError, match="different input widths \\[2, 1\\]"):
        concatenate(f, g)
    with pytest.raises(ShapeError, match="different input widths"):
        sum_networks(f, g)
    with pytest.raises(ShapeError, match="widths \\[1, 3\\]"):
        sum_networks(f, affine_network([[1, 0], [0, 1], [1, 1]]))
    with pytest.raises(ShapeError, match="post_affine: W has 2 columns, network output has width 1"):
        post_affine(f, [[1, 1]])
    with pytest.raises(ShapeError, match="pre_affine: W has 1 rows, network input has width 2"):
        pre_affine(f, [[1]])
    with pytest.raises(ShapeError, match="bias has 1 entries"):
        pre_affine(f, [[1], [1]], [0])


@pytest.mark.parametrize(
    "call, fragment",
    [
        (lambda f: compose(), "at least one network"),
        (lambda f: compose(f, "g"), "nets\\[1\\]='g' is not a Network"),
        (lambda f: parallel(), "at least one network"),
        (lambda f: parallel(f, 3), "nets\\[1\\]=3"),
        (lambda f: concatenate(), "at least one network"),
        (lambda f: sum_networks(), "at least one network"),
        (lambda f: sum_networks(f, None), "nets\\[1\\]=None"),
        (lambda f: scale("f", 2), "net='f'"),
        (lambda f: scale(f, 0.5), "factor=0.5 is a float"),
        (lambda f: scale(f, "x"), "factor='x'"),
        (lambda f: post_affine(None, [[1]]), "net=None"),
        (lambda f: post_affine(f, [[0.5]]), "W\\[0\\]\\[0\\]=0.5"),
        (lambda f: pre_affine(f, [[1], ["nan"]]), "W\\[1\\]\\[0\\]='nan'"),
        (lambda f: pad_depth(f, -1), "extra=-1"),
        (lambda f: pad_depth(f, 1.0), "extra=1.0"),
        (lambda f: pad_depth("f", 1), "net='f'"),
        (lambda f: relu_identity(1, 0), "depth=0"),
        (lambda f: relu_identity(0), "dim=0"),
        (lambda f: identity(0), "dim=0"),
        (lambda f: identity("2"), "dim='2'"),
        (lambda f: affine_network([]), "weight matrix is empty"),
        (lambda f: affine_network(5), "weights=5"),
        (lambda f: affine_network([[1, 2], [3]]), "row 1"),
    ],
)
def test_bad_arguments_name_the_culprit(call, fragment):
    f = affine_network([["1/2"]])
    with pytest.raises((InvalidArgument, ShapeError), match=fragment):
        call(f)


def test_weights_may_be_any_iterable():
    # regression: the shape check consumed a generator W before the map was built
    rows = lambda: ([k, 1] for k in range(3))  # noqa: E731
    assert ref(affine_network(rows()), [1, 1]) == [1, 2, 3]
    assert ref(pre_affine(affine_network([[1, 1, 1]]), rows()), [2, 5]) == [21]
    assert ref(post_affine(identity(2), rows()), [2, 5]) == [5, 7, 9]
