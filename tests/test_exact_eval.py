"""Fast exact evaluation equals the Fraction reference, on every path (limbs, packed, columns).

The limb path (``verinet.interpret.limbs``) holds exact integers in float64 limbs; it is
exact because every intermediate stays below 2^53 (module docstring).  These tests check
that argument three ways: the limb kernels against Python ints (including the worst cases
of the bound), whole networks against ``evaluate_reference`` on every path, and the radix
choice itself by exact integer arithmetic, plus a demonstration that a radix past the
bound does lose exactness (so the comparison with the reference would catch it).  The
packed path's own primitives are tested in ``test_packed_eval.py``.
"""

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from verinet.testing.strategies import networks, points

from verinet import MPQ, NetworkBuilder
from verinet.errors import InvalidArgument, ShapeError
from verinet.interpret import columns, limb_path
from verinet.interpret import limbs as L
from verinet.interpret import packed
from verinet.interpret.exact import PATHS, Batch, CommonBatch, evaluate, evaluate_one, from_batch, run_batch, to_batch
from verinet.interpret.reference import evaluate_reference
from verinet.ops import PIECEWISE_POLYNOMIAL, Add, Affine

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BOTH = ("limbs", "packed", "columns")
GENERAL = ("packed", "columns")  # the paths that take any weights


def _fractions(outputs) -> list:
    """Outputs of ``evaluate`` as lists of ``Fraction`` (exact types checked on the way)."""
    assert all(type(v) is MPQ for y in outputs for v in y)
    return [[Fraction(int(v.numerator), int(v.denominator)) for v in y] for y in outputs]


def _agree(net, pts, paths=BOTH):
    """Every path given (and auto) gives exactly the reference values at every point."""
    expected = [evaluate_reference(net, p) for p in pts]
    for path in paths + ("auto",):
        assert _fractions(evaluate(net, pts, path=path)) == expected, path
    return expected


def _chain(weights, bias=None, relu=False):
    """``x -> [relu](W x + b)``."""
    b = NetworkBuilder()
    y = b.affine(b.input(len(weights[0])), weights, bias)
    return b.build(b.relu(y) if relu else y)


# ---------------------------------------------------------------------------------------
# The limb kernels against Python ints.

RADIX = st.integers(L.K_MIN, 51)


def _boundary_ints(k):
    """Integers at and around every digit boundary of radix 2^k up to four limbs, both signs."""
    near = [2 ** (k * j) + d for j in range(5) for d in (-2, -1, 0, 1)]
    return st.sampled_from(near + [-v for v in near] + [0, 2**k, -(2**k)])


def _ints(k):
    return st.one_of(_boundary_ints(k), st.integers(-(2**300), 2**300), st.integers(-(2**2100), 2**2100))


def _limbs(values, rows, k):
    """Limbs (L x rows x B) of the row-major Python ints ``values``."""
    return L.from_array(np.array(values, dtype=object).reshape(rows, -1), k)


def _values(x, k):
    """Row-major Python ints held by the limbs ``x``."""
    return [int(v) for v in L.to_array(x, k).ravel()]


def _normal_form(x, k):
    """The invariants of the normal form: integer digits below the top, ``|top| <= 2^k``."""
    assert x.dtype == np.float64 and np.all(x == np.floor(x))
    assert np.all(x[:-1] >= 0) and np.all(x[:-1] < 2.0**k)
    assert np.all(np.abs(x[-1]) <= 2.0**k)


def _with_headroom(r, k):
    """``r`` with ``headroom(k)`` zero limbs on top, as ``normalize`` needs."""
    return np.concatenate([r, np.zeros((L.headroom(k),) + r.shape[1:])])


