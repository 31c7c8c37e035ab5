"""Network construction errors name the node at fault; networks are immutable values with a fixed order."""

import dataclasses

import networkx as nx
import pytest
from hypothesis import given, settings, strategies as st

from verinet.testing.strategies import networks
from verinet import InvalidArgument, Network, NetworkBuilder, NetworkTypeError, ShapeError, VerinetError
from verinet.ops import Add, Affine, Concat, Input, ReLU, Slice


def _graph(nodes, edges):
    """A raw DiGraph from {name: op} and [(source, target, slot)]."""
    g = nx.DiGraph()
    for name, op in nodes.items():
        g.add_node(name, op=op)
    for u, v, slot in edges:
        g.add_edge(u, v, slot=slot)
    return g


def _small():
    """x (2) -> affine 'h' (3) -> relu 'r' -> affine 'y' (1), plus a skip 'y2' = y + affine(x)."""
    b = NetworkBuilder()
    x = b.input(2, name="x")
    h = b.affine(x, [[1, 0], [0, 1], [1, -1]], [0, "1/2", 0], name="h")
    r = b.relu(h, name="r")
    y = b.affine(r, [[1, 1, "-1/3"]], name="y")
    s = b.affine(x, [[2, 3]], [1], name="s")
    return b.build(b.add(y, s, name="y2"))


def _message(graph, output):
    with pytest.raises(NetworkTypeError) as info:
        Network(graph, output)
    return str(info.value)


# --- each kind of malformed graph -------------------------------------------------------


def test_empty_network():
    assert "empty" in _message(nx.DiGraph(), "y")


def test_output_not_in_network():
    g = _graph({"x": Input(1)}, [])
    assert "'y'" in _message(g, "y")


def test_input_alone_is_a_valid_identity_network():
    net = Network(_graph({"x": Input(2)}, []), "x")
    assert (net.in_dim, net.out_dim, net.order()) == (2, 2, ("x",))


def test_cycle_names_its_nodes():
    g = _graph(
        {"x": Input(1), "a": Add(1, 2), "r": ReLU(1)},
        [("x", "a", 0), ("r", "a", 1), ("a", "r", 0)],
    )
    message = _message(g, "a")
    assert "cycle" in message and "'a'" in message and "'r'" in message


def test_multigraph_is_refused():
    g = nx.MultiDiGraph(_graph({"x": Input(1), "r": ReLU(1)}, [("x", "r", 0)]))
    assert "DiGraph" in _message(g, "r")


def test_arguments_are_in_slot_order_and_a_fresh_list():
    net = _small()
    args = net.arguments("y2")
    assert args == ["y", "s"]
    args.append("junk")
    assert net.arguments("y2") == ["y", "s"]


def test_self_loop_is_a_cycle():
    g = _graph({"x": Input(1), "a": Add(1, 2)}, [("x", "a", 0), ("a", "a", 1)])
    assert "cycle" in _message(g, "a")


def test_dangling_node_not_feeding_the_output():
    g = _graph(
        {"x": Input(1), "r": ReLU(1), "dead": ReLU(1)},
        [("x", "r", 0), ("x", "dead", 0)],
    )
    message = _message(g, "r")
    assert "dangling" in message and "'dead'" in message and "'r'" not in message.split(":", 1)[1]


def test_second_input_is_reported_with_both_names():
    # A node unreachable from the input needs a source of its own: a second Input.
    g = _graph(
        {"x": Input(1), "z": Input(1), "a": Add(1, 2)},
        [("x", "a", 0), ("z", "a", 1)],
    )
    message = _message(g, "a")
    assert "exactly one Input" in message and "'x'" in message and "'z'" in message


def test_no_input_at_all():
    g = _graph({"a": Affine.from_rationals([[1]])}, [])
    assert "'a'" in _message(g, "a")  # the affine node has no argument in slot 0


def test_dimension_mismatch_names_both_nodes():
    g = _graph(
        {"x": Input(3), "r": ReLU(2)},
        [("x", "r", 0)],
    )
    with pytest.raises(ShapeError) as info:
        Network(g, "r")
    message = str(info.value)
    assert "'r' (ReLU)" in message and "'x' (Input)" in message and "width 2" in message and "width 3" in message


