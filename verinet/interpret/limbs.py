"""Exact integer arrays held as float64 limbs: the fast kernel of exact evaluation.

An integer array ``A`` of shape ``(rows, B)`` is held as a float64 array ``X`` of shape
``(rows, L, B)`` in the *normal form*

    A = sum_i X[:, i, :] * 2^(k i),    0 <= X[:, i, :] < 2^k for i < L - 1,    |X[:, L-1, :]| <= 2^k.

The lower limbs are digits in radix ``2^k``; the top limb carries the sign: the lower limbs
add up to less than ``2^(k (L-1))``, so ``A < 0`` exactly when the top limb is negative and
ReLU is one vectorised mask.  Every function returns the normal form.

Why this is exact.  Every limb is an integer, and IEEE-754 double arithmetic on integers is
exact whenever each result (and each partial result) has magnitude at most ``2^53``.  Let
``c`` bound every row sum ``sum_j |Wn_ij|`` of the integer weights and every arity of an
``Add``; :func:`radix` takes the largest ``k`` with ``(c + 2) 2^k <= 2^52``.  Then

* :func:`matmul` forms ``sum_j Wn_ij X_j`` with ``|X_j| <= 2^k``: every product and every
  partial sum, in any order BLAS chooses (blocking, FMA), is at most ``c 2^k``; adding the
  limbs of a bias (:func:`add_bias`, at most ``2^k``) or summing ``c`` normal forms keeps
  each limb at most ``(c + 1) 2^k <= 2^52``;
* :func:`normalize` takes such limbs to the normal form: ``q = floor(r 2^-k)`` and
  ``r - q 2^k`` are exact (power-of-two scaling, ``floor``, a difference of integers), and
  carries stay at most ``2^(53-k)`` (if ``|q_(i-1)| <= 2^(53-k)`` then
  ``|q_i| <= (2^52 + 2^(53-k)) 2^-k + 1 <= 2^(53-k)`` as ``k >= 2``), so every value it
  forms is at most ``2^52 + 2^(53-k) < 2^53``;
* :func:`shift_down`, :func:`scale` and :func:`widen` scale a normal form by at most
  ``2^(52-k)`` before normalising, which keeps limbs at most ``2^52``.

The numbers themselves may have any number of limbs; only ``c`` is limited, to
:data:`MAX_BOUND` (``k >= K_MIN``).  This is the "float-exactness" trick of
multi-precision libraries: floats used as integer registers, never as approximations.
``tests/test_exact_eval.py`` compares every path with the ``Fraction`` reference, checks
the choice of ``k`` exactly and shows that a radix two steps too large does go wrong.
"""

import numpy as np

__all__ = ["K_MIN", "MAX_BOUND", "radix", "from_ints", "to_ints", "normalize", "matmul", "add_bias", "relu",
           "trim", "shift_down", "scale", "widen"]

# Below this radix the limb count explodes and the fmpz path is faster.
K_MIN = 12
# The largest weight bound ``c`` that :func:`radix` accepts: (c + 2) 2^K_MIN <= 2^52.
MAX_BOUND = 2**40 - 2


def radix(c: int):
    """Largest ``k`` with ``(c + 2) 2^k <= 2^52``, or ``None`` when it is below ``K_MIN``.

    With ``b = bits(c + 1)``: ``c + 2 <= 2^b`` gives the bound for ``k = 52 - b``, and
    ``c + 2 > 2^(b - 1)`` shows that ``k + 1`` would break it.
    """
    k = 52 - (c + 1).bit_length()
    return k if k >= K_MIN else None


