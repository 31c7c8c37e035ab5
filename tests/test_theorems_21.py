"""Theorem 2.1 (L^p, n + 2 intrinsic parameters): exact values, diffs, property tests, broken builds."""

from fractions import Fraction

import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verinet._backend import MPQ
from verinet.claims.intrinsic import layered_entries
from verinet.constructions.intrinsic import phi1_network
from verinet.theorems.syz2022 import steps as checks
from verinet.theorems.syz2022.instance import reassemble, scaling, theorem_2_1_delta
from verinet.theorems.syz2022.thm_2_1 import build as build_2_1, check as check_2_1, verify as verify_2_1
from verinet.claims.targets import Target

SETTINGS = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("d, n, p", [(1, 2, 1), (2, 2, 2), (1, 3, 3)])
def test_delta_choice_exact(d, n, p):
    K = 2**n
    delta = theorem_2_1_delta(d, n, p)
    assert delta == min(Fraction(1, 3 * K), Fraction(1, d * K * 2 ** (p * (n + 1))))
    assert d * K * delta * 2**p <= Fraction(1, 2 ** (p * n))


def test_scaling_maps_target_into_unit_interval():
    t = Target.from_expression("x1 - x2/2", 2, lipschitz=sympy.sqrt(5) / 2)
    s, b = scaling(t)
    # W = omega(sqrt 2) = sqrt(10)/2 rounded up to 2^-32; f(0) = 0.
    W = s / 2
    assert b == -W and W * 2**32 == int(W * 2**32)
    assert W >= sympy.sqrt(10) / 2 and W - sympy.sqrt(10) / 2 < sympy.Rational(1, 2**32)


def test_intrinsic_parameters_differ_exactly_n_plus_2():
    d, n = 2, 2
    targets = [Target.from_expression(e, d, lipschitz=lam) for e, lam in
               (("x1*x2", 2), ("sin(3*x1)*x2/2", 2), ("1 - x2", 1), ("x1/3", 1))]
    insts = [build_2_1(d, n, t) for t in targets]
    diff = checks.intrinsic_by_diff(insts)
    assert diff.holds and diff.lhs == n + 2
    assert all(checks.intrinsic_by_construction(i).holds for i in insts)
    entries = [layered_entries(i.network) for i in insts]
    differing = {pos for pos in entries[0] if len({e[pos] for e in entries}) > 1}
    assert differing == set(insts[0].intrinsic) and len(differing) == n + 2


def test_certificate_values_exact():
    t = Target.from_expression("x1/2", 1, lipschitz=MPQ(1, 2))
    cert = verify_2_1(1, 2, t, p=2, diff=False)
    assert cert.verdict == "pass"
    by = {c.name: c for c in cert.checks}
    # K = 4, delta = min(1/12, 2^-6 / 4) = 1/256; |Omega| = 1 - (1 - 3/256) = 3/256.
    assert cert.instance["delta"] == Fraction(1, 256)
    assert by["trifling_measure"].lhs == Fraction(3, 256)
    # s = 2W, W = 1/2 (f(0) = 0 rational, omega(1) = 1/2): s = 1, b = -1/2.
    assert (cert.instance["s"], cert.instance["b"]) == (1, Fraction(-1, 2))


# Random Lipschitz targets ------------------------------------------------------------------

small = st.fractions(min_value=-2, max_value=2, max_denominator=8)
knots = st.fractions(min_value=0, max_value=1, max_denominator=16)


@st.composite
def piecewise_linear(draw, d):
    """c + sum_i sum_k s_ik |x_i - t_ik|: Lipschitz constant sqrt(sum_i (sum_k |s_ik|)^2)."""
    terms, slopes = [draw(small)], []
    xs = sympy.symbols(" ".join(f"x{i}" for i in range(1, d + 1)), real=True, seq=True)
    for x in xs:
        pieces = draw(st.lists(st.tuples(small, knots), min_size=1, max_size=3))
        terms += [sympy.Rational(s) * sympy.Abs(x - sympy.Rational(k)) for s, k in pieces]
        slopes.append(sum(abs(s) for s, _ in pieces))
    total = sum(sympy.Rational(s) ** 2 for s in slopes)
    lam = sympy.sqrt(total) if total else sympy.Integer(1)
    return Target.from_expression(sympy.Add(*terms), d, lipschitz=lam)


