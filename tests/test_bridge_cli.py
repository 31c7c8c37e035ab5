"""``verinet export / import / drift`` end to end (skips until verinet.io lands)."""

import json

import pytest

pytest.importorskip("torch")
pytest.importorskip("onnx")
pytest.importorskip("onnxruntime")
pytest.importorskip("safetensors")
io = pytest.importorskip("verinet.io")

from verinet.cli.bridge import default_points  # noqa: E402
from verinet.cli.main import main  # noqa: E402
from verinet.constructions.bits import bit_extraction, extraction_points  # noqa: E402
from verinet.constructions.sawtooth import yarotsky_square  # noqa: E402
from verinet.interpret.layered import to_layered  # noqa: E402


def cli(capsys, *argv):
    code = main(["--json", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if code == 0 else err)


@pytest.fixture
def square_file(tmp_path):
    path = tmp_path / "square.vnet"
    io.save(yarotsky_square(4).network, path)
    return path


@pytest.mark.parametrize("fmt", ["torch", "safetensors", "onnx"])
def test_cli_export(capsys, tmp_path, square_file, fmt):
    out = tmp_path / f"model.{fmt}"
    code, result = cli(capsys, "export", square_file, "--format", fmt, "--dtype", "float32", "-o", out)
    assert code == 0 and out.exists()
    assert result["inexact_parameters"] == 0 and result["max_abs_parameter_error"] == "0"
    if fmt == "onnx":
        assert json.loads(open(result["written"]["sidecar"]).read())["dtype"] == "float32"


def test_cli_export_then_import_restores_the_network(capsys, tmp_path, square_file):
    model, back = tmp_path / "m.onnx", tmp_path / "back.vnet"
    assert cli(capsys, "export", square_file, "--format", "onnx", "-o", model)[0] == 0
    code, result = cli(capsys, "import", model, "-o", back)
    assert code == 0 and result["weights"] == "exact from sidecar"
    assert to_layered(io.load(back)) == to_layered(io.load(square_file))


def test_cli_drift_bit_extraction(capsys, tmp_path):
    bits = "1" * 26
    path = tmp_path / "bx.vnet"
    io.save(bit_extraction(bits).network, path)
    points = [str(x) for x in extraction_points(bits)]
    code, result = cli(capsys, "drift", path, "--dtype", "float64", "--points", *points)
    assert code == 0 and result["points"] == 26
    torch_cpu = result["backends"][0]
    assert torch_cpu["backend"] == "torch-cpu" and torch_cpu["first_inexact_layer"] == 0


def test_cli_drift_default_grid_and_errors(capsys, square_file):
    code, result = cli(capsys, "drift", square_file, "--dtype", "float32", "--no-onnxruntime")
    assert code == 0 and result["points"] == len(default_points(1)) == 1025
    code, err = cli(capsys, "drift", square_file, "--points", "0.5,1")
    assert code == 2 and "point" in err and "\n" == err[-1] and err.count("\n") == 1


def test_cli_import_rejects_unsupported_op(capsys, tmp_path):
    from onnx import TensorProto, helper

    graph = helper.make_graph(
        [helper.make_node("Tanh", ["x"], ["y"], name="s")], "g",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 1])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 1])],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    import onnx

    onnx.save(model, tmp_path / "s.onnx")
    code, err = cli(capsys, "import", tmp_path / "s.onnx", "-o", tmp_path / "s.vnet")
    assert code == 2 and "Tanh" in err
