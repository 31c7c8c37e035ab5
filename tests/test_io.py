"""Network files: exact round trips, byte-determinism, and every way a file can be bad."""

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verinet.testing.strategies import networks
from verinet import MPQ, FileFormatError, InvalidArgument, NetworkBuilder, evaluate
from verinet import io
from verinet.calculus import compose, concatenate, parallel, relu_identity, scale
from verinet.constructions.registry import builders
from verinet.ops import OP_TYPES, Add, Affine, Concat, Input, ReLU, Slice

BIG = 2**70


def every_op_network():
    """One node of every op type, a huge weight and non-dyadic rationals."""
    b = NetworkBuilder()
    x = b.input(2, name="x")
    a = b.affine(x, [["1/2", -3], [0, BIG]], ["-7/3", 0], name="a")
    r = b.relu(a, name="r")
    s = b.slice(r, 0, 1, name="s")
    c = b.concat(s, r, name="c")
    p = b.affine(c, [[1, 0, 0], [0, 0, "-1/4"]], name="p")
    return b.build(b.add(a, r, p, name="out"))


# The file of every_op_network(), as docs/file-format.md shows it.
GOLDEN = """\
{"format": "verinet-network", "version": 1, "input": "x", "output": "out",
 "nodes": [
  {"name": "x", "op": "Input", "args": [], "dim": 2},
  {"name": "a", "op": "Affine", "args": ["x"], "weights": [["1/2", "-3"], ["0", "1180591620717411303424"]], "bias": ["-7/3", "0"]},
  {"name": "r", "op": "ReLU", "args": ["a"], "dim": 2},
  {"name": "s", "op": "Slice", "args": ["r"], "in_dim": 2, "start": 0, "stop": 1},
  {"name": "c", "op": "Concat", "args": ["s", "r"], "dims": [1, 2]},
  {"name": "p", "op": "Affine", "args": ["c"], "weights": [["1", "0", "0"], ["0", "0", "-1/4"]], "bias": ["0", "0"]},
  {"name": "out", "op": "Add", "args": ["a", "r", "p"], "dim": 2, "arity": 3}
]}
"""

# Small parameters for every registered construction (CLI spelling, as `verinet build`);
# a newly registered construction fails test_constructions_round_trip until it is added here.
SMALL = {
    "bit-extraction": {"bits": "0110"},
    "cube-index": {"K": "3", "d": "2", "delta": "1/10"},
    "mid-repair": {"K": "2", "delta": "1/8", "d": "2"},
    "power-map": {"J": "3"},
    "product": {"N": "2", "L": "2", "a": "-3", "b": "3"},
    "product-unit": {"N": "2", "L": "2"},
    "sawtooth": {"m": "3"},
    "sawtooth-wave": {"teeth": "3"},
    "sawtooth-wave-deep": {"teeth": "4"},
    "square": {"N": "2", "L": "2"},
    "step": {"K": "3", "delta": "1/10"},
    "unpacking": {"m": "2", "values": "1/4,3/4"},
    "zigzag-square": {"n": "3", "L": "2"},
    "fitted-step": {"N": "1", "L": "1", "d": "2", "delta": "1/100"},
    "index-map": {"K": "3", "d": "2"},
    "monomial": {"alpha": "2,1", "N": "1", "L": "1"},
    "point-fitting": {"xs": "0,1/3,2/3,1", "ys": "0,1,2,1/2", "N1": "1", "N2": "2"},
    "polynomial": {"coefficients": "1,-2,3", "N": "1", "L": "1"},
    "product-many": {"N": "1", "L": "1", "k": "3"},
    "tent-iterate": {"k": "3"},
    "syz22-phi1": {"d": "2", "n": "1"},
    "syz22-phi2": {"d": "1", "n": "2"},
    "syz22-phi": {"d": "1", "n": "1"},
    "requ-monomial": {"k": "5"},
    "requ-polynomial": {"coefficients": "1/2,0,-3,1"},
    "requ-spline": {"target": "x**3", "q": "3", "K": "4"},
    "requ-spline-2d": {"target": "x1*x2", "q": "2", "K": "2"},
    "shallow-sigmoid": {"target": "exp(x)", "n": "3", "h": "1/8"},
    "shallow-gaussian": {"target": "exp(x)", "n": "3", "h": "1/8"},
    "step-1d": {"N": "1", "L": "2", "delta": "1/12"},
    "bit-plane": {"bits": "0110", "N": "1", "L": "2"},
    "doubling-step": {"R": "3"},
    "bit-point-fitting": {"values": "0,1/3,1,1/2", "N": "1", "L": "2", "s": "1"},
    "lsyz21-phi": {"N": "1", "L": "2", "s": "1", "d": "1", "f": "x1/2", "delta": "1/12"},
    "lsyz21-repaired": {"N": "1", "L": "1", "s": "1", "d": "2", "f": "x1*x2/2", "delta": "1/3"},
}


