"""Flags that let CI fail on a number: ``analyze --max-sup-error E``, ``drift --max-abs-deviation E``.

A threshold is decided exactly.  The quantity is known either exactly or by proved bounds
``lower <= value <= upper``; the threshold then holds when ``upper <= E``, fails when
``lower > E`` and is undecided otherwise, which also fails (exit code 1): a CI gate must not
pass on a number that may exceed it.
"""

from ..numbers import as_rational

__all__ = ["threshold_result"]


def threshold_result(flag: str, limit: str, lower, upper) -> dict:
    """``{"verdict", "threshold"}`` for ``value <= limit`` given proved ``lower <= value <= upper``
    (``lower == upper`` when the value is exact; ``lower = None`` when no lower bound is known)."""
    limit = as_rational(limit, flag)
    if upper <= limit:
        holds, reason = True, f"{upper} <= {limit}"
    elif lower is not None and lower > limit:
        holds, reason = False, f"{lower} > {limit}"
    else:
        low = "?" if lower is None else lower
        holds, reason = False, f"undecided: the value lies in [{low}, {upper}], which contains {limit}"
    return {"verdict": "pass" if holds else "fail",
            "threshold": {"flag": flag, "limit": str(limit), "holds": holds, "reason": reason}}
