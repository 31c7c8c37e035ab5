"""ReQU constructions: each exact identity checked symbolically and at points; mutated ones must fail (issue 14, part 5)."""

from fractions import Fraction as F

import pytest
import sympy
from hypothesis import given, settings, strategies as st

from verinet import MPQ
from verinet.analysis.ppoly1d import PPolyForm, piecewise_polynomial_form
from verinet.constructions.registry import builders
from verinet.constructions.requ import requ_monomial, requ_polynomial, requ_product, requ_square, weight_bound
from verinet.errors import InvalidArgument
from verinet.interpret.reference import evaluate_reference
from verinet.ops import Affine, ReQU

INTERVAL = (MPQ(-7, 2), MPQ(5))
small = st.fractions(min_value=-20, max_value=20, max_denominator=50)


def one_piece(net, coefficients, interval=INTERVAL):
    """The network's exact form on ``interval`` is the single polynomial ``coefficients``."""
    (form,) = piecewise_polynomial_form(net, *interval, max_degree=256)
    return form == PPolyForm(interval, [_trim(coefficients)])


def _trim(cs):
    cs = [MPQ(c) for c in cs]
    while cs and cs[-1] == 0:
        cs.pop()
    return cs


def max_abs_parameter(net):
    values = []
    for node in net.order():
        op = net.op(node)
        if isinstance(op, Affine):
            values += [abs(v) for row in op.weights() for v in row] + [abs(v) for v in op.bias()]
    return max(values)


def hidden_layers(net):
    return sum(isinstance(net.op(n), ReQU) for n in net.order())


def mutate(net, node_index=0, row=0, col=0, delta=MPQ(1, 1024)):
    """The network with one weight of its ``node_index``-th affine map moved by ``delta``."""
    nodes = [n for n in net.order() if isinstance(net.op(n), Affine)]
    op = net.op(nodes[node_index])
    W = [list(r) for r in op.weights()]
    W[row][col] += delta
    return net.with_ops({nodes[node_index]: Affine.from_rationals(W, op.bias())})


# --- the identities, symbolically -----------------------------------------------------------

def test_square_identity():
    c = requ_square()
    assert one_piece(c.network, [0, 0, 1])
    assert max_abs_parameter(c.network) == 1 and hidden_layers(c.network) == 1


@pytest.mark.parametrize("k", range(1, 18))
def test_monomial_identity_depth_and_weights(k):
    c = requ_monomial(k)
    assert one_piece(c.network, [0] * k + [1])
    assert hidden_layers(c.network) == c.claims["depth"] == k.bit_length()
    assert max_abs_parameter(c.network) <= weight_bound() == 1


@pytest.mark.parametrize("coefficients", [[3], ["1/2", -1], ["1/2", 0, -3, 1], [0, 0, 0, 0, "-7/3"], [5, -4, 3, -2, 1, "1/9"]])
def test_polynomial_identity_depth_and_weights(coefficients):
    c = requ_polynomial(coefficients)
    assert one_piece(c.network, coefficients)
    assert hidden_layers(c.network) == c.claims["depth"] == len(_trim(coefficients) or [0]) - 1
    assert max_abs_parameter(c.network) <= weight_bound(coefficients)


@settings(max_examples=25, deadline=None)
@given(st.lists(small, min_size=1, max_size=6))
def test_random_polynomials_are_exact(coefficients):
    c = requ_polynomial(coefficients)
    assert one_piece(c.network, coefficients)
    assert max_abs_parameter(c.network) <= weight_bound(coefficients)


def test_product_identity_along_lines():
    # on the line (x, q x + s) the product is q x^2 + s x: one exact piece for every such line
    net = requ_product().network
    assert max_abs_parameter(net) == 1 and hidden_layers(net) == 1
    from verinet.calculus import pre_affine

    for q, s in [(0, 1), (1, 0), (F(-3, 2), F(1, 3)), (7, -2)]:
        line = pre_affine(net, [[1], [q]], [0, s])
        assert one_piece(line, [0, s, q])
    # and x |-> (c, x) for a constant c: c x
    assert one_piece(pre_affine(net, [[0], [1]], ["-5/7", 0]), [0, MPQ(-5, 7)])


def test_gadget_identities_symbolically():
    # [S], [P], [I] as polynomial identities case by case on the sign of every argument
    s, t = sympy.symbols("s t", real=True)
    sigma = lambda u: sympy.Piecewise((u**2, u >= 0), (0, True))  # noqa: E731
    assert sympy.simplify(sympy.piecewise_fold(sigma(t) + sigma(-t)) - t**2) == 0
    P = (sigma(s + t) + sigma(-s - t) - sigma(s - t) - sigma(t - s)) / 4
    for a, b in [(2, 1), (-3, F(1, 2)), (F(1, 3), -5), (0, 7), (-1, -1)]:
        assert P.subs({s: a, t: b}) == sympy.Rational(a) * sympy.Rational(b)


# --- exact evaluation at points -------------------------------------------------------------

