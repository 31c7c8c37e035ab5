"""A user's test file: it uses only the public API (``verinet`` and ``verinet.testing``) and the
plugin's fixtures, as a maintainer of a construction would (issue 20, point 2)."""

import pytest
from hypothesis import given, settings

import verinet
from verinet.testing import (
    assert_certificate_passes,
    assert_realises,
    assert_sup_error_at_most,
    dyadics,
    lipschitz_targets,
    networks,
    points_in_box,
)


def tent():
    """``T(x) = 2 relu(x) - 4 relu(x - 1/2)`` on [0, 1]: the tent map."""
    b = verinet.NetworkBuilder()
    x = b.input(1)
    h = b.relu(b.affine(x, [[1], [1]], [0, "-1/2"]))
    return b.build(b.affine(h, [[2, -4]]))


def test_the_tent_map_is_2x_then_2_minus_2x():
    assert_realises(tent(), "2*x", on=(0, "1/2"))
    assert_realises(tent(), "2 - 2*x", on=("1/2", 1))


def test_an_undecidable_claim_fails_instead_of_passing():
    with pytest.raises(AssertionError, match="could not decide"):
        assert_realises(tent(), "Min(2*x, 2 - 2*x)", on=(0, 1))  # not a polynomial: bounds only


def test_a_wrong_claim_fails_with_the_witness():
    with pytest.raises(AssertionError, match=r"sup \|net - f\| = 1; at x = \(1\): net = 0, f = 1, net - f = -1"):
        assert_realises(tent(), "x", on=(0, 1))


def test_point_sets_and_callables():
    assert_realises(tent(), lambda x: min(2 * x, 2 - 2 * x), on=[0, "1/3", (verinet.MPQ(3, 4),)])
    with pytest.raises(AssertionError, match=r"at x = \(1/4\): net = 1/2, f = sqrt\(2\)/2"):
        assert_realises(tent(), "sqrt(2)/2", on=["1/4"])


def test_sawtooth_error_from_the_fixture(verinet_construction):
    f3 = verinet_construction("sawtooth", m=3).network
    assert_sup_error_at_most(f3, "x**2", within="1/256", on=(0, 1))
    with pytest.raises(AssertionError, match=r"sup \|net - f\| = 1/256 exceeds 1/257"):
        assert_sup_error_at_most(f3, "x**2", within="1/257", on=(0, 1))


@settings(max_examples=20, deadline=None)
@given(networks(max_in=1, in_dim=1, out_dim=1, max_nodes=4), dyadics(8, 0, 1))
def test_random_networks_realise_themselves_at_dyadic_points(net, x):
    value = verinet.evaluate_one(net, [x])[0]
    assert_realises(net, lambda t: value if t == x else verinet.evaluate_one(net, [t])[0], on=[x])


@settings(max_examples=10, deadline=None)
@given(lipschitz_targets(d=2), points_in_box([(0, 1), (0, "1/2")]))
def test_strategies_draw_what_they_promise(target, point):
    assert target.lipschitz > 0 and target.d == 2
    assert 0 <= point[0] <= 1 and 0 <= point[1] <= verinet.MPQ(1, 2)


def test_a_theorem_instance_and_a_lemma_pass():
    cert = verinet.verify("syz22-a1", d=1, n=2, f="x1/2", lipschitz="1/2")
    assert isinstance(cert, verinet.Certificate)
    assert_certificate_passes(cert)
    assert_certificate_passes(verinet.prove("sq-approx-error-eq-of-depth", m=4))
