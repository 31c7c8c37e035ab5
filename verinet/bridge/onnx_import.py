"""Import an ONNX model into an exact network.

Every float in the model (initializers, ``Constant`` values, ``Gemm``'s ``alpha``/``beta``)
becomes its exact dyadic value (:func:`verinet.from_float`); the imported network computes
in exact arithmetic the function the float model approximates.  With the sidecar written by
:func:`verinet.bridge.onnx_export.save_onnx` the exact weights are restored instead, after
checking that each float is the correctly rounded value of its exact counterpart.

Supported: ``Gemm``, ``MatMul``, ``Add``, ``Relu``, ``Sigmoid``, ``Neg``, ``Flatten``,
``Concat``, ``Identity``, ``Constant``, ``Reshape`` (to ``[batch, width]``), and, on constants
only, ``Transpose``, ``Squeeze`` and ``Unsqueeze`` -- what a plain MLP exported by
``torch.onnx.export`` uses.  ``Mul`` and ``Exp`` are read in the two patterns the exporters
write (:mod:`verinet.bridge.onnx_export`): ``Mul(r, r)`` of ``r = Relu(z)`` is ReQU of ``z``
(``relu(z)^2``), and ``Exp(Neg(Mul(x, x)))`` is the Gaussian of ``x``; a ``Relu`` or a square
is made into a node only when something else uses it.
Network values are batches of vectors, shape ``[N, width]``; weights are constants.
Anything else (an op, an attribute, an attribute value, a dynamic weight) is rejected with
``InvalidArgument`` naming the node and what it does not support; nothing is ignored.

Requires the ``bridge`` extra (onnx).
"""

import json
from pathlib import Path

import numpy as np
import onnx
from onnx import numpy_helper

from .._backend import MPQ
from ..errors import FileFormatError, InvalidArgument
from ..json_objects import unique_keys
from ..network import NetworkBuilder
from ..numbers import as_rational, from_float
from .onnx_checks import check_model
from .onnx_export import SIDECAR_FORMAT
from .rounding import round_rational

__all__ = ["from_onnx", "RULES"]

ONE, ZERO = MPQ(1), MPQ(0)


class _Value:
    """A network value ``W v + b`` of shape ``[N, width]`` over a builder node ``v``.

    ``weights is None`` means ``W = I`` and ``b = 0``; an affine map on top of another is
    kept pending so that ``MatMul`` followed by ``Add`` becomes one ``Affine`` node.  ``node``
    may be given as a function that makes it, called once on first use; ``pattern`` is
    ``(kind, value)`` for a ``Relu`` (``"relu"``), a square (``"square"``) or a negated
    square (``"negsquare"``) of ``value``, which ``Mul`` and ``Exp`` recognise.
    """

    def __init__(self, node, width, weights=None, bias=None, pattern=None):
        self._node, self.width, self.weights, self.bias, self.pattern = node, width, weights, bias, pattern

    @property
    def node(self):
        if callable(self._node):
            self._node = self._node()
        return self._node


class _Importer:
    def __init__(self):
        self.builder = NetworkBuilder()
        self.env = {}  # ONNX value name -> exact constant (object array of MPQ) or _Value

    def node_of(self, value: _Value):
        """Materialise a pending affine map into a builder node."""
        if value.weights is None:
            return value.node
        return self.builder.affine(value.node, value.weights, value.bias)


def _fail(node, what: str):
    raise InvalidArgument(f"ONNX node {node.name or '(unnamed)'!r} ({node.op_type}): {what}")


# ---------------------------------------------------------------- constants and attributes


def _exact_array(array: np.ndarray, where: str) -> np.ndarray:
    """An object array of MPQ with the exact values of a numeric numpy array."""
    if array.dtype.kind == "f":
        convert = from_float
    elif array.dtype.kind in "iu":
        convert = MPQ
    else:
        raise InvalidArgument(f"{where} has element type {array.dtype}, expected numbers")
    flat = array.ravel().tolist()  # Python floats/ints: exact
    try:
        values = [convert(v) for v in flat]
    except InvalidArgument as exc:
        raise InvalidArgument(f"{where}: {exc}") from None
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out.reshape(array.shape)


