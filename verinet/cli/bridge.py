"""``verinet export``, ``verinet import`` and ``verinet drift``: the float bridge from the CLI.

Needs the ``bridge`` extra (``pip install 'verinet[bridge]'``); without it the subcommands are
still listed and fail with a one-line message naming the missing package.
"""

import itertools

from .._backend import MPQ
from ..bridge.export import EXPORT_FORMATS
from ..errors import InvalidArgument
from ..numbers import parse_vector
from .argv import integer
from .failures import writing
from .output import refuse_stdout, write_output

__all__ = ["add_parser", "run_export", "run_import", "run_drift", "default_points"]

DTYPES = ("float32", "float64")
MAX_DEFAULT_POINTS = 1025


def add_parser(subparsers) -> None:
    export = subparsers.add_parser(
        "export",
        help="export a network file to torch / safetensors / ONNX, each weight rounded once",
        description="Write the layered form as Linear layers and activations (ReLU; ReQU as Relu then Mul; Sigmoid; Gaussian as exp(-x^2)) in float32 or float64. torch: a state_dict "
        "torch: a torch.export program (torch.export.load(OUT).module() runs it without verinet); "
        "state-dict: the weights only (torch.save); safetensors: tensors plus the exact values in the metadata; "
        "onnx: the model plus OUT's .exact.json sidecar with the exact weights keyed by initializer name. "
        "torch and onnx models record the verinet version and the network file's SHA-256.",
    )
    export.add_argument("file", help="network file (verinet format)")
    export.add_argument("--format", required=True, choices=EXPORT_FORMATS)
    export.add_argument("--dtype", default="float64", choices=DTYPES)
    export.add_argument("-o", "--output", required=True, help="file to write")
    export.add_argument("--opset", type=integer, default=None, metavar="N",
                        help="ONNX opset (default 17; --format onnx only)")
    export.set_defaults(func=run_export)

    imp = subparsers.add_parser(
        "import",
        help="import an ONNX model as an exact network (every float weight at its exact value)",
        description="Unsupported ops or attributes are rejected by name. If MODEL's .exact.json "
        "sidecar exists (verinet export --format onnx) the exact weights are restored from it.",
    )
    imp.add_argument("model", help="ONNX model")
    imp.add_argument("-o", "--output", required=True, help="network file to write")
    imp.add_argument("--sidecar", help="exact-weights sidecar (default: MODEL with suffix .exact.json, if present)")
    imp.add_argument("--ignore-sidecar", action="store_true", help="take the float weights even if a sidecar exists")
    imp.set_defaults(func=run_import)

    drift = subparsers.add_parser(
        "drift",
        help="exact drift of the exported float model from the exact network",
        description="Evaluate the exported model (torch on the device, onnxruntime on the CPU) on exact "
        "points rounded to the dtype and report, exactly, the max absolute and relative deviation, the "
        "worst point, every parameter's rounding error and the first layer that leaves the exact values.",
    )
    drift.add_argument("file", help="network file (verinet format)")
    drift.add_argument("--dtype", default="float64", choices=DTYPES)
    drift.add_argument("--device", action="append", choices=("cpu", "cuda"), help="torch device (repeatable; default cpu)")
    drift.add_argument(
        "--points", nargs="+", metavar="X1,X2,...",
        help=f"exact input points (default: a grid on [0, 1]^d with at most {MAX_DEFAULT_POINTS} points)",
    )
    drift.add_argument("--no-onnxruntime", action="store_true", help="skip the onnxruntime backend")
    drift.add_argument("--max-abs-deviation", metavar="E",
                       help="fail (exit 1) unless every backend's outputs are finite and within E of the exact values")
    drift.set_defaults(func=run_drift)


def _bridge(module: str):
    """Import a bridge module, turning a missing optional dependency into a clear error."""
    import importlib

    try:
        return importlib.import_module(f"verinet.bridge.{module}")
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.split(".")[0] in ("torch", "onnx", "onnxruntime", "safetensors"):
            raise InvalidArgument(f"{exc.name} is not installed; install the extra: pip install 'verinet[bridge]'") from None
        raise


def run_export(args) -> dict:
    from ..interpret.layered import to_layered
    from ..io import load, sha256

    refuse_stdout(args.output, f"--format {args.format}")
    net = load(args.file, args.max_file_bytes)
    with writing(args.output):
        written = _bridge("export").export(net, args.output, args.format, args.dtype, args.opset)
    layered = to_layered(net)
    params = _bridge("parameters").export_parameters(layered, args.dtype)
    errors = [e for p in params for e in p.errors()]
    return {
        "file": args.file,
        "format": args.format,
        "dtype": args.dtype,
        "layer_widths": list(layered.widths),
        "parameters": len(errors),
        "inexact_parameters": sum(1 for e in errors if e),
        "max_abs_parameter_error": max(abs(e) for e in errors),
        "network_sha256": sha256(net),
        "written": written,
    }


def run_import(args) -> dict:
    from pathlib import Path

    from ..interpret.metrics import size_metrics
    from ..io import dumps

    sidecar = None
    if not args.ignore_sidecar:
        default = _bridge("onnx_export").sidecar_path(args.model)
        sidecar = args.sidecar or (str(default) if Path(default).exists() else None)
    net = _bridge("onnx_import").from_onnx(args.model, sidecar=sidecar)
    write_output(args.output, dumps(net))
    metrics = size_metrics(net)
    return {
        "model": args.model,
        "sidecar": sidecar,
        "weights": "exact from sidecar" if sidecar else "exact values of the floats",
        **{k: metrics[k] for k in ("in_dim", "out_dim", "depth", "width", "parameters")},
        "written": args.output,
    }


def default_points(dim: int) -> list:
    """The grid ``{0, 1/n, ..., 1}^dim`` with the largest ``n`` giving at most 1025 points."""
    if 2**dim > MAX_DEFAULT_POINTS:
        raise InvalidArgument(f"input width {dim} is too large for the default grid; give --points")
    n = 1
    while (n + 2) ** dim <= MAX_DEFAULT_POINTS:
        n += 1
    axis = [MPQ(k, n) for k in range(n + 1)]
    return [list(p) for p in itertools.product(axis, repeat=dim)]


def run_drift(args) -> dict:
    from ..io import load

    net = load(args.file, args.max_file_bytes)
    points = [parse_vector(text, "--points") for text in args.points] if args.points else default_points(net.in_dim)
    report = _bridge("drift").drift_report(
        net, points, args.dtype, devices=tuple(args.device or ("cpu",)), onnxruntime=not args.no_onnxruntime
    )
    result = {"file": args.file, **report.as_dict()}
    if args.max_abs_deviation is not None:
        result.update(_deviation_threshold(report.backends, args.max_abs_deviation))
    return result


def _deviation_threshold(backends, limit) -> dict:
    """``--max-abs-deviation``: the largest deviation over the backends against ``limit``; a
    non-finite output fails outright.  Enclosed (transcendental) drifts are upper bounds only."""
    from .thresholds import threshold_result

    worst = max(backends, key=lambda b: b.max_abs)
    result = threshold_result("--max-abs-deviation", limit, None if worst.enclosed else worst.max_abs, worst.max_abs)
    non_finite = sum(b.non_finite_outputs for b in backends)
    if non_finite:
        result["verdict"] = "fail"
        result["threshold"].update(holds=False, reason=f"{non_finite} non-finite float outputs")
    result["threshold"]["backend"] = worst.backend
    return result
