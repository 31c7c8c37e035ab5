"""The public entry points that reach the registries: build, verify, prove by name.

This is the Python face of ``verinet build``, ``verinet verify`` and ``verinet prove``, a top
layer like the CLI (it may import the registries; nothing below it does).  Everything here is
re-exported from ``verinet``::

    >>> import verinet
    >>> cert = verinet.verify("syz22-a1", d=1, n=2, f="x1/2", lipschitz="1/2")
    >>> cert.verdict
    'pass'
"""

import json

from .constructions.estimates import Limits
from .errors import InvalidArgument

__all__ = ["build", "verify", "prove", "check", "theorem_names", "proof_names", "construction_names", "export", "import_onnx",
           "drift"]


def build(name: str, limits: Limits = Limits(), **params):
    """The registered construction ``name`` built from ``params`` (as ``verinet build NAME``):
    its size estimate is checked against ``limits`` first.  Returns the ``Construction``
    (``.network``, ``.claims``, ``.reference``)."""
    from .constructions.registry import build as build_checked, get_builder

    return build_checked(get_builder(name), params, limits)


def verify(name: str, **params):
    """Check one instance of the theorem ``name`` (``verinet verify NAME``) -> ``Certificate``.
    Parameters are keyword arguments, as values or strings (``f="sin(3*x1)/2"``, ``n=3``);
    missing ones take the defaults of ``verinet verify NAME --help``."""
    from .theorems.registry import get

    return get(name)(**params)


def prove(name: str, **params):
    """Check the lemma or theorem proof ``name`` (``verinet prove NAME``) -> ``Certificate``."""
    from proofs.registry import get

    return get(name).prove(**params)


def check(certificate, smt: str = None) -> dict:
    """Re-check a certificate with the trust kernel (``verinet check``): a ``Certificate``, its dict,
    or a file path.  Returns the kernel's report (per check re-checked / re-derived / not
    re-checkable, the problems found, ``verdict``); ``smt="z3"`` also re-proves small claims
    with z3 (a file path only; the ``smt`` extra)."""
    from .kernel import check_data, check_file

    if isinstance(certificate, (str, bytes)) or hasattr(certificate, "__fspath__"):
        return check_file(certificate, smt=smt)
    if smt:
        raise InvalidArgument("smt= cross-checks read the certificate from a file; pass its path")
    data = certificate.to_dict() if hasattr(certificate, "to_dict") else certificate
    return check_data(json.loads(json.dumps(data)))


def theorem_names() -> list:
    """The names of the theorems :func:`verify` knows."""
    from .theorems.registry import THEOREMS

    return list(THEOREMS)


def proof_names() -> list:
    """The names of the proofs :func:`prove` knows."""
    from proofs.registry import PROOFS

    return list(PROOFS)


def construction_names() -> list:
    """The names of the constructions :func:`build` knows."""
    from .constructions.registry import builders

    return list(builders())


def export(net, path, format: str = "onnx", dtype: str = "float32", opset: int = None) -> dict:
    """Export ``net`` to a float model file (``verinet export``; needs the ``bridge`` extra):
    :func:`verinet.bridge.export.export`."""
    from .bridge.export import export as export_model

    return export_model(net, path, format, dtype, opset)


def import_onnx(model, sidecar=None):
    """The exact network of an ONNX model (``verinet import``; needs the ``bridge`` extra):
    :func:`verinet.bridge.onnx_import.from_onnx`."""
    from .bridge.onnx_import import from_onnx

    return from_onnx(model, sidecar=sidecar)


def drift(net, points, dtype: str = "float64", devices=("cpu",), onnxruntime: bool = True):
    """How far the exported float model drifts from ``net`` on ``points``, exactly (``verinet
    drift``; needs the ``bridge`` extra): :func:`verinet.bridge.drift.drift_report`."""
    from .bridge.drift import drift_report

    return drift_report(net, points, dtype, devices=devices, onnxruntime=onnxruntime)
