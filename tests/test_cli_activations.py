"""The CLI on ReQU, sigmoid and Gaussian networks: exact where the values are rational,
rigorous enclosures (labelled) where they are not."""

import json

import mpmath
import pytest

from verinet import MPQ, NetworkBuilder, io
from verinet.cli.main import main


def run_json(capsys, *argv):
    code = main([str(a) for a in argv] + ["--json"])
    out, err = capsys.readouterr()
    assert code == 0 and err == "", err
    return json.loads(out)


def saved(tmp_path, name, activation):
    """``y = act(x) + act(1/2 - 2x)`` saved as ``name``."""
    b = NetworkBuilder()
    x = b.input(1, name="x")
    h = getattr(b, activation)(b.affine(x, [[1], [-2]], [0, "1/2"]), name="h")
    path = tmp_path / name
    io.save(b.build(b.affine(h, [[1, 1]], name="y")), path)
    return path


def test_eval_of_a_requ_network_is_exact(tmp_path, capsys):
    r = run_json(capsys, "eval", saved(tmp_path, "q.json", "requ"), "--at", "-1/3")
    # relu(-1/3)^2 + relu(1/2 + 2/3)^2 = (7/6)^2
    assert r["results"] == [{"at": "-1/3", "output": "49/36"}]


@pytest.mark.parametrize("activation, f", [
    ("sigmoid", lambda t: 1 / (1 + mpmath.exp(-t))),
    ("gaussian", lambda t: mpmath.exp(-t * t)),
])
def test_eval_of_a_transcendental_network_gives_enclosures(tmp_path, capsys, activation, f):
    r = run_json(capsys, "eval", saved(tmp_path, "s.json", activation), "--at", "3/7")
    assert r["values"] == "rigorous enclosures (arb balls), not exact values"
    (row,) = r["results"]
    lo, hi = (MPQ(v) for v in row["exact_bounds"].strip("[]").split(", "))
    with mpmath.workdps(100):
        x = mpmath.mpf(3) / 7
        true = f(x) + f(mpmath.mpf(1) / 2 - 2 * x)
        assert mpmath.mpf(lo.numerator) / lo.denominator <= true <= mpmath.mpf(hi.numerator) / hi.denominator
    assert hi - lo < MPQ(1, 2**40) and row["prec"] == 128


def test_analyze_requ_network_exactly(tmp_path, capsys):
    # on [0, 1/4] both units are active: x^2 + (1/2 - 2x)^2 = 5x^2 - 2x + 1/4, so against the
    # target 5x^2 - 2x the error is the constant 1/4
    r = run_json(capsys, "analyze", saved(tmp_path, "q.json", "requ"), "--interval", "0,1/4",
                 "--target", "5*x**2 - 2*x", "--p", 2)
    assert r["analysis"] == "exact piecewise-polynomial form"
    assert (r["pieces"], r["sup_error"], r["lp_error"]) == ([1], "1/4", "1/8")


def test_analyze_sigmoid_network_gives_labelled_bounds(tmp_path, capsys):
    r = run_json(capsys, "analyze", saved(tmp_path, "s.json", "sigmoid"), "--interval", "0,1", "--target", "1")
    assert r["analysis"].startswith("rigorous bounds")
    bounds = r["sup_error"]
    assert bounds["exact"] is False and MPQ(bounds["lower"]) <= MPQ(bounds["upper"])
    # phi(x) - 1 = s(x) + s(1/2 - 2x) - 1 decreases on [0, 1] from s(0) + s(1/2) - 1 > 0 to
    # s(1) + s(-3/2) - 1 > -(s(0) + s(1/2) - 1): the sup is at x = 0
    s = lambda t: 1 / (1 + mpmath.exp(-t))  # noqa: E731
    lo, hi = MPQ(bounds["lower"]), MPQ(bounds["upper"])
    with mpmath.workdps(60):
        true = s(0) + s(mpmath.mpf(1) / 2) - 1
        assert mpmath.mpf(lo.numerator) / lo.denominator <= true <= mpmath.mpf(hi.numerator) / hi.denominator


def test_analyze_sigmoid_network_refuses_lp(tmp_path, capsys):
    code = main(["analyze", str(saved(tmp_path, "s.json", "sigmoid")), "--interval", "0,1", "--target", "1",
                 "--p", "2"])
    out, err = capsys.readouterr()
    assert code == 2 and "rigorous bounds on the sup error only" in err and "Traceback" not in err


def test_box_analysis_refuses_requ_by_group(tmp_path, capsys):
    b = NetworkBuilder()
    x = b.input(2, name="x")
    path = tmp_path / "q2.json"
    io.save(b.build(b.requ(b.affine(x, [[1, 1]], name="a"), name="q")), path)
    code = main(["analyze", str(path), "--box", "0,1;0,1"])
    out, err = capsys.readouterr()
    assert code == 2 and "no rule for ReQU at node 'q'" in err


def test_info_shows_the_activation_per_layer(tmp_path, capsys):
    r = run_json(capsys, "info", saved(tmp_path, "g.json", "gaussian"))
    assert [row["activation"] for row in r["layers"]] == ["Gaussian", None]


def test_info_shows_the_evaluation_plan(tmp_path, capsys):
    r = run_json(capsys, "info", saved(tmp_path, "q.json", "requ"))
    assert r["evaluation"].startswith("exact, limbs path: every affine row sum")
    r = run_json(capsys, "info", saved(tmp_path, "s.json", "sigmoid"))
    assert r["evaluation"] == "rigorous enclosures (sigmoid/Gaussian units have irrational values)"


def test_analyze_requ_network_against_a_transcendental_target_gives_bounds(tmp_path, capsys):
    r = run_json(capsys, "analyze", saved(tmp_path, "q.json", "requ"), "--interval", "0,1/4", "--target", "sin(x)")
    assert r["analysis"].startswith("rigorous bounds")
    # phi - sin = 5x^2 - 2x + 1/4 - sin(x) is largest at x = 0, where it is 1/4
    assert MPQ(r["sup_error"]["lower"]) <= MPQ(1, 4) <= MPQ(r["sup_error"]["upper"])


def test_eval_prec_above_the_largest_is_refused(tmp_path, capsys):
    code = main(["eval", str(saved(tmp_path, "s.json", "sigmoid")), "--at", "1", "--prec", "100000"])
    assert code == 2 and "exceeds the largest working precision, 4096 bits" in capsys.readouterr().err
