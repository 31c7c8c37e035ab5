"""Benchmark: full exact checks of Theorems 2.1 and 2.3 (Shen-Yang-Zhang 2022).

    python bench/bench_theorems.py [--json] [--quick] [--limit SECONDS]

Instances (goal: each <= 60 s):
* Theorem 2.1, f = sin(3 x1)/2 (+ x2, x3 terms in higher d), p = 2, with the intrinsic diff,
  at (d, n) = (1, 10), (2, 5), (3, 3);
* Theorem 2.3, d = 1, f = sin(3 x1)/4, Lipschitz 3/4, eps = 3/400: n = 10, so v holds
  n 2^(n+1) = 20480 bits.

``--quick`` runs (1, 6), (2, 3), (3, 2) and eps = 1/4 instead.  Each instance runs in its own
process under ``--limit`` seconds (default 600); the per-step seconds come from the
certificate (``cert.seconds``), so the table shows where the time goes.
"""

import argparse
import json
import sys
import time

from isolated import run_table

FULL = [("2.1", 1, 10), ("2.1", 2, 5), ("2.1", 3, 3), ("2.3", 1, "3/400")]
QUICK = [("2.1", 1, 6), ("2.1", 2, 3), ("2.1", 3, 2), ("2.3", 1, "1/4")]
TARGETS = {1: "sin(3*x1)/2", 2: "sin(3*x1)/2 + x2/4", 3: "sin(3*x1)/2 + x2/4 - x3/8"}


def run_one(theorem: str, d: int, arg) -> dict:
    """Build and check one instance in this process; the certificate's summary."""
    from verinet.theorems.registry import get

    start = time.perf_counter()
    if theorem == "2.1":
        cert = get("syz22-2.1")(d=d, n=arg, f=TARGETS[d], p=2)
    else:
        cert = get("syz22-2.3")(d=d, eps=arg, f="sin(3*x1)/4", lipschitz="3/4")
    return {"theorem": theorem, "d": d, "n": cert.instance["n"], "verdict": cert.verdict,
            "failed": [c.name for c in cert.failures()], "seconds": round(time.perf_counter() - start, 2),
            "steps": {k: round(v, 2) for k, v in cert.seconds.items()},
            **({"bits_of_v": cert.instance["bits_of_v"], "eps": str(arg)} if theorem == "2.3" else {})}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--limit", type=int, default=600, help="seconds per instance")
    parser.add_argument("--one", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        theorem, d, arg = args.one
        print(json.dumps(run_one(theorem, int(d), int(arg) if theorem == "2.1" else arg)))
        return 0
    return run_table(__file__, [((theorem, d, arg), {"theorem": theorem, "d": d, "arg": str(arg)})
                                for theorem, d, arg in (QUICK if args.quick else FULL)], args.limit, args.json)


if __name__ == "__main__":
    sys.exit(main())
