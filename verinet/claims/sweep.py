"""One theorem over a grid of parameter values: a certificate per point and a table.

``sweep(theorem, {"n": [1, 2, 3]}, d=1)`` checks the instances ``n = 1, 2, 3`` (all
combinations when several parameters vary), in order, and returns a :class:`Sweep`; the
growth studies read its table (sizes, largest weights, bits, verdicts per point).
"""

import json
import time
from dataclasses import dataclass, field
from itertools import product
from pathlib import Path

from ..errors import InvalidArgument

__all__ = ["Sweep", "sweep", "grid_points", "parse_sweep", "MAX_POINTS"]

# A sweep larger than this is refused before it starts (raise it with max_points=).
MAX_POINTS = 1000


@dataclass
class Sweep:
    """The certificates of a sweep, in grid order, with the varying values of each point."""

    theorem: str
    points: list = field(default_factory=list)  # [{param: value}] of the varying parameters
    certificates: list = field(default_factory=list)
    seconds: list = field(default_factory=list)

    @property
    def verdict(self) -> str:
        return "pass" if self.certificates and all(c.verdict == "pass" for c in self.certificates) else "fail"

    def table(self) -> list:
        """One row per point: its values, verdict, checks, failed checks, seconds."""
        return [{**point, "verdict": cert.verdict_text, "checks": len(cert.checks),
                 "failed": ",".join(c.name for c in cert.failures()) or "-", "seconds": round(sec, 2)}
                for point, cert, sec in zip(self.points, self.certificates, self.seconds)]

    def summary(self) -> dict:
        return {"theorem": self.theorem, "verdict": self.verdict, "points": self.table()}

    def write(self, path) -> None:
        """The sweep as one JSON file: the table and every certificate."""
        data = {"theorem": self.theorem, "verdict": self.verdict, "points": self.table(),
                "certificates": [c.to_dict() for c in self.certificates]}
        Path(path).write_text(json.dumps(data, indent=2, default=str) + "\n")


def grid_points(grid: dict, max_points: int = MAX_POINTS, fixed=()) -> list:
    """The points of ``grid`` (``{param: [values]}``), all combinations in grid order, as dicts.

    Raises
    ------
    InvalidArgument
        For a parameter that is both swept and in ``fixed``, an empty grid, or more than
        ``max_points`` points.
    """
    both = sorted(set(grid) & set(fixed))
    if both:
        raise InvalidArgument(f"sweep: {both[0]!r} is both swept and fixed")
    if not grid or any(len(v) == 0 for v in grid.values()):
        raise InvalidArgument("sweep: give at least one value for each swept parameter")
    names = list(grid)
    count = 1
    for values in grid.values():
        count *= len(values)
    if count > max_points:
        raise InvalidArgument(f"sweep: {count} points exceed the limit {max_points} (raise it with max_points= in "
                              "Python, or verinet sweep growth --max-points N)")
    return [dict(zip(names, values)) for values in product(*(grid[k] for k in names))]


def sweep(theorem, grid: dict, max_points: int = MAX_POINTS, **fixed) -> Sweep:
    """Check ``theorem`` at every point of ``grid`` (``{param: [values]}``) with the ``fixed`` parameters.

    Raises
    ------
    InvalidArgument
        As :func:`grid_points`.
    """
    out = Sweep(theorem.name)
    for point in grid_points(grid, max_points, fixed):
        start = time.perf_counter()
        out.certificates.append(theorem(**fixed, **point))
        out.seconds.append(time.perf_counter() - start)
        out.points.append(point)
    return out


def parse_sweep(specs) -> dict:
    """``["n=1,2,3", "d=1,2"]`` -> ``{"n": ["1", "2", "3"], "d": ["1", "2"]}`` (values parsed by the theorem)."""
    grid = {}
    for spec in specs:
        name, sep, values = spec.partition("=")
        name = name.strip().lstrip("-").replace("-", "_")
        if not sep or not name or not values.strip():
            raise InvalidArgument(f"--sweep {spec!r} must read PARAM=V1,V2,...")
        if name in grid:
            raise InvalidArgument(f"--sweep {name} given twice")
        grid[name] = [v.strip() for v in values.split(",")]
    return grid
