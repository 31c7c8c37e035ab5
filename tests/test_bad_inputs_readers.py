"""Bad inputs to verinet's readers: number strings, JSON files, ONNX models, pickles (issue 21, parts 3, 6, 7).

Every bad input must give a clean error: through the CLI exit code 2 with one line on stderr
naming the fault and no traceback; through the API a ``VerinetError`` of the stated class
whose message names the fault.  Good inputs that used to fail (negative numbers after an
option) must work.  Cases that once hung (``1e٩٩٩٩٩٩٩٩٩``: other scripts' digits passed the
exponent bound) must fail at once; every case runs under a time bound.

Totals: 37 CLI cases (30 clean errors, 7 inputs that must now work), 42 API cases (all
clean errors; 16 of them ONNX models or sidecars, skipped without onnx), 21 pickle/copy
round trips (7 networks x 3 ways) and one hypothesis property (200 mutated network files,
each a clean error or a network equal to the original): 101 test cases, 72 of them clean errors.
"""

import copy
import json
import pickle
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from test_io import build, every_op_network

from verinet import evaluate
from verinet._backend import MPQ
from verinet.claims import certificate
from verinet.claims.theorem import exact, integer
from verinet.cli.main import main
from verinet.constructions._layers import parse_ints
from verinet.constructions.registry import get_builder
from verinet.errors import FileFormatError, InvalidArgument, VerinetError
from verinet import io
from verinet.network import Network
from verinet.numbers import as_rational, parse_integer, parse_vector

SECONDS = 10  # every case here is answered in well under a second; a hang would take hours
HANG = "1e\u0669\u0669\u0669\u0669\u0669\u0669\u0669\u0669\u0669"  # "1e" and nine Arabic-Indic 9s


@pytest.fixture(scope="module")
def sq(tmp_path_factory):
    """The file of ``verinet build sawtooth --m 2`` (input width 1)."""
    path = tmp_path_factory.mktemp("nets") / "sq.json"
    assert main(["build", "sawtooth", "--m", "2", "-o", str(path)]) == 0
    return path


def edited(path, old: str, new: str, name: str) -> str:
    """A copy of the network file at ``path`` with ``old`` (which must occur) replaced by ``new``."""
    text = Path(path).read_text()
    assert old in text
    out = Path(path).with_name(name)
    out.write_text(text.replace(old, new, 1))
    return str(out)


def cli(capsys, argv):
    start = time.perf_counter()
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse's own errors
        code = exc.code
    out, err = capsys.readouterr()
    assert time.perf_counter() - start < SECONDS
    return code, out, err


# --- the CLI --------------------------------------------------------------------------------
# (id, argv given the sq.json path, exit code, fragment of stderr (code 2) or stdout (code 0))