def test_affine_input_width_mismatch_found_at_build():
    b = NetworkBuilder()
    x = b.input(2, name="x")
    y = b.affine(x, [[1, 2, 3]], name="wide")
    with pytest.raises(ShapeError, match="'wide' \\(Affine\\)"):
        b.build(y)


def _add_with_slots(slots):
    g = nx.DiGraph()
    g.add_node("x", op=Input(1))
    g.add_node("r", op=ReLU(1))
    g.add_node("a", op=Add(1, 2))
    g.add_edge("x", "r", slot=0)
    g.add_edge("x", "a", slot=slots[0])
    g.add_edge("r", "a", slot=slots[1])
    return g


@pytest.mark.parametrize("slots", [(0, 2), (1, 2), (-1, 0), (0, 0)])
def test_wrong_slot_numbering_names_the_node(slots):
    message = _message(_add_with_slots(slots), "a")
    assert "'a' (Add) expects 2 input(s) in slots [0, 1]" in message


@pytest.mark.parametrize("slots", [(None, 1), ("0", 1), (0.0, 1), (True, 0)])
def test_non_integer_slots_name_the_node(slots):
    # regression: a str slot next to an int one raised a bare TypeError while sorting
    assert "'a' (Add) has input slots" in _message(_add_with_slots(slots), "a")


def test_not_a_graph():
    with pytest.raises(NetworkTypeError, match="DiGraph, got str"):
        Network("x -> y", "x")


def test_missing_argument():
    g = _graph({"x": Input(1), "a": Add(1, 3)}, [("x", "a", 0)])
    assert "'a' (Add) expects 3 input(s)" in _message(g, "a")


def test_input_with_an_argument():
    g = _graph({"x": Input(1), "r": ReLU(1), "z": Input(1)}, [("x", "r", 0), ("r", "z", 0)])
    assert "'z' (Input)" in _message(g, "z")


@pytest.mark.parametrize("bad", ["relu", None, 3, Affine])
def test_non_op_node_is_named(bad):
    g = _graph({"x": Input(1), "odd": ReLU(1)}, [("x", "odd", 0)])
    g.nodes["odd"]["op"] = bad
    assert "'odd'" in _message(g, "odd")


def test_node_without_op_attribute():
    g = _graph({"x": Input(1)}, [])
    g.add_edge("x", "bare")
    assert "'bare'" in _message(g, "bare")


@pytest.mark.parametrize("bad", ["relu", None])
def test_non_op_node_inserted_after_its_successor(bad):
    # regression: the wiring check of 's' read the op of 'r' before 'r' itself was checked
    # (AttributeError / KeyError escaped)
    g = nx.DiGraph()
    g.add_node("s", op=ReLU(1))
    g.add_node("x", op=Input(1))
    g.add_node("r", op=bad)
    g.add_edge("x", "r", slot=0)
    g.add_edge("r", "s", slot=0)
    assert "node 'r' holds" in _message(g, "s")


# --- weights: ragged, float, NaN; errors name the node ----------------------------------


@pytest.mark.parametrize(
    "weights, bias, error, fragment",
    [
        ([[1, 2], [3]], None, ShapeError, "weight row 1 has 1 entries, expected 2"),
        ([[1, 0.5]], None, InvalidArgument, "W[0][1]=0.5 is a float"),
        ([[1, 2]], [0.25], InvalidArgument, "b[0]=0.25 is a float"),
        ([[float("nan"), 1]], None, InvalidArgument, "W[0][0]=nan is a float"),
        ([[1, "nan"]], None, InvalidArgument, "W[0][1]='nan' is not an exact number"),
        ([[1, "inf"]], None, InvalidArgument, "W[0][1]='inf' is not an exact number"),
        ([[1, "1/0"]], None, InvalidArgument, "W[0][1]='1/0'"),
        (["12"], None, InvalidArgument, "W[0]='12' must be a sequence"),
        ([[1, 2]], "12", InvalidArgument, "b='12' must be a sequence"),
        ([[1, 2]], 3, InvalidArgument, "b=3 is not a sequence"),
        ([[1, 2]], [1, 2], ShapeError, "bias has 2 entries, weight matrix has 1 rows"),
        ([], None, ShapeError, "weight matrix is empty"),
        ([[]], None, ShapeError, "weight matrix is empty"),
    ],
)
@pytest.mark.parametrize("name", [None, "L3"])
def test_bad_weights_are_named(weights, bias, error, fragment, name):
    b = NetworkBuilder()
    x = b.input(2)
    with pytest.raises(error) as info:
        b.affine(x, weights, bias, name=name)
    message = str(info.value)
    assert fragment in message
    # the node id the builder would have given the node: affine1 (input0 came first)
    assert f"node {name or 'affine1'!r}" in message


