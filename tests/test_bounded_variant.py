"""The doubling chain and the bounded-weight LSYZ variant: exact equality with the original, exact parameters."""

import itertools
import json
from fractions import Fraction

import pytest
from hypothesis import given, settings, strategies as st

from verinet import MPQ
from verinet.claims.certificate import recheck
from verinet.cli.main import main
from verinet.constructions import doubling
from verinet.constructions._layers import chain
from verinet.constructions.bit_fitting import bit_sequence, prefix_bit_sum_layers
from verinet.constructions.doubling import (check_step, clip_step, doubling_step, doubling_step_layers,
                                            steep_step_layers)
from verinet.constructions.extremes import mid_repair
from verinet.errors import BoundViolation, InvalidArgument
from verinet.interpret.exact import evaluate
from verinet.interpret.metrics import size_metrics
from verinet.interpret.reference import evaluate_reference
from verinet.interpret.statistics import parameter_statistics
from verinet.theorems import registry
from verinet.theorems.lsyz2021 import thm_1_1_bounded as bounded
from verinet.theorems.lsyz2021.common import target_of
from verinet.theorems.lsyz2021.instance import build


# --- the doubling chain -----------------------------------------------------------------------------------


@pytest.mark.parametrize("R", range(0, 9))
def test_doubling_chain_is_the_clip_with_bounded_parameters(R):
    c = doubling_step(R)  # checks its 1-D form against clip(2^R z + 1, 0, 1)
    m, stats = size_metrics(c.network), parameter_statistics(c.network)
    assert (m["width"], m["depth"]) == (2, R + 1) == (c.claims["width"], c.claims["depth"])
    assert stats.max_abs_parameter == c.claims["max_abs_parameter"] == (2 if R else 1)
    # an independent reference: Fraction arithmetic on a dyadic grid through both kinks
    grid = [Fraction(k, 2 ** (R + 2)) for k in range(-2 ** (R + 3), 2 ** (R + 2) + 1)]
    for z in grid:
        assert evaluate_reference(c.network, [z]) == [min(max(2**R * z + 1, 0), 1)]
    # the steep step is the same function, with weight 2^R
    steep = chain(steep_step_layers(R))
    check_step(steep, R)
    assert parameter_statistics(steep).max_abs_weight == 2**R


def _mutated(R, k, layer):
    layers = doubling_step_layers(R)
    layers[k] = layer
    return chain(layers)


@pytest.mark.parametrize("net", [
    chain(doubling_step_layers(4)[:1] + doubling_step_layers(3)[1:]),  # one doubling short
    _mutated(4, 2, ([[3, -3], [3, -3]], [0, -1])),  # a slope 3 instead of 2
    _mutated(4, 0, ([[1], [1]], [MPQ(1, 8), MPQ(-7, 8)])),  # w_0 = clip(z + 2^-(R-1))
    _mutated(4, 5, ([[1, -1]], [MPQ(1, 2)])),  # output shifted
], ids=["short", "slope", "first-bias", "output"])
def test_a_mutated_doubling_chain_is_caught(net):
    with pytest.raises(BoundViolation, match="is not clip"):
        check_step(net, 4)


def test_check_step_refuses_a_non_scalar_network():
    with pytest.raises(InvalidArgument, match="scalar"):
        check_step(_mutated(3, 4, ([[1, -1], [1, 1]], [0, 0])), 3)


@pytest.mark.parametrize("L", range(1, 6))
def test_lemma_3_5_in_both_variants_sums_the_bits(L):
    """phi(bin0.theta, l) = theta_1 + ... + theta_l for every theta in {0,1}^L, l = 1..L, both steps."""
    points, want = [], []
    for theta in itertools.product([0, 1], repeat=L):
        for l in range(1, L + 1):
            points.append([bit_sequence(theta), MPQ(l)])
            want.append((MPQ(sum(theta[:l])),))
    steep, chained = (chain(prefix_bit_sum_layers(L, v)) for v in ("lsyz", "bounded"))
    assert evaluate(steep, points) == want == evaluate(chained, points)
    assert (size_metrics(steep)["depth"], size_metrics(chained)["depth"]) == (2 * L, L * (L + 2))
    assert parameter_statistics(steep).max_abs_parameter == 2**L
    assert parameter_statistics(chained).max_abs_parameter == max(2, L)


