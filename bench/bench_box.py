"""Benchmark: exact range of a random ReLU network on a box in d = 2; 1-D boxes.

Usage: python bench/bench_box.py [--width 32] [--depth 4] [--seed 0] [--json]
       python bench/bench_box.py --yarotsky 12,16,20,24 [--json]

The network is width x depth hidden ReLU layers with weights and biases drawn uniformly
from {-16, ..., 16} / 16 (dyadic, so the instance is reproducible and exact), input width 2,
one output; the box is [-1, 1]^2.  Reported: regions searched, min/max with witnesses,
wall-clock seconds of the interval pass, the region enumeration and the exact range.

With ``--yarotsky``: Yarotsky's f_m (verinet.constructions.sawtooth.yarotsky_square) on the
1-D box [1/4, 3/4], through ``analyze_box`` (the 1-D form dispatch); exact range [1/16, 9/16].
"""

import argparse
import json
import random
import time
from fractions import Fraction

from verinet.analysis.box import analyze_box, box_range, constant_on_box
from verinet.analysis.interval_pass import output_interval
from verinet.analysis.regions import linear_regions
from verinet.constructions.sawtooth import yarotsky_square
from verinet.network import NetworkBuilder


def random_network(width: int, depth: int, dim: int = 2, seed: int = 0, scale: int = 16):
    rng = random.Random(seed)

    def entry():
        return Fraction(rng.randint(-scale, scale), scale)

    b = NetworkBuilder()
    node = b.input(dim, name="x")
    fan_in = dim
    for layer in range(depth):
        w = [[entry() for _ in range(fan_in)] for _ in range(width)]
        node = b.relu(b.affine(node, w, [entry() for _ in range(width)], name=f"L{layer}"), name=f"relu{layer}")
        fan_in = width
    return b.build(b.affine(node, [[entry() for _ in range(fan_in)]], [entry()], name="out"))


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def yarotsky_report(ms) -> list:
    """One row per m: pieces, exact range, method and seconds of ``analyze_box`` on [1/4, 3/4]."""
    rows = []
    for m in ms:
        net = yarotsky_square(m).network
        report, seconds = timed(lambda: analyze_box(net, "1/4,3/4"))
        rows.append({"m": m, "pieces": report["regions"], "min": report["min"], "max": report["max"],
                     "method": report["method"], "seconds": round(seconds, 3)})
    return rows


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--width", type=int, default=32)
    parser.add_argument("--depth", type=int, default=4)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--box", default="-1,1;-1,1")
    parser.add_argument("--yarotsky", metavar="M,M,...", help="time f_m on the 1-D box [1/4, 3/4] instead")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.yarotsky is not None:
        rows = yarotsky_report([int(m) for m in args.yarotsky.split(",")])
        print(json.dumps(rows, indent=2) if args.json else "\n".join(map(str, rows)))
        return {"yarotsky": rows}
    net = random_network(args.width, args.depth, seed=args.seed)
    interval, t_interval = timed(lambda: output_interval(net, args.box))
    regions, t_regions = timed(lambda: linear_regions(net, args.box))
    result, t_range = timed(lambda: box_range(net, args.box))
    constancy, t_constant = timed(lambda: constant_on_box(net, args.box))
    report = {
        "network": f"random width {args.width} depth {args.depth}, d = 2, seed {args.seed}",
        "box": args.box,
        "interval": [str(v) for v in interval[0]],
        "regions": len(regions),
        "min": str(result.minimum),
        "argmin": [str(v) for v in result.argmin],
        "max": str(result.maximum),
        "argmax": [str(v) for v in result.argmax],
        "constant": constancy.constant,
        "seconds": {
            "interval": round(t_interval, 4),
            "regions": round(t_regions, 3),
            "range": round(t_range, 3),
            "constant": round(t_constant, 4),
        },
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        for key, value in report.items():
            print(f"{key}: {value}")
    return report


if __name__ == "__main__":
    main()
