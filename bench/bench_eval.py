"""Benchmark: exact batched evaluation vs numpy float64 vs a ``fractions.Fraction`` loop.

    python bench/bench_eval.py [--json] [--quick] [--repeat 3] [--seed 0]

(a) Dense: input width 256, 8 hidden ReLU layers of width 256, a linear output layer of
    width 1 (9 affine maps, 526 593 parameters); every weight and bias ``k/2^10`` with
    ``k`` uniform in ``[-2^10, 2^10]``; a batch of 1024 inputs ``j/2^10`` with ``j`` uniform
    in ``[-2^10, 2^10]`` (``random.Random(seed)``).  Timed side by side in one run:
    ``verinet.evaluate`` (exact, from ``Fraction`` points to reduced ``MPQ`` outputs, both
    paths: ``auto`` = limbs and ``columns`` = flint), the same net in numpy float64
    (weights rounded once, float64 batch in, float64 out) and a plain ``Fraction`` loop
    (precomputed ``Fraction`` weights, one point at a time) on the first ``--fraction-points``
    points, scaled to the whole batch.  Exact results are checked equal to the ``Fraction``
    loop on those points.
    ``float64_numpy_from_fractions`` adds the conversion of the same ``Fraction`` inputs
    to a float64 array (what a float user starting from exact inputs would pay).
(b) Deep narrow: width 2, depth 2000, ``h -> relu([[2, 1], [-1, 2]] h + (1/3, 1/5))``,
    output ``h1 + h2``; 1024 inputs ``(j/3^5, (j+1)/7)``, j = 1..1024; the numbers pass
    2000 bits.  Exact (both paths) vs the ``Fraction`` loop on the first
    ``8 * --fraction-points`` points, scaled to the batch.

Times are wall clock, best of ``--repeat`` (the Fraction loop runs once).
"""

import argparse
import json
import platform
import random
import time
from fractions import Fraction

import numpy as np

from verinet import NetworkBuilder
from verinet.interpret.exact import evaluate
from verinet.interpret.metrics import size_metrics


def best_of(fn, repeat):
    best, value = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - start)
    return value, best


def dense_network(width, depth, seed):
    rng = random.Random(seed)

    def entry():
        return Fraction(rng.randint(-(2**10), 2**10), 2**10)

    layers = [([[entry() for _ in range(width)] for _ in range(width)], [entry() for _ in range(width)]) for _ in range(depth)]
    layers.append(([[entry() for _ in range(width)]], [entry()]))
    return network_of(layers), layers


def deep_network(depth):
    layers = [([[2, 1], [-1, 2]], [Fraction(1, 3), Fraction(1, 5)])] * depth + [([[1, 1]], [0])]
    return network_of(layers), [([[Fraction(w) for w in row] for row in W], b) for W, b in layers]


def network_of(layers):
    """``L_last o relu o ... o relu o L_0`` from (weights, bias) pairs of Fractions."""
    b = NetworkBuilder()
    y = b.input(len(layers[0][0][0]))
    for i, (W, bias) in enumerate(layers):
        y = b.affine(y, W, bias)
        if i < len(layers) - 1:
            y = b.relu(y)
    return b.build(y)


def fraction_loop(layers, point):
    """The same network, one point, plain Fraction arithmetic."""
    x = list(point)
    for i, (W, bias) in enumerate(layers):
        x = [sum(w * v for w, v in zip(row, x)) + c for row, c in zip(W, bias)]
        if i < len(layers) - 1:
            x = [v if v > 0 else Fraction(0) for v in x]
    return x


def float_forward(mats, X):
    """numpy float64: X is (in, B); ReLU between the affine maps."""
    for i, (W, c) in enumerate(mats):
        X = W @ X + c
        if i < len(mats) - 1:
            np.maximum(X, 0, out=X)
    return X


def as_fractions(outputs):
    return [[Fraction(int(v.numerator), int(v.denominator)) for v in y] for y in outputs]


