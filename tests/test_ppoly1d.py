"""The exact 1-D piecewise-polynomial form of ReLU/ReQU networks and its sup / L^p errors (issue 14, part 3)."""

from fractions import Fraction as F

import pytest
import sympy
from hypothesis import given, settings, strategies as st

from verinet import MPQ, NetworkBuilder
from verinet.analysis import Budget
from verinet.analysis.algebraic import RealAlgebraic, compare, real_roots
from verinet.analysis.ppoly1d import RULES, PPolyForm, degree_bound, piecewise_polynomial_form
from verinet.analysis.ppoly_error import poly_lp_error, poly_sup_error
from verinet.errors import BudgetExceeded, InvalidArgument, NetworkTypeError, UnsupportedOp
from verinet.interpret.reference import evaluate_reference
from verinet.ops import PIECEWISE_POLYNOMIAL

X = sympy.Symbol("x")


def _irrational_net():
    """h = (sigma_2(x), sigma_2(1/2 - x)), g = h_1 - h_2 - 1, r = relu(g + x, -g), phi = sigma_2(r_1) + sigma_2(r_2).

    On [1/2, 1] the ReLU pre-activation g + x is x^2 + x - 1, whose root (sqrt 5 - 1)/2 is a breakpoint.
    """
    nb = NetworkBuilder()
    x = nb.input(1)
    h = nb.requ(nb.affine(x, [[1], [-1]], [0, "1/2"]))          # x^2 (x >= 0), (1/2 - x)^2 (x <= 1/2)
    g = nb.affine(h, [[1, -1]], [-1])
    r = nb.relu(nb.affine(nb.concat(g, x), [[1, 1], [-1, 0]]))
    return nb.build(nb.affine(nb.requ(r), [[1, 1]]))


def test_rules_cover_the_piecewise_polynomial_group():
    assert RULES.group == PIECEWISE_POLYNOMIAL


def test_form_with_an_irrational_breakpoint():
    net = _irrational_net()
    (f,) = piecewise_polynomial_form(net, -2, 2)
    algebraic = [t for t in f.breakpoints if isinstance(t, RealAlgebraic)]
    assert len(algebraic) == 1
    assert sympy.simplify(algebraic[0].to_sympy() - (sympy.sqrt(5) - 1) / 2) == 0
    assert f.degree == 4 and degree_bound(net) == 4
    for t in f.rational_breakpoints():
        assert f(t) == evaluate_reference(net, [t])[0]
    # either side of the algebraic breakpoint, within its isolating interval
    for t in (algebraic[0].lo, algebraic[0].hi):
        assert f(t) == evaluate_reference(net, [t])[0]


def test_square_identity_is_one_piece():
    nb = NetworkBuilder()
    x = nb.input(1)
    net = nb.build(nb.affine(nb.requ(nb.affine(x, [[1], [-1]])), [[1, 1]]))
    (f,) = piecewise_polynomial_form(net, "-3/2", 5)
    assert f == PPolyForm(["-3/2", 5], [(0, 0, 1)])
    assert f.to_sympy() == sympy.Piecewise((X**2, sympy.And(X >= sympy.Rational(-3, 2), X <= 5)))


def test_even_multiplicity_roots_make_no_breakpoint():
    # relu((x - 1/2)^2): the pre-activation touches 0 at 1/2 without changing sign
    nb = NetworkBuilder()
    x = nb.input(1)
    sq = nb.affine(nb.requ(nb.affine(x, [[1], [-1]], ["-1/2", "1/2"])), [[1, 1]])
    (f,) = piecewise_polynomial_form(nb.build(nb.relu(sq)), 0, 1)
    assert f.breakpoints == (0, 1) and f.polys == ((MPQ(1, 4), -1, 1),)


def test_vector_output_add_concat_slice():
    nb = NetworkBuilder()
    x = nb.input(1)
    a = nb.requ(nb.affine(x, [[1], [-1]]))
    b = nb.relu(nb.affine(x, [[1], [2]], [0, -1]))
    out = nb.concat(nb.add(a, b), nb.slice(a, 0, 1))
    net = nb.build(out)
    forms = piecewise_polynomial_form(net, -1, 1)
    assert len(forms) == 3
    for t in (F(-1), F(-1, 3), F(0), F(1, 2), F(1)):
        assert [f(t) for f in forms] == evaluate_reference(net, [t])


@pytest.mark.parametrize("make", ["sigmoid", "gaussian"])
def test_transcendental_ops_are_refused_by_group(make):
    nb = NetworkBuilder()
    x = nb.input(1)
    net = nb.build(getattr(nb, make)(nb.affine(x, [[1]]), name="s"))
    with pytest.raises(UnsupportedOp, match=f"piecewise-polynomial form: no rule for {make.capitalize()} at node 's'"):
        piecewise_polynomial_form(net, 0, 1)


