"""``verinet build``, ``verinet info`` and ``verinet eval``: make, inspect and run network files."""

import argparse

from ..constructions._layers import parse_int
from ..constructions.estimates import Limits
from ..constructions.registry import build, builders, get_builder
from ..errors import InvalidArgument
from ..interpret.exact import evaluate, plan
from ..interpret.enclose import DEFAULT_MAX_PREC, DEFAULT_PREC, enclose
from ..interpret.metrics import size_metrics
from ..interpret.statistics import parameter_statistics
from ..numbers import decimal_bound, parse_vector
from ..ops import TRANSCENDENTAL
from .argv import integer
from .output import write_output

__all__ = ["add_parser", "construction_report", "statistics_report"]


def add_parser(subparsers) -> None:
    build = subparsers.add_parser(
        "build",
        help="build a named construction and save it",
        description="verinet build NAME [--param value ...] -o FILE [--max-parameters N] [--max-layers N] "
                    "[--max-weight-bits N];  verinet build --list.  The size is estimated from the "
                    "parameters first and a build past a limit is refused.",
    )
    build.add_argument("name", nargs="?", help="construction name (see --list)")
    build.add_argument("--list", action="store_true", help="list the constructions and their parameters")
    build.add_argument("-o", "--output", help="network file to write")
    build.add_argument("params", nargs=argparse.REMAINDER, help="the construction's parameters")
    build.set_defaults(func=run_build)

    info = subparsers.add_parser("info", help="size metrics and exact parameter statistics of a network file "
                                              "(papers' sense), whole and per block")
    info.add_argument("file")
    info.set_defaults(func=run_info)

    ev = subparsers.add_parser("eval", help="evaluate a network file exactly (sigmoid/Gaussian networks: enclosures)",
                               description="Exact rational outputs; a network with sigmoid or Gaussian units has "
                                           "irrational outputs, so it gets rigorous enclosures [lo, hi] instead.")
    ev.add_argument("file")
    ev.add_argument("--at", action="append", required=True, metavar="X1,X2,...", help="input point (repeatable)")
    ev.add_argument("--prec", type=integer, default=DEFAULT_PREC, metavar="BITS",
                    help=f"enclosures: working precision of the first attempt (default {DEFAULT_PREC}; doubled "
                         f"until every ball is narrower than 2^-40 relative)")
    ev.set_defaults(func=run_eval)


def _catalogue() -> dict:
    return {
        "constructions": [
            {
                "name": b.name,
                "summary": b.summary,
                "parameters": " ".join(f"--{p} ({h})" for p, (_, h) in b.parameters.items()),
            }
            for b in builders().values()
        ]
    }


def _builder_arguments(builder, tokens, args) -> dict:
    """Parse ``--param value`` tokens against the builder's declared parameters."""
    parser = argparse.ArgumentParser(prog=f"verinet build {builder.name}", description=builder.summary,
                                     exit_on_error=False)
    for pname, (_, help_text) in builder.parameters.items():
        parser.add_argument(f"--{pname}", dest=pname.replace("-", "_"), required=False, help=f"(required) {help_text}")
    parser.add_argument("-o", "--output", help="network file to write ('-' for stdout)")
    parser.add_argument("--json", action="store_true", help="machine-readable JSON output")
    for limit, default in vars(Limits()).items():
        parser.add_argument(f"--{limit.replace('_', '-')}", dest=limit, default=str(default),
                            help=f"refuse a build whose estimated {limit.removeprefix('max_').replace('_', ' ')} "
                                 f"exceed this (default {default})")
    try:
        parsed, unknown = parser.parse_known_args(tokens)
    except argparse.ArgumentError as exc:
        raise InvalidArgument(f"{builder.name}: {exc}") from None
    if unknown:
        known = ", ".join(f"--{p}" for p in builder.parameters) or "none"
        raise InvalidArgument(f"{builder.name}: unknown argument(s) {' '.join(unknown)}; its parameters: {known}")
    args.output = parsed.output or args.output
    args.json = parsed.json or getattr(args, "json", False)
    args.limits = Limits(**{k: _limit(k, getattr(parsed, k)) for k in vars(Limits())})
    values = {}
    for pname, (parse, _) in builder.parameters.items():
        text = getattr(parsed, pname.replace("-", "_"))
        if text is None:
            raise InvalidArgument(f"{builder.name}: missing parameter --{pname}")
        try:
            values[pname.replace("-", "_")] = parse(text)
        except InvalidArgument as exc:
            raise InvalidArgument(f"{builder.name} --{pname} {text}: {exc}") from None
    return values


