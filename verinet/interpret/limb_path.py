"""The limb path of exact evaluation: a batch as integers over one denominator, in float64 limbs.

One positive integer ``den`` for the whole batch and the integer numerators ``N`` (n x B) as
float64 limbs (:mod:`verinet.interpret.limbs`, where exactness is argued), so that products
are one BLAS call over all limbs and ReLU is one mask.  An affine node with weights
``W = Ww / Dw`` and bias ``b = bb / Db``, each over its own least denominator, maps
``N / den`` to

    (Ww (f N) + bb den' / Db) / den',    den' = lcm(den Dw, Db),  f = den' / (den Dw),

so a bias adds to the denominator only what it does not already hold (for a deep net with
fixed fractional biases the denominator stays put).  ReLU zeroes the negative entries, and
the power of two common to ``den`` and every numerator is cancelled (trailing zeros,
vectorised; one row usually settles that there are none) so that numbers do not grow by the
weights' binary denominators.

ReQU, ``max(t, 0)^2``, is ReLU followed by squaring ``N`` and ``den``.  The squares are
formed on the integers themselves (the limbs are joined to int64 or Python ints, squared,
and split again by :func:`verinet.interpret.limbs.from_array`), never on the limbs: a limb
product would need ``2^(2k)`` of headroom, which no useful radix has.  So squaring needs no
bound, only the affine maps and sums do.

The path applies when every affine node's integer weights ``Ww`` have row sums
``sum_j |Ww_ij|`` (and every ``Add`` its arity) at most ``2^40 - 2``
(:data:`verinet.interpret.limbs.MAX_BOUND`, see :func:`verinet.interpret.limbs.radix`); the
numbers flowing through the network may be of any size.  The per-op data it needs (the
reduced integer weights as float64, their bound) is derived once per network
(:func:`kernels`, kept with the network by ``Network.derived``), not stored on the ops.
"""

import math
from typing import NamedTuple

import numpy as np

from . import limbs as L
from .batch import CommonBatch
from .walk import Rules, walk
from ..int64 import exact_array, max_abs
from ..network import Network
from ..ops import Add, Affine, Concat, ReLU, ReQU, Slice

__all__ = ["RULES", "Kernel", "kernels", "bound", "radix", "run"]


class _Scaled:
    """Integers ``limbs`` (L x rows x B, radix ``2^k``) over one positive int ``den``."""

    __slots__ = ("limbs", "den", "k")

    def __init__(self, limbs, den: int, k: int):
        self.limbs, self.den, self.k = limbs, den, k


class Kernel(NamedTuple):
    """An affine op ``x -> W x + b`` as the limb path uses it.

    ``W = weights / weight_den`` and ``b = bias / bias_den``, each over its own least
    denominator (so ``Wn / D`` with ``g = gcd(D, Wn)`` gives ``weights = Wn / g``);
    ``l1 = max_i sum_j |weights_ij|`` is the op's share of the radix bound and ``matrix``
    is ``weights`` as float64 (``None`` when ``l1`` is too large for any radix).
    """

    matrix: object
    l1: int
    weight_den: int
    bias: list
    bias_den: int


