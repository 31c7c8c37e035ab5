"""Exact batched evaluation with each coordinate's whole batch packed into one big integer.

Representation
--------------
A batch of ``B`` values ``X_0/den, ..., X_{B-1}/den`` of one coordinate (one *row*) is kept
as one positive integer ``den``, integers ``|X_j| <= M < 2^(W-1)`` and the packed integer

    Q = sum_j (X_j + 2^(W-1)) 2^(jW),

whose base-``2^W`` digits are the offset numerators ``X_j + 2^(W-1)`` in ``[1, 2^W - 1]``
(Kronecker substitution, "SIMD within a register").  ``W`` is a multiple of 64, shared by
the rows of a node.  Every operation below is an exact integer identity on ``Q``, carried
out by gmpy2 on the whole batch at once, so a deep narrow network costs a few big-integer
passes per node instead of per-entry Python work:

* **Affine** (also ``Add``): for a row ``z = sum_k a_k x_k / (g den') ...`` see
  :func:`_combine`: with integer multipliers ``a_k`` (weights brought over the common
  denominator), integer constant ``c`` and a divisor ``g`` of every ``sum_k a_k X_kj + c``,

      (sum_k a_k Q_k + (c + (g - sum_k a_k) 2^(W-1)) ONES) / g
        = sum_j ((sum_k a_k X_kj + c)/g + 2^(W-1)) 2^(jW),      ONES = sum_j 2^(jW),

  an identity of integers; the right side is the packed form of the result *provided* its
  numerators obey the bound ``|X'_j| < 2^(W-1)``.  That is guaranteed before the
  operation, from ``|X'_j| <= (sum_k |a_k| M_k + |c|)/g`` with the bounds ``M_k`` of the
  inputs (tightened by measuring the actual digits, or the layout widened, when needed).
  ``g`` is the gcd of the output denominator with a *known* divisor of the numerators
  (each row tracks the content it is known to have), so powers of two cancel as in exact
  arithmetic and numbers do not grow by the weights' denominators.
* **ReLU**: the top bit of digit ``j`` is set exactly when ``X_j >= 0``; with
  ``S = (Q >> (W-1)) & ONES`` and ``F = (S << W) - S`` (all-ones digits where
  ``X_j >= 0``), ``(Q & F) + sum_{X_j < 0} 2^(W-1) 2^(jW)`` is the packed form of
  ``max(X_j, 0)``: eight big-integer operations for the whole batch.
* **ReQU**: that ReLU, then every digit squared and every row denominator squared
  (``max(X_j, 0)^2 / den^2``).  Squaring is not a digit-wise operation on ``Q``, so the
  digits are unpacked to integers, squared and packed again in a layout of twice the bits
  (:func:`_packed`): exact, one pass over the batch per row.
* **Concat, Slice**: rows are moved, after bringing the parts to one ``W``.

Changing ``W`` (and measuring the actual largest ``|X_j|``) goes through the bytes of
``Q`` as a numpy array of 64-bit words: two's complement digits are truncated or
sign-extended word-wise, which is exact as long as the digits fit, which the measured
bound shows.

This path takes any rational weights (no radix bound, unlike :mod:`.limbs`); it is the
fastest exact path for narrow, deep networks whose numbers have hundreds or thousands of
bits, such as the bit-extraction chains of the intrinsic-parameter theorems.
"""

import math
from functools import lru_cache
from typing import NamedTuple

import numpy as np

from .._backend import MPZ
from ..ops import Add, Affine, Concat, ReLU, ReQU, Slice
from .walk import Rules, walk

__all__ = ["run_packed"]

HEADROOM = 64  # spare bits per digit, so that bounds are re-measured only every few layers
_TOP = np.uint64(1 << 63)


class _Rows:
    """A node's value: packed rows ``q`` in digits of ``W`` bits over ``B`` points, with per
    row denominator ``den``, bound ``bound >= max_j |X_j|`` and known divisor ``content``
    of every ``X_j`` (``0`` when all are zero)."""

    __slots__ = ("W", "B", "q", "den", "bound", "content")

    def __init__(self, W, B, q, den, bound, content):
        self.W, self.B, self.q, self.den, self.bound, self.content = W, B, q, den, bound, content


@lru_cache(maxsize=16)  # the rows of one layer often share their constants
def _times_ones(c: int, W: int, B: int) -> MPZ:
    """``c * ONES = sum_{j<B} c 2^(jW)`` for any integer ``c``, by doubling blocks of copies
    (``log2 B`` shifted additions, cheaper than one multiplication by ``ONES``)."""
    out, block, size, shift = MPZ(0), MPZ(c), 1, 0
    while True:
        if B & size:
            out += block << shift
            shift += size * W
        size <<= 1
        if size > B:
            return out
        block += block << ((size >> 1) * W)


