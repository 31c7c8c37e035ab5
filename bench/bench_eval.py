"""Benchmark: exact batched evaluation vs numpy float64 vs a ``fractions.Fraction`` loop.

    python bench/bench_eval.py [--json] [--quick] [--repeat 5] [--seed 0]

(a) Dense: input width 256, 8 hidden ReLU layers of width 256, a linear output layer of
    width 1 (9 affine maps, 526 593 parameters); every weight and bias ``k/2^10`` with
    ``k`` uniform in ``[-2^10, 2^10]``; a batch of 1024 inputs ``j/2^10`` with ``j`` uniform
    in ``[-2^10, 2^10]`` (``random.Random(seed)``).  Timed side by side in one run:

    * ``exact_from_common_batch``: ``verinet.evaluate`` from a prebuilt exact batch (a
      ``CommonBatch``: the int64 numerators ``j`` over the one denominator ``2^10``) to
      reduced ``MPQ`` outputs -- the exact counterpart of float64 from a prebuilt array;
    * ``exact_from_fractions``: ``verinet.evaluate`` end to end from ``Fraction`` points
      to reduced ``MPQ`` outputs (parsing, common denominator, packing included), on both
      paths: ``auto`` = limbs and ``columns`` = flint;
    * ``float64_numpy``: the same net in numpy float64 (weights rounded once, a prebuilt
      float64 batch in, float64 out); ``float64_numpy_from_fractions`` adds the conversion
      of the same ``Fraction`` inputs to a float64 array (what a float user starting from
      exact inputs would pay);
    * a plain ``Fraction`` loop (precomputed ``Fraction`` weights, one point at a time) on
      the first ``--fraction-points`` points, scaled to the whole batch.

    Exact results (every path) are checked equal to the ``Fraction`` loop on those points.
(b) Deep narrow: width 2, depth 2000, ``h -> relu([[2, 1], [-1, 2]] h + (1/3, 1/5))``,
    output ``h1 + h2``; 1024 inputs ``(j/3^5, (j+1)/7)``, j = 1..1024; the numbers pass
    2000 bits.  Exact (both paths, and from a ``CommonBatch`` over ``3^5 * 7``) vs the
    ``Fraction`` loop on the first ``8 * --fraction-points`` points, scaled to the batch.

Times are wall clock, best of ``--repeat`` (the much slower flint columns path: best of
``max(1, repeat // 3)``); the timed functions of one case run in turns
(one call of each per round), so a change of machine load hits all of them alike.  The
Fraction loop runs once.  ``load_average`` is ``os.getloadavg()`` before and after.
"""

import argparse
import json
import os
import platform
import random
import time
from fractions import Fraction

import numpy as np

from verinet import NetworkBuilder
from verinet.interpret.exact import CommonBatch, evaluate
from verinet.interpret.metrics import size_metrics