def _kernel(op: Affine) -> Kernel:
    d = op.denominator
    g = math.gcd(d, *(v for row in op.weight_numerators for v in row))
    weights = [[v // g for v in row] for row in op.weight_numerators]
    h = math.gcd(d, *op.bias_numerators)
    l1 = max(sum(abs(v) for v in row) for row in weights)
    matrix = np.array(weights, dtype=np.float64) if L.radix(l1) is not None else None
    return Kernel(matrix, l1, d // g, [v // h for v in op.bias_numerators], d // h)


def _kernels(net: Network) -> dict:
    out = {}
    for node in net.order():
        op = net.op(node)
        if type(op) is Affine and id(op) not in out:
            out[id(op)] = _kernel(op)
    return out


def kernels(net: Network) -> dict:
    """``{id(op): Kernel}`` for the affine ops of ``net``, computed once per network.

    Keyed by identity: the network holds its ops, so no id is reused while the dict lives
    (it is kept with the network).
    """
    return net.derived("limb kernels", _kernels)


def _bound(net: Network) -> tuple:
    worst = (0, None)
    table = kernels(net)
    for node in net.order():
        op = net.op(node)
        c = table[id(op)].l1 if type(op) is Affine else op.arity if type(op) is Add else 0
        if c > worst[0]:
            worst = (c, node)
    return worst


def bound(net: Network) -> tuple:
    """``(c, node)``: the largest row sum of |integer weights| or ``Add`` arity, and a node
    that attains it (``(0, None)`` for a network without either)."""
    return net.derived("limb bound", _bound)


def radix(net: Network):
    """The limb radix for ``net`` (one bound covering every node), or ``None``."""
    return L.radix(bound(net)[0])


def _affine(op: Affine, args: tuple, table) -> _Scaled:
    (x,) = args
    # W N / den + b over den' = lcm(den * weight_den, bias_den): a bias does not multiply
    # the denominator once den' already holds its denominator (deep nets stay small).
    # W N f / den' with f = den' / (den * weight_den): the input is scaled, then one product.
    kern, k = table[id(op)], x.k
    den = math.lcm(x.den * kern.weight_den, kern.bias_den)
    limbs = L.scale(x.limbs, den // (x.den * kern.weight_den), k)
    bias = None
    if any(kern.bias):
        scale = den // kern.bias_den
        bias = L.from_array(exact_array([b * scale for b in kern.bias]), k)
    return _Scaled(L.affine(kern.matrix, limbs, bias, k), den, k)


def _relu(op, args: tuple, table) -> _Scaled:
    (x,) = args
    y, den, k = L.relu(x.limbs), x.den, x.k
    # Cancel 2^t, t = min(v2(den), v2 of every numerator): exact division on both sides.
    t = L.twos(y, (den & -den).bit_length() - 1, k)
    if t:
        y, den = L.shift_down(y, t, k), den >> t
    return _Scaled(y, den, k)


def _requ(op: ReQU, args: tuple, table) -> _Scaled:
    # max(N/den, 0)^2 = max(N, 0)^2 / den^2, the squares taken on the integers (module docstring).
    y = _relu(op, args, table)
    n = L.to_array(y.limbs, y.k)
    if n.dtype != object and max_abs(n) >= 2**31:
        n = n.astype(object)
    return _Scaled(L.from_array(n * n, y.k), y.den * y.den, y.k)


def _common(xs) -> tuple:
    """Several values rewritten over their least common denominator, with equal limb counts."""
    den = math.lcm(*(x.den for x in xs))
    k = xs[0].k
    scaled = [L.scale(x.limbs, den // x.den, k) for x in xs]
    count = max(s.shape[0] for s in scaled)
    return [L.widen(s, count, k) for s in scaled], den, k


def _add(op: Add, xs: tuple, table) -> _Scaled:
    parts, den, k = _common(xs)
    count = parts[0].shape[0]
    total = np.zeros((count + L.headroom(k),) + parts[0].shape[1:])
    for part in parts:  # inputs are never written to; arity 1 is allowed
        total[:count] += part
    return _Scaled(L.trim(L.normalize(total, k)), den, k)


def _concat(op: Concat, xs: tuple, table) -> _Scaled:
    parts, den, k = _common(xs)
    return _Scaled(np.concatenate(parts, axis=1), den, k)


def _slice(op: Slice, args: tuple, table) -> _Scaled:
    (x,) = args
    return _Scaled(L.trim(x.limbs[:, op.start : op.stop]), x.den, x.k)


RULES = Rules("exact evaluation (limbs)", {Affine: _affine, ReLU: _relu, ReQU: _requ, Add: _add,
                                          Concat: _concat, Slice: _slice})


def run(net: Network, batch: CommonBatch, k: int) -> CommonBatch:
    """``net`` on the limb path with radix ``2^k``, from and to integers over one denominator."""
    y = walk(net, _Scaled(L.from_array(batch._coords, k), batch.denominator, k), RULES, kernels(net))
    return CommonBatch._of(L.to_array(y.limbs, k), y.den)
