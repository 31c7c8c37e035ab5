"""The growth sweep: one variant over a grid of sizes, serially or on Dask, resumable.

:func:`growth_sweep` expands the grid (:func:`verinet.claims.sweep.grid_points`), skips the
points already done in ``out`` (one file per point, :mod:`.store`), runs the others -- in
this process (``serial``), on an embedded ``distributed.LocalCluster`` sized to the machine
(the default), on an existing scheduler (``scheduler="tcp://HOST:PORT"``) or on a given
``client`` -- and writes each record as it arrives.  A point that raises, times out
(``seconds``) or loses its worker is recorded as such and the sweep goes on.
"""

import json
import logging
import os
import warnings
from dataclasses import dataclass, field

from ..claims.sweep import MAX_POINTS, grid_points
from ..errors import InvalidArgument
from .fit import exact_ratio, fit_growth
from .points import point_task
from .store import point_key, read_records, write_record
from .variants import get_variant

__all__ = ["GrowthSweep", "growth_sweep", "table_of"]


@dataclass
class GrowthSweep:
    """The records of a sweep (``{key: record}``) and its points in grid order."""

    variant: str
    fixed: dict
    keys: list = field(default_factory=list)
    records: dict = field(default_factory=dict)
    reused: int = 0  # points found done in the output folder and not recomputed

    def table(self) -> list:
        return table_of(self.variant, [self.records[k] for k in self.keys if k in self.records])

    def summary(self) -> dict:
        """The table, the fit against the variant's claims, and the counts by status."""
        variant = get_variant(self.variant)
        rows = self.table()
        claims = variant.claims(self.fixed) if variant.claims else ()
        counts = {s: sum(r["status"] == s for r in rows) for s in ("done", "failed", "timeout")}
        return {"variant": self.variant, "description": variant.description, "fixed": self.fixed,
                "points": len(self.keys), **counts, "reused": self.reused, "table": rows,
                "fit": fit_growth(rows, variant.axes, claims)}


def table_of(name: str, records: list) -> list:
    """One flat row per record: the parameters, status, the point's row, and (where the variant
    claims a bound) ``theta_bound`` and the exact ``ratio = max_abs_parameter / theta_bound``."""
    variant = get_variant(name)
    rows = []
    for rec in records:
        row = {**rec["params"], "status": rec["status"], **rec.get("row", {})}
        if rec["status"] != "done":
            row["error"] = rec.get("error", "")
        elif variant.bound is not None:
            bound = variant.bound(rec["params"])
            row["theta_bound"] = str(bound)
            row["ratio"] = str(exact_ratio(row["max_abs_parameter"], bound))
        row["seconds"] = rec.get("seconds")
        rows.append(row)
    return rows


def growth_sweep(variant: str, grid: dict, fixed: dict, out=None, *, serial: bool = False, scheduler=None,
                 client=None, workers=None, seconds=None, verify: bool = False, progress=None,
                 max_points: int = MAX_POINTS) -> GrowthSweep:
    """Run ``variant`` at every point of ``grid`` with the ``fixed`` parameters.

    Parameters
    ----------
    grid : dict
        ``{param: [values]}``, e.g. ``{"N": [1, 2], "L": [1, 2, 3]}``.
    out : path, optional
        The sweep folder: points done there are read, not recomputed; new records are written.
    serial, scheduler, client, workers
        In this process; on ``tcp://HOST:PORT``; on a ``distributed.Client``; or (default) on
        an embedded ``LocalCluster`` of ``workers`` processes (default: one per CPU).
    seconds : number, optional
        Each point's time limit (the point then runs in a child process).
    progress : callable, optional
        ``progress(finished, total)`` after each point.

    Raises
    ------
    InvalidArgument
        For an unknown variant or parameter, a missing parameter, a bad grid (see
        :func:`~verinet.claims.sweep.grid_points`), or Dask missing without ``serial``.
    """
    spec = get_variant(variant)
    unknown = sorted((set(grid) | set(fixed)) - set(spec.parameters))
    missing = [p for p in spec.parameters if p not in grid and p not in fixed]
    if unknown or missing:
        raise InvalidArgument(f"growth variant {variant!r} takes {', '.join(spec.parameters)}: "
                              + (f"unknown {', '.join(unknown)}" if unknown else f"missing {', '.join(missing)}"))
    if seconds is not None and not seconds > 0:
        raise InvalidArgument(f"seconds={seconds} must be positive")
    points = [{p: (point[p] if p in point else fixed[p]) for p in spec.parameters}
              for point in grid_points(grid, max_points, fixed)]
    result = GrowthSweep(variant, dict(fixed), [point_key(variant, p, spec.axes) for p in points])
    if out is not None:
        result.records = {k: r for k, r in read_records(out).items() if k in result.keys and r["status"] == "done"}
    result.reused = len(result.records)
    todo = [(k, p) for k, p in zip(result.keys, points) if k not in result.records]

    def finished(key, text):
        record = json.loads(text)
        result.records[key] = record
        if out is not None:
            write_record(out, key, record)
        if progress is not None:
            progress(len(result.records), len(result.keys))

    if serial:
        for key, params in todo:
            finished(key, point_task(variant, json.dumps(params), verify, seconds))
    elif todo:
        _on_dask(variant, todo, verify, seconds, finished, client, scheduler, workers)
    return result


def _on_dask(variant, todo, verify, seconds, finished, client, scheduler, workers) -> None:
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise InvalidArgument("Dask is not installed: pip install 'verinet[dask]', or run with --serial") from None
    own = None
    if client is None:
        if scheduler is not None:
            client = own = Client(scheduler)
        else:
            with warnings.catch_warnings():  # the scheduler's HTTP port moves if 8787 is taken: no news
                warnings.filterwarnings("ignore", message="Port .* is already in use")
                cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1,
                                       dashboard_address=None, silence_logs=logging.ERROR)
            client = own = Client(cluster)
    try:
        futures = {client.submit(point_task, variant, json.dumps(params), verify, seconds, pure=False): (key, params)
                   for key, params in todo}
        for future in as_completed(futures):
            key, params = futures[future]
            try:
                text = future.result()
            except Exception as exc:  # noqa: BLE001 - a lost worker or a scheduler error: record it, go on
                text = json.dumps({"variant": variant, "params": params, "status": "failed",
                                   "error": f"{type(exc).__name__}: {exc}"})
            finished(key, text)
    finally:
        if own is not None:
            cluster = own.cluster if scheduler is None else None
            own.close()
            if cluster is not None:
                cluster.close()
