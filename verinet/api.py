"""The public entry points that reach the registries: build, verify, prove by name.

This is the Python face of ``verinet build``, ``verinet verify`` and ``verinet prove``, a top
layer like the CLI (it may import the registries; nothing below it does).  Everything here is
re-exported from ``verinet``::

    >>> import verinet
    >>> cert = verinet.verify("syz22-a1", d=1, n=2, f="x1/2", lipschitz="1/2")
    >>> cert.verdict
    'pass'
"""

from .constructions.estimates import Limits

__all__ = ["build", "verify", "prove", "theorem_names", "proof_names", "construction_names"]


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
