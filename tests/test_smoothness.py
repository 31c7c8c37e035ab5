"""C^s norms (verinet.claims.smoothness): exact sups for polynomials, ball bounds otherwise, declared bounds."""

import math

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from verinet._backend import MPQ
from verinet.claims.smoothness import MAX_DERIVATIVES, check_declared_norm, derivatives, smoothness_of, sup_abs_bound
from verinet.claims.targets import Target, symbols_for
from verinet.errors import BudgetExceeded, InvalidArgument
from verinet.reals import is_le


def test_polynomial_norms_are_exact():
    smooth, bounds = smoothness_of(Target.from_expression("x1**2", 1, lipschitz=2), 2)
    assert smooth.norm == 2 and all(b.exact for b in bounds.values()) and smooth.source.startswith("derived, exact")
    assert {a: b.upper for a, b in bounds.items()} == {(0,): 1, (1,): 2, (2,): 2}
    smooth, _ = smoothness_of(Target.from_expression("x1*x2**2 - x2/3", 2, lipschitz=2), 2)
    assert smooth.norm == 2 and smooth.derivative_bounds[(0, 1)] == MPQ(5, 3)


def test_transcendental_norms_are_rigorous_upper_bounds():
    smooth, bounds = smoothness_of(Target.from_expression("sin(3*x1)", 1, lipschitz=3), 2)
    assert 9 <= smooth.norm <= 9 + MPQ(1, 2**20) and not bounds[(2,)].exact  # sup |9 sin(3x)| = 9 at x = pi/6
    smooth, _ = smoothness_of(Target.from_expression("exp(x1)*x2", 2, lipschitz=3), 2)
    assert is_le(sympy.E, smooth.norm) and is_le(smooth.norm, sympy.E + sympy.Rational(1, 2**20))
    smooth, _ = smoothness_of(Target.from_expression("sqrt(x1 + 1)", 1, lipschitz=1), 2)
    assert is_le(sympy.sqrt(2), smooth.norm) and is_le(smooth.norm, sympy.sqrt(2) + sympy.Rational(1, 2**20))


def test_derivatives_are_symbolic_and_counted():
    x1, x2 = symbols_for(2)
    table = derivatives(x1**3 * x2, 2, 2)
    assert len(table) == math.comb(4, 2) and table[(2, 0)] == 6 * x1 * x2 and table[(1, 1)] == 3 * x1**2
    with pytest.raises(BudgetExceeded, match="MAX_DERIVATIVES"):
        derivatives(x1, 1, MAX_DERIVATIVES)


def test_declared_norm_refuted_proven_or_assumed():
    sine = Target.from_expression("sin(3*x1)", 1, lipschitz=3)
    with pytest.raises(InvalidArgument, match=r"declared \|\|f\|\|_\{C\^s\} <= 5 is refuted: \|d\^\(2,\) f"):
        check_declared_norm(sine, 2, "5")
    assert check_declared_norm(sine, 2, "10")[0].status == "proven"
    check, used = check_declared_norm(sine, 2, "9")  # the true norm: not refuted, not provable by balls
    assert check.status == "assumed" and used.norm == 9 and check.assumption()
    assert check_declared_norm(Target.from_expression("x1**2", 1, lipschitz=2), 2, "2")[0].status == "proven"
    with pytest.raises(InvalidArgument, match="refuted"):
        check_declared_norm(Target.from_expression("x1**2", 1, lipschitz=2), 2, "199/100")


def _reference_sup(p):
    """sup_[0,1] |p| from the end points and the real roots of p' (sympy, exact algebraic numbers)."""
    x = symbols_for(1)[0]
    candidates = [sympy.Integer(0), sympy.Integer(1)]
    dp = sympy.Poly(sympy.diff(p, x), x)
    if not dp.is_zero:
        candidates += [r for r in sympy.real_roots(dp) if 0 <= r <= 1]
    return max((abs(p.subs(x, c)) for c in candidates), key=lambda v: sympy.N(v, 60))


@settings(max_examples=12, deadline=None)
@given(st.lists(st.integers(-6, 6), min_size=1, max_size=4), st.integers(1, 4))
def test_random_polynomials_match_an_exact_reference(coefficients, q):
    x = symbols_for(1)[0]
    p = sum(sympy.Rational(c, q) * x**k for k, c in enumerate(coefficients))
    found = sup_abs_bound(p, 1)
    ref = _reference_sup(p)
    assert is_le(found.lower, ref) and is_le(ref, found.upper)
    assert is_le(found.upper, ref + sympy.Rational(1, 2**20))
    if found.exact:
        assert is_le(found.upper, ref)
