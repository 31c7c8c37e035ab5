"""ONNX export (with the exact sidecar) and exact ONNX import (verinet.bridge.onnx_*)."""

import io
import json
import warnings
from fractions import Fraction as F

import pytest

torch = pytest.importorskip("torch")
onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")

import numpy as np  # noqa: E402
from onnx import TensorProto, helper, numpy_helper  # noqa: E402

from bridge_float_model import output_error_bound  # noqa: E402
from bridge_examples import mixed_network  # noqa: E402

from verinet import evaluate, from_float  # noqa: E402
from verinet._backend import MPQ  # noqa: E402
from verinet.bridge.drift import drift_report  # noqa: E402
from verinet.bridge.onnx_export import save_onnx, sidecar_path, to_onnx  # noqa: E402
from verinet.bridge.onnx_import import from_onnx  # noqa: E402
from verinet.bridge.rounding import round_rational  # noqa: E402
from verinet.bridge.torch_export import to_torch  # noqa: E402
from verinet.constructions.sawtooth import yarotsky_square  # noqa: E402
from verinet.errors import FileFormatError, InvalidArgument  # noqa: E402
from verinet.interpret.layered import to_layered  # noqa: E402

POINTS = [["1/3", "-5/7"], ["2", "1/10"], ["-3/2", "7/9"], [0, 0], ["1/1024", "-3"]]
NP = {"float32": np.float32, "float64": np.float64}


def run_onnx(model, inputs, dtype):
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    return session.run(None, {session.get_inputs()[0].name: np.array(inputs, dtype=NP[dtype])})[0].tolist()


def rounded(points, dtype):
    return [[round_rational(v, dtype) for v in p] for p in points]


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_onnxruntime_agrees_with_torch_within_the_derived_bound(dtype):
    net = mixed_network()
    model, _ = to_onnx(net, dtype)
    inputs = rounded(POINTS, dtype)
    by_ort = run_onnx(model, inputs, dtype)
    with torch.no_grad():
        by_torch = to_torch(net, dtype)(torch.tensor(inputs, dtype=getattr(torch, dtype))).tolist()
    exact = evaluate(net, POINTS)
    for p, o, t, e in zip(POINTS, by_ort, by_torch, exact):
        # Both runs satisfy |F - f| <= e_L (tests/bridge_float_model.py), whatever their
        # summation order; so they differ by at most 2 e_L.
        bound = output_error_bound(net, p, dtype)
        for oi, ti, ei, bi in zip(o, t, e, bound):
            assert abs(from_float(oi) - ei) <= bi and abs(from_float(ti) - ei) <= bi
            assert abs(from_float(oi) - from_float(ti)) <= 2 * bi


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_onnxruntime_equals_torch_bit_for_bit_where_floats_are_exact(dtype):
    # f_6 on k/64: all weights and intermediate values are floats (<= 13 significant bits),
    # so each float op is exact and both backends return the exact value (tolerance 0).
    net = yarotsky_square(6).network
    points = [[MPQ(k, 64)] for k in range(65)]
    model, _ = to_onnx(net, dtype)
    by_ort = run_onnx(model, rounded(points, dtype), dtype)
    with torch.no_grad():
        by_torch = to_torch(net, dtype)(torch.tensor(rounded(points, dtype), dtype=getattr(torch, dtype))).tolist()
    assert by_ort == by_torch == [[float(y[0])] for y in evaluate(net, points)]


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_export_then_import_with_sidecar_restores_the_exact_network(tmp_path, dtype):
    net = mixed_network()
    paths = save_onnx(net, tmp_path / "m.onnx", dtype)
    assert paths["sidecar"] == str(sidecar_path(tmp_path / "m.onnx"))
    assert to_layered(from_onnx(paths["model"], sidecar=paths["sidecar"])) == to_layered(net)
    # without the sidecar: the exact values of the float weights
    floats = from_onnx(paths["model"])
    assert to_layered(floats) != to_layered(net)
    side = json.loads(open(paths["sidecar"]).read())
    assert side["initializers"]["0.weight"]["values"][:2] == ["1/3", "-2/7"]


def test_sidecar_that_does_not_match_the_model_is_rejected(tmp_path):
    paths = save_onnx(mixed_network(), tmp_path / "m.onnx", "float32")
    side = json.loads(open(paths["sidecar"]).read())
    side["initializers"]["0.weight"]["values"][0] = "1/2"
    open(paths["sidecar"], "w").write(json.dumps(side))
    with pytest.raises(FileFormatError, match=r"0\.weight\[0\]"):
        from_onnx(paths["model"], sidecar=paths["sidecar"])


def torch_mlp(seed=0):
    torch.manual_seed(seed)
    return torch.nn.Sequential(
        torch.nn.Flatten(), torch.nn.Linear(3, 8), torch.nn.ReLU(), torch.nn.Linear(8, 8), torch.nn.ReLU(), torch.nn.Linear(8, 2)
    ).eval()