def test_raw_affine_refuses_non_integer_numerators():
    with pytest.raises(InvalidArgument, match="row 0 must hold ints"):
        Affine(((1, 2.0),), (0,), 1)
    with pytest.raises(InvalidArgument, match="denominator=0"):
        Affine(((1,),), (0,), 0)
    with pytest.raises(ShapeError, match="bias_numerators=\\[1\\]"):
        Affine(((1,),), [1], 1)


@pytest.mark.parametrize(
    "make, fragment",
    [
        (lambda: ReLU(0), "ReLU.dim=0"),
        (lambda: Input(1.0), "Input.dim=1.0"),
        (lambda: Add(2, 0), "Add.arity=0"),
        (lambda: Concat(()), "Concat.dims=()"),
        (lambda: Concat((2, 0)), "Concat.dims[1]=0"),
        (lambda: Slice(3, 2, 2), "Slice 2:2"),
        (lambda: Slice(3, 0, 4), "Slice 0:4"),
    ],
)
def test_bad_ops(make, fragment):
    with pytest.raises(VerinetError, match=fragment.replace("[", "\\[").replace("(", "\\(").replace(")", "\\)")):
        make()


def test_builder_rejects_repeated_argument_and_unknown_nodes():
    b = NetworkBuilder()
    x = b.input(2, name="x")
    with pytest.raises(InvalidArgument, match="'x' in more than one slot"):
        b.add(x, x)
    with pytest.raises(InvalidArgument, match="'x' in more than one slot"):
        b.concat(x, x)
    with pytest.raises(InvalidArgument, match="'nowhere'"):
        b.relu_of = b.add_op(ReLU(2), ["nowhere"])
    with pytest.raises(InvalidArgument, match="'x' is already used"):
        b.input(1, name="x")
    with pytest.raises(ShapeError, match="widths \\[2, 1\\]"):
        b.add(x, b.slice(x, 0, 1))


# --- equality, immutability, order ------------------------------------------------------


def test_equality_is_structural():
    assert _small() == _small()
    assert hash(_small()) == hash(_small())
    assert _small() != "network"
    b = NetworkBuilder()
    x = b.input(1, name="x")
    one = b.build(b.affine(x, [["2/4"]], [0], name="y"))
    b = NetworkBuilder()
    x = b.input(1, name="x")
    same = b.build(b.affine(x, [["1/2"]], name="y"))
    other = NetworkBuilder()
    x = other.input(1, name="x")
    different = other.build(other.affine(x, [["1/3"]], name="y"))
    renamed = NetworkBuilder()
    x = renamed.input(1, name="x")
    moved = renamed.build(renamed.affine(x, [["1/2"]], name="z"))
    assert one == same  # 2/4 and 1/2 are the same reduced op
    assert one != different and one != moved


def test_equality_sees_slot_order():
    def sub(first):
        b = NetworkBuilder()
        x = b.input(1, name="x")
        p = b.affine(x, [[1]], name="p")
        q = b.affine(x, [[2]], name="q")
        return b.build(b.concat(*((p, q) if first else (q, p)), name="c"))

    assert sub(True) == sub(True) and sub(True) != sub(False)


