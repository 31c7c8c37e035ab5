"""Exact comparison of the numbers a certificate states: ``<=``, ``==`` and ``subset``, decided rigorously.

Rationals compare exactly; irrational quantities (``sqrt(82433)/512 + ...``) by the sign of
their difference, :func:`verinet.reals.sign` (arb balls of growing precision, then sympy's
exact zero test).  Nothing is rounded and no tolerance is used.
"""

from ..errors import BudgetExceeded, FileFormatError
from ..reals import sign, to_sympy
from .read import number

__all__ = ["decide", "same", "interval", "stated", "Skip", "Mismatch"]


class Skip(Exception):
    """A check cannot be re-checked; the message says why."""


class Mismatch(Exception):
    """The certificate disagrees with what the kernel recomputed; the message names the field."""


def stated(check: dict, side: str, where: str):
    """The exact number a check states as ``lhs`` or ``rhs``."""
    value = number(check[side], f"{where}.{side}")
    if value is None:
        raise Mismatch(f"{where}.{side}={check[side]!r} is not a number")
    return value


def _sign(value, where: str) -> int:
    try:
        return sign(value)
    except BudgetExceeded as exc:
        raise FileFormatError(f"{where}: {exc}") from None


def same(a, b, where: str) -> bool:
    """``a == b`` exactly, for exact numbers (sympy, ``mpq``, ``int``; never strings)."""
    return _sign(to_sympy(a) - to_sympy(b), where) == 0


def decide(lhs: str, relation: str, rhs: str, where: str) -> bool:
    """``lhs relation rhs`` from the strings; non-numeric sides of ``==`` compare as strings."""
    if relation == "subset":
        (a, b), (c, d) = interval(lhs, f"{where}.lhs"), interval(rhs, f"{where}.rhs")
        return _sign(a - c, where) >= 0 and _sign(d - b, where) >= 0
    x, y = number(lhs, f"{where}.lhs"), number(rhs, f"{where}.rhs")
    if x is None or y is None:
        return relation == "==" and lhs == rhs
    s = _sign(y - x, where)
    return s >= 0 if relation == "<=" else s == 0


def interval(text: str, where: str) -> tuple:
    """The closed interval written ``"[lo, hi]"``."""
    ends = text.strip().removeprefix("[").removesuffix("]").split(",") if isinstance(text, str) else []
    values = [number(e, where) for e in ends] if len(ends) == 2 else [None]
    if None in values:
        raise FileFormatError(f"{where}={text!r} is not an interval '[lo, hi]' of exact numbers")
    return tuple(values)
