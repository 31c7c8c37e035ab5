"""A declared modulus is refuted by a witness pair, proven by verinet's own Lipschitz bound, or labelled
as an assumption of the verdict -- never silently trusted into a false pass (issue 21, part 2)."""

import json

import pytest
import sympy

from verinet import MPQ
from verinet.claims.hypotheses import check_modulus
from verinet.claims.targets import Target, parse_target
from verinet.cli.main import main
from verinet.errors import InvalidArgument


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("f, flag, value, fragment", [
    ("sin(30*x1)/2", "--lipschitz", "1/2", "omega(r) = r/2 is refuted"),  # true constant 15
    ("x1", "--modulus", "r**2", "omega(r) = r**2 is refuted"),
    ("sign(x1 - 1/2)", "--lipschitz", "1", "is refuted"),  # a jump refutes every modulus
    ("sign(x1 - 1/3)", "--lipschitz", "100", "is refuted"),  # the jump lies between grid points
    ("1/x1", "--lipschitz", "1", "undefined at x = (0)"),
    ("x1", "--modulus", "r + 1", "omega(0) = 1, not 0"),
    ("x1", "--modulus", "r*(3/2 - r)", "it decreases on"),
    ("x1/2", "--holder", "1/2,1/8", "is refuted"),
])
def test_a_false_hypothesis_is_refused_with_its_witness(capsys, f, flag, value, fragment):
    code, out, err = run(capsys, "verify", "2.2", "--d", "1", "--n", "3", "--f", f, flag, value)
    assert code == 2 and out == "" and fragment in err and err.count("\n") == 1


def test_the_refutation_witness_is_a_true_inequality():
    target = parse_target("sin(30*x1)/2", 1, lipschitz="1/2")
    with pytest.raises(InvalidArgument) as exc:
        check_modulus(target)
    text = str(exc.value)
    x, y = (MPQ(part.split("(")[1].split(")")[0]) for part in text.split("= ")[2:4])
    gap = abs(sympy.sin(30 * sympy.Rational(str(x))) - sympy.sin(30 * sympy.Rational(str(y)))) / 2
    assert sympy.N(gap - abs(sympy.Rational(str(x - y))) / 2, 30) > 0


def test_an_unrefuted_unproven_declaration_is_an_assumption_of_the_verdict(capsys):
    code, out, _ = run(capsys, "--json", "verify", "2.2", "--d", "1", "--n", "3", "--f", "sin(30*x1)/2",
                       "--lipschitz", "15")
    data = json.loads(out)
    assert code == 0 and data["verdict"] == "pass, assuming declared hypotheses (see assumptions)"
    assert data["assumptions"] == ["omega_f(r) <= 15*r (declared, not refuted by 2126 pairs, not proven; "
                                   "verinet's own Lipschitz bound is 251658241/16777216)"]
    assert data["instance"]["modulus_check"] == {"status": "assumed", "pairs_searched": 2126,
                                                 "lipschitz_upper_bound": "251658241/16777216"}  # 15 + 2^-24


def test_a_declaration_implied_by_the_derived_lipschitz_bound_is_proven(capsys):
    # |grad(sin(3 x1) x2 / 2)| <= sqrt(164866)/256 < 1.59, and 1.59 * sqrt(2)^(1/2) <= 2.
    code, out, _ = run(capsys, "--json", "verify", "2.1", "--d", "2", "--n", "2", "--f", "sin(3*x1)*x2/2",
                       "--holder", "1/2,2", "--no-diff")
    data = json.loads(out)
    assert code == 0 and data["verdict"] == "pass" and data["assumptions"] == []
    assert data["instance"]["modulus_check"]["status"] == "proven"


def test_a_derived_modulus_needs_no_search():
    check = check_modulus(parse_target("x1**2", 1))
    assert check.status == "derived" and check.pairs == 0 and check.assumption(None) == []


@pytest.mark.parametrize("p", ["1/2", "0", "-1"])
def test_parameters_outside_the_theorem_are_refused(capsys, p):
    code, _, err = run(capsys, "verify", "2.1", "--d", "1", "--n", "2", "--f", "x1/2", "--p", p)
    assert code == 2 and "p=" in err


def test_a_declaration_equal_to_the_true_constant_is_proven():
    # |f'| = x1 <= 1 is attained: the ball bound alone exceeds 1 by a rounding, the exact sup does not
    check = check_modulus(Target.from_expression("x1**2/2", 1, lipschitz=1))
    assert check.status == "proven" and str(check.lipschitz_upper) == "1"
    check = check_modulus(Target.from_expression("x1*x2/2", 2, lipschitz="sqrt(2)/2"))
    assert check.status == "proven"


def test_a_too_small_constant_off_the_axes_is_refuted_along_the_gradient():
    # x1 x2 / 2 changes by at most 1/2 per unit along each axis, but sqrt(2)/2 along the diagonal
    with pytest.raises(InvalidArgument, match=r"refuted: at x = \(1, 1\), y = \(3/4, 3/4\)"):
        check_modulus(Target.from_expression("x1*x2/2", 2, lipschitz="1/2"))
