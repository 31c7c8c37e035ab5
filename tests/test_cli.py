"""``verinet build / info / eval`` end to end: exact outputs, ``--json``, one-line errors."""

import json
import re
import shutil
import subprocess
from fractions import Fraction as F

import pytest

from verinet import MPQ, io
from verinet.cli.main import main
from verinet.constructions.bits import bit_extraction
from verinet.constructions.registry import builders
from verinet.constructions.sawtooth import yarotsky_square
from verinet.interpret.reference import evaluate_reference


def run(capsys, *argv):
    """``(exit code, stdout, stderr)`` of ``verinet argv``."""
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *argv):
    code, out, err = run(capsys, *argv, "--json")
    assert code == 0 and err == "", err
    return json.loads(out)


@pytest.fixture
def square3(tmp_path, capsys):
    path = tmp_path / "sq3.json"
    code, out, err = run(capsys, "build", "sawtooth", "--m", 3, "-o", path)
    assert code == 0 and err == ""
    return path


# --- build ---------------------------------------------------------------------------------


def test_build_list_names_every_construction(capsys):
    code, out, err = run(capsys, "build", "--list")
    assert code == 0 and err == ""
    assert "sawtooth" in out and "bit-extraction" in out and "--m (number of tent compositions m)" in out
    listed = run_json(capsys, "build", "--list")["constructions"]
    assert [c["name"] for c in listed] == sorted(builders())
    entry = next(c for c in listed if c["name"] == "bit-extraction")
    assert entry["parameters"].startswith("--bits (")


def test_build_sawtooth_writes_the_construction(tmp_path, capsys, square3):
    assert io.load(square3) == yarotsky_square(3).network
    code, out, err = run(capsys, "build", "sawtooth", "--m", 3, "-o", tmp_path / "again.json")
    assert code == 0 and f"written: {tmp_path / 'again.json'}" in out
    assert (tmp_path / "again.json").read_bytes() == square3.read_bytes()


def test_build_json_report(tmp_path, capsys):
    path = tmp_path / "sq3.json"
    report = run_json(capsys, "build", "sawtooth", "--m", "3", "-o", path)
    assert report["construction"] == "sawtooth" and report["parameters"] == {"m": 3}
    assert report["written"] == str(path)
    assert report["claims"]["sup_error"] == "1/256"  # 2^(-2m-2)
    assert report["measured"]["parameters"] == report["claims"]["parameters"] == 34
    # The global flag works as well as the subcommand's.
    assert run_json(capsys, "build", "sawtooth", "--m", "2")["measured"]["depth"] == 2
    code, out, _ = run(capsys, "--json", "build", "sawtooth", "--m", "2")
    assert code == 0 and json.loads(out)["measured"]["depth"] == 2


def test_build_bit_extraction_reads_the_bits_back(tmp_path, capsys):
    path = tmp_path / "bits.json"
    report = run_json(capsys, "build", "bit-extraction", "--bits", "0110", "-o", path)
    assert report["parameters"] == {"bits": "0110"}
    assert report["measured"]["depth"] == 2 * 4 + 2 and report["measured"]["width"] == 2
    assert io.load(path) == bit_extraction("0110").network
    # a = 0/4 + 1/16 + 1/64 + 0/256 = 5/64; Prop. B.1: phi(4^j a) = theta_j.
    points = ["5/16", "5/4", "5", "20"]
    results = run_json(capsys, "eval", path, *(f"--at={p}" for p in points))["results"]
    assert [r["output"] for r in results] == ["0", "1", "1", "0"]


# --- info ----------------------------------------------------------------------------------

