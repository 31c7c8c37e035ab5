"""Drift report: how far the exported float model is from the exact network, exactly.

The exported model (:func:`verinet.bridge.torch_export.to_torch`, and the ONNX model of
:func:`verinet.bridge.onnx_export.to_onnx` run by onnxruntime) is evaluated on a batch of
exact points, each rounded once to the float format.  Every float it returns is converted
with :func:`verinet.from_float`, so every deviation below is an exact rational; nothing is
compared with a tolerance.  Reported, per backend:

* ``max_abs``: ``max |F(fl(x))_i - f(x)_i|`` over points ``x`` and outputs ``i``, with ``f`` the
  exact network and ``F`` the float model, and the worst point;
* ``max_rel``: ``max |F_i - f_i| / |f_i|`` over outputs with ``f_i != 0`` (outputs with
  ``f_i = 0`` but ``F_i != 0`` are counted in ``zero_mismatches``);
* ``arithmetic_max_abs``: the deviation from the exact evaluation of the *exported* weights
  at the rounded points, i.e. the part due to float arithmetic alone;
* the layer-by-layer comparison of the pre-activations ``L_k(...)`` of the layered form
  with their exact values, and the first layer where the float values leave them.

The exact values come from one exact walk over the layered form's chain network, which hands
every layer's values out as they are computed (``on_node``).  ReLU and ReQU networks are
exact.  A sigmoid or Gaussian network has irrational values: they are *enclosed* instead
(:mod:`verinet.interpret.enclose`, rigorous arb balls ``[lo, hi]``, at least 2^-40-narrow),
and every deviation is then the proved upper bound ``max(F - lo, hi - F)`` of ``|F - f|``
(``BackendDrift.enclosed`` says so; ``worst_enclosure`` gives the ball of the worst output).

The report also lists the exact rounding error ``fl(w) - w`` of every parameter and of every
input coordinate.

Requires the ``bridge`` extra (torch; onnxruntime for the ONNX backend).
"""

import math
from dataclasses import dataclass, field

import torch

from .._backend import MPQ
from ..balls import ball_bounds, exact_ball
from ..errors import InvalidArgument
from .._backend import ball_precision
from ..interpret.enclose import DEFAULT_PREC, enclose
from ..interpret.enclose import RULES as ENCLOSURE_RULES
from ..interpret import columns
from ..interpret.batch import from_batch, to_batch
from ..interpret.layered import Layered, from_layered, to_layered
from ..interpret.walk import walk
from ..ops import TRANSCENDENTAL
from ..numbers import as_rational, from_float
from .parameters import export_parameters, rounded_layers
from .rounding import float_format, round_rational
from .torch_export import TORCH_DTYPES, to_torch

__all__ = ["BackendDrift", "DriftReport", "drift_report", "exact_layer_values", "enclosed_layer_values",
           "available_devices"]


def available_devices() -> list:
    """The torch devices this machine can run the report on: ``['cpu']`` plus ``'cuda'``."""
    return ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])


@dataclass(frozen=True)
class BackendDrift:
    """Exact deviations of one float backend from the exact network."""

    backend: str
    max_abs: MPQ
    max_rel: MPQ  # None when every exact output is 0
    worst_point: tuple
    worst_output: int
    worst_exact: MPQ
    worst_float: MPQ
    worst_float_repr: str  # the float as the backend returned it
    arithmetic_max_abs: MPQ
    exact_outputs: int  # outputs where the float value equals the exact value
    zero_mismatches: int
    non_finite_outputs: int
    layers: tuple  # max |float - exact| of each layer's pre-activations (None: non-finite)
    first_inexact_layer: int  # None when every layer is exact
    enclosed: bool = False  # True: exact values enclosed by balls, deviations are upper bounds
    worst_enclosure: tuple = None  # (lo, hi) of the worst output's ball when enclosed

    def as_dict(self) -> dict:
        return {
            "backend": self.backend,
            "max_abs_deviation": self.max_abs,
            "max_rel_deviation": self.max_rel,
            "worst_point": ",".join(map(str, self.worst_point)),
            "worst_output": self.worst_output,
            "worst_exact_value": self.worst_exact,
            "worst_float_value": self.worst_float,
            "worst_float_repr": self.worst_float_repr,
            "arithmetic_max_abs_deviation": self.arithmetic_max_abs,
            "exact_outputs": self.exact_outputs,
            "zero_mismatches": self.zero_mismatches,
            "non_finite_outputs": self.non_finite_outputs,
            "first_inexact_layer": self.first_inexact_layer,
            "layer_max_abs_deviations": list(self.layers),
            **({"deviations": "rigorous upper bounds (exact values enclosed by arb balls)",
                "worst_enclosure": list(self.worst_enclosure)} if self.enclosed else {}),
        }


