"""SMT cross-check (issue 18, point 5): z3, in exact linear real arithmetic, agrees with verinet.

On small instances -- the sawtooth ``T_m`` (m <= 6), bit extraction (J <= 8), a 2-D product
network (Lemma 4.2) -- z3 re-proves verinet's exact range on a box (``box_range``), refutes a
bound a little below the maximum, and proves ``phi <= bound`` on an interval; on the default
Theorem 2.1 certificate ``verinet check --smt z3`` re-proves the constancy of ``phi_1`` on every
cube and the range of ``phi_2``.
"""

import pytest

from verinet._backend import MPQ
from verinet.analysis.box import box_range
from verinet.constructions.bits import bit_extraction
from verinet.constructions.product import product
from verinet.constructions.sawtooth import sawtooth_wave
from verinet.interpret.layered import from_layered, to_layered
from verinet.io import to_json_dict
from verinet.kernel.network import Chain

z3 = pytest.importorskip("z3")
from verinet.kernel.smt import cross_check, prove_le, prove_range  # noqa: E402


def chain(net) -> Chain:
    layered = to_layered(net)
    return Chain(to_json_dict(from_layered(layered.layers, layered.activations)), "net")


def agree(net, box):
    exact = box_range(net, box)
    c = chain(net)
    assert prove_range(c, box, exact.minimum, exact.maximum)["holds"]
    below = prove_le(c, box, exact.maximum - MPQ(1, 2**20))
    assert not below["holds"] and below["counterexample"]  # z3 finds a point above the lowered bound
    assert prove_le(c, box, exact.maximum)["holds"]
    return exact


@pytest.mark.parametrize("m", [1, 2, 3, 4, 5, 6])
def test_sawtooth_range_agrees(m):
    exact = agree(sawtooth_wave(m).network, [(MPQ(0), MPQ(2 * m))])
    assert (exact.minimum, exact.maximum) == (0, 1)


@pytest.mark.parametrize("bits", ["1011", "10110010"])
def test_bit_extraction_range_agrees(bits):
    net = bit_extraction(bits).network
    agree(net, [(MPQ(0), MPQ(4) ** len(bits))])


def test_product_network_range_agrees_in_two_dimensions():
    agree(product(1, 1, -1, 1).network, [(MPQ(-1), MPQ(1)), (MPQ(-1), MPQ(1))])


def test_a_wrong_range_is_refuted():
    c = chain(sawtooth_wave(3).network)
    assert not prove_range(c, [(MPQ(0), MPQ(6))], MPQ(0), MPQ(1, 2))["holds"]  # exceeds 1/2
    assert not prove_range(c, [(MPQ(0), MPQ(6))], MPQ(0), MPQ(2))["holds"]  # 2 is not attained


def test_check_smt_agrees_on_the_default_theorem_2_1_certificate(tmp_path):
    from verinet.theorems.registry import get

    path = tmp_path / "c.json"
    get("syz22-2.1")().write(path)
    rows = cross_check(path)
    assert len(rows) == 18 and all(r["status"] == "agrees" for r in rows), rows
