"""``verinet plot sweep DIR [DIR ...] -o FILE.png``: the figure of one or more growth sweeps.

Each ``DIR`` is the ``-o`` folder of ``verinet sweep growth`` (one variant each, or several);
the figure is :func:`verinet.plot.sweep.sweep_figure` (needs the ``plot`` extra).
"""

import argparse

from .failures import writing

__all__ = ["add_parser", "run"]


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("plot", help="figures of verinet results (matplotlib)",
                              description="verinet plot sweep DIR [DIR ...] -o FILE.png")
    kinds = p.add_subparsers(dest="plot_kind", metavar="KIND", required=True)
    s = kinds.add_parser("sweep", help="max|theta| against the sizes, the error bound, the d = 1 network",
                         description="verinet plot sweep DIR [DIR ...] -o FILE.png")
    s.add_argument("folders", nargs="+", metavar="DIR", help="sweep folders (-o of verinet sweep growth)")
    s.add_argument("-o", "--output", required=True, metavar="FILE.png", help="the image to write")
    s.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="machine-readable JSON output")
    s.set_defaults(func=run)


def run(args) -> dict:
    from ..plot.sweep import plot_sweep

    with writing(args.output):
        return plot_sweep(args.folders, args.output)
