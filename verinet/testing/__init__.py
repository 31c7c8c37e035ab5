"""Test helpers for users of verinet: hypothesis strategies, assertion helpers, pytest fixtures.

``from verinet.testing import networks, rationals, assert_realises`` — needs hypothesis
(``pip install 'verinet[test]'``).  The pytest plugin (:mod:`verinet.testing.plugin`,
registered as the ``pytest11`` entry point ``verinet``) adds the fixtures.
"""

from .assertions import assert_certificate_passes, assert_realises, assert_sup_error_at_most
from .strategies import (
    ALL_OPS,
    EXACT_OPS,
    LipschitzTarget,
    affine_ops,
    dyadics,
    lipschitz_targets,
    matrices,
    networks,
    points,
    points_in_box,
    rationals,
)

__all__ = [
    "ALL_OPS", "EXACT_OPS", "LipschitzTarget", "affine_ops", "dyadics", "lipschitz_targets", "matrices",
    "networks", "points", "points_in_box", "rationals",
    "assert_realises", "assert_sup_error_at_most", "assert_certificate_passes",
]
