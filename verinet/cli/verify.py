"""``verinet verify NAME [--param value ...] [-o CERT] [--sweep p=v1,v2]``, ``--list``, ``--all``.

Runs the exact step-by-step checks of a theorem instance and returns its certificate; ``-o``
writes the certificate JSON.  Each theorem's flags are generated from its declared
parameters (:attr:`verinet.claims.theorem.Theorem.parameters`), so ``verinet verify NAME
--help`` lists that theorem's own.  ``--all`` runs every theorem at its small default
instance (the main-job command); ``--sweep`` runs one theorem over a grid of parameter
values (:mod:`verinet.claims.sweep`).
"""

import argparse
import time

from ..claims.sweep import parse_sweep, sweep
from ..errors import InvalidArgument
from ..theorems.registry import THEOREMS, get, paper_of

__all__ = ["add_parser", "run", "theorem_arguments"]


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "verify", help="verify a theorem instance exactly and write its certificate", add_help=False,
        description="verinet verify NAME [--param value ...] [-o CERT];  verinet verify NAME --help;  "
                    "verinet verify --list;  verinet verify --all",
    )
    p.add_argument("-h", "--help", action="store_true", help="this help, or with NAME that theorem's parameters")
    p.add_argument("theorem", nargs="?", help="theorem name (see --list)")
    p.add_argument("--list", action="store_true", help="list the theorems")
    p.add_argument("--all", action="store_true", help="verify every theorem at its default instance")
    p.add_argument("-o", "--output", help="write the certificate JSON here (with --all: a path prefix)")
    p.add_argument("params", nargs=argparse.REMAINDER, help="the theorem's parameters (see NAME --help)")
    p.set_defaults(func=run, verify_parser=p)


def theorem_parser(theorem) -> argparse.ArgumentParser:
    """The argparse form of one theorem's parameters (plus ``-o``, ``--sweep``, ``--json``)."""
    parser = argparse.ArgumentParser(prog=f"verinet verify {theorem.name}", exit_on_error=False,
                                     description=f"{theorem.reference}: {theorem.statement}")
    for name, param in theorem.parameters.items():
        flag = "--" + name.replace("_", "-")
        default = theorem.defaults().get(name)
        help_text = param.help + (f" (default: {default})" if default is not None else "")
        if param.flag:
            parser.add_argument(flag, dest=name, action="store_true", default=None, help=help_text)
        else:
            parser.add_argument(flag, dest=name, metavar=name.upper(), help=help_text)
    parser.add_argument("-o", "--output", help="write the certificate JSON here")
    parser.add_argument("--sweep", action="append", default=[], metavar="PARAM=V1,V2,...",
                        help="run over these values of PARAM (repeatable: the grid of all combinations)")
    parser.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="machine-readable JSON output")
    return parser


def theorem_arguments(theorem, tokens) -> tuple:
    """``(given parameters, output path, sweep grid, --json)`` from the tokens after the theorem's name."""
    parser = theorem_parser(theorem)
    try:
        parsed, unknown = parser.parse_known_args(tokens)
    except argparse.ArgumentError as exc:
        raise InvalidArgument(f"verify {theorem.name}: {exc}") from None
    if unknown:
        raise InvalidArgument(f"verify {theorem.name}: unknown argument(s) {' '.join(unknown)}; its parameters: "
                              + ", ".join("--" + k.replace("_", "-") for k in theorem.parameters))
    given = {k: getattr(parsed, k) for k in theorem.parameters if getattr(parsed, k) is not None}
    return given, parsed.output, parse_sweep(parsed.sweep), getattr(parsed, "json", False)


def _summary(cert) -> dict:
    out = cert.to_dict()
    out["failed_checks"] = [c.name for c in cert.failures()]
    return out


def run(args) -> dict:
    if args.help and not args.theorem:
        args.verify_parser.print_help()
        raise SystemExit(0)
    if args.list:
        return {"theorems": [{"name": t.name, "paper": paper_of(t), "statement": t.summary}
                             for t in THEOREMS.values()]}
    if args.all:
        return _run_all(args.output)
    if not args.theorem:
        raise InvalidArgument("name a theorem (see verinet verify --list) or use --all")
    theorem = get(args.theorem)
    if args.help or "-h" in args.params or "--help" in args.params:
        theorem_parser(theorem).print_help()
        raise SystemExit(0)
    given, output, grid, as_json = theorem_arguments(theorem, args.params)
    args.json = getattr(args, "json", False) or as_json
    output = output or args.output
    if grid:
        result = sweep(theorem, grid, **given)
        if output:
            result.write(output)
        return result.summary()
    cert = theorem(**given)
    if output:
        cert.write(output)
    return _summary(cert)


def _run_all(prefix) -> dict:
    rows, start = [], time.perf_counter()
    for theorem in THEOREMS.values():
        t0 = time.perf_counter()
        cert = theorem()
        if prefix:
            cert.write(f"{prefix}{theorem.name}.json")
        rows.append({"theorem": theorem.name, "verdict": cert.verdict, "checks": len(cert.checks),
                     "failed": ",".join(c.name for c in cert.failures()) or "-",
                     "seconds": round(time.perf_counter() - t0, 2)})
    verdict = "pass" if all(r["verdict"] == "pass" for r in rows) else "fail"
    return {"verdict": verdict, "theorems": rows, "seconds": round(time.perf_counter() - start, 2)}
