"""Export to PyTorch and safetensors, and read such models back exactly.

The module follows the layered form ``L_L o sigma_L o ... o sigma_1 o L_0``
(:func:`verinet.interpret.layered.to_layered`): ``Sequential(Linear, act, ..., Linear)``
with ``Linear`` ``k`` at index ``2k`` and one activation module per hidden layer:
``torch.nn.ReLU``, :class:`ReQU` (``relu(x) * relu(x)``), ``torch.nn.Sigmoid`` or
:class:`Gaussian` (``exp(-(x * x))``); ``torch.onnx.export`` writes the last two as
``Relu, Mul`` and ``Mul, Neg, Exp``, the patterns :mod:`verinet.bridge.onnx_import` reads back.  Each weight is rounded once from its exact value
(:func:`verinet.bridge.rounding.round_rational`), so a float32 export is never
double-rounded through float64.  Reading back (:func:`from_torch`, :func:`from_state_dict`,
:func:`load_safetensors`) turns every float into its exact dyadic value, so
exact -> torch -> exact returns the correctly rounded weights bit for bit.

Requires the ``bridge`` extra (torch, safetensors).
"""

import json

import torch

from ..errors import FileFormatError, InvalidArgument
from .. import ops
from ..interpret.layered import from_layered
from ..network import NetworkBuilder
from ..numbers import from_float, rational_str
from ..ops import ACTIVATIONS, Affine
from .parameters import as_layered, export_parameters, layer_names
from .rounding import float_format

__all__ = [
    "TORCH_DTYPES",
    "ReQU",
    "Gaussian",
    "to_torch",
    "save_exported_program",
    "METADATA_FILE",
    "state_dict",
    "save_safetensors",
    "load_safetensors",
    "from_state_dict",
    "from_torch",
]

TORCH_DTYPES = {"float32": torch.float32, "float64": torch.float64}


class ReQU(torch.nn.Module):
    """``relu(x)^2`` elementwise, computed as ``relu(x) * relu(x)`` (one rounding, the product)."""

    def forward(self, x):
        r = torch.relu(x)
        return r * r


class Gaussian(torch.nn.Module):
    """``exp(-x^2)`` elementwise, computed as ``exp(-(x * x))``."""

    def forward(self, x):
        return torch.exp(-(x * x))


MODULES = {ops.ReLU: torch.nn.ReLU, ops.ReQU: ReQU, ops.Sigmoid: torch.nn.Sigmoid, ops.Gaussian: Gaussian}
"""The torch module of each activation op."""

_BY_NAME = {a.__name__: a for a in ACTIVATIONS}


def activation_names(net) -> list:
    """The activation of each hidden layer of ``net``'s layered form, by op name."""
    return [a.__name__ for a in as_layered(net).activations]


def _activations(names, where) -> tuple:
    """Op types from names, refusing an unknown one (``where`` says where the names came from)."""
    if not isinstance(names, list) or any(n not in _BY_NAME for n in names):
        raise FileFormatError(f"{where}: activations {names!r} must be a list of {sorted(_BY_NAME)}")
    return tuple(_BY_NAME[n] for n in names)


def state_dict(params, dtype) -> dict:
    """``{name: tensor}`` from exported parameters; float -> tensor is exact in ``dtype``."""
    return {p.name: torch.tensor(p.rows(), dtype=TORCH_DTYPES[dtype]) for p in params}


def to_torch(net, dtype="float64") -> torch.nn.Sequential:
    """``net`` as ``Sequential(Linear, act, ..., Linear)`` in ``dtype`` on the CPU.

    Parameters
    ----------
    net : Network or Layered
    dtype : {'float32', 'float64'}

    Returns
    -------
    torch.nn.Sequential
        In evaluation mode; its ``state_dict`` keys are those of
        :func:`verinet.bridge.parameters.export_parameters`.

    Raises
    ------
    InvalidArgument
        For an unknown dtype or a weight that overflows it (named).

    Examples
    --------
    >>> from verinet.calculus import affine_network
    >>> m = to_torch(affine_network([["1/3"]], ["1/2"]), "float32")
    >>> m[0].weight.item() == 0.3333333432674408
    True
    """
    params = export_parameters(net, float_format(dtype).name)
    activations = as_layered(net).activations
    weights = params[0::2]
    modules = []
    for k, weight in enumerate(weights):
        if k:
            modules.append(MODULES[activations[k - 1]]())
        out_dim, in_dim = weight.shape
        modules.append(torch.nn.Linear(in_dim, out_dim, dtype=TORCH_DTYPES[dtype]))
    module = torch.nn.Sequential(*modules)
    module.load_state_dict(state_dict(params, dtype))
    return module.eval()


# The name, inside an exported-program archive, of the JSON record of where the model came from.
METADATA_FILE = "verinet.json"


def save_exported_program(net, path, dtype="float64", metadata: dict = None) -> dict:
    """Write ``net`` as a ``torch.export`` program (:func:`to_torch`, batch dimension dynamic):
    ``torch.export.load(path).module()`` runs it without verinet.  The archive's extra file
    :data:`METADATA_FILE` records ``metadata`` (e.g. the verinet version and the network's
    SHA-256) next to the dtype."""
    module = to_torch(net, dtype)
    example = torch.zeros(2, module[0].in_features, dtype=TORCH_DTYPES[dtype])
    program = torch.export.export(module, (example,), dynamic_shapes=({0: torch.export.Dim("batch")},))
    record = {"dtype": dtype, **(metadata or {})}
    torch.export.save(program, path, extra_files={METADATA_FILE: json.dumps(record, sort_keys=True)})
    return {"model": str(path), METADATA_FILE: record}


