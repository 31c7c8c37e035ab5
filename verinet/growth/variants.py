"""The variants a growth sweep can measure: ``{name: Variant}``.

A variant is a point function (``point(**params) -> dict``, the row of one point: sizes,
:func:`~verinet.growth.statistics.point_statistics`, bounds), the names of its parameters,
the two size parameters the fit uses, and the claimed parameter growth it is compared with.
A new construction plugs in by adding one entry to :data:`VARIANTS`.
"""

from dataclasses import dataclass
from typing import Callable, Optional

from ..errors import InvalidArgument
from . import lsyz

__all__ = ["Variant", "VARIANTS", "get_variant"]


@dataclass(frozen=True)
class Variant:
    """One construction measured by ``verinet sweep growth``.

    ``claims(params)`` lists the claimed growth terms ``(label, {axis: exponent})``;
    ``bound(params)`` is the claimed bound of ``||theta||_inf`` at one point (exact), whose
    ratio to the measured maximum is reported; ``verifiable`` says whether ``point`` takes
    ``verify=`` (the full theorem certificate); ``network(params)`` rebuilds a point's network
    (for the plot of a ``d = 1`` network against its target).
    """

    name: str
    point: Callable
    parameters: tuple
    axes: tuple
    description: str
    claims: Optional[Callable] = None
    bound: Optional[Callable] = None
    verifiable: bool = False
    network: Optional[Callable] = None


def _seed_claims(p: dict) -> list:
    return [(label, {"N": a, "L": b}) for label, a, b in lsyz.seed_exponents(p["d"], p["q"])]


VARIANTS = {v.name: v for v in (
    Variant("lsyz", lsyz.lsyz_point, lsyz.PARAMETERS, ("N", "L"),
            "Lu-Shen-Yang-Zhang 2021 Theorem 1.1 network (bit extraction with slope 2^L)",
            claims=_seed_claims, bound=lambda p: lsyz.seed_bound(p["d"], p["q"], p["N"], p["L"]), verifiable=True,
            network=lambda p: lsyz.lsyz_network(**p)),
    Variant("bounded", lsyz.bounded_point, lsyz.PARAMETERS, ("N", "L"),
            "the same network with the bounded doubling chain in every bit-extraction stage (verinet's [R] "
            "reconstruction of the Holler-Morina claim; verify it with `verinet verify lsyz21-1.1-bounded`)",
            claims=_seed_claims, bound=lambda p: lsyz.seed_bound(p["d"], p["q"], p["N"], p["L"]),
            network=lambda p: lsyz.lsyz_network(**p, variant="bounded")),
)}


def get_variant(name: str) -> Variant:
    """The variant called ``name``.

    Raises
    ------
    InvalidArgument
        For an unknown name (the message lists the known ones).
    """
    if name not in VARIANTS:
        raise InvalidArgument(f"unknown growth variant {name!r}; known: {', '.join(sorted(VARIANTS))}")
    return VARIANTS[name]
