"""The catalogue of named builders behind ``verinet build NAME`` and ``verinet build --list``.

A builder module registers each public builder with :func:`register`, giving its CLI name,
a one-line summary and its parameters (name -> (parser, help)).  ``verinet.cli`` and the
tests read the catalogue; nothing else does.
"""

from dataclasses import dataclass, field
from typing import Callable

from ..errors import InvalidArgument

__all__ = ["Builder", "register", "builders", "get_builder"]


@dataclass(frozen=True)
class Builder:
    name: str
    summary: str
    function: Callable  # keyword arguments -> Construction
    parameters: dict = field(default_factory=dict)  # name -> (parse: str -> value, help text)


_CATALOGUE: dict = {}


def register(name: str, summary: str, parameters: dict):
    """Decorator: add a builder function to the catalogue under ``name``."""

    def decorate(function):
        if name in _CATALOGUE:
            raise InvalidArgument(f"builder name {name!r} registered twice")
        _CATALOGUE[name] = Builder(name, summary, function, parameters)
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