def _tensor(proto, where: str) -> np.ndarray:
    try:
        array = numpy_helper.to_array(proto)
    except ValueError as exc:  # e.g. raw data whose length does not match the declared dims
        raise FileFormatError(f"{where}: unreadable tensor data ({exc})") from None
    return _exact_array(array, where)


def _attributes(node, allowed: dict) -> dict:
    """``{name: value}`` with defaults from ``allowed``; an unknown attribute is an error."""
    values = dict(allowed)
    for attribute in node.attribute:
        if attribute.name not in allowed:
            _fail(node, f"attribute {attribute.name!r} is not supported (supported: {sorted(allowed) or 'none'})")
        values[attribute.name] = onnx.helper.get_attribute_value(attribute)
    return values


def _const(node, value, role: str) -> np.ndarray:
    if isinstance(value, _Value):
        _fail(node, f"{role} must be a constant (initializer or Constant), not a value computed from the input")
    return value


def _vector(node, value, width: int, role: str) -> list:
    """A constant broadcast over the batch as a length-``width`` vector."""
    c = _const(node, value, role)
    if c.ndim == 2 and c.shape[0] == 1:
        c = c[0]
    if c.ndim == 0 or (c.ndim == 1 and c.shape[0] == 1):
        return [c.reshape(())[()]] * width
    if c.ndim != 1 or c.shape[0] != width:
        _fail(node, f"{role} of shape {list(c.shape)} does not broadcast to a row of width {width}")
    return list(c)


def _int_list(node, value, role) -> list:
    return [int(v) for v in _const(node, value, role).ravel()]


# ---------------------------------------------------------------- rules, one per op type


def _identity(im, node, x):
    return x


def _constant(im, node):
    kinds = {"value", "value_float", "value_floats", "value_int", "value_ints"}
    if len(node.attribute) != 1 or node.attribute[0].name not in kinds:
        names = [a.name for a in node.attribute]
        _fail(node, f"attributes {names} are not supported; exactly one of {sorted(kinds)} is")
    attribute = node.attribute[0]
    if attribute.name == "value":
        return _tensor(attribute.t, f"Constant {node.output[0]!r}")
    raw = np.array(onnx.helper.get_attribute_value(attribute))  # float32 values held exactly
    return _exact_array(raw, f"Constant {node.output[0]!r}")


def _linear(im, node, x, weight_rows, bias) -> _Value:
    """``x -> weight_rows x + bias`` on a network value, composed with a pending map."""
    if x.weights is not None:
        x = _Value(im.node_of(x), len(x.weights))
    if len(weight_rows[0]) != x.width:
        _fail(node, f"the weight expects {len(weight_rows[0])} inputs but the value has width {x.width}")
    return _Value(x.node, len(weight_rows), [list(r) for r in weight_rows], list(bias))


def _gemm(im, node, a, b, c=None):
    attrs = _attributes(node, {"alpha": 1.0, "beta": 1.0, "transA": 0, "transB": 0})
    if attrs["transA"] != 0:
        _fail(node, f"attribute transA={attrs['transA']} is not supported (the input must be [N, K])")
    if not isinstance(a, _Value):
        _fail(node, "input A must be computed from the network input")
    b = _const(node, b, "input B")
    if b.ndim != 2:
        _fail(node, f"input B has shape {list(b.shape)}, expected a matrix")
    alpha, beta = from_float(float(attrs["alpha"])), from_float(float(attrs["beta"]))
    # Y = alpha A B' + beta C with B' = B^T if transB: weight rows (out x in) = alpha B'^T.
    rows = b if attrs["transB"] else b.T
    width = rows.shape[0]
    bias = [ZERO] * width if c is None else [beta * v for v in _vector(node, c, width, "input C")]
    return _linear(im, node, a, [[alpha * w for w in row] for row in rows], bias)


def _matmul(im, node, a, b):
    if not isinstance(a, _Value):
        _fail(node, "the left operand must be computed from the network input (x @ W)")
    b = _const(node, b, "the right operand")
    if b.ndim != 2:
        _fail(node, f"the right operand has shape {list(b.shape)}, expected a matrix")
    return _linear(im, node, a, b.T, [ZERO] * b.shape[1])