def test_network_is_immutable():
    net = _small()
    with pytest.raises(nx.NetworkXError):
        net.graph.add_node("extra", op=ReLU(1))
    with pytest.raises(nx.NetworkXError):
        net.graph.remove_edge("x", "h")
    with pytest.raises(AttributeError):
        net.output = "h"
    with pytest.raises(AttributeError):
        net.graph = nx.DiGraph()
    with pytest.raises(dataclasses.FrozenInstanceError):
        net.op("r").dim = 7
    with pytest.raises(dataclasses.FrozenInstanceError):
        net.op("h").denominator = 3
    assert net == _small()


def test_builder_changes_after_build_do_not_reach_the_network():
    b = NetworkBuilder()
    x = b.input(1, name="x")
    y = b.relu(x, name="y")
    net = b.build(y)
    b.relu(y, name="later")
    assert set(net.graph) == {"x", "y"}


def test_order_is_topological_and_lexicographic_among_ties():
    net = _small()
    order = net.order()
    assert order == ("x", "h", "r", "s", "y", "y2")
    position = {n: i for i, n in enumerate(order)}
    assert all(position[u] < position[v] for u, v in net.graph.edges)
    assert net.arguments("y2") == ["y", "s"]


@given(networks(), st.randoms(use_true_random=False))
@settings(max_examples=50, deadline=None)
def test_order_does_not_depend_on_insertion_order(net, rnd):
    nodes = list(net.graph.nodes(data=True))
    edges = list(net.graph.edges(data=True))
    rnd.shuffle(nodes)
    rnd.shuffle(edges)
    g = nx.DiGraph()
    g.add_nodes_from(nodes)
    g.add_edges_from(edges)
    rebuilt = Network(g, net.output)
    assert rebuilt == net
    assert rebuilt.order() == net.order()
    assert [rebuilt.arguments(n) for n in rebuilt.order()] == [net.arguments(n) for n in net.order()]


# --- mutation tests: corrupt one thing in a valid network, the error names the node -----


def _mutable(net, rnd=None):
    """An unfrozen copy, nodes inserted in a random order (the checks must not depend on it)."""
    nodes = list(net.graph.nodes(data=True))
    if rnd is not None:
        rnd.shuffle(nodes)
    g = nx.DiGraph()
    g.add_nodes_from(nodes)
    g.add_edges_from(net.graph.edges(data=True))
    return g


def _corrupt_width(net, node, rnd):
    g = _mutable(net, rnd)
    width_in = net.op(net.arguments(node)[0]).out_dim
    g.nodes[node]["op"] = ReLU(max(width_in, net.op(node).out_dim) + 1)
    return g, [node]


def _drop_argument(net, node, rnd):
    g = _mutable(net, rnd)
    g.remove_edge(rnd.choice(net.arguments(node)), node)
    return g, [node]


def _bad_slot(net, node, rnd):
    g = _mutable(net, rnd)
    u = rnd.choice(net.arguments(node))
    g.edges[u, node]["slot"] = rnd.choice([7, -1, None, "0"])
    return g, [node]


def _not_an_op(net, node, rnd):
    g = _mutable(net, rnd)
    g.nodes[node]["op"] = rnd.choice(["relu", 1, None])
    return g, [node]


def _dangling(net, node, rnd):
    g = _mutable(net, rnd)
    g.add_node("dangler", op=ReLU(net.op(node).out_dim))
    g.add_edge(node, "dangler", slot=0)
    return g, ["dangler"]


def _back_edge(net, node, rnd):
    g = _mutable(net, rnd)
    g.add_edge(net.output, node, slot=0)  # the output feeds back into a node upstream of it
    return g, [node, net.output]


MUTATIONS = [_corrupt_width, _drop_argument, _bad_slot, _not_an_op, _dangling, _back_edge]


