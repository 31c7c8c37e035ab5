"""Benchmark: full exact checks of Lu-Shen-Yang-Zhang 2021, Theorem 1.1 (with Theorems 2.2 and 2.1).

    python bench/bench_lsyz.py [--json] [--limit SECONDS] [--one D S N L]

Instances (issue 15): (d, s, N, L) = (1, 1, 2, 2), (1, 2, 3, 2), (2, 1, 2, 1), (2, 2, 2, 2) and the
largest d = 1 instances tried below 60 s, f = sin(x1)/2 (d = 1) or sin(x1 + x2)/2 (d = 2).  Each
runs in its own process under ``--limit`` seconds (default 600); the per-step seconds come from
the certificate, the sizes (layers, parameters of the layered form) from ``cert.sizes``.
"""

import argparse
import json
import sys
import time

from isolated import run_table

INSTANCES = [(1, 1, 2, 2), (1, 2, 3, 2), (2, 1, 2, 1), (2, 2, 2, 2), (1, 1, 4, 2), (1, 1, 3, 3), (1, 2, 2, 2)]
TARGETS = {1: "sin(x1)/2", 2: "sin(x1 + x2)/2"}


def run_one(d: int, s: int, N: int, L: int) -> dict:
    """Build and check one instance in this process; the certificate's summary."""
    from verinet.theorems.registry import get

    start = time.perf_counter()
    cert = get("lsyz21-1.1")(d=d, s=s, N=N, L=L, f=TARGETS[d])
    sizes = {name: {"layers": m["depth"] + 1, "width": m["width"], "parameters": m["parameters"]}
             for name, m in cert.sizes.items()}
    return {"d": d, "s": s, "N": N, "L": L, "K": cert.instance["K"], "verdict": cert.verdict,
            "failed": [c.name for c in cert.failures()], "seconds": round(time.perf_counter() - start, 2),
            "sizes": sizes, "steps": {k: round(v, 2) for k, v in cert.seconds.items()}}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--limit", type=int, default=600, help="seconds per instance")
    parser.add_argument("--one", nargs=4, type=int, help="run only this (d, s, N, L) in this process")
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(*args.one)))
        return 0
    return run_table(__file__, [((d, s, N, L), {"d": d, "s": s, "N": N, "L": L}) for d, s, N, L in INSTANCES],
                     args.limit, args.json)


if __name__ == "__main__":
    sys.exit(main())
