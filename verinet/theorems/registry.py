"""The theorems verinet checks, by name: ``verinet verify NAME`` and ``proofs/`` look them up here.

Names are qualified by paper (``syz22-2.1``: Shen-Yang-Zhang 2022, Theorem 2.1); the short
names of the first release (``a1``, ``2.1``, ``2.2``, ``2.3``) stay as aliases.  Adding a
theorem is one module that ends with a :class:`~verinet.claims.theorem.Theorem` and one
line in :data:`THEOREMS` (docs/architecture.md).  Only the CLI and the proof scripts import
this module; the theorem modules never do.
"""

from ..errors import InvalidArgument
from .lsyz2021 import thm_1_1 as lsyz_1_1, thm_1_1_bounded as lsyz_bounded, thm_2_1 as lsyz_2_1, thm_2_2 as lsyz_2_2
from .syz2022 import thm_2_1, thm_2_2, thm_2_3, thm_a1

__all__ = ["THEOREMS", "ALIASES", "get", "paper_of"]

THEOREMS = {t.name: t for t in (thm_a1.THEOREM, thm_2_1.THEOREM, thm_2_2.THEOREM, thm_2_3.THEOREM,
                                lsyz_2_2.THEOREM, lsyz_2_1.THEOREM, lsyz_1_1.THEOREM, lsyz_bounded.THEOREM)}

ALIASES = {"a1": "syz22-a1", "2.1": "syz22-2.1", "2.2": "syz22-2.2", "2.3": "syz22-2.3"}


def get(name: str):
    """The :class:`~verinet.claims.theorem.Theorem` called ``name`` (or an alias of it).

    Raises
    ------
    InvalidArgument
        For an unknown name, listing the known ones.
    """
    key = ALIASES.get(name, name)
    if key not in THEOREMS:
        raise InvalidArgument(f"unknown theorem {name!r}; known: {', '.join(THEOREMS)} "
                              f"(aliases {', '.join(ALIASES)})")
    return THEOREMS[key]


def paper_of(theorem) -> str:
    """The paper part of a theorem's reference (``"Shen-Yang-Zhang 2022"``)."""
    return theorem.reference.split(",")[0]