CLI_CASES = [
    # Part 3: other scripts' digits are refused (they bypassed the exponent bound and hung).
    ("eval-unicode-exponent", lambda f: ["eval", f, "--at", HANG], 2, "non-ASCII character '\u0669' (U+0669)"),
    ("analyze-unicode-exponent", lambda f: ["analyze", f, "--interval", f"0,{HANG}"], 2, "--interval[1]="),
    ("eval-arabic-digit", lambda f: ["eval", f, "--at", "\u0663"], 2, "U+0663"),
    ("eval-fullwidth-digit", lambda f: ["eval", f, "--at", "\uff11"], 2, "U+FF11"),
    ("eval-unicode-denominator", lambda f: ["eval", f, "--at", "1/\u0662"], 2, "U+0662"),
    ("eval-unicode-minus", lambda f: ["eval", f, "--at", "\u22121/2"], 2, "U+2212"),
    ("eval-negative-unicode", lambda f: ["eval", f, "--at", "-\u0669"], 2, "U+0669"),
    ("build-unicode-int", lambda f: ["build", "sawtooth", "--m", "\u0663"], 2, "U+0663"),
    ("build-underscore-int", lambda f: ["build", "sawtooth", "--m", "1_0"], 2, "'1_0' must be an integer"),
    ("build-exponent-int", lambda f: ["build", "sawtooth", "--m", "1e3"], 2, "'1e3' must be an integer"),
    ("verify-unicode-int", lambda f: ["verify", "2.1", "--d", "\u0661"], 2, "d='\u0661' contains the non-ASCII"),
    ("verify-underscore-int", lambda f: ["verify", "2.1", "--n", "1_0"], 2, "n='1_0' must be an integer"),
    ("analyze-unicode-p", lambda f: ["analyze", f, "--interval", "0,1", "--p", "\u0663"], 2,
     "argument --p: value='\u0663' contains the non-ASCII"),
    ("analyze-negative-budget", lambda f: ["analyze", f, "--interval", "0,1", "--max-pieces", "-5"], 2,
     "pieces=-5 must be >= 0"),
    # Part 3: decimal exponents are bounded by verinet.numbers.MAX_EXPONENT.
    ("eval-exponent-too-big", lambda f: ["eval", f, "--at", "1e10001"], 2, "MAX_EXPONENT = 10000"),
    ("eval-exponent-too-small", lambda f: ["eval", f, "--at", "1e-10001"], 2, "MAX_EXPONENT = 10000"),
    ("analyze-exponent", lambda f: ["analyze", f, "--interval", "0,1E999999999"], 2, "decimal exponent beyond"),
    # Part 3: negative numbers after an option are values; bad ones say what is wrong.
    ("eval-negative-zero-denominator", lambda f: ["eval", f, "--at", "-1/0"], 2, "'-1/0' is not an exact number"),
    ("eval-negative-text", lambda f: ["eval", f, "--at", "-x1"], 2, "--at[0]='-x1' is not an exact number"),
    ("eval-missing-value", lambda f: ["eval", f, "--at", "-o"], 2, "argument --at: expected one argument"),
    ("eval-negative-width", lambda f: ["eval", f, "--at", "-1/2,3"], 2, "2 coordinates"),
    ("analyze-negative-one-end", lambda f: ["analyze", f, "--interval", "-1"], 2, "must be two numbers"),
    ("analyze-negative-text", lambda f: ["analyze", f, "--interval", "-1,x"], 2, "--interval[1]='x' is not an exact"),
    ("eval-negative-flag-value", lambda f: ["eval", f, "--json", "-1/2", "--at", "0"], 2, "--json"),
    ("eval-negative-half", lambda f: ["eval", f, "--at", "-1/2", "--at", "1/3"], 0, "1/8"),
    ("eval-negative-decimal", lambda f: ["eval", f, "--at", "-0.5"], 0, "-1/2"),
    ("eval-negative-equals", lambda f: ["eval", f, "--at=-1/2"], 0, "-1/2"),
    ("analyze-negative-interval", lambda f: ["analyze", f, "--interval", "-1,1"], 0, "interval: -1, 1"),
    ("analyze-negative-target", lambda f: ["analyze", f, "--interval", "0,1", "--target", "-x**2"], 0, "target: -x**2"),
    ("analyze-negative-both", lambda f: ["analyze", f, "--interval", "-1/2,-1/4"], 0, "-1/2, -1/4"),
    ("build-negative-coefficients", lambda f: ["build", "polynomial", "--coefficients", "-1,2", "--N", "1",
                                               "--L", "1"], 0, "construction"),
    # Part 6 (and 3 in a file): the network reader refuses repeated keys and hostile numbers.
    ("info-duplicate-top-key", lambda f: ["info", edited(f, '"version": 1', '"version": 1, "version": 1', "d1.json")],
     2, "key 'version' is given twice"),
    ("info-duplicate-node-key", lambda f: ["info", edited(f, '"bias"', '"bias": ["0", "0", "0"], "bias"', "d2.json")],
     2, "key 'bias' is given twice in one JSON object (the object named 'L0')"),
    ("eval-duplicate-nodes", lambda f: ["eval", edited(f, '"nodes"', '"nodes": [], "nodes"', "d3.json"), "--at", "0"],
     2, "key 'nodes'"),
    ("info-duplicate-name", lambda f: ["info", edited(f, '"name": "L0"', '"name": "L0", "name": "L0"', "d4.json")],
     2, "key 'name'"),
    ("info-unicode-weight", lambda f: ["info", edited(f, '"-1/2"', f'"{HANG}"', "u1.json")], 2, "U+0669"),
    ("info-exponent-weight", lambda f: ["info", edited(f, '"-1/2"', '"1e100000"', "u2.json")], 2, "MAX_EXPONENT"),
]


@pytest.mark.parametrize("argv, code, fragment", [c[1:] for c in CLI_CASES], ids=[c[0] for c in CLI_CASES])
def test_cli_reads_numbers_and_files_strictly(capsys, sq, argv, code, fragment):
    got, out, err = cli(capsys, argv(str(sq)))
    assert "Traceback" not in err
    assert got == code, err
    if code == 2:
        assert err.count("\n") == 1 or err.startswith("usage:"), err
        assert fragment in err, err
    else:
        assert fragment in out and err == "", err


