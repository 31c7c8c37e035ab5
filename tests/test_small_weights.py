"""Threshold circuits, gadgets G1/G2, Lemma 22 and the small-weights transform, checked exactly.

Every gadget is compared with its definition on all of {0,1}^n; mutated gadgets (too few
primes: a wrong residue test; a dropped carry window) must be caught with a witness.
"""

import itertools
import json
import random

import pytest

from verinet import evaluate
from verinet._backend import MPQ
from verinet.calculus import pre_affine
from verinet.cli.main import main
from verinet.constructions import threshold
from verinet.constructions._layers import chain
from verinet.constructions.bits import bit_extraction
from verinet.constructions.threshold import (CircuitBuilder, check_circuit, circuit_to_relu, evaluate_circuit,
                                             large_gate, relu_bit, single_gate, sum_bit)
from verinet.errors import BoundViolation, InvalidArgument, UnsupportedOp
from verinet.io import save
from verinet.network import NetworkBuilder
from verinet.transforms import small_weights as sw
from verinet.transforms.small_weights_certificate import certify_small_weights


def _gate_circuit(a, theta):
    b = CircuitBuilder(len(a))
    b.new_layer(), b.new_layer()
    return b.circuit([large_gate(b, 0, dict(enumerate(a)), theta)])


def _dot(a, y):
    return sum(c * v for c, v in zip(a, y))


def test_large_gate_exact_on_all_inputs():
    rng = random.Random(1)
    for n in range(1, 7):
        for _ in range(6):
            a = [rng.randint(-2**12, 2**12) for _ in range(n)]
            theta = rng.randint(-2**13, 2**13)
            circuit = _gate_circuit(a, theta)
            assert check_circuit(circuit, lambda y: [int(_dot(a, y) >= theta)])["kind"] == "exhaustive"
            small = max(abs(c) for layer in circuit.layers for w, b in layer for c in [b, *(c for _, c in w)])
            assert small < 2**8  # far below the weights 2^12 it replaces