@st.composite
def cubic(draw):
    """c0 + c1 x + c2 x^2 + c3 x^3 with its exact Lipschitz constant max |p'| on [0, 1]."""
    c = [sympy.Rational(draw(small)) for _ in range(4)]
    x = sympy.Symbol("x1", real=True)
    p = sum(ci * x**i for i, ci in enumerate(c))
    dp = sympy.diff(p, x)
    candidates = [sympy.Integer(0), sympy.Integer(1)] + [r for r in sympy.solve(sympy.diff(dp, x), x)
                                                         if r.is_real and 0 <= r <= 1]
    lam = max(abs(dp.subs(x, r)) for r in candidates)
    return Target.from_expression(p, 1, lipschitz=lam if lam > 0 else 1)


@SETTINGS
@given(target=piecewise_linear(1), n=st.integers(1, 3), p=st.integers(1, 3))
def test_property_2_1_passes_for_piecewise_linear_1d(target, n, p):
    cert = verify_2_1(1, n, target, p=p, diff=False)
    assert cert.verdict == "pass", [(c.name, str(c.lhs), str(c.rhs)) for c in cert.failures()]


@SETTINGS
@given(target=piecewise_linear(2))
def test_property_2_1_passes_for_piecewise_linear_2d(target):
    cert = verify_2_1(2, 1, target, p=1, diff=False)
    assert cert.verdict == "pass", [(c.name, str(c.lhs), str(c.rhs)) for c in cert.failures()]


@SETTINGS
@given(target=cubic(), n=st.integers(1, 3))
def test_property_2_1_passes_for_cubics(target, n):
    cert = verify_2_1(1, n, target, p=2, diff=False)
    assert cert.verdict == "pass", [(c.name, str(c.lhs), str(c.rhs)) for c in cert.failures()]


# Broken constructions ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def inst():
    return build_2_1(2, 2, Target.from_expression("sin(3*x1)*x2/2", 2), p=2)


def failed(cert):
    return {c.name: c for c in cert.failures()}


def test_flipped_bit_in_a_l_is_caught_with_its_cube(inst):
    J = inst.grid.cube_count
    for l, j in ((0, 1), (1, J)):
        key = list(inst.key)
        key[l] += MPQ(1, 4**j) if (inst.truncations[j - 1] >> (inst.n - 1 - l)) % 2 == 0 else -MPQ(1, 4**j)
        cert = check_2_1(reassemble(inst, key=key))
        bad = failed(cert)
        assert cert.verdict == "fail" and "bits_recovered" in bad
        assert bad["bits_recovered"].witness["j"] == j
        assert bad["bits_recovered"].witness["beta"] == inst.grid.cubes()[j - 1]
        assert bad["bits_recovered"].witness["mismatches"] == 1


def test_wrong_ramp_delta_in_phi1_is_caught_with_its_interval(inst):
    grid = inst.grid
    wrong = phi1_network(grid.K, grid.d, 2 * grid.delta)  # ramps reach into the cubes
    cert = check_2_1(reassemble(inst, phi1=wrong))
    bad = failed(cert)
    assert "phi1_constant_on_cubes" in bad
    w = bad["phi1_constant_on_cubes"].witness
    assert w["axis"] == 1 and w["interval"][1] == MPQ(1, 4) - grid.delta


def test_delta_too_large_for_lp_is_caught():
    t = Target.from_expression("x1", 1, lipschitz=1)
    cert = verify_2_1(1, 2, t, p=2, delta=MPQ(1, 12), diff=False)
    bad = failed(cert)
    # d K delta 2^p = 4/3 > 2^-4
    assert "delta_choice" in bad and bad["delta_choice"].lhs == Fraction(4, 3)


def test_wrong_scale_is_caught(inst):
    cert = check_2_1(reassemble(inst, b=inst.b + inst.s / 2))
    bad = failed(cert)
    assert {"scaling_lower", "bits_recovered"} <= set(bad)
    assert "beta" in bad["bits_recovered"].witness