def test_unknown_variant_is_refused():
    with pytest.raises(InvalidArgument, match="variant='steep'"):
        prefix_bit_sum_layers(2, "steep")
    with pytest.raises(InvalidArgument, match="variant"):
        build(1, 1, 1, 1, target_of(1, "x1/2"), variant="small")


# --- the LSYZ network: the variant against the original ---------------------------------------------------


def _pair(N, L, s, d, f):
    target = target_of(d, f)
    inst = build(N, L, s, d, target, variant="bounded")
    return inst, build(N, L, s, d, target, delta=inst.delta)


# (N, L, s, d) small enough for a test
_SIZES = [(1, 1, 1, 1), (1, 2, 1, 1), (1, 3, 1, 1), (1, 2, 2, 1), (2, 1, 1, 1), (2, 2, 1, 1), (1, 1, 1, 2), (1, 2, 1, 2)]


@st.composite
def _instances(draw):
    N, L, s, d = draw(st.sampled_from(_SIZES))
    coeff = st.fractions(min_value=-2, max_value=2, max_denominator=9)
    monomials = ["1", "x1", "x1**2", "x1**3"] + (["x2", "x1*x2", "x2**2"] if d == 2 else [])
    f = " + ".join(f"({draw(coeff)})*{m}" for m in monomials)
    return N, L, s, d, f


@settings(max_examples=10, deadline=None)
@given(_instances())
def test_the_variant_equals_the_original_at_every_proof_point(case):
    N, L, s, d, f = case
    inst, original = _pair(N, L, s, d, f)
    checks, note = bounded.same_values(inst, original, mid_repair(inst.network, inst.delta),
                                       mid_repair(original.network, original.delta))
    assert all(c.holds for c in checks), [c.to_dict() for c in checks if not c.holds]
    names = {c.name for c in checks}
    assert {"steps_are_one_function", "fits_equal_at_every_index", "networks_equal_at_samples",
            "repaired_equal_at_samples"} <= names
    assert ("networks_equal_1d" in names) == (d == 1 and note is None)  # d = 1: the 1-D forms, unless too many pieces
    assert size_metrics(inst.network)["depth"] == size_metrics(original.network)["depth"] + L * L


def _bit_planes_max(net):
    return max(b.max_abs_parameter for k, b in parameter_statistics(net).per_block.items() if "/plane" in k)


@pytest.mark.parametrize("N, L", [(1, 1), (1, 2), (1, 3), (1, 4), (1, 5), (2, 1), (2, 2)])
def test_bit_planes_theta_grows_like_2_to_the_L_only_in_the_original(N, L):
    """The planes' ||theta||_inf: the step's 2^L (spec 1.8) against the largest breakpoint N^2 L^2 - 1
    of Lemma 5.7's psi (i -> m, samples up to (M + 1) L - 1 with M = N^2 L)."""
    inst, original = _pair(N, L, 1, 1, "x1**2/3 - x1/5")
    assert _bit_planes_max(original.network) == max(2**L, N * N * L * L - 1, 2)
    assert _bit_planes_max(inst.network) == max(2, N * N * L * L - 1)