@dataclass(frozen=True)
class DriftReport:
    """The drift report: parameter and input rounding plus one :class:`BackendDrift` each."""

    dtype: str
    points: tuple
    parameters: tuple  # Parameter records (exact and rounded values)
    input_errors: tuple  # fl(x_j) - x_j for every coordinate of every point
    backends: tuple = field(default=())

    def parameter_errors(self) -> list:
        """``(name, exact, rounded, error)`` for every parameter entry, errors exact."""
        rows = []
        for p in self.parameters:
            width = p.shape[1] if len(p.shape) == 2 else None
            for i, (w, r, e) in enumerate(zip(p.exact, p.rounded, p.errors())):
                index = f"[{i // width}][{i % width}]" if width else f"[{i}]"
                rows.append((p.name + index, w, from_float(r), e))
        return rows

    def as_dict(self) -> dict:
        """JSON-ready summary; only the inexactly rounded parameters are listed one by one."""
        errors = self.parameter_errors()
        inexact = [{"parameter": n, "exact": w, "rounded": r, "error": e} for n, w, r, e in errors if e]
        return {
            "dtype": self.dtype,
            "points": len(self.points),
            "parameters": len(errors),
            "inexact_parameters": len(inexact),
            "max_abs_parameter_error": max((abs(e) for *_, e in errors), default=MPQ(0)),
            "max_abs_input_error": max((abs(e) for e in self.input_errors), default=MPQ(0)),
            "backends": [b.as_dict() for b in self.backends],
            "parameter_errors": inexact,
        }


# ------------------------------------------------------------------- exact side


def exact_layer_values(layered: Layered, points) -> list:
    """Exact pre-activations of every layer: ``[L_0(x), L_1(sigma_1(L_0 x)), ...]`` per point.

    One exact walk over :func:`~verinet.interpret.layered.from_layered`'s chain, whose affine
    nodes ``L0, L1, ...`` are the layers; ``on_node`` keeps their values.  Returns a list
    over layers of lists over points of tuples of ``MPQ``.
    """
    layer_of = {f"L{k}": k for k in range(len(layered.layers))}
    values = [None] * len(layered.layers)

    def keep(node, value):
        if node in layer_of:
            values[layer_of[node]] = from_batch(value)

    columns.run(from_layered(layered), to_batch(points, layered.widths[0]), on_node=keep)
    return values


def enclosed_layer_values(layered: Layered, points, prec: int = DEFAULT_PREC) -> list:
    """Rigorous enclosures of every layer's pre-activations, as :func:`exact_layer_values` but
    with a pair ``(lo, hi)`` of exact rationals (``lo <= value <= hi``) per value.

    One ball walk per point over the chain network, at the precision :func:`verinet.enclose`
    settles on for that point's outputs (narrower than 2^-40 relative).
    """
    chain = from_layered(layered)
    layer_of = {f"L{k}": k for k in range(len(layered.layers))}
    values = [[] for _ in layered.layers]
    for e in enclose(chain, points, prec):
        def keep(node, balls):
            if node in layer_of:
                values[layer_of[node]].append(tuple(ball_bounds(b) for b in balls))

        with ball_precision(e.prec):
            walk(chain, [exact_ball(q) for q in e.point], ENCLOSURE_RULES, on_node=keep)
    return values