def from_ints(values, rows: int, k: int) -> np.ndarray:
    """Limbs of the row-major integer list ``values`` (``rows`` x ``len(values) // rows``)."""
    cols = len(values) // rows
    top = max(max(values), -min(values))
    count = max(1, -(-top.bit_length() // k)) if top else 1
    if count == 1 and top < 2**k:
        return np.array(values, dtype=np.float64).reshape(rows, 1, cols)
    ints = np.array(values, dtype=object)
    mask = (1 << k) - 1
    limbs = [(ints >> (k * i)) & mask for i in range(count)]
    limbs.append(ints >> (k * count))  # floor: the signed top limb, in {-1, 0}
    out = np.stack([limb.astype(np.float64) for limb in limbs]).reshape(count + 1, rows, cols)
    return trim(np.ascontiguousarray(out.transpose(1, 0, 2)))


def to_ints(x: np.ndarray, k: int) -> list:
    """Row-major list of the Python ints held by the limbs ``x``."""
    count = x.shape[1]
    acc = x[:, count - 1, :].astype(np.int64).astype(object)
    for i in range(count - 2, -1, -1):
        acc = (acc << k) + x[:, i, :].astype(np.int64).astype(object)
    return [int(v) for v in acc.ravel()]


def normalize(r: np.ndarray, k: int) -> np.ndarray:
    """Carry-propagate limbs with ``|r| < 2^52`` into the normal form; may add top limbs."""
    base, inv = float(2**k), 2.0**-k
    count = r.shape[1]
    if count > 6:  # few wide passes beat many narrow ones when limbs are many
        q = np.empty_like(r[:, :-1, :])
        while True:
            lower = r[:, :-1, :]
            np.floor(np.multiply(lower, inv, out=q), out=q)
            if not q.any():
                break
            q *= base  # in place, no temporaries: q 2^k and back are exact
            lower -= q
            q *= inv
            r[:, 1:, :] += q
            if np.abs(r[:, -1, :]).max() > base:
                r = np.concatenate([r, np.zeros_like(r[:, :1, :])], axis=1)
                q = np.empty_like(r[:, :-1, :])
    else:
        for i in range(count - 1):
            q = np.floor(r[:, i, :] * inv)
            r[:, i, :] -= q * base
            r[:, i + 1, :] += q
    top = r[:, -1, :]
    if np.abs(top).max() > base:
        q = np.floor(top * inv)
        r[:, -1, :] -= q * base
        r = normalize(np.concatenate([r, q[:, None, :]], axis=1), k)
    return r


def trim(x: np.ndarray) -> np.ndarray:
    """Drop all-zero top limbs (the limb below becomes a valid signed top limb)."""
    count = x.shape[1]
    while count > 1 and not x[:, count - 1, :].any():
        count -= 1
    return x[:, :count, :] if count < x.shape[1] else x


def widen(x: np.ndarray, count: int, k: int) -> np.ndarray:
    """The same integers with ``count >= L`` limbs (sign-extended)."""
    if x.shape[1] >= count:
        return x
    pad = np.zeros((x.shape[0], count - x.shape[1], x.shape[2]))
    return normalize(np.concatenate([x, pad], axis=1), k)


def matmul(weights: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Limbs (not yet normalised) of ``Wn A``: one BLAS product over all limbs at once."""
    rows, count, cols = x.shape
    return (weights @ x.reshape(rows, count * cols)).reshape(weights.shape[0], count, cols)


def add_bias(r: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """Add a normalised column of limbs ``bias`` (rows x Lb) to every column of ``r``."""
    if bias.shape[1] > r.shape[1]:
        pad = np.zeros((r.shape[0], bias.shape[1] - r.shape[1], r.shape[2]))
        r = np.concatenate([r, pad], axis=1)
    r[:, : bias.shape[1], :] += bias[:, :, None]
    return r


def relu(x: np.ndarray) -> np.ndarray:
    """``max(A, 0)``: keep the entries whose top limb is non-negative."""
    return trim(x * (x[:, -1:, :] >= 0))


def shift_down(x: np.ndarray, t: int, k: int) -> np.ndarray:
    """``A / 2^t`` for ``A`` divisible by ``2^t`` (whole limbs, then ``t < k`` bits)."""
    whole, t = divmod(t, k)
    if whole:
        x = x[:, whole:, :] if whole < x.shape[1] else np.zeros_like(x[:, :1, :])
    if t:
        low = 2.0**-t
        high = np.floor(x * low)  # floor(X_i / 2^t), exact
        rest = (x - high * 2.0**t) * 2.0 ** (k - t)  # the t low bits moved to the top of the limb below
        high[:, :-1, :] += rest[:, 1:, :]
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
        x = np.concatenate([np.zeros((x.shape[0], whole, x.shape[2])), x], axis=1)
    step = 52 - k  # X * 2^step stays below 2^52
    while t:
        s = min(t, step)
        x = normalize(np.concatenate([x * 2.0**s, np.zeros_like(x[:, :1, :])], axis=1), k)
        t -= s
    if odd == 1:
        return trim(x)
    if odd < 2**step:
        return trim(normalize(np.concatenate([x * float(odd), np.zeros_like(x[:, :1, :])], axis=1), k))
    rows = x.shape[0]
    return from_ints([v * odd for v in to_ints(x, k)], rows, k)
