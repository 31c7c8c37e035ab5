"""The layered form realises the same function, and the metrics count it correctly."""

from fractions import Fraction

import pytest

from verinet import MPQ, NetworkBuilder, evaluate
from verinet.calculus import compose, parallel, relu_identity, sum_networks, affine_network
from verinet.errors import InvalidArgument, UnsupportedOp
from verinet.interpret.layered import Layered, from_layered, to_layered
from verinet.interpret.metrics import size_metrics
from verinet.interpret.reference import evaluate_reference
from verinet.ops import Affine, Gaussian, ReLU, ReQU, Sigmoid


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


# ------------------------------------------------------- activations other than ReLU


def _requ_skip_network():
    """x -> 2 requ(x1 - x2/2) + requ(requ(x1) - 1) - 3 x2: ReQU layers and a skip across two."""
    b = NetworkBuilder()
    x = b.input(2)
    h = b.requ(b.affine(x, [[1, "-1/2"], [1, 0]]))
    g = b.requ(b.affine(h, [[0, 1]], [-1]))
    return b.build(b.add(b.add(b.affine(h, [[2, 0]]), g), b.affine(x, [[0, -3]])))


def _requ_reference(p):
    x1, x2 = (Fraction(str(v)) for v in p)
    s = lambda t: max(t, 0) ** 2  # noqa: E731
    return [2 * s(x1 - x2 / 2) + s(s(x1) - 1) - 3 * x2]


def test_requ_layered_form_realises_the_same_function_exactly():
    net = _requ_skip_network()
    form = to_layered(net)
    assert form.activations == (ReQU, ReQU) and form.depth == 2
    flat = from_layered(form)
    for p in POINTS:
        assert evaluate_reference(flat, p) == evaluate_reference(net, p) == _requ_reference(p)


def test_values_cross_a_requ_layer_through_four_units():
    # x -> requ(x) + x: x is carried by 4x = s(x+1) + s(-x-1) - s(x-1) - s(1-x)
    b = NetworkBuilder()
    x = b.input(1)
    net = b.build(b.add(b.requ(x), x))
    form = to_layered(net)
    assert form.widths == (1, 5, 1)
    assert form.layers[0].weights() == [[1], [1], [-1], [1], [-1]]
    assert form.layers[0].bias() == [0, 1, -1, -1, 1]
    assert form.layers[1].weights() == [[1, MPQ(1, 4), MPQ(1, 4), MPQ(-1, 4), MPQ(-1, 4)]]
    for t in ["-3", "-1/2", "0", "2/3", "5"]:
        v = Fraction(t)
        assert evaluate_reference(from_layered(form), [t]) == [max(v, 0) ** 2 + v]


def test_mixed_activations_at_one_level_are_moved_up_exactly():
    # relu(x) and requ(x) both on the input: the ReQU units go one layer higher, x being
    # carried through the ReLU layer first.
    b = NetworkBuilder()
    x = b.input(1)
    net = b.build(b.add(b.relu(x), b.requ(b.affine(x, [[1]], [-1]))))
    form = to_layered(net)
    assert form.activations == (ReLU, ReQU)
    for t in ["-2", "0", "1/2", "3"]:
        v = Fraction(t)
        assert evaluate_reference(from_layered(form), [t]) == [max(v, 0) + max(v - 1, 0) ** 2]


def test_shallow_sigmoid_network_is_its_own_layered_form():
    b = NetworkBuilder()
    x = b.input(2)
    first = Affine.from_rationals([[1, -2], ["1/3", 0], [0, 5]], [0, 1, "-1/2"])
    last = Affine.from_rationals([[1, 1, -1]], ["1/7"])
    net = b.build(b.affine_op(b.sigmoid(b.affine_op(x, first)), last))
    form = to_layered(net)
    assert form == Layered((first, last), (Sigmoid,))
    assert to_layered(from_layered(form)) == form
    m = size_metrics(net)
    assert (m["depth"], m["width"], m["parameters"]) == (1, 3, 9 + 4)
    assert [r["activation"] for r in m["layers"]] == ["Sigmoid", None]


def test_a_value_is_not_carried_through_a_sigmoid_layer():
    b = NetworkBuilder()
    x = b.input(1, name="x")
    net = b.build(b.add(b.gaussian(x, name="g"), x, name="sum"))
    with pytest.raises(UnsupportedOp, match=r"^layered form: node 'sum' needs a value of level 0 carried through "
                                            r"hidden layer 1, a Gaussian layer"):
        to_layered(net)


def test_layered_checks_its_activations():
    layer = Affine.from_rationals([[1]])
    assert Layered((layer, layer)).activations == (ReLU,)
    with pytest.raises(InvalidArgument, match="one of"):
        Layered((layer, layer), (ReLU, ReLU))
    with pytest.raises(InvalidArgument, match="one of"):
        Layered((layer, layer), (Affine,))
    net = from_layered([layer, layer, layer], (Gaussian, ReQU))
    assert [net.op(n).__class__.__name__ for n in net.order()] == ["Input", "Affine", "Gaussian", "Affine", "ReQU", "Affine"]
    assert "gaussian1" in net.order() and "requ2" in net.order()


def _random_dag(seed):
    """A random DAG of affine, add, concat, slice, ReLU and ReQU nodes with skip connections."""
    import random

    rng = random.Random(seed)
    b = NetworkBuilder()
    values = [b.input(2)]

    def weights(rows, cols):
        return [[Fraction(rng.randint(-4, 4), rng.choice([1, 2, 3])) for _ in range(cols)] for _ in range(rows)]

    def affine(v, rows):
        return b.affine(v, weights(rows, b.width(v)), [Fraction(rng.randint(-3, 3), 2) for _ in range(rows)])

    for _ in range(rng.randint(3, 7)):
        kind = rng.choice(["relu", "requ", "add", "concat", "slice"])
        v = rng.choice(values)
        if kind in ("relu", "requ"):
            values.append(getattr(b, kind)(affine(v, rng.randint(1, 3))))
        elif kind == "slice" and b.width(v) > 1:
            values.append(b.slice(v, 0, b.width(v) - 1))
        else:
            u = rng.choice(values)
            width = rng.randint(1, 2)
            pair = [affine(v, width), affine(u, width)]
            values.append(b.add(*pair) if kind == "add" else b.concat(*pair))
    return b.build(affine(b.concat(*values), 1))  # every value reaches the output


@pytest.mark.parametrize("seed", range(12))
def test_random_relu_requ_dags_flatten_exactly(seed):
    import random

    net = _random_dag(seed)
    flat = from_layered(to_layered(net))
    rng = random.Random(1000 + seed)
    for _ in range(5):
        p = [str(Fraction(rng.randint(-20, 20), rng.randint(1, 7))) for _ in range(2)]
        assert evaluate_reference(flat, p) == evaluate_reference(net, p)
