"""Threshold circuits with integer weights, their ReLU form, and small-weight gadgets.

Main statements
---------------
* A threshold gate ``(w, b)`` computes ``sign(<w, y> + b)`` on ``y`` in ``{0,1}^n`` with
  integer ``w, b`` and ``sign(z) = 1`` for ``z > 0``, ``0`` for ``z <= 0`` (Vardi-Reichman-
  Pitassi-Shamir, COLT 2021, section 2).  A layered circuit's gates read the previous
  layer only (layer 0 is the input); its depth is its number of layers.
* Lemma 22 (COLT 2021, Appendix A.1): a circuit of depth ``m``, size ``s`` and ``q`` outputs
  is a ReLU network of depth ``m + 1`` (layers counted with the linear output layer) and
  size ``2s + q``: gate ``(w, b)`` becomes ``n1 = [<w, y> + b]_+`` and ``n2 = [<w, y> + b - 1]_+``,
  ``n1 - n2 = sign(<w, y> + b)`` on integer pre-activations, and ``n1 - n2`` lies in ``[0, 1]``
  for every real input, so every output is a combination of ``[0, 1]`` values.
* Gadget G1 (spec small_weights.md section 2.3 [M], verinet's own): with ``M = 2^(r+1)`` and
  ``z' = sum_i (a_i mod M) y_i + (a_0 mod M)``, bit ``r`` of ``z mod 2^R`` (two's complement) is
  ``sum_{k=0}^{n} ([z' >= kM + 2^r] - [z' >= (k+1)M])``.
* Gadget G2 ([M]): one large-weight gate ``[sum a_i y_i >= theta]`` is the exact 0/1 SUM of
  small-weight depth-2 terms ``[D_{j+1} = a and sigma_j >= t_j - beta a + 1]`` and ``[D_0 = 0]``
  (carry chain in base ``beta = 2``; ``[D = a]`` tested by residues modulo the first primes).

Here a *linear form* is ``(constant, {gate index: integer coefficient})`` over one layer of a
:class:`CircuitBuilder`; G1 and G2 return forms over the second gadget layer, which the
consumer folds into its own weights at no extra depth.
"""

from dataclasses import dataclass

import itertools
import math
import random

from .._backend import MPQ
from ..errors import BoundViolation
from ..interpret.layered import Layered, from_layered
from ..ops import Affine
from ._layers import check_int

__all__ = ["ThresholdCircuit", "CircuitBuilder", "evaluate_circuit", "circuit_to_relu", "relu_layers", "large_gate",
           "sum_bit", "relu_bit", "first_primes", "add_forms", "check_circuit", "single_gate"]

BETA = 2  # the base of G2's digits


@dataclass(frozen=True)
class ThresholdCircuit:
    """``layers[t]`` is a tuple of gates ``(weights, bias)``; ``weights`` is a tuple of
    ``(source index, int)`` over layer ``t - 1`` (the input for ``t = 0``).  The output is the
    linear readout ``outputs``: a tuple of ``(constant, ((gate index, coefficient), ...))``
    over the last layer, with rational entries."""

    in_dim: int
    layers: tuple
    outputs: tuple

    @property
    def depth(self) -> int:
        return len(self.layers)

    @property
    def size(self) -> int:
        return sum(len(layer) for layer in self.layers)


class CircuitBuilder:
    """Layers of distinct gates: adding a gate already present returns its index."""

    def __init__(self, in_dim: int):
        self.in_dim = check_int(in_dim, "in_dim", 1)
        self.layers = []
        self._index = []

    def new_layer(self) -> int:
        self.layers.append([])
        self._index.append({})
        return len(self.layers) - 1

    def gate(self, layer: int, weights: dict, bias: int) -> tuple:
        """``sign(<weights, y> + bias)`` in ``layer``, as a form over ``layer``: ``(0, {index: 1})``,
        or ``(0 or 1, {})`` when the gate has no variables (then no gate is added)."""
        weights = tuple(sorted((v, c) for v, c in weights.items() if c))
        if not weights:
            return int(bias > 0), {}
        key = (weights, bias)
        index = self._index[layer].get(key)
        if index is None:
            index = self._index[layer][key] = len(self.layers[layer])
            self.layers[layer].append(key)
        return 0, {index: 1}

    def at_least(self, layer: int, form, threshold: int) -> tuple:
        """The gate ``[form >= threshold]`` for a linear form over ``layer - 1``, as a form."""
        const, coeffs = form
        return self.gate(layer, coeffs, const - threshold + 1)

    def circuit(self, outputs) -> ThresholdCircuit:
        layers = tuple(tuple(layer) if layer else (((), 0),) for layer in self.layers)
        return ThresholdCircuit(self.in_dim, layers, tuple(
            (const, tuple(sorted(coeffs.items()))) for const, coeffs in outputs))