@settings(max_examples=60, deadline=None)
@given(small, small)
def test_points(x, y):
    assert evaluate_reference(requ_square().network, [x]) == [x * x]
    assert evaluate_reference(requ_product().network, [x, y]) == [x * y]
    assert evaluate_reference(requ_monomial(11).network, [x]) == [x**11]
    assert evaluate_reference(requ_polynomial(["1/2", 0, -3, 1]).network, [x]) == [F(1, 2) - 3 * x**2 + x**3]


# --- mutated constructions must fail -------------------------------------------------------

@pytest.mark.parametrize("build, coefficients, where", [
    (requ_square, [0, 0, 1], (0, 1, 0)),
    (requ_square, [0, 0, 1], (1, 0, 1)),
    (lambda: requ_monomial(6), [0] * 6 + [1], (1, 0, 0)),
    (lambda: requ_monomial(6), [0] * 6 + [1], (2, 0, 3)),
    (lambda: requ_polynomial(["1/2", 0, -3, 1]), ["1/2", 0, -3, 1], (1, 4, 4)),
    (lambda: requ_polynomial(["1/2", 0, -3, 1]), ["1/2", 0, -3, 1], (3, 0, 2)),
])
def test_mutated_constructions_fail(build, coefficients, where):
    net = build().network
    assert one_piece(net, coefficients)
    bad = mutate(net, *where)
    assert not one_piece(bad, coefficients)
    assert any(evaluate_reference(bad, [t]) != evaluate_reference(net, [t]) for t in (F(-3), F(1, 3), F(2), F(5)))


def test_mutated_product_fails():
    net = requ_product().network
    bad = mutate(net, 0, 3, 1)
    assert evaluate_reference(bad, [F(2), F(3)]) != [F(6)]


# --- registry and bad input ----------------------------------------------------------------

def test_registered_with_claims():
    catalogue = builders()
    for name in ("requ-square", "requ-product", "requ-monomial", "requ-polynomial"):
        assert name in catalogue
    assert set(catalogue["requ-monomial"].parameters) == {"k"}
    assert set(catalogue["requ-polynomial"].parameters) == {"coefficients"}
    c = catalogue["requ-polynomial"].function(catalogue["requ-polynomial"].parameters["coefficients"][0]("1,-2,3"))
    assert c.claims["target"] == "(1)*x**0 + (-2)*x**1 + (3)*x**2" and c.claims["max_abs_weight"] == 3


def test_build_list_names_them(capsys):
    from verinet.cli.main import main

    main(["build", "--list"])
    out = capsys.readouterr().out
    assert all(name in out for name in ("requ-square", "requ-product", "requ-monomial", "requ-polynomial"))


@pytest.mark.parametrize("call, message", [
    (lambda: requ_monomial(0), "k=0 must be an int >= 1"),
    (lambda: requ_monomial(2.0), "k=2.0"),
    (lambda: requ_polynomial("1,2"), "must be a sequence"),
    (lambda: requ_polynomial([]), "at least c_0"),
    (lambda: requ_polynomial([1, 0.5]), r"coefficients\[1\]"),
])
def test_bad_arguments(call, message):
    with pytest.raises(InvalidArgument, match=message):
        call()


# --- several variables ---------------------------------------------------------------------

from verinet.constructions.requ import requ_multivariate_polynomial  # noqa: E402

TERMS = {(2, 1): 3, (0, 1): "-1/2", (0, 0): 1, (1, 3): "2/5", (4, 0): -1}


def _p(x, y):
    return 3 * x**2 * y - y / 2 + 1 + F(2, 5) * x * y**3 - x**4


@settings(max_examples=40, deadline=None)
@given(small, small)
def test_multivariate_points(x, y):
    assert evaluate_reference(requ_multivariate_polynomial(TERMS).network, [x, y]) == [_p(x, y)]


def test_multivariate_along_lines_depth_and_weights():
    from verinet.calculus import pre_affine

    c = requ_multivariate_polynomial(TERMS)
    assert hidden_layers(c.network) == c.claims["depth"] == 2   # ceil(log2 4)
    assert max_abs_parameter(c.network) <= weight_bound([3, "1/2", 1, "2/5", 1]) == 3
    t = sympy.Symbol("t")
    for q, s in [(0, 1), (1, 0), (F(-3, 2), F(1, 3))]:
        poly = sympy.Poly(sympy.expand(_p(t, sympy.Rational(q) * t + sympy.Rational(s))), t)
        assert one_piece(pre_affine(c.network, [[1], [q]], [0, s]), [MPQ(str(v)) for v in reversed(poly.all_coeffs())])
    bad = mutate(c.network, 1, 0, 0)
    assert any(evaluate_reference(bad, [F(a), F(b)]) != [_p(F(a), F(b))] for a in (-2, 1, 3) for b in (-1, 2))


def test_multivariate_bad_terms():
    with pytest.raises(InvalidArgument, match="different lengths"):
        requ_multivariate_polynomial({(1,): 1, (1, 2): 1})
    with pytest.raises(InvalidArgument, match="tuple of ints"):
        requ_multivariate_polynomial({(-1,): 1})
