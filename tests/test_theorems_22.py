"""Theorem 2.2 (L^inf via mid repair, 3^d n + 2 intrinsic parameters) and the paper's delta gap."""

from fractions import Fraction

import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verinet._backend import MPQ
from verinet.interpret.reference import evaluate_reference
from verinet.constructions.intrinsic import phi1_network
from verinet.theorems.syz2022 import steps as checks
from verinet.theorems.syz2022.instance import paper_2_2_delta, reassemble
from verinet.theorems.syz2022.thm_2_2 import build as build_2_2, check as check_2_2, verify as verify_2_2
from verinet.claims.targets import Target

SETTINGS = settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def inst():
    return build_2_2(1, 2, Target.from_expression("sin(3*x1)/2", 1, lipschitz=MPQ(3, 2)))


def test_intrinsic_parameters_differ_exactly_3d_n_plus_2():
    for d, n in ((1, 2), (2, 1)):
        # x1/2 + 1/3 has its own Lipschitz constant, so its s differs too.
        targets = [Target.from_expression(e, d, lipschitz=lam) for e, lam in
                   (("x1", 1), ("-x1", 1), ("x1/2 + 1/3", MPQ(1, 2)), ("x1**2/2", 1))]
        insts = [build_2_2(d, n, t) for t in targets]
        diff = checks.intrinsic_by_diff(insts)
        assert diff.holds and diff.lhs == 3**d * n + 2, diff.witness


def test_network_value_matches_fraction_reference(inst):
    # At the centre of each cube, all three shifted copies sit in the same cube: mid = c_beta.
    grid = inst.grid
    for beta, q in zip(grid.cubes(), inst.truncations):
        x = (grid.corner(beta)[0] + grid.far_corner(beta)[0]) / 2
        if grid.delta < x - grid.corner(beta)[0] and x + grid.delta <= grid.far_corner(beta)[0]:
            (y,) = evaluate_reference(inst.network, [Fraction(x)])
            assert y == inst.s * Fraction(q, 4) + inst.b


def test_certificate_passes_and_reports_the_paper_gap():
    cert = verify_2_2(1, 2, Target.from_expression("x1/3", 1, lipschitz=MPQ(1, 3)))
    assert cert.verdict == "pass", [c.name for c in cert.failures()]
    names = {c.name for c in cert.checks}
    assert {"linf_bound_sharp", "linf_bound_fixed_delta", "linf_bound_paper", "psi1_parameters",
            "psi2_parameters", "network_within_cell_intervals"} <= names
    gap = cert.intrinsic["paper_gap"]
    assert gap["delta_used"] == Fraction(1, 12)
    assert set(gap["paper_delta"]) == {"x1/3", "x1", "-x1", "x1/2 + 1/3"}


def test_paper_delta_exact_and_f_dependent():
    # d omega(delta)/s <= 2^-n with omega(r) = 4 r: s = 1 -> delta <= 1/16; s = 8 -> capped by 1/(3K).
    t = Target.from_expression("4*x1", 1, lipschitz=4)
    assert paper_2_2_delta(1, 2, t, MPQ(1)) == Fraction(1, 16)
    assert paper_2_2_delta(1, 3, t, MPQ(1)) == Fraction(1, 32)
    # With s = 2 omega(1) the Lipschitz ratio omega(delta)/s = delta/2 is f-independent, and the
    # cap 1/(3K) binds; a modulus of another shape gives another delta: sqrt(delta)/2 <= 2^-5.
    lip = Target.from_expression("x1", 1, lipschitz=1)
    root = Target.from_expression("sqrt(x1)", 1, modulus="sqrt(r)")
    assert paper_2_2_delta(1, 5, lip, MPQ(2)) == Fraction(1, 128)
    assert paper_2_2_delta(1, 5, root, MPQ(2)) == Fraction(1, 256)


def test_size_bounds_3d():
    cert = verify_2_2(2, 1, Target.from_expression("x1*x2", 2, lipschitz=sympy.sqrt(2)), diff=False)
    by = {c.name: c for c in cert.checks}
    assert by["psi1_parameters"].rhs == 9 * 2 ** (2 + 5)
    assert by["psi2_parameters"].rhs == 9 * 2 ** (2 + 8) * 1
    assert cert.verdict == "pass"


small = st.fractions(min_value=-2, max_value=2, max_denominator=8)


@st.composite
def piecewise_linear(draw):
    x = sympy.Symbol("x1", real=True)
    pieces = draw(st.lists(st.tuples(small, st.fractions(0, 1, max_denominator=16)), min_size=1, max_size=3))
    expr = sympy.Rational(draw(small)) + sum(sympy.Rational(s) * sympy.Abs(x - sympy.Rational(k)) for s, k in pieces)
    lam = sum(abs(s) for s, _ in pieces)
    return Target.from_expression(expr, 1, lipschitz=lam if lam else 1)


@st.composite
def quadratic(draw):
    """c0 + c1 x + c2 x^2: exact Lipschitz constant max(|c1|, |c1 + 2 c2|) on [0, 1]."""
    c0, c1, c2 = (sympy.Rational(draw(small)) for _ in range(3))
    x = sympy.Symbol("x1", real=True)
    lam = max(abs(c1), abs(c1 + 2 * c2))
    return Target.from_expression(c0 + c1 * x + c2 * x**2, 1, lipschitz=lam if lam else 1)


@SETTINGS
@given(target=st.one_of(piecewise_linear(), quadratic()), n=st.integers(1, 3))
def test_property_2_2_passes(target, n):
    cert = verify_2_2(1, n, target, diff=False, cap=64)
    assert cert.verdict == "pass", [(c.name, str(c.lhs), str(c.rhs)) for c in cert.failures()]


def test_flipped_bit_caught_with_cube_and_cell(inst):
    key = list(inst.key)
    key[0] += MPQ(1, 4) if inst.truncations[0] < 2 else -MPQ(1, 4)  # bit 1 of cube j = 1
    cert = check_2_2(reassemble(inst, key=key))
    bad = {c.name: c for c in cert.failures()}
    assert cert.verdict == "fail"
    assert bad["bits_recovered"].witness["beta"] == (0,)
    assert bad["bits_recovered"].witness["j"] == 1


def test_wrong_delta_caught(inst):
    wrong = phi1_network(inst.grid.K, 1, 2 * inst.grid.delta)
    cert = check_2_2(reassemble(inst, phi1=wrong))
    bad = {c.name: c for c in cert.failures()}
    assert "phi1_constant_on_cubes" in bad and "interval" in bad["phi1_constant_on_cubes"].witness