def _as_pairs(layers) -> list:
    """Exact layer values as degenerate enclosures ``(v, v)``."""
    return [[tuple((v, v) for v in row) for row in layer] for layer in layers]


# ------------------------------------------------------------------- float side


def _torch_layers(module, x) -> list:
    """Outputs of every ``Linear`` of a :func:`to_torch` module on the batch ``x``."""
    outputs = []
    with torch.no_grad():
        for child in module:
            x = child(x)
            if isinstance(child, torch.nn.Linear):
                outputs.append(x.cpu().tolist())
    return outputs


def _onnx_layers(layered, dtype, inputs) -> list:
    """Outputs of every ``Gemm`` of the :func:`to_onnx` model, run by onnxruntime on the CPU."""
    import numpy as np

    try:
        import onnxruntime
    except ModuleNotFoundError:
        raise InvalidArgument("onnxruntime is not installed: install the bridge extra or pass onnxruntime=False") from None
    from onnx import helper

    from .onnx_export import NUMPY_TYPES, ONNX_TYPES, to_onnx

    model, _ = to_onnx(layered, dtype)
    names = [f"linear{2 * k}" for k in range(len(layered.layers) - 1)]
    for name, width in zip(names, layered.widths[1:-1]):
        model.graph.output.append(helper.make_tensor_value_info(name, ONNX_TYPES[dtype], ["N", width]))
    session = onnxruntime.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    x = np.array(inputs, dtype=NUMPY_TYPES[dtype])  # exact: the inputs are already rounded
    y, *hidden = session.run(["y"] + names, {"x": x})
    return [h.tolist() for h in hidden] + [y.tolist()]


# ------------------------------------------------------------------- comparison


def _as_exact(value):
    """The exact value of a float, or None for inf/NaN."""
    return from_float(value) if math.isfinite(value) else None


def _deviation(value, pair):
    """``max(value - lo, hi - value)``: ``|value - f|`` for ``f = lo = hi``, else its upper bound
    over ``lo <= f <= hi``."""
    lo, hi = pair
    return max(value - lo, hi - value)


def _compare(backend, points, exact_layers, arithmetic_out, float_layers, enclosed) -> BackendDrift:
    """Deviations of the float layers from exact layers given as pairs ``(lo, hi)``."""
    layer_devs = []
    for exact, floats in zip(exact_layers, float_layers):
        diffs = [_deviation(_as_exact(f), e) if math.isfinite(f) else None
                 for fr, er in zip(floats, exact) for f, e in zip(fr, er)]
        layer_devs.append(None if None in diffs else max(diffs))
    first = next((k for k, d in enumerate(layer_devs) if d != 0), None)
    worst, max_rel = None, None
    exact_count = zero_mismatches = non_finite = 0
    arithmetic = MPQ(0)
    for p, (frow, erow, arow) in enumerate(zip(float_layers[-1], exact_layers[-1], arithmetic_out)):
        for i, (f, e, a) in enumerate(zip(frow, erow, arow)):
            value = _as_exact(f)
            if value is None:
                non_finite += 1
                continue
            dev = _deviation(value, e)
            arithmetic = max(arithmetic, _deviation(value, a))
            exact_count += dev == 0
            smallest = min(abs(e[0]), abs(e[1])) if e[0] * e[1] > 0 or e[0] == e[1] else MPQ(0)
            if smallest != 0:
                rel = dev / smallest
                max_rel = rel if max_rel is None else max(max_rel, rel)
            elif dev and e == (0, 0):
                zero_mismatches += 1
            if worst is None or dev > worst[0]:
                worst = (dev, p, i, e, value, repr(f))
    if worst is None:
        raise InvalidArgument(f"{backend}: every output is infinite or NaN")
    dev, p, i, e, value, text = worst
    return BackendDrift(
        backend, dev, max_rel, tuple(points[p]), i, (e[0] + e[1]) / 2, value, text, arithmetic,
        exact_count, zero_mismatches, non_finite, tuple(layer_devs), first,
        enclosed, e if enclosed else None,
    )


