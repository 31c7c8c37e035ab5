"""The exact-arithmetic backend, chosen once, here.

Every other module imports ``MPQ``, ``MPZ`` and ``IntMatrix`` from this module and never
imports gmpy2 or python-flint itself.  ``MPQ`` is gmpy2's rational type (exact, fast,
hashable); ``IntMatrix`` is python-flint's ``fmpz_mat``, whose products are the fast path of
exact batched evaluation.
"""

import os
from contextlib import contextmanager

import gmpy2
from flint import arb, ctx, fmpq, fmpq_poly, fmpz_mat, fmpz_poly

__all__ = ["MPQ", "MPZ", "IntMatrix", "Ball", "FlintQ", "QPoly", "ZPoly", "BACKEND", "is_mpq", "integer_root",
           "ball_precision", "current_ball_precision"]

# SymPy picks python-flint ground types silently when flint is importable; one rational
# matrix workload measured 4x slower that way (DESIGN.md).  Pin it before sympy loads.  This
# sets the variable in this process's environment (inherited by its subprocesses) unless the
# user set it already: a user's own value wins (documented in docs/architecture.md).
os.environ.setdefault("SYMPY_GROUND_TYPES", "gmpy")

BACKEND = "gmpy2+flint"
MPQ = type(gmpy2.mpq(0))
MPZ = type(gmpy2.mpz(0))
IntMatrix = fmpz_mat
# Rigorous real ball arithmetic (python-flint arb) for bounds on non-polynomial targets.
Ball = arb
FlintQ = fmpq
# Exact polynomials over Q and Z (factoring, rational roots, certified root balls).
QPoly = fmpq_poly
ZPoly = fmpz_poly


def is_mpq(value) -> bool:
    """True exactly when ``value`` is the backend rational type."""
    return type(value) is MPQ


def integer_root(value: int, d: int) -> int:
    """``floor(value^(1/d))`` for ints ``value >= 0``, ``d >= 1``, exactly (gmpy2 ``iroot``)."""
    return int(gmpy2.iroot(value, d)[0])


@contextmanager
def ball_precision(bits: int):
    """Run the enclosed ``Ball`` arithmetic at ``bits`` bits of working precision (restored after)."""
    old, ctx.prec = ctx.prec, bits
    try:
        yield
    finally:
        ctx.prec = old


def current_ball_precision() -> int:
    """The working precision of ``Ball`` arithmetic, in bits."""
    return ctx.prec
