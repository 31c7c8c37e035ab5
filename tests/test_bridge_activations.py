"""Export and import of the ReQU, sigmoid and Gaussian activations (torch, safetensors, ONNX),
and the drift report's exact layer values through the walk's ``on_node``."""

import warnings

import mpmath

import pytest

torch = pytest.importorskip("torch")
onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")

import numpy as np  # noqa: E402

from bridge_examples import mixed_network  # noqa: E402

from verinet import MPQ, evaluate  # noqa: E402
from verinet.bridge.drift import drift_report, exact_layer_values  # noqa: E402
from verinet.bridge.onnx_export import save_onnx, to_onnx  # noqa: E402
from verinet.bridge.onnx_import import from_onnx  # noqa: E402
from verinet.bridge.parameters import rounded_network  # noqa: E402
from verinet.bridge.torch_export import (  # noqa: E402
    Gaussian as TorchGaussian, ReQU as TorchReQU, from_state_dict, from_torch, load_safetensors,
    save_safetensors, to_torch,
)
from verinet.constructions.bits import bit_extraction  # noqa: E402
from verinet.errors import FileFormatError, InvalidArgument  # noqa: E402
from verinet.interpret.layered import from_layered, to_layered  # noqa: E402
from verinet.interpret.reference import evaluate_reference  # noqa: E402
from verinet.ops import Affine, Gaussian, ReLU, ReQU, Sigmoid  # noqa: E402

ACTIVATION_SETS = [(ReQU,), (Sigmoid,), (Gaussian,), (ReLU, ReQU, Sigmoid, Gaussian)]
IDS = ["requ", "sigmoid", "gaussian", "mixed"]


def chain(activations):
    """A chain with dyadic weights (exact in float32) and the given hidden activations."""
    layers = [Affine.from_rationals([[1], ["-1/2"]], [0, "1/4"])]
    layers += [Affine.from_rationals([[1, "3/8"], [-2, 1]], ["1/2", 0]) for _ in activations[1:]]
    layers.append(Affine.from_rationals([[1, "-5/16"]], ["1/8"]))
    return from_layered(layers, activations)


def mpmath_value(net, point, f):
    """``chain((activation,))`` at ``point`` in mpmath: ``f(x) - 5/16 f(1/4 - x/2) + 1/8``."""
    (x,) = (mpmath.mpf(q.numerator) / q.denominator for q in point)
    return f(x) - mpmath.mpf(5) / 16 * f(mpmath.mpf(1) / 4 - x / 2) + mpmath.mpf(1) / 8


def onnx_ops(model):
    return [n.op_type for n in model.graph.node]


@pytest.mark.parametrize("activations", ACTIVATION_SETS, ids=IDS)
def test_onnx_round_trip_gives_the_equal_network(tmp_path, activations):
    net = chain(activations)
    paths = save_onnx(net, tmp_path / "m.onnx", "float32")
    assert to_layered(from_onnx(paths["model"], sidecar=paths["sidecar"])) == to_layered(net)
    assert to_layered(from_onnx(paths["model"])) == to_layered(net)  # dyadic weights: floats are exact


def test_onnx_writes_the_activations_with_standard_ops():
    model, _ = to_onnx(chain((ReLU, ReQU, Sigmoid, Gaussian)), "float64")
    assert onnx_ops(model) == ["Gemm", "Relu", "Gemm", "Relu", "Mul", "Gemm", "Sigmoid", "Gemm", "Mul", "Neg", "Exp", "Gemm"]
    square = model.graph.node[4]
    assert square.input[0] == square.input[1] == model.graph.node[3].output[0]


@pytest.mark.parametrize("activations", ACTIVATION_SETS, ids=IDS)
def test_torch_and_safetensors_round_trips(tmp_path, activations):
    net = chain(activations)
    module = to_torch(net, "float32")
    assert [type(m) for m in module][1::2] == [
        {ReLU: torch.nn.ReLU, ReQU: TorchReQU, Sigmoid: torch.nn.Sigmoid, Gaussian: TorchGaussian}[a] for a in activations
    ]
    assert to_layered(from_torch(module)) == to_layered(net)
    metadata = save_safetensors(net, tmp_path / "m.safetensors", "float32")
    assert metadata["verinet.activations"] == "[" + ", ".join(f'"{a.__name__}"' for a in activations) + "]"
    assert to_layered(load_safetensors(tmp_path / "m.safetensors")) == to_layered(net)
    assert to_layered(from_state_dict(module.state_dict(), activations)) == to_layered(net)
    assert to_layered(rounded_network(net, "float32")) == to_layered(net)


