"""The theorem proof scripts: ``prove()`` returns the certificate of every step; ``main`` prints and writes it."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from verinet.claims.certificate import recheck
from verinet.errors import BoundViolation
from proofs.syz2022 import thm_2_1, thm_2_2, thm_2_3, thm_a1

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("script, params, steps", [
    (thm_a1, {"d": 1, "n": 2, "f": "x1**2", "lipschitz": "2"}, ["phi1_constant_on_cubes", "bits_recovered",
                                                                 "error_off_trifling", "intrinsic_by_diff"]),
    (thm_2_1, {"d": 2, "n": 1, "f": "sin(3*x1)*x2/2"}, ["scaling_lower", "lp_bound", "intrinsic_by_diff"]),
    (thm_2_2, {"d": 1, "n": 2, "f": "sin(3*x1)/2", "no_diff": True}, ["linf_bound_paper", "psi1_parameters"]),
    (thm_2_3, {"eps": "1/2"}, ["choice_of_n", "unpacking_exact", "three_parameter_bound", "intrinsic_three"]),
])
def test_prove_returns_a_passing_certificate_of_every_step(script, params, steps):
    cert = script.prove(**params)
    names = [c.name for c in cert.checks]
    assert cert.verdict == "pass", [c.name for c in cert.failures()]
    assert set(steps) <= set(names)
    assert recheck(cert.to_dict()) == []


def test_prove_fails_on_a_target_outside_the_hypothesis():
    # 2 x1 does not map [0, 1] into [0, 1]: Theorem A.1's hypothesis fails with the cube as witness.
    with pytest.raises(BoundViolation, match="beta="):
        thm_a1.prove(d=1, n=2, f="2*x1", lipschitz="2")


def test_main_prints_each_step_and_writes_the_certificate(tmp_path, capsys):
    out = tmp_path / "cert.json"
    assert thm_2_1.main(["--d", "1", "--n", "2", "--f", "sin(3*x1)/2", "--no-diff", "-o", str(out)]) == 0
    text = capsys.readouterr().out
    assert text.strip().endswith("verdict: holds") and "[ok] lp_bound" in text and "[FAIL]" not in text
    data = json.loads(out.read_text())
    assert data["verdict"] == "pass" and recheck(data) == []


def test_main_reports_bad_input_in_one_line(capsys):
    assert thm_a1.main(["--d", "1", "--n", "2", "--f", "2*x1", "--lipschitz", "2", "-o", "/dev/null"]) == 2
    err = capsys.readouterr().err
    assert "beta=" in err and len(err.strip().splitlines()) == 1


def test_theorem_script_runs_as_a_script(tmp_path):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    out = tmp_path / "cert.json"
    result = subprocess.run([sys.executable, str(ROOT / "proofs" / "syz2022" / "thm_2_3.py"), "--eps", "1/2",
                             "--no-diff", "-o", str(out)], capture_output=True, text=True, timeout=120, cwd=ROOT,
                            env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("verdict: holds") and "[ok] three_parameter_bound" in result.stdout
    assert json.loads(out.read_text())["verdict"] == "pass"
