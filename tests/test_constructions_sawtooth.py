"""Tent map, sawtooth waves, Yarotsky's x**2 and its zig-zag version: exact checks."""

from fractions import Fraction as F

import pytest

from verinet import MPQ, InvalidArgument, evaluate
from verinet.constructions.registry import builders
from verinet.constructions.sawtooth import (
    sawtooth_wave,
    sawtooth_wave_deep,
    tent,
    tent_iterate,
    yarotsky_square,
    zigzag_square,
)
from verinet.interpret.metrics import size_metrics


def values(net, xs):
    out = [y for (y,) in evaluate(net, [[x] for x in xs])]
    assert all(type(y) is MPQ for y in out)
    return [F(int(y.numerator), int(y.denominator)) for y in out]


def saw_reference(x: F) -> F:
    """T_m on [0, 2m]: distance from x to the nearest even integer (independent formula)."""
    r = x - 2 * (x // 2)
    return r if r <= 1 else 2 - r


def square_interpolant(x: F, h: F) -> F:
    """The linear interpolant of t**2 on the grid h Z, evaluated at x."""
    left = (x // h) * h
    return left**2 + (x - left) * (2 * left + h)


def assert_sizes(construction, width, depth, parameters, max_abs):
    metrics = size_metrics(construction.network)
    claims = construction.claims
    assert (metrics["width"], metrics["depth"], metrics["parameters"]) == (width, depth, parameters)
    assert (claims["width"], claims["depth"], claims["parameters"]) == (width, depth, parameters)
    assert metrics["max_abs_parameter"] == claims["max_abs_weight"] == max_abs


def test_tent_values_on_and_off_the_unit_interval():
    xs = [F(-1), F(0), F(1, 4), F(1, 2), F(3, 4), F(1), F(3, 2)]
    assert values(tent().network, xs) == [1 - 2 * abs(x - F(1, 2)) for x in xs]
    assert_sizes(tent(), 2, 1, 7, 2)


@pytest.mark.parametrize("k", range(1, 7))
def test_tent_iterate_is_the_sawtooth_at_dyadic_points(k):
    grid = [F(i, 2 ** (k + 2)) for i in range(2 ** (k + 2) + 1)]
    # h^k(x) = T_{2^(k-1)}(2^k x) on [0, 1] (proof of Prop. B.1)
    assert values(tent_iterate(k).network, grid) == [saw_reference(2**k * x) for x in grid]
    assert_sizes(tent_iterate(k), 2, k, 6 * k + 1, 2)


@pytest.mark.parametrize("m", [1, 2, 3, 5, 8])
def test_sawtooth_wave_teeth_and_zero_outside(m):
    grid = [F(i, 4) for i in range(8 * m + 1)]
    assert values(sawtooth_wave(m).network, grid) == [saw_reference(x) for x in grid]
    assert values(sawtooth_wave(m).network, [F(-3), F(2 * m + 1), F(10**6)]) == [0, 0, 0]
    # Lemma B.2's T_m: T_m(2j) = 0, T_m(2j + 1) = 1
    assert values(sawtooth_wave(m).network, list(range(2 * m + 1))) == [j % 2 for j in range(2 * m + 1)]
    assert_sizes(sawtooth_wave(m), 2 * m + 1, 1, 6 * m + 4, max(2, 2 * m))


@pytest.mark.parametrize("m", [1, 2, 4, 8, 16, 64])
def test_deep_sawtooth_equals_shallow_on_its_interval(m):
    grid = [F(i, 4) for i in range(8 * m + 1)]
    deep = sawtooth_wave_deep(m)
    assert values(deep.network, grid) == values(sawtooth_wave(m).network, grid)
    depth = m.bit_length()
    assert_sizes(deep, 2, depth, 6 * depth + 1, 2)


@pytest.mark.parametrize("m", range(1, 9))
def test_yarotsky_square_interpolates_and_errs_exactly_at_midpoints(m):
    c = yarotsky_square(m)
    h = F(1, 2**m)
    nodes = [i * h for i in range(2**m + 1)]
    midpoints = [(i + F(1, 2)) * h for i in range(2**m)]
    assert values(c.network, nodes) == [x * x for x in nodes]
    errors = [y - x * x for x, y in zip(midpoints, values(c.network, midpoints))]
    assert set(errors) == {F(1, 2 ** (2 * m + 2))} == {c.claims["sup_error"]}
    assert c.claims["pieces"] == 2**m and c.claims["interval"] == (0, 1)


@pytest.mark.parametrize("m", [1, 2, 3, 6])
def test_yarotsky_square_is_the_interpolant_between_nodes(m):
    grid = [F(i, 2 ** (m + 3)) for i in range(2 ** (m + 3) + 1)]
    assert values(yarotsky_square(m).network, grid) == [square_interpolant(x, F(1, 2**m)) for x in grid]


@pytest.mark.parametrize("m", [1, 2, 3, 7])
def test_yarotsky_square_sizes(m):
    # width 3, depth m; parameters 6 + 12(m - 1) + 4; weights 2, -4 in the tent rows
    assert_sizes(yarotsky_square(m), 3, m, 12 * m - 2, 4 if m >= 2 else 1)


@pytest.mark.parametrize("n", [2, 3, 4, 5])
@pytest.mark.parametrize("L", [1, 2, 3])
def test_zigzag_square_error_and_sizes(n, L):
    c = zigzag_square(n, L)
    h = F(1, n**L)
    grid = [i * h / 4 for i in range(4 * n**L + 1)]
    ys = values(c.network, grid)
    assert ys == [square_interpolant(x, h) for x in grid]
    assert max(y - x * x for x, y in zip(grid, ys)) == F(1, 4 * n ** (2 * L)) == c.claims["sup_error"]
    assert c.claims["pieces"] == n**L
    assert_sizes(c, n + 1, L, 2 * (n + 1) + (L - 1) * (n + 1) * (n + 2) + n + 2, 2 * n if L >= 2 else 1)


def test_zigzag_with_two_teeth_is_yarotsky():
    grid = [F(i, 64) for i in range(65)]
    assert values(zigzag_square(2, 4).network, grid) == values(yarotsky_square(4).network, grid)


@pytest.mark.parametrize(
    "call",
    [
        lambda: yarotsky_square(0),
        lambda: yarotsky_square(2.0),
        lambda: yarotsky_square("3"),
        lambda: zigzag_square(1, 2),
        lambda: zigzag_square(3, 0),
        lambda: tent_iterate(0),
        lambda: sawtooth_wave(0),
        lambda: sawtooth_wave_deep(3),
        lambda: sawtooth_wave_deep(0),
    ],
    ids=["m=0", "m=2.0", "m='3'", "n=1", "L=0", "k=0", "teeth=0", "deep teeth=3", "deep teeth=0"],
)
def test_invalid_arguments_raise(call):
    with pytest.raises(InvalidArgument):
        call()


def test_registered_names_and_parameters():
    catalogue = builders()
    # every block of issue 4 that takes CLI-readable parameters is listed by `verinet build --list`
    assert {
        "tent", "tent-iterate", "sawtooth-wave", "sawtooth-wave-deep", "sawtooth", "zigzag-square",
        "square", "product-unit", "product", "product-many", "monomial", "polynomial",
        "max3", "min3", "mid3", "mid-repair", "step", "index-map", "power-map", "cube-index",
        "bit-extraction", "unpacking", "point-fitting", "fitted-step",
    } <= set(catalogue)
    assert set(catalogue["sawtooth"].parameters) == {"m"}
    assert set(catalogue["zigzag-square"].parameters) == {"n", "L"}
    parse, _ = catalogue["sawtooth"].parameters["m"]
    built = catalogue["sawtooth"].function(m=parse("3"))
    assert built.name == "sawtooth" and built.parameters == {"m": 3}
    with pytest.raises(InvalidArgument):
        parse("three")
    with pytest.raises(InvalidArgument):
        parse("0")


# Exact sup-error checks with the 1-D analysis engine: the network's whole piecewise-linear
# form on [0, 1], not samples.
from verinet.analysis.pwl1d import piecewise_linear_form  # noqa: E402


@pytest.mark.parametrize("n, L", [(2, 1), (2, 5), (3, 2), (4, 3), (5, 2)])
def test_zigzag_square_exact_form_and_sup_error(n, L):
    c = zigzag_square(n, L)
    (form,) = piecewise_linear_form(c.network, 0, 1)
    grid = tuple(F(i, n**L) for i in range(n**L + 1))
    assert form.breakpoints == grid and form.pieces == c.claims["pieces"]
    assert all(v == t * t for t, v in zip(form.breakpoints, form.values))
    # between breakpoints the interpolant minus t^2 is concave with peak (h/2)^2
    assert max(((t1 - t0) / 2) ** 2 for t0, t1 in zip(grid, grid[1:])) == c.claims["sup_error"]


@pytest.mark.parametrize("k", [1, 4, 9])
def test_tent_iterate_has_2_to_the_k_pieces(k):
    (form,) = piecewise_linear_form(tent_iterate(k).network, 0, 1)
    assert form.pieces == tent_iterate(k).claims["pieces"] == 2**k
    assert set(form.values) == {0, 1}


@pytest.mark.parametrize("m", [1, 3, 16])
def test_sawtooth_wave_pieces_on_its_interval(m):
    for build in (sawtooth_wave, sawtooth_wave_deep):
        if build is sawtooth_wave_deep and m & (m - 1):
            continue
        (form,) = piecewise_linear_form(build(m).network, 0, 2 * m)
        assert form.pieces == 2 * m and form.values == tuple(j % 2 for j in range(2 * m + 1))