def _add(im, node, a, b):
    if not isinstance(a, _Value) and not isinstance(b, _Value):
        return a + b  # numpy broadcasting on exact object arrays
    if isinstance(a, _Value) and isinstance(b, _Value):
        if a.width != b.width:
            _fail(node, f"operands of widths {a.width} and {b.width} do not match")
        return _Value(im.builder.add(im.node_of(a), im.node_of(b)), a.width)
    x, c = (a, b) if isinstance(a, _Value) else (b, a)
    shift = _vector(node, c, x.width, "the constant operand")
    if x.weights is None:
        x = _Value(x.node, x.width, [[ONE if i == j else ZERO for j in range(x.width)] for i in range(x.width)], [ZERO] * x.width)
    return _Value(x.node, x.width, x.weights, [v + s for v, s in zip(x.bias, shift)])


def _relu(im, node, x):
    if not isinstance(x, _Value):
        return np.vectorize(lambda v: max(v, ZERO), otypes=[object])(x)
    return _Value(lambda: im.builder.relu(im.node_of(x)), x.width, pattern=("relu", x))


def _unsupported_square(node):
    def refuse():
        _fail(node, "a square x * x is supported only as Relu(z) * Relu(z) (ReQU) or inside Exp(Neg(x * x)) (Gaussian)")
    return refuse


def _mul(im, node, a, b):
    if not isinstance(a, _Value) and not isinstance(b, _Value):
        return a * b  # numpy broadcasting on exact object arrays
    if not (isinstance(a, _Value) and node.input[0] == node.input[1]):
        _fail(node, "only constants or the square Mul(x, x) of one network value are supported")
    if a.pattern is not None and a.pattern[0] == "relu":
        z = a.pattern[1]
        return _Value(lambda: im.builder.requ(im.node_of(z)), a.width, pattern=("square", a))
    return _Value(_unsupported_square(node), a.width, pattern=("square", a))


def _neg(im, node, x):
    if not isinstance(x, _Value):
        return -x
    if x.pattern is not None and x.pattern[0] == "square":
        return _Value(_unsupported_square(node), x.width, pattern=("negsquare", x.pattern[1]))
    if x.weights is None:
        weights = [[-ONE if i == j else ZERO for j in range(x.width)] for i in range(x.width)]
        return _Value(x.node, x.width, weights, [ZERO] * x.width)
    return _Value(x.node, x.width, [[-w for w in row] for row in x.weights], [-v for v in x.bias])


def _exp(im, node, x):
    if not (isinstance(x, _Value) and x.pattern is not None and x.pattern[0] == "negsquare"):
        _fail(node, "Exp is supported only as Exp(Neg(Mul(x, x))), the Gaussian exp(-x^2) of a network value")
    return _Value(im.builder.gaussian(im.node_of(x.pattern[1])), x.width)


def _sigmoid(im, node, x):
    if not isinstance(x, _Value):
        _fail(node, "the sigmoid of a constant is irrational; only network values are supported")
    return _Value(im.builder.sigmoid(im.node_of(x)), x.width)


def _flatten(im, node, x):
    axis = _attributes(node, {"axis": 1})["axis"]
    if isinstance(x, _Value):
        if axis != 1:
            _fail(node, f"attribute axis={axis} is not supported on a [N, width] value (only axis=1)")
        return x
    axis = axis + x.ndim if axis < 0 else axis
    return x.reshape(int(np.prod(x.shape[:axis])), -1)


def _concat(im, node, *xs):
    axis = _attributes(node, {"axis": None})["axis"]
    if all(not isinstance(x, _Value) for x in xs):
        return np.concatenate(xs, axis=axis)
    if not all(isinstance(x, _Value) for x in xs):
        _fail(node, "concatenating constants with values computed from the input is not supported")
    if axis not in (1, -1):
        _fail(node, f"attribute axis={axis} is not supported (only the feature axis 1 of [N, width])")
    return _Value(im.builder.concat(*(im.node_of(x) for x in xs)), sum(x.width for x in xs))


