"""``verinet prove NAME [--param value ...] [-o CERT]``, ``verinet prove NAME --help``, ``--list``.

Runs a proof script's ``prove(**params)`` -- a theorem of ``proofs/syz2022/`` or a lemma of
``proofs/lemmas/``, looked up in :mod:`proofs.registry` -- and returns its certificate as
``verinet verify NAME`` does; ``-o`` writes the certificate JSON.  The flags are generated
from the script's ``THEOREM.parameters`` by :mod:`verinet.cli.instance`, so ``verinet prove
NAME --help`` lists that proof's own.
"""

import argparse

from proofs import registry

from .. import progress
from ..errors import InvalidArgument
from .instance import certificate_result, instance_arguments

__all__ = ["add_parser", "run"]


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "prove", help="run a proof script (theorem or lemma) and write its certificate", add_help=False,
        description="verinet prove NAME [--param value ...] [-o CERT];  verinet prove NAME --help;  "
                    "verinet prove --list",
    )
    p.add_argument("-h", "--help", action="store_true", help="this help, or with NAME that proof's parameters")
    p.add_argument("proof", nargs="?", help="proof name (see --list)")
    p.add_argument("--list", action="store_true", help="list the proofs: name, source folder, summary")
    p.add_argument("-o", "--output", help="write the certificate JSON here")
    p.add_argument("params", nargs=argparse.REMAINDER, help="the proof's parameters (see NAME --help)")
    p.set_defaults(func=run, prove_parser=p)


def run(args) -> dict:
    if args.help and not args.proof:
        args.prove_parser.print_help()
        raise SystemExit(0)
    if args.list:
        return {"proofs": [{"name": name, "source": registry.source_of(module), "summary": module.THEOREM.summary}
                           for name, module in registry.PROOFS.items()]}
    if not args.proof:
        raise InvalidArgument("name a proof (see verinet prove --list)")
    module = registry.get(args.proof)
    parsed = instance_arguments(module.THEOREM, args, "prove", sweeps=False)
    with progress.listening(progress.Deadline(parsed.seconds)):
        cert = module.prove(**parsed.given)
    return certificate_result(cert, parsed.output, parsed.report)