# Yarotsky's f_3 is the chain L_3 o relu o L_2 o relu o L_1 o relu o L_0 whose hidden layer k
# holds (relu(t), relu(t - 1/2), relu(S)) for t = g_{k-1}(x), S = f_{k-1}(x):
#   L_0: W = (1, 1, 1)^T, b = (0, -1/2, 0)                       6 parameters, 4 nonzero
#   L_k (k = 1, 2): rows 2a - 4b (twice) and c - (2a - 4b)/4^k, b = (0, -1/2, 0)
#                                                               12 parameters, 7 + 1 nonzero
#   L_3: c - (2a - 4b)/4^3, no bias                             4 parameters, 3 nonzero
# so 6 + 2*12 + 4 = 34 = 12m - 2 parameters, 4 + 2*8 + 3 = 23 nonzero, largest |entry| 4
# (3 bits), smallest entry 2/4^3 = 1/32 (denominator 6 bits).
SAWTOOTH_3 = {
    "in_dim": 1,
    "out_dim": 1,
    "depth": 3,
    "width": 3,
    "hidden_widths": [3, 3, 3],
    "parameters": 34,
    "nonzero_parameters": 23,
    "max_abs_parameter": "4",
    "max_numerator_bits": 3,
    "max_denominator_bits": 6,
}


def test_info_sawtooth_metrics(capsys, square3):
    report = run_json(capsys, "info", square3)
    assert report["file"] == str(square3)
    assert {k: report[k] for k in SAWTOOTH_3} == SAWTOOTH_3
    assert [(r["in"], r["out"], r["parameters"], r["nonzero_parameters"]) for r in report["layers"]] == [
        (1, 3, 6, 4),
        (3, 3, 12, 8),
        (3, 3, 12, 8),
        (3, 1, 4, 3),
    ]
    assert [r["max_abs_parameter"] for r in report["layers"]] == ["1", "4", "4", "1"]
    code, out, err = run(capsys, "info", square3)
    assert code == 0 and err == ""
    for key in ("depth", "width", "parameters", "nonzero_parameters", "max_abs_parameter"):
        assert f"\n{key}: {SAWTOOTH_3[key]}\n" in out


# --- eval ----------------------------------------------------------------------------------


