"""One entry point for every float export format (``verinet export`` and ``verinet.export``).

The torch and ONNX models record where they came from: the verinet version and the SHA-256
of the network file's canonical text (:func:`verinet.io.sha256`).  The format modules are
imported on use, so a missing optional dependency surfaces as ``ModuleNotFoundError`` naming it.
"""

from .._version import __version__
from ..errors import InvalidArgument

__all__ = ["EXPORT_FORMATS", "export"]

EXPORT_FORMATS = ("torch", "state-dict", "safetensors", "onnx")


def export(net, path, format: str = "onnx", dtype: str = "float32", opset: int = None) -> dict:
    """Write the layered form of ``net`` (a Network) to ``path`` as ``format`` in ``dtype``,
    each weight rounded once from its exact value; return what was written (paths, metadata).

    Formats: ``torch`` (a ``torch.export`` program that runs without verinet), ``state-dict``
    (the weights, ``torch.save``), ``safetensors`` (tensors plus the exact values in the
    metadata), ``onnx`` (the model plus the ``.exact.json`` sidecar; ``opset`` default 17).

    Raises
    ------
    InvalidArgument
        For an unknown format, ``opset`` with a format other than ONNX, or a weight that
        overflows ``dtype``.
    """
    from ..interpret.layered import to_layered
    from ..io import sha256

    if format not in EXPORT_FORMATS:
        raise InvalidArgument(f"format={format!r} must be one of {', '.join(EXPORT_FORMATS)}")
    if opset is not None and format != "onnx":
        raise InvalidArgument(f"--opset applies to --format onnx, not {format}")
    layered = to_layered(net)
    metadata = {"verinet_version": __version__, "network_sha256": sha256(net)}
    if format == "onnx":
        from . import onnx_export

        return onnx_export.save_onnx(layered, path, dtype, onnx_export.OPSET if opset is None else opset, metadata)
    from . import torch_export

    if format == "torch":
        return torch_export.save_exported_program(layered, path, dtype, metadata)
    if format == "safetensors":
        torch_export.save_safetensors(layered, path, dtype)
        return {"model": str(path)}
    import torch

    torch.save(torch_export.to_torch(layered, dtype).state_dict(), path)
    return {"model": str(path)}