def _limit(name: str, text: str) -> int:
    """The value of the flag for ``Limits.<name>``: an integer >= 1."""
    try:
        return parse_int(1)(text)
    except InvalidArgument as exc:
        raise InvalidArgument(f"--{name.replace('_', '-')} {text}: {exc}") from None


def construction_report(construction) -> dict:
    """The report printed after building: claims next to the measured sizes."""
    metrics = size_metrics(construction.network)
    return {
        "construction": construction.name,
        "reference": construction.reference,
        "parameters": construction.parameters,
        "claims": construction.claims,
        "measured": {k: metrics[k] for k in ("in_dim", "out_dim", "depth", "width", "parameters", "nonzero_parameters", "max_abs_parameter", "max_numerator_bits", "max_denominator_bits")},
    }


def run_build(args) -> dict:
    if args.list:
        return _catalogue()
    if not args.name:
        raise InvalidArgument("give a construction name (see 'verinet build --list')")
    builder = get_builder(args.name)
    construction = build(builder, _builder_arguments(builder, args.params, args), args.limits)
    report = construction_report(construction)
    if args.output:
        from ..io import dumps

        write_output(args.output, dumps(construction.network))
        report["written"] = args.output
    return report


def run_info(args) -> dict:
    from ..io import load

    net = load(args.file, args.max_file_bytes)
    return {"file": args.file, **size_metrics(net), "parameter_statistics": statistics_report(net),
            "evaluation": _evaluation(net)}


def statistics_report(net) -> dict:
    """:func:`~verinet.interpret.statistics.parameter_statistics` as printed: the whole network's
    maxima and their location, then one row per block (a table in text)."""
    stats = parameter_statistics(net).to_dict()
    blocks = stats.pop("per_block")
    rows = [{"block": name, "parameters": b["parameters"], "max_abs_weight": b["max_abs_weight"],
             "max_abs_bias": b["max_abs_bias"], "max_abs_parameter": b["max_abs_parameter"],
             "numerator_bits": b["max_abs_parameter_bits"]["numerator"],
             "denominator_bits": b["max_abs_parameter_bits"]["denominator"],
             "at_layer": b["location"]["layer"], "at_node": b["location"]["node"], "kind": b["location"]["kind"]}
            for name, b in blocks.items()]
    return {**stats, "per_block": rows}


def _evaluation(net) -> str:
    """How ``verinet eval`` computes this network's values: the exact path and why, or enclosures."""
    if _transcendental(net):
        return "rigorous enclosures (sigmoid/Gaussian units have irrational values)"
    path, reason = plan(net)
    return f"exact, {path} path: {reason}"


def _transcendental(net) -> bool:
    return any(type(net.op(node)) in TRANSCENDENTAL for node in net.order())


def run_eval(args) -> dict:
    from ..io import load

    net = load(args.file, args.max_file_bytes)
    points = [parse_vector(text, "--at") for text in args.at]
    if _transcendental(net):
        if args.prec > DEFAULT_MAX_PREC:
            raise InvalidArgument(f"--prec={args.prec} exceeds the largest working precision, {DEFAULT_MAX_PREC} bits")
        return {"file": args.file, "values": "rigorous enclosures (arb balls), not exact values",
                "results": [_enclosure_row(e) for e in enclose(net, points, prec=args.prec)]}
    outputs = evaluate(net, points)
    return {"file": args.file, "results": [{"at": ",".join(map(str, p)), "output": ",".join(map(str, y))} for p, y in zip(points, outputs)]}


def _enclosure_row(e) -> dict:
    """One point's enclosures: a readable decimal bracket per output (rounded outwards) and the
    exact rational end points."""
    bounds = e.bounds()
    return {"at": ",".join(map(str, e.point)), "prec": e.prec,
            "output": "; ".join(f"[{decimal_bound(lo, up=False, digits=15)}, {decimal_bound(hi, up=True, digits=15)}]"
                                for lo, hi in bounds),
            "exact_bounds": "; ".join(f"[{lo}, {hi}]" for lo, hi in bounds)}
