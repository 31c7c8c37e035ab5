"""Benchmark: points per second of the exported torch model (float32/float64, CPU and CUDA
when present) against exact evaluation of the same network.

Usage: ``python bench/bench_bridge.py [--json] [--threads N] [--quick]``.  Results are
recorded in bench/README.md ("Float bridge").  The float runs are timed on batches of
``--float-points`` points (best of 3), exact evaluation on ``--exact-points`` points (one run:
it is deterministic and slow); inputs are exact rationals k/q rounded once to the dtype.
"""

import argparse
import json
import platform
import time

import torch

from verinet._backend import MPQ
from verinet.bridge.rounding import round_rational
from verinet.bridge.torch_export import TORCH_DTYPES, to_torch
from verinet.constructions.bits import bit_extraction
from verinet.constructions.sawtooth import yarotsky_square
from verinet.interpret.exact import evaluate
from verinet.interpret.metrics import size_metrics
from verinet.network import NetworkBuilder


def dense_network(width: int, depth: int, in_dim: int = 4):
    """A dense chain with small-denominator weights (thirds, fifths, sevenths)."""
    b = NetworkBuilder()
    node, fan_in = b.input(in_dim, name="x"), in_dim
    for k in range(depth + 1):
        out = width if k < depth else 1
        weights = [[MPQ((3 * i + 5 * j + k) % 11 - 5, 3 + (i + j) % 5) / fan_in for j in range(fan_in)] for i in range(out)]
        node = b.affine(node, weights, [MPQ(i % 3 - 1, 7) for i in range(out)])
        if k < depth:
            node = b.relu(node)
        fan_in = out
    return b.build(node)


def networks(quick: bool) -> dict:
    width = 16 if quick else 64
    return {
        "yarotsky_square(m=20)": yarotsky_square(20).network,
        "bit_extraction(J=16)": bit_extraction("1" * 16).network,
        f"dense(width={width}, depth=4)": dense_network(width, 4),
    }


def points(dim: int, count: int) -> list:
    return [[MPQ((7 * i + 3 * j) % 1000, 997) for j in range(dim)] for i in range(count)]


def time_torch(net, dtype, device, pts) -> float:
    module = to_torch(net, dtype).to(device)
    x = torch.tensor([[round_rational(v, dtype) for v in p] for p in pts], dtype=TORCH_DTYPES[dtype], device=device)
    best = float("inf")
    with torch.no_grad():
        for _ in range(3):
            if device == "cuda":
                torch.cuda.synchronize()
            start = time.perf_counter()
            module(x)
            if device == "cuda":
                torch.cuda.synchronize()
            best = min(best, time.perf_counter() - start)
    return len(pts) / best


def time_exact(net, pts) -> float:
    start = time.perf_counter()
    evaluate(net, pts)
    return len(pts) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--threads", type=int, default=1, help="torch CPU threads (default 1)")
    parser.add_argument("--float-points", type=int, default=100_000)
    parser.add_argument("--exact-points", type=int, default=2_000)
    parser.add_argument("--quick", action="store_true", help="small sizes (smoke test)")
    args = parser.parse_args()
    if args.quick:
        args.float_points, args.exact_points = 2_000, 100
    torch.set_num_threads(args.threads)
    devices = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
    rows = []
    for name, net in networks(args.quick).items():
        m = size_metrics(net)
        row = {"network": name, "depth": m["depth"], "width": m["width"], "parameters": m["parameters"]}
        row["exact_points_per_s"] = time_exact(net, points(net.in_dim, args.exact_points))
        float_pts = points(net.in_dim, args.float_points)
        for device in devices:
            for dtype in ("float32", "float64"):
                row[f"torch_{device}_{dtype}_points_per_s"] = time_torch(net, dtype, device, float_pts)
        rows.append(row)
    result = {
        "torch": torch.__version__,
        "threads": args.threads,
        "machine": platform.processor() or platform.machine(),
        "cuda": torch.cuda.get_device_name() if torch.cuda.is_available() else None,
        "float_points": args.float_points,
        "exact_points": args.exact_points,
        "rows": rows,
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    for row in rows:
        print(f"{row['network']}: depth {row['depth']}, width {row['width']}, {row['parameters']} parameters")
        for key, value in row.items():
            if key.endswith("points_per_s"):
                print(f"  {key[:-len('_points_per_s')]:>22}: {value:14,.0f} points/s")


if __name__ == "__main__":
    main()
