"""Shared ``main`` of the proof scripts (theorems and lemmas): parse the flags, run ``prove``, print each step.

The flags are ``verinet prove NAME``'s (:func:`verinet.cli.instance.theorem_arguments`), so a
script and the CLI accept the same parameters; the certificate goes to ``-o`` (default
``<tmp>/verinet-certificates/<theorem>.json``).

A script runs as ``python -m proofs.lemmas.NAME`` or as ``python proofs/lemmas/NAME.py``; the
latter needs ``verinet`` and ``proofs`` importable, as ``pip install -e .`` (which installs
both packages) or ``PYTHONPATH=<repository root>`` makes them.
"""

import sys
import tempfile
from pathlib import Path

from verinet.claims.certificate import exact_str
from verinet.claims.report import write_report
from verinet.cli.instance import theorem_arguments
from verinet.errors import VerinetError

__all__ = ["entry_points", "run_script", "report_lines"]

_INSTANCE_KEYS = ("d", "n", "K", "delta", "p", "eps", "target", "modulus_bound", "s", "b", "bits_of_v")


def report_lines(cert, shown) -> list:
    """The statement, the instance entries named in ``shown``, one ``[ok]``/``[FAIL]`` line per check,
    sizes, intrinsic parameters, notes, timings (each where present) and the verdict."""
    lines = [f"{cert.theorem}: {cert.statement}"]
    instance = [f"{k} = {_short(v)}" for k, v in cert.instance.items() if k in shown]
    if instance:
        lines.append("  instance: " + ", ".join(instance))
    for c in cert.checks:
        text = f"{_short(c.lhs)} {c.relation} {_short(c.rhs)}"
        if not c.holds and c.witness:
            text += f"; witness {c.witness}"
        lines.append(f"  [{'ok' if c.holds else 'FAIL'}] {c.name}: {c.claim}: {text}")
    for name, metrics in cert.sizes.items():
        lines.append(f"size {name}: " + ", ".join(f"{k} {exact_str(v)}" for k, v in metrics.items()))
    if cert.intrinsic:
        lines.append("intrinsic: " + ", ".join(f"{k} {v}" for k, v in cert.intrinsic.items() if k != "positions"))
    lines += [f"not checked: {note}" for note in cert.not_checked]
    if cert.seconds:
        lines.append("seconds: " + ", ".join(f"{k} {v:.2f}" for k, v in cert.seconds.items()))
    lines.append("verdict: " + ("holds" if cert.verdict == "pass" else "FAILS"))
    return lines


def _short(value, limit: int = 60) -> str:
    text = exact_str(value)
    return text if len(text) <= limit else f"{text[:limit // 2]}...{text[-limit // 2:]} ({len(text)} chars)"


def run_script(theorem, prove, argv=None) -> int:
    """``main`` of a proof script: 0 when every check holds, 1 when one fails, 2 on bad input.

    The instance line shows the theorem's parameters and the derived sizes in ``_INSTANCE_KEYS``.
    """
    try:
        parsed = theorem_arguments(theorem, sys.argv[1:] if argv is None else argv, "prove", sweeps=False)
        cert = prove(**parsed.given)
        if parsed.report:
            write_report(cert, parsed.report)
    except VerinetError as exc:
        print(f"{theorem.name}: error: {exc}", file=sys.stderr)
        return 2
    output = parsed.output
    path = Path(output) if output else Path(tempfile.gettempdir()) / "verinet-certificates" / f"{theorem.name}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    cert.write(path)
    lines = report_lines(cert, _INSTANCE_KEYS + tuple(theorem.parameters))
    print("\n".join(lines[:-1]))
    print(f"certificate: {path}\n")
    print(lines[-1])
    return 0 if cert.verdict == "pass" else 1


def entry_points(theorem) -> tuple:
    """``(prove, main)`` of the proof script of ``theorem``.

    ``prove(**params) -> Certificate`` checks one instance step by step (the steps of the
    script's docstring); ``main(argv=None) -> int`` is its command line (:func:`run_script`).
    """

    def prove(**params):
        return theorem(**params)

    def main(argv=None) -> int:
        return run_script(theorem, prove, argv)

    return prove, main
