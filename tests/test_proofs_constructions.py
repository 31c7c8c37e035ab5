"""The construction proof scripts run at small sizes and report that their theorem holds."""

import subprocess
import sys
from pathlib import Path

import pytest

PROOFS = Path(__file__).resolve().parent.parent / "proofs"


@pytest.mark.parametrize(
    "script, args",
    [
        ("sq_approx_error_eq_of_depth.py", ["--m", "6"]),
        ("bit_extraction_eq_of_digits.py", ["--bits", "0110"]),
        ("bit_extraction_eq_of_digits.py", ["--J", "20"]),
        ("mul_approx_error_le_of_mem_box.py", ["--N", "2", "--L", "2", "--a=-1/10", "--b=11/10"]),
    ],
)
def test_proof_script_holds(script, args):
    result = subprocess.run([sys.executable, str(PROOFS / script), *args], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("verdict: holds")
    assert "[FAIL]" not in result.stdout
