"""``verinet``: entry point.  Subcommand modules register parsers; ``main`` runs one.

Every subcommand returns a JSON-ready dict; ``--json`` prints it as JSON, otherwise as
text.  A ``VerinetError`` becomes one line on stderr and exit code 2, never a traceback.
"""

import argparse
import sys

from ..errors import VerinetError
from . import analyze, bridge, network_commands, prove, verify
from .argv import negative_values_joined
from .render import render_json, render_text

__all__ = ["main", "make_parser"]

# Each module exposes add_parser(subparsers) and sets func=run on its subparsers.
COMMAND_MODULES = [network_commands, analyze, bridge, verify, prove]


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="verinet", description="Exact verification of neural-network approximation theorems.")
    parser.add_argument("--json", action="store_true", help="machine-readable JSON output")
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
    try:
        result = args.func(args)
    except VerinetError as exc:
        print(f"verinet {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"verinet {args.command}: error: {exc.strerror}: {exc.filename}", file=sys.stderr)
        return 2
    print(render_json(result) if args.json else render_text(result))
    return 0 if result.get("verdict", "pass") != "fail" else 1


if __name__ == "__main__":
    sys.exit(main())
