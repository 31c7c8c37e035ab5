"""Rigorous enclosures (``verinet.enclose``) and sup-error bounds (``verinet.enclose_sup_error``).

References are independent of the ball walk: a 100-digit mpmath evaluation of the layer
lists a network was built from, the ``Fraction`` reference for ReLU/ReQU networks, closed
forms (a monotone sigmoid's sup), and the exact 1-D sup error of ReLU networks.
"""

from fractions import Fraction

import mpmath
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import verinet
from verinet import NetworkBuilder
from verinet._backend import MPQ
from verinet.analysis import Budget, piecewise_linear_form, sup_error
from verinet.analysis.enclose_error import check_sup_error, enclose_sup_error
from verinet.balls import ball_bounds, exact_ball
from verinet.errors import BoundViolation, BudgetExceeded, InvalidArgument, ShapeError
from verinet.interpret.enclose import RULES, SLOPE_RULES, enclose, enclose_balls, enclose_with_slope
from verinet.interpret.reference import evaluate_reference
from verinet.ops import ALL_OPS



@pytest.fixture(scope="module", autouse=True)
def hundred_digits():
    """Every mpmath reference value of this module at 100 digits (mpmath's precision is global)."""
    with mpmath.workdps(100):
        yield
SLACK = MPQ(1, 10**90)  # |mpmath value - true value| is far below this at 100 digits
ACTIVATIONS = ("relu", "requ", "sigmoid", "gaussian")
MP_ACTIVATION = {
    "relu": lambda t: max(t, 0),
    "requ": lambda t: max(t, 0) ** 2,
    "sigmoid": lambda t: 1 / (1 + mpmath.exp(-t)),
    "gaussian": lambda t: mpmath.exp(-t * t),
}


def _build(in_dim, layers):
    """A layered network from ``[(weights, bias, activation or None), ...]`` (rationals as strings)."""
    b = NetworkBuilder()
    h = b.input(in_dim)
    for weights, bias, act in layers:
        h = b.affine(h, weights, bias)
        if act is not None:
            h = getattr(b, act)(h)
    return b.build(h)


def _mp_eval(layers, point):
    """The same network at ``point`` in mpmath (100 digits), straight from the layer lists."""
    h = [mpmath.mpf(Fraction(str(v)).numerator) / Fraction(str(v)).denominator for v in point]
    for weights, bias, act in layers:
        h = [sum((_mp(w) * v for w, v in zip(row, h)), _mp(c)) for row, c in zip(weights, bias)]
        if act is not None:
            h = [MP_ACTIVATION[act](v) for v in h]
    return h


def _mp(q):
    q = Fraction(str(q))
    return mpmath.mpf(q.numerator) / q.denominator


def _exact(v) -> MPQ:
    """An mpmath number's exact binary value (``man_exp`` gives the mantissa's absolute value)."""
    man, exp = v.man_exp
    man = -int(man) if v < 0 else int(man)
    return MPQ(man * 2**int(exp)) if exp >= 0 else MPQ(man, 2 ** -int(exp))


small = st.fractions(min_value=-3, max_value=3, max_denominator=16).map(str)


@st.composite
def layered(draw, activations=ACTIVATIONS):
    in_dim = draw(st.integers(1, 2))
    width, layers = in_dim, []
    for _ in range(draw(st.integers(1, 3))):
        out = draw(st.integers(1, 3))
        weights = draw(st.lists(st.lists(small, min_size=width, max_size=width), min_size=out, max_size=out))
        bias = draw(st.lists(small, min_size=out, max_size=out))
        layers.append((weights, bias, draw(st.sampled_from(activations))))
        width = out
    layers.append(([draw(st.lists(small, min_size=width, max_size=width))], [draw(small)], None))
    point = draw(st.lists(small, min_size=in_dim, max_size=in_dim))
    return in_dim, layers, point


# --- enclose ---------------------------------------------------------------------------------

def test_rules_cover_every_op():
    assert RULES.group == ALL_OPS and SLOPE_RULES.group == ALL_OPS


@settings(max_examples=60, deadline=None)
@given(layered())
def test_enclosure_contains_mpmath_value_and_is_narrow(case):
    in_dim, layers, point = case
    (e,) = enclose(_build(in_dim, layers), [point])
    assert e.prec == 128
    for (lo, hi), v in zip(e.bounds(), _mp_eval(layers, point)):
        v = _exact(v)
        assert lo - SLACK <= v <= hi + SLACK
        assert hi - lo <= 2 * MPQ(1, 2**40) * max(1, abs(lo), abs(hi))