def build(name):
    builder = builders()[name]
    if set(builder.parameters) != set(SMALL.get(name, {})):
        pytest.fail(f"give small parameters for construction {name!r} in SMALL: {sorted(builder.parameters)}")
    kwargs = {p.replace("-", "_"): builder.parameters[p][0](v) for p, v in SMALL.get(name, {}).items()}
    return builder.function(**kwargs).network


# --- round trips ---------------------------------------------------------------------------


def test_every_op_type_has_a_writer_and_a_reader():
    assert set(io.WRITERS) == OP_TYPES
    assert set(io.READERS) == {t.__name__ for t in OP_TYPES}


def test_every_op_round_trips(tmp_path):
    net = every_op_network()
    assert {type(net.op(n)) for n in net.graph} == {Input, Affine, ReLU, Slice, Concat, Add}
    path = tmp_path / "every.json"
    io.save(net, path)
    back = io.load(path)
    assert back == net
    assert back.op("a").weights()[1][1] == MPQ(BIG) and back.op("a").bias()[0] == MPQ(-7, 3)
    assert back.input == "x" and back.output == "out"


def test_file_text_is_the_documented_format(tmp_path):
    path = tmp_path / "every.json"
    io.save(every_op_network(), str(path))
    assert path.read_bytes() == GOLDEN.encode("ascii")
    assert io.loads(GOLDEN) == every_op_network()
    assert io.dumps(every_op_network()) == GOLDEN


def test_documented_example_is_the_saved_text():
    docs = Path(__file__).resolve().parent.parent / "docs" / "file-format.md"
    example = docs.read_text().split("```json\n", 1)[1].split("```", 1)[0]
    assert example == GOLDEN


def test_to_and_from_json_dict():
    d = io.to_json_dict(every_op_network())
    assert d["format"] == "verinet-network" and d["version"] == 1
    assert json.loads(GOLDEN) == d
    assert io.from_json_dict(d) == every_op_network()
    assert io.from_json_dict(json.loads(json.dumps(d))) == every_op_network()


@pytest.mark.parametrize("name", sorted(builders()))
def test_constructions_round_trip(name, tmp_path):
    net = build(name)
    path = tmp_path / f"{name}.json"
    io.save(net, path)
    assert io.load(path) == net


def test_calculus_results_round_trip():
    square = build("sawtooth")
    nets = [
        compose(square, square),
        parallel(square, relu_identity(2, depth=2)),
        concatenate(square, scale(square, MPQ(-5, 7))),
    ]
    for net in nets:
        assert io.loads(io.dumps(net)) == net