def best_of(fns, repeat):
    """``{name: (value, best seconds)}`` for ``{name: fn}``, one call of each per round."""
    best = {name: float("inf") for name in fns}
    values = {}
    for _ in range(repeat):
        for name, fn in fns.items():
            start = time.perf_counter()
            values[name] = fn()
            best[name] = min(best[name], time.perf_counter() - start)
    return {name: (values[name], best[name]) for name in fns}


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
    ints = [[rng.randint(-(2**10), 2**10) for _ in range(width)] for _ in range(batch)]
    points = [[Fraction(j, 2**10) for j in row] for row in ints]
    common = CommonBatch(np.array(ints, dtype=np.int64), 2**10)
    mats = [(np.array(W, dtype=np.float64), np.array(c, dtype=np.float64)[:, None]) for W, c in layers]
    X = np.array(points, dtype=np.float64).T.copy()

    timed = best_of(
        {
            "common": lambda: evaluate(net, common),
            "fractions": lambda: evaluate(net, points),
            "float": lambda: float_forward(mats, X),
            "float_in": lambda: float_forward(mats, np.array(points, dtype=np.float64).T.copy()),
        },
        repeat,
    )
    (exact, t_common), (from_fractions, t_exact) = timed["common"], timed["fractions"]
    (floats, t_float), t_float_in = timed["float"], timed["float_in"][1]
    columns, t_columns = best_of({"columns": lambda: evaluate(net, points, path="columns")}, max(1, repeat // 3))["columns"]
    start = time.perf_counter()
    reference = [fraction_loop(layers, p) for p in points[:fraction_points]]
    t_fraction = (time.perf_counter() - start) / fraction_points * batch

    assert from_fractions == exact
    assert as_fractions(exact[:fraction_points]) == reference == as_fractions(columns[:fraction_points])
    out_bits = max(max(int(v.numerator).bit_length(), int(v.denominator).bit_length()) for y in exact for v in y)
    float_error = max(abs(float(v) - floats[i, j]) for j, y in enumerate(exact[:fraction_points]) for i, v in enumerate(y))
    return {
        "network": f"dense width {width}, {depth} hidden ReLU layers, weights k/2^10",
        "parameters": size_metrics(net)["parameters"],
        "batch": batch,
        "output_max_bits": out_bits,
        "exact_from_common_batch_seconds": round(t_common, 4),
        "exact_from_fractions_seconds": round(t_exact, 4),
        "exact_columns_from_fractions_seconds": round(t_columns, 4),
        "float64_numpy_seconds": round(t_float, 4),
        "float64_numpy_from_fractions_seconds": round(t_float_in, 4),
        "fraction_seconds_scaled": round(t_fraction, 2),
        "fraction_points_timed": fraction_points,
        "exact_from_common_batch_over_float64": round(t_common / t_float, 2),
        "exact_from_fractions_over_float64": round(t_exact / t_float, 2),
        "exact_from_fractions_over_float64_from_fractions": round(t_exact / t_float_in, 2),
        "fraction_over_exact_from_fractions": round(t_fraction / t_exact, 1),
        "columns_over_exact": round(t_columns / t_exact, 2),
        "float64_max_abs_error": float_error,
    }


def bench_deep(depth, batch, fraction_points, repeat):
    net, layers = deep_network(depth)
    points = [[Fraction(j, 3**5), Fraction(j + 1, 7)] for j in range(1, batch + 1)]
    common = CommonBatch(np.array([[j * 7, (j + 1) * 3**5] for j in range(1, batch + 1)], dtype=np.int64), 3**5 * 7)
    timed = best_of({"common": lambda: evaluate(net, common), "fractions": lambda: evaluate(net, points)}, repeat)
    (exact, t_common), (from_fractions, t_exact) = timed["common"], timed["fractions"]
    columns, t_columns = best_of({"columns": lambda: evaluate(net, points, path="columns")}, max(1, repeat // 3))["columns"]
    start = time.perf_counter()
    reference = [fraction_loop(layers, p) for p in points[:fraction_points]]
    t_fraction = (time.perf_counter() - start) / fraction_points * batch
    assert from_fractions == exact
    assert as_fractions(exact[:fraction_points]) == reference == as_fractions(columns[:fraction_points])
    out_bits = max(int(v.numerator).bit_length() for y in exact for v in y)
    return {
        "network": f"width 2, depth {depth}, [[2, 1], [-1, 2]] h + (1/3, 1/5)",
        "batch": batch,
        "output_max_bits": out_bits,
        "exact_from_common_batch_seconds": round(t_common, 4),
        "exact_from_fractions_seconds": round(t_exact, 4),
        "exact_columns_from_fractions_seconds": round(t_columns, 4),
        "fraction_seconds_scaled": round(t_fraction, 2),
        "fraction_points_timed": fraction_points,
        "fraction_over_exact_from_fractions": round(t_fraction / t_exact, 1),
        "columns_over_exact": round(t_columns / t_exact, 2),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--quick", action="store_true", help="width 64, batch 256, depth 200")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--fraction-points", type=int, default=8)
    args = parser.parse_args()
    width, batch, deep = (64, 256, 200) if args.quick else (256, 1024, 2000)
    load_before = os.getloadavg()
    result = {
        "machine": f"{platform.machine()} {platform.processor() or ''}".strip(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "dense": bench_dense(width, 8, batch, args.fraction_points, args.repeat, args.seed),
        "deep_narrow": bench_deep(deep, batch, 8 * args.fraction_points, args.repeat),
    }
    result["load_average"] = {"before": [round(v, 2) for v in load_before], "after": [round(v, 2) for v in os.getloadavg()]}
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
