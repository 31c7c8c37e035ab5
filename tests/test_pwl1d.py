"""The exact 1-D piecewise-linear form (verinet.analysis.pwl1d)."""

from fractions import Fraction as F

import pytest
import sympy
from hypothesis import given, settings, strategies as st

from verinet import MPQ, evaluate
from verinet.analysis import Budget
from verinet.analysis.pwl1d import RULES, PWLForm, piecewise_linear_form
from verinet.errors import BudgetExceeded, InvalidArgument, NetworkTypeError
from verinet.network import NetworkBuilder
from verinet.ops import PIECEWISE_LINEAR


def yarotsky(m):
    """f_m(x) = x - sum_{s<=m} g_s(x)/4^s on [0, 1], g_s the s-fold tent map.

    Hidden layer s holds relu(x), relu(g_{s-1}), relu(g_{s-1} - 1/2), relu(f_{s-1});
    tent(y) = 2 relu(y) - 4 relu(y - 1/2) on [0, 1] and f_{s-1} >= 0 there.
    """
    nb = NetworkBuilder()
    x = nb.input(1)
    h = nb.relu(nb.affine(x, [[1], [1], [1], [1]], [0, 0, F(-1, 2), 0]))
    for s in range(1, m + 1):
        q = F(1, 4**s)
        acc = [0, -2 * q, 4 * q, 1]  # f_s = f_{s-1} - g_s / 4^s
        if s == m:
            return nb.build(nb.affine(h, [acc]))
        h = nb.relu(nb.affine(h, [[1, 0, 0, 0], [0, 2, -4, 0], [0, 2, -4, 0], acc], [0, 0, F(-1, 2), 0]))


def test_rules_cover_the_piecewise_linear_ops():
    assert RULES.group == PIECEWISE_LINEAR


@pytest.mark.parametrize("m", [1, 2, 3, 6, 10, 12])
def test_yarotsky_has_exactly_2_to_the_m_pieces_interpolating_x_squared(m):
    (form,) = piecewise_linear_form(yarotsky(m), 0, 1)
    assert form.pieces == 2**m
    ts, vs = form.breakpoints, form.values
    assert all(type(t) is MPQ and type(v) is MPQ for t, v in zip(ts, vs))
    assert ts == tuple(MPQ(k, 2**m) for k in range(2**m + 1))
    assert vs == tuple(t * t for t in ts)


def test_official_sawtooth_construction_agrees():
    sawtooth = pytest.importorskip("verinet.constructions.sawtooth")
    (form,) = piecewise_linear_form(sawtooth.yarotsky_square(5).network, 0, 1)
    assert form == piecewise_linear_form(yarotsky(5), 0, 1)[0]


def test_collinear_pieces_are_merged():
    # relu(x) + relu(-x) - relu(x) ... = |x| - x + x: identity on [0, 1] written with 3 units
    nb = NetworkBuilder()
    x = nb.input(1)
    h = nb.relu(nb.affine(x, [[1], [1], [-1]], [0, F(-1, 3), F(1, 5)]))
    net = nb.build(nb.affine(h, [[1, 0, 0]]))  # relu(x) = x on [0,1]; the kinks at 1/3, -1/5 are unused
    (form,) = piecewise_linear_form(net, -1, 1)
    assert [str(t) for t in form.breakpoints] == ["-1", "0", "1"]
    assert [str(v) for v in form.values] == ["0", "0", "1"]


def test_vector_output_gives_one_form_per_output_and_add_concat_slice():
    nb = NetworkBuilder()
    x = nb.input(1)
    a = nb.relu(nb.affine(x, [[1]], [F(-1, 3)]))
    b = nb.relu(nb.affine(x, [[-2]], [1]))
    both = nb.concat(a, b)
    total = nb.add(nb.slice(both, 0, 1), nb.slice(both, 1, 2))
    net = nb.build(nb.concat(total, a))
    f0, f1 = piecewise_linear_form(net, 0, 1)
    assert [str(t) for t in f0.breakpoints] == ["0", "1/3", "1/2", "1"]
    assert [str(v) for v in f0.values] == ["1", "1/3", "1/6", "2/3"]
    assert [str(t) for t in f1.breakpoints] == ["0", "1/3", "1"]


def test_sympy_piecewise_export_is_exact():
    (form,) = piecewise_linear_form(yarotsky(2), 0, 1)
    x = sympy.Symbol("x")
    pw = form.to_sympy(x)
    assert isinstance(pw, sympy.Piecewise)
    for k in range(9):
        t = sympy.Rational(k, 8)
        assert pw.subs(x, t) == sympy.Rational(*_pq(form(MPQ(k, 8))))
    assert pw.subs(x, 2) is sympy.nan


