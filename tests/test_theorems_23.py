"""Theorem 2.3 (three intrinsic parameters s, v, b): choice of n, bits of v, diff, broken triples."""

from fractions import Fraction

import pytest
import sympy

from verinet._backend import MPQ
from verinet.constructions.packing import pack, unpack
from verinet.errors import InvalidArgument
from verinet.constructions.intrinsic import product_plan
from verinet.theorems.syz2022.thm_2_3 import choose_n, class_targets, verify as verify_2_3
from verinet.claims.targets import Target

TARGET = Target.from_expression("sin(3*x1)/40", 1, lipschitz=MPQ(3, 40))


@pytest.fixture(scope="module")
def cert():
    return verify_2_3(1, MPQ(1, 2), TARGET, diff_with=class_targets(1, *TARGET.holder))


def test_choose_n_exact():
    # 5 lam sqrt(d) 2^-n <= eps/2: lam = 1, d = 1, eps = 1/100 -> 2^n >= 1000 -> n = 10.
    assert choose_n(1, Fraction(1, 100), 1, 1) == 10
    # d = 4: sqrt(4) = 2 -> 2^n >= 20 / eps
    assert choose_n(4, Fraction(1, 2), sympy.Integer(1), sympy.Integer(1)) == 6
    # Hölder alpha = 1/2: 5 * 2^(-n/2) <= 1/4 -> n >= 2 log2(20) -> n = 9
    assert choose_n(1, Fraction(1, 2), sympy.Rational(1, 2), sympy.Integer(1)) == 9


def test_unpack_inverts_pack():
    a = (Fraction(3, 16), Fraction(0), Fraction(15, 16))
    v = pack(a, 4)
    assert v == Fraction(3, 16) + Fraction(15, 16) / 2**8
    assert unpack(v, 3, 4) == a


def test_product_plan_meets_its_bound():
    plan = product_plan(4, 2)
    assert plan["M"] == 1 + 4**4
    assert 3 * plan["eta"] <= Fraction(1, 4) < 3 * Fraction(6 * (2 * plan["M"]) ** 2, 2 ** (plan["L"] - 1))


def test_passes_with_v_bits_and_three_intrinsic(cert):
    assert cert.verdict == "pass", [c.name for c in cert.failures()]
    by = {c.name: c for c in cert.checks}
    n, m = cert.instance["n"], cert.instance["m"]
    assert m == 2 ** (n + 1) and cert.instance["bits_of_v"] == n * m
    assert by["v_bits"].holds and by["v_bits"].lhs <= n * m
    assert by["intrinsic_three"].witness["differing"] == ["s", "v", "b"]
    assert by["intrinsic_three"].witness["phi_identical"] is True
    assert "phi" in cert.sizes


def failed(cert):
    return {c.name: c for c in cert.failures()}


def test_wrong_b_is_caught(cert):
    # b + 1 moves every value by 1 > eps: the key no longer matches and the bound fails.
    bad = failed(verify_2_3(1, MPQ(1, 2), TARGET, b=cert.instance["b"] + 1))
    assert "bits_recovered" in bad and "beta" in bad["bits_recovered"].witness
    assert "three_parameter_bound" in bad and "worst_cell" in bad["three_parameter_bound"].witness


def test_wrong_s_is_caught(cert):
    bad = failed(verify_2_3(1, MPQ(1, 2), TARGET, s=2 * cert.instance["s"]))
    assert {"scaling_lower", "bits_recovered"} & set(bad)
    assert "beta" in bad["bits_recovered"].witness


def test_flipped_bit_of_v_is_caught(cert):
    n, m = cert.instance["n"], cert.instance["m"]
    v = pack(unpack(MPQ(0), n, m), m)  # all-zero key: differs from the target's bits
    bad = failed(verify_2_3(1, MPQ(1, 2), TARGET, v=v))
    assert "bits_recovered" in bad and bad["bits_recovered"].witness["j"] >= 1


def test_v_off_the_flats_is_caught():
    # v with more than n m bits, just below 1: 2^(mi) v lands on a ramp of the continuous floor.
    bad = failed(verify_2_3(1, MPQ(1, 2), TARGET, v=1 - MPQ(1, 2**40)))
    assert "v_bits" in bad and "unpacking_exact" in bad


@pytest.mark.parametrize("kwargs, match", [({"lam": MPQ(1, 40)}, "class"), ({"alpha": MPQ(1, 2)}, "class"),
                                           ({"eps": 0}, "eps"), ({"eps": 0.5}, "float")])
def test_invalid_arguments_rejected(kwargs, match):
    args = {"eps": MPQ(1, 2), **kwargs}
    with pytest.raises(InvalidArgument, match=match):
        verify_2_3(1, args.pop("eps"), TARGET, **args)


def test_choose_n_rejects_non_positive():
    with pytest.raises(InvalidArgument, match="eps"):
        choose_n(1, 0, 1, 1)