def _rounded_points(points, dtype) -> tuple:
    rounded, errors = [], []
    for k, point in enumerate(points):
        row = []
        for j, v in enumerate(point):
            r = round_rational(v, dtype)
            if math.isinf(r):
                raise InvalidArgument(f"point {k}[{j}] = {v} overflows {dtype}")
            row.append(r)
            errors.append(from_float(r) - v)
        rounded.append(row)
    return rounded, tuple(errors)


def drift_report(net, points, dtype="float64", devices=("cpu",), onnxruntime=True) -> DriftReport:
    """Evaluate the exported model of ``net`` on ``points`` and measure its drift exactly.

    Parameters
    ----------
    net : Network or Layered
    points : sequence of sequences of exact numbers
        The inputs; each coordinate is rounded once to ``dtype`` before the float run.
    dtype : {'float32', 'float64'}
    devices : sequence of {'cpu', 'cuda'}
        Torch devices to run the :func:`to_torch` module on.
    onnxruntime : bool
        Also run the :func:`to_onnx` model with onnxruntime (CPU).

    Returns
    -------
    DriftReport

    Raises
    ------
    InvalidArgument
        For a bad dtype, device or point, ``'cuda'`` without a GPU, or a parameter or
        point that overflows the format.
    BudgetExceeded
        When a sigmoid/Gaussian network's enclosures cannot be made 2^-40-narrow (see
        :func:`verinet.enclose`).

    Examples
    --------
    >>> from verinet.calculus import affine_network
    >>> r = drift_report(affine_network([["1/3"]]), [[5]], "float32", onnxruntime=False)
    >>> torch_cpu = r.backends[0]
    >>> [str(v) for v in (torch_cpu.max_abs, torch_cpu.worst_exact, torch_cpu.worst_float)]
    ['1/12582912', '5/3', '6990507/4194304']
    """
    fmt = float_format(dtype).name
    for device in devices:
        if device not in ("cpu", "cuda"):
            raise InvalidArgument(f"device={device!r} is not supported; choose 'cpu' or 'cuda'")
        if device not in available_devices():
            raise InvalidArgument(f"device={device!r}: torch.cuda.is_available() is False on this machine")
    layered = net if isinstance(net, Layered) else to_layered(net)
    enclosed = any(activation in TRANSCENDENTAL for activation in layered.activations)
    values = enclosed_layer_values if enclosed else (lambda lay, pts: _as_pairs(exact_layer_values(lay, pts)))
    points = [tuple(as_rational(v, f"point {k}[{j}]") for j, v in enumerate(p)) for k, p in enumerate(points)]
    exact_layers = values(layered, points)
    params = export_parameters(layered, fmt)
    inputs, input_errors = _rounded_points(points, fmt)
    rounded = Layered(rounded_layers(params), layered.activations)
    arithmetic_out = values(rounded, [[from_float(v) for v in row] for row in inputs])[-1]
    module = to_torch(layered, fmt)
    runs = []
    for device in devices:
        x = torch.tensor(inputs, dtype=TORCH_DTYPES[fmt], device=device)
        runs.append((f"torch-{device}", _torch_layers(module.to(device), x)))
    if onnxruntime:
        runs.append(("onnxruntime-cpu", _onnx_layers(layered, fmt, inputs)))
    backends = tuple(_compare(name, points, exact_layers, arithmetic_out, out, enclosed) for name, out in runs)
    return DriftReport(fmt, tuple(points), tuple(params), input_errors, backends)
