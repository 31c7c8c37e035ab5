"""The exported parameters of a network: its layered form, each weight rounded once.

Every exporter (torch, safetensors, ONNX) and the drift report read the same table, so a
parameter has one name everywhere: the PyTorch ``state_dict`` key of the exported
``Sequential(Linear, activation, Linear, ..., Linear)``, i.e. ``"{2k}.weight"`` (shape
``out x in``) and ``"{2k}.bias"`` for affine layer ``L_k`` of the layered form
``L_L o sigma_L o ... o sigma_1 o L_0`` (:func:`verinet.interpret.layered.to_layered`); the
activations carry no parameters.
"""

import math
from dataclasses import dataclass

from ..errors import InvalidArgument
from ..interpret.layered import Layered, from_layered, to_layered
from ..numbers import from_float
from ..ops import Affine
from .rounding import float_format, round_rational

__all__ = ["Parameter", "as_layered", "export_parameters", "rounded_layers", "rounded_network", "layer_names"]


@dataclass(frozen=True)
class Parameter:
    """One exported tensor: exact values and their correctly rounded floats (row-major)."""

    name: str
    shape: tuple
    exact: tuple  # MPQ entries
    rounded: tuple  # Python floats, each exactly representable in the target dtype

    def errors(self) -> tuple:
        """``fl(w) - w`` for every entry, exactly."""
        return tuple(from_float(r) - w for r, w in zip(self.rounded, self.exact))

    def rows(self) -> list:
        """The rounded entries as nested lists of the tensor's shape (1-D or 2-D)."""
        if len(self.shape) == 1:
            return list(self.rounded)
        width = self.shape[1]
        return [list(self.rounded[i : i + width]) for i in range(0, len(self.rounded), width)]


def as_layered(net) -> Layered:
    """``net``'s layered form (``net`` itself when it is a :class:`Layered`)."""
    return net if isinstance(net, Layered) else to_layered(net)


def layer_names(k: int) -> tuple:
    """The ``state_dict`` keys of affine layer ``k``: ``('{2k}.weight', '{2k}.bias')``."""
    return f"{2 * k}.weight", f"{2 * k}.bias"


def _round_all(name, shape, values, dtype) -> Parameter:
    rounded = tuple(round_rational(v, dtype) for v in values)
    for index, (value, r) in enumerate(zip(values, rounded)):
        if math.isinf(r):
            raise InvalidArgument(
                f"parameter {name}[{_index(shape, index)}] = {value} overflows {float_format(dtype).name}"
            )
    return Parameter(name, shape, tuple(values), rounded)


def _index(shape, flat: int) -> str:
    return str(flat) if len(shape) == 1 else f"{flat // shape[1]}][{flat % shape[1]}"


def export_parameters(net, dtype="float64") -> list:
    """The parameters of ``net``'s layered form, rounded to ``dtype``, in layer order.

    Parameters
    ----------
    net : Network or Layered
    dtype : {'float32', 'float64'}

    Returns
    -------
    list of Parameter
        ``[weight_0, bias_0, weight_1, bias_1, ...]``.

    Raises
    ------
    InvalidArgument
        If a parameter overflows the format (the message names it), or for a bad dtype.

    Examples
    --------
    >>> from verinet.calculus import affine_network
    >>> p = export_parameters(affine_network([["1/3"]], ["1/2"]), "float32")
    >>> [(x.name, x.rounded) for x in p]
    [('0.weight', (0.3333333432674408,)), ('0.bias', (0.5,))]
    """
    float_format(dtype)
    layers = as_layered(net).layers
    params = []
    for k, layer in enumerate(layers):
        weight_name, bias_name = layer_names(k)
        shape = (layer.out_dim, layer.in_dims[0])
        params.append(_round_all(weight_name, shape, [w for row in layer.weights() for w in row], dtype))
        params.append(_round_all(bias_name, (layer.out_dim,), layer.bias(), dtype))
    return params


def rounded_layers(params) -> tuple:
    """The exact ``Affine`` layers whose weights are the rounded floats of ``params``."""
    layers = []
    for weight, bias in zip(params[0::2], params[1::2]):
        w = [[from_float(v) for v in row] for row in weight.rows()]
        layers.append(Affine.from_rationals(w, [from_float(v) for v in bias.rounded], name=weight.name))
    return tuple(layers)


def rounded_network(net, dtype="float64"):
    """The exact network computed by the exported model's *weights* (not its arithmetic).

    Comparing it with ``net`` isolates the parameter rounding; comparing the float model
    with it isolates the rounding of the arithmetic.
    """
    return from_layered(rounded_layers(export_parameters(net, dtype)), as_layered(net).activations)
