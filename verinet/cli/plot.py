"""``verinet plot FILE --interval a,b [--target EXPR] -o FILE.png`` and ``verinet plot sweep DIR ... -o FILE.png``.

A network file: its exact 1-D form on ``[a, b]`` against the target, the error curve and the
worst point (:func:`verinet.plot.network.network_figure`).  ``sweep``: the figure of one or more
growth sweeps (``-o`` folders of ``verinet sweep growth``; :func:`verinet.plot.sweep.sweep_figure`).
Both need the ``plot`` extra.
"""

import argparse

from ..errors import InvalidArgument
from ..numbers import parse_vector
from .failures import writing

__all__ = ["add_parser", "run"]


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("plot", help="figures of verinet results (matplotlib)",
                              description="verinet plot FILE --interval a,b [--target EXPR] -o FILE.png;  "
                                          "verinet plot sweep DIR [DIR ...] -o FILE.png")
    p.add_argument("what", nargs="+", metavar="FILE | sweep DIR ...",
                   help="a network file, or 'sweep' and the sweep folders (-o of verinet sweep growth)")
    p.add_argument("--interval", metavar="A,B", help="network file: the interval of its 1-D form")
    p.add_argument("--target", metavar="EXPR", help="network file: the target in x, e.g. 'x**2'")
    p.add_argument("-o", "--output", required=True, metavar="FILE.png", help="the image to write")
    p.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="machine-readable JSON output")
    p.set_defaults(func=run)


def run(args) -> dict:
    if args.what[0] == "sweep":
        if args.interval or args.target:
            raise InvalidArgument("--interval and --target apply to a network file, not to plot sweep")
        if len(args.what) < 2:
            raise InvalidArgument("plot sweep needs at least one sweep folder")
        from ..plot.sweep import plot_sweep

        with writing(args.output):
            return plot_sweep(args.what[1:], args.output)
    if len(args.what) != 1:
        raise InvalidArgument(f"plot takes one network file (or 'sweep DIR ...'), got {' '.join(args.what)}")
    if args.interval is None:
        raise InvalidArgument("plot FILE needs --interval a,b (the network's input must be 1-D)")
    ends = parse_vector(args.interval, "--interval")
    if len(ends) != 2:
        raise InvalidArgument(f"--interval={args.interval!r} must be two numbers 'a,b'")
    from ..io import load
    from ..plot.network import plot_network

    net = load(args.what[0], args.max_file_bytes)
    with writing(args.output):
        return {"file": args.what[0], **plot_network(net, *ends, args.output, target=args.target)}
