"""``verinet sweep growth --d D --q Q --N 1..8 --L 1..4 --variant NAME [-o DIR] [--plot FILE.png]``.

Builds the variant's network at every grid point and records its sizes, exact parameter
statistics and the theorem's bounds (:mod:`verinet.growth`), then fits the growth of
``max|theta|``.  By default the points run on an embedded Dask cluster sized to the machine;
``--scheduler tcp://HOST:PORT`` uses an existing one and ``--serial`` this process.  With
``-o DIR`` every point is a file in ``DIR/points`` and a rerun skips the points done there.
A progress bar goes to a terminal's stderr (nothing when piped, nothing with ``--json``).
"""

import argparse
import sys

from ..errors import InvalidArgument
from ..numbers import parse_integer
from .argv import integer
from .failures import writing

__all__ = ["add_parser", "run", "parse_values"]

# Columns of the text table (``--json`` has every field of every row).
TEXT_COLUMNS = ("status", "width", "depth", "parameters", "max_abs_parameter", "max_numerator_bits",
                "max_denominator_bits", "max_layer", "theta_bound", "ratio", "seconds")


def parse_values(text: str, name: str) -> list:
    """``'1..4'`` -> ``[1, 2, 3, 4]``, ``'1,2,8'`` -> ``[1, 2, 8]``, ``'1..3,8'`` -> ``[1, 2, 3, 8]``;
    a value that is not an integer or a range stays text.

    Examples
    --------
    >>> parse_values("1..3,8", "--N"), parse_values("x1,x1**2", "--set f")
    ([1, 2, 3, 8], ['x1', 'x1**2'])
    """
    values = []
    for part in (p.strip() for p in text.split(",")):
        lo, dots, hi = part.partition("..")
        if dots:
            a, b = parse_integer(lo.strip(), name), parse_integer(hi.strip(), name)
            if a > b:
                raise InvalidArgument(f"{name} {part!r}: the range is empty ({a} > {b})")
            values += range(a, b + 1)
        elif part:
            values.append(int(part) if part.lstrip("-").isdigit() and part.isascii() else part)
    if not values:
        raise InvalidArgument(f"{name} {text!r} gives no value")
    return values


def add_parser(subparsers) -> None:
    from ..growth.variants import VARIANTS

    p = subparsers.add_parser("sweep", help="parameter-growth sweeps over network sizes (Dask or serial)",
                              description="verinet sweep growth --d D --q Q --N 1..8 --L 1..4 --variant NAME")
    kinds = p.add_subparsers(dest="sweep_kind", metavar="KIND", required=True)
    g = kinds.add_parser("growth", help="exact parameter growth of a construction over (N, L)",
                         description="verinet sweep growth --d D --q Q --N 1..8 --L 1..4 --variant NAME "
                                     "[--f EXPR] [-o DIR] [--plot FILE.png] [--verify] [--serial | --scheduler ADDR]")
    g.add_argument("--variant", default="lsyz", help=f"construction: {', '.join(sorted(VARIANTS))} (default lsyz)")
    g.add_argument("--d", type=integer, default=1, help="input dimension (default 1)")
    g.add_argument("--q", type=integer, default=1, help="smoothness q, f in C^q (default 1)")
    g.add_argument("--N", default="1..8", help="width parameters, e.g. 1..8 or 1,2,4 (default 1..8)")
    g.add_argument("--L", default="1..4", help="depth parameters (default 1..4)")
    g.add_argument("--f", default="sin(3*x1)", help="target in x1..xd (default 'sin(3*x1)')")
    g.add_argument("--set", action="append", default=[], metavar="NAME=VALUES",
                   help="another parameter of the variant, fixed or swept (e.g. n=1..6)")
    g.add_argument("-o", "--output", metavar="DIR", help="sweep folder: one JSON file per point; a rerun resumes")
    g.add_argument("--plot", metavar="FILE.png", help="also draw the sweep (needs the plot extra)")
    g.add_argument("--verify", action="store_true", help="also the full theorem certificate at every point")
    where = g.add_mutually_exclusive_group()
    where.add_argument("--serial", action="store_true", help="run the points in this process, one by one")
    where.add_argument("--scheduler", metavar="tcp://HOST:PORT", help="run on an existing Dask scheduler")
    g.add_argument("--workers", type=integer, metavar="W", help="workers of the embedded cluster (default: CPUs)")
    g.add_argument("--seconds", type=integer, metavar="S", help="time limit of each point (it is then recorded "
                   "as a timeout and the sweep goes on)")
    g.add_argument("--max-points", type=integer, metavar="P", help="refuse grids with more points (default 1000)")
    g.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="machine-readable JSON output")
    g.set_defaults(func=run)


