"""One theorem instance from the command line: flags generated from its parameters, its certificate as the result.

Shared by ``verinet verify NAME``, ``verinet prove NAME`` and the proof scripts'
``main`` (:mod:`proofs._theorem`), so all three accept the same flags.  Each declared
:class:`~verinet.claims.theorem.Param` becomes ``--name`` (underscores written as hyphens)
with its help and default; a switch parameter takes no value.  ``-o/--output`` names the
certificate file, ``--report FILE.html|FILE.md`` writes a page a person reads
(:mod:`verinet.claims.report`), ``--json`` asks for JSON output and, where sweeps are offered
(``verinet verify``), ``--sweep PARAM=V1,V2`` runs a grid of instances.
"""

import argparse
from typing import NamedTuple

from ..claims.sweep import parse_sweep
from ..errors import InvalidArgument
from .failures import writing
from .output import write_output

__all__ = ["InstanceArguments", "theorem_parser", "theorem_arguments", "instance_arguments", "certificate_result"]


class InstanceArguments(NamedTuple):
    """What the tokens after a theorem's name give."""

    given: dict  # the theorem's parameters, as given
    output: str  # -o: the certificate file, or None
    grid: dict  # --sweep: {param: [values]}, or {}
    as_json: bool
    report: str  # --report: the HTML or Markdown page, or None
    seconds: int  # --seconds: the wall-clock budget of the check


# A check runs at most this long unless --seconds says otherwise (the theorems' default
# instances take seconds; the largest benchmarked ones about a minute).
DEFAULT_SECONDS = 3600


def positive_seconds(text: str) -> int:
    """``--seconds``: an integer >= 1."""
    from ..numbers import parse_integer

    value = parse_integer(text, "--seconds")
    if value < 1:
        raise argparse.ArgumentTypeError(f"--seconds={text} must be >= 1")
    return value


def theorem_parser(theorem, command: str = "verify", sweeps: bool = True) -> argparse.ArgumentParser:
    """The argparse form of one theorem's parameters (plus ``-o``, ``--json`` and, with ``sweeps``, ``--sweep``)."""
    parser = argparse.ArgumentParser(prog=f"verinet {command} {theorem.name}", exit_on_error=False,
                                     description=f"{theorem.reference}: {theorem.statement}")
    for name, param in theorem.parameters.items():
        flag = "--" + name.replace("_", "-")
        default = theorem.defaults().get(name)
        help_text = param.help + (f" (default: {default})" if default is not None else "")
        if param.flag:
            parser.add_argument(flag, dest=name, action="store_true", default=None, help=help_text)
        else:
            parser.add_argument(flag, dest=name, metavar=name.upper(), help=help_text)
    parser.add_argument("-o", "--output", help="write the certificate JSON here ('-' for stdout)")
    parser.add_argument("--report", metavar="FILE", help="also write a readable report: FILE.html or FILE.md")
    parser.add_argument("--seconds", type=positive_seconds, default=DEFAULT_SECONDS, metavar="S",
                        help=f"budget: wall-clock seconds, checked at every step (default {DEFAULT_SECONDS})")
    if sweeps:
        parser.add_argument("--sweep", action="append", default=[], metavar="PARAM=V1,V2,...",
                            help="run over these values of PARAM (repeatable: the grid of all combinations)")
    parser.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="machine-readable JSON output")
    return parser


def theorem_arguments(theorem, tokens, command: str = "verify", sweeps: bool = True) -> InstanceArguments:
    """The :class:`InstanceArguments` of the tokens after the theorem's name.

    Raises
    ------
    InvalidArgument
        For a flag the theorem does not declare (naming the ones it does) or a malformed one.
    """
    parser = theorem_parser(theorem, command, sweeps)
    try:
        parsed, unknown = parser.parse_known_args(tokens)
    except argparse.ArgumentError as exc:
        raise InvalidArgument(f"{command} {theorem.name}: {exc}") from None
    if unknown:
        raise InvalidArgument(f"{command} {theorem.name}: unknown argument(s) {' '.join(unknown)}; its parameters: "
                              + ", ".join("--" + k.replace("_", "-") for k in theorem.parameters))
    given = {k: getattr(parsed, k) for k in theorem.parameters if getattr(parsed, k) is not None}
    grid = parse_sweep(parsed.sweep) if sweeps else {}
    if parsed.report is not None and grid:
        raise InvalidArgument("--report writes one certificate's page; a --sweep has many (write them with -o)")
    return InstanceArguments(given, parsed.output, grid, getattr(parsed, "json", False), parsed.report, parsed.seconds)


def instance_arguments(theorem, args, command: str, sweeps: bool = True) -> InstanceArguments:
    """The :class:`InstanceArguments` for a subcommand whose parsed ``args`` name ``theorem``.

    ``NAME --help`` prints the theorem's own flags and exits 0.  ``-o`` and ``--json`` may
    stand before or after the name; ``--json`` after it is written back into ``args.json``.
    """
    if args.help or "-h" in args.params or "--help" in args.params:
        theorem_parser(theorem, command, sweeps).print_help()
        raise SystemExit(0)
    parsed = theorem_arguments(theorem, args.params, command, sweeps)
    args.json = getattr(args, "json", False) or parsed.as_json
    return parsed._replace(output=parsed.output or args.output, as_json=args.json)


def certificate_result(cert, output=None, report=None) -> dict:
    """The command's result for one certificate: its dict plus ``failed_checks`` (the embedded networks
    named, not printed); written to ``output`` if given, and its readable page to ``report``
    (``.html`` or ``.md``)."""
    if output:
        write_output(output, cert.to_json() + "\n")
    if report:
        from ..claims.report import write_report

        with writing(report):
            write_report(cert, report)
    out = {**cert.to_dict(), "verdict": cert.verdict_text}
    out["failed_checks"] = [c.name for c in cert.failures()]
    # The embedded networks stay in the file; the output names them only.
    out["networks"] = {sha: "embedded" if net else "referenced by hash" for sha, net in out["networks"].items()}
    if output:
        out["written"] = output
    if report:
        out["report"] = report
    return out