def _reshape(im, node, x, shape):
    allowzero = _attributes(node, {"allowzero": 0})["allowzero"]
    target = _int_list(node, shape, "input shape")
    if isinstance(x, _Value):
        if len(target) != 2 or target[1] != x.width or target[0] not in (-1, 0) or (target[0] == 0 and allowzero):
            _fail(node, f"reshaping a [N, {x.width}] value to {target} is not supported (only [-1, {x.width}] or [0, {x.width}])")
        return x
    if allowzero:
        _fail(node, "attribute allowzero=1 is not supported")
    target = [x.shape[i] if d == 0 else d for i, d in enumerate(target)]
    return x.reshape(target)


def _axes(node, axes_input):
    """Axes from the attribute (opset < 13) or the second input (opset >= 13)."""
    attrs = _attributes(node, {"axes": None})
    if attrs["axes"] is not None:
        return [int(a) for a in attrs["axes"]]
    return None if axes_input is None else _int_list(node, axes_input, "input axes")


def _squeeze(im, node, x, axes=None):
    x = _const(node, x, "Squeeze's input (supported on constants only)")
    axes = _axes(node, axes)
    return np.squeeze(x) if axes is None else np.squeeze(x, axis=tuple(axes))


def _unsqueeze(im, node, x, axes=None):
    x = _const(node, x, "Unsqueeze's input (supported on constants only)")
    axes = _axes(node, axes)
    if axes is None:
        _fail(node, "no axes given")
    return np.expand_dims(x, axis=tuple(axes))


def _transpose(im, node, x):
    perm = _attributes(node, {"perm": None})["perm"]
    x = _const(node, x, "Transpose's input (supported on constants only)")
    return np.transpose(x, axes=None if perm is None else tuple(perm))


RULES = {
    "Identity": _identity,
    "Constant": _constant,
    "Gemm": _gemm,
    "MatMul": _matmul,
    "Add": _add,
    "Relu": _relu,
    "Mul": _mul,
    "Neg": _neg,
    "Exp": _exp,
    "Sigmoid": _sigmoid,
    "Flatten": _flatten,
    "Concat": _concat,
    "Reshape": _reshape,
    "Squeeze": _squeeze,
    "Unsqueeze": _unsqueeze,
    "Transpose": _transpose,
}

# Rules that read their own attributes; the others accept none.
_WITH_ATTRIBUTES = {"Constant", "Gemm", "Flatten", "Concat", "Reshape", "Squeeze", "Unsqueeze", "Transpose"}

# (fewest, most) inputs of each op; None: any number.
ARITY = {
    "Identity": (1, 1), "Constant": (0, 0), "Gemm": (2, 3), "MatMul": (2, 2), "Add": (2, 2),
    "Relu": (1, 1), "Mul": (2, 2), "Neg": (1, 1), "Exp": (1, 1), "Sigmoid": (1, 1), "Flatten": (1, 1), "Concat": (1, None), "Reshape": (2, 2),
    "Squeeze": (1, 2), "Unsqueeze": (1, 2), "Transpose": (1, 1),
}


# ---------------------------------------------------------------- the walk


def _load(model):
    if isinstance(model, onnx.ModelProto):
        return model
    try:
        return onnx.load(str(model))
    except Exception as exc:  # protobuf raises DecodeError, plain Exception subclasses
        raise FileFormatError(f"{model}: not a readable ONNX model ({exc})") from None


def _input_width(info) -> int:
    shape = info.type.tensor_type.shape.dim
    if len(shape) != 2 or not shape[1].HasField("dim_value") or shape[1].dim_value < 1:
        dims = [d.dim_value if d.HasField("dim_value") else (d.dim_param or "?") for d in shape]
        raise InvalidArgument(f"ONNX input {info.name!r} has shape {dims}; expected [N, width] with a fixed width")
    return shape[1].dim_value


