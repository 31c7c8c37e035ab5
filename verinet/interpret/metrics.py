"""Size metrics in the papers' sense, read off the standard layered form.

Depth is the number of hidden layers, width the largest hidden width, and the number of
parameters counts every weight and bias of ``L_0, ..., L_L`` (Shen-Yang-Zhang 2022, eq. 5
and the definition of H_W).  Magnitudes and bit sizes are exact, per parameter in lowest
terms.  Every activation (ReLU, ReQU, sigmoid, Gaussian) counts alike: a hidden layer is
one layer of the layered form whatever its activation, which each layer's row names.
The layered form is computed by the shared walk (:mod:`verinet.interpret.layered`), which
covers every op (``verinet.ops.ALL_OPS``).
"""

from .._backend import MPQ
from .layered import Layered, to_layered

__all__ = ["size_metrics", "layer_metrics"]


def layer_metrics(index: int, layer, activation=None) -> dict:
    """Counts and magnitudes of one affine layer ``x -> W x + b``, and the name of the
    activation applied to its output (``None`` for the output layer)."""
    numerators = [v for row in layer.weight_numerators for v in row] + list(layer.bias_numerators)
    values = [MPQ(v, layer.denominator) for v in numerators]
    return {
        "layer": index,
        "in": layer.in_dims[0],
        "out": layer.out_dim,
        "parameters": len(values),
        "nonzero_parameters": sum(1 for v in numerators if v),
        "max_abs_parameter": max(abs(v) for v in values),
        "max_numerator_bits": max(int(abs(v.numerator)).bit_length() for v in values),
        "max_denominator_bits": max(int(v.denominator).bit_length() for v in values),
        "activation": None if activation is None else activation.__name__,
    }


def size_metrics(net) -> dict:
    """Depth, width, parameter counts and magnitudes of ``net`` (a Network or a Layered).

    Returns
    -------
    dict
        ``depth``, ``width`` (0 when there is no hidden layer), ``parameters``,
        ``nonzero_parameters``, ``max_abs_parameter`` (MPQ), ``max_numerator_bits``,
        ``max_denominator_bits``, ``in_dim``, ``out_dim``, ``hidden_widths`` and
        ``layers`` (one dict per affine layer, see :func:`layer_metrics`).

    Examples
    --------
    >>> from verinet.calculus import relu_identity
    >>> m = size_metrics(relu_identity(1, depth=2))
    >>> m["depth"], m["width"], m["parameters"], str(m["max_abs_parameter"])
    (2, 2, 13, '1')
    """
    layered = net if isinstance(net, Layered) else to_layered(net)
    activations = layered.activations + (None,)
    rows = [layer_metrics(i, layer, act) for i, (layer, act) in enumerate(zip(layered.layers, activations))]
    hidden = layered.widths[1:-1]
    return {
        "in_dim": layered.widths[0],
        "out_dim": layered.widths[-1],
        "depth": layered.depth,
        "width": max(hidden, default=0),
        "hidden_widths": list(hidden),
        "parameters": sum(r["parameters"] for r in rows),
        "nonzero_parameters": sum(r["nonzero_parameters"] for r in rows),
        "max_abs_parameter": max(r["max_abs_parameter"] for r in rows),
        "max_numerator_bits": max(r["max_numerator_bits"] for r in rows),
        "max_denominator_bits": max(r["max_denominator_bits"] for r in rows),
        "layers": rows,
    }
