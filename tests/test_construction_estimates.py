"""Each construction's size estimate bounds the network it builds (issue 21, part 4)."""

import pytest

from test_io import SMALL
from verinet.constructions.estimates import CAP_BITS, Estimate, Limits, capped_power, check_estimate
from verinet.constructions.registry import build, builders, register
from verinet.errors import BudgetExceeded, InvalidArgument
from verinet.interpret.metrics import size_metrics


def _arguments(builder) -> dict:
    return {p.replace("-", "_"): builder.parameters[p][0](v) for p, v in SMALL.get(builder.name, {}).items()}


@pytest.mark.parametrize("name", sorted(builders()))
def test_estimate_bounds_the_built_network(name):
    builder = builders()[name]
    if builder.estimate is None:
        assert builder.parameters == {}
        return
    kwargs = _arguments(builder)
    estimate, measured = builder.estimate(**kwargs), size_metrics(builder.function(**kwargs).network)
    assert estimate.parameters >= measured["parameters"]
    assert estimate.depth >= measured["depth"] and estimate.width >= measured["width"]
    assert estimate.weight_bits >= max(measured["max_numerator_bits"], measured["max_denominator_bits"])


def test_dense_chain_bound_is_exact_for_a_chain():
    # sawtooth m = 3: widths 1, 3, 3, 3, 1: 2*3 + 2*4*3 + 4*1 = 34 parameters
    assert Estimate(3, 3, 8).parameters == 34 == size_metrics(build(builders()["sawtooth"], {"m": 3}).network)["parameters"]
    assert Estimate(0, 0, 1, in_dim=2).parameters == 3


def test_capped_power_never_computes_a_huge_power():
    assert capped_power(2, 10) == 1024
    assert capped_power(3, 10**20) == capped_power(2, 10**30) == 2**CAP_BITS


def test_check_estimate_names_the_limit_and_its_flag():
    check_estimate("x", Estimate(2, 10, 10))
    with pytest.raises(BudgetExceeded, match=r"x would have up to 10 layers .*over the limit 5; raise it with --max-layers N"):
        check_estimate("x", Estimate(2, 10, 10), Limits(max_layers=5))


def test_a_builder_with_parameters_must_estimate_its_size():
    with pytest.raises(InvalidArgument, match="has parameters but no size estimate"):
        register("no-estimate", "test builder", parameters={"m": (int, "m")})(lambda m: None)
