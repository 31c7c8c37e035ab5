"""Small weights on Boolean inputs (Vardi-Shamir 2020, pipeline of Vardi-Reichman-Pitassi-Shamir 2021).

Main statement (checked per instance)
-------------------------------------
Let ``N`` be a ReLU network of depth ``k`` (papers' convention: layers counted with the linear
output layer) with rational parameters on ``{0,1}^n``.  :func:`small_weights` returns a ReLU
network ``N'`` of depth ``3k <= 3k + 3`` with ``N'(x) = N(x)`` for every ``x`` in ``{0,1}^n``,
whose hidden-layer parameters are bounded by ``P = 4 (v + 2)(m + 2)``, where ``v`` is the largest
number of Boolean variables of one simulated pre-activation (at most ``n`` or width times the
bits of a hidden value) and ``m`` the bits of its largest ``sum |a_i| + |a_0|``: a polynomial
in ``n``, ``k``, the width and the input weights' bit size.  The readout weights are
``2^r / S`` (``S`` the common denominator): they encode the value and are reported apart.

Construction (depth accounting)
-------------------------------
1. Scale each layer by the common denominator of its parameters: ``N_int = S N`` with integer
   parameters (ReLU is positively homogeneous); exact on every input.
2. A hidden value ``h = [z]_+`` is kept as its bits, ``R = bits(max h)`` of them (the maximum
   over ``{0,1}^n`` bounded exactly by interval arithmetic).  Each hidden layer of ``N`` costs
   3 threshold layers: small gates and G2's terms (spec G2), then one gate per bit
   ``[bit_r(z) + [z >= 1] >= 2]`` (spec G1).  The output layer costs 2: its two's-complement
   bits are exact sums of G2 terms, read out linearly.  Threshold depth ``3(k-1) + 2``.
3. Lemma 22 turns the circuit into a ReLU network of depth ``3(k-1) + 3 = 3k``.
"""

import itertools
import math
import random

from .._backend import MPQ
from ..constructions.threshold import (ThresholdCircuit, CircuitBuilder, add_forms, relu_layers,
                                       relu_bit, sum_bit)
from ..errors import BudgetExceeded, InvalidArgument, UnsupportedOp
from ..interpret.exact import evaluate
from ..interpret.layered import from_layered, to_layered
from ..ops import PIECEWISE_LINEAR, Input

__all__ = ["SmallWeights", "integer_layers", "small_weights", "weight_bound", "check_equal_on_cube",
           "MAX_INPUTS", "EXHAUSTIVE_INPUTS"]

MAX_INPUTS = 64  # the largest input dimension accepted by default
EXHAUSTIVE_INPUTS = 16  # equality is checked on all of {0,1}^n up to this n, on a sample above


class SmallWeights:
    """The transformed network and its construction data (see :func:`small_weights`)."""

    def __init__(self, layered, circuit: ThresholdCircuit, scale, fan_in: int, sum_bits: int, out_bits: list):
        self.layered, self.network = layered, from_layered(layered.layers)
        self.circuit, self.scale = circuit, scale
        self.fan_in, self.sum_bits, self.out_bits = fan_in, sum_bits, out_bits


def _check_ops(net) -> None:
    for node in net.order():
        op = net.op(node)
        if type(op) is not Input and type(op) not in PIECEWISE_LINEAR:
            raise UnsupportedOp(f"small-weights: the input network must be ReLU/affine; node {node!r} is "
                                f"{type(op).__name__}")


def integer_layers(net) -> tuple:
    """Step 1: ``(layers, S)`` with integer ``(W, b)`` layers of ``S N`` (``N``'s layered form)."""
    scale, out = 1, []
    for layer in to_layered(net).layers:
        W = [[MPQ(v, layer.denominator) for v in row] for row in layer.weight_numerators]
        b = [MPQ(v, layer.denominator) * scale for v in layer.bias_numerators]
        d = 1
        for v in [x for row in W for x in row] + b:
            d = math.lcm(d, int(v.denominator))
        out.append(([[int(v * d) for v in row] for row in W], [int(v * d) for v in b]))
        scale *= d
    return out, scale


def _range(rows, bias, highs) -> list:
    """Exact ``[min, max]`` of ``W h + b`` over ``0 <= h_j <= highs[j]``."""
    return [(b + sum(w * u for w, u in zip(row, highs) if w < 0), b + sum(w * u for w, u in zip(row, highs) if w > 0))
            for row, b in zip(rows, bias)]


def _two_complement_bits(lo: int, hi: int) -> int:
    R = 1
    while not -(2 ** (R - 1)) <= lo <= hi < 2 ** (R - 1):
        R += 1
    return R


def weight_bound(fan_in: int, sum_bits: int) -> int:
    """``P = 4 (v + 2)(m + 2)``: the bound on every hidden-layer parameter of the transform."""
    return 4 * (fan_in + 2) * (sum_bits + 2)