@pytest.mark.parametrize("n", [4, 6, 8, 10])
def test_single_gate_of_the_spec(n):
    circuit = single_gate(n)
    check_circuit(circuit, lambda y: [int(_dot([2**i for i in range(n)], y) >= 2**n // 3 + 1)])
    # verinet's G2 with reachability pruning and distinct gates (not the spec's counts, see docs)
    assert [len(layer) for layer in circuit.layers] == {4: [26, 3], 6: [79, 4], 8: [173, 5], 10: [380, 6]}[n]


def test_sum_and_relu_bits_exact():
    rng = random.Random(2)
    for _ in range(4):
        a = [rng.randint(-60, 60) for _ in range(4)]
        a0 = rng.randint(-60, 60)
        b = CircuitBuilder(4)
        b.new_layer(), b.new_layer(), b.new_layer()
        forms = [relu_bit(b, 0, dict(enumerate(a)), a0, r) for r in range(8)]
        check_circuit(b.circuit(forms), lambda y: [(max(0, _dot(a, y) + a0) >> r) & 1 for r in range(8)])
        b = CircuitBuilder(4)
        b.new_layer(), b.new_layer()
        forms = [sum_bit(b, 0, dict(enumerate(a)), a0, r) for r in range(9)]
        check_circuit(b.circuit(forms), lambda y: [((_dot(a, y) + a0) % 2**9 >> r) & 1 for r in range(9)])


def test_large_gate_sampled_for_many_inputs():
    rng = random.Random(3)
    a = [rng.randint(-2**20, 2**20) for _ in range(24)]
    outcome = check_circuit(_gate_circuit(a, 5), lambda y: [int(_dot(a, y) >= 5)], samples=64)
    assert outcome == {"kind": "sampled", "points": 64}


def test_too_few_primes_is_caught(monkeypatch):
    """A wrong residue test: one prime fewer than the product bound needs."""
    full = threshold.first_primes
    monkeypatch.setattr(threshold, "first_primes", lambda bound: full(bound)[:-1])
    a, theta = [2**i for i in range(8)], 2**8 // 3 + 1
    with pytest.raises(BoundViolation) as info:
        check_circuit(_gate_circuit(a, theta), lambda y: [int(_dot(a, y) >= theta)])
    assert "y" in info.value.witness


def test_dropped_term_is_caught():
    """A dropped carry: each single term of G2's disjoint decomposition left out in turn."""
    a, theta = [5, 7, 3, 6], 11
    b = CircuitBuilder(4)
    b.new_layer(), b.new_layer()
    const, terms = large_gate(b, 0, dict(enumerate(a)), theta)
    assert len(terms) > 1
    for dropped in terms:
        circuit = b.circuit([(const, {t: c for t, c in terms.items() if t != dropped})])
        with pytest.raises(BoundViolation) as info:
            check_circuit(circuit, lambda y: [int(_dot(a, y) >= theta)])
        assert info.value.witness["circuit"] == [0] and info.value.witness["function"] == [1]


def test_lemma_22_relu_form_and_unit_range():
    a, theta = [9, -13, 6], 2
    circuit = _gate_circuit(a, theta)
    net = circuit_to_relu(circuit)
    cube = [list(y) for y in itertools.product((0, 1), repeat=3)]
    assert [list(v) for v in evaluate(net, cube)] == [evaluate_circuit(circuit, y) for y in cube]
    # every gate pair n1 - n2 lies in [0, 1] on real inputs; a single-gate readout too
    one = CircuitBuilder(3)
    one.new_layer()
    g = one.gate(0, {0: 9, 1: -13, 2: 6}, -1)
    relu = circuit_to_relu(one.circuit([g]))
    rng = random.Random(4)
    reals = [[MPQ(rng.randint(-50, 50), rng.randint(1, 9)) for _ in range(3)] for _ in range(200)]
    assert all(0 <= v <= 1 for (v,) in evaluate(relu, reals))
    hidden = sum(2 * len(layer) for layer in circuit.layers)
    assert hidden + 1 == 2 * circuit.size + 1


def _random_net(rng, n, widths, bound):
    dims = [n] + widths + [1]
    return chain([([[rng.randint(-bound, bound) for _ in range(dims[i])] for _ in range(dims[i + 1])],
                   [rng.randint(-bound, bound) for _ in range(dims[i + 1])]) for i in range(len(dims) - 1)])


@pytest.mark.parametrize("seed,n,widths,bound", [(0, 3, [2], 8), (1, 2, [1], 2**8), (2, 3, [2, 1], 4),
                                                 (3, 4, [1], 16)])
def test_transform_exact_on_cube(seed, n, widths, bound):
    net = _random_net(random.Random(seed), n, widths, bound)
    result, cert = certify_small_weights(net)
    assert cert.verdict == "pass", cert.to_json()
    k = len(widths) + 1
    assert cert.sizes["transformed"]["depth"] == 3 * k <= 3 * k + 3
    assert [c.name for c in cert.checks] == ["depth", "size", "hidden weights", "equality"]
    assert cert.checks[-1].detail == {"kind": "exhaustive", "points": 2**n}
    if bound == 2**8:
        assert cert.sizes["transformed"]["max_abs_hidden_parameter"] < 2**5


def test_transform_rational_weights_and_bit_extraction():
    """SYZ Prop. B.1 with J = 1 on the Boolean encoding y -> 4 y / 4: weights 1/8 become integers."""
    phi = bit_extraction("0").network
    net = pre_affine(phi, [[MPQ(1)]], [0])
    result, cert = certify_small_weights(net)
    assert cert.verdict == "pass"
    assert cert.sizes["original"]["max_denominator_bits"] > 1
    assert all(layer.denominator == 1 for layer in result.layered.layers[:-1])  # integer hidden parameters
    assert result.layered.layers[-1].denominator == result.scale  # the readout 2^r / S
    assert [list(v) for v in evaluate(result.network, [[0], [1]])] == [list(v) for v in evaluate(net, [[0], [1]])]


def test_mutated_transform_fails_with_witness(monkeypatch):
    full = threshold.first_primes
    monkeypatch.setattr(threshold, "first_primes", lambda bound: full(bound)[:-1] or [2])
    net = _random_net(random.Random(5), 3, [2], 8)
    _, cert = certify_small_weights(net)
    assert cert.verdict == "fail"
    assert cert.failures()[0].name == "equality" and "x" in cert.failures()[0].witness


def test_bad_inputs():
    b = NetworkBuilder()
    h = b.affine(b.input(2), [[1, 1]], [0])
    out = b.requ(h)
    net = b.build(out)
    with pytest.raises(UnsupportedOp, match="ReQU"):
        sw.small_weights(net)
    with pytest.raises(InvalidArgument, match="over the limit 1"):
        sw.small_weights(_random_net(random.Random(0), 2, [1], 3), max_inputs=1)
    with pytest.raises(InvalidArgument, match="too few"):
        sw.small_weights(_random_net(random.Random(0), 2, [1], 3), out_bits=1)


def test_cli(tmp_path, capsys):
    path = tmp_path / "n.json"
    save(_random_net(random.Random(6), 3, [2], 5), path)
    out, cert = tmp_path / "o.json", tmp_path / "c.json"
    assert main(["--json", "transform", "small-weights", str(path), "--domain", "boolean", "-o", str(out),
                 "--cert", str(cert)]) == 0
    assert json.loads(cert.read_text())["verdict"] == "pass"
    capsys.readouterr()
    assert main(["transform", "small-weights", str(path), "--domain", "grid", "-o", str(out)]) == 2
    assert "--bits" in capsys.readouterr().err
