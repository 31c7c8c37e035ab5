"""The proof scripts by name: ``verinet prove NAME`` looks them up here.

Every entry is a module with ``THEOREM`` (a :class:`~verinet.claims.theorem.Theorem`),
``PARAMETERS`` and ``prove(**params) -> Certificate``: the theorem scripts of
``proofs/syz2022/`` and ``proofs/lsyz2021/`` under the theorem registry's names (its aliases ``a1``, ``2.1``, ``2.2``,
``2.3`` are accepted too), and the lemma scripts of ``proofs/lemmas/`` under their file
names with hyphens (``sq-approx-error-eq-of-depth``).  Adding a proof is one import and one
entry in :data:`PROOFS`.
"""

from verinet.errors import InvalidArgument
from verinet.theorems.registry import ALIASES

from .lemmas import (
    bit_extraction_eq_of_digits,
    cube_index_eq_pow_four_of_mem_cube,
    mid3_eq_median,
    mid_repair_error_le_of_off_region_error,
    mul_approx_error_le_of_mem_box,
    point_fitting_eq_of_samples,
    polynomial_approx_error_le_of_degree,
    sq_approx_error_eq_of_depth,
    unpacking_eq_of_packed,
)
from .lsyz2021 import thm_1_1 as lsyz_1_1, thm_1_1_bounded as lsyz_1_1_bounded, thm_2_1 as lsyz_2_1, thm_2_2 as lsyz_2_2
from .syz2022 import thm_2_1, thm_2_2, thm_2_3, thm_a1

__all__ = ["PROOFS", "get", "source_of"]

PROOFS = {module.THEOREM.name: module for module in (
    thm_a1, thm_2_1, thm_2_2, thm_2_3, lsyz_2_2, lsyz_2_1, lsyz_1_1, lsyz_1_1_bounded,
    sq_approx_error_eq_of_depth, bit_extraction_eq_of_digits, mid3_eq_median,
    mid_repair_error_le_of_off_region_error, mul_approx_error_le_of_mem_box, cube_index_eq_pow_four_of_mem_cube,
    unpacking_eq_of_packed, point_fitting_eq_of_samples, polynomial_approx_error_le_of_degree,
)}


def get(name: str):
    """The proof module called ``name`` (or a theorem alias of it).

    Raises
    ------
    InvalidArgument
        For an unknown name, listing the known ones.
    """
    key = ALIASES.get(name, name)
    if key not in PROOFS:
        raise InvalidArgument(f"unknown proof {name!r}; known: {', '.join(PROOFS)} (aliases {', '.join(ALIASES)})")
    return PROOFS[key]


def source_of(module) -> str:
    """The folder a proof module lives in, e.g. ``"proofs/lemmas"``."""
    return module.__name__.rsplit(".", 1)[0].replace(".", "/")
