"""``verinet check CERT [--json] [--smt z3] [--max-work N]``: re-check a certificate with the trust kernel.

Runs :mod:`verinet.kernel` (which uses none of the analysis that wrote the certificate; see
docs/trust.md) and returns its report: per check ``re-checked``, ``re-derived`` or ``not
re-checkable`` (with why), the problems found, and the verdict.  Exit 0 only when every
re-checkable check holds, nothing was tampered with and the verdict is pass; ``--smt z3``
also re-proves the small claims with z3 (extra ``smt``).
"""

from ..kernel import MAX_BYTES, MAX_WORK, check_file
from .argv import integer

__all__ = ["add_parser", "run"]


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("check", help="re-check a certificate with the small independent kernel",
                              description="verinet check CERT [--smt z3]: re-check every check of a certificate "
                                          "from its evidence (docs/trust.md)")
    p.add_argument("certificate", help="the certificate JSON file")
    p.add_argument("--smt", choices=["z3"], default=None, help="also re-prove small claims with z3 (extra 'smt')")
    p.add_argument("--max-work", type=integer, default=MAX_WORK, metavar="N",
                   help=f"exact multiply-adds the kernel spends on evaluation ({MAX_WORK})")
    p.set_defaults(func=run)


def run(args) -> dict:
    return check_file(args.certificate, args.max_file_bytes or MAX_BYTES, args.max_work, args.smt)