def torch_onnx(module, width):
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the TorchScript exporter's deprecation notice
        torch.onnx.export(
            module, (torch.zeros(2, width),), buffer, dynamo=False, input_names=["x"], output_names=["y"],
            dynamic_axes={"x": {0: "N"}, "y": {0: "N"}},
        )
    return onnx.load_from_string(buffer.getvalue())


def test_import_torch_exported_mlp_agrees_with_onnxruntime_up_to_the_reported_drift():
    model = torch_onnx(torch_mlp(), 3)
    assert {n.op_type for n in model.graph.node} <= {"Flatten", "Gemm", "Relu"}
    net = from_onnx(model)
    points = [[MPQ(k, 7), MPQ(-k, 5), MPQ(1, k + 7)] for k in range(-6, 7)]
    report = drift_report(net, points, "float32")
    # The imported weights are the floats themselves: no parameter rounding at all.
    assert all(e == 0 for *_, e in report.parameter_errors())
    ort_drift = next(b for b in report.backends if b.backend == "onnxruntime-cpu")
    bounds = [output_error_bound(net, p, "float32") for p in points]  # tests/bridge_float_model.py
    assert ort_drift.max_abs <= max(max(b) for b in bounds)
    by_ort = run_onnx(model, rounded(points, "float32"), "float32")  # the original model
    for o, e, bound in zip(by_ort, evaluate(net, points), bounds):
        for oi, ei, bi in zip(o, e, bound):
            assert abs(from_float(oi) - ei) <= min(bi, ort_drift.max_abs)
    # the float weights imported exactly: torch's module and the network agree entry by entry
    state = torch_mlp().state_dict()
    layers = to_layered(net).layers
    assert [[from_float(v) for v in row] for row in state["1.weight"].tolist()] == layers[0].weights()


# ------------------------------------------------------------- hand-made graphs


def tensor(name, values, dtype=np.float64):
    return numpy_helper.from_array(np.array(values, dtype=dtype), name=name)


