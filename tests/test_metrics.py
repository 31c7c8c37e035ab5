"""Size metrics on hand-built networks, and the layered form on random networks.

``tests/test_layered.py`` covers the layered form of a few fixed networks and the totals of
``size_metrics``; here: every field (the per-layer table included) against hand counts,
exact big magnitudes, and hypothesis checks that ``to_layered`` keeps the function (the
layers are evaluated by a loop written here) and that its depth is the longest ReLU chain.
"""

from fractions import Fraction

import networkx as nx
from hypothesis import given, settings, strategies as st

from verinet.testing.strategies import networks, points
from verinet import MPQ, NetworkBuilder, evaluate
from verinet.calculus import affine_network, compose, relu_identity
from verinet.interpret.layered import Layered, from_layered, to_layered
from verinet.interpret.metrics import size_metrics
from verinet.interpret.reference import evaluate_reference
from verinet.ops import ReLU

SETTINGS = settings(max_examples=50, deadline=None)


def _one_hidden_layer():
    """x in R^2 -> [[1, -2], [3/4, 0], [0, 0]] x + (0, -5, 1) -> relu -> [1, 1/3, 0] h + 7/2."""
    b = NetworkBuilder()
    x = b.input(2)
    h = b.relu(b.affine(x, [[1, -2], ["3/4", 0], [0, 0]], [0, -5, 1]))
    return b.build(b.affine(h, [[1, "1/3", 0]], ["7/2"]))


def test_metrics_of_one_hidden_layer_by_hand():
    m = size_metrics(_one_hidden_layer())
    assert (m["in_dim"], m["out_dim"], m["depth"], m["width"], m["hidden_widths"]) == (2, 1, 1, 3, [3])
    assert m["parameters"] == 3 * (2 + 1) + 1 * (3 + 1) == 13
    assert m["nonzero_parameters"] == 5 + 3  # 1, -2, 3/4, -5, 1 and 1, 1/3, 7/2
    assert type(m["max_abs_parameter"]) is MPQ and m["max_abs_parameter"] == 5
    assert m["max_numerator_bits"] == 3  # 5 and 7
    assert m["max_denominator_bits"] == 3  # 4
    assert m["layers"] == [
        {
            "layer": 0,
            "in": 2,
            "out": 3,
            "parameters": 9,
            "nonzero_parameters": 5,
            "max_abs_parameter": 5,
            "max_numerator_bits": 3,
            "max_denominator_bits": 3,
            "activation": "ReLU",
        },
        {
            "layer": 1,
            "in": 3,
            "out": 1,
            "parameters": 4,
            "nonzero_parameters": 3,
            "max_abs_parameter": MPQ(7, 2),
            "max_numerator_bits": 3,
            "max_denominator_bits": 2,
            "activation": None,
        },
    ]


def test_metrics_with_skip_slice_and_add_by_hand():
    """relu(x) + 2x: the skip 2x is carried through relu(2x) - relu(-2x)."""
    b = NetworkBuilder()
    x = b.input(1)
    r = b.relu(b.affine(x, [[1], [-1]]))
    net = b.build(b.add(b.slice(r, 0, 1), b.affine(x, [[2]])))
    layered = to_layered(net)
    assert layered.widths == (1, 4, 1)
    m = size_metrics(net)
    assert (m["depth"], m["width"], m["parameters"]) == (1, 4, 4 * 2 + 1 * 5)
    # layer 0: weights 1, -1, 2, -2 and zero biases; layer 1: 1, 0 (relu(-x) is sliced away), 1, -1
    assert m["nonzero_parameters"] == 4 + 3
    assert (m["max_abs_parameter"], m["max_numerator_bits"], m["max_denominator_bits"]) == (2, 2, 1)
    for v in ["-3", "0", "5/2"]:
        assert evaluate_reference(net, [v]) == [max(Fraction(v), 0) + 2 * Fraction(v)]