def bench_dense(width, depth, batch, fraction_points, repeat, seed):
    net, layers = dense_network(width, depth, seed)
    rng = random.Random(seed + 1)
    points = [[Fraction(rng.randint(-(2**10), 2**10), 2**10) for _ in range(width)] for _ in range(batch)]
    mats = [(np.array(W, dtype=np.float64), np.array(c, dtype=np.float64)[:, None]) for W, c in layers]
    X = np.array(points, dtype=np.float64).T.copy()

    exact, t_exact = best_of(lambda: evaluate(net, points), repeat)
    columns, t_columns = best_of(lambda: evaluate(net, points, path="columns"), repeat)
    floats, t_float = best_of(lambda: float_forward(mats, X), repeat)
    _, t_float_in = best_of(lambda: float_forward(mats, np.array(points, dtype=np.float64).T.copy()), repeat)
    start = time.perf_counter()
    reference = [fraction_loop(layers, p) for p in points[:fraction_points]]
    t_fraction = (time.perf_counter() - start) / fraction_points * batch

    assert as_fractions(exact[:fraction_points]) == reference == as_fractions(columns[:fraction_points])
    out_bits = max(max(int(v.numerator).bit_length(), int(v.denominator).bit_length()) for y in exact for v in y)
    float_error = max(abs(float(v) - floats[i, j]) for j, y in enumerate(exact[:fraction_points]) for i, v in enumerate(y))
    return {
        "network": f"dense width {width}, {depth} hidden ReLU layers, weights k/2^10",
        "parameters": size_metrics(net)["parameters"],
        "batch": batch,
        "output_max_bits": out_bits,
        "exact_seconds": round(t_exact, 4),
        "exact_columns_seconds": round(t_columns, 4),
        "float64_numpy_seconds": round(t_float, 4),
        "float64_numpy_from_fractions_seconds": round(t_float_in, 4),
        "fraction_seconds_scaled": round(t_fraction, 2),
        "fraction_points_timed": fraction_points,
        "exact_over_float64": round(t_exact / t_float, 2),
        "fraction_over_exact": round(t_fraction / t_exact, 1),
        "columns_over_exact": round(t_columns / t_exact, 2),
        "float64_max_abs_error": float_error,
    }


def bench_deep(depth, batch, fraction_points, repeat):
    net, layers = deep_network(depth)
    points = [[Fraction(j, 3**5), Fraction(j + 1, 7)] for j in range(1, batch + 1)]
    exact, t_exact = best_of(lambda: evaluate(net, points), repeat)
    columns, t_columns = best_of(lambda: evaluate(net, points, path="columns"), repeat)
    start = time.perf_counter()
    reference = [fraction_loop(layers, p) for p in points[:fraction_points]]
    t_fraction = (time.perf_counter() - start) / fraction_points * batch
    assert as_fractions(exact[:fraction_points]) == reference == as_fractions(columns[:fraction_points])
    out_bits = max(int(v.numerator).bit_length() for y in exact for v in y)
    return {
        "network": f"width 2, depth {depth}, [[2, 1], [-1, 2]] h + (1/3, 1/5)",
        "batch": batch,
        "output_max_bits": out_bits,
        "exact_seconds": round(t_exact, 4),
        "exact_columns_seconds": round(t_columns, 4),
        "fraction_seconds_scaled": round(t_fraction, 2),
        "fraction_points_timed": fraction_points,
        "fraction_over_exact": round(t_fraction / t_exact, 1),
        "columns_over_exact": round(t_columns / t_exact, 2),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--quick", action="store_true", help="width 64, batch 256, depth 200")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--fraction-points", type=int, default=8)
    args = parser.parse_args()
    width, batch, deep = (64, 256, 200) if args.quick else (256, 1024, 2000)
    result = {
        "machine": f"{platform.machine()} {platform.processor() or ''}".strip(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "dense": bench_dense(width, 8, batch, args.fraction_points, args.repeat, args.seed),
        "deep_narrow": bench_deep(deep, batch, 8 * args.fraction_points, args.repeat),
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for key, value in result.items():
            if isinstance(value, dict):
                print(f"{key}:")
                for k, v in value.items():
                    print(f"  {k}: {v}")
            else:
                print(f"{key}: {value}")


if __name__ == "__main__":
    main()
