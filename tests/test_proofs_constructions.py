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
        ("mid3_eq_median.py", []),
        ("mid_repair_error_le_of_off_region_error.py", ["--K", "3", "--delta", "1/9", "--d", "1"]),
        ("mid_repair_error_le_of_off_region_error.py", ["--K", "2", "--delta", "1/6", "--d", "2"]),
        ("cube_index_eq_pow_four_of_mem_cube.py", ["--K", "3", "--d", "2", "--delta", "1/10"]),
        ("unpacking_eq_of_packed.py", ["--m", "2", "--n", "2"]),
        ("point_fitting_eq_of_samples.py", ["--m", "2", "--n", "3", "--N", "4", "--L", "1", "--d", "2"]),
        ("polynomial_approx_error_le_of_degree.py", ["--coefficients", "1,-2,3"]),
    ],
)
def test_proof_script_holds(script, args):
    result = subprocess.run([sys.executable, str(PROOFS / script), *args], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("verdict: holds")
    assert "[FAIL]" not in result.stdout
