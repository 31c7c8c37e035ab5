"""CLI conventions (issue 20, point 9): per-construction help, ``-o -``, JSON errors, gates that
let CI fail on a number, and JSON output that is never shortened."""

import json

import pytest

from verinet import MPQ
from verinet.claims.certificate import validate
from verinet.cli.main import main
from verinet.cli.render import TEXT_LIST_ITEMS
from verinet.cli.thresholds import threshold_result
from verinet.io import loads


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def sawtooth6(tmp_path, capsys):
    path = tmp_path / "s6.json"
    assert run(capsys, "build", "sawtooth", "--m", 6, "-o", path)[0] == 0
    return path


def test_build_name_help_lists_the_parameters_and_limit_defaults(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["build", "sawtooth", "--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    assert "usage: verinet build sawtooth" in text and "--m M" in text and "number of tent compositions" in text
    assert "(default 4000000)" in text


def test_build_to_stdout_writes_the_network_and_moves_the_report_to_stderr(capsys):
    code, out, err = run(capsys, "build", "sawtooth", "--m", 3, "-o", "-")
    assert code == 0
    assert loads(out).out_dim == 1
    assert "construction: sawtooth" in err and "written: -" in err


def test_verify_certificate_to_stdout(capsys):
    code, out, err = run(capsys, "verify", "syz22-a1", "--d", 1, "--n", 2, "--f", "x1/2", "--lipschitz", "1/2",
                         "-o", "-")
    assert code == 0
    assert validate(json.loads(out))["verdict"] == "pass"
    assert "verdict:" in err


def test_errors_are_json_on_stdout_under_json(capsys, tmp_path):
    code, out, err = run(capsys, "--json", "info", tmp_path / "missing.json")
    assert code == 2
    error = json.loads(out)
    assert error["verdict"] == "error" and error["error"]["exit_code"] == 2 and error["error"]["command"] == "info"
    assert "missing.json" in error["error"]["message"] and "missing.json" in err


@pytest.mark.parametrize("limit, code, holds", [("1/16384", 0, True), ("1/16385", 1, False)])
def test_max_sup_error_gates_the_exit_code(capsys, sawtooth6, limit, code, holds):
    status, out, _ = run(capsys, "--json", "analyze", sawtooth6, "--interval", "0,1", "--target", "x**2",
                         "--max-sup-error", limit)
    report = json.loads(out)
    assert status == code and report["threshold"]["holds"] is holds and report["sup_error"] == "1/16384"


def test_max_sup_error_needs_a_target(capsys, sawtooth6):
    code, _, err = run(capsys, "analyze", sawtooth6, "--interval", "0,1", "--max-sup-error", "1")
    assert code == 2 and "--max-sup-error needs --target" in err


def test_a_threshold_between_proved_bounds_is_undecided_and_fails():
    result = threshold_result("--max-sup-error", "1/2", MPQ(1, 4), MPQ(3, 4))
    assert result["verdict"] == "fail" and result["threshold"]["reason"].startswith("undecided")
    assert threshold_result("--max-sup-error", "3/4", MPQ(1, 4), MPQ(3, 4))["verdict"] == "pass"
    assert threshold_result("--max-sup-error", "1/8", MPQ(1, 4), MPQ(3, 4))["threshold"]["reason"] == "1/4 > 1/8"


def test_json_lists_every_breakpoint_and_text_folds_them(capsys, sawtooth6):
    _, out, _ = run(capsys, "--json", "analyze", sawtooth6, "--interval", "0,1")
    breakpoints = json.loads(out)["breakpoints"]
    assert breakpoints == [str(MPQ(k, 64)) for k in range(65)]
    _, text, _ = run(capsys, "analyze", sawtooth6, "--interval", "0,1")
    line = next(t for t in text.splitlines() if t.startswith("breakpoints:"))
    assert line.endswith(f"... ({65 - TEXT_LIST_ITEMS} more; --json shows all)")


def test_drift_gate_fails_on_an_inexact_float_model(capsys, tmp_path):
    pytest.importorskip("torch")
    path = tmp_path / "third.json"
    path.write_text('{"format": "verinet-network", "version": 1, "input": "x", "output": "a",\n "nodes": [\n'
                    '  {"name": "x", "op": "Input", "args": [], "dim": 1},\n'
                    '  {"name": "a", "op": "Affine", "args": ["x"], "weights": [["1/3"]], "bias": ["0"]}\n]}\n')
    code, out, _ = run(capsys, "--json", "drift", path, "--dtype", "float32", "--no-onnxruntime",
                       "--max-abs-deviation", "0")
    assert code == 1 and json.loads(out)["threshold"]["holds"] is False
    code, _, _ = run(capsys, "drift", path, "--dtype", "float32", "--no-onnxruntime", "--max-abs-deviation", "1/1000")
    assert code == 0
