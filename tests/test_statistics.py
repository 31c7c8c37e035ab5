"""Exact parameter statistics: a brute force over the layered weights, block attribution, known values."""

import json

from hypothesis import given, settings

from verinet.testing.strategies import EXACT_OPS, networks
from verinet import MPQ, NetworkBuilder, io
from verinet.cli.main import main
from verinet.constructions._layers import chain
from verinet.constructions.bit_fitting import prefix_bit_sum_layers
from verinet.constructions.bits import bit_extraction
from verinet.interpret.layered import Layered, to_layered
from verinet.interpret.statistics import TOP, block_of, parameter_statistics


def _brute_force(layered):
    """``(max |w|, max |b|, count)`` over every entry of every layer, as MPQ from ``weights()``/``bias()``."""
    weights = [abs(v) for layer in layered.layers for row in layer.weights() for v in row]
    biases = [abs(v) for layer in layered.layers for v in layer.bias()]
    return max(weights), max(biases), len(weights) + len(biases)


def _entry(layered, location):
    layer = layered.layers[location.layer]
    return layer.weights()[location.row][location.column] if location.kind == "weight" else layer.bias()[location.row]


@settings(max_examples=60, deadline=None)
@given(networks(ops=EXACT_OPS, max_bits=12))
def test_statistics_agree_with_a_brute_force_over_the_layered_weights(net):
    layered = to_layered(net)
    stats = parameter_statistics(net)
    weight, bias, count = _brute_force(layered)
    assert (stats.max_abs_weight, stats.max_abs_bias, stats.parameters) == (weight, bias, count)
    assert stats.max_abs_parameter == max(weight, bias)
    assert abs(_entry(layered, stats.location)) == stats.max_abs_parameter
    blocks = stats.per_block.values()
    assert sum(b.parameters for b in blocks) == count
    assert max(b.max_abs_weight for b in blocks) == weight and max(b.max_abs_bias for b in blocks) == bias
    for name, b in stats.per_block.items():
        assert b.location.block == name and abs(_entry(layered, b.location)) == b.max_abs_parameter
    # the exact values survive to_dict as strings, the bit sizes as ints
    d = stats.to_dict()
    assert MPQ(d["max_abs_parameter"]) == stats.max_abs_parameter
    q = stats.max_abs_parameter
    assert d["max_abs_parameter_bits"] == {"numerator": int(q.numerator).bit_length(),
                                           "denominator": int(q.denominator).bit_length()}
    assert json.loads(json.dumps(d)) == d


def _two_blocks():
    """``a``: a depth-2 chain with weight 7; ``b``: the affine map 3x, carried past ``a``'s layers."""
    deep = chain([([[7], [1]], ["1/2", 0]), ([[1, 1]], [-2]), ([[1]], [0])])
    b = NetworkBuilder()
    x = b.input(1, name="x")
    a = b.embed(deep, x, prefix="a")
    skip = b.embed(chain([([[3]], [0])]), x, prefix="b")
    return b.build(b.add(a, skip, name="out"))


def test_blocks_follow_node_prefixes_and_carries_belong_to_the_carried_value():
    net = _two_blocks()
    stats = parameter_statistics(net)
    assert list(stats.per_block) == ["a", "b", TOP]
    a, carried, top = stats.per_block["a"], stats.per_block["b"], stats.per_block[TOP]
    assert (a.max_abs_weight, a.max_abs_bias) == (7, 2)
    assert a.location.node == "a/relu1" and (a.location.layer, a.location.row, a.location.column) == (0, 0, 0)
    # 3x is not >= 0: carried as relu(3x) - relu(-3x) through both hidden layers, in block b
    assert carried.max_abs_weight == 3 and carried.location.node == "b/L0" and carried.location.layer == 0
    assert carried.parameters == 2 * (1 + 1) + 2 * (4 + 1)  # rows into layers 1 (input width 1) and 2 (width 4)
    # the output row (a's last map and the +-1 of the carry) is the output node's
    assert top.location.node == "out" and top.max_abs_weight == 1
    assert stats.max_abs_parameter == 7 and stats.location.block == "a"


def test_level_truncates_block_names_and_layered_without_owners_is_one_block():
    assert block_of("c1/r1/L3") == "c1/r1" and block_of("c1/r1/L3", level=1) == "c1" and block_of("L3") == TOP
    b = NetworkBuilder()
    x = b.input(1, name="x")
    inner = b.embed(_two_blocks(), x, prefix="c1")
    net = b.build(b.relu(inner, name="r"))
    assert set(parameter_statistics(net).per_block) == {"c1/a", "c1/b", TOP}
    assert set(parameter_statistics(net, level=1).per_block) == {"c1", TOP}
    bare = Layered(to_layered(net).layers, to_layered(net).activations)
    assert list(parameter_statistics(bare).per_block) == [TOP]
    assert parameter_statistics(bare).max_abs_parameter == parameter_statistics(net).max_abs_parameter


def test_bit_extraction_slope_is_two_to_the_L():
    """Lemma 3.5 of Shen-Yang-Zhang 2020: weight 2^L, biases -2^(L-1) and 1 - 2^(L-1) (spec 1.8)."""
    for L in range(1, 9):
        stats = parameter_statistics(chain(prefix_bit_sum_layers(L)))
        assert stats.max_abs_weight == 2**L and stats.max_abs_bias == 2 ** (L - 1)
        assert stats.to_dict()["max_abs_weight_bits"] == {"numerator": L + 1, "denominator": 1}
        assert stats.location.layer == 0 and stats.location.kind == "weight"


def test_prop_b1_bit_extraction_weights():
    """Prop. B.1 (Shen-Yang-Zhang 2022): largest weight 3, in G's output layer; largest bias 2/3 (G's ``z - 1/3``)."""
    stats = parameter_statistics(bit_extraction("0110").network)
    assert stats.max_abs_weight == 3 and stats.max_abs_bias == MPQ(2, 3)
    assert stats.location.layer == 2 * 4 + 2 and stats.location.kind == "weight"
    assert stats.to_dict()["max_abs_parameter_bits"] == {"numerator": 2, "denominator": 1}


def test_info_shows_the_statistics(tmp_path, capsys):
    path = tmp_path / "two.json"
    io.save(_two_blocks(), path)
    assert main(["info", str(path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)["parameter_statistics"]
    assert report["max_abs_parameter"] == "7" and report["location"]["block"] == "a"
    assert [row["block"] for row in report["per_block"]] == ["a", "b", TOP]
    assert main(["info", str(path)]) == 0
    text = capsys.readouterr().out
    assert "parameter_statistics:" in text and "per_block:" in text and "b/L0" in text
