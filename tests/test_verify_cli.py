"""``verinet verify``: flags generated from each theorem's parameters, --help per theorem, sweeps, errors."""

import json

import pytest

from verinet.claims.sweep import parse_sweep, sweep
from verinet.cli.main import main
from verinet.errors import InvalidArgument
from verinet.theorems.registry import get


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_list_shows_name_paper_and_statement(capsys):
    code, out, _ = run(capsys, "--json", "verify", "--list")
    rows = json.loads(out)["theorems"]
    assert code == 0 and [r["name"] for r in rows] == ["syz22-a1", "syz22-2.1", "syz22-2.2", "syz22-2.3",
                                                       "lsyz21-2.2", "lsyz21-2.1", "lsyz21-1.1", "lsyz21-1.1-bounded"]
    assert all(r["paper"] == ("Shen-Yang-Zhang 2022" if r["name"].startswith("syz") else "Lu-Shen-Yang-Zhang 2021")
               and r["statement"] for r in rows)


@pytest.mark.parametrize("name, own, other", [("2.1", "--p", "--eps"), ("syz22-2.3", "--eps", "--p"),
                                              ("a1", "--delta", "--cap")])
def test_theorem_help_lists_its_own_parameters(capsys, name, own, other):
    with pytest.raises(SystemExit) as exit_:
        main(["verify", name, "--help"])
    out = capsys.readouterr().out
    assert exit_.value.code == 0 and own in out and other not in out and get(name).reference in out


def test_verify_runs_with_generated_flags_and_aliases(capsys, tmp_path):
    out_file = tmp_path / "c.json"
    code, out, err = run(capsys, "--json", "verify", "2.2", "--d", "1", "--n", "2", "--f", "x1/3", "--lipschitz",
                         "1/3", "--no-diff", "-o", out_file)
    assert code == 0 and err == ""
    data = json.loads(out)
    assert data["verdict"].startswith("pass") and data["instance"]["n"] == 2 and data["theorem"].endswith("Theorem 2.2")
    assert json.loads(out_file.read_text())["checks"] == data["checks"]


def test_verify_sweep_gives_one_certificate_per_point(capsys, tmp_path):
    path = tmp_path / "sweep.json"
    code, out, _ = run(capsys, "--json", "verify", "2.2", "--sweep", "n=1,2", "--no-diff", "-o", path)
    data = json.loads(out)
    assert code == 0 and [(p["n"], p["verdict"]) for p in data["points"]] == [("1", "pass"), ("2", "pass")]
    written = json.loads(path.read_text())
    assert [c["instance"]["n"] for c in written["certificates"]] == [1, 2]


@pytest.mark.parametrize("argv, message", [
    (["verify", "9.9"], "unknown theorem '9.9'"),
    (["verify", "2.1", "--q", "3"], "unknown argument(s) --q 3"),
    (["verify", "2.1", "--n", "x"], "n='x' must be an integer"),
    (["verify", "2.1", "--n", "-1"], "n=-1 must be >= 1"),
    (["verify", "2.1", "--p", "1/2", "--no-diff"], "p=1/2 must be >= 1"),
    (["verify", "2.1", "--sweep", "n"], "must read PARAM=V1,V2"),
    (["verify"], "name a theorem"),
])
def test_bad_verify_input_is_one_line_and_exit_2(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_sweep_api_and_its_limits():
    result = sweep(get("2.2"), {"n": [1, 2]}, d=1, no_diff=True)
    assert result.verdict == "pass" and [row["n"] for row in result.table()] == [1, 2]
    with pytest.raises(InvalidArgument, match="both swept and fixed"):
        sweep(get("2.2"), {"n": [1]}, n=2)
    with pytest.raises(InvalidArgument, match="exceed the limit 3"):
        sweep(get("2.2"), {"n": [1, 2], "d": [1, 2]}, max_points=3)
    assert parse_sweep(["n=1, 2", "--d=1"]) == {"n": ["1", "2"], "d": ["1"]}


def test_a_failing_point_makes_the_sweep_fail():
    # Theorem 2.3 with a given shift b = 5: the stored bits no longer give s q/2^n + b, at that point only.
    result = sweep(get("2.3"), {"b": [None, "5"]}, no_diff=True)
    assert [row["verdict"] for row in result.table()] == ["pass, assuming declared hypotheses (see assumptions)", "fail"]
    assert result.verdict == "fail"
