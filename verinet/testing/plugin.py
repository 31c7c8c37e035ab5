"""pytest plugin (entry point ``pytest11: verinet``): fixtures for tests of constructions.

* ``verinet_construction`` — ``verinet_construction("sawtooth", m=3)`` builds a registered
  construction (the size estimate checked first, as ``verinet build`` does) and returns it
  (``.network``, ``.claims``).
* ``verinet_strategies`` — the module :mod:`verinet.testing.strategies`.

The assertion helpers are plain functions: ``from verinet.testing import assert_realises``.
"""

import pytest

__all__ = ["verinet_construction", "verinet_strategies"]


@pytest.fixture
def verinet_construction():
    """A function ``(name, **params) -> Construction`` for the registered builders."""
    from ..constructions.registry import build, get_builder

    def make(name: str, **params):
        return build(get_builder(name), params)

    return make


@pytest.fixture
def verinet_strategies():
    """:mod:`verinet.testing.strategies` (hypothesis strategies for exact numbers and networks)."""
    from . import strategies

    return strategies