# --- the API --------------------------------------------------------------------------------
# (id, call, error class, fragment of the message)


def _load_text(text):
    return lambda: io.loads(text, "net.json")


def _certificate(text):
    def load():
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "cert.json"
            path.write_bytes(text.encode() if isinstance(text, str) else text)
            return certificate.load(path)

    return load


def _onnx(**change):
    """``from_onnx`` of :func:`_matmul_model` with ``change``; skipped without onnx."""

    def run():
        pytest.importorskip("onnx")
        from verinet.bridge.onnx_import import from_onnx

        return from_onnx(_matmul_model(**change))

    return run


def _sidecar_with_a_repeated_key():
    pytest.importorskip("onnx")
    from verinet.bridge.onnx_export import save_onnx
    from verinet.bridge.onnx_import import from_onnx

    with tempfile.TemporaryDirectory() as folder:
        paths = save_onnx(build("sawtooth"), Path(folder) / "m.onnx", "float32")
        sidecar = Path(paths["sidecar"])
        text = sidecar.read_text()
        assert '"dtype": ' in text
        sidecar.write_text(text.replace('"dtype": ', '"dtype": "float64", "dtype": ', 1))
        return from_onnx(paths["model"], sidecar=sidecar)


def _matmul_model(dtype="float32", bfloat16=False, input_bfloat16=False, opsets=(("", 17),), ir_version=8,
                  attribute=None, out_width=2):
    """The ONNX model ``y = x @ W``, ``x`` of shape [N, 2] and float32 (or bfloat16), ``W`` of
    ``dtype`` (or bfloat16), with the given ``(domain, version)`` opset imports, ``ir_version``,
    an extra MatMul ``attribute`` ``(name, value)`` and the declared output width."""
    import numpy as np
    from onnx import TensorProto, helper, numpy_helper

    if bfloat16:
        weight = helper.make_tensor("W", TensorProto.BFLOAT16, [2, 2], [1.0, 2.0, 3.0, 4.0])
    else:
        weight = numpy_helper.from_array(np.array([[1, 2], [3, 4]], dtype=dtype), name="W")
    elem = TensorProto.BFLOAT16 if input_bfloat16 else TensorProto.FLOAT
    node = helper.make_node("MatMul", ["x", "W"], ["y"], name="mm", **dict([attribute] if attribute else []))
    graph = helper.make_graph([node], "g", [helper.make_tensor_value_info("x", elem, ["N", 2])],
                              [helper.make_tensor_value_info("y", elem, ["N", out_width])], initializer=[weight])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid(d, v) for d, v in opsets])
    model.ir_version = ir_version
    return model


_VALID = io.dumps(every_op_network())

