"""Benchmark: the growth sweep d = 1, q = 1, N = 1..8, L = 1..4, serial against 2 Dask workers.

    python bench/bench_growth.py [--variants lsyz[,bounded]] [--N 8] [--L 4] [--budget SECONDS] [--json]

For each variant (``lsyz`` now; ``bounded`` once it is registered): the grid serially in this
process, then on a LocalCluster of 2 worker processes (fresh folders, so nothing is reused; the
cluster's start-up is timed apart), the speed-up ratio and whether the two tables agree (all fields but the seconds).
Then the largest grid finished within ``--budget`` seconds (default 600) on the 2 workers:
grids N = 1..n, L = 1..l grow from the benchmark grid, each resuming the folder of the
previous one (nothing is recomputed), until the budget is spent; the elapsed time counts
every grid from the first 2-worker run on.
"""

import argparse
import json
import os
import platform
import tempfile
import time

TARGET = "sin(3*x1)"


def _timed(**kwargs):
    from verinet.growth.sweep import growth_sweep

    start = time.perf_counter()
    result = growth_sweep(**kwargs)
    return result, time.perf_counter() - start


def _strip(rows):
    return [{k: v for k, v in r.items() if k != "seconds"} for r in rows]


def bench_variant(variant: str, N: int, L: int, budget: float, client, startup: float) -> dict:
    fixed = {"d": 1, "q": 1, "f": TARGET}
    grid = {"N": list(range(1, N + 1)), "L": list(range(1, L + 1))}
    with tempfile.TemporaryDirectory() as serial_dir, tempfile.TemporaryDirectory() as dask_dir:
        serial, t_serial = _timed(variant=variant, grid=grid, fixed=fixed, out=serial_dir, serial=True)
        dask, t_dask = _timed(variant=variant, grid=grid, fixed=fixed, out=dask_dir, client=client)
        summary = serial.summary()
        largest, elapsed, n, l = ((N, L) if t_dask <= budget else None), t_dask, N, L
        while largest is not None and elapsed < budget:
            n, l = n + 2, l + 1
            left = budget - elapsed
            more, t = _timed(variant=variant, grid={"N": list(range(1, n + 1)), "L": list(range(1, l + 1))},
                             fixed=fixed, out=dask_dir, client=client, seconds=max(int(left), 1))
            elapsed += t
            if elapsed <= budget and all(r["status"] == "done" for r in more.table()):
                largest = (n, l)
            else:
                break
    done = [r for r in summary["table"] if r["status"] == "done"]
    top = max(done, key=lambda r: (r["N"], r["L"]))
    refused = [f"({r['N']}, {r['L']}): {r['status']}" for r in summary["table"] if r["status"] != "done"]
    return {"variant": variant, "grid": f"N=1..{N}, L=1..{L}", "points": summary["points"],
            "done": summary["done"], "serial_s": round(t_serial, 1), "dask2_s": round(t_dask, 1),
            "cluster_startup_s": round(startup, 1),
            "speedup": round(t_serial / t_dask, 2), "tables_identical": _strip(serial.table()) == _strip(dask.table()),
            "largest_point": {k: top[k] for k in ("N", "L", "width", "depth", "parameters", "max_abs_parameter")},
            "not_done": refused,
            "fit": {k: summary["fit"].get(k) for k in ("power", "exponential_in_L")},
            "largest_grid_in_budget": f"N=1..{largest[0]}, L=1..{largest[1]}" if largest else
            f"none tried: the benchmark grid took {t_dask:.0f} s on 2 workers",
            "budget_s": budget, "elapsed_s": round(elapsed, 1), "load_average": [round(v, 1) for v in os.getloadavg()]}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", default="lsyz", help="comma-separated growth variants")
    parser.add_argument("--N", type=int, default=8)
    parser.add_argument("--L", type=int, default=4)
    parser.add_argument("--budget", type=float, default=600, help="seconds for the largest-grid search")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    import logging

    from distributed import Client, LocalCluster

    start = time.perf_counter()
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None, silence_logs=logging.ERROR)
    client = Client(cluster)
    startup = time.perf_counter() - start
    rows = []
    try:
        for variant in args.variants.split(","):
            rows.append(bench_variant(variant.strip(), args.N, args.L, args.budget, client, startup))
            if not args.json:
                print(rows[-1], flush=True)
    finally:
        client.close()
        cluster.close()
    if args.json:
        print(json.dumps({"machine": f"{platform.machine()}, Python {platform.python_version()}", "rows": rows},
                         indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
