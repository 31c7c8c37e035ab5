"""The float bridge: export exact networks to PyTorch / safetensors / ONNX, import ONNX
models exactly, and measure exactly how far float evaluation drifts.

Only :mod:`verinet.bridge.rounding` is imported here; the other modules need the optional
``bridge`` extra (torch, onnx, onnxruntime, safetensors) and are imported explicitly.
"""

from .rounding import FORMATS, round_rational, rounding_error

__all__ = ["FORMATS", "round_rational", "rounding_error"]
