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
    assert bounds["exact"] is False and set(bounds) == {"lower", "upper", "exact", "bracket"}
    with pytest.raises(InvalidArgument, match="needs a target"):
        analyze_interval(yarotsky(2), 0, 1, p=2)


# --- the quadratic sup on integer arrays (int64 where proven exact, Python ints otherwise) ---

from verinet import int64  # noqa: E402
from verinet.analysis.error import _interior_max, _sup_quadratic_arrays, _sup_quadratic_mpq  # noqa: E402
from verinet._backend import integer_root  # noqa: E402


def _reference_sup(form, q):
    """Fraction brute force: |phi - f| at every breakpoint and every critical point of f inside
    a piece (where (phi - f)' = s - q1 - 2 q2 x = 0)."""
    q0, q1, q2 = (F(int(c.numerator), int(c.denominator)) for c in q)
    ts = [F(int(t.numerator), int(t.denominator)) for t in form.breakpoints]
    vs = [F(int(v.numerator), int(v.denominator)) for v in form.values]
    points = list(zip(ts, vs))
    for (t0, v0), (t1, v1) in zip(points, points[1:]):
        s = (v1 - v0) / (t1 - t0)
        if q2 and t0 < (s - q1) / (2 * q2) < t1:
            x = (s - q1) / (2 * q2)
            points.append((x, v0 + s * (x - t0)))
    return max(abs(v - (q0 + q1 * t + q2 * t * t)) for t, v in points)


def _random_form(rng, denominators):
    n = rng.randint(1, 7)
    ts = sorted({F(rng.randint(-40, 40), rng.choice(denominators)) for _ in range(n + 1)})
    if len(ts) < 2:
        ts = [ts[0], ts[0] + 1]
    vs = [F(rng.randint(-30, 30), rng.choice([1, 2, 3, 8, 16])) for _ in ts]
    return PWLForm.from_points(ts, vs)


def _value_and_witness(result):
    return result.value, result.witness


@pytest.mark.parametrize("limit", [int64.LIMIT, 2**12], ids=["int64", "limit 2^12: mixed dtypes"])
@pytest.mark.parametrize("denominators", [(1, 2, 4, 8, 64), (1, 3, 5, 6, 7, 12)], ids=["dyadic", "mixed"])
def test_array_sup_equals_the_rational_path_and_a_fraction_reference(denominators, limit, monkeypatch):
    # with a small LIMIT most intermediate arrays switch to Python ints part way: same results
    import random

    monkeypatch.setattr(int64, "LIMIT", limit)
    rng = random.Random(7)
    for _ in range(300):
        form = _random_form(rng, denominators)
        q = [MPQ(rng.randint(-9, 9), rng.choice([1, 2, 3, 5])) for _ in range(3)]
        if rng.random() < 0.2:
            q[2] = MPQ(0)
        fast, slow = _sup_quadratic_arrays(form, *q, Budget()), _sup_quadratic_mpq(form, *q, Budget())
        assert slow.value == _reference_sup(form, q)
        if limit == int64.LIMIT or max(map(abs, form.E)) <= limit:
            assert fast is not None
        if fast is not None:
            assert _value_and_witness(fast) == _value_and_witness(slow)
            assert type(fast.value) is MPQ and type(fast.witness) is MPQ


def test_array_sup_compares_interior_values_with_different_denominators_exactly():
    # pieces of lengths 1, 1/2, 1/3, 1/4 through the points of x^2 + x/7: interior errors
    # h^2 / 4 with different denominators; the largest is on the first piece
    ts = [F(0), F(1), F(3, 2), F(11, 6), F(25, 12)]
    form = PWLForm.from_points(ts, [t * t + t / 7 for t in ts])
    q = (MPQ(0), MPQ(1, 7), MPQ(1))
    r = _sup_quadratic_arrays(form, *q, Budget())
    assert r.value == MPQ(1, 4) and r.witness == MPQ(1, 2)
    assert _value_and_witness(r) == _value_and_witness(_sup_quadratic_mpq(form, *q, Budget()))


