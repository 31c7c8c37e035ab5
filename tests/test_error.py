"""Exact sup / L^p errors against targets (verinet.analysis.error, targets, interval)."""

from fractions import Fraction as F

import pytest
import sympy

from verinet import MPQ
from verinet.analysis import Budget
from verinet.analysis.error import lp_error, sup_error
from verinet.analysis.interval import analyze_interval
from verinet.analysis.pwl1d import PWLForm, piecewise_linear_form
from verinet.analysis.targets import as_target
from verinet.errors import BudgetExceeded, InvalidArgument

from test_pwl1d import yarotsky


@pytest.mark.parametrize("m", [1, 2, 4, 8, 12])
def test_yarotsky_sup_error_is_exactly_2_to_the_minus_2m_minus_2(m):
    (form,) = piecewise_linear_form(yarotsky(m), 0, 1)
    result = sup_error(form, "x**2")
    assert result.exact and type(result.value) is MPQ
    assert result.value == MPQ(1, 2 ** (2 * m + 2))
    # the witness is a piece midpoint, where the error is attained
    x = result.witness
    assert form(x) - x * x == result.value


@pytest.mark.parametrize("m", [1, 3, 6])
def test_yarotsky_l2_error_equals_the_hand_computation_from_the_pieces(m):
    (form,) = piecewise_linear_form(yarotsky(m), 0, 1)
    # By hand: on each of the 2^m pieces [t, t + h] (h = 2^-m), phi - x^2 = (x - t)(t + h - x),
    # whose square integrates to h^5 / 30; the sum is 2^m h^5 / 30 = h^4 / 30.
    h = F(1, 2**m)
    by_hand = sum(_integral_of_square(F(k, 2**m), h) for k in range(2**m))
    assert by_hand == h**4 / 30
    result = lp_error(form, "x**2", 2)
    assert result.exact and result.power == MPQ(by_hand.numerator, by_hand.denominator)
    assert result.value == sympy.sqrt(sympy.Rational(by_hand.numerator, by_hand.denominator))


def _integral_of_square(t, h):
    # int_t^{t+h} ((x - t)(t + h - x))^2 dx = int_0^h u^2 (h - u)^2 du, by the power rule
    return h**5 / 3 - 2 * h**5 / 4 + h**5 / 5


def test_l1_error_with_sign_changes_at_rational_points():
    # phi = 0 on [-1, 1], f = x^3 - x/4: roots -1/2, 0, 1/2
    form = PWLForm.from_points([-1, 1], [0, 0])
    result = lp_error(form, "x**3 - x/4", 1)
    # int_{-1}^{1} |x^3 - x/4| = 2 (int_0^{1/2} (x/4 - x^3) + int_{1/2}^1 (x^3 - x/4)) = 2 (1/64 + 9/64)
    assert result.exact and result.power == MPQ(5, 16)


def test_piecewise_linear_target_is_exact():
    form = PWLForm.from_points([0, 1, 2], [0, 1, 0])
    target = PWLForm.from_points([0, 2], [0, 1])
    r = sup_error(form, target)
    assert r.exact and r.value == 1 and r.witness == 2  # |0 - 2/2| at x = 2
    # int_0^1 x/2 + int_1^{4/3} (2 - 3x/2) + int_{4/3}^2 (3x/2 - 2) = 1/4 + 1/12 + 1/3
    assert lp_error(form, target, 1).power == MPQ(2, 3)


def test_piecewise_sympy_target():
    x = sympy.Symbol("x")
    target = sympy.Piecewise((x, x <= sympy.Rational(1, 2)), (1 - x, True))
    form = PWLForm.from_points([0, 1], [0, 0])
    r = sup_error(form, target)
    assert r.exact and r.value == MPQ(1, 2) and r.witness == MPQ(1, 2)


def test_cubic_target_with_irrational_maximiser_gives_rigorous_bounds():
    form = PWLForm.from_points([0, 1], [0, 0])
    r = sup_error(form, "x**3 - x")  # max |x^3 - x| on [0,1] at x = 1/sqrt(3): 2/(3 sqrt 3)
    true = 2 / (3 * sympy.sqrt(3))
    assert not r.exact
    assert sympy.Rational(str(r.lower)) <= true <= sympy.Rational(str(r.upper))


def test_non_polynomial_target_bounds_are_rigorous_and_tight():
    form = PWLForm.from_points([0, 1], [0, 0])
    r = sup_error(form, "sin(x)", tolerance="1/1000")
    assert not r.exact and r.lower <= r.upper <= r.lower + MPQ(1, 1000)
    true = sympy.sin(1)
    assert sympy.Rational(str(r.lower)) <= true <= sympy.Rational(str(r.upper))
    l1 = lp_error(form, "exp(x)", 1, tolerance="1/100")  # int_0^1 e^x = e - 1
    assert sympy.sympify(str(l1.lower)) <= sympy.E - 1 <= sympy.sympify(str(l1.upper))


def test_lipschitz_callable_target():
    form = PWLForm.from_points([0, 1], [0, 1])
    r = sup_error(form, lambda x: x * x, lipschitz=2, tolerance="1/500")
    assert r.lower <= MPQ(1, 4) <= r.upper and r.upper - r.lower <= MPQ(1, 500)
    with pytest.raises(InvalidArgument, match="lipschitz"):
        sup_error(form, lambda x: x)


def test_refinement_budget_runs_out_and_says_so():
    form = PWLForm.from_points([0, 1], [0, 0])
    with pytest.raises(BudgetExceeded, match="piece budget of 5 exceeded.*error refinement"):
        sup_error(form, "sin(x)", tolerance="1/1000000000", budget=Budget(pieces=5))


@pytest.mark.parametrize(
    "call",
    [
        lambda f: lp_error(f, "x", 0),
        lambda f: lp_error(f, "x", 1.0),
        lambda f: sup_error(f, "x*y"),
        lambda f: sup_error(f, "x +* 2"),
        lambda f: sup_error("not a form", "x"),
    ],
    ids=["p=0", "p float", "two variables", "unparsable", "not a form"],
)
def test_invalid_calls(call):
    with pytest.raises(InvalidArgument):
        call(PWLForm.from_points([0, 1], [0, 1]))


def test_as_target_classifies():
    assert as_target("x**2/3").polys == ((0, 0, MPQ(1, 3)),)
    assert type(as_target("sqrt(x)")).__name__ == "BallTarget"
    assert as_target("0.5*x").polys == ((0, MPQ(1, 2)),)  # decimals are exact


def test_analyze_interval_report():
    report = analyze_interval(yarotsky(3), 0, 1, target="x**2", p=2)
    assert report["pieces"] == [8]
    assert report["sup_error"] == "1/256" and report["witness"] == "1/16"
    assert report["lp_power"] == str(F(1, 30 * 4**6))
    bounds = analyze_interval(yarotsky(2), 0, 1, target="sin(x)")["sup_error"]
    assert bounds["exact"] is False and set(bounds) == {"lower", "upper", "exact"}
    with pytest.raises(InvalidArgument, match="needs a target"):
        analyze_interval(yarotsky(2), 0, 1, p=2)