def test_numbers_beyond_the_decimal_digit_limit_round_trip():
    # Python refuses int <-> str conversions of more than 4300 digits by default; weights of
    # Thm 2.3 constructions can be that large, so files must not depend on that conversion.
    huge = MPQ(3**10000 + 1, 2**20000)
    b = NetworkBuilder()
    net = b.build(b.affine(b.input(1, name="x"), [[huge]], [-huge], name="a"))
    back = io.loads(io.dumps(net))
    assert back == net and back.op("a").weights()[0][0] == huge


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(net=networks(max_bits=80))
def test_random_networks_round_trip(net):
    text = io.dumps(net)
    back = io.loads(text)
    assert back == net
    assert io.dumps(back) == text
    x = tuple(MPQ(k + 1, 3) for k in range(net.in_dim))
    assert evaluate(back, [x]) == evaluate(net, [x])


# --- determinism ---------------------------------------------------------------------------


def test_save_is_byte_deterministic(tmp_path):
    net = build("bit-extraction")
    first, second = tmp_path / "1.json", tmp_path / "2.json"
    io.save(net, first)
    io.save(net, second)
    io.save(io.load(first), tmp_path / "3.json")
    assert first.read_bytes() == second.read_bytes() == (tmp_path / "3.json").read_bytes()
    assert first.read_bytes().endswith(b"]}\n")


def test_equal_networks_built_in_different_orders_give_the_same_bytes():
    def two_branches(first_left):
        b = NetworkBuilder()
        x = b.input(1, name="x")
        names = ["left", "right"] if first_left else ["right", "left"]
        made = {n: b.affine(x, [[1 if n == "left" else -1]], name=n) for n in names}
        return b.build(b.add(made["left"], made["right"], name="sum"))

    one, other = two_branches(True), two_branches(False)
    assert one == other and io.dumps(one) == io.dumps(other)


# --- what cannot be saved ------------------------------------------------------------------


def test_save_rejects_non_string_node_names():
    b = NetworkBuilder()
    x = b.add_op(Input(1), name=0)
    net = b.build(b.add_op(ReLU(1), [x], name=1))
    with pytest.raises(InvalidArgument, match="node 0 of type int cannot be saved"):
        io.dumps(net)


def test_save_rejects_non_networks():
    with pytest.raises(InvalidArgument, match="expects a Network, got dict"):
        io.to_json_dict({"nodes": []})


# --- bad files -----------------------------------------------------------------------------


def write_bytes(tmp_path, data: bytes):
    path = tmp_path / "bad.json"
    path.write_bytes(data)
    return path


def assert_bad(path, pattern):
    with pytest.raises(FileFormatError) as info:
        io.load(path)
    message = str(info.value)
    assert message.startswith(f"{path}: "), message
    assert re.search(pattern, message), message
    assert "\n" not in message


