"""The trust kernel: re-checks a verinet certificate from its evidence (``verinet check CERT``).

Small and separate on purpose (docs/trust.md): it imports nothing of verinet's analysis,
theorems, constructions, interpreters or claims -- only the safe expression parser
(:mod:`verinet.expressions`), exact comparison (:mod:`verinet.reals`), the gmpy2 backend
and a JSON reader and exact evaluator of its own (:mod:`.read`, :mod:`.network`).  A test
runs it in a fresh process and asserts which modules it loaded.

* :func:`check_file` -- read a certificate within limits and return the kernel's report;
* :func:`.check.check_data` -- the same for a certificate dict.
"""

from .check import MAX_WORK, check_data
from .read import MAX_BYTES, read_json

__all__ = ["check_file", "check_data", "MAX_BYTES", "MAX_WORK"]


def check_file(path, max_bytes: int = MAX_BYTES, max_work: int = MAX_WORK, smt=None) -> dict:
    """The kernel's report on the certificate file at ``path`` (see :func:`.check.check_data`); with
    ``smt="z3"`` also the SMT cross-checks (:mod:`.smt`), a disagreement making the verdict ``fail``.

    Raises
    ------
    FileFormatError
        For a file over ``max_bytes``, not JSON, over a nesting or number limit, or malformed.
    """
    report = {"certificate": str(path), **check_data(read_json(path, max_bytes), max_work)}
    if smt:
        from .smt import cross_check
        report["smt"] = cross_check(path, max_bytes)
        if any(row["status"] == "disagrees" for row in report["smt"]):
            report["verdict"] = "fail"
    return report
