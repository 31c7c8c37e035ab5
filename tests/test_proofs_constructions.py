"""The lemma proof scripts: ``prove(**params)`` returns a certificate whose checks compare the papers' exact values.

Each passing case asserts specific checks' ``lhs``/``rhs`` against the paper's formula at
that instance; mutated constructions and out-of-range parameters must fail or be refused;
every certificate (passing or failing) must recheck from its strings alone.
"""

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest

from verinet import MPQ, InvalidArgument
from verinet.calculus import post_affine
from verinet.claims.certificate import recheck
from verinet.constructions._layers import chain
from verinet.constructions.extremes import _spiky_mean_layers, max3
from verinet.constructions.product import sawtooth_order
from proofs.lemmas import (
    bit_extraction_eq_of_digits as bits,
    cube_index_eq_pow_four_of_mem_cube as cube,
    mid3_eq_median as mid3,
    mid_repair_error_le_of_off_region_error as repair,
    mul_approx_error_le_of_mem_box as mul,
    point_fitting_eq_of_samples as fitting,
    polynomial_approx_error_le_of_degree as poly,
    sq_approx_error_eq_of_depth as sq,
    unpacking_eq_of_packed as unpacking,
)

ROOT = Path(__file__).resolve().parent.parent


def sides(cert, name):
    """``(lhs, rhs)`` of the check called ``name`` (exactly one)."""
    (check,) = [c for c in cert.checks if c.name == name]
    return check.lhs, check.rhs


def passing(module, **params):
    cert = module.prove(**params)
    assert cert.verdict == "pass", [(c.name, c.lhs, c.rhs) for c in cert.failures()]
    assert recheck(cert.to_dict()) == []
    return cert


def test_sq_approx_error_eq_of_depth():
    m = 6
    cert = passing(sq, m=m)
    assert sides(cert, "sup_error_eq") == (MPQ(1, 4 ** (m + 1)), MPQ(1, 4 ** (m + 1)))  # 2^(-2m-2)
    assert type(sides(cert, "sup_error_eq")[0]) is MPQ
    assert sides(cert, "error_lower_eq_zero") == (0, 0)
    assert sides(cert, "pieces_eq") == (2**m, 2**m)
    assert sides(cert, "parameters_eq") == (12 * m - 2, 12 * m - 2)
    assert sides(cert, "max_abs_parameter_eq") == (4, 4)
    assert cert.instance == {"m": m} and cert.sizes["f_m"]["depth"] == m
    assert sides(passing(sq, m=1), "max_abs_parameter_eq") == (1, 1)


@pytest.mark.parametrize("params, J", [({"bits": "0110"}, 4), ({"J": 20}, 20)])
def test_bit_extraction_eq_of_digits(params, J):
    cert = passing(bits, **params)
    assert sides(cert, "digit_gap_every_j") == (J, J)
    assert sides(cert, "depth_eq") == (2 * J + 2, 2 * J + 2)
    assert sides(cert, "parameters_le") == (12 * J + 13, 6 * (2 * J + 2) + 3)
    assert cert.instance["J"] == J and len(cert.instance["bits"]) == J


def test_mul_approx_error_le_of_mem_box():
    N, L, a, b = 2, 2, MPQ(-1, 10), MPQ(11, 10)
    cert = passing(mul, N=N, L=L, a="-1/10", b="11/10")
    # Lemma 5.1's S interpolates t^2 on the grid (2^k)^-L, k = sawtooth_order(N): eps = (2^k)^(-2L) / 4.
    eps = MPQ(1, 4 * (2 ** sawtooth_order(N)) ** (2 * L))
    assert sides(cert, "eps_le_lemma_5_1") == (eps, MPQ(1, N**L))
    assert sides(cert, "error_bound_le_claim") == (4 * (b - a) ** 2 * eps, 6 * (b - a) ** 2 / N**L)
    assert sides(cert, "width_le") == (10, 9 * N + 1)
    assert cert.instance == {"N": N, "L": L, "a": a, "b": b}