@pytest.mark.parametrize("cut", [1, 30, 100, 250, len(GOLDEN) // 2, len(GOLDEN) - 4, len(GOLDEN) - 2])
def test_truncated_file(tmp_path, cut):
    assert_bad(write_bytes(tmp_path, GOLDEN[:cut].encode()), r"truncated JSON \(the text ends early: .* at line \d+ column \d+\)")


@pytest.mark.parametrize(
    "data, pattern",
    [
        (b"", r"the file is empty"),
        (b"  \n", r"the file is empty"),
        (GOLDEN.replace('"r", "op"', '"r" "op"').encode(), r"invalid JSON at line 5 column \d+: Expecting ',' delimiter"),
        (GOLDEN.encode() + b"{}", r"invalid JSON at line 11 column 1: Extra data"),
        (GOLDEN.replace('"1/2"', '"1\xe9/2"').encode("latin-1"), r"not UTF-8 text \(byte 0xe9 at offset \d+\)"),
        (b'{"format": "verinet-network", "version": 1, "x": ' + b"7" * 5000 + b"}", r"unreadable JSON: .*digits"),
        (b"[" * 100000, r"unreadable JSON|invalid JSON|truncated JSON"),
        (b"[1, 2]", r"the top level is list, expected a JSON object"),
    ],
    ids=["empty", "blank", "missing-comma", "extra-data", "latin-1", "huge-int", "deep-nesting", "list"],
)
def test_unreadable_file(tmp_path, data, pattern):
    assert_bad(write_bytes(tmp_path, data), pattern)


def node(d, name):
    return next(n for n in d["nodes"] if n["name"] == name)


NODE_NAMES = ("x", "a", "r", "s", "c", "p", "out")  # the nodes of GOLDEN


def locate(d, steps):
    """The container reached from ``d`` by ``steps``; a first step that names a node goes to it."""
    target = d
    if steps and steps[0] in NODE_NAMES:
        target, steps = node(d, steps[0]), steps[1:]
    for step in steps:
        target = target[step]
    return target


def setter(path, value):
    def mutate(d):
        locate(d, path[:-1])[path[-1]] = value

    return mutate


def deleter(path):
    def mutate(d):
        del locate(d, path[:-1])[path[-1]]

    return mutate


def appender(entry):
    return lambda d: d["nodes"].append(entry)


MUTATIONS = [
    ("format-tag", setter(["format"], "onnx"), r"not a verinet network file \(format \"onnx\", expected 'verinet-network'\)"),
    ("no-format", deleter(["format"]), r"not a verinet network file \(format null"),
    ("future-version", setter(["version"], 3), r"version 3 is newer than this verinet reads \(2\); upgrade verinet"),
    ("version-zero", setter(["version"], 0), r"unknown version 0; this verinet reads versions 1 to 2"),
    ("version-string", setter(["version"], "1"), r"unknown version \"1\""),
    ("version-float", setter(["version"], 1.0), r"unknown version \"1.0\""),
    ("no-nodes", deleter(["nodes"]), r"missing top-level field\(s\) 'nodes'"),
    ("no-output", deleter(["output"]), r"missing top-level field\(s\) 'output'"),
    ("extra-top", setter(["comment"], "hi"), r"unknown top-level field\(s\) 'comment'"),
    ("empty-nodes", setter(["nodes"], []), r"field 'nodes' is \[\]; a network needs a non-empty list of nodes"),
    ("node-not-object", setter(["nodes", 2], ["r"]), r"nodes\[2\] is \[\"r\"\], not a JSON object"),
    ("name-not-string", setter(["r", "name"], 7), r"nodes\[2\] has name 7; a node name must be a string"),
    ("duplicate-name", setter(["p", "name"], "r"), r"node name 'r' is used twice \(nodes\[5\]\)"),
    ("unknown-op", setter(["r", "op"], "Softplus"), r"node 'r' has unknown op \"Softplus\"; known ops: Input, Affine"),
    ("missing-dim", deleter(["r", "dim"]), r"node 'r' \(ReLU\): missing field\(s\) 'dim'"),
    ("missing-args", deleter(["x", "args"]), r"node 'x' \(Input\): missing field\(s\) 'args'"),
    ("missing-bias", deleter(["a", "bias"]), r"node 'a' \(Affine\): missing field\(s\) 'bias'"),
    ("extra-field", setter(["s", "step"], 2), r"node 's' \(Slice\): unknown field\(s\) 'step'; Slice has 'in_dim', 'start', 'stop'"),
    ("float-weight", setter(["a", "weights", 0, 0], 0.5),
     r"node 'a' \(Affine\), field 'weights\[0\]\[0\]': 0.5 is a JSON float; write exact numbers as strings"),
    ("exponent-weight", setter(["p", "bias", 1], 1e300), r"node 'p' \(Affine\), field 'bias\[1\]': 1E\+300 is a JSON float"),
    ("nan-weight", setter(["a", "bias", 0], float("nan")), r"node 'a' \(Affine\), field 'bias\[0\]': NaN is a JSON float"),
    ("inf-weight", setter(["a", "bias", 0], float("inf")), r"field 'bias\[0\]': Infinity is a JSON float"),
    ("nan-string", setter(["a", "weights", 1, 0], "nan"), r"node 'a' \(Affine\): weights\[1\]\[0\]='nan' is not an exact number"),
    ("text-weight", setter(["a", "weights", 0, 1], "abc"), r"node 'a' \(Affine\): weights\[0\]\[1\]='abc' is not an exact number"),
    ("zero-denominator", setter(["a", "bias", 1], "1/0"), r"node 'a' \(Affine\): bias\[1\]='1/0' is not an exact number"),
    ("bool-weight", setter(["a", "weights", 0, 1], True), r"node 'a' \(Affine\): weights\[0\]\[1\]=True is a bool"),
    ("null-weight", setter(["a", "weights", 0, 1], None), r"node 'a' \(Affine\): weights\[0\]\[1\]=None .*not an exact number"),
    ("row-not-list", setter(["a", "weights", 0], "1/2,-3"), r"field 'weights\[0\]': \"1/2,-3\" is not a list of numbers"),
    ("weights-empty", setter(["a", "weights"], []), r"node 'a' \(Affine\), field 'weights': \[\] is not a non-empty list of rows"),
    ("ragged-weights", setter(["a", "weights", 1], ["0"]), r"node 'a' \(Affine\): weights and bias: weight row 1 has 1 entries, expected 2"),
    ("short-bias", setter(["a", "bias"], ["0"]), r"node 'a' \(Affine\): weights and bias: bias has 1 entries, weight matrix has 2 rows"),
    ("float-dim", setter(["r", "dim"], 2.0), r"node 'r' \(ReLU\), field 'dim': \"2.0\" is not a JSON integer"),
    ("string-dim", setter(["r", "dim"], "2"), r"node 'r' \(ReLU\), field 'dim': \"2\" is not a JSON integer"),
    ("zero-dim", setter(["x", "dim"], 0), r"node 'x' \(Input\): Input.dim=0 must be a positive int"),
    ("bool-arity", setter(["out", "arity"], True), r"node 'out' \(Add\), field 'arity': true is not a JSON integer"),
    ("dims-not-ints", setter(["c", "dims"], [1, "2"]), r"node 'c' \(Concat\), field 'dims': \[1, \"2\"\] is not a non-empty list"),
    ("slice-outside", setter(["s", "stop"], 3), r"node 's' \(Slice\): Slice 0:3 is not a non-empty range inside width 2"),
    ("args-not-list", setter(["r", "args"], "a"), r"node 'r' \(ReLU\), field 'args': \"a\" is not a list of node names"),
    ("args-repeat", setter(["c", "args"], ["r", "r"]), r"node 'c' \(Concat\), field 'args': \[\"r\", \"r\"\] names a node twice"),
    ("dangling-arg", setter(["r", "args"], ["nowhere"]), r"node 'r', field 'args'\[0\]: 'nowhere' is not a node of the file"),
    ("too-many-args", setter(["r", "args"], ["a", "x"]), r"node 'r' \(ReLU\) expects 1 input\(s\) in slots \[0\], found slots \[0, 1\]"),
    ("width-mismatch", setter(["r", "dim"], 3), r"node 'r' \(ReLU\) expects width 3 in slot 0 but 'a' \(Affine\) provides width 2"),
    ("shape-mismatch", setter(["p", "weights"], [["1", "0"], ["0", "1"]]), r"node 'p' \(Affine\) expects width 2 in slot 0 but 'c' \(Concat\) provides width 3"),
    ("cycle", setter(["a", "args"], ["out"]), r"the network has a cycle"),
    ("two-inputs", appender({"name": "y", "op": "Input", "args": [], "dim": 1}), r"exactly one Input node, found 2"),
    ("dangling-node", appender({"name": "spare", "op": "ReLU", "args": ["x"], "dim": 2}), r"dangling nodes .*\['spare'\]"),
    ("output-unknown", setter(["output"], "nowhere"), r"field 'output': \"nowhere\" is not a node of the file"),
    ("input-not-input", setter(["input"], "a"), r"field 'input' names 'a' but the Input node is 'x'"),
]


@pytest.mark.parametrize("mutate, pattern", [m[1:] for m in MUTATIONS], ids=[m[0] for m in MUTATIONS])
def test_corrupted_file(tmp_path, mutate, pattern):
    d = json.loads(GOLDEN)
    mutate(d)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(d))
    assert_bad(path, pattern)


def test_from_json_dict_names_its_source():
    d = json.loads(GOLDEN)
    d["version"] = 9
    with pytest.raises(FileFormatError, match=r"^<json>: version 9 is newer"):
        io.from_json_dict(d)
    with pytest.raises(FileFormatError, match=r"^net.json: version 9 is newer"):
        io.from_json_dict(d, source="net.json")


def test_python_float_in_a_dict_is_rejected():
    d = json.loads(GOLDEN)
    node(d, "a")["bias"][0] = 0.25
    with pytest.raises(FileFormatError, match=r"node 'a' \(Affine\): bias\[0\]=0.25 is a float"):
        io.from_json_dict(d)


@pytest.mark.parametrize(
    "spelling, value",
    [("1e400", MPQ(10**400)), ("-0.125", MPQ(-1, 8)), (" 3/6 ", MPQ(1, 2)), ("-2", MPQ(-2)), (5, MPQ(5)), (-(2**100), MPQ(-(2**100)))],
)
def test_exact_spellings_other_than_canonical_are_read(spelling, value):
    # Strings as_rational reads and JSON integers are exact, so they are accepted;
    # save always writes the canonical 'p/q' string.
    d = json.loads(GOLDEN)
    node(d, "a")["weights"][0][0] = spelling
    net = io.from_json_dict(json.loads(json.dumps(d)))
    assert net.op("a").weights()[0][0] == value
    assert node(io.to_json_dict(net), "a")["weights"][0][0] == str(value)


def test_file_order_of_nodes_does_not_matter():
    d = json.loads(GOLDEN)
    d["nodes"].reverse()
    assert io.from_json_dict(d) == every_op_network()


def test_missing_file_is_an_os_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        io.load(tmp_path / "absent.json")


@st.composite
def damaged(draw):
    data = bytearray(GOLDEN.encode())
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(data) - 1))
        kind = draw(st.sampled_from(["replace", "delete", "insert"]))
        byte = draw(st.sampled_from(b'"[]{},:0123456789/-ex \n\xff'))
        if kind == "replace":
            data[at] = byte
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 20))]
        else:
            data.insert(at, byte)
    return bytes(data)