API_CASES = [
    # Part 3: numbers.
    ("as-rational-hang", lambda: as_rational(HANG, "w"), InvalidArgument, "w='1e"),
    ("as-rational-arabic", lambda: as_rational("\u0663/\u0664"), InvalidArgument, "U+0663"),
    ("as-rational-devanagari", lambda: as_rational("\u0967.5"), InvalidArgument, "U+0967"),
    ("as-rational-nbsp", lambda: as_rational("1\u00a0"), InvalidArgument, "U+00A0"),
    ("as-rational-exponent", lambda: as_rational("1e10001", "w"), InvalidArgument, "w='1e10001': decimal exponent"),
    ("as-rational-negative-exponent", lambda: as_rational("-2.5E-10001"), InvalidArgument, "MAX_EXPONENT = 10000"),
    ("as-rational-exponent-digits", lambda: as_rational("1e" + "9" * 5000), InvalidArgument, "MAX_EXPONENT"),
    ("as-rational-exponent-underscore", lambda: as_rational("1e_"), InvalidArgument, "'1e_' is not an exact number"),
    ("as-rational-zero-denominator", lambda: as_rational("3/0"), InvalidArgument, "denominator is zero"),
    ("as-rational-long-text", lambda: as_rational("x" * 10**6), InvalidArgument, "..."),
    ("parse-integer-arabic", lambda: parse_integer("\u0663", "n"), InvalidArgument, "n='\u0663' contains"),
    ("parse-integer-underscore", lambda: parse_integer("1_000", "n"), InvalidArgument, "n='1_000' must be an integer"),
    ("parse-integer-decimal", lambda: parse_integer("2.0", "n"), InvalidArgument, "must be an integer"),
    ("parse-integer-digits", lambda: parse_integer("9" * 5000, "n"), InvalidArgument, "5000 digits"),
    ("parse-integer-not-text", lambda: parse_integer(3, "n"), InvalidArgument, "n=3 must be a decimal string"),
    ("parse-vector-arabic", lambda: parse_vector("1,\u0662"), InvalidArgument, "point[1]"),
    ("builder-parse-int", lambda: get_builder("sawtooth").parameters["m"][0]("\u0663"), InvalidArgument, "U+0663"),
    ("builder-parse-ints", lambda: parse_ints("1,\u0662"), InvalidArgument, "entry 1="),
    ("theorem-integer", lambda: integer("n", 1)("\u0663"), InvalidArgument, "n='\u0663'"),
    ("theorem-integer-sign", lambda: integer("n", 1)("+-3"), InvalidArgument, "n='+-3' must be an integer"),
    ("theorem-exact", lambda: exact("p")(HANG), InvalidArgument, "p='1e"),
    # Part 6: repeated JSON keys in the network and the certificate readers.
    ("loads-duplicate-format", _load_text(_VALID.replace('"format"', '"format": "x", "format"', 1)),
     FileFormatError, "net.json: key 'format' is given twice"),
    ("loads-duplicate-args", _load_text(_VALID.replace('"args": ["x"]', '"args": ["x"], "args": ["x"]', 1)),
     FileFormatError, "key 'args'"),
    ("certificate-duplicate-key", _certificate('{"format": "a", "format": "b"}'), FileFormatError,
     "cert.json: key 'format' is given twice"),
    ("certificate-nested-duplicate", _certificate('{"checks": [{"name": "c", "lhs": "1", "lhs": "2"}]}'),
     FileFormatError, "key 'lhs' is given twice in one JSON object (the object named 'c')"),
    ("certificate-not-utf8", _certificate(b'{"format": "\xff"}'), FileFormatError, "cert.json: not UTF-8 text"),
    # Part 6: ONNX models that onnx.checker or onnxruntime reject.
    ("onnx-opset-99", _onnx(opsets=[("", 99)]), FileFormatError, "opset 99"),
    ("onnx-opset-million", _onnx(opsets=[("", 1000000)]), FileFormatError, "opset 1000000"),
    ("onnx-opset-zero", _onnx(opsets=[("", 0)]), FileFormatError, "opset 0"),
    ("onnx-no-opset", _onnx(opsets=[]), FileFormatError, "opset"),
    ("onnx-other-domain-only", _onnx(opsets=[("com.example", 1)]), FileFormatError, "opset"),
    ("onnx-ir-version", _onnx(ir_version=999), FileFormatError, "ir_version 999"),
    ("onnx-ir-version-zero", _onnx(ir_version=0), FileFormatError, "ir_version"),
    ("onnx-float64-weight", _onnx(dtype="float64"), FileFormatError, "'W' is float64"),
    ("onnx-float16-weight", _onnx(dtype="float16"), FileFormatError, "'W' is float16"),
    ("onnx-int64-weight", _onnx(dtype="int64"), FileFormatError, "tensor(int64)"),
    ("onnx-int32-weight", _onnx(dtype="int32"), FileFormatError, "tensor(int32)"),
    ("onnx-bfloat16-weight", _onnx(bfloat16=True), InvalidArgument, "bfloat16 is not supported"),
    ("onnx-bfloat16-input", _onnx(bfloat16=True, input_bfloat16=True), InvalidArgument, "bfloat16 is not supported"),
    ("onnx-unknown-attribute", _onnx(attribute=("alpha", 2.0)), FileFormatError, "Unrecognized attribute: alpha"),
    ("onnx-wrong-output-shape", _onnx(out_width=3), FileFormatError, "onnx.checker"),
    ("onnx-sidecar-repeated-key", _sidecar_with_a_repeated_key, FileFormatError, "key 'dtype' is given twice"),
]


@pytest.mark.parametrize("call, error, fragment", [c[1:] for c in API_CASES], ids=[c[0] for c in API_CASES])
def test_api_reads_numbers_and_files_strictly(call, error, fragment):
    start = time.perf_counter()
    with pytest.raises(error) as info:
        call()
    assert time.perf_counter() - start < SECONDS
    message = str(info.value)
    assert fragment in message and "\n" not in message and len(message) < 400, message


# --- pickling and copying (part 7) ----------------------------------------------------------

NETWORKS = ["sawtooth", "product", "step", "polynomial", "point-fitting", "syz22-phi1", "every-op"]
COPIES = {"pickle": lambda net: pickle.loads(pickle.dumps(net)), "deepcopy": copy.deepcopy, "copy": copy.copy}


