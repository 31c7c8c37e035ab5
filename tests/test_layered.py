"""The layered form realises the same function, and the metrics count it correctly."""

from fractions import Fraction

import pytest

from verinet import MPQ, NetworkBuilder, evaluate
from verinet.calculus import compose, parallel, relu_identity, sum_networks, affine_network
from verinet.errors import InvalidArgument
from verinet.interpret.layered import from_layered, to_layered
from verinet.interpret.metrics import size_metrics
from verinet.interpret.reference import evaluate_reference


def _skip_network():
    """x -> relu(relu(x1 - x2/3)) + (x1 + x2): a skip connection across two ReLU layers."""
    b = NetworkBuilder()
    x = b.input(2)
    h = b.relu(b.affine(x, [[1, "-1/3"]]))
    h = b.relu(b.affine(h, [[1]]))
    return b.build(b.add(h, b.affine(x, [[1, 1]])))


POINTS = [[0, 0], [1, 2], ["1/7", -3], [-5, "2/3"], [3, 9], ["9/2", "-1/1024"]]


def test_layered_form_realises_same_function_exactly():
    net = _skip_network()
    flat = from_layered(to_layered(net).layers)
    assert evaluate(flat, POINTS) == evaluate(net, POINTS)
    for p in POINTS:
        expected = max(Fraction(str(p[0])) - Fraction(str(p[1])) / 3, 0) + Fraction(str(p[0])) + Fraction(str(p[1]))
        assert evaluate_reference(flat, p) == [expected]


def test_skip_connection_is_carried_through_identity_units():
    layered = to_layered(_skip_network())
    # layer 1: the ReLU unit and relu(x1+x2), relu(-x1-x2); layer 2: the same three, carried.
    assert layered.widths == (2, 3, 3, 1)
    assert layered.depth == 2


def test_nonnegative_values_are_carried_by_one_unit():
    b = NetworkBuilder()
    x = b.input(1)
    h = b.relu(b.affine(x, [[1]]))
    deep = b.relu(b.affine(b.relu(b.affine(h, [[2]])), [[1]]))
    net = b.build(b.add(deep, h))
    assert to_layered(net).widths == (1, 1, 2, 2, 1)


def test_metrics_count_parameters_of_layered_form():
    net = _skip_network()
    m = size_metrics(net)
    # widths (2, 3, 3, 1): 3*(2+1) + 3*(3+1) + 1*(3+1) = 9 + 12 + 4
    assert (m["depth"], m["width"], m["parameters"]) == (2, 3, 25)
    assert m["hidden_widths"] == [3, 3]
    assert type(m["max_abs_parameter"]) is MPQ and m["max_abs_parameter"] == 1
    assert m["max_denominator_bits"] == 2  # 1/3
    assert sum(r["parameters"] for r in m["layers"]) == 25
    assert m["nonzero_parameters"] == sum(r["nonzero_parameters"] for r in m["layers"])


def test_metrics_of_relu_free_network():
    m = size_metrics(affine_network([["-7/2", 1]], [5]))
    assert (m["depth"], m["width"], m["parameters"], m["nonzero_parameters"]) == (0, 0, 3, 3)
    assert m["max_abs_parameter"] == 5
    assert (m["max_numerator_bits"], m["max_denominator_bits"]) == (3, 2)


@pytest.mark.parametrize("depth", [1, 2, 5])
def test_relu_identity_sizes(depth):
    m = size_metrics(relu_identity(3, depth))
    assert (m["depth"], m["width"]) == (depth, 6)


def test_composed_and_parallel_networks_flatten_exactly():
    f = compose(relu_identity(1, 2), affine_network([["1/2"]], [1]))
    g = sum_networks(f, affine_network([[3]]))
    net = parallel(g, relu_identity(1, 1))
    flat = from_layered(to_layered(net).layers)
    pts = [[a, b] for a in ["-3", "1/3", "5"] for b in ["-1", "0", "7/8"]]
    assert evaluate(flat, pts) == evaluate(net, pts)


def test_from_layered_rejects_non_affine():
    with pytest.raises(InvalidArgument):
        from_layered([])
    with pytest.raises(InvalidArgument):
        from_layered(["not a layer"])
