"""The variants a growth sweep can measure: ``{name: Variant}``.

A variant is a point function (``point(**params) -> dict``, the row of one point: sizes,
:func:`~verinet.growth.statistics.point_statistics`, bounds), the names of its parameters,
the two size parameters the fit uses, and the claimed parameter growth it is compared with.
A new construction plugs in by adding one entry to :data:`VARIANTS`.
"""

from dataclasses import dataclass
from typing import Callable, Optional

from ..errors import InvalidArgument
from ..numbers import as_rational
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


def _exact_row(row: dict) -> dict:
    """A construction's ``growth_point`` row with ``max_abs_parameter`` exact (its string read back)."""
    return {**row, "max_abs_parameter": as_rational(row["max_abs_parameter"], "max_abs_parameter")}


def _requ_point(q: int, K: int, f: str) -> dict:
    """:func:`verinet.constructions.requ_spline.growth_point` (ReQU splines on ``K`` cells, degree ``q - 1``)."""
    from ..constructions.requ_spline import growth_point

    return _exact_row(growth_point(f, q, K))


def _shallow_point(activation: str):
    def point(n: int, f: str) -> dict:
        """:func:`verinet.constructions.shallow.growth_point`: one hidden layer, Taylor degree ``n``, the
        finite-difference error held at its default ``eps = 1/1000``."""
        from ..constructions.shallow import growth_point

        return _exact_row(growth_point(activation, f, n))

    return point


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
    Variant("requ", _requ_point, ("q", "K", "f"), ("K", "q"),
            "ReQU splines with local Taylor polynomials on K cells: |theta| <= max(4, 3 beta / 2) for every K "
            "([R], docs/requ-and-shallow.md; sweep K with --set K=2,4,8,16)"),
    Variant("sigmoid", _shallow_point("sigmoid"), ("n", "f"), ("n",),
            "one hidden logistic layer by finite differences, Taylor degree n ([R], docs/requ-and-shallow.md; "
            "sweep n with --set n=1..5)"),
    Variant("gaussian", _shallow_point("gaussian"), ("n", "f"), ("n",),
            "one hidden Gaussian layer by finite differences, Taylor degree n ([R]; --set n=1..5)"),
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