def test_mid3_eq_median():
    cert = passing(mid3)
    for name in ("max3_eq_max_on_cones", "min3_eq_min_on_cones", "mid3_eq_mid_on_cones", "mid3_biases_zero"):
        assert sides(cert, name) == (0, 0)
    assert sides(cert, "mid3_widthvec") == ([14, 10], [14, 10])
    assert sides(cert, "mid3_parameters_le") == (217, 280)


@pytest.mark.parametrize("K, delta, d, phi_error, g_error, width", [
    (3, MPQ(1, 9), 1, MPQ(1, 3), MPQ(8, 9), 30),
    (2, MPQ(1, 6), 2, MPQ(1, 2), MPQ(11, 6), 90),
])
def test_mid_repair_error_le_of_off_region_error(K, delta, d, phi_error, g_error, width):
    cert = passing(repair, K=K, delta=str(delta), d=d)
    eps = MPQ(1, K)  # the worked instance's g is off by exactly 1/K at the good set's worst point
    assert sides(cert, "eps_le_inv_K") == (eps, MPQ(1, K))
    assert sides(cert, "phi_error_le_eps_plus_d_delta") == (phi_error, eps + d * delta)
    assert sides(cert, "g_error_gt_bound")[1] == g_error > MPQ(1, K) + d * delta
    assert sides(cert, "depth_eq") == (1 + 2 * d, 1 + 2 * d)
    assert sides(cert, "width_le") == (width, 3**d * (5 * d * (K - 1) + 4))


def test_cube_index_eq_pow_four_of_mem_cube():
    K, d = 3, 2
    cert = passing(cube, K=K, d=d, delta="1/10")
    assert sides(cert, "phi1_eq_pow_four_on_cubes") == (K**d, K**d)
    assert sides(cert, "h_values_eq_pow_four") == (4 ** (K**d), 4 ** (K**d))
    assert sides(cert, "g_max_abs_parameter_eq") == (10, 10)
    W = 2 * d * (K - 1)
    assert sides(cert, "phi1_widthvec") == ([W, K**d - 1], [W, K**d - 1])
    (check,) = [c for c in cert.checks if c.name == "phi1_folded_parameters_eq"]
    assert (check.lhs, check.detail["paper_count_11Kd_plus_2"]) == (105, 101)  # folded rho exceeds the paper's count


def test_unpacking_eq_of_packed():
    m, n = 2, 2
    cert = passing(unpacking, m=m, n=n)
    R = 2 ** (m * n)
    assert sides(cert, "g_eq_floor_on_intervals") == (R, R)
    assert sides(cert, "scaled_v_in_good_intervals") == (n * R, n * R)  # all 2^(mn) tuples, i = 1..n
    assert sides(cert, "width_eq") == (2 * n * (R - 1), 2 * n * (R - 1))


def test_point_fitting_eq_of_samples():
    m, n, N, L, d = 2, 3, 4, 1, 2
    cert = passing(fitting, m=m, n=n, N=N, L=L, d=d)
    assert sides(cert, "fit_widthvec") == ([2 * m, 2 * n + 1], [2 * m, 2 * n + 1])
    assert sides(cert, "fit_linear_between_samples") == (m * n, m * n)
    K = 2**2 * 1  # floor(N^(1/d))^2 floor(L^(2/d))
    assert sides(cert, "step_eq_k_on_intervals") == (K, K)
    assert sides(cert, "deep_depth_eq") == (3, 3)  # L' + 1, L' = ceil((2n + 1)/(2m)) = 2


def test_polynomial_approx_error_le_of_degree():
    cert = passing(poly, coefficients="1,-2,3")
    k, N, L = 2, 1, 1
    bound = (2 + 3) * MPQ(9 * k, (N + 1) ** (7 * k * L))  # sum_{i>=1} |c_i| 9k (N+1)^(-7kL)
    assert bound == MPQ(45, 8192) and sides(cert, "sum_bound_le_claim")[1] == bound
    assert sides(cert, "exact_sup_error_le_claim") == (MPQ(3, 335544320), bound)
    assert sides(cert, "depth_eq") == (7 * k * L * (k - 1), 7 * k * L * (k - 1))
    assert sides(passing(poly, coefficients="1,2"), "affine_sup_error_zero") == (0, 0)


# --- failures: a mutated construction must make specific checks false --------------------------------


