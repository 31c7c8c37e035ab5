"""Size claims: parameter counts of named blocks against bound functions of the theorem's sizes.

The papers count a network built from parallel sub-networks as the sum of its parts'
parameters; the standard layered form also stores the zero blocks between parallel chains
(``(2n)^2`` entries per layer for ``n`` width-2 chains), so its count is larger.  Both are
reported; the theorem's bounds are compared with the block count.
"""

from dataclasses import dataclass
from typing import Callable

from ..interpret.metrics import size_metrics
from .certificate import Check

__all__ = ["SizeBound", "block_parameters", "size_table", "parameter_checks", "METRICS"]

# The size metrics a certificate records for each named network.
METRICS = ("depth", "width", "parameters", "nonzero_parameters", "max_abs_parameter", "max_numerator_bits",
           "max_denominator_bits")


@dataclass(frozen=True)
class SizeBound:
    """``#parameters(block) <= bound(**sizes)``; ``formula`` is the bound as the paper writes it."""

    block: str
    formula: str
    bound: Callable


def block_parameters(blocks) -> int:
    """``sum multiplicity * #parameters(net)`` over ``(net, multiplicity)`` blocks."""
    return sum(mult * size_metrics(net)["parameters"] for net, mult in blocks)


def size_table(networks: dict) -> dict:
    """``{name: {metric: value}}`` (:data:`METRICS`) of each named network's layered form."""
    out = {}
    for name, net in networks.items():
        m = size_metrics(net)
        out[name] = {k: m[k] for k in METRICS}
    return out


def parameter_checks(blocks: dict, bounds, sizes: dict, table: dict) -> list:
    """One check per :class:`SizeBound`: the block count of ``blocks[bound.block]`` against ``bound(**sizes)``.

    The counts are also written into ``table[block]["block_parameters"]``.
    """
    checks = []
    for size in bounds:
        count = block_parameters(blocks[size.block])
        limit = size.bound(**sizes)
        table.setdefault(size.block, {})["block_parameters"] = count
        checks.append(Check(f"{size.block}_parameters", f"#parameters({size.block}) summed over its blocks <= "
                            "paper bound", count, limit, count <= limit, "<=", {}, {"bound": size.formula}))
    return checks