@settings(max_examples=60, deadline=None)
@given(layered(activations=("relu", "requ")))
def test_relu_requ_enclosure_contains_exact_value(case):
    in_dim, layers, point = case
    net = _build(in_dim, layers)
    (e,) = enclose(net, [point])
    for (lo, hi), y in zip(e.bounds(), evaluate_reference(net, point)):
        assert lo <= MPQ(y.numerator, y.denominator) <= hi


def test_exact_values_give_exact_balls():
    (e,) = enclose(_build(1, [([[1]], [0], "sigmoid")]), [[0]])
    assert e.bounds() == [(MPQ(1, 2), MPQ(1, 2))]
    (e,) = enclose(_build(1, [([[1]], [0], "gaussian")]), [[0]])
    assert e.bounds() == [(MPQ(1), MPQ(1))]


@pytest.mark.parametrize("act, ball, lo, hi", [
    ("relu", (MPQ(0), MPQ(1)), MPQ(0), MPQ(1)),           # straddles 0: [0, hi]
    ("relu", (MPQ(-2), MPQ(1)), MPQ(0), MPQ(0)),          # all negative: 0
    ("requ", (MPQ(1, 2), MPQ(1)), MPQ(0), MPQ(9, 4)),     # [-1/2, 3/2] -> [0, 9/4], not [-9/8, ...]
])
def test_wide_balls_are_tight(act, ball, lo, hi):
    net = _build(1, [([[1]], [0], act)])
    (y,) = enclose_balls(net, [exact_ball(*ball)], 128)
    got_lo, got_hi = ball_bounds(y)
    assert got_lo >= 0 and abs(got_lo - lo) < MPQ(1, 2**20)
    assert got_hi >= hi and got_hi - hi < MPQ(1, 2**20)


def test_wide_transcendental_balls_contain_the_range():
    sig = _build(1, [([[1]], [0], "sigmoid")])
    (y,) = enclose_balls(sig, [exact_ball(MPQ(0), MPQ(2))], 128)  # [-2, 2] -> [1 - s, s]
    lo, hi = ball_bounds(y)
    s2 = _exact(1 / (1 + mpmath.exp(-2)))
    assert lo <= 1 - s2 + SLACK and hi >= s2 - SLACK and hi - lo < 2 * s2 - 1 + MPQ(1, 2**20)
    gauss = _build(1, [([[1]], [0], "gaussian")])
    (y,) = enclose_balls(gauss, [exact_ball(MPQ(1, 2), MPQ(3, 2))], 128)  # [-1, 2] -> [e^-4, 1]
    lo, hi = ball_bounds(y)
    e4 = _exact(mpmath.exp(-4))
    assert e4 - MPQ(1, 2**20) <= lo <= e4 + SLACK and 1 <= hi < 1 + MPQ(1, 2**20)


def _cancelling():
    """``2^200 s - 2^200 s + s`` for ``s = sigmoid(x)``: 128 bits leave a radius near 2^72."""
    return _build(1, [([[1], [1]], [0, 0], "sigmoid"), ([[2**200 + 1, -(2**200)]], [0], None)])


def test_precision_doubles_until_the_tolerance_holds():
    (e,) = enclose(_cancelling(), [["1/3"]])
    assert e.prec == 256
    (lo, hi), = e.bounds()
    v = _exact(1 / (1 + mpmath.exp(-mpmath.mpf(1) / 3)))
    assert lo - SLACK <= v <= hi + SLACK and hi - lo < MPQ(1, 2**40)
    assert "256 bits" in str(e)


def test_precision_budget_exceeded_names_point_and_output():
    with pytest.raises(BudgetExceeded, match=r"point 0: output 0 .* at 128 bits.*raise max_prec"):
        enclose(_cancelling(), [["1/3"]], max_prec=128)
    (e,) = enclose(_cancelling(), [["1/3"]], tolerance=None)  # accepts the first attempt
    assert e.prec == 128


@pytest.mark.parametrize("points, kwargs, error, match", [
    ([[0.5]], {}, InvalidArgument, r"point 0\[0\]=0.5 is a float"),
    ([[1, 2]], {}, ShapeError, "point 0 has 2 coordinates, the network input has width 1"),
    ([], {}, InvalidArgument, "no points"),
    ("1/2", {}, InvalidArgument, "not a string"),
    ([[0]], {"prec": 64.0}, InvalidArgument, "prec=64.0 must be an int"),
    ([[0]], {"prec": 256, "max_prec": 128}, InvalidArgument, "max_prec=128 must be >= prec=256"),
    ([[0]], {"tolerance": 0}, InvalidArgument, "tolerance=0 must be > 0"),
    ([[0]], {"tolerance": 1e-9}, InvalidArgument, "float"),
])
def test_enclose_bad_inputs(points, kwargs, error, match):
    with pytest.raises(error, match=match):
        enclose(_build(1, [([[1]], [0], "sigmoid")]), points, **kwargs)


