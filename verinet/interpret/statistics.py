"""Exact parameter statistics of a network, whole and per block: the papers' ``||theta||_inf``.

For the standard layered form ``L_L o sigma_L o ... o sigma_1 o L_0`` (:mod:`.layered`) with
``L_l(x) = W_l x + b_l``, the parameters are all entries of the ``W_l`` and ``b_l`` and

    ||theta||_inf = max(max_l max |W_l|, max_l max |b_l|)

(e.g. Lu-Shen-Yang-Zhang 2021's and Morina-Holler's parameter bounds are bounds of this
number).  :func:`parameter_statistics` computes it exactly (rationals), with
``max |weight|`` and ``max |bias|`` apart, the numerator and denominator bit sizes of each
maximum in lowest terms, and where the maximum sits: its block, node, layer, row and column.

Blocks come from the construction's node names: ``NetworkBuilder.embed`` prefixes the
nodes of an embedded network with ``prefix + '/'`` (``'c1/r1/L3'``), so a node's block is
its name up to the last ``'/'`` (:func:`block_of`; nodes without a prefix are in
:data:`TOP`).  Each row of the layered form belongs to a node (``Layered.owners``): a
unit and the weights and bias into it belong to the activation node that made it, a
carried unit (an identity pass-through) to the node whose value it carries, an output
row to the output node.  Where affine maps of two blocks merge (an embedded network's
output map into the next block's first layer), the merged weights belong to the block of
the unit they feed.
"""

from dataclasses import dataclass

from .._backend import MPQ
from ..errors import InvalidArgument
from .layered import Layered, to_layered

__all__ = ["ParameterStatistics", "BlockStatistics", "Location", "parameter_statistics", "block_of", "TOP"]

TOP = "(top)"  # the block of nodes without a prefix (and of a Layered without owners)


def block_of(node, level: int = None) -> str:
    """The block of ``node``: its name up to the last ``'/'`` (its first ``level`` prefix parts
    when ``level`` is given), or :data:`TOP` when it has no prefix.

    Examples
    --------
    >>> block_of("fit_0/plane2/relu7"), block_of("fit_0/plane2/relu7", level=1), block_of("index")
    ('fit_0/plane2', 'fit_0', '(top)')
    """
    parts = str(node).split("/")[:-1]
    if level is not None:
        parts = parts[:level]
    return "/".join(parts) or TOP


@dataclass(frozen=True)
class Location:
    """Where a parameter sits: ``kind`` ``'weight'`` (entry ``(row, column)`` of ``W_layer``) or
    ``'bias'`` (entry ``row`` of ``b_layer``; ``column`` is None), the row's node and block."""

    block: str
    node: str
    layer: int
    kind: str
    row: int
    column: int = None

    def to_dict(self) -> dict:
        return {"block": self.block, "node": self.node, "layer": self.layer, "kind": self.kind, "row": self.row,
                "column": self.column}


def _bits(q: MPQ) -> dict:
    return {"numerator": int(abs(q.numerator)).bit_length(), "denominator": int(q.denominator).bit_length()}


@dataclass(frozen=True)
class BlockStatistics:
    """Exact maxima over a set of parameters (a block, or the whole network).

    ``max_abs_parameter = max(max_abs_weight, max_abs_bias)``; ``location`` is the first
    parameter (in layer, row, column order, weights of a row before its bias) attaining it;
    ``parameters`` counts the weights and biases (zeros included, as in the papers' count).
    """

    max_abs_weight: MPQ
    max_abs_bias: MPQ
    max_abs_parameter: MPQ
    location: Location
    parameters: int

    def to_dict(self) -> dict:
        """Exact values as strings ``'p/q'``, bit sizes and counts as ints.

        Keys: ``max_abs_weight``, ``max_abs_bias``, ``max_abs_parameter``, ``max_abs_weight_bits``,
        ``max_abs_bias_bits``, ``max_abs_parameter_bits`` (each ``{'numerator': int,
        'denominator': int}``, of the value in lowest terms), ``location`` (:meth:`Location.to_dict`)
        and ``parameters``.
        """
        out = {}
        for name in ("max_abs_weight", "max_abs_bias", "max_abs_parameter"):
            out[name] = str(getattr(self, name))
        for name in ("max_abs_weight", "max_abs_bias", "max_abs_parameter"):
            out[f"{name}_bits"] = _bits(getattr(self, name))
        out["location"] = self.location.to_dict()
        out["parameters"] = self.parameters
        return out


@dataclass(frozen=True)
class ParameterStatistics(BlockStatistics):
    """:class:`BlockStatistics` of the whole layered form, and ``per_block`` {block: BlockStatistics}
    in the order the blocks first appear (layer by layer)."""

    per_block: dict = None

    def to_dict(self) -> dict:
        """:meth:`BlockStatistics.to_dict` and ``per_block`` {block: its dict}."""
        return {**super().to_dict(), "per_block": {k: v.to_dict() for k, v in self.per_block.items()}}


class _Maxima:
    """Running maxima of one block, over integer numerators of one common denominator per layer."""

    def __init__(self):
        self.weight = self.bias = MPQ(0)
        self.best = None  # (value, Location) of the largest parameter so far
        self.parameters = 0

    def row(self, layer: int, r: int, node, block, numerators, bias: int, den: int) -> None:
        self.parameters += len(numerators) + 1
        top = max(numerators, key=abs)
        weight = MPQ(abs(top), den)
        if weight > self.weight:
            self.weight = weight
        if self.best is None or weight > self.best[0]:
            self.best = (weight, Location(block, str(node), layer, "weight", r, numerators.index(top)))
        value = MPQ(abs(bias), den)
        if value > self.bias:
            self.bias = value
        if value > self.best[0]:
            self.best = (value, Location(block, str(node), layer, "bias", r))

    def result(self, cls=BlockStatistics, **extra):
        return cls(self.weight, self.bias, max(self.weight, self.bias), self.best[1], self.parameters, **extra)


def parameter_statistics(net, level: int = None) -> ParameterStatistics:
    """Exact ``max |weight|``, ``max |bias|`` and ``||theta||_inf`` of ``net``'s layered form,
    their location and the same per block (module docstring).

    ``net`` is a :class:`~verinet.network.Network` or a :class:`~verinet.interpret.layered.Layered`
    (without ``owners`` every row is in :data:`TOP`).  ``level`` keeps the first ``level`` parts
    of each block name (``level=1``: ``'fit_0/plane2'`` counts as ``'fit_0'``).

    Examples
    --------
    >>> from verinet.calculus import relu_identity
    >>> stats = parameter_statistics(relu_identity(1, depth=2))
    >>> str(stats.max_abs_parameter), stats.location.layer, stats.parameters
    ('1', 0, 13)
    """
    if level is not None and (type(level) is not int or level < 0):
        raise InvalidArgument(f"level={level!r} must be an int >= 0 (prefix parts kept in block names)")
    layered = net if isinstance(net, Layered) else to_layered(net)
    total, blocks = _Maxima(), {}
    for index, layer in enumerate(layered.layers):
        owners = layered.owners[index] if layered.owners is not None else (TOP,) * layer.out_dim
        den = int(layer.denominator)
        for r, (row, bias, node) in enumerate(zip(layer.weight_numerators, layer.bias_numerators, owners)):
            block = TOP if layered.owners is None else block_of(node, level)
            for maxima in (total, blocks.setdefault(block, _Maxima())):
                maxima.row(index, r, node, block, row, int(bias), den)
    return total.result(ParameterStatistics, per_block={k: v.result() for k, v in blocks.items()})
