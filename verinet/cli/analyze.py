"""``verinet analyze FILE --interval a,b [--target EXPR] [--p P]`` (and ``--box``)."""

from ..errors import InvalidArgument
from ..numbers import parse_vector
from .argv import integer

__all__ = ["add_parser", "run"]


# Default budgets: a 1-D form of 2^22 pieces or 2^20 regions is a few GiB of exact rationals.
DEFAULT_MAX_PIECES = 1 << 22
DEFAULT_MAX_REGIONS = 1 << 20


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "analyze",
        help="exact analysis of a network file on an interval (1-D) or a box (d-D)",
        description="verinet analyze FILE --interval a,b [--target EXPR] [--p P];  "
        "verinet analyze FILE --box 'a1,b1;a2,b2;...'",
    )
    parser.add_argument("file")
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--interval", metavar="A,B", help="1-D form on [A, B] (exact rationals)")
    where.add_argument("--box", metavar="A1,B1;A2,B2;...", help="exact range on a box")
    parser.add_argument("--target", metavar="EXPR", help="target in x, e.g. 'x**2' (interval mode)")
    parser.add_argument("--p", type=integer, metavar="P", help="also the L^P error (integer >= 1)")
    parser.add_argument("--max-pieces", type=integer, metavar="N", default=DEFAULT_MAX_PIECES,
                        help=f"budget: largest number of pieces of a 1-D form or refinement (default {DEFAULT_MAX_PIECES})")
    parser.add_argument("--max-regions", type=integer, metavar="N", default=DEFAULT_MAX_REGIONS,
                        help=f"budget: largest number of regions, box mode (default {DEFAULT_MAX_REGIONS})")
    parser.add_argument("--box-method", choices=("auto", "1d", "branch-and-bound", "enumerate"), default="auto",
                        help="box mode: the 1-D form for a 1-D box, exact branch and bound otherwise (auto), "
                        "or an exact LP on every region (enumerate)")
    parser.add_argument("--seconds", type=integer, metavar="S", help="budget: wall-clock seconds")
    parser.add_argument("--max-sup-error", metavar="E",
                        help="fail (exit 1) unless the sup error is proved <= E (interval mode, with --target)")
    parser.set_defaults(func=run)


def run(args) -> dict:
    """Load the network and run the interval or box analysis; a JSON-ready dict."""
    from ..analysis.budget import Budget
    from ..io import load

    budget = Budget(pieces=args.max_pieces, regions=args.max_regions, seconds=args.seconds)
    net = load(args.file, args.max_file_bytes)
    if args.box is not None:
        if args.target is not None or args.p is not None:
            raise InvalidArgument("--target and --p apply to --interval only")
        from ..analysis.box import analyze_box  # the d-dimensional hook

        return {"file": args.file, **analyze_box(net, args.box, budget=budget, method=args.box_method)}
    from ..analysis.interval import analyze_interval

    ends = parse_vector(args.interval, "--interval")
    if len(ends) != 2:
        raise InvalidArgument(f"--interval={args.interval!r} must be two numbers 'a,b'")
    if args.max_sup_error is not None and args.target is None:
        raise InvalidArgument("--max-sup-error needs --target EXPR")
    report = {"file": args.file, **analyze_interval(net, *ends, target=args.target, p=args.p, budget=budget)}
    if args.max_sup_error is not None:
        report.update(_sup_error_threshold(report["sup_error"], args.max_sup_error))
    return report


def _sup_error_threshold(sup_error, limit) -> dict:
    """``--max-sup-error``: the report's sup error (an exact string or proved bounds) against ``limit``."""
    from ..numbers import as_rational
    from .thresholds import threshold_result

    if isinstance(sup_error, dict):
        return threshold_result("--max-sup-error", limit, as_rational(sup_error["lower"]), as_rational(sup_error["upper"]))
    value = as_rational(sup_error)
    return threshold_result("--max-sup-error", limit, value, value)
