"""``Construction``: a built network together with what the paper claims about it."""

from dataclasses import dataclass, field

from ..network import Network

__all__ = ["Construction"]


@dataclass(frozen=True)
class Construction:
    """A network and the paper's claims about it, to be checked exactly.

    Attributes
    ----------
    name : str
        The builder's catalogue name, e.g. ``"sawtooth"``.
    network : Network
        The exact network.
    parameters : dict
        The builder arguments that produced it.
    claims : dict
        What the paper says, as exact values: e.g. ``{"width": 2, "depth": 8,
        "sup_error": MPQ(1, 4096), "max_abs_weight": MPQ(4)}``.  Keys used across the
        library: ``width``, ``depth``, ``parameters`` (count), ``sup_error``,
        ``max_abs_weight``, ``interval`` / ``box`` (the domain of the error claim).
    reference : str
        The paper and lemma, e.g. ``"Shen-Yang-Zhang 2022, Prop. B.1"``.
    """

    name: str
    network: Network
    parameters: dict = field(default_factory=dict)
    claims: dict = field(default_factory=dict)
    reference: str = ""