@pytest.mark.parametrize("mutate", MUTATIONS, ids=lambda f: f.__name__.lstrip("_"))
@given(net=networks(max_depth=3), rnd=st.randoms(use_true_random=False))
@settings(max_examples=25, deadline=None)
def test_mutated_network_is_rejected_naming_the_node(mutate, net, rnd):
    Network(_mutable(net), net.output)  # the copy itself is valid
    candidates = [n for n in net.order() if n != net.input]
    if mutate is _corrupt_width:
        # a ReLU of a different width mismatches what feeds it (or what it feeds)
        candidates = [n for n in candidates if len(net.arguments(n)) == 1]
    node = rnd.choice(candidates)
    g, named = mutate(net, node, rnd)
    with pytest.raises(NetworkTypeError) as info:
        Network(g, net.output)
    message = str(info.value)
    assert any(repr(n) in message for n in named), message


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda b, x: b.slice(x, 2, 5, name="s"), r"node 's': Slice 2:5"),
        (lambda b, x: b.add(x, b.slice(x, 0, 2), name="sum"), r"node 'sum': cannot add nodes of widths \[3, 2\]"),
        (lambda b, x: b.relu("ghost", name="r"), r"node 'r': 'ghost' is not a node of this builder"),
        (lambda b, x: b.concat(name="c"), r"node 'c': Concat.dims=\(\)"),
        (lambda b, x: b.input(0, name="in2"), r"node 'in2': Input.dim=0"),
    ],
)
def test_builder_errors_name_the_node_being_built(make, message):
    b = NetworkBuilder()
    x = b.input(3)
    with pytest.raises(VerinetError, match=message):
        make(b, x)


# --- derived data and op replacement ------------------------------------------------------


def test_derived_is_computed_once_per_key():
    net, calls = _small(), []
    first = net.derived("probe", lambda n: calls.append(n) or len(calls))
    assert net.derived("probe", lambda n: calls.append(n) or len(calls)) == first == 1
    assert calls == [net]


def test_freed_after_names_each_value_at_its_last_use_and_never_the_output():
    net = _small()  # order x, h, r, s, y, y2: x is last read by s, y and s by the output y2
    freed = {node: sorted(net.freed_after(node)) for node in net.order()}
    assert freed == {"x": [], "h": [], "r": ["h"], "s": ["x"], "y": ["r"], "y2": ["s", "y"]}


def test_with_ops_replaces_ops_and_leaves_the_original_alone():
    from fractions import Fraction
    from verinet.interpret.reference import evaluate_reference

    net = _small()
    new = net.with_ops({"s": Affine.from_rationals([[5, 0]], [0])})
    point = [Fraction(1, 3), Fraction(-2)]
    h = [max(v, 0) for v in (point[0], point[1] + Fraction(1, 2), point[0] - point[1])]
    y = h[0] + h[1] - h[2] / 3
    assert evaluate_reference(new, point) == [y + 5 * point[0]]
    assert evaluate_reference(net, point) == [y + 2 * point[0] + 3 * point[1] + 1]
    assert new.order() == net.order() and new != net


def test_with_ops_refuses_other_shapes_and_unknown_nodes():
    net = _small()
    with pytest.raises(ShapeError, match="'s'"):
        net.with_ops({"s": Affine.from_rationals([[1, 0, 0]], [0])})
    with pytest.raises(InvalidArgument, match="'nope'"):
        net.with_ops({"nope": ReLU(1)})
    with pytest.raises(NetworkTypeError, match="'r'"):
        net.with_ops({"r": "relu"})


def test_ops_and_slots_of_a_built_network_cannot_be_changed():
    net = _small()
    with pytest.raises(TypeError):
        net.graph.nodes["r"]["op"] = ReLU(3)
    with pytest.raises(TypeError):
        net.graph.edges["y", "y2"]["slot"] = 1
    with pytest.raises(nx.NetworkXError):
        net.graph.add_node("extra", op=ReLU(1))
    assert net.op("r") == ReLU(3) and net.arguments("y2") == ["y", "s"]


def test_the_graph_handed_in_is_copied_not_frozen():
    g = _graph({"x": Input(1), "r": ReLU(1)}, [("x", "r", 0)])
    net = Network(g, "r")
    g.add_node("later", op=ReLU(1))
    g.nodes["r"]["op"] = ReLU(1)
    assert "later" not in net.graph and len(net.graph) == 2