def graph_model(nodes, initializers, in_width=2, out_width=2, elem=TensorProto.DOUBLE, opset=17):
    graph = helper.make_graph(
        nodes, "g", [helper.make_tensor_value_info("x", elem, ["N", in_width])],
        [helper.make_tensor_value_info("y", elem, ["N", out_width])], initializer=initializers,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = 8
    return model


def residual_model():
    """y = relu(x W1 + b1) + Reshape(Transpose(W2)) applied via MatMul, Concat, Identity, Constant."""
    nodes = [
        helper.make_node("MatMul", ["x", "W1"], ["m1"], name="mm1"),
        helper.make_node("Constant", [], ["b1"], name="const_b1", value=tensor("b1v", [0.5, -0.25])),
        helper.make_node("Add", ["m1", "b1"], ["a1"], name="add1"),
        helper.make_node("Relu", ["a1"], ["r1"], name="relu1"),
        helper.make_node("Transpose", ["W2t"], ["W2"], name="tr", perm=[1, 0]),
        helper.make_node("Gemm", ["r1", "W2", "c2"], ["g2"], name="gemm2", alpha=0.5, beta=2.0),
        helper.make_node("Identity", ["x"], ["skip"], name="id"),
        helper.make_node("Concat", ["g2", "skip"], ["cat"], name="cat", axis=1),
        helper.make_node("Unsqueeze", ["w3v", "axes0"], ["w3"], name="unsq"),
        helper.make_node("Squeeze", ["w3", "axes0"], ["w3s"], name="sq"),
        helper.make_node("Reshape", ["w3s", "shape42"], ["W3"], name="reshape"),
        helper.make_node("MatMul", ["cat", "W3"], ["m3"], name="mm3"),
        helper.make_node("Add", ["m3", "x"], ["s"], name="residual"),
        helper.make_node("Flatten", ["s"], ["y"], name="flat", axis=1),
    ]
    inits = [
        tensor("W1", [[1.0, -2.0], [0.5, 3.0]]),
        tensor("W2t", [[1.0, 0.25], [-1.0, 2.0]]),
        tensor("c2", [0.125, -1.0]),
        tensor("w3v", [1.0, 0.0, 0.5, -1.0, 2.0, 1.0, -0.75, 0.25]),
        tensor("axes0", [0], np.int64),
        tensor("shape42", [4, 2], np.int64),
    ]
    return graph_model(nodes, inits)


def reference(x):
    """The residual model by hand, in exact Fractions."""
    W1, b1 = [[1, -2], [F(1, 2), 3]], [F(1, 2), F(-1, 4)]
    h = [max(sum(x[i] * W1[i][j] for i in range(2)) + b1[j], 0) for j in range(2)]
    W2 = [[1, -1], [F(1, 4), 2]]  # the Transpose of W2t
    g = [F(1, 2) * sum(h[i] * W2[i][j] for i in range(2)) + 2 * [F(1, 8), -1][j] for j in range(2)]
    cat = g + list(x)
    W3 = [[1, 0], [F(1, 2), -1], [2, 1], [F(-3, 4), F(1, 4)]]
    return [sum(cat[i] * W3[i][j] for i in range(4)) + x[j] for j in range(2)]


def test_import_handmade_graph_matches_an_exact_reference_and_onnxruntime():
    model = residual_model()
    onnx.checker.check_model(model)
    net = from_onnx(model)
    points = [[F(1, 4), F(-3, 8)], [F(5, 2), F(1, 16)], [F(-1), F(7, 4)]]
    exact = evaluate(net, points)
    assert [[F(int(v.numerator), int(v.denominator)) for v in y] for y in exact] == [reference(p) for p in points]
    # dyadic weights and points with few bits: every float64 op is exact, tolerance 0
    assert run_onnx(model, [[float(v) for v in p] for p in points], "float64") == [[float(v) for v in y] for y in exact]


def one_node(op, inputs, attrs=None, inits=(), in_width=2, out_width=2, opset=17):
    node = helper.make_node(op, inputs, ["y"], name=f"the_{op.lower()}", **(attrs or {}))
    return graph_model([node], list(inits), in_width, out_width, opset=opset)


W22 = tensor("W", [[1.0, 2.0], [3.0, 4.0]])

BAD_MODELS = [
    ("unsupported-op", lambda: one_node("Tanh", ["x"]), "op 'Tanh' is not supported"),
    ("exp-alone", lambda: one_node("Exp", ["x"]), r"only as Exp\(Neg\(Mul"),
    ("mul-of-two-values", lambda: graph_model([helper.make_node("Relu", ["x"], ["r"], name="r"),
                                                helper.make_node("Mul", ["x", "r"], ["y"], name="the_mul")], [], 2, 2),
     "square Mul"),
    ("square-not-of-relu", lambda: one_node("Mul", ["x", "x"]), r"Relu\(z\) \* Relu\(z\)"),
    ("gemm-transA", lambda: one_node("Gemm", ["x", "W"], {"transA": 1}, [W22]), "transA=1"),
    ("flatten-axis", lambda: one_node("Flatten", ["x"], {"axis": 0}), "axis=0"),
    ("concat-axis", lambda: one_node("Concat", ["x", "x"], {"axis": 0}, out_width=2), "axis=0"),
    ("dynamic-weight", lambda: one_node("MatMul", ["x", "x"]), "constant"),
    ("reshape", lambda: one_node("Reshape", ["x", "s"], {}, [tensor("s", [-1, 1], np.int64)], out_width=1),
     "reshaping"),
    ("squeeze-value", lambda: one_node("Squeeze", ["x"]), "constants only"),
    ("non-finite", lambda: one_node("MatMul", ["x", "W"], {}, [tensor("W", [[1.0, np.inf], [0.0, 1.0]])]), "'W'"),
    ("custom-domain", lambda: _with_domain(one_node("Relu", ["x"]), "com.example"), "domain"),
    ("no-dependence", lambda: one_node("Identity", ["W"], {}, [W22]), "does not depend"),
    ("bad-input-shape", lambda: _input_shape(one_node("Relu", ["x"]), ["N", "D"]), "fixed width"),
]


def _with_domain(model, domain):
    model.graph.node[0].domain = domain
    model.opset_import.append(helper.make_opsetid(domain, 1))  # else onnx.checker refuses it first
    return model


def _input_shape(model, dims):
    model.graph.input[0].CopyFrom(helper.make_tensor_value_info("x", TensorProto.DOUBLE, dims))
    return model


# Models that onnx.checker rejects (an unknown attribute, a wrong type or shape) fail before
# these checks: tests/test_bad_inputs_readers.py covers them.
@pytest.mark.parametrize("make, match", [(m, r) for _, m, r in BAD_MODELS], ids=[n for n, _, _ in BAD_MODELS])
def test_import_rejects_unsupported_by_name(make, match):
    with pytest.raises(InvalidArgument, match=match):
        from_onnx(make())


def test_import_unreadable_file(tmp_path):
    bad = tmp_path / "bad.onnx"
    bad.write_bytes(b"not a model")
    with pytest.raises(FileFormatError):
        from_onnx(bad)


def test_import_gemm_without_bias_and_squeeze_axes_attribute_in_old_opsets():
    nodes = [
        helper.make_node("Squeeze", ["W3"], ["W"], name="sq", axes=[0]),
        helper.make_node("Gemm", ["x", "W"], ["y"], name="g", transB=1),
    ]
    net = from_onnx(graph_model(nodes, [tensor("W3", [[[1.0, 2.0], [3.0, 4.0]]])], opset=11))
    assert evaluate(net, [[1, 1]]) == [(MPQ(3), MPQ(7))]