def test_big_exact_magnitudes():
    big = MPQ(-(2**100) - 1, 3)
    net = compose(affine_network([[big]], [MPQ(1, 2**64)]), relu_identity(1, 2))
    m = size_metrics(net)
    assert m["max_abs_parameter"] == (2**100 + 1) / MPQ(3)
    assert m["max_numerator_bits"] == 101
    # one layer over the common denominator 3 * 2**64 of big and 2**-64: each entry in lowest terms
    assert m["max_denominator_bits"] == 65
    assert m["layers"][-1]["max_denominator_bits"] == 65 and m["layers"][0]["max_denominator_bits"] == 1


def test_zero_parameters_count_as_parameters_but_not_as_nonzero():
    m = size_metrics(affine_network([[0, 0]], [0]))
    assert (m["parameters"], m["nonzero_parameters"], m["max_abs_parameter"]) == (3, 0, 0)
    assert (m["max_numerator_bits"], m["max_denominator_bits"]) == (0, 1)


def test_metrics_accept_a_layered_form():
    net = _one_hidden_layer()
    assert size_metrics(to_layered(net)) == size_metrics(net)


# --- the layered form on random networks ------------------------------------------------


def _run_layers(layered: Layered, point):
    """L_L o relu o ... o relu o L_0 at ``point``, with Fractions, one loop."""
    x = [Fraction(str(v)) for v in point]
    for i, layer in enumerate(layered.layers):
        if i:
            x = [max(v, Fraction(0)) for v in x]
        x = [
            sum((Fraction(str(w)) * v for w, v in zip(row, x)), Fraction(0)) + Fraction(str(c))
            for row, c in zip(layer.weights(), layer.bias())
        ]
    return x


def _longest_relu_chain(net) -> int:
    count = {}
    for node in net.order():
        below = max((count[a] for a in net.arguments(node)), default=0)
        count[node] = below + (type(net.op(node)) is ReLU)
    return count[net.output]


@given(networks(), st.data())
@SETTINGS
def test_to_layered_keeps_the_function(net, data):
    layered = to_layered(net)
    assert layered.widths[0] == net.in_dim and layered.widths[-1] == net.out_dim
    pts = data.draw(st.lists(points(net.in_dim), min_size=1, max_size=3))
    flat = from_layered(layered.layers)
    fast = evaluate(flat, pts)
    for p, row in zip(pts, fast):
        expected = evaluate_reference(net, p)
        assert _run_layers(layered, p) == expected
        assert [Fraction(str(v)) for v in row] == expected


@given(networks())
@SETTINGS
def test_depth_is_the_longest_relu_chain_and_counts_add_up(net):
    layered = to_layered(net)
    m = size_metrics(net)
    assert m["depth"] == layered.depth == _longest_relu_chain(net)
    assert m["hidden_widths"] == list(layered.widths[1:-1])
    assert m["width"] == max(layered.widths[1:-1], default=0)
    assert m["parameters"] == sum(o * (i + 1) for i, o in zip(layered.widths, layered.widths[1:]))
    assert [(r["in"], r["out"]) for r in m["layers"]] == list(zip(layered.widths, layered.widths[1:]))
    values = [v for layer in layered.layers for row in layer.weights() for v in row] + [
        v for layer in layered.layers for v in layer.bias()
    ]
    assert m["nonzero_parameters"] == sum(1 for v in values if v)
    assert m["max_abs_parameter"] == max(abs(v) for v in values)
    assert m["max_numerator_bits"] == max(int(abs(v.numerator)).bit_length() for v in values)
    assert m["max_denominator_bits"] == max(int(v.denominator).bit_length() for v in values)


@given(networks())
@settings(max_examples=30, deadline=None)
def test_layered_form_of_a_chain_is_itself(net):
    layered = to_layered(net)
    assert to_layered(from_layered(layered.layers)) == layered


def test_layered_form_of_a_graph_with_a_diamond_is_exact():
    # the same ReLU value reaches the output by two paths of different depth
    b = NetworkBuilder()
    x = b.input(1)
    r = b.relu(b.affine(x, [[1]], [-1]))
    deep = b.relu(b.affine(r, [[-1]], [2]))
    net = b.build(b.concat(r, deep, b.add(r, deep)))
    assert nx.is_directed_acyclic_graph(net.graph)
    layered = to_layered(net)
    assert layered.depth == 2
    for v in ["-1", "1/2", "2", "3", "7/2"]:
        assert _run_layers(layered, [v]) == evaluate_reference(net, [v])