@SETTINGS
@given(st.data(), RADIX)
def test_limbs_round_trip_python_ints(data, k):
    rows = data.draw(st.integers(1, 3))
    values = data.draw(st.lists(_ints(k), min_size=rows, max_size=3 * rows).map(lambda v: v[: len(v) // rows * rows]))
    x = _limbs(values, rows, k)
    _normal_form(x, k)
    assert _values(x, k) == values
    assert _values(L.relu(x), k) == [max(v, 0) for v in values]
    wide = L.widen(x, x.shape[0] + data.draw(st.integers(0, 8)), k)  # sign extension, both normalize branches
    _normal_form(wide, k)
    assert _values(wide, k) == values
    small = [v for v in values if -(2**63) <= v < 2**63]  # the int64 route gives the same limbs
    if small:
        assert np.array_equal(L.from_array(np.array(small, dtype=np.int64)[None], k), _limbs(small, 1, k))


@SETTINGS
@given(st.data(), RADIX)
def test_normalize_reaches_normal_form_from_the_largest_allowed_limbs(data, k):
    # Limbs up to (c + 1) 2^k with (c + 2) 2^k <= 2^52: what the product plus a bias can produce in affine.
    top = 2**52 - 2**k
    extreme = st.sampled_from([top, -top, 2**k, -(2**k), 2**k - 1, -1, 0])
    count = data.draw(st.integers(1, 10))  # both branches (few and many limbs)
    entries = data.draw(st.lists(st.one_of(extreme, st.integers(-top, top)), min_size=2 * count, max_size=2 * count))
    r = np.array(entries, dtype=np.float64).reshape(count, 1, 2)
    value = [sum(entries[i * 2 + j] << (k * i) for i in range(count)) for j in range(2)]
    out = L.trim(L.normalize(_with_headroom(r, k), k))
    _normal_form(out, k)
    assert _values(out, k) == value


def test_headroom_is_the_least_that_absorbs_every_carry():
    # E = headroom(k) is the least E >= 1 with (E + 1) k >= 54 (limbs.py docstring), and
    # it suffices at the extremes: every limb at +-2^52, the most a carry pass accepts.
    for k in range(L.K_MIN, 52):
        e = L.headroom(k)
        assert e >= 1 and (e + 1) * k >= 54 and (e == 1 or e * k < 54), k
        for count in (1, 3, 9):  # both normalize branches
            for sign in (1, -1):
                r = np.full((count, 1, 1), sign * 2.0**52)
                out = L.normalize(_with_headroom(r, k), k)
                _normal_form(out, k)
                assert _values(out, k) == [sign * sum(2**52 << (k * i) for i in range(count))]


def test_carry_and_borrow_run_through_every_limb():
    for k in (12, 33, 50):
        for count in (3, 9):  # both normalize branches
            ones = 2 ** (k * count) - 1  # every digit 2^k - 1
            x = _limbs([ones, -ones, 2 ** (k * count)], 1, k)
            one = np.eye(1)
            plus_one = L.affine(one, x, np.array([[1.0]]), k)
            _normal_form(plus_one, k)
            assert _values(plus_one, k) == [ones + 1, -ones + 1, 2 ** (k * count) + 1]
            minus_one = L.affine(one, x, np.array([[-1.0]]), k)
            assert _values(minus_one, k) == [ones - 1, -ones - 1, 2 ** (k * count) - 1]


def test_top_limb_at_plus_and_minus_radix_keeps_its_sign():
    k = 20
    x = np.array([[[5.0, 0.0, 3.0]], [[2.0**k, -(2.0**k), -1.0]]])  # 2^k at the top, both signs
    _normal_form(x, k)
    values = [5 + 2 ** (2 * k), -(2 ** (2 * k)), 3 - 2**k]
    assert _values(x, k) == values
    assert _values(L.relu(x), k) == [values[0], 0, 0]
    assert _values(L.widen(x, 4, k), k) == values


@SETTINGS
@given(st.data(), RADIX)
def test_affine_with_row_sums_at_the_bound_is_exact(data, k):
    c = 2 ** (52 - k) - 2  # the largest bound radix() pairs with k
    assert L.radix(c) == k
    cols = data.draw(st.integers(1, 3))
    split = data.draw(st.lists(st.integers(0, c), min_size=cols - 1, max_size=cols - 1))
    cuts = sorted(split)
    row = [hi - lo for lo, hi in zip([0] + cuts, cuts + [c])]  # non-negative, sums to c
    signs = data.draw(st.lists(st.sampled_from([1, -1]), min_size=cols, max_size=cols))
    weights = [[s * w for s, w in zip(signs, row)], [-s * w for s, w in zip(signs, row)]]
    values = data.draw(st.lists(_ints(k), min_size=cols * 2, max_size=cols * 2))
    x = _limbs(values, cols, k)
    bias = data.draw(st.lists(_ints(k), min_size=2, max_size=2))
    out = L.affine(np.array(weights, dtype=np.float64), x, _limbs(bias, 2, k)[:, :, 0], k)
    _normal_form(out, k)
    expected = [sum(w * values[j * 2 + p] for j, w in enumerate(wr)) + b for wr, b in zip(weights, bias) for p in range(2)]
    assert _values(out, k) == expected


@SETTINGS
@given(st.data(), RADIX)
def test_scale_and_shift_down_are_exact(data, k):
    values = data.draw(st.lists(_ints(k), min_size=1, max_size=4))
    x = _limbs(values, 1, k)
    factor = data.draw(
        st.one_of(
            st.integers(1, 2**12),
            st.integers(1, 2**200),
            st.builds(lambda e, o: o << e, st.integers(0, 3 * k), st.sampled_from([1, 3, 2**60 + 1])),
        )
    )
    scaled = L.scale(x, factor, k)
    _normal_form(scaled, k)
    assert _values(scaled, k) == [v * factor for v in values]
    t = data.draw(st.integers(0, 4 * k))
    shifted = L.shift_down(_limbs([v << t for v in values], 1, k), t, k)
    _normal_form(shifted, k)
    assert _values(shifted, k) == values


@SETTINGS
@given(st.data(), RADIX)
def test_twos_is_the_least_valuation_of_the_nonzero_entries(data, k):
    rows = data.draw(st.integers(1, 3))
    values = data.draw(st.lists(st.one_of(_ints(k), st.just(0), st.integers(0, 2**8).map(lambda e: 1 << e)),
                                min_size=rows, max_size=3 * rows).map(lambda v: v[: len(v) // rows * rows]))
    limit = data.draw(st.integers(0, 5 * k))
    nonzero = [(v & -v).bit_length() - 1 for v in values if v]
    assert L.twos(_limbs(values, rows, k), limit, k) == min([limit] + nonzero)


def test_radix_is_the_largest_with_headroom_exactly():
    # radix(c) = max { k : (c + 2) 2^k <= 2^52 }, or None below K_MIN, checked in integers
    # at and around every power of two: an off-by-one in the formula fails here.
    cases = {0, 1, 2, L.MAX_BOUND - 1, L.MAX_BOUND, L.MAX_BOUND + 1, 2**60}
    cases |= {2**e + d for e in range(1, 45) for d in (-3, -2, -1, 0, 1)}
    for c in sorted(cases):
        k = L.radix(c)
        best = max(j for j in range(53) if (c + 2) * 2**j <= 2**52) if (c + 2) <= 2**52 else -1
        if best < L.K_MIN:
            assert k is None, c
        else:
            assert k == best, c
            assert (c + 2) * 2**k <= 2**52 < (c + 2) * 2 ** (k + 1)
    assert L.radix(L.MAX_BOUND) == L.K_MIN and L.radix(L.MAX_BOUND + 1) is None


def test_radix_past_the_bound_loses_exactness(monkeypatch):
    # The radix keeps one bit of headroom (2^52, not 2^53) for carries, so k + 1 still
    # happens to be exact on this input; k + 2 pushes a product past 2^53 and an odd
    # integer there is not a double.  The comparison with the reference sees it.
    c = 2**20 - 2
    k = L.radix(c)
    net = _chain([[c - 1, 1]])
    point = [2 ** (k + 2) - 1, 2]  # single limbs at radix k + 2; (c-1)(2^(k+2)-1)+2 is odd, > 2^53
    exact_value = evaluate_reference(net, point)
    assert _fractions(evaluate(net, [point], path="limbs")) == [exact_value]
    assert (c - 1) * (2 ** (k + 2) - 1) + 2 > 2**53
    monkeypatch.setattr(L, "radix", lambda bound: k + 2)
    assert _fractions(evaluate(net, [point], path="limbs")) != [exact_value]


# ---------------------------------------------------------------------------------------
# Whole networks: both paths against the reference.


@st.composite
def _cases(draw):
    net = draw(networks(max_bits=draw(st.sampled_from([4, 8, 30]))))
    size = draw(st.integers(1, 4))
    pts = draw(st.lists(points(net.in_dim, max_bits=draw(st.sampled_from([8, 64, 300]))), min_size=size, max_size=size))
    return net, pts


@SETTINGS
@given(_cases())
def test_both_paths_equal_the_fraction_reference(case):
    net, pts = case
    paths = BOTH if limb_path.radix(net) is not None else GENERAL
    _agree(net, pts, paths)
    batch = to_batch(pts, net.in_dim)
    for path in paths:
        assert _fractions(from_batch(run_batch(net, batch, path=path))) == [evaluate_reference(net, p) for p in pts]


@settings(max_examples=40, deadline=None)
@given(networks(max_bits=60), st.data())
def test_huge_weights_take_the_general_paths(net, data):
    pts = [data.draw(points(net.in_dim, max_bits=40))]
    if limb_path.radix(net) is None:
        with pytest.raises(InvalidArgument, match="path='limbs'"):
            evaluate(net, pts, path="limbs")
        _agree(net, pts, GENERAL)
    else:
        _agree(net, pts)


def test_rules_cover_every_op_on_every_path():
    assert columns.RULES.group == limb_path.RULES.group == packed.RULES.group == PIECEWISE_POLYNOMIAL


def test_values_at_digit_boundaries_through_relu():
    net = _chain([[1, 0], [0, -1]], ["1/3", 0], relu=True)
    k = limb_path.radix(net)
    pts = [[s * (2 ** (k * j) + d), -s * (2 ** (k * j) + d)] for j in range(4) for d in (-1, 0, 1) for s in (1, -1)]
    _agree(net, pts)


def test_sum_lands_on_plus_and_minus_radix_in_the_top_limb():
    net = _chain([[1, 1]], relu=True)  # c = 2: k = 50, and 2^49 + 2^49 = 2^k is one limb
    k = limb_path.radix(net)
    assert k == 50
    half = 2 ** (k - 1)
    _agree(net, [[half, half], [-half, -half], [-half, half - 1], [-1, 0], [-half, -half + 1]])


def test_carries_across_every_limb_of_a_network_value():
    net = _chain([[1]], [1])
    k = limb_path.radix(net)
    pts = [[2 ** (k * 7) - 1], [-(2 ** (k * 7))], [-(2 ** (k * 7)) - 1], [Fraction(2 ** (k * 7) - 1, 3)]]
    assert _agree(net, pts)[0] == [2 ** (k * 7)]


def test_deep_narrow_network_with_2000_bit_numbers():
    # x -> 2x + 1/3 per layer, through identity ReLUs on (x, -x): numbers pass 2000 bits.
    b = NetworkBuilder()
    y = b.input(2)
    for _ in range(2000):
        y = b.relu(b.affine(y, [[2, 0], [0, 2]], ["1/3", "-1/3"]))
    net = b.build(b.affine(y, [[1, -1]]))
    assert limb_path.radix(net) is not None
    pts = [[1, 0], [Fraction(1, 7), Fraction(-5, 3)], [Fraction(1, 3 * 2**70), 0]]
    # First coordinate: 2^n a + (2^n - 1)/3; the second dies at the first ReLU.
    expected = [[Fraction(p[0]) * 2**2000 + Fraction(2**2000 - 1, 3)] for p in pts]
    assert [evaluate_reference(net, p) for p in pts] == expected
    assert all(v[0].numerator.bit_length() > 2000 for v in expected)
    for path in BOTH:
        assert _fractions(evaluate(net, pts, path=path)) == expected


def test_numbers_of_two_thousand_bits_as_inputs():
    net = _chain([[3, -1], [1, 1]], ["-1/5", "7/9"], relu=True)
    big = 2**2049 + 12345
    _agree(net, [[Fraction(big, 3**40), -big], [-big, Fraction(1, big)], [big, big]])


def test_denominators_that_are_not_powers_of_two():
    b = NetworkBuilder()
    y = b.input(2)
    for i in range(6):
        y = b.relu(b.affine(y, [["1/3", "-2/7"], ["5/11", f"1/{3**i}"]], ["1/13", "-1/6"]))
    net = b.build(y)
    _agree(net, [[Fraction(j, 3**5), Fraction(-j, 7)] for j in range(-4, 5)])


def test_add_concat_slice_and_arity_one_add():
    b = NetworkBuilder()
    x = b.input(3)
    h = b.relu(b.affine(x, [[1, -1, 0], [0, "1/2", 1], [-1, 0, "1/3"]], [0, "-1/4", 1]))
    s = b.slice(h, 1, 3)
    t = b.affine(x, [["1/1024", 0, 1], [0, 7, "-1/9"]])
    added = b.add(s, t, b.slice(x, 0, 2))  # arity 3, denominators 4, 1024, 9
    one = b.add_op(Add(2, 1), [added])
    net = b.build(b.concat(one, b.relu(b.slice(t, 0, 1)), x))
    pts = [[1, 2, 3], [Fraction(-1, 3), Fraction(5, 2), 2**90], [0, 0, 0], [Fraction(-7, 2**80), -(2**100), 1]]
    _agree(net, pts)


def test_weight_bound_exactly_at_the_threshold_on_both_sides():
    pts = [[1, -1], [Fraction(2**61 + 1, 3), Fraction(-5, 2**30)], [-(2**200), 2**200 - 1]]
    at = _chain([[L.MAX_BOUND - 5, 5], [-3, 2]], [1, 0], relu=True)  # row sum = MAX_BOUND: limbs, k = K_MIN
    assert limb_path.radix(at) == L.K_MIN
    _agree(at, pts)
    past = _chain([[L.MAX_BOUND - 5, -6], [-3, 2]], [1, 0], relu=True)  # MAX_BOUND + 1: columns only
    assert limb_path.radix(past) is None
    with pytest.raises(InvalidArgument, match="path='limbs'"):
        evaluate(past, pts, path="limbs")
    _agree(past, pts, GENERAL)


def test_bound_counts_weight_numerators_over_their_own_denominator():
    net = _chain([[Fraction(2**45, 3**40)]])  # numerator 2^45 over 3^40: too big for limbs
    assert limb_path.radix(net) is None
    # Stored over 3 * 2^300 as weight 3 and bias -2^300; the weight alone is 1 / 2^300.
    net = _chain([[Fraction(1, 2**300)]], [Fraction(-1, 3)])
    assert limb_path.radix(net) == L.radix(1)
    _agree(net, [[2**300], [Fraction(-1, 2**300)]])


def test_single_point_and_evaluate_one():
    net = _chain([["1/3", "-1/2"]], ["1/6"], relu=True)
    for path in PATHS:
        assert evaluate_one(net, ["1/2", "-1/3"], path=path) == (MPQ(1, 2),)
        assert evaluate(net, [[3, 8]], path=path) == [(MPQ(0),)]


def test_empty_batch_and_bad_arguments_are_rejected():
    net = _chain([[1, 1]])
    for path in PATHS:
        with pytest.raises(InvalidArgument, match="no points"):
            evaluate(net, [], path=path)
        with pytest.raises(ShapeError, match="point 1 has 1 coordinates"):
            evaluate(net, [[1, 2], [3]], path=path)
        with pytest.raises(InvalidArgument, match=r"point 0\[1\]"):
            evaluate(net, [[1, 0.5]], path=path)
    with pytest.raises(InvalidArgument, match="path='fast'"):
        evaluate(net, [[1, 2]], path="fast")


def test_output_is_reduced_with_a_positive_denominator():
    # 2^-20 weights over a 3-denominator input: the limb path cancels powers of two in
    # ReLU, the rest is left to MPQ's reduction; zero comes out as 0/1.
    net = _chain([[Fraction(3, 2**20)], [Fraction(-3, 2**20)]], relu=True)
    for path in BOTH:
        (y,) = evaluate(net, [[Fraction(2**20, 3)]], path=path)
        assert y == (MPQ(1), MPQ(0)) and all(v.denominator == 1 for v in y)


def test_affine_of_huge_numerator_rows_falls_back_per_network():
    small, big = Affine(((1,),), (0,), 1), Affine(((2**41,),), (0,), 1)
    b = NetworkBuilder()
    net = b.build(b.affine_op(b.affine_op(b.input(1), small), big))
    assert limb_path.radix(net) is None
    assert evaluate(net, [[Fraction(1, 3)]]) == [(MPQ(2**41, 3),)]


def test_add_arity_counts_towards_the_bound():
    # No weights at all: the bound is the arity 5, so k = 49.  At k = 51 the float sum of
    # five digits 2^51 - 1 would reach the odd 2^53 + 2^51 - 5 and round.
    b = NetworkBuilder()
    x = b.input(5)
    net = b.build(b.add(*(b.slice(x, i, i + 1) for i in range(5))))
    assert limb_path.radix(net) == L.radix(5) == 49
    _agree(net, [[2**51 - 1] * 5, [-(2**51) + 1] * 5, [2**49 - 1, 2**49, 2**98 - 1, -1, 1]])


def test_fixed_fractional_biases_do_not_grow_the_denominator():
    # h -> relu([[2, 1], [-1, 2]] h + (1/3, 1/5)): integer weights, so the common
    # denominator becomes lcm(den, 15) once and stays there (the scale-by-f branch runs
    # on the first layer only); values are still checked against the reference.
    b = NetworkBuilder()
    y = b.input(2)
    for _ in range(50):
        y = b.relu(b.affine(y, [[2, 1], [-1, 2]], ["1/3", "1/5"]))
    net = b.build(y)
    pts = [[Fraction(j, 3**5), Fraction(j + 1, 7)] for j in range(-3, 4)]
    _agree(net, pts)
    numerators = [[j * 7, (j + 1) * 3**5] for j in range(-3, 4)]
    assert run_batch(net, CommonBatch(numerators, 3**5 * 7), path="limbs").denominator == 3**5 * 7 * 5


# ---------------------------------------------------------------------------------------
# Integers over one common denominator: the input that skips per-number parsing.


def _over_one_denominator(pts):
    """``(numerators, den)`` of exact points over their least common denominator."""
    fractions = [[Fraction(int(v.numerator), int(v.denominator)) for v in p] for p in pts]
    den = math.lcm(*(v.denominator for p in fractions for v in p))
    return [[int(v * den) for v in p] for p in fractions], den


@SETTINGS
@given(_cases(), st.sampled_from(["list", "int64", "object"]))
def test_common_batch_equals_the_fraction_reference(case, kind):
    net, pts = case
    numerators, den = _over_one_denominator(pts)
    if kind == "int64" and any(not -(2**63) <= v < 2**63 for p in numerators for v in p):
        kind = "object"
    data = numerators if kind == "list" else np.array(numerators, dtype=np.int64 if kind == "int64" else object)
    batch = CommonBatch(data, den)
    expected = [evaluate_reference(net, p) for p in pts]
    for path in (BOTH if limb_path.radix(net) is not None else GENERAL) + ("auto",):
        assert _fractions(evaluate(net, batch, path=path)) == expected, path
        out = run_batch(net, batch, path=path)
        assert type(out) is CommonBatch and _fractions(from_batch(out)) == expected


def test_common_batch_from_int64_extremes_and_unsigned_and_big_ints():
    net = _chain([[1, -1], ["1/3", 2]], ["1/7", 0], relu=True)
    top, bottom = 2**63 - 1, -(2**63)
    rows = [[top, bottom], [bottom, top], [0, -1], [top, top]]
    expected = [evaluate_reference(net, [Fraction(v, 5) for v in row]) for row in rows]
    for data in (np.array(rows, dtype=np.int64), rows, np.array(rows, dtype=object)):
        assert _fractions(evaluate(net, CommonBatch(data, 5))) == expected
    unsigned = np.array([[2**64 - 1, 2**63], [7, 0]], dtype=np.uint64)  # beyond int64: kept as Python ints
    expected = [evaluate_reference(net, [Fraction(int(v), 3) for v in row]) for row in unsigned.tolist()]
    assert _fractions(evaluate(net, CommonBatch(unsigned, 3))) == expected
    small = np.array([[-128, 127]], dtype=np.int8)
    assert evaluate(net, CommonBatch(small, 1)) == evaluate(net, [[-128, 127]])
    big = [[3**200, -(5**90)], [2**4000, 1]]
    assert _fractions(evaluate(net, CommonBatch(big, 11**30))) == [
        evaluate_reference(net, [Fraction(v, 11**30) for v in row]) for row in big
    ]


def test_common_batch_keeps_its_own_copy_and_its_shape():
    source = np.array([[1, 2, 3], [4, 5, 6]])
    batch = CommonBatch(source, 4)
    source[0, 0] = 99
    assert (batch.size, batch.width, batch.denominator) == (2, 3, 4)
    assert batch.numerators.tolist() == [[1, 2, 3], [4, 5, 6]]
    with pytest.raises(ValueError):
        batch.numerators[0, 0] = 7  # read-only
    with pytest.raises(AttributeError):
        batch.denominator = 5
    assert [[str(v) for v in p] for p in from_batch(batch)] == [["1/4", "1/2", "3/4"], ["1", "5/4", "3/2"]]
    assert repr(batch) == "CommonBatch(2 points of width 3 over 4)"


def test_run_batch_returns_the_kind_it_was_given():
    net = _chain([["1/3", "-1/2"]], ["1/6"], relu=True)
    pts = [[Fraction(1, 2), Fraction(-1, 3)], [3, 8]]
    expected = [evaluate_reference(net, p) for p in pts]
    numerators, den = _over_one_denominator(pts)
    for path in PATHS:
        columns = run_batch(net, to_batch(pts, 2), path=path)
        common = run_batch(net, CommonBatch(numerators, den), path=path)
        assert type(columns) is Batch and type(common) is CommonBatch
        assert _fractions(from_batch(columns)) == _fractions(from_batch(common)) == expected
        assert _fractions(evaluate(net, to_batch(pts, 2), path=path)) == expected


BAD_BATCHES = [
    (lambda: CommonBatch(np.array([[0.5, 1.0]]), 2), InvalidArgument, "dtype float64"),
    (lambda: CommonBatch(np.array([[True, False]]), 2), InvalidArgument, "dtype bool"),
    (lambda: CommonBatch(np.array([[1, 0.5]], dtype=object), 2), InvalidArgument, r"numerators\[0, 1\]=0.5"),
    (lambda: CommonBatch(np.array([[1, "2"]], dtype=object), 2), InvalidArgument, "numerators.*'2' is not an integer"),
    (lambda: CommonBatch([[1, 2], [3, 0.5]], 2), InvalidArgument, r"numerators\[1\]\[1\]=0.5 is not an integer"),
    (lambda: CommonBatch([[1, True]], 2), InvalidArgument, r"numerators\[0\]\[1\]=True"),
    (lambda: CommonBatch([[1, Fraction(1, 2)]], 2), InvalidArgument, r"numerators\[0\]\[1\]=Fraction\(1, 2\)"),
    (lambda: CommonBatch([[1, 2], [3]], 2), ShapeError, "row 1 has 1 entries, row 0 has 2"),
    (lambda: CommonBatch([1, 2], 2), InvalidArgument, "numerators row 0 = 1"),
    (lambda: CommonBatch("12", 2), InvalidArgument, "numerators='12'"),
    (lambda: CommonBatch(np.array([1, 2]), 2), ShapeError, r"shape \(2,\)"),
    (lambda: CommonBatch(np.zeros((2, 2, 2), dtype=np.int64), 2), ShapeError, r"shape \(2, 2, 2\)"),
    (lambda: CommonBatch(np.zeros((0, 3), dtype=np.int64), 2), InvalidArgument, "no points"),
    (lambda: CommonBatch([], 2), ShapeError, r"shape \(0,\)"),
    (lambda: CommonBatch([[], []], 2), ShapeError, "width 0"),
    (lambda: CommonBatch([[1]], 0), InvalidArgument, "denominator=0 must be a positive integer"),
    (lambda: CommonBatch([[1]], -3), InvalidArgument, "denominator=-3"),
    (lambda: CommonBatch([[1]], 2.0), InvalidArgument, "denominator=2.0"),
    (lambda: CommonBatch([[1]], "4"), InvalidArgument, "denominator='4'"),
    (lambda: CommonBatch([[1]], True), InvalidArgument, "denominator=True"),
    (lambda: CommonBatch([[1]], Fraction(4)), InvalidArgument, r"denominator=Fraction\(4, 1\)"),
    (lambda: evaluate(_chain([[1, 1]]), CommonBatch([[1, 2, 3]], 1)), ShapeError, "width 3, the network input has width 2"),
    (lambda: run_batch(_chain([[1, 1]]), [[1, 2]]), InvalidArgument, r"batch=\[\[1, 2\]\] must be a Batch"),
    (lambda: run_batch(_chain([[1, 1]]), CommonBatch([[1, 2]], 1), path="fast"), InvalidArgument, "path='fast'"),
]


@pytest.mark.parametrize("call, error, message", BAD_BATCHES, ids=[m for _, _, m in BAD_BATCHES])
def test_bad_common_batches_are_rejected(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_points_over_a_common_denominator_at_the_int64_edge():
    # n * (den // d) is formed in int64 only when max|n| * max(den // d) < 2^63 provably;
    # just past that, and for a denominator of 2^63 or more, Python ints take over.
    net = _chain([[1, 1, 1]])
    cases = [
        [[2**61, Fraction(1, 2), 0]],  # 2^61 * 2 = 2^62: int64
        [[2**62, Fraction(1, 2), 0]],  # 2^62 * 2 = 2^63: Python ints
        [[-(2**63), 2**63 - 1, 0]],  # den 1: int64 extremes untouched
        [[-(2**63), Fraction(1, 3), Fraction(-1, 2**63)]],  # den 3 * 2^63
        [[2**64, 1, Fraction(5, 7)]],  # numerators beyond int64
    ]
    for pts in cases:
        _agree(net, pts)
        assert _fractions(evaluate(net, pts)) == [[sum(Fraction(v) for v in pts[0])]]
