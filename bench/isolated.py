"""Run benchmark instances one per process, under a time limit, and print the table.

Each instance runs as ``python SCRIPT --one ARGS...``, which prints one JSON row; a separate
process keeps the timings of one instance free of the caches and memory of the others.
"""

import json
import platform
import subprocess
import sys
import time


def run_isolated(script: str, one_args, key: dict, limit: float) -> dict:
    """The JSON row ``script --one *one_args`` prints, or ``key`` with the error or the timeout."""
    start = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, script, "--one", *map(str, one_args)],
                              capture_output=True, text=True, timeout=limit)
    except subprocess.TimeoutExpired:
        return {**key, "verdict": f"timeout > {limit} s", "seconds": round(time.perf_counter() - start, 1)}
    return json.loads(done.stdout) if done.returncode == 0 else {**key, "error": done.stderr.strip()[-300:]}


def run_table(script: str, instances, limit: float, as_json: bool) -> int:
    """Run ``(one_args, key)`` for each instance, printing each row as it comes (or the JSON table at the end)."""
    rows = []
    for one_args, key in instances:
        row = run_isolated(script, one_args, key, limit)
        rows.append(row)
        if not as_json:
            print(row, flush=True)
    if as_json:
        print(json.dumps({"machine": f"{platform.machine()}, Python {platform.python_version()}", "rows": rows},
                         indent=2))
    return 0