def add_forms(*scaled) -> tuple:
    """``sum_k c_k form_k`` for pairs ``(c_k, form_k)``; gate results ``0/1`` count as constants."""
    const, coeffs = 0, {}
    for c, form in scaled:
        k, terms = form
        const += c * k
        for v, a in terms.items():
            coeffs[v] = coeffs.get(v, 0) + c * a
    return const, {v: a for v, a in coeffs.items() if a}


def _small(builder: CircuitBuilder, layer: int, coeffs: dict, negated: set, threshold: int) -> tuple:
    """The form of the small gate ``[sum_v coeffs_v u_v >= threshold]`` with literals
    ``u_v = 1 - y_v`` for ``v`` in ``negated`` and ``u_v = y_v`` otherwise."""
    if threshold <= 0:
        return 1, {}
    if threshold > sum(coeffs.values()):
        return 0, {}
    weights = {v: -c if v in negated else c for v, c in coeffs.items() if c}
    shift = sum(c for v, c in coeffs.items() if v in negated)
    return builder.gate(layer, weights, shift - threshold + 1)


def first_primes(product_above: int) -> list:
    """The first primes ``2, 3, 5, ...`` until their product exceeds ``product_above``."""
    primes, product, candidate = [], 1, 2
    while product <= product_above:
        if all(candidate % p for p in primes):
            primes.append(candidate)
            product *= candidate
        candidate += 1
    return primes