def _pq(q):
    return int(q.numerator), int(q.denominator)


def test_from_points_and_call():
    f = PWLForm.from_points([0, "1/2", 1], [0, "1/4", 1])
    assert f("1/4") == MPQ(1, 8) and type(f("1/4")) is MPQ
    assert f.slopes() == (MPQ(1, 2), MPQ(3, 2))
    with pytest.raises(InvalidArgument, match="outside"):
        f(2)
    with pytest.raises(InvalidArgument, match="increase"):
        PWLForm.from_points([0, 0], [1, 1])


@pytest.mark.parametrize(
    "a, b, error",
    [(0.0, 1, InvalidArgument), (1, 0, InvalidArgument), ("1/2", "1/2", InvalidArgument)],
    ids=["float", "reversed", "empty"],
)
def test_bad_intervals_are_rejected(a, b, error):
    with pytest.raises(error):
        piecewise_linear_form(yarotsky(1), a, b)


def test_vector_input_is_rejected():
    nb = NetworkBuilder()
    net = nb.build(nb.relu(nb.input(2)))
    with pytest.raises(NetworkTypeError, match="scalar input"):
        piecewise_linear_form(net, 0, 1)


def test_budget_that_runs_out_says_how_far_it_got():
    with pytest.raises(BudgetExceeded, match=r"piece budget of 100 exceeded: 128 pieces at ReLU node .*largest completed: 64"):
        piecewise_linear_form(yarotsky(10), 0, 1, budget=Budget(pieces=100))


def test_time_budget():
    with pytest.raises(BudgetExceeded, match="time budget of 0 s"):
        piecewise_linear_form(yarotsky(12), 0, 1, budget=Budget(seconds=0))


# --- property tests: the form agrees with exact evaluation -------------------------------

fractions = st.fractions(min_value=-4, max_value=4, max_denominator=16)


@st.composite
def scalar_networks(draw):
    nb = NetworkBuilder()
    h = nb.input(1)
    width = 1
    for _ in range(draw(st.integers(1, 3))):
        out = draw(st.integers(1, 4))
        w = [[draw(fractions) for _ in range(width)] for _ in range(out)]
        b = [draw(fractions) for _ in range(out)]
        h = nb.relu(nb.affine(h, w, b))
        width = out
    w = [[draw(fractions) for _ in range(width)]]
    return nb.build(nb.affine(h, w, [draw(fractions)]))


@settings(max_examples=60, deadline=None)
@given(net=scalar_networks(), a=fractions, length=st.fractions(min_value=F(1, 8), max_value=6, max_denominator=8),
       xs=st.lists(st.fractions(min_value=0, max_value=1, max_denominator=1000), max_size=8))
def test_form_agrees_with_exact_evaluation(net, a, length, xs):
    b = a + length
    (form,) = piecewise_linear_form(net, a, b)
    ts = form.breakpoints
    assert ts[0] == a and ts[-1] == b
    assert list(form.values) == [y[0] for y in evaluate(net, [[t] for t in ts])]
    points = [a + u * length for u in xs]
    if points:
        assert [form(x) for x in points] == [y[0] for y in evaluate(net, [[x] for x in points])]
    # every interior breakpoint is a kink
    slopes = form.slopes()
    assert all(s != t for s, t in zip(slopes, slopes[1:]))


# --- integer arrays: int64 where a bound proves it exact, Python ints otherwise ----------------

from verinet import int64  # noqa: E402


@pytest.mark.parametrize("limit", [int64.LIMIT, 2**8], ids=["int64", "limit 2^8: mixed dtypes"])
def test_kinks_are_exactly_the_changes_of_slope(limit, monkeypatch):
    from verinet.analysis.pwl1d import _kinks

    monkeypatch.setattr(int64, "LIMIT", limit)
    rng = __import__("random").Random(5)
    for _ in range(300):
        ts = sorted({F(rng.randint(-20, 20), rng.choice([1, 2, 3, 4, 8])) for _ in range(rng.randint(2, 9))})
        if len(ts) < 2:
            continue
        slopes = [F(rng.randint(-3, 3), rng.choice([1, 2, 3]))]
        for _ in ts[2:]:  # often keep the slope, so that collinear points occur
            slopes.append(slopes[-1] if rng.random() < 0.5 else F(rng.randint(-3, 3), rng.choice([1, 2, 3])))
        vs = [F(0)]
        for t0, t1, slope in zip(ts, ts[1:], slopes):
            vs.append(vs[-1] + slope * (t1 - t0))
        form = PWLForm.from_points(ts, vs)
        expected = [True] + [a != b for a, b in zip(slopes, slopes[1:])] + [True]
        assert _kinks(*form.arrays()).tolist() == expected
        merged = form.merged()
        assert merged.breakpoints == tuple(t for t, k in zip(ts, expected) if k)
        assert [a.tolist() for a in merged.arrays()] == [list(merged.T), list(merged.E), list(merged.N)]


