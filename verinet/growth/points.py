"""One point of a growth sweep, as the workers run it: parameters in, a JSON record out.

Only JSON text crosses between the sweep and its workers (parameters as ints and strings,
records with exact numbers as ``'p/q'`` strings): no network and no float is pickled.  The
networks are built where the point runs, from the parameters.
"""

import json
import subprocess
import sys
import time

from .variants import get_variant

__all__ = ["compute_record", "point_task"]


def compute_record(name: str, params: dict, verify: bool = False) -> dict:
    """``{"status": "done", "row": ...}`` from the variant's point function, or ``{"status":
    "failed", "error": ...}`` when it raises (the sweep records the failure and goes on)."""
    start = time.perf_counter()
    try:
        variant = get_variant(name)
        row = variant.point(**params, **({"verify": True} if verify and variant.verifiable else {}))
        record = {"status": "done", "row": row}
    except Exception as exc:  # noqa: BLE001 - any failure of one point is recorded, the sweep goes on
        record = {"status": "failed", "error": f"{type(exc).__name__}: {exc}"}
    return {**record, "seconds": round(time.perf_counter() - start, 3)}


def point_task(name: str, params_json: str, verify: bool = False, seconds=None) -> str:
    """The JSON text of one point's record (see :func:`compute_record`), computed in this
    process, or in a child process killed after ``seconds`` (then ``status`` is ``timeout``)."""
    params = json.loads(params_json)
    if seconds is None:
        record = compute_record(name, params, verify)
    else:
        start = time.perf_counter()
        command = [sys.executable, "-m", "verinet.growth.child", name, params_json, "1" if verify else "0"]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=seconds)
        except subprocess.TimeoutExpired:
            record = {"status": "timeout", "error": f"over the limit of {seconds} s (raise it with --seconds)",
                      "seconds": round(time.perf_counter() - start, 3)}
        else:
            record = json.loads(done.stdout) if done.returncode == 0 else {
                "status": "failed", "error": f"child process exited with {done.returncode}: {done.stderr.strip()[-300:]}",
                "seconds": round(time.perf_counter() - start, 3)}
    return json.dumps({"variant": name, "params": params, **record}, default=str)