def large_gate(builder: CircuitBuilder, layer: int, a: dict, theta: int) -> tuple:
    """G2: ``[sum_v a_v y_v >= theta]`` as a linear form over gadget layer ``layer + 1``.

    Small gates go to ``layer`` (weights ``< max(p, beta)``), terms to ``layer + 1`` (weights
    ``+-1``).  The terms are disjoint events, so the form is exactly 0 or 1 on ``{0,1}^n``.
    """
    a = {v: c for v, c in a.items() if c}
    negated = {v for v, c in a.items() if c < 0}
    w = {v: abs(c) for v, c in a.items()}
    theta = theta + sum(w[v] for v in negated)
    if theta <= 0:
        return 1, {}
    if theta > sum(w.values()):
        return 0, {}
    n = len(w)
    B = max(max(w.values()).bit_length(), theta.bit_length())
    total = (0, {})

    def equal(j, target):  # the form of [D_j = target] over `layer`, and its count q of tests
        high = {v: c // BETA**j for v, c in w.items()}
        T = theta // BETA**j
        lo, hi = -T, sum(high.values()) - T
        if lo == hi:
            return (0, {}), 0
        tests = (0, {})
        primes = first_primes(hi - lo)
        for p in primes:
            residues = {v: c % p for v, c in high.items()}
            r = (target + T) % p
            top = sum(residues.values())
            parts = [(1, _small(builder, layer, residues, negated, r + k * p)) for k in range((top - r) // p + 1)]
            parts += [(-1, _small(builder, layer, residues, negated, r + k * p + 1)) for k in range((top - r) // p + 1)]
            tests = add_forms((1, tests), *parts)
        return tests, len(primes)

    def reachable(j, target):
        high = sum(c // BETA**j for c in w.values())
        return -(theta // BETA**j) <= target <= high - theta // BETA**j

    def term(form, q):
        nonlocal total
        total = add_forms((1, total), (1, builder.at_least(layer + 1, form, q)))

    for j in range(B):
        digits = {v: (c // BETA**j) % BETA for v, c in w.items()}
        t_j = (theta // BETA**j) % BETA
        for target in range(-n + 1, 1):
            if not reachable(j + 1, target):
                continue
            tests, q = equal(j + 1, target)
            cond = _small(builder, layer, digits, negated, t_j - BETA * target + 1)
            if cond == (0, {}):
                continue
            term(add_forms((1, tests), (1, cond)), q + 1)
    if reachable(0, 0):
        tests, q = equal(0, 0)
        term(tests, q)
    return total


def sum_bit(builder: CircuitBuilder, layer: int, a: dict, a0: int, r: int) -> tuple:
    """G1: bit ``r`` of ``(sum_v a_v y_v + a0) mod 2^(r+1)`` as a form over ``layer + 1``."""
    M = 2 ** (r + 1)
    reduced = {v: c % M for v, c in a.items() if c % M}
    b0 = a0 % M
    top = sum(reduced.values()) + b0
    parts = []
    for k in range(top // M + 1):
        parts.append((1, large_gate(builder, layer, reduced, k * M + 2**r - b0)))
        parts.append((-1, large_gate(builder, layer, reduced, (k + 1) * M - b0)))
    return add_forms(*parts)


def relu_bit(builder: CircuitBuilder, layer: int, a: dict, a0: int, r: int) -> tuple:
    """Bit ``r`` of ``[sum_v a_v y_v + a0]_+`` as one gate (a form) in ``layer + 2``:
    ``[bit_r(z) + [z >= 1] >= 2]``."""
    form = add_forms((1, sum_bit(builder, layer, a, a0, r)), (1, large_gate(builder, layer, a, 1 - a0)))
    return builder.at_least(layer + 2, form, 2)


def single_gate(n: int) -> ThresholdCircuit:
    """The spec's single gate ``[sum_{i<n} 2^i y_i >= floor(2^n / 3) + 1]`` through G2: depth 2,
    weights up to ``2^(n-1)`` replaced by small ones."""
    builder = CircuitBuilder(check_int(n, "n", 1))
    builder.new_layer(), builder.new_layer()
    return builder.circuit([large_gate(builder, 0, {i: 2**i for i in range(n)}, 2**n // 3 + 1)])


def evaluate_circuit(circuit: ThresholdCircuit, y) -> list:
    """The circuit's outputs at ``y`` in ``{0,1}^n`` (integer arithmetic, the definition)."""
    values = list(y)
    for layer in circuit.layers:
        values = [int(sum(c * values[v] for v, c in weights) + bias > 0) for weights, bias in layer]
    return [const + sum(c * values[v] for v, c in coeffs) for const, coeffs in circuit.outputs]


def circuit_to_relu(circuit: ThresholdCircuit):
    """Lemma 22: the ReLU network (nodes as :func:`~verinet.interpret.layered.from_layered`) of
    :func:`relu_layers`."""
    return from_layered(relu_layers(circuit).layers)


def relu_layers(circuit: ThresholdCircuit) -> Layered:
    """Lemma 22: the layered ReLU form with ``depth + 1`` layers and ``2 size + q`` neurons
    computing the circuit on ``{0,1}^n``.

    Gate ``(w, b)`` gives the neurons ``[<w, y> + b]_+`` and ``[<w, y> + b - 1]_+``; the next
    layer reads ``y`` as their difference, so its weights on the pair are ``+c, -c``.
    """
    affines, width_in, pairs = [], circuit.in_dim, False
    for t, layer in enumerate(circuit.layers):
        rows, bias = [], []
        for weights, b in layer:
            row = [0] * width_in
            for v, c in weights:
                if pairs:
                    row[2 * v], row[2 * v + 1] = row[2 * v] + c, row[2 * v + 1] - c
                else:
                    row[v] += c
            row = tuple(row)
            rows += [row, row]
            bias += [b, b - 1]
        affines.append(Affine(tuple(rows), tuple(bias), 1))
        width_in, pairs = 2 * len(layer), True
    rows, bias, den = [], [], 1
    for const, coeffs in circuit.outputs:
        for q in [const] + [c for _, c in coeffs]:
            den = den * MPQ(q).denominator // math.gcd(den, MPQ(q).denominator)
    for const, coeffs in circuit.outputs:
        row = [0] * width_in
        for v, c in coeffs:
            row[2 * v], row[2 * v + 1] = int(c * den), -int(c * den)
        rows.append(tuple(row))
        bias.append(int(const * den))
    affines.append(Affine(tuple(rows), tuple(bias), int(den)))
    return Layered(tuple(affines))


def check_circuit(circuit: ThresholdCircuit, function, *, exhaustive_up_to: int = 16, samples: int = 512,
                  seed: int = 0) -> dict:
    """Check ``evaluate_circuit(circuit, y) == function(y)`` on all of ``{0,1}^n`` (``n <=
    exhaustive_up_to``) or on ``samples`` seeded random points; returns ``{"kind", "points"}``.

    Raises
    ------
    BoundViolation
        At the first mismatch, with the point and both values as witness.
    """
    n = circuit.in_dim
    if n <= exhaustive_up_to:
        points, kind = itertools.product((0, 1), repeat=n), "exhaustive"
    else:
        rng = random.Random(seed)
        points, kind = ([rng.randint(0, 1) for _ in range(n)] for _ in range(samples)), "sampled"
    count = 0
    for y in points:
        got, want = evaluate_circuit(circuit, y), list(function(list(y)))
        if got != want:
            raise BoundViolation(f"threshold circuit differs from its function at y = {list(y)}: {got} != {want}",
                                 witness={"y": list(y), "circuit": got, "function": want})
        count += 1
    return {"kind": kind, "points": count}
