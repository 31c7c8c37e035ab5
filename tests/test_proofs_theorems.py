"""The theorem proof scripts run at tiny sizes, report every step and write their certificate."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from verinet.claims.certificate import recheck

PROOFS = Path(__file__).resolve().parent.parent / "proofs"


@pytest.mark.parametrize("script, args", [
    ("thm_a1.py", ["--d", "1", "--n", "2", "--f", "x1**2", "--lipschitz", "2"]),
    ("thm_2_1.py", ["--d", "2", "--n", "1", "--f", "sin(3*x1)*x2/2"]),
    ("thm_2_2.py", ["--d", "1", "--n", "2", "--f", "sin(3*x1)/2", "--no-diff"]),
    ("thm_2_3.py", ["--eps", "1/2"]),
])
def test_theorem_script_holds_and_writes_certificate(script, args, tmp_path):
    out = tmp_path / "cert.json"
    result = subprocess.run([sys.executable, str(PROOFS / script), *args, "-o", str(out)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("verdict: holds")
    assert "[FAIL]" not in result.stdout and "[ok]" in result.stdout
    data = json.loads(out.read_text())
    assert data["verdict"] == "pass" and recheck(data) == []


def test_theorem_script_reports_bad_input():
    result = subprocess.run([sys.executable, str(PROOFS / "thm_a1.py"), "--d", "1", "--n", "2", "--f", "2*x1",
                             "--lipschitz", "2", "-o", "/dev/null"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "beta=" in result.stderr
