"""Exact integer arrays held as float64 limbs: the fast kernel of exact evaluation.

An integer array ``A`` of shape ``(rows, B)`` is held as a float64 array ``X`` of shape
``(L, rows, B)`` (limb-major: each limb is one contiguous ``rows x B`` block, so a BLAS
product takes all limbs at once and every carry pass runs over contiguous memory) in the
*normal form*

    A = sum_i X[i] * 2^(k i),    0 <= X[i] < 2^k for i < L - 1,    |X[L-1]| <= 2^k.

The lower limbs are digits in radix ``2^k``; the top limb carries the sign: the lower limbs
add up to less than ``2^(k (L-1))``, so ``A < 0`` exactly when the top limb is negative and
ReLU is one vectorised mask.  For a fixed ``L`` the normal form is unique (the digits are
``A mod 2^(k (L-1))``).  Every function returns the normal form.

Why this is exact.  Every limb is an integer, and IEEE-754 double arithmetic on integers is
exact whenever each result (and each partial result) has magnitude at most ``2^53``.  Let
``c`` bound every row sum ``sum_j |Wn_ij|`` of the integer weights and every arity of an
``Add``; :func:`radix` takes the largest ``k`` with ``(c + 2) 2^k <= 2^52``.  Then

* :func:`affine` forms ``sum_j Wn_ij X_j`` with ``|X_j| <= 2^k``: every product and every
  partial sum, in any order BLAS chooses (blocking, FMA), is at most ``c 2^k``; adding the
  limbs of a bias (at most ``2^k``) or summing ``c`` normal forms keeps each limb at most
  ``(c + 1) 2^k <= 2^52``;
* :func:`normalize` takes limbs ``|r_i| <= 2^52`` to the normal form, one limb after the
  other: ``q = floor(v 2^-k)`` and ``v - q 2^k`` are exact (power-of-two scaling,
  ``floor``, a difference of integers), and carries stay at most ``2^(53-k)`` (if
  ``|q_(i-1)| <= 2^(53-k)`` then ``|q_i| <= (2^52 + 2^(53-k)) 2^-k + 1 <= 2^(53-k)`` as
  ``k >= 2``), so every value it forms is at most ``2^52 + 2^(53-k) < 2^53``.  The top limb
  takes the last carry without being split, so it must have room: with
  ``E = headroom(k) = floor(53 / k)`` zero limbs on top, the carry into the first of them is
  at most ``a_0 = 2^(53-k)`` and each further one at most ``a_(j+1) = a_j 2^-k + 1``, so the
  top receives at most ``2^(53 - E k) + 1 <= 2^k`` because ``(E + 1) k >= 54``
  (:func:`headroom`; ``k <= 51`` and 53 is prime).  The wide variant for many limbs
  (parallel passes until no carry is left) reaches the same, unique, normal form through
  values of the same size;
* :func:`shift_down`, :func:`scale` and :func:`widen` scale a normal form by at most
  ``2^(52-k)`` before normalising, which keeps limbs at most ``2^52``.

The numbers themselves may have any number of limbs; only ``c`` is limited, to
:data:`MAX_BOUND` (``k >= K_MIN``).  No product of two limbs is ever formed: a square
(ReQU) would need limbs of ``2k + log2(L)`` bits, beyond ``2^53`` for every radix of
use, so the limb path squares the integers themselves (:func:`to_array`, a Python-int
product, :func:`from_array`; :mod:`verinet.interpret.limb_path`), and the argument above is
only ever needed for affine maps and sums.  This is the "float-exactness" trick of
multi-precision libraries: floats used as integer registers, never as approximations.
``tests/test_exact_eval.py`` compares every path with the ``Fraction`` reference, checks
the choice of ``k`` and of the headroom exactly and shows that a radix two steps too large
does go wrong.
"""

import numpy as np

from ..int64 import max_abs

__all__ = ["K_MIN", "MAX_BOUND", "radix", "headroom", "from_array", "to_array", "normalize", "affine", "relu",
           "twos", "trim", "shift_down", "scale", "widen"]

