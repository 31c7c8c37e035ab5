"""The catalogue of named builders behind ``verinet build NAME`` and ``verinet build --list``.

A builder module registers each public builder with :func:`register`, giving its CLI name,
a one-line summary, its parameters (name -> (parser, help)) and, when it has parameters, an
``estimate`` of its size from them (:mod:`verinet.constructions.estimates`);
:func:`build` checks the estimate against limits before building.  ``verinet.cli`` and the
tests read the catalogue; nothing else does.
"""

from dataclasses import dataclass, field
from typing import Callable

from ..errors import InvalidArgument
from .estimates import Limits, check_estimate

__all__ = ["Builder", "register", "builders", "get_builder", "build"]


@dataclass(frozen=True)
class Builder:
    name: str
    summary: str
    function: Callable  # keyword arguments -> Construction
    parameters: dict = field(default_factory=dict)  # name -> (parse: str -> value, help text)
    estimate: Callable | None = None  # the builder's keyword arguments -> Estimate; None: fixed size


_CATALOGUE: dict = {}


def register(name: str, summary: str, parameters: dict, estimate: Callable | None = None):
    """Decorator: add a builder function to the catalogue under ``name``.

    Raises
    ------
    InvalidArgument
        If ``name`` is taken, or the builder has parameters but no ``estimate``.
    """

    def decorate(function):
        if name in _CATALOGUE:
            raise InvalidArgument(f"builder name {name!r} registered twice")
        if parameters and estimate is None:
            raise InvalidArgument(f"builder {name!r} has parameters but no size estimate")
        _CATALOGUE[name] = Builder(name, summary, function, parameters, estimate)
        return function

    return decorate


def _load_all():
    # Importing the construction modules registers their builders.
    import importlib
    import pkgutil

    from .. import constructions

    for info in pkgutil.iter_modules(constructions.__path__):
        if info.name != "registry":
            importlib.import_module(f"{constructions.__name__}.{info.name}")


def builders() -> dict:
    """All registered builders, by name, sorted."""
    _load_all()
    return dict(sorted(_CATALOGUE.items()))


def get_builder(name: str) -> Builder:
    catalogue = builders()
    if name not in catalogue:
        raise InvalidArgument(f"unknown construction {name!r}; known: {', '.join(catalogue)}")
    return catalogue[name]


def build(builder: Builder, arguments: dict, limits: Limits = Limits()):
    """``builder.function(**arguments)`` once its size estimate is within ``limits``.

    Raises
    ------
    BudgetExceeded
        When the estimate is past a limit (see :func:`~verinet.constructions.estimates.check_estimate`).
    """
    if builder.estimate is not None:
        check_estimate(builder.name, builder.estimate(**arguments), limits)
    return builder.function(**arguments)