def test_bad_inputs():
    nb = NetworkBuilder()
    x = nb.input(2)
    with pytest.raises(NetworkTypeError, match="input width 1"):
        piecewise_polynomial_form(nb.build(nb.affine(x, [[1, 1]])), 0, 1)
    net = _irrational_net()
    with pytest.raises(InvalidArgument, match="a < b"):
        piecewise_polynomial_form(net, 1, 1)
    with pytest.raises(InvalidArgument, match="float"):
        piecewise_polynomial_form(net, 0.5, 1)


def test_degree_is_estimated_before_work():
    nb = NetworkBuilder()
    v = nb.input(1)
    for _ in range(7):
        v = nb.requ(nb.affine(v, [[1]]))
    net = nb.build(v)
    assert degree_bound(net) == 128
    with pytest.raises(BudgetExceeded, match="degree 128 > max_degree=64; raise it with max_degree=N"):
        piecewise_polynomial_form(net, 0, 1)
    (f,) = piecewise_polynomial_form(net, 0, 1, max_degree=128)
    assert f.polys == ((0,) * 128 + (1,),)


def test_piece_budget():
    with pytest.raises(BudgetExceeded, match="piece budget of 3 exceeded"):
        piecewise_polynomial_form(_irrational_net(), -2, 2, budget=Budget(pieces=3))


# --- random networks against the Fraction reference ---------------------------------------

@st.composite
def requ_networks(draw):
    nb = NetworkBuilder()
    v = nb.input(1)
    width = 1
    small = st.fractions(min_value=-2, max_value=2, max_denominator=4)
    for _ in range(draw(st.integers(1, 3))):
        out = draw(st.integers(1, 3))
        W = [[draw(small) for _ in range(width)] for _ in range(out)]
        b = [draw(small) for _ in range(out)]
        v = nb.affine(v, W, b)
        v = nb.requ(v) if draw(st.booleans()) else nb.relu(v)
        width = out
    return nb.build(nb.affine(v, [[draw(small) for _ in range(width)]]))


@settings(max_examples=40, deadline=None)
@given(requ_networks(), st.fractions(-3, 3, max_denominator=8), st.fractions(F(1, 8), 4, max_denominator=8),
       st.lists(st.fractions(0, 1, max_denominator=1000), min_size=1, max_size=4))
def test_form_agrees_with_reference_at_breakpoints_and_random_points(net, a, length, ts):
    b = a + length
    (f,) = piecewise_polynomial_form(net, a, b)
    for t in f.rational_breakpoints():
        assert f(t) == evaluate_reference(net, [t])[0]
    for u in ts:
        t = a + u * length
        assert f(t) == evaluate_reference(net, [t])[0]
    for t in f.breakpoints:
        if isinstance(t, RealAlgebraic):
            for side in (t.lo, t.hi):
                if a <= side <= b:
                    assert f(side) == evaluate_reference(net, [side])[0]


# --- exact algebraic numbers ---------------------------------------------------------------

def test_real_roots_and_comparisons_are_exact():
    from verinet._backend import QPoly

    p = QPoly([-2, 0, 1]) * QPoly([-1, 2]) * QPoly([-3, 0, 1]) ** 2   # (x^2 - 2)(2x - 1)(x^2 - 3)^2
    roots = real_roots(p, -2, 2)
    assert [sympy.nsimplify(r.to_sympy()) if isinstance(r, RealAlgebraic) else r for r in roots] == \
        [-sympy.sqrt(3), -sympy.sqrt(2), MPQ(1, 2), sympy.sqrt(2), sympy.sqrt(3)]
    odd = real_roots(p, -2, 2, odd_only=True)
    assert len(odd) == 3 and odd[1] == MPQ(1, 2)
    assert compare(odd[0], MPQ(-141421, 100000)) < 0 < compare(odd[0], MPQ(-141422, 100000))
    assert compare(odd[2], roots[3]) == 0 and compare(roots[3], roots[4]) < 0


# --- errors against an independent sympy computation ----------------------------------------

def _sympy_pieces(form, target):
    """(l, r, e) with sympy exact endpoints and the error polynomial phi - f as a sympy expression."""
    ts = [t.to_sympy() if isinstance(t, RealAlgebraic) else sympy.Rational(str(t)) for t in form.breakpoints]
    for j, poly in enumerate(form.polys):
        phi = sum((sympy.Rational(str(c)) * X**i for i, c in enumerate(poly)), sympy.Integer(0))
        yield ts[j], ts[j + 1], sympy.expand(phi - target)


