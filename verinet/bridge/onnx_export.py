"""Export to ONNX, with the exact weights in a JSON sidecar keyed by initializer name.

The graph follows the layered form ``L_L o sigma_L o ... o sigma_1 o L_0``: input ``x`` of
shape ``[N, in_dim]``, then ``Gemm(transB=1)`` per affine layer (output ``linear{2k}``) with
each hidden layer's activation between layers, output ``y`` of shape ``[N, out_dim]``.  The
activations are written with standard ONNX ops: ReLU as ``Relu``, ReQU as ``Relu`` then
``Mul(r, r)``, the logistic sigmoid as ``Sigmoid`` and the Gaussian ``exp(-x^2)`` as
``Mul(x, x)``, ``Neg``, ``Exp``; :func:`verinet.bridge.onnx_import.from_onnx` reads these
patterns back as the same ops.  Initializers carry the correctly rounded weights
(:func:`verinet.bridge.rounding.round_rational`) and the state_dict names
``'0.weight', '0.bias', '2.weight', ...``; the sidecar gives each one's exact values, so
:func:`verinet.bridge.onnx_import.from_onnx` can restore the exact network after checking
that every float is the correctly rounded value of its exact counterpart.

Requires the ``bridge`` extra (onnx).
"""

import json
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper

from .._version import __version__
from ..errors import InvalidArgument
from ..numbers import rational_str
from ..ops import Gaussian, ReLU, ReQU, Sigmoid
from .parameters import as_layered, export_parameters
from .rounding import float_format

__all__ = ["ONNX_TYPES", "OPSET", "MIN_OPSET", "SIDECAR_FORMAT", "to_onnx", "save_onnx", "sidecar_path"]

ONNX_TYPES = {"float32": TensorProto.FLOAT, "float64": TensorProto.DOUBLE}
NUMPY_TYPES = {"float32": np.float32, "float64": np.float64}
OPSET = 17  # the default: readable by onnxruntime >= 1.14 (IR version 8)
MIN_OPSET = 13  # the oldest opset offered: every op used here has its current form there
SIDECAR_FORMAT = "verinet-onnx-exact"


def _initializer(param, dtype) -> TensorProto:
    values = np.array(param.rounded, dtype=NUMPY_TYPES[dtype]).reshape(param.shape)  # exact
    return onnx.numpy_helper.from_array(values, name=param.name)


def _activation_nodes(activation, x: str, k: int) -> tuple:
    """``(nodes, output name)`` computing hidden layer ``k``'s activation of the value ``x``."""
    name = f"{activation.__name__.lower()}{k}"
    if activation is ReLU:
        return [helper.make_node("Relu", [x], [name], name=name)], name
    if activation is ReQU:
        return [helper.make_node("Relu", [x], [f"{name}_relu"], name=f"{name}_relu"),
                helper.make_node("Mul", [f"{name}_relu", f"{name}_relu"], [name], name=name)], name
    if activation is Sigmoid:
        return [helper.make_node("Sigmoid", [x], [name], name=name)], name
    assert activation is Gaussian
    return [helper.make_node("Mul", [x, x], [f"{name}_square"], name=f"{name}_square"),
            helper.make_node("Neg", [f"{name}_square"], [f"{name}_neg"], name=f"{name}_neg"),
            helper.make_node("Exp", [f"{name}_neg"], [name], name=name)], name


def to_onnx(net, dtype="float32", opset: int = OPSET, metadata: dict = None):
    """``(model, sidecar)``: the ONNX model of ``net`` in ``dtype`` and its exact sidecar.

    Parameters
    ----------
    net : Network or Layered
    dtype : {'float32', 'float64'}
    opset : int
        The ``ai.onnx`` opset, from :data:`MIN_OPSET` to the newest this onnx knows; the IR
        version is the oldest that holds it.
    metadata : dict
        Extra ``metadata_props`` (strings), e.g. the network file's SHA-256; the model always
        records ``verinet_version``.

    Returns
    -------
    model : onnx.ModelProto
        Checked with ``onnx.checker``; batch dimension ``N`` symbolic.
    sidecar : dict
        ``{"format": "verinet-onnx-exact", "version": 1, "dtype": dtype, "initializers":
        {name: {"shape": [...], "values": ["p/q", ...]}}}`` (values row-major).

    Raises
    ------
    InvalidArgument
        For an unknown dtype, an opset outside the offered range, or a weight that overflows
        the dtype (named).
    """
    newest = onnx.defs.onnx_opset_version()
    if type(opset) is not int or not MIN_OPSET <= opset <= newest:
        raise InvalidArgument(f"opset={opset!r} must be an integer from {MIN_OPSET} to {newest} (this onnx's newest)")
    params = export_parameters(net, float_format(dtype).name)
    activations = as_layered(net).activations
    elem = ONNX_TYPES[dtype]
    nodes, current = [], "x"
    for k, (weight, bias) in enumerate(zip(params[0::2], params[1::2])):
        if k:
            made, current = _activation_nodes(activations[k - 1], current, k)
            nodes.extend(made)
        out = "y" if k == len(params) // 2 - 1 else f"linear{2 * k}"
        nodes.append(helper.make_node("Gemm", [current, weight.name, bias.name], [out], name=f"gemm{2 * k}", transB=1))
        current = out
    in_dim, out_dim = params[0].shape[1], params[-1].shape[0]
    graph = helper.make_graph(
        nodes,
        "verinet",
        [helper.make_tensor_value_info("x", elem, ["N", in_dim])],
        [helper.make_tensor_value_info("y", elem, ["N", out_dim])],
        initializer=[_initializer(p, dtype) for p in params],
    )
    opsets = [helper.make_opsetid("", opset)]
    model = helper.make_model(graph, opset_imports=opsets, producer_name="verinet", producer_version=__version__)
    model.ir_version = helper.find_min_ir_version_for(opsets)
    helper.set_model_props(model, {"verinet_version": __version__, **(metadata or {})})
    onnx.checker.check_model(model)
    sidecar = {
        "format": SIDECAR_FORMAT,
        "version": 1,
        "dtype": dtype,
        "initializers": {p.name: {"shape": list(p.shape), "values": [rational_str(v) for v in p.exact]} for p in params},
    }
    return model, sidecar


def sidecar_path(path) -> Path:
    """Where the sidecar of ``model.onnx`` lives: ``model.exact.json``."""
    return Path(path).with_suffix(".exact.json")


def save_onnx(net, path, dtype="float32", opset: int = OPSET, metadata: dict = None) -> dict:
    """Write ``path`` (the model) and :func:`sidecar_path` (the exact weights); return both paths."""
    model, sidecar = to_onnx(net, dtype, opset, metadata)
    onnx.save(model, str(path))
    side = sidecar_path(path)
    side.write_text(json.dumps(sidecar, indent=1))
    return {"model": str(path), "sidecar": str(side)}
