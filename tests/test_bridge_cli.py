"""``verinet export / import / drift`` end to end (needs the ``bridge`` extra)."""

import json
import subprocess
import sys

import pytest

pytest.importorskip("torch")
pytest.importorskip("onnx")
pytest.importorskip("onnxruntime")
pytest.importorskip("safetensors")
from verinet import __version__, io  # noqa: E402
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


@pytest.mark.parametrize("fmt", ["torch", "state-dict", "safetensors", "onnx"])
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


def test_torch_export_is_a_program_that_runs_without_verinet(capsys, tmp_path, square_file):
    out = tmp_path / "model.pt2"
    code, result = cli(capsys, "export", square_file, "--format", "torch", "-o", out)
    assert code == 0 and result["network_sha256"] == io.sha256(io.load(square_file))
    script = (
        "import json, sys, torch\n"
        "extra = {'verinet.json': ''}\n"
        f"program = torch.export.load({str(out)!r}, extra_files=extra)\n"
        "x = torch.tensor([[0.5], [0.25], [1.0]], dtype=torch.float64)\n"
        "print(json.dumps({'y': program.module()(x).flatten().tolist(), 'meta': json.loads(extra['verinet.json']),\n"
        "                  'verinet_loaded': any(m.startswith('verinet') for m in sys.modules)}))\n"
    )
    run = json.loads(subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                                    cwd=tmp_path).stdout)
    # Yarotsky's f_4 interpolates x^2 at multiples of 1/16
    assert run["y"] == [0.25, 0.0625, 1.0] and run["verinet_loaded"] is False
    assert run["meta"] == {"dtype": "float64", "network_sha256": result["network_sha256"], "verinet_version": __version__}


@pytest.mark.parametrize("opset", [13, 21])
def test_onnx_export_records_version_hash_and_opset(capsys, tmp_path, square_file, opset):
    onnx = pytest.importorskip("onnx")
    out = tmp_path / "m.onnx"
    code, result = cli(capsys, "export", square_file, "--format", "onnx", "--opset", opset, "-o", out)
    assert code == 0
    model = onnx.load(str(out))
    assert [o.version for o in model.opset_import] == [opset]
    props = {p.key: p.value for p in model.metadata_props}
    assert props == {"verinet_version": __version__, "network_sha256": io.sha256(io.load(square_file))}
    assert cli(capsys, "import", out, "-o", tmp_path / "back.vnet")[0] == 0


@pytest.mark.parametrize("argv, message", [
    (["--format", "onnx", "--opset", "5"], "opset=5 must be an integer from 13"),
    (["--format", "safetensors", "--opset", "17"], "--opset applies to --format onnx"),
])
def test_export_option_errors(capsys, tmp_path, square_file, argv, message):
    code = main([str(a) for a in ["export", square_file, *argv, "-o", tmp_path / "m.x"]])
    assert code == 2 and message in capsys.readouterr().err


def test_python_export_import_and_drift_round_trip(tmp_path, square_file):
    import verinet

    net = io.load(square_file)
    written = verinet.export(net, tmp_path / "m.onnx", "onnx", "float32")
    assert to_layered(verinet.import_onnx(written["model"], sidecar=written["sidecar"])) == to_layered(net)
    report = verinet.drift(net, [["1/3"]], "float64", onnxruntime=False)
    assert report.backends and report.backends[0].non_finite_outputs == 0
