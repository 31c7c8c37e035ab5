"""Benchmark: exact range of a random ReLU network on a box in d = 2; 1-D boxes; side by side.

Usage: python bench/bench_box.py [--width 32] [--depth 4] [--seed 0] [--json]
       python bench/bench_box.py --yarotsky 12,16,20,24 [--json]
       python bench/bench_box.py --side-by-side [--json]

The network is width x depth hidden ReLU layers with weights and biases drawn uniformly
from {-16, ..., 16} / 16 (dyadic, so the instance is reproducible and exact), input width 2,
one output; the box is [-1, 1]^2.  Reported: regions searched, min/max with witnesses,
wall-clock seconds of the interval pass, the region enumeration and the exact range.

With ``--yarotsky``: Yarotsky's f_m (verinet.constructions.sawtooth.yarotsky_square) on the
1-D box [1/4, 3/4], through ``analyze_box`` (the 1-D form dispatch); exact range [1/16, 9/16].

With ``--side-by-side``: for each case (random width-32 depth-4 nets in d = 2, width 64
depth 4 in d = 2, width 16 depth 3 in d = 4, the product construction on [0,1]^2, the SYZ
phi_1 on [0,1]^2) the exact range by region enumeration and by exact branch and bound:
regions visited (branch and bound: relaxations plus regions enumerated in its leaves), wall
and CPU seconds, and whether the answers are identical; and auto_LiRPA's float CROWN bounds
and time when auto_LiRPA is importable (skipped otherwise).
"""

import argparse
import json
import random
import time
from fractions import Fraction

from verinet.analysis.box import analyze_box, box_range, constant_on_box
from verinet.analysis.interval_pass import as_box, output_interval
from verinet.analysis.regions import linear_regions
from verinet.constructions.intrinsic import syz_phi1
from verinet.constructions.product import product
from verinet.constructions.sawtooth import yarotsky_square
from verinet.network import NetworkBuilder


def random_network(width: int, depth: int, dim: int = 2, seed: int = 0, scale: int = 16):
    """width x depth hidden ReLU layers, input width ``dim``, entries uniform in {-scale..scale}/scale."""
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


def cpu_timed(fn):
    """``(value, wall seconds, CPU seconds of this process)``: the CPU time is what a shared
    machine's load does not inflate."""
    wall, cpu = time.perf_counter(), time.process_time()
    value = fn()
    return value, time.perf_counter() - wall, time.process_time() - cpu


def side_by_side_cases() -> list:
    """``(name, network, box)`` of the side-by-side comparison (issue 22 point 3)."""
    cases = [(f"random w32 d4, d=2, seed {seed}", random_network(32, 4, seed=seed), "-1,1;-1,1") for seed in range(3)]
    cases.append(("random w64 d4, d=2, seed 0", random_network(64, 4, seed=0), "-1,1;-1,1"))
    cases.append(("random w16 d3, d=4, seed 0", random_network(16, 3, dim=4, seed=0), ";".join(["-1,1"] * 4)))
    cases.append(("product N=3 L=3 on [0,1]^2", product(3, 3, 0, 1).network, "0,1;0,1"))
    cases.append(("SYZ phi_1 d=2 n=2 on [0,1]^2", syz_phi1(2, 2).network, "0,1;0,1"))
    return cases


def crown_float(net, box):
    """auto_LiRPA's CROWN bounds (floats) and seconds, or None when it is not importable."""
    try:
        from auto_LiRPA import BoundedModule, BoundedTensor, PerturbationLpNorm  # noqa: F401
    except ImportError:
        return None
    import torch

    from verinet.bridge.torch_export import to_torch

    lo = torch.tensor([[float(a) for a, _ in box]])
    hi = torch.tensor([[float(b) for _, b in box]])
    model = BoundedModule(to_torch(net), (lo + hi) / 2)
    x = BoundedTensor((lo + hi) / 2, PerturbationLpNorm(x_L=lo, x_U=hi))
    (low, high), seconds = timed(lambda: model.compute_bounds(x=(x,), method="CROWN"))
    return {"crown": [float(low), float(high)], "seconds": round(seconds, 3)}


def side_by_side() -> list:
    """One row per case: enumeration vs branch and bound (and float CROWN when available)."""
    rows = []
    for name, net, box_text in side_by_side_cases():
        box = as_box(box_text, net.in_dim)
        enum, e_wall, e_cpu = cpu_timed(lambda: box_range(net, box, method="enumerate"))
        bnb, b_wall, b_cpu = cpu_timed(lambda: box_range(net, box, method="branch-and-bound"))
        bottom, top = bnb.branches
        row = {
            "case": name,
            "min": str(bnb.minimum), "max": str(bnb.maximum),
            "identical": (enum.minimum, enum.maximum) == (bnb.minimum, bnb.maximum),
            "enumerate": {"regions": enum.regions, "wall": round(e_wall, 3), "cpu": round(e_cpu, 3)},
            "branch_and_bound": {"visited": bnb.regions, "nodes": bottom.nodes + top.nodes,
                                 "leaf_regions": bottom.regions + top.regions,
                                 "wall": round(b_wall, 3), "cpu": round(b_cpu, 3)},
            "fewer_regions": round(enum.regions / bnb.regions, 1),
            "less_cpu": round(e_cpu / b_cpu, 1),
        }
        crown = crown_float(net, box)
        row["auto_LiRPA"] = crown if crown is not None else "not installed"
        rows.append(row)
        print(json.dumps(row), flush=True)
    return rows


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
    parser.add_argument("--side-by-side", action="store_true", help="enumeration vs branch and bound on the issue-22 cases")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.side_by_side:
        return {"side_by_side": side_by_side()}
    if args.yarotsky is not None:
        rows = yarotsky_report([int(m) for m in args.yarotsky.split(",")])
        print(json.dumps(rows, indent=2) if args.json else "\n".join(map(str, rows)))
        return {"yarotsky": rows}
    net = random_network(args.width, args.depth, seed=args.seed)
    interval, t_interval = timed(lambda: output_interval(net, args.box))
    regions, t_regions = timed(lambda: linear_regions(net, args.box))
    result, t_range = timed(lambda: box_range(net, args.box, method="enumerate"))
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