def test_sq_fails_for_a_shifted_network(monkeypatch):
    # f_m + 2^-20 no longer interpolates x^2: the value and lower-error checks fail with the shift as witness.
    real = sq.yarotsky_square
    shift = MPQ(1, 2**20)
    monkeypatch.setattr(sq, "yarotsky_square",
                        lambda m: dataclasses.replace(real(m), network=post_affine(real(m).network, [[1]], [shift])))
    cert = sq.prove(m=4)
    assert cert.verdict == "fail"
    assert {c.name for c in cert.failures()} == {"values_eq_square", "error_lower_eq_zero"}
    assert sides(cert, "error_lower_eq_zero") == (shift, 0)
    assert recheck(cert.to_dict()) == []


def test_mid3_fails_when_max_stands_in_for_mid(monkeypatch):
    # max3 - mid = w on the cone, at most 2 on the box [-1, 1] x [0, 2] x [0, 2].
    monkeypatch.setattr(mid3, "mid3", max3)
    cert = mid3.prove()
    assert {c.name for c in cert.failures()} == {"mid3_eq_mid_on_cones", "mid3_widthvec"}
    assert sides(cert, "mid3_eq_mid_on_cones") == (2, 0)
    assert recheck(cert.to_dict()) == []


def test_mid_repair_conclusion_fails_without_the_repair(monkeypatch):
    # The unrepaired g: sup |g - f| = 8/9 exceeds eps + d delta = 4/9, and its depth is 1, not 1 + 2d.
    real = repair.mid_repair_of_step
    monkeypatch.setattr(repair, "mid_repair_of_step", lambda K, delta, d: dataclasses.replace(
        real(K, delta, d), network=chain(_spiky_mean_layers(K, delta, d))))
    cert = repair.prove(K=3, delta="1/9", d=1)
    assert {c.name for c in cert.failures()} == {"phi_error_le_eps_plus_d_delta", "depth_eq"}
    assert sides(cert, "phi_error_le_eps_plus_d_delta") == (MPQ(8, 9), MPQ(4, 9))
    assert recheck(cert.to_dict()) == []


@pytest.mark.parametrize("module, params, message", [
    (sq, {"m": 21}, r"m=21 must be in \[1, 20\]"),
    (sq, {"q": 1}, "unknown parameter 'q'; known: m"),
    (bits, {"bits": "01a"}, "0s and 1s"),
    (bits, {"bits": "1" * 1025}, "J = 1025 exceeds 1024"),
    (mul, {"a": "3", "b": "1"}, "a < b"),
    (mul, {"a": 0.5}, "is a float"),
    (mul, {"N": 3, "L": 21}, "pieces of S = .* exceeds 2097152"),
    (repair, {"K": 4, "d": 3}, r"\(3K\)\^d = 1728 exceeds 576"),
    (cube, {"K": 32, "d": 2}, "K\\^d = 1024 exceeds 256"),
    (unpacking, {"m": 5, "n": 3}, "m n = 15 exceeds 12"),
    (poly, {"N": 2}, "pieces of S = 268435456 exceeds"),
    (poly, {"coefficients": "1,x"}, r"coefficients\[1\]='x'"),
], ids=lambda v: getattr(v, "__name__", str(v)).rsplit(".", 1)[-1])
def test_out_of_range_instances_are_refused(module, params, message):
    with pytest.raises(InvalidArgument, match=message):
        module.prove(**params)


# --- the scripts run as scripts ------------------------------------------------------------------------


@pytest.mark.parametrize("command", [
    [str(ROOT / "proofs" / "lemmas" / "sq_approx_error_eq_of_depth.py"), "--m", "4"],
    ["-m", "proofs.lemmas.sq_approx_error_eq_of_depth", "--m", "4"],
])
def test_lemma_script_runs_as_a_script(command, tmp_path):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    out = tmp_path / "cert.json"
    result = subprocess.run([sys.executable, *command, "-o", str(out)], capture_output=True, text=True,
                            timeout=120, cwd=ROOT, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("verdict: holds") and "[ok] sup_error_eq" in result.stdout
    assert "[FAIL]" not in result.stdout and out.exists()
