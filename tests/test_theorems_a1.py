"""Theorem A.1 (Shen-Yang-Zhang 2022): exact cube values, truncations, key parameters, sizes.

Independent references: ``fractions.Fraction`` for the truncations, the key parameters and
the trifling measure; ``evaluate_reference`` (Fraction interpreter) for the network.
"""

from fractions import Fraction

import pytest

from verinet._backend import MPQ
from verinet.errors import BoundViolation, InvalidArgument
from verinet.interpret.metrics import size_metrics
from verinet.interpret.reference import evaluate_reference
from verinet.claims.sizes import block_parameters
from verinet.claims.grid import Grid
from verinet.constructions.intrinsic import key_parameters
from verinet.theorems.syz2022.common import diff_targets
from verinet.theorems.syz2022.steps import phi2_blocks
from verinet.theorems.syz2022.thm_a1 import build as build_a1, check as check_a1, verify as verify_a1
from verinet.claims.targets import Target


def poly(x1, x2):
    # (1 + x1 x2)/2 maps [0,1]^2 into [1/2, 1]; Lipschitz constant sqrt(2)/2 < 1.
    return (1 + x1 * x2) / 2


@pytest.fixture(scope="module")
def inst():
    return build_a1(2, 2, Target.from_expression("(1 + x1*x2)/2", 2, lipschitz=1))


def truncation(value: Fraction, n: int) -> int:
    return min(int(value * 2**n // 1), 2**n - 1)


def test_grid_cubes_in_rho_order_and_trifling_measure():
    grid = Grid(2, 4, MPQ(1, 12))
    cubes = grid.cubes()
    assert [grid.rho(b) for b in cubes] == list(range(1, 17))
    assert cubes[:3] == [(0, 0), (1, 0), (2, 0)]
    # |Omega| = 1 - (1 - (K-1) delta)^d = 1 - (3/4)^2
    assert grid.trifling_measure() == Fraction(7, 16)
    assert type(grid.trifling_measure()) is MPQ
    assert grid.trifling_measure() <= 2 * 4 * Fraction(1, 12)


@pytest.mark.parametrize("bad", [0, MPQ(1, 11), MPQ(-1, 12)])
def test_grid_rejects_delta_outside_range(bad):
    with pytest.raises(InvalidArgument, match="delta"):
        Grid(2, 4, bad)


def test_truncations_and_key_parameters_match_fraction_reference(inst):
    n, K = 2, 4
    grid = inst.grid
    expected = [truncation(poly(Fraction(b1, K), Fraction(b2, K)), n) for b1, b2 in grid.cubes()]
    assert list(inst.truncations) == expected
    J = K**2
    for l in range(1, n + 1):
        a = sum(Fraction((q >> (n - l)) & 1, 4**j) for j, q in enumerate(expected, start=1))
        assert inst.key[l - 1] == a
        assert 0 <= a < Fraction(1, 3)
        assert (a * 2 ** (2 * J)).denominator == 1  # 2^m a_l integer, m = 2^(dn+1)


def test_network_is_the_truncation_on_every_cube(inst):
    # On each closed cube (corner, far corner, centre) the network is q_beta / 2^n exactly.
    grid, n = inst.grid, 2
    for beta, q in zip(grid.cubes(), inst.truncations):
        far = grid.far_corner(beta)
        centre = tuple((a + b) / 2 for a, b in zip(grid.corner(beta), far))
        for x in (grid.corner(beta), far, centre):
            (y,) = evaluate_reference(inst.network, [Fraction(v) for v in x])
            assert y == Fraction(q, 2**n), (beta, x)


def test_phi1_is_four_to_the_rho(inst):
    grid = inst.grid
    for beta in grid.cubes():
        (y,) = evaluate_reference(inst.phi1, [Fraction(v) for v in grid.far_corner(beta)])
        assert y == 4 ** grid.rho(beta)


def test_parameter_counts_against_the_theorem():
    # d = 1, n = 2 (K = 4, J = 4): phi_1 layers 1->6->1->3->1 hold 12 + 7 + 6 + 4 = 29 parameters.
    inst = build_a1(1, 2, Target.from_expression("x1", 1, lipschitz=1))
    assert size_metrics(inst.phi1)["parameters"] == 29 <= 2 ** (1 * 2 + 4)
    # phi_2: n chains of Prop. B.1, widths 1->2 (x10)->1: 4 + 9*6 + 3 = 61 <= 6(2J+2) + 3 each,
    # and sum 2^-l y_l (n + 1 parameters).
    assert block_parameters(phi2_blocks(2, 4)) == 2 * 61 + 3 <= 2 ** (1 * 2 + 5) * 2


def test_certificate_passes_with_sizes_and_witnesses(inst):
    cert = check_a1(inst, [build_a1(2, 2, t) for t in diff_targets(2, scaled=False)])
    assert cert.verdict == "pass", [c.name for c in cert.failures()]
    by_name = {c.name: c for c in cert.checks}
    assert by_name["trifling_measure"].lhs == Fraction(7, 16)
    assert by_name["trifling_measure"].rhs == Fraction(2, 3)
    assert "worst_cube" in by_name["error_off_trifling"].witness
    # d = n = 2: 2^(dn+4) and 2^(dn+5) n
    assert by_name["phi1_parameters"].rhs == 2**8 and by_name["phi2_parameters"].rhs == 2**9 * 2
    assert by_name["phi1_parameters"].holds and by_name["phi2_parameters"].holds
    # Theorem A.1 has n intrinsic parameters (a_1..a_n, no s, b), found by the diff too.
    assert by_name["intrinsic_by_diff"].lhs == by_name["intrinsic_by_diff"].rhs == 2
    for key in ("depth", "width", "max_abs_parameter", "max_numerator_bits"):
        assert key in cert.sizes["network"]


def test_target_outside_unit_interval_is_rejected_with_cube():
    with pytest.raises(BoundViolation, match="beta=") as info:
        build_a1(1, 2, Target.from_expression("2*x1", 1, lipschitz=2))
    assert info.value.witness == (3,)  # f(x_beta) = 3/2 at beta = 3 (f = 1 at beta = 2 is allowed)


def test_verify_a1_defaults_pass():
    assert verify_a1(1, 2, Target.from_expression("x1**2", 1, lipschitz=2)).verdict == "pass"


def test_key_parameters_msb_first():
    # q = 2 = 0b10 at j = 1, q = 1 = 0b01 at j = 2: a_1 = 4^-1, a_2 = 4^-2.
    assert key_parameters(2, [2, 1]) == (Fraction(1, 4), Fraction(1, 16))
