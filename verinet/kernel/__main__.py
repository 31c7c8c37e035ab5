"""``python -m verinet.kernel CERT [--json] [--smt z3]``: the kernel alone, without verinet's CLI.

Exit 0 when the certificate re-checks and its verdict is pass, 1 when it does not, 2 when the
file is refused (too large, malformed, hostile).
"""

import argparse
import json
import sys

from ..errors import VerinetError
from . import MAX_BYTES, MAX_WORK, check_file
from .render import render

__all__ = ["main"]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m verinet.kernel", description=__doc__.splitlines()[0])
    parser.add_argument("certificate")
    parser.add_argument("--json", action="store_true", help="the report as JSON")
    parser.add_argument("--smt", choices=["z3"], help="also re-prove small claims with an SMT solver")
    parser.add_argument("--max-bytes", type=int, default=MAX_BYTES, help="largest file read")
    parser.add_argument("--max-work", type=int, default=MAX_WORK, help="exact multiply-adds spent on evaluation")
    args = parser.parse_args(argv)
    try:
        report = check_file(args.certificate, args.max_bytes, args.max_work, args.smt)
    except (VerinetError, OSError, RecursionError, MemoryError) as exc:
        print(f"verinet check: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(report, indent=2) if args.json else render(report))
    return 0 if report["verdict"] == "pass" else 1


if __name__ == "__main__":
    sys.exit(main())
