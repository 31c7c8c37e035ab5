"""JSON certificates: the instance, every compared quantity exactly, the verdict, witnesses.

A certificate is a plain dict (see docs/certificates.md)::

    {"format": "verinet-certificate/1", "theorem": ..., "statement": ...,
     "instance": {...}, "checks": [{"name", "claim", "lhs", "rhs", "relation", "holds",
     "witness", ...}], "sizes": {...}, "intrinsic": {...}, "not_checked": [...],
     "verdict": "pass" | "fail", "seconds": {...}}

Rationals are written ``"p/q"``; irrational quantities as sympy strings (``"sqrt(2)/8"``),
which ``sympy.sympify`` reads back exactly.
"""

import json
from dataclasses import dataclass, field

import sympy

from .._backend import MPQ
from ..errors import BoundViolation
from .reals import is_le, to_sympy

__all__ = ["Check", "Certificate", "compare_le", "exact_str", "FORMAT"]

FORMAT = "verinet-certificate/1"


def exact_str(value) -> str:
    """``'p/q'`` for rationals, sympy's string for symbolic numbers, ``str`` otherwise."""
    if isinstance(value, sympy.Basic):
        return str(sympy.nsimplify(value) if value.is_Float else value)
    return str(value)


@dataclass
class Check:
    """One compared quantity: ``lhs relation rhs`` (``relation`` is ``<=`` or ``==``)."""

    name: str
    claim: str
    lhs: object
    rhs: object
    holds: bool
    relation: str = "<="
    witness: dict = field(default_factory=dict)
    detail: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "claim": self.claim,
            "lhs": exact_str(self.lhs),
            "relation": self.relation,
            "rhs": exact_str(self.rhs),
            "holds": self.holds,
            "witness": _jsonable(self.witness),
            **({"detail": _jsonable(self.detail)} if self.detail else {}),
        }


def compare_le(name: str, claim: str, lhs, rhs, witness=None, detail=None) -> Check:
    """A :class:`Check` of ``lhs <= rhs``, decided exactly (:func:`~verinet.theorems.reals.is_le`)."""
    return Check(name, claim, lhs, rhs, is_le(lhs, rhs), "<=", witness or {}, detail or {})


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, (bool, int, str)):
        return value
    return exact_str(value)


@dataclass
class Certificate:
    """The outcome of checking one theorem instance."""

    theorem: str
    statement: str
    instance: dict
    checks: list = field(default_factory=list)
    sizes: dict = field(default_factory=dict)
    intrinsic: dict = field(default_factory=dict)
    not_checked: list = field(default_factory=list)
    seconds: dict = field(default_factory=dict)

    @property
    def verdict(self) -> str:
        return "pass" if self.checks and all(c.holds for c in self.checks) else "fail"

    def failures(self) -> list:
        return [c for c in self.checks if not c.holds]

    def require(self) -> "Certificate":
        """Return ``self`` if every check holds, else raise ``BoundViolation`` with the first witness."""
        bad = self.failures()
        if bad:
            c = bad[0]
            raise BoundViolation(f"{self.theorem}: {c.name} fails: {exact_str(c.lhs)} {c.relation} "
                                 f"{exact_str(c.rhs)} is false ({c.claim})", witness=c.witness)
        return self

    def to_dict(self) -> dict:
        return {
            "format": FORMAT,
            "theorem": self.theorem,
            "statement": self.statement,
            "instance": _jsonable(self.instance),
            "verdict": self.verdict,
            "checks": [c.to_dict() for c in self.checks],
            "sizes": _jsonable(self.sizes),
            "intrinsic": _jsonable(self.intrinsic),
            "not_checked": list(self.not_checked),
            "seconds": {k: round(v, 3) for k, v in self.seconds.items()},
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2)

    def write(self, path) -> None:
        with open(path, "w") as fh:
            fh.write(self.to_json() + "\n")