@pytest.mark.parametrize("L, psi", [(9, 460), (10, 571)])
def test_from_L_9_on_2_to_the_L_is_the_originals_theta_and_not_the_variants(L, psi):
    """N = 1: 2^L passes psi's slopes at L = 9; the variant's ||theta||_inf stays psi's."""
    inst, original = _pair(1, L, 1, 1, "x1**2/3 - x1/5")
    stats, stats_original = parameter_statistics(inst.network, level=1), parameter_statistics(original.network, level=1)
    assert stats_original.max_abs_parameter == 2**L and stats_original.location.block == "fit_0"
    assert stats_original.location.kind == "weight"
    assert stats.max_abs_parameter == psi == stats.per_block["psi1"].max_abs_parameter < 2**L


def test_whole_network_theta_is_dominated_by_the_step_function_at_small_sizes():
    """What remains large (spec 1.10): at N = 2, L = 2 the step psi's 0.5/delta^2 = 1152 (delta = 1/48)
    is ||theta||_inf of both networks; at N = 1, L = 2 it is the product's 2 (b - a)^2 = 72."""
    for (N, L), theta, block in (((2, 2), 1152, "psi1"), ((1, 2), 72, "varphi_0")):
        inst, original = _pair(N, L, 1, 1, "x1**2/3 - x1/5")
        for net in (inst.network, original.network):
            stats = parameter_statistics(net, level=1)
            assert stats.max_abs_parameter == theta and stats.location.block == block


# --- the theorem ------------------------------------------------------------------------------------------


def test_theorem_is_registered_and_passes_at_its_default_instance():
    cert = registry.get("lsyz21-1.1-bounded")()
    assert cert.verdict == "pass", [c.name for c in cert.failures()]
    names = {c.name for c in cert.checks}
    assert {"bit_planes_exact", "final_error_sup_1d", "networks_equal_1d", "depth_is_original_plus_L2",
            "bounded_depth", "bounded_bit_extraction_theta", "steep_bit_extraction_theta"} <= names
    table = cert.sizes["parameters"]
    assert table["original"]["bit_planes_max_abs_parameter"] == 4 and table["bounded"]["bit_planes_max_abs_parameter"] == 3
    data = json.loads(json.dumps(cert.to_dict()))
    assert data["instance"]["variant"] == "bounded"
    assert recheck(data) == []  # every comparison decided again from its strings


def test_depth_bound_is_the_papers_plus_L2_log():
    assert bounded.depth_bound(2, 1, 1) - (18 * 4 * bounded.log2(8) + 2) == 4 * bounded.log2(8)


def test_a_mutated_chain_fails_the_theorem(monkeypatch):
    """One doubling short: the step rises on [-2^-(L-1), 0], so bit 0 of xi_j = 1/2 - 2^-L (here the shifted
    rows (0, 1) of Lemma 5.7's phi_2) reads 1/2."""
    target = target_of(1, "sin(3*x1)")
    original = build(1, 2, 1, 1, target)
    monkeypatch.setattr(doubling, "doubling_step_layers", lambda R, center=0: doubling_step_layers(R - 1, center))
    inst = build(1, 2, 1, 1, target, variant="bounded")
    monkeypatch.undo()
    cert = bounded.check(inst, original)
    failed = {c.name for c in cert.failures()}
    assert {"bit_planes_exact", "fits_equal_at_every_index", "networks_equal_at_samples", "networks_equal_1d",
            "repaired_equal_at_samples"} <= failed


def test_cli_verify_and_build(tmp_path, capsys):
    assert main(["verify", "lsyz21-1.1-bounded", "--f", "x1**2/2", "--json"]) == 0
    cert = json.loads(capsys.readouterr().out)
    assert cert["verdict"] == "pass" and cert["instance"]["target"] == "x1**2/2"
    path = tmp_path / "chain.json"
    assert main(["build", "doubling-step", "--R", "6", "-o", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["measured"]["max_abs_parameter"] == "2"
    assert main(["info", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["parameter_statistics"]["max_abs_weight"] == "2"


def test_clip_step_reference():
    assert [clip_step(z, 3) for z in (MPQ(-1), MPQ(-1, 16), MPQ(0), MPQ(1, 5))] == [0, MPQ(1, 2), 1, 1]