@pytest.mark.parametrize("activations", ACTIVATION_SETS, ids=IDS)
def test_torch_onnx_export_is_read_back_by_its_patterns(tmp_path, activations):
    net = chain(activations)
    module = to_torch(net, "float64")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(module, torch.zeros(1, 1, dtype=torch.float64), str(tmp_path / "t.onnx"),
                          input_names=["x"], output_names=["y"], dynamic_axes={"x": {0: "N"}, "y": {0: "N"}},
                          dynamo=False)
    assert to_layered(from_onnx(tmp_path / "t.onnx")) == to_layered(net)


def float_outputs(net, points):
    """The float64 outputs of the torch module and of the ONNX model (onnxruntime)."""
    torch_out = to_torch(net, "float64")(torch.tensor(points, dtype=torch.float64)).tolist()
    model, _ = to_onnx(net, "float64")
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    return torch_out, session.run(None, {"x": np.array(points, dtype=np.float64)})[0].tolist()


def test_exported_requ_computes_exactly_on_dyadic_points():
    net = chain((ReQU,))
    points = [[-2.0], [-0.25], [0.0], [0.5], [3.0]]
    exact = [[float(v) for v in evaluate_reference(net, p)] for p in points]  # few bits: floats exact
    assert float_outputs(net, points) == (exact, exact)


@pytest.mark.parametrize("activation, values", [(Sigmoid, [0.5, 0.0, 1.0]), (Gaussian, [1.0, 0.0, 0.0])])
def test_exported_sigmoid_and_gaussian_are_those_functions(activation, values):
    # sigma(0) = 1/2, exp(-0) = 1 exactly; at -+1000 both saturate to exact floats, which
    # tells the logistic (0, 1) from the Gaussian (0, 0) without any tolerance.
    identity = Affine.from_rationals([[1]])
    net = from_layered([identity, identity], (activation,))
    out = [[v] for v in values]
    assert float_outputs(net, [[0.0], [-1000.0], [1000.0]]) == (out, out)


def test_bad_activation_metadata_is_a_file_format_error(tmp_path):
    from safetensors.torch import save_file

    tensors = {"0.weight": torch.ones(1, 1), "0.bias": torch.ones(1), "2.weight": torch.ones(1, 1)}
    save_file(tensors, str(tmp_path / "m.safetensors"), metadata={"verinet.activations": '["Tanh"]'})
    with pytest.raises(FileFormatError, match="Tanh"):
        load_safetensors(tmp_path / "m.safetensors")
    with pytest.raises(InvalidArgument, match="per hidden layer"):
        from_state_dict(tensors, (ReLU, ReLU))


# ------------------------------------------------------------------ drift report


def per_layer_values(layered, points):
    """The drift report's former method: one chain network per prefix of the layers."""
    return [evaluate(from_layered(layered.layers[: k + 1], layered.activations[:k]), points)
            for k in range(len(layered.layers))]


@pytest.mark.parametrize("net", [mixed_network(), bit_extraction("10110010").network], ids=["mixed", "bits"])
def test_exact_layer_values_by_on_node_equal_the_per_layer_networks(net):
    layered = to_layered(net)
    points = [[0] * layered.widths[0], [1] * layered.widths[0], ["1/3"] + ["-2/7"] * (layered.widths[0] - 1)]
    assert exact_layer_values(layered, points) == per_layer_values(layered, points)


@pytest.mark.parametrize("activation, f", [(Sigmoid, lambda t: 1 / (1 + mpmath.exp(-t))),
                                           (Gaussian, lambda t: mpmath.exp(-t * t))])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_drift_report_of_transcendental_layers_bounds_the_deviation_from_enclosures(activation, f, dtype):
    net = chain((activation,))
    points = [[0], ["1/3"], [-2]]
    report = drift_report(net, points, dtype)
    for backend in report.backends:
        assert backend.enclosed and backend.as_dict()["deviations"].startswith("rigorous upper bounds")
        lo, hi = backend.worst_enclosure
        assert lo <= hi < lo + MPQ(1, 2**100)
        # the bound holds against a 80-digit evaluation of the network at the worst point
        F = backend.worst_float
        with mpmath.workdps(80):
            true = mpmath_value(net, backend.worst_point, f)
            assert abs(mpmath.mpf(F.numerator) / F.denominator - true) <= (mpmath.mpf(backend.max_abs.numerator)
                                                                            / backend.max_abs.denominator)
        assert backend.max_abs < (MPQ(1, 2**20) if dtype == "float32" else MPQ(1, 2**48))