def _read_sidecar(path, model) -> dict:
    """Exact initializer values from a sidecar, each checked against the model's float."""
    try:
        data = json.loads(Path(path).read_text(), object_pairs_hook=unique_keys)
    except FileFormatError as exc:  # a repeated key
        raise FileFormatError(f"{path}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise FileFormatError(f"{path}: malformed sidecar ({exc!r})") from None
    try:
        if data.get("format") != SIDECAR_FORMAT or data.get("version") != 1:
            raise FileFormatError(f"{path}: not a {SIDECAR_FORMAT} version 1 sidecar")
        dtype, entries = data["dtype"], data["initializers"]
    except (KeyError, AttributeError) as exc:
        raise FileFormatError(f"{path}: malformed sidecar ({exc!r})") from None
    floats = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    exact = {}
    for name, entry in entries.items():
        if name not in floats:
            raise FileFormatError(f"{path}: initializer {name!r} is not in the model")
        values = [as_rational(v, f"{path}: {name}") for v in entry["values"]]
        stored = floats[name].ravel().tolist()
        if list(floats[name].shape) != entry["shape"] or len(values) != len(stored):
            raise FileFormatError(f"{path}: {name!r} has shape {entry['shape']}, the model's {list(floats[name].shape)}")
        for i, (v, f) in enumerate(zip(values, stored)):
            if round_rational(v, dtype) != f:
                raise FileFormatError(f"{path}: {name}[{i}] = {f!r} in the model is not {dtype} rounding of {v}")
        array = np.empty(len(values), dtype=object)
        array[:] = values
        exact[name] = array.reshape(entry["shape"])
    return exact


def from_onnx(model, sidecar=None):
    """The exact network of an ONNX model (a path or an ``onnx.ModelProto``).

    Parameters
    ----------
    model : str, Path or onnx.ModelProto
    sidecar : str or Path, optional
        An exact-weights sidecar (:func:`verinet.bridge.onnx_export.save_onnx`).  Without it
        every float weight is taken at its exact binary value.

    Returns
    -------
    Network
        Input width from the model's ``[N, width]`` input; one output.

    Raises
    ------
    InvalidArgument
        For an unsupported op, attribute or attribute value (named with the node), a
        non-finite or bfloat16 weight, or a graph that is not one input -> one output.
    FileFormatError
        For an unreadable model, one that is not valid ONNX (an unknown opset or IR
        version, weights of another element type than the input, anything ``onnx.checker``
        rejects: :func:`verinet.bridge.onnx_checks.check_model`), or a sidecar that does not
        match the model.
    """
    model = _load(model)
    check_model(model)
    graph = model.graph
    exact = {} if sidecar is None else _read_sidecar(sidecar, model)
    im = _Importer()
    for t in graph.initializer:
        im.env[t.name] = exact[t.name] if t.name in exact else _tensor(t, f"initializer {t.name!r}")
    inputs = [i for i in graph.input if i.name not in im.env]
    if len(inputs) != 1 or len(graph.output) != 1:
        raise InvalidArgument(
            f"the ONNX graph has inputs {[i.name for i in inputs]} and outputs {[o.name for o in graph.output]}; "
            f"exactly one of each is supported"
        )
    width = _input_width(inputs[0])
    im.env[inputs[0].name] = _Value(im.builder.input(width, name="x"), width)
    for node in graph.node:
        _step(im, node)
    result = im.env.get(graph.output[0].name)
    if not isinstance(result, _Value):
        raise InvalidArgument(f"the ONNX output {graph.output[0].name!r} does not depend on the input")
    return im.builder.build(im.node_of(result))


def _step(im, node) -> None:
    if node.domain not in ("", "ai.onnx"):
        _fail(node, f"domain {node.domain!r} is not supported")
    rule = RULES.get(node.op_type)
    if rule is None:
        _fail(node, f"op {node.op_type!r} is not supported (supported: {', '.join(sorted(RULES))})")
    if node.op_type not in _WITH_ATTRIBUTES:
        _attributes(node, {})
    if len(node.output) != 1:
        _fail(node, f"{len(node.output)} outputs; only single-output nodes are supported")
    missing = [name for name in node.input if name and name not in im.env]
    if missing:
        _fail(node, f"inputs {missing} are not defined before the node")
    args = [im.env[name] if name else None for name in node.input]
    while args and args[-1] is None:
        args.pop()  # trailing optional inputs left empty
    fewest, most = ARITY[node.op_type]
    if len(args) < fewest or (most is not None and len(args) > most) or any(a is None for a in args):
        _fail(node, f"inputs {list(node.input)} are not supported ({fewest} to {most or 'any number of'} non-empty inputs are)")
    im.env[node.output[0]] = rule(im, node, *args)