@settings(max_examples=300, deadline=None)
@given(data=damaged())
def test_damaged_files_load_or_raise_file_format_error(data):
    # Whatever the damage: a Network or a FileFormatError, never a KeyError, TypeError, ...
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return
    try:
        net = io.loads(text, "damaged.json")
    except FileFormatError as exc:
        assert str(exc).startswith("damaged.json: ")
        return
    assert io.loads(io.dumps(net)) == net


def test_new_activations_round_trip_as_version_2():
    b = NetworkBuilder()
    x = b.input(1, name="x")
    y = b.add(b.requ(x, name="q"), b.sigmoid(x, name="s"), b.gaussian(x, name="g"), name="out")
    net = b.build(y)
    d = io.to_json_dict(net)
    assert d["version"] == 2
    assert io.loads(io.dumps(net)) == net
    assert io.to_json_dict(every_op_network())["version"] == 1  # ReLU files keep version 1


def test_version_1_file_with_a_version_2_op_is_refused():
    b = NetworkBuilder()
    net = b.build(b.requ(b.input(1, name="x"), name="q"))
    d = io.to_json_dict(net)
    d["version"] = 1
    with pytest.raises(FileFormatError, match=r"node 'q': op ReQU needs version 2, the file says version 1"):
        io.from_json_dict(d)