def _grid(args, spec) -> tuple:
    """``(grid, fixed)`` for the variant: a parameter with several values is swept."""
    given = {"d": [args.d], "q": [args.q], "N": parse_values(args.N, "--N"), "L": parse_values(args.L, "--L"),
             "f": [args.f]}
    for item in args.set:
        name, sep, values = item.partition("=")
        if not sep or not name.strip():
            raise InvalidArgument(f"--set {item!r} must read NAME=VALUES")
        given[name.strip()] = parse_values(values, f"--set {name.strip()}")
    unknown = sorted(n for n in given if n not in spec.parameters and n not in ("d", "q", "N", "L", "f"))
    if unknown:
        raise InvalidArgument(f"growth variant {spec.name!r} has no parameter {unknown[0]!r} "
                              f"(its parameters: {', '.join(spec.parameters)})")
    grid = {n: v for n, v in given.items() if n in spec.parameters and len(v) > 1}
    fixed = {n: v[0] for n, v in given.items() if n in spec.parameters and len(v) == 1}
    if not grid:  # one point: sweep the first axis over its one value
        axis = spec.axes[0]
        grid[axis] = [fixed.pop(axis)]
    return grid, fixed


class ProgressBar:
    """``[#####.....] 5/10 points`` rewritten in place on ``stream`` (a terminal)."""

    def __init__(self, stream, width: int = 30):
        self.stream, self.width = stream, width

    def __call__(self, finished: int, total: int) -> None:
        filled = self.width * finished // max(total, 1)
        self.stream.write(f"\r[{'#' * filled}{'.' * (self.width - filled)}] {finished}/{total} points")
        if finished >= total:
            self.stream.write("\n")
        self.stream.flush()


def run(args) -> dict:
    from ..claims.sweep import MAX_POINTS
    from ..growth.sweep import growth_sweep
    from ..growth.variants import get_variant

    spec = get_variant(args.variant)
    grid, fixed = _grid(args, spec)
    bar = ProgressBar(sys.stderr) if sys.stderr.isatty() and not args.json else None
    result = growth_sweep(args.variant, grid, fixed, args.output, serial=args.serial, scheduler=args.scheduler,
                          workers=args.workers, seconds=args.seconds, verify=args.verify, progress=bar,
                          max_points=args.max_points or MAX_POINTS)
    summary = result.summary()
    if args.output:
        summary["output"] = args.output
    if args.plot:
        from ..plot.sweep import save_figure

        with writing(args.plot):
            summary["plot"] = save_figure([result.records[k] for k in result.keys], args.plot)
    if not args.json:
        summary["table"] = [_text_row(r, spec) for r in summary["table"]]
    summary["verdict"] = "pass" if summary["failed"] == summary["timeout"] == 0 else "fail"
    return summary


def _text_row(row: dict, spec) -> dict:
    out = {a: row[a] for a in spec.axes}
    out.update({k: row.get(k) for k in TEXT_COLUMNS if k in row or k == "status"})
    for name, value in row.get("blocks", {}).items():
        out[f"max_{name}"] = value
    if row["status"] != "done":
        out["error"] = row.get("error")
    return out
