"""``verinet``: entry point.  Subcommand modules register parsers; ``main`` runs one.

Every subcommand returns a JSON-ready dict; ``--json`` prints it as JSON, otherwise as
text.  Failures are one line on stderr (:mod:`verinet.cli.failures`): exit code 2 for a
``VerinetError`` or an OS error, 3 for an internal error; ``--debug`` adds the traceback.
"""

import argparse
import sys

from . import analyze, bridge, check, network_commands, plot, prove, sweep, transform, verify
from .._version import __version__
from ..io import MAX_FILE_BYTES
from .argv import integer, negative_values_joined
from .failures import run_guarded
from .output import STDOUT
from .progress_display import showing_progress
from .render import render_json, render_text

__all__ = ["main", "make_parser"]

# Each module exposes add_parser(subparsers) and sets func=run on its subparsers.
COMMAND_MODULES = [network_commands, analyze, bridge, verify, prove, transform, check, sweep, plot]


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="verinet", description="Exact verification of neural-network approximation theorems.")
    parser.add_argument("--version", action="version", version=f"verinet {__version__}")
    parser.add_argument("--json", action="store_true", help="machine-readable JSON output")
    parser.add_argument("--debug", action="store_true", help="show the traceback of an error")
    noise = parser.add_mutually_exclusive_group()
    noise.add_argument("-q", "--quiet", action="store_true", help="print only the verdict (and errors)")
    noise.add_argument("-v", "--verbose", action="store_true",
                       help="also print each stage's time on stderr (a progress bar shows on a terminal anyway)")
    parser.add_argument("--max-file-bytes", type=integer, default=None, metavar="N",
                        help=f"largest network file read (default {MAX_FILE_BYTES})")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.add_parser(subparsers)
    for sub in subparsers.choices.values():
        if not any("--json" in action.option_strings for action in sub._actions):
            sub.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="machine-readable JSON output")
    return parser


def main(argv=None) -> int:
    parser = make_parser()
    args = parser.parse_args(negative_values_joined(sys.argv[1:] if argv is None else argv))
    if not getattr(args, "func", None):
        parser.print_help()
        return 1
    return run_guarded(args.command, lambda: _run(args), args.debug, as_json=lambda: getattr(args, "json", False))


def _run(args) -> int:
    with showing_progress(args.command, args.json, args.quiet, args.verbose):
        result = args.func(args)
    # With -o - the file went to stdout, so the report goes to stderr (verinet.cli.output).
    stream = sys.stderr if result.get("written") == STDOUT else sys.stdout
    if args.json:
        text = render_json(result)
    elif args.quiet:
        text = f"verdict: {result['verdict']}" if "verdict" in result else ""
    else:
        text = render_text(result)
    if text:
        # Flushed here, so that a closed stdout fails inside run_guarded and not at exit.
        print(text, file=stream, flush=True)
    return 0 if result.get("verdict", "pass") != "fail" else 1


if __name__ == "__main__":
    sys.exit(main())