def save_safetensors(net, path, dtype="float64") -> dict:
    """Write the exported parameters to a safetensors file; return its metadata.

    The metadata records the layout, the activation of each hidden layer under
    ``verinet.activations`` (a JSON list of op names; files without it are ReLU networks)
    and, under ``verinet.exact``, the exact values of every tensor as ``'p/q'`` strings
    keyed by tensor name (the rounded floats are the tensors).
    """
    from safetensors.torch import save_file

    params = export_parameters(net, float_format(dtype).name)
    metadata = {
        "format": "pt",
        "verinet.layout": "Sequential(Linear, activation, ..., Linear); Linear k at index 2k",
        "verinet.dtype": dtype,
        "verinet.activations": json.dumps(activation_names(net)),
        "verinet.exact": json.dumps({p.name: [rational_str(v) for v in p.exact] for p in params}),
    }
    save_file(state_dict(params, dtype), str(path), metadata=metadata)
    return metadata


def load_safetensors(path):
    """The exact network whose weights are the floats stored in a :func:`save_safetensors` file."""
    from safetensors import safe_open
    from safetensors.torch import load_file

    try:
        tensors = load_file(str(path))
        with safe_open(str(path), framework="pt") as f:
            metadata = f.metadata() or {}
    except Exception as exc:  # safetensors raises its own untyped errors on bad files
        raise FileFormatError(f"{path}: not a readable safetensors file ({exc})") from None
    activations = None
    if "verinet.activations" in metadata:
        try:
            names = json.loads(metadata["verinet.activations"])
        except json.JSONDecodeError:
            names = metadata["verinet.activations"]
        activations = _activations(names, f"{path}: metadata verinet.activations")
    return from_state_dict(tensors, activations)


def _exact_tensor(name, tensor) -> list:
    """A 1-D or 2-D float tensor as nested lists of exact rationals."""
    if tensor.dtype not in (torch.float16, torch.bfloat16, torch.float32, torch.float64):
        raise InvalidArgument(f"tensor {name!r} has dtype {tensor.dtype}, expected a float tensor")
    values = tensor.detach().cpu().tolist()  # exact: every such float is a Python float
    try:
        if tensor.dim() == 1:
            return [from_float(v) for v in values]
        return [[from_float(v) for v in row] for row in values]
    except InvalidArgument as exc:
        raise InvalidArgument(f"tensor {name!r}: {exc}") from None


def _affine(name, weight, bias) -> Affine:
    w = _exact_tensor(f"{name}.weight", weight)
    b = None if bias is None else _exact_tensor(f"{name}.bias", bias)
    return Affine.from_rationals(w, b, name=name)


def from_state_dict(tensors: dict, activations=None):
    """The exact network of a ``state_dict`` laid out as :func:`to_torch` makes it.

    ``activations``: the op type of each hidden layer (default ReLU throughout; a state_dict
    holds no activations).

    Raises
    ------
    InvalidArgument
        If the keys are not ``'0.weight', '0.bias', '2.weight', ...``, a value is not a
        finite float, or ``activations`` does not give one activation per hidden layer.
    """
    layers, k = [], 0
    while layer_names(k)[0] in tensors:
        weight_name, bias_name = layer_names(k)
        layers.append(_affine(str(2 * k), tensors[weight_name], tensors.get(bias_name)))
        k += 1
    expected = {name for j in range(k) for name in layer_names(j)}
    unexpected = sorted(set(tensors) - expected)
    if not layers or unexpected:
        raise InvalidArgument(
            f"state_dict keys {sorted(tensors)} are not the layout '0.weight', '0.bias', '2.weight', ..."
            + (f" (unexpected: {unexpected})" if unexpected else "")
        )
    return from_layered(layers, activations)


# Modules a plain MLP is made of; anything else is rejected by name.
_PASS_THROUGH = (torch.nn.Identity, torch.nn.Dropout)
_OPS = {module: op for op, module in MODULES.items()}


def from_torch(module: torch.nn.Module):
    """The exact network of a ``Sequential`` of ``Linear``, ``ReLU``, ``Sigmoid``, :class:`ReQU`,
    :class:`Gaussian`, ``Identity``, ``Flatten``.

    ``Dropout`` counts as the identity (evaluation mode).  Each float weight becomes its
    exact dyadic value.

    Raises
    ------
    InvalidArgument
        For any other module (named with its index), a non-default ``Flatten``, or an
        activation before the first ``Linear`` (the input width is unknown there).
    """
    if not isinstance(module, torch.nn.Sequential):
        raise InvalidArgument(f"from_torch expects a torch.nn.Sequential, got {type(module).__name__}")
    b = NetworkBuilder()
    node = None
    for index, child in module.named_children():
        kind = type(child).__name__
        if isinstance(child, torch.nn.Linear):
            op = _affine(index, child.weight, child.bias)
            node = b.affine_op(node if node is not None else b.input(op.in_dims[0], name="x"), op, name=f"linear{index}")
        elif isinstance(child, _PASS_THROUGH) or (
            isinstance(child, torch.nn.Flatten) and (child.start_dim, child.end_dim) == (1, -1)
        ):
            continue  # the identity on a batch of vectors (Dropout: in evaluation mode)
        elif type(child) in _OPS and node is not None:
            op = _OPS[type(child)]
            node = b.add_op(op(b.width(node)), (node,), name=f"{op.__name__.lower()}{index}")
        else:
            raise InvalidArgument(
                f"module {index} ({kind}) is not supported here; a Sequential of Linear, ReLU, ReQU, "
                f"Sigmoid, Gaussian (after a Linear), Identity, Flatten(1, -1) and Dropout is"
            )
    if node is None:
        raise InvalidArgument("from_torch: the Sequential has no Linear layer")
    return b.build(node)