def test_public_names():
    assert verinet.enclose is enclose and verinet.enclose_sup_error is enclose_sup_error


@settings(max_examples=40, deadline=None)
@given(layered(activations=("requ", "sigmoid", "gaussian")).filter(lambda c: c[0] == 1), st.integers(0, 8))
def test_slope_balls_contain_the_derivative(case, k):
    """On the ball [c - 1/8, c + 1/8], the value and slope balls contain phi and phi' (mpmath's
    numerical derivative at 100 digits) at nine points of the ball."""
    _, layers, (c,) = case
    (value,), (slope,) = enclose_with_slope(_build(1, layers), exact_ball(MPQ(c), MPQ(1, 8)), 128)
    (v_lo, v_hi), (d_lo, d_hi) = ball_bounds(value), ball_bounds(slope)
    x = _mp(c) + mpmath.mpf(k - 4) / 32
    phi = lambda t: _mp_eval(layers, [t])[0]  # noqa: E731
    assert v_lo - SLACK <= _exact(phi(x)) <= v_hi + SLACK
    assert d_lo - MPQ(1, 10**40) <= _exact(mpmath.diff(phi, x)) <= d_hi + MPQ(1, 10**40)


def test_relu_slope_at_a_kink_is_the_generalised_derivative():
    (value,), (slope,) = enclose_with_slope(_build(1, [([[1]], [0], "relu")]), exact_ball(MPQ(0), MPQ(1)), 128)
    (v_lo, v_hi), (d_lo, d_hi) = ball_bounds(value), ball_bounds(slope)
    assert v_lo == 0 and 1 <= v_hi < 1 + MPQ(1, 2**20)
    assert d_lo <= 0 and d_hi >= 1 and d_hi - d_lo < 1 + MPQ(1, 2**20)  # the ball [0, 1]


# --- enclose_sup_error -----------------------------------------------------------------------

ONE_SIGMOID = [([[2]], ["-1/2"], "sigmoid"), ([[3]], [0], None)]  # 3 sigmoid(2x - 1/2)


def _one_sigmoid_sup():
    """sup_{[0,1]} |3 sigmoid(2x - 1/2) - 1| = 3 sigmoid(3/2) - 1: the network increases, and
    at 0 it is 3 sigmoid(-1/2) - 1 > 0, so |.| is largest at x = 1."""
    return _exact(3 / (1 + mpmath.exp(-mpmath.mpf(3) / 2)) - 1)


def test_sup_error_brackets_closed_form():
    r = enclose_sup_error(_build(1, ONE_SIGMOID), "1", (0, 1), tolerance=MPQ(1, 2**30))
    true = _one_sigmoid_sup()
    assert r.lower - SLACK <= true <= r.upper + SLACK and r.upper - r.lower <= MPQ(1, 2**30)
    assert r.prec == 128 and r.cells >= 1 and 0 < r.smallest_width <= 1
    assert "rigorous bounds" in r.label and r.exact is False
    assert r.as_dict()["label"] == r.label and "cells" in str(r)


@settings(max_examples=8, deadline=None)
@given(layered(activations=("sigmoid", "gaussian")).filter(lambda c: c[0] == 1),
       st.sampled_from(["sin(2*x)", "exp(-x**2)", "x**2 - 1/3", "abs(x)"]))
def test_sup_error_against_a_dense_mpmath_sample(case, target):
    _, layers, _ = case
    f = {"sin(2*x)": lambda x: mpmath.sin(2 * x), "exp(-x**2)": lambda x: mpmath.exp(-x * x),
         "x**2 - 1/3": lambda x: x * x - mpmath.mpf(1) / 3, "abs(x)": abs}[target]
    r = enclose_sup_error(_build(1, layers), target, (-1, 1), tolerance=MPQ(1, 2**12))
    xs = [mpmath.mpf(-1) + mpmath.mpf(2 * i) / 200 for i in range(201)]
    sampled = max(abs(_mp_eval(layers, [Fraction(_exact(x))])[0] - f(x)) for x in xs)
    assert _exact(sampled) <= r.upper + SLACK
    w = _mp(r.witness)
    assert _exact(abs(_mp_eval(layers, [Fraction(r.witness)])[0] - f(w))) >= r.lower - SLACK


@settings(max_examples=15, deadline=None)
@given(layered(activations=("relu",)).filter(lambda c: c[0] == 1), st.sampled_from(["x**2", "x**3/2 - x"]))
def test_sup_error_brackets_the_exact_relu_value(case, target):
    _, layers, _ = case
    net = _build(1, layers)
    exact = sup_error(piecewise_linear_form(net, -1, 1)[0], target)
    r = enclose_sup_error(net, target, (-1, 1), tolerance=MPQ(1, 2**16))
    assert r.lower <= exact.upper and exact.lower <= r.upper  # both bracket the sup (exact: a point)


