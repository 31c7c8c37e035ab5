"""Shared driver of the theorem proof scripts: run the exact checks, print them step by step, write the certificate.

The scripts only choose the theorem and its arguments; the checks are
``verinet.theorems.suite`` / ``verinet.theorems.three`` (the same as ``verinet verify``).
"""

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _report import Report  # noqa: E402

from verinet.errors import VerinetError  # noqa: E402
from verinet.claims.certificate import exact_str  # noqa: E402

__all__ = ["parser", "report_of", "finish"]


def parser(description: str, d: int, f: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--d", type=int, default=d, help="input dimension d")
    p.add_argument("--f", default=f, help="target, a sympy expression in x1..xd")
    p.add_argument("--lipschitz", help="Lipschitz constant of f (default: derived by interval arithmetic)")
    p.add_argument("--holder", help="Hölder data 'alpha,lam'")
    p.add_argument("--no-diff", action="store_true", help="skip the intrinsic-parameter diff over other targets")
    p.add_argument("-o", "--output", help="certificate path (default: <tmp>/verinet-certificates/<script>.json)")
    return p


def report_of(cert) -> Report:
    """One report line per check: its claim, and ``lhs relation rhs`` with the witness when it fails."""
    report = Report(f"{cert.theorem}: {cert.statement}\n  instance: " +
                    ", ".join(f"{k} = {exact_str(v)}" for k, v in cert.instance.items()
                              if k in ("d", "n", "K", "delta", "p", "eps", "target", "modulus_bound", "s", "b",
                                       "bits_of_v")))
    for c in cert.checks:
        text = f"{_short(c.lhs)} {c.relation} {_short(c.rhs)}"
        if not c.holds and c.witness:
            text += f"; witness {c.witness}"
        report.check(f"{c.name}: {c.claim}", c.holds, text)
    return report


def _short(value, limit: int = 60) -> str:
    text = exact_str(value)
    return text if len(text) <= limit else f"{text[:limit // 2]}...{text[-limit // 2:]} ({len(text)} chars)"


def finish(script: str, run, args) -> int:
    """Run ``run()`` -> Certificate, print the report, sizes and timings, write the certificate."""
    try:
        cert = run()
    except VerinetError as exc:
        print(f"{script}: error: {exc}", file=sys.stderr)
        return 2
    report = report_of(cert)
    for name, metrics in cert.sizes.items():
        print(f"size {name}: " + ", ".join(f"{k} {exact_str(v)}" for k, v in metrics.items()))
    print("intrinsic: " + ", ".join(f"{k} {v}" for k, v in cert.intrinsic.items() if k != "positions"))
    for note in cert.not_checked:
        print(f"not checked: {note}")
    print("seconds: " + ", ".join(f"{k} {v:.2f}" for k, v in cert.seconds.items()))
    path = Path(args.output) if args.output else Path(tempfile.gettempdir()) / "verinet-certificates" / f"{script}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    cert.write(path)
    print(f"certificate: {path}\n")
    report.print()
    return 0 if report.verdict else 1