# Below this radix the limb count explodes and the fmpz path is faster.
K_MIN = 12
# The largest weight bound ``c`` that :func:`radix` accepts: (c + 2) 2^K_MIN <= 2^52.
MAX_BOUND = 2**40 - 2
# Above this many limbs :func:`normalize` runs wide passes over all limbs at once.
_SEQUENTIAL_LIMBS = 7


def radix(c: int):
    """Largest ``k`` with ``(c + 2) 2^k <= 2^52``, or ``None`` when it is below ``K_MIN``.

    With ``b = bits(c + 1)``: ``c + 2 <= 2^b`` gives the bound for ``k = 52 - b``, and
    ``c + 2 > 2^(b - 1)`` shows that ``k + 1`` would break it.
    """
    k = 52 - (c + 1).bit_length()
    return k if k >= K_MIN else None


def headroom(k: int) -> int:
    """Zero limbs on top that let :func:`normalize` absorb the carries of limbs ``<= 2^52``.

    ``E = floor(53 / k)``, the least ``E >= 1`` with ``(E + 1) k >= 54`` (module docstring).
    """
    return 53 // k


def from_array(a: np.ndarray, k: int) -> np.ndarray:
    """Limbs (``L x rows x B``) of the integer array ``a`` (``rows x B``, int64 or Python ints).

    With ``|a| < 2^(k L)`` the digits are ``(a >> k i) & (2^k - 1)`` and the top limb is
    ``a >> k (L - 1)``, in ``[-2^k, 2^k)``: integer shifts, then exact conversion of numbers
    below ``2^k`` to float64.
    """
    if a.size == 0:
        return np.zeros((1,) + a.shape)
    top = max_abs(a)
    count = max(1, -(-top.bit_length() // k))
    if count == 1:
        return a.astype(np.float64)[None]
    mask = (1 << k) - 1
    out = np.empty((count,) + a.shape)
    for i in range(count - 1):
        out[i] = (a >> (k * i)) & mask
    out[count - 1] = a >> (k * (count - 1))
    return out


def to_array(x: np.ndarray, k: int) -> np.ndarray:
    """The integers held by the limbs ``x``: int64 if ``|A| < 2^(k L + 1)`` fits, else Python ints."""
    count = x.shape[0]
    kind = np.int64 if k * count <= 61 else object
    acc = x[count - 1].astype(np.int64).astype(kind)
    for i in range(count - 2, -1, -1):
        acc = (acc << k) + x[i].astype(np.int64).astype(kind)
    return acc


def normalize(r: np.ndarray, k: int) -> np.ndarray:
    """Carry-propagate limbs ``|r_i| <= 2^52`` into the normal form, in place.

    The top limb takes the last carry unsplit, so it needs room (module docstring): give
    ``r`` :func:`headroom` zero limbs on top, or a value that already fits in its limbs
    (:func:`widen`).
    """
    base, inv = float(2**k), 2.0**-k
    count = r.shape[0]
    if count > _SEQUENTIAL_LIMBS:  # few wide passes beat many narrow ones when limbs are many
        lower = r[:-1]
        q = np.empty_like(lower)
        while True:
            np.floor(np.multiply(lower, inv, out=q), out=q)
            if not q.any():
                return r
            r[1:] += q
            q *= base  # in place, no temporaries: q 2^k is exact
            lower -= q
    q = np.empty_like(r[0])
    for i in range(count - 1):
        np.floor(np.multiply(r[i], inv, out=q), out=q)
        r[i + 1] += q
        q *= base
        r[i] -= q
    return r


def _padded(x: np.ndarray, count: int) -> np.ndarray:
    """A copy of ``x`` with zero limbs on top up to ``count`` limbs."""
    out = np.zeros((count,) + x.shape[1:])
    out[: x.shape[0]] = x
    return out


def affine(weights: np.ndarray, x: np.ndarray, bias, k: int) -> np.ndarray:
    """Normal form of ``Wn A + b`` for float64 integer ``weights`` (m x n) and limbs ``x``.

    One BLAS product over all limbs at once, written into a buffer that already has the
    bias's limbs and :func:`headroom` zero limbs on top, then one carry pass.  ``bias`` is
    ``None`` or a normal form of shape ``(Lb, m)`` (one integer per row, as limbs); only
    its nonzero limbs are added (a bias brought over a growing power-of-two denominator
    has zero low limbs).
    """
    count, rows = x.shape[0], weights.shape[0]
    width = count if bias is None else max(count, bias.shape[0])
    r = np.empty((width + headroom(k), rows, x.shape[2]))
    np.matmul(weights, x, out=r[:count])
    r[count:] = 0.0
    if bias is not None:
        for i in np.flatnonzero(bias.any(axis=1)):
            r[i] += bias[i][:, None]
    return trim(normalize(r, k))


def trim(x: np.ndarray) -> np.ndarray:
    """Drop all-zero top limbs (the limb below becomes a valid signed top limb)."""
    count = x.shape[0]
    while count > 1 and not x[count - 1].any():
        count -= 1
    return x[:count] if count < x.shape[0] else x


def widen(x: np.ndarray, count: int, k: int) -> np.ndarray:
    """The same integers with ``count >= L`` limbs (sign-extended)."""
    if x.shape[0] >= count:
        return x
    return normalize(_padded(x, count), k)


def relu(x: np.ndarray) -> np.ndarray:
    """``max(A, 0)``: keep the entries whose top limb is non-negative."""
    return trim(x * (x[-1] >= 0).astype(np.float64))  # a float mask broadcasts faster than a bool one


def twos(x: np.ndarray, limit: int, k: int) -> int:
    """``min(limit, v)`` where ``v`` is the least 2-adic valuation of a nonzero integer in ``x``.

    A nonzero digit ``X_0 < 2^k`` decides ``v2(A) = v2(X_0) < k``, and entries with
    ``X_0 = 0`` have ``v2 >= k``; so ``v`` is ``v2`` of the bitwise or of the lowest limb
    that is not all zero, plus ``k`` per all-zero limb below it.  One row is looked at
    first: an odd digit there settles ``v = 0`` without reading the rest.
    """
    t = 0
    for limb in x:
        if t >= limit:
            return limit
        bits = int(np.bitwise_or.reduce(limb[0].astype(np.int64), axis=None))
        if not bits & 1:
            bits |= int(np.bitwise_or.reduce(limb.astype(np.int64), axis=None))
        if bits:
            return min(limit, t + (bits & -bits).bit_length() - 1)
        t += k
    return limit


def shift_down(x: np.ndarray, t: int, k: int) -> np.ndarray:
    """``A / 2^t`` for ``A`` divisible by ``2^t`` (whole limbs, then ``t < k`` bits)."""
    whole, t = divmod(t, k)
    if whole:
        x = x[whole:] if whole < x.shape[0] else np.zeros_like(x[:1])
    if t:
        high = np.floor(x * 2.0**-t)  # floor(X_i / 2^t), exact
        rest = (x - high * 2.0**t) * 2.0 ** (k - t)  # the t low bits moved to the top of the limb below
        high[:-1] += rest[1:]
        x = trim(high)
    return x


def scale(x: np.ndarray, factor: int, k: int) -> np.ndarray:
    """``A * factor`` for a positive int ``factor`` (exact; big odd factors via Python ints)."""
    if factor == 1:
        return x
    t = (factor & -factor).bit_length() - 1
    odd = factor >> t
    whole, t = divmod(t, k)
    if whole:
        x = np.concatenate([np.zeros((whole,) + x.shape[1:]), x])
    step = 52 - k  # X * 2^step stays below 2^52
    while t:
        s = min(t, step)
        x = trim(normalize(_padded(x * 2.0**s, x.shape[0] + headroom(k)), k))
        t -= s
    if odd == 1:
        return trim(x)
    if odd < 2**step:
        return trim(normalize(_padded(x * float(odd), x.shape[0] + headroom(k)), k))
    return from_array(to_array(x, k).astype(object) * odd, k)
