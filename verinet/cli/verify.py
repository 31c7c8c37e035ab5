"""``verinet verify NAME [--param value ...] [-o CERT] [--sweep p=v1,v2]``, ``--list``, ``--all``.

Runs the exact step-by-step checks of a theorem instance and returns its certificate; ``-o``
writes the certificate JSON.  Each theorem's flags are generated from its declared
parameters (:attr:`verinet.claims.theorem.Theorem.parameters`) by :mod:`verinet.cli.instance`,
so ``verinet verify NAME --help`` lists that theorem's own.  ``--all`` runs every theorem at
its small default instance (the main-job command); ``--sweep`` runs one theorem over a grid
of parameter values (:mod:`verinet.claims.sweep`).
"""

import argparse
import time

from .. import progress
from ..claims.sweep import sweep
from ..errors import InvalidArgument
from ..theorems.registry import THEOREMS, get, paper_of
from .failures import writing
from .instance import certificate_result, instance_arguments

__all__ = ["add_parser", "run"]


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
    parsed = instance_arguments(theorem, args, "verify")
    with progress.listening(progress.Deadline(parsed.seconds)):
        if parsed.grid:
            result = sweep(theorem, parsed.grid, **parsed.given)
        else:
            cert = theorem(**parsed.given)
    if parsed.grid:
        if parsed.output:
            with writing(parsed.output):
                result.write(parsed.output)
        return result.summary()
    return certificate_result(cert, parsed.output, parsed.report)


def _run_all(prefix) -> dict:
    rows, start = [], time.perf_counter()
    for theorem in THEOREMS.values():
        t0 = time.perf_counter()
        cert = theorem()
        if prefix:
            with writing(f"{prefix}{theorem.name}.json"):
                cert.write(f"{prefix}{theorem.name}.json")
        rows.append({"theorem": theorem.name, "verdict": cert.verdict_text, "checks": len(cert.checks),
                     "failed": ",".join(c.name for c in cert.failures()) or "-",
                     "seconds": round(time.perf_counter() - t0, 2)})
    verdict = "pass" if all(r["verdict"].startswith("pass") for r in rows) else "fail"
    return {"verdict": verdict, "theorems": rows, "seconds": round(time.perf_counter() - start, 2)}