def _slow_sup(form, target):
    best = sympy.Integer(0)
    for l, r, e in _sympy_pieces(form, target):
        candidates = [l, r] + [t for t in sympy.real_roots(sympy.Poly(sympy.diff(e, X), X))
                               if sympy.diff(e, X) != 0 and l < t < r]
        for t in candidates:
            v = sympy.Abs(e.subs(X, t))
            if (v - best).evalf(60) > 0:
                best = v
    return best


def _slow_lp(form, target, p):
    total = sympy.Integer(0)
    for l, r, e in _sympy_pieces(form, target):
        roots = [t for t in sympy.real_roots(sympy.Poly(e, X)) if l < t < r] if e.free_symbols else []
        cuts = [l] + sorted(set(roots), key=lambda t: t.evalf(60)) + [r]
        for u, v in zip(cuts, cuts[1:]):
            piece = sympy.integrate(e**p, (X, u, v))
            total += sympy.Abs(piece)
    return total


CASES = [
    (PPolyForm([0, 1], [(0, 0, 1)]), X**3),
    (PPolyForm([0, 1], [(0, 0, 1)]), X**3 - X / 3),       # irrational maximiser (1 + sqrt 2)/3
    (PPolyForm([0, 1], [(0, 0, 1)]), sympy.Rational(1, 2)),  # sign change at 1/sqrt 2
    (PPolyForm([-1, 0, 1], [(0, 0, 1), (0, 0, 2)]), X / 2),
]


@pytest.mark.parametrize("form, target", CASES)
def test_sup_error_matches_sympy(form, target):
    result = poly_sup_error(form, target)
    slow = _slow_sup(form, target)
    if result.exact:
        assert sympy.Rational(str(result.value)) == slow
        assert result.lower == result.upper == result.value
    else:
        assert sympy.Rational(str(result.lower)) <= slow <= sympy.Rational(str(result.upper))
        assert result.upper - result.lower <= MPQ(1, 2**64)
        if result.value is not None:
            assert abs((result.value - slow).evalf(80)) < sympy.Rational(1, 10**70)


@pytest.mark.parametrize("p", [1, 2, 3])
@pytest.mark.parametrize("form, target", CASES)
def test_lp_error_matches_sympy(form, target, p):
    result = poly_lp_error(form, target, p)
    slow = _slow_lp(form, target, p)
    if result.exact:
        assert sympy.Rational(str(result.power)) == sympy.nsimplify(slow) == slow
    else:
        assert abs((result.power - slow).evalf(80)) < sympy.Rational(1, 10**70)
        norm = sympy.root(slow, p)
        assert sympy.Rational(str(result.lower)) <= norm <= sympy.Rational(str(result.upper))


def test_errors_of_a_network_form():
    (f,) = piecewise_polynomial_form(_irrational_net(), -2, 2)
    sup, slow_sup = poly_sup_error(f, "x**4"), _slow_sup(f, X**4)
    assert sympy.Rational(str(sup.lower)) <= slow_sup <= sympy.Rational(str(sup.upper))
    r = poly_lp_error(f, "x**4", 2)
    slow = _slow_lp(f, X**4, 2)
    assert abs((r.power - slow).evalf(80)) < sympy.Rational(1, 10**60)


def test_errors_refuse_non_polynomial_targets_and_bad_p():
    f = PPolyForm([0, 1], [(0, 0, 1)])
    with pytest.raises(InvalidArgument, match="not piecewise polynomial"):
        poly_sup_error(f, "sin(x)")
    with pytest.raises(InvalidArgument, match="p=0"):
        poly_lp_error(f, "x", 0)
    with pytest.raises(InvalidArgument, match="PPolyForm"):
        poly_sup_error("x", "x")


def test_irrational_maximiser_is_labelled_and_exact_as_an_algebraic_number():
    r = poly_sup_error(PPolyForm([0, 1], [(0, 0, 1)]), "x**3 - x/3")
    assert not r.exact and isinstance(r.witness, RealAlgebraic)
    assert sympy.simplify(r.witness.to_sympy() - (1 + sympy.sqrt(2)) / 3) == 0
    # e = x^2 - x^3 + x/3 at (1 + sqrt 2)/3 is (5 + 4 sqrt 2)/27
    assert sympy.simplify(r.value.subs(r.witness.to_sympy(), (1 + sympy.sqrt(2)) / 3) - (5 + 4 * sympy.sqrt(2)) / 27) == 0
    assert r.lower < r.upper and r.upper - r.lower <= MPQ(1, 2**64)
    d = r.as_dict()
    assert d["exact"] is False and "root #1" in d["witness"] and "CRootOf" in d["notes"][0]