def test_sup_error_piecewise_and_callable_targets():
    net = _build(1, ONE_SIGMOID)
    true = _one_sigmoid_sup()
    r = enclose_sup_error(net, "Piecewise((1, x <= 1/2), (1, True))", (0, 1), tolerance=MPQ(1, 2**20))
    assert r.lower - SLACK <= true <= r.upper + SLACK
    r = enclose_sup_error(net, lambda x: MPQ(1), (0, 1), lipschitz=0, tolerance=MPQ(1, 2**20))
    assert r.lower - SLACK <= true <= r.upper + SLACK


def test_interior_maximum_converges_fast():
    """|exp(-(x - 1/3)^2) - 0| peaks inside [-1, 1]; the mean-value bound needs few cells."""
    net = _build(1, [([[1]], ["-1/3"], "gaussian"), ([[1]], [0], None)])
    r = enclose_sup_error(net, "0", (-1, 1), tolerance=MPQ(1, 2**30))
    assert r.lower <= 1 <= r.upper and r.cells < 200


def test_sup_error_with_a_jump_in_the_target():
    """f = 0 for x <= 0 and 1 after: sup |sigmoid(4x) - f| on [-1, 1] is sigmoid(0) = 1/2 from
    the left at 0 (value at the cut from the left piece, as for every piecewise target)."""
    net = _build(1, [([[4]], [0], "sigmoid"), ([[1]], [0], None)])
    r = enclose_sup_error(net, "Piecewise((0, x <= 0), (1, True))", (-1, 1), tolerance=MPQ(1, 2**20),
                          budget=Budget(pieces=1000))
    assert r.lower <= MPQ(1, 2) <= r.upper


def test_claimed_bound_is_proved_or_refuted():
    net = _build(1, ONE_SIGMOID)
    true = _one_sigmoid_sup()
    ok = check_sup_error(net, "1", (0, 1), true + MPQ(1, 1000))
    assert ok.upper <= true + MPQ(1, 1000)
    with pytest.raises(BoundViolation, match="is false") as info:  # the mutated claim
        check_sup_error(net, "1", (0, 1), true - MPQ(1, 1000))
    w = info.value.witness
    assert abs(3 / (1 + mpmath.exp(-(2 * _mp(w) - mpmath.mpf(1) / 2))) - 1) > _mp(true - MPQ(1, 1000))


@pytest.mark.parametrize("net, interval, kwargs, error, match", [
    (_build(2, [([[1, 1]], [0], "sigmoid")]), (0, 1), {}, ShapeError, "R -> R"),
    (_build(1, ONE_SIGMOID), (1, 0), {}, InvalidArgument, "a < b"),
    (_build(1, ONE_SIGMOID), (0, 0.5), {}, InvalidArgument, "interval b=0.5 is a float"),
    (_build(1, ONE_SIGMOID), "0,1", {}, InvalidArgument, "pair"),
    (_build(1, ONE_SIGMOID), (0, 1), {"tolerance": -1}, InvalidArgument, "tolerance=-1 must be > 0"),
    (_build(1, ONE_SIGMOID), (0, 1), {"budget": Budget(pieces=3)}, BudgetExceeded,
     r"piece budget of 3 exceeded.*before the tolerance"),
    (_build(1, ONE_SIGMOID), (0, 1), {"budget": Budget(seconds=0)}, BudgetExceeded, "time budget"),
    (_build(1, ONE_SIGMOID), (-1, 1), {"target": "1/x"}, InvalidArgument, "no finite ball enclosure"),
])
def test_sup_error_bad_inputs(net, interval, kwargs, error, match):
    target = kwargs.pop("target", "x**2 + sin(x)")
    with pytest.raises(error, match=match):
        enclose_sup_error(net, target, interval, tolerance=kwargs.pop("tolerance", MPQ(1, 2**30)), **kwargs)


def test_target_powers_of_balls_containing_zero():
    """arb's own ``**`` is NaN on an inexact ball containing 0; verinet.balls takes the end points."""
    import sympy

    from verinet.analysis.targets import BallTarget, as_target

    lo, hi = ball_bounds(as_target("exp(-x**2)").enclose(MPQ(-1), MPQ(1)))
    e1 = _exact(mpmath.exp(-1))
    assert e1 - MPQ(1, 2**20) <= lo <= e1 and 1 <= hi < 1 + MPQ(1, 2**20)
    x = sympy.Symbol("x")
    lo, hi = ball_bounds(BallTarget(x**3, x).enclose(MPQ(-1), MPQ(2)))
    assert -1 - MPQ(1, 2**20) < lo <= -1 and 8 <= hi < 8 + MPQ(1, 2**20)
