"""A priori float error bound for the exported Linear/ReLU chain, computed exactly.

Tolerances in the bridge tests come from here, never from a magic constant.

Derivation
----------
Floating-point model (Higham, *Accuracy and Stability of Numerical Algorithms*, 2nd ed.,
section 2.2 and Lemma 3.1 / eq. (3.4)), unit roundoff ``u = 2^-p``, ``eta`` the smallest
subnormal:

* ``fl(a op b) = (a op b)(1 + delta) + eps`` with ``|delta| <= u``, ``|eps| <= eta / 2`` and
  ``eps = 0`` for ``+``/``-`` (subnormal sums are exact);
* hence an inner product plus bias ``s = sum_{j<n} w_j x_j + b`` (``n + 1`` terms) computed in
  *any* order, with or without fused multiply-adds, satisfies
  ``|fl(s) - s| <= gamma_{n+1} (sum |w_j||x_j| + |b|) + n eta``, ``gamma_k = k u / (1 - k u)``
  (the ``n eta`` term: each of the ``n`` products may underflow, by at most ``eta/2`` each,
  and the propagated factor ``(1 + gamma)`` is below 2).  This covers the BLAS / MLAS
  kernels of torch and onnxruntime, whose summation order is unknown.

Layer ``k`` of the chain has exact pre-activations ``z_k = W_k a_{k-1} + b_k`` with
``a_{k-1} = relu(z_{k-1})`` and ``a_{-1} = x``; the float model computes
``z^_k = fl(W^_k a^_{k-1} + b^_k)`` with the rounded parameters ``W^, b^`` and
``a^ = relu(z^)`` (ReLU is exact in floats).  Since ReLU is 1-Lipschitz,
``|a^_{k-1} - a_{k-1}| <= e_{k-1}`` componentwise, and

    |z^_k - z_k| <= |fl(W^ a^ + b^) - (W^ a^ + b^)|           (arithmetic)
                  + |W^ - W| |a| + |W^| |a^ - a| + |b^ - b|   (parameter, propagated error)
                <= gamma_{n+1} (|W^| (|a| + e_{k-1}) + |b^|) + n eta
                   + |W^ - W| |a| + |W^| e_{k-1} + |b^ - b|  =: e_k,

starting from ``e_{-1} = |fl(x) - x|``.  ``e_L`` bounds the output error at that point.  The
bound assumes no overflow (every value and partial sum below the largest float), which the
tests' networks satisfy by a wide margin.
"""

from verinet._backend import MPQ
from verinet.bridge.parameters import export_parameters
from verinet.bridge.rounding import float_format, round_rational, unit_roundoff
from verinet.interpret.layered import to_layered
from verinet.numbers import as_rational, from_float

__all__ = ["output_error_bound"]


def _gamma(k: int, u: MPQ) -> MPQ:
    return k * u / (1 - k * u)


def output_error_bound(net, point, dtype) -> list:
    """``e_L`` of the derivation above: bounds ``|F(fl(x))_i - f(x)_i|`` for each output ``i``."""
    u, eta = unit_roundoff(dtype), float_format(dtype).smallest_subnormal
    layers = to_layered(net).layers
    params = export_parameters(net, dtype)
    a = [as_rational(v) for v in point]
    e = [abs(from_float(round_rational(v, dtype)) - v) for v in a]
    for k, layer in enumerate(layers):
        if k:
            a = [max(v, MPQ(0)) for v in a]
        n = layer.in_dims[0]
        g = _gamma(n + 1, u)
        w, b = layer.weights(), layer.bias()
        w_hat = [[from_float(v) for v in row] for row in params[2 * k].rows()]
        b_hat = [from_float(v) for v in params[2 * k + 1].rounded]
        z = [sum((wij * aj for wij, aj in zip(row, a)), MPQ(0)) + bi for row, bi in zip(w, b)]
        e = [
            g * (sum(abs(wh) * (abs(aj) + ej) for wh, aj, ej in zip(row_hat, a, e)) + abs(bh))
            + n * eta
            + sum(abs(wh - wij) * abs(aj) + abs(wh) * ej for wh, wij, aj, ej in zip(row_hat, row, a, e))
            + abs(bh - bi)
            for row, row_hat, bi, bh in zip(w, w_hat, b, b_hat)
        ]
        a = z
    return e