@pytest.mark.parametrize("n", [(int64.LIMIT - 1) // 2, (int64.LIMIT + 1) // 2, int64.LIMIT, 2**64])
def test_merging_is_exact_across_the_int64_boundary(n):
    # |A_j| = |N_{j+1} E_j - N_j E_{j+1}| reaches 2 n here; slopes n, 0, n - 1 on [0, 1, 2, 3]
    form = PWLForm([0, 1, 2, 3, 4], [1, 1, 1, 1, 1], [0, n, n, n, 2 * n - 1], 1)
    assert [str(t) for t in form.merged().breakpoints] == ["0", "1", "3", "4"]
    collinear = PWLForm([0, 1, 2], [1, 1, 1], [-n, 0, n], 1)
    assert collinear.merged().pieces == 1
    assert [a.dtype == object for a in collinear.arrays()] == [False, False, n > int64.LIMIT]


@settings(max_examples=40, deadline=None)
@given(net=scalar_networks(), a=fractions, length=st.fractions(min_value=F(1, 8), max_value=6, max_denominator=8))
def test_mixed_int64_and_python_int_rows_give_the_same_form(net, a, length):
    fast = piecewise_linear_form(net, a, a + length)
    original = int64.LIMIT
    int64.LIMIT = 2**10  # most bounds "overflow": rows switch to Python ints part way through
    try:
        slow = piecewise_linear_form(net, a, a + length)
    finally:
        int64.LIMIT = original
    assert [(f.T, f.E, f.N, f.scale) for f in fast] == [(f.T, f.E, f.N, f.scale) for f in slow]


def _chain(weight, depth):
    """relu(w x + 1) then depth times h -> relu(w h - w) + h: huge numbers from w = 2^k."""
    nb = NetworkBuilder()
    h = nb.relu(nb.affine(nb.input(1), [[weight], [-weight]], [1, 1]))
    for _ in range(depth):
        h = nb.relu(nb.affine(h, [[weight, 1], [-1, weight]], [-weight, F(1, 3)]))
    return nb.build(nb.affine(h, [[1, -1]]))


@pytest.mark.parametrize(
    "weight, depth", [(2**10, 1), (2**20, 1), (2**20, 3), (2**31 - 1, 3), (2**31, 3), (2**40 + 1, 3), (3**50, 3)]
)
def test_form_with_numbers_past_int64_agrees_with_exact_evaluation(weight, depth):
    net = _chain(weight, depth)
    (form,) = piecewise_linear_form(net, -2, 2)
    ts = form.breakpoints
    assert list(form.values) == [y[0] for y in evaluate(net, [[t] for t in ts])]
    mids = [(s + t) / 2 for s, t in zip(ts, ts[1:])]
    assert [form(x) for x in mids] == [y[0] for y in evaluate(net, [[x] for x in mids])]


@pytest.mark.parametrize("top, dtype", [(2**63 - 1, "int64"), (2**63, "object")])
def test_a_row_at_the_int64_limit_stays_int64_and_one_past_it_does_not(top, dtype):
    # relu(x) * top on [0, 1]: the output row is (0, top) over scale 1
    import verinet.analysis.pwl1d as pwl1d

    nb = NetworkBuilder()
    net = nb.build(nb.affine(nb.relu(nb.affine(nb.input(1), [[1]], [0])), [[top]]))
    grid = pwl1d._Grid(int64.exact_array([0, 1]), int64.exact_array([1, 1]), Budget(), net)
    (row,) = pwl1d._walk(net, grid).rows
    assert row.dtype == dtype and row.tolist() == [0, top]
    (form,) = piecewise_linear_form(net, 0, 1)
    assert form.values == (0, top)


def test_huge_weight_on_a_zero_row():
    # relu(-x - 5) = 0 on [0, 1]; a weight past int64 on that row must not overflow
    nb = NetworkBuilder()
    h = nb.relu(nb.affine(nb.input(1), [[-1], [1]], [-5, 0]))
    net = nb.build(nb.affine(h, [[2**70, 1]], [F(1, 3)]))
    (form,) = piecewise_linear_form(net, 0, 1)
    assert form.breakpoints == (0, 1) and form.values == (MPQ(1, 3), MPQ(4, 3))