def _width_for(bits: int) -> int:
    """The digit width for numerators of at most ``bits`` bits (sign bit and headroom added)."""
    return 64 * -(-(bits + 1 + HEADROOM) // 64)


def _words(q: MPZ, W: int, B: int) -> np.ndarray:
    """The digits of ``q`` as two's complement numbers: a ``B x W/64`` array of uint64 words."""
    words = np.frombuffer(q.to_bytes(B * W // 8, "little"), dtype="<u8").reshape(B, W // 64).copy()
    words[:, -1] ^= _TOP
    return words


def _from_words(words: np.ndarray) -> MPZ:
    """Inverse of :func:`_words`."""
    words[:, -1] ^= _TOP
    return MPZ.from_bytes(words.tobytes(), "little")


def _measured_bits(q: MPZ, W: int, B: int) -> int:
    """``L`` with ``max_j |X_j| <= 2^L``: the bit length of the OR of ``X_j`` (``X_j >= 0``)
    and ``~X_j = |X_j| - 1`` (``X_j < 0``) over all digits."""
    words = _words(q, W, B)
    negative = (words[:, -1] & _TOP).astype(bool)
    words[negative] = ~words[negative]
    return int.from_bytes(np.bitwise_or.reduce(words, axis=0).tobytes(), "little").bit_length()


def _relaid(x: _Rows, W: int) -> _Rows:
    """``x`` with digits of width ``W``; the caller guarantees every bound is below ``2^(W-1)``."""
    if W == x.W:
        return x
    keep = min(W, x.W) // 64
    q = []
    for row in x.q:
        words = _words(row, x.W, x.B)
        out = np.empty((x.B, W // 64), dtype="<u8")
        out[:, :keep] = words[:, :keep]
        if W > x.W:  # sign-extend
            out[:, keep:] = np.where(words[:, -1:] & _TOP, ~np.uint64(0), np.uint64(0))
        q.append(_from_words(out))
    return _Rows(W, x.B, q, x.den, x.bound, x.content)


def _tightened(x: _Rows) -> _Rows:
    """``x`` with every bound replaced by the measured ``2^L`` where that is smaller."""
    bound = [min(m, 1 << _measured_bits(q, x.W, x.B)) for q, m in zip(x.q, x.bound)]
    return _Rows(x.W, x.B, x.q, x.den, bound, x.content)


class _RowPlan(NamedTuple):
    """One output row ``(sum_k a_k Q_k + const ...) / divisor`` (:func:`_combine`) with
    ``terms = [(a_k, Q_k)]``: its denominator, bound and known content."""

    terms: list
    const: int
    divisor: int
    den: int
    bound: int
    content: int


def _fitted(x: _Rows, plan) -> tuple:
    """``(x, plan(x))`` with ``x`` laid out so that the bound of every :class:`_RowPlan` of
    ``plan(x)`` fits.

    When the planned bounds do not fit ``x.W``, the inputs' bounds are measured; then the
    layout is chosen from the measured inputs and the planned outputs (shrinking it when the
    numbers have become smaller, widening it when they grew).
    """
    rows = plan(x)
    if _bits(rows) < x.W:
        return x, rows
    x = _tightened(x)
    rows = plan(x)
    W = _width_for(max(_bits(rows), *(m.bit_length() for m in x.bound)))
    if W != x.W:
        x = _relaid(x, W)
        rows = plan(x)
    return x, rows


def _bits(rows) -> int:
    """The bit length of the largest planned bound."""
    return max(r.bound for r in rows).bit_length()


def _combined(x: _Rows, plan) -> _Rows:
    """The rows that ``plan(x)`` describes, computed in a layout they fit (:func:`_fitted`)."""
    x, rows = _fitted(x, plan)
    return _Rows(x.W, x.B, [_combine(r.terms, r.const, r.divisor, x.W, x.B) for r in rows],
                 [r.den for r in rows], [r.bound for r in rows], [r.content for r in rows])


def _combine(terms: list, c: int, g: int, W: int, B: int) -> MPZ:
    """``(sum_k a_k Q_k + (c + (g - sum_k a_k) 2^(W-1)) ONES) / g`` for ``terms = [(a_k, Q_k)]``."""
    acc = MPZ(0)
    for a, q in terms:
        t = q if abs(a) == 1 else q << (abs(a).bit_length() - 1) if abs(a) & (abs(a) - 1) == 0 else q * abs(a)
        acc = acc + t if a > 0 else acc - t
    offset = c + (g - sum(a for a, _ in terms)) * (1 << (W - 1))
    if offset:
        acc += _times_ones(offset, W, B)
    if g == 1:
        return acc
    if g & (g - 1) == 0:
        return acc >> (g.bit_length() - 1)
    return acc // g


def _row_plan(parts: list, c: int, den: int) -> _RowPlan:
    """One output row ``(sum_k w_k X_k / d_k + c/den)`` for ``parts = [(w_k, d_k, M_k, C_k, q_k)]``:
    the multipliers over the least common denominator, divisor, bound and content."""
    lcm = math.lcm(*(d for _, d, _, _, _ in parts)) if parts else 1
    terms = [(w * (lcm // d), q) for w, d, _, _, q in parts]
    const = c * lcm
    known = math.gcd(const, *(a * C for (a, _), (_, _, _, C, _) in zip(terms, parts)))
    g = math.gcd(known, den * lcm)
    bound = (sum(abs(a) * M for (a, _), (_, _, M, _, _) in zip(terms, parts)) + abs(const)) // g
    return _RowPlan(terms, const, g, den * lcm // g, bound, known // g)


def _affine(op: Affine, args: tuple, ctx) -> _Rows:
    (x,) = args
    return _combined(x, lambda x: [
        _row_plan([(w, x.den[k], x.bound[k], x.content[k], x.q[k]) for k, w in enumerate(ws) if w], c, op.denominator)
        for ws, c in zip(op.weight_numerators, op.bias_numerators)])


def _relu(op: ReLU, args: tuple, ctx) -> _Rows:
    (x,) = args
    W, ones = x.W, _times_ones(1, x.W, x.B)
    high = ones << (W - 1)
    q = []
    for row in x.q:
        s = (row >> (W - 1)) & ones
        sw = s << W
        q.append((row & (sw - s)) + (high - (sw >> 1)))
    return _Rows(W, x.B, q, x.den, x.bound, x.content)


def _requ(op: ReQU, args: tuple, ctx) -> _Rows:
    y = _relu(op, args, ctx)
    return _packed([[v * v for v in row] for row in _unpacked(y)], [d * d for d in y.den])


def _joined(xs) -> _Rows:
    """The rows of several values, one after another, in one layout."""
    W = max(x.W for x in xs)
    xs = [_relaid(x, W) for x in xs]
    return _Rows(W, xs[0].B, *([v for x in xs for v in getattr(x, f)] for f in ("q", "den", "bound", "content")))


def _add(op: Add, xs: tuple, ctx) -> _Rows:
    n = op.dim
    return _combined(_joined(xs), lambda x: [
        _row_plan([(1, x.den[r], x.bound[r], x.content[r], x.q[r]) for r in range(i, len(x.q), n)], 0, 1)
        for i in range(n)])


def _concat(op: Concat, xs: tuple, ctx) -> _Rows:
    return _joined(xs)


def _slice(op: Slice, args: tuple, ctx) -> _Rows:
    (x,) = args
    part = slice(op.start, op.stop)
    return _Rows(x.W, x.B, x.q[part], x.den[part], x.bound[part], x.content[part])


RULES = Rules("exact evaluation (packed)", {Affine: _affine, ReLU: _relu, ReQU: _requ, Add: _add, Concat: _concat,
                                            Slice: _slice})


def _packed(rows: list, dens: list) -> _Rows:
    """Integer rows (each of length ``B``), row ``r`` over ``dens[r]``, in packed form."""
    B = len(rows[0])
    bound = [max(map(abs, row)) for row in rows]
    W = _width_for(max(bound).bit_length())
    half = 1 << (W - 1)
    q = [MPZ.from_bytes(b"".join((v + half).to_bytes(W // 8, "little") for v in row), "little") for row in rows]
    return _Rows(W, B, q, list(dens), bound, [math.gcd(*row) for row in rows])


def _unpacked(x: _Rows) -> list:
    """Integer rows of ``x``'s numerators (row ``r`` over ``x.den[r]``)."""
    size, half = x.W // 8, 1 << (x.W - 1)
    out = []
    for row in x.q:
        data = row.to_bytes(x.B * size, "little")
        out.append([int.from_bytes(data[j:j + size], "little") - half for j in range(0, len(data), size)])
    return out


def run_packed(net, rows: list, den: int) -> tuple:
    """Integer rows (coordinate-major) over ``den`` through ``net``: ``(rows, dens)``, output row
    ``r`` over ``dens[r]``."""
    y = walk(net, _packed(rows, [den] * len(rows)), RULES)
    return _unpacked(y), y.den