def square_interpolant(x: F, m: int) -> F:
    """The piecewise-linear interpolant of x^2 on the grid 2^-m Z (what f_m is)."""
    h = F(1, 2**m)
    k = (x // h) * h
    return k * k + (x - k) * (2 * k + h)


def test_eval_exact_outputs(capsys, square3):
    report = run_json(capsys, "eval", square3, "--at", "1/3", "--at", "0.125")
    assert [r["at"] for r in report["results"]] == ["1/3", "1/8"]
    outputs = [r["output"] for r in report["results"]]
    assert outputs == ["11/96", "1/64"]
    net = io.load(square3)
    assert outputs == [str(evaluate_reference(net, [MPQ(1, 3)])[0]), str(evaluate_reference(net, [MPQ(1, 8)])[0])]
    assert outputs == [str(square_interpolant(F(1, 3), 3)), str(square_interpolant(F(1, 8), 3))]
    code, out, err = run(capsys, "eval", square3, "--at", "1/3")
    assert code == 0 and err == "" and re.search(r"^\s+1/3\s+11/96$", out, re.M)


def test_eval_multi_dimensional_point(tmp_path, capsys):
    path = tmp_path / "max3.json"
    assert run(capsys, "build", "max3", "-o", path)[0] == 0
    report = run_json(capsys, "eval", path, "--at", "1/3,-2,0.5", "--at=-7,-7/2,-1e1")
    assert [r["output"] for r in report["results"]] == ["1/2", "-7/2"]


# --- errors: exit code 2, one line on stderr naming the fault, no traceback ----------------


def corrupt(tmp_path, square3, name, text):
    path = tmp_path / name
    path.write_text(text(square3.read_text()))
    return path


ERRORS = [
    ("unknown-construction", lambda t, f: ["build", "nope", "-o", t / "x.json"], r"verinet build: error: unknown construction 'nope'; known: "),
    ("zero-m", lambda t, f: ["build", "sawtooth", "--m", "0"], r"sawtooth --m 0: value=0 must be an int >= 1"),
    ("text-m", lambda t, f: ["build", "sawtooth", "--m", "abc"], r"sawtooth --m abc: value='abc' must be an integer"),
    ("missing-m", lambda t, f: ["build", "sawtooth"], r"sawtooth: missing parameter --m"),
    ("unknown-param", lambda t, f: ["build", "sawtooth", "--m", "2", "--k", "3"], r"unknown argument\(s\) --k 3; its parameters: --m"),
    ("bad-bits", lambda t, f: ["build", "bit-extraction", "--bits", "012"], r"bit-extraction --bits 012: bits='012' must be a non-empty string of 0s and 1s"),
    ("no-name", lambda t, f: ["build"], r"give a construction name \(see 'verinet build --list'\)"),
    ("unwritable", lambda t, f: ["build", "tent", "-o", t / "no" / "dir.json"], r"verinet build: error: No such file or directory: .*no/dir.json"),
    ("missing-file", lambda t, f: ["info", t / "absent.json"], r"verinet info: error: No such file or directory: .*absent.json"),
    ("missing-file-eval", lambda t, f: ["eval", t / "absent.json", "--at", "1"], r"verinet eval: error: No such file or directory: .*absent.json"),
    ("truncated", lambda t, f: ["info", corrupt(t, f, "cut.json", lambda s: s[: len(s) // 2])], r"verinet info: error: .*cut.json: truncated JSON"),
    ("float-weight", lambda t, f: ["info", corrupt(t, f, "fl.json", lambda s: s.replace('"-1/2"', "-0.5", 1))],
     r"fl.json: node '[^']+' \(Affine\), field 'bias\[1\]': -0.5 is a JSON float"),
    ("wrong-version", lambda t, f: ["eval", corrupt(t, f, "v.json", lambda s: s.replace('"version": 1', '"version": 7')), "--at", "1"],
     r"verinet eval: error: .*v.json: version 7 is newer than this verinet reads \(2\)"),
    ("not-json", lambda t, f: ["info", corrupt(t, f, "txt.json", lambda s: "hello\n")], r"txt.json: invalid JSON at line 1 column 1"),
    ("text-point", lambda t, f: ["eval", f, "--at", "abc"], r"verinet eval: error: --at\[0\]='abc' is not an exact number"),
    ("nan-point", lambda t, f: ["eval", f, "--at", "nan"], r"--at\[0\]='nan' is not an exact number"),
    ("zero-denominator", lambda t, f: ["eval", f, "--at", "1/0"], r"--at\[0\]='1/0' is not an exact number"),
    ("empty-point", lambda t, f: ["eval", f, "--at", ""], r"--at='' must be comma-separated numbers"),
    ("wrong-dimension", lambda t, f: ["eval", f, "--at", "1/3", "--at", "1,2"], r"point 1 has 2 coordinates, the network input has width 1"),
]


@pytest.mark.parametrize("argv, pattern", [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS])
def test_errors_are_one_line_with_exit_code_2(tmp_path, capsys, square3, argv, pattern):
    for json_flag in ([], ["--json"]):
        code, out, err = run(capsys, *json_flag, *argv(tmp_path, square3))
        assert code == 2
        if json_flag:  # the same error as one JSON object on stdout
            assert json.loads(out)["error"] == {"command": argv(tmp_path, square3)[0], "kind": "error",
                                                "message": err.split(": error: ", 1)[1].rstrip("\n"), "exit_code": 2}
        else:
            assert out == ""
        assert err.count("\n") == 1 and err.endswith("\n"), err
        assert "Traceback" not in err
        assert re.search(pattern, err), err


# --- the installed console script ----------------------------------------------------------


def test_console_script(tmp_path):
    script = shutil.which("verinet")
    if script is None:
        pytest.skip("the verinet console script is not installed (pip install -e .)")
    path = tmp_path / "sq2.json"
    done = subprocess.run([script, "build", "sawtooth", "--m", "2", "-o", str(path), "--json"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["measured"]["parameters"] == 22  # 12m - 2
    done = subprocess.run([script, "eval", str(path), "--at", "3/8", "--at", "x"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == "verinet eval: error: --at[0]='x' is not an exact number (expected an integer, 'p/q' or a decimal such as '-1.5e-3')\n"