@pytest.mark.parametrize("n0", [int64.LIMIT - 1, int64.LIMIT, int64.LIMIT + 1, 2**64 + 3])
def test_array_sup_is_exact_across_the_int64_boundary_at_breakpoints(n0):
    # phi from n0 at 0 to 0 at 1 (scale 1), target x: P = (n0, -1) needs n0 + 1 <= LIMIT in int64
    zero, one = MPQ(0), MPQ(1)
    form = PWLForm([0, 1], [1, 1], [n0, 0], 1)
    r = _sup_quadratic_arrays(form, zero, one, zero, Budget())
    assert r.value == n0 and r.witness == 0
    assert sup_error(form, "x").value == n0


def test_array_sup_is_exact_across_the_int64_boundary_inside_pieces():
    # phi interpolates x^2 at 0 and h: P = 0, U = h^2, K = 4 h^2, W = h^4 (int64 iff h^4 <= LIMIT)
    last = integer_root(int64.LIMIT, 4)
    q = (MPQ(0), MPQ(0), MPQ(1))
    for length in (last - 1, last, last + 1, 2**40):
        form = PWLForm([0, length], [1, 1], [0, length * length], 1)
        r = _sup_quadratic_arrays(form, *q, Budget())
        assert r.value == MPQ(length * length, 4) and r.witness == MPQ(length, 2)


def test_array_sup_declines_a_huge_common_denominator():
    # breakpoints k/p for the primes p up to 61: lcm = 61# > 2^63, so the rational path runs
    primes = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61]
    ts = sorted({F(1, p) for p in primes} | {F(0), F(1)})
    form = PWLForm.from_points(ts, [t * t for t in ts])
    q = (MPQ(0), MPQ(0), MPQ(1))
    assert _sup_quadratic_arrays(form, *q, Budget()) is None
    assert sup_error(form, "x**2").value == _reference_sup(form, q)


@pytest.mark.parametrize("limit", [int64.LIMIT, 2**8], ids=["int64", "limit 2^8"])
def test_interior_knock_out_finds_the_first_largest_fraction(limit, monkeypatch):
    # small random data: many interior values share floor(W / K) and differ in R / K only
    import random

    import numpy as np

    monkeypatch.setattr(int64, "LIMIT", limit)
    rng = random.Random(3)
    for _ in range(300):
        n = rng.randint(2, 12)
        X = np.cumsum([0] + [rng.randint(1, 4) for _ in range(n - 1)]).astype(np.int64)
        P = np.array([rng.randint(-6, 6) for _ in range(n)], dtype=np.int64)
        a2, s = rng.randint(1, 3), rng.choice([1, -1])
        best, expected = None, ()
        for j in range(n - 1):
            H, dP = int(X[j + 1] - X[j]), int(P[j + 1] - P[j])
            U = s * a2 * H * H + dP  # c Q2 H^2 + dP with c |Q2| = a2
            if 0 < s * U < 2 * a2 * H * H:
                value = abs(F(4 * s * a2 * H * H * int(P[j]) + U * U, 4 * a2 * H * H))
                if best is None or value > best:
                    best, expected = value, j
        got = _interior_max(X, P, a2, s)
        assert (got[0] if got else ()) == expected
        if got:
            j = got[0]
            assert F(got[1], got[2]) == best
            assert got[3] == s * a2 * int(X[j + 1] - X[j]) ** 2 + int(P[j + 1] - P[j])


def test_a_false_lipschitz_declaration_of_a_callable_target_is_refuted_by_a_pair():
    from verinet.constructions.sawtooth import yarotsky_square

    (form,) = piecewise_linear_form(yarotsky_square(3).network, 0, 1)
    with pytest.raises(InvalidArgument, match=r"declared Lipschitz constant 1 of the target is refuted: "
                                              r"\|f\(11/16\) - f\(9/16\)\| = 5/32 > 1 \* \|11/16 - 9/16\|"):
        sup_error(form, lambda x: x * x, lipschitz=1, tolerance=MPQ(1, 1000))
    assert sup_error(form, lambda x: x * x, lipschitz=2, tolerance=MPQ(1, 1000)).lower == MPQ(1, 256)
