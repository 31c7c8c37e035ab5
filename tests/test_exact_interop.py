"""Exact values stay exact downstream (issue 20, point 8): verinet's rationals convert exactly
into sympy and ``fractions`` whatever sympy's ground types, every entry point accepts the exact
number types users have, and the Python defaults are the CLI defaults."""

import inspect
import os
import subprocess
import sys
from fractions import Fraction

import numpy as np
import pytest
import sympy

from verinet import MPQ, as_rational, evaluate_one
from verinet.calculus import relu_identity
from verinet.claims.certificate import compare_le
from verinet.errors import InvalidArgument
from verinet.theorems.registry import get as get_theorem
from verinet.theorems.syz2022 import thm_2_1

SCRIPT = """
import {first}, {second}
import gmpy2, sympy
q = gmpy2.mpq(1, 16384)
print(repr(sympy.sympify(q)), repr(sympy.Rational(q)), repr(sympy.sympify(gmpy2.mpz(-7))))
"""


@pytest.mark.parametrize("ground_types", ["python", "flint", "gmpy"])
@pytest.mark.parametrize("order", [("sympy", "verinet"), ("verinet", "verinet.reals")])
def test_mpq_becomes_an_exact_sympy_rational(ground_types, order):
    env = {**os.environ, "SYMPY_GROUND_TYPES": ground_types}
    code = SCRIPT.format(first=order[0], second=order[1])
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.split() == ["1/16384", "1/16384", "-7"]


def test_a_public_result_round_trips_through_sympy_and_fractions():
    value = evaluate_one(relu_identity(1, depth=1), [MPQ(3, 7)])[0]
    assert sympy.Rational(value) == sympy.Rational(3, 7) and sympy.sympify(value) == sympy.Rational(3, 7)
    assert Fraction(value) == Fraction(3, 7)
    assert as_rational(Fraction(value)) == value and as_rational(sympy.Rational(value)) == value


@pytest.mark.parametrize("value, expected", [
    (Fraction(1, 3), MPQ(1, 3)), (sympy.Rational(-2, 6), MPQ(-1, 3)), (sympy.Integer(5), MPQ(5)),
    (np.int64(-4), MPQ(-4)), (np.uint8(200), MPQ(200)), (7, MPQ(7)),
])
def test_exact_number_types_are_accepted(value, expected):
    result = as_rational(value, "x")
    assert result == expected and type(result) is MPQ


@pytest.mark.parametrize("value", [0.5, np.float64(0.5), np.float32(0.5), sympy.Float(0.5), True])
def test_inexact_numbers_are_refused_by_name(value):
    with pytest.raises(InvalidArgument, match="x="):
        as_rational(value, "x")


def test_compare_le_takes_fractions_and_sympy_rationals():
    assert compare_le("c", "claim", Fraction(1, 3), sympy.Rational(1, 2)).holds
    assert not compare_le("c", "claim", sympy.Rational(2, 3), Fraction(1, 2)).holds


def test_python_and_cli_defaults_agree_for_theorem_2_1():
    cli_default = get_theorem("syz22-2.1").parameters["p"].default
    for function in (thm_2_1.verify, thm_2_1.build):
        assert inspect.signature(function).parameters["p"].default == as_rational(cli_default)
