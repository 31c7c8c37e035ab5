"""What an ONNX model must be before :func:`~verinet.bridge.onnx_import.from_onnx` reads it.

* Its IR version and its ``ai.onnx`` opset are ones this onnx library knows
  (``1 <= ir_version <= onnx.IR_VERSION``, ``1 <= opset <= onnx.defs.onnx_opset_version()``):
  ``onnx.checker`` resolves an opset from the future, such as 99, to the newest it has and
  passes the model, and onnxruntime refuses it.
* No tensor is bfloat16 (not supported), and every non-integer weight (initializer or
  ``Constant`` value) has the element type of the input: a float64, float16 or string weight
  against a float32 input is refused naming the weight and both types.
* ``onnx.checker.check_model(model, full_check=True)`` accepts it: the model is well formed
  and its types and shapes infer (an int64 weight in a float32 ``MatMul``, say, does not).

Each refusal is one line: ``FileFormatError`` for a model that is not valid ONNX,
``InvalidArgument`` for bfloat16.
"""

import onnx
from onnx import TensorProto

from ..errors import FileFormatError, InvalidArgument

__all__ = ["check_model"]

# Element types a weight may have whatever the input's: shapes, axes and indices.
_INTEGER_TYPES = frozenset({TensorProto.INT8, TensorProto.INT16, TensorProto.INT32, TensorProto.INT64,
                            TensorProto.UINT8, TensorProto.UINT16, TensorProto.UINT32, TensorProto.UINT64})
_DEFAULT_DOMAINS = ("", "ai.onnx")


def check_model(model: onnx.ModelProto) -> None:
    """Refuse ``model`` unless it is one :mod:`verinet.bridge.onnx_import` may read (see the module).

    Raises
    ------
    FileFormatError
        For an unknown IR version or opset, a weight whose element type is not the
        input's, or anything ``onnx.checker`` rejects (its message, on one line).
    InvalidArgument
        For a bfloat16 input or weight: "bfloat16 is not supported".
    """
    _check_versions(model)
    _check_element_types(model)
    try:
        onnx.checker.check_model(model, full_check=True)
    except UnicodeDecodeError as exc:  # a name or string field that is not UTF-8
        raise FileFormatError(f"the ONNX model has a text field that is not UTF-8 ({exc.reason} at byte {exc.start})"
                              ) from None
    except (onnx.checker.ValidationError, onnx.shape_inference.InferenceError) as exc:
        raise FileFormatError(f"the ONNX model is rejected by onnx.checker: {' '.join(str(exc).split())}") from None


def _check_versions(model) -> None:
    newest_ir = onnx.IR_VERSION
    if not 1 <= model.ir_version <= newest_ir:
        raise FileFormatError(f"the ONNX model has ir_version {model.ir_version}; this onnx reads 1 to {newest_ir}")
    opsets = [o.version for o in model.opset_import if o.domain in _DEFAULT_DOMAINS]
    newest = onnx.defs.onnx_opset_version()
    if len(opsets) != 1:
        found = f"opsets {opsets}" if opsets else "no opset"
        raise FileFormatError(f"the ONNX model imports {found} of the ai.onnx domain; it needs exactly one "
                              f"(1 to {newest})")
    if not 1 <= opsets[0] <= newest:
        raise FileFormatError(f"the ONNX model uses ai.onnx opset {opsets[0]}; this onnx knows opsets 1 to {newest}")


_TYPE_NAMES = {TensorProto.FLOAT: "float32", TensorProto.DOUBLE: "float64", TensorProto.FLOAT16: "float16"}


def _type_name(elem_type: int) -> str:
    """``float32``, ``float64``, ``float16``, else the ONNX name in lower case (``int64``, ``string``)."""
    if elem_type in _TYPE_NAMES:
        return _TYPE_NAMES[elem_type]
    if elem_type in TensorProto.DataType.values():
        return TensorProto.DataType.Name(elem_type).lower()
    return f"element type {elem_type}"


def _weights(graph):
    """``(description, tensor)`` for every initializer and ``Constant`` value of ``graph``."""
    for t in graph.initializer:
        yield f"initializer {t.name!r}", t
    for node in graph.node:
        if node.op_type == "Constant" and node.domain in _DEFAULT_DOMAINS:
            for attribute in node.attribute:
                if attribute.name == "value":
                    yield f"Constant {(node.output[0] if node.output else node.name)!r}", attribute.t


def _check_element_types(model) -> None:
    graph = model.graph
    weight_names = {t.name for t in graph.initializer}
    inputs = [i for i in graph.input if i.name not in weight_names]
    for info in inputs:
        if info.type.tensor_type.elem_type == TensorProto.BFLOAT16:
            raise InvalidArgument(f"ONNX input {info.name!r}: bfloat16 is not supported")
    for where, tensor in _weights(graph):
        if tensor.data_type == TensorProto.BFLOAT16:
            raise InvalidArgument(f"ONNX {where}: bfloat16 is not supported")
    if len(inputs) != 1:
        return  # from_onnx names the inputs it found
    expected = inputs[0].type.tensor_type.elem_type
    for where, tensor in _weights(graph):
        if tensor.data_type not in _INTEGER_TYPES and tensor.data_type != expected:
            raise FileFormatError(f"ONNX {where} is {_type_name(tensor.data_type)} but the input "
                                  f"{inputs[0].name!r} is {_type_name(expected)}; weights must have the input's type")