def _network(name):
    return every_op_network() if name == "every-op" else build(name)


@pytest.mark.parametrize("how", COPIES)
@pytest.mark.parametrize("name", NETWORKS)
def test_networks_pickle_and_copy_to_an_equal_network(name, how):
    net = _network(name)
    back = COPIES[how](net)
    assert type(back) is Network and back == net
    assert back.order() == net.order() and back.input == net.input and back.output == net.output
    points = [[MPQ(k, 7) - 1] * net.in_dim for k in range(4)]
    assert evaluate(back, points) == evaluate(net, points)
    with pytest.raises(AttributeError):
        back.output = "elsewhere"  # still sealed


# --- mutated network files (part 6) ---------------------------------------------------------

_ORIGINAL = every_op_network()
_DOC = json.loads(_VALID)
_VALUES = st.one_of(st.none(), st.booleans(), st.integers(-3, 10**30), st.text(max_size=6),
                    st.sampled_from(["1/2", "-0", "1e3", HANG, "1e10001"]), st.lists(st.integers(0, 3), max_size=3),
                    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2))


# Byte edits touch the JSON punctuation only: an edited digit or letter can spell another
# valid network ("1/2" -> "1/3"), which is neither an error nor the original.
_PUNCTUATION = [i for i, ch in enumerate(_VALID) if ch in "{}[]:,"]


@st.composite
def mutated_files(draw):
    """The bytes of the valid file with one field deleted, repeated or given a value of another
    JSON type, or with up to three edits (delete, replace, insert after) of its punctuation."""
    kind = draw(st.sampled_from(["delete", "repeat", "retype", "bytes"]))
    if kind == "bytes":
        data = bytearray(_VALID.encode())
        positions = draw(st.lists(st.sampled_from(_PUNCTUATION), min_size=1, max_size=3, unique=True))
        for at in sorted(positions, reverse=True):  # from the end, so earlier positions stay put
            edit = draw(st.sampled_from(["delete", "replace", "insert"]))
            byte = bytes([draw(st.integers(0, 255))])
            if edit == "delete":
                del data[at]
            elif edit == "replace":
                data[at:at + 1] = byte
            else:
                data[at + 1:at + 1] = byte
        return bytes(data)
    doc = json.loads(_VALID)
    target = draw(st.sampled_from([doc] + doc["nodes"]))
    key = draw(st.sampled_from(sorted(target)))
    if kind == "delete":
        del target[key]
        return json.dumps(doc).encode()
    if kind == "retype":
        old = target[key]
        target[key] = draw(_VALUES.filter(lambda v: type(v) is not type(old)))
        return json.dumps(doc).encode()
    text = json.dumps(doc)
    field = json.dumps(key) + ": " + json.dumps(target[key])
    assert field in text
    return text.replace(field, f"{field}, {field}", 1).encode()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_files())
def test_a_mutated_network_file_is_a_clean_error_or_the_same_network(data):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "net.json"
        path.write_bytes(data)
        try:
            net = io.load(path)
        except VerinetError as exc:
            assert str(path) in str(exc)
            return
    assert net == _ORIGINAL


def test_a_layer_without_a_small_common_denominator_is_refused_quickly(monkeypatch):
    """Entries over unrelated denominators (the first primes) would need an LCM of thousands of
    bits for every entry; past ``verinet.ops.MAX_AFFINE_BITS`` the reader refuses, naming the node,
    before building anything (a 28 MB file of random p/q took 25 minutes and 23 GiB before)."""
    from verinet import ops
    from verinet.errors import BudgetExceeded

    primes = [p for p in range(2, 400) if all(p % q for q in range(2, p))][:64]
    rows = [[f"1/{primes[(i * 8 + j) % 64]}" for j in range(8)] for i in range(8)]
    text = ('{"format": "verinet-network", "version": 1, "input": "x", "output": "a",\n "nodes": [\n'
            '  {"name": "x", "op": "Input", "args": [], "dim": 8},\n'
            f'  {{"name": "a", "op": "Affine", "args": ["x"], "weights": {json.dumps(rows)}, "bias": {json.dumps(["0"] * 8)}}}\n]}}\n')
    assert io.loads(text).out_dim == 8  # 64 entries over a ~400-bit denominator: fine
    monkeypatch.setattr(ops, "MAX_AFFINE_BITS", 72 * 64)
    with pytest.raises(BudgetExceeded, match=r"node 'a' \(Affine\): weights and bias: the 72 entries have no common "
                                             r"denominator of at most 64 bits"):
        io.loads(text)