def small_weights(net, *, out_bits=None, max_inputs: int = MAX_INPUTS, max_gates: int = 200_000,
                  max_parameters: int = 4_000_000) -> SmallWeights:
    """The transform of the module docstring.

    Raises
    ------
    UnsupportedOp
        For an op other than affine/ReLU.
    InvalidArgument
        For more than ``max_inputs`` inputs, or ``out_bits`` below the bits the output needs.
    BudgetExceeded
        When the circuit passes ``max_gates`` gates or the ReLU form ``max_parameters``
        (dense) parameters, checked before the ReLU network is built.
    """
    _check_ops(net)
    if net.in_dim > max_inputs:
        raise InvalidArgument(f"small-weights: {net.in_dim} inputs is over the limit {max_inputs} "
                              f"(raise it with --max-inputs N)")
    layers, scale = integer_layers(net)
    builder = CircuitBuilder(net.in_dim)
    variables = [[(0, {i: 1})] for i in range(net.in_dim)]  # per value: its bit forms (LSB first)
    highs = [1] * net.in_dim
    fan_in = sum_bits = 0

    def large_sum(row, bias):
        nonlocal fan_in, sum_bits
        form = add_forms(*((w * 2**r, bit) for w, bits in zip(row, variables) for r, bit in enumerate(bits)))
        fan_in = max(fan_in, len(form[1]))
        sum_bits = max(sum_bits, (sum(abs(c) for c in form[1].values()) + abs(form[0] + bias)).bit_length())
        return form[1], form[0] + bias

    for W, b in layers[:-1]:
        base = builder.new_layer()
        builder.new_layer(), builder.new_layer()
        ranges = _range(W, b, highs)
        new_variables = []
        for row, bias, (_, hi) in zip(W, b, ranges):
            a, a0 = large_sum(row, bias)
            new_variables.append([relu_bit(builder, base, a, a0, r) for r in range(max(hi, 0).bit_length())])
            _budget(builder, max_gates)
        variables, highs = new_variables, [max(hi, 0) for _, hi in ranges]
    W, b = layers[-1]
    base = builder.new_layer()
    builder.new_layer()
    outputs, widths = [], []
    for row, bias, (lo, hi) in zip(W, b, _range(W, b, highs)):
        R = _two_complement_bits(lo, hi)
        if out_bits is not None:
            if out_bits < R:
                raise InvalidArgument(f"small-weights: --out-bits {out_bits} is too few: the output needs {R} "
                                      f"two's-complement bits (its exact range on {{0,1}}^n is [{lo}, {hi}] / {scale})")
            R = out_bits
        a, a0 = large_sum(row, bias)
        bits = [sum_bit(builder, base, a, a0, r) for r in range(R)]
        _budget(builder, max_gates)
        weights = [MPQ(2**r, scale) for r in range(R - 1)] + [MPQ(-(2 ** (R - 1)), scale)]
        outputs.append(add_forms(*zip(weights, bits)))
        widths.append(R)
    circuit = builder.circuit(outputs)
    widths_relu = [circuit.in_dim] + [2 * len(layer) for layer in circuit.layers] + [len(outputs)]
    dense = sum((a + 1) * c for a, c in zip(widths_relu, widths_relu[1:]))
    if dense > max_parameters:
        raise BudgetExceeded(f"small-weights: the ReLU form would have {dense} parameters (layer widths "
                             f"{widths_relu[1:-1]}), over the limit {max_parameters}; raise it with --max-parameters N")
    return SmallWeights(relu_layers(circuit), circuit, scale, fan_in, sum_bits, widths)


def _budget(builder, max_gates: int) -> None:
    gates = sum(len(layer) for layer in builder.layers)
    if gates > max_gates:
        raise BudgetExceeded(f"small-weights: the threshold circuit passed {max_gates} gates while being built; "
                             f"raise the limit with --max-gates N")


def cube_points(n: int, samples: int = 256, seed: int = 0) -> tuple:
    """All of ``{0,1}^n`` (``"exhaustive"``) for ``n <= EXHAUSTIVE_INPUTS``, else ``samples``
    points drawn with ``seed`` (``"sampled"``)."""
    if n <= EXHAUSTIVE_INPUTS:
        return [list(p) for p in itertools.product((0, 1), repeat=n)], "exhaustive"
    rng = random.Random(seed)
    return [[rng.randint(0, 1) for _ in range(n)] for _ in range(samples)], "sampled"


def check_equal_on_cube(original, transformed, samples: int = 256, seed: int = 0) -> dict:
    """Exact comparison of the two networks on ``{0,1}^n``: the kind of check, the number of
    points and the first mismatch (``None`` when there is none)."""
    points, kind = cube_points(original.in_dim, samples, seed)
    mismatch = None
    for x, u, v in zip(points, evaluate(original, points), evaluate(transformed, points)):
        if list(u) != list(v):
            mismatch = {"x": x, "original": list(u), "transformed": list(v)}
            break
    return {"kind": kind, "points": len(points), "mismatch": mismatch}


def readout_and_hidden_max(metrics: dict) -> tuple:
    """``(max |parameter| of the hidden-layer maps, max |parameter| of the readout map)`` from
    :func:`~verinet.interpret.metrics.size_metrics`."""
    layers = metrics["layers"]
    return max(r["max_abs_parameter"] for r in layers[:-1]), layers[-1]["max_abs_parameter"]
