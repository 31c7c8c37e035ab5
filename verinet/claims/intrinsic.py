"""Intrinsic-parameter claims: which entries of the layered form carry the target.

A theorem says a network has ``k`` intrinsic parameters when, building it for different
targets, only ``k`` fixed entries of its standard layered form change.  Two checks:

* :func:`positions_hold` -- the declared positions hold the values the construction put there;
* :func:`only_declared_differ` -- across networks built for several targets, exactly the
  declared positions differ and everything else (architecture, every other entry) is identical.
"""

from ..interpret.layered import to_layered
from .certificate import Check

__all__ = ["layer_entries", "layered_entries", "positions_hold", "only_declared_differ"]


def layer_entries(k: int, layer) -> dict:
    """``{(k, "W", row, col) or (k, "b", row, None): value}`` of one layer."""
    out = {}
    for r, row in enumerate(layer.weights()):
        for c, w in enumerate(row):
            out[(k, "W", r, c)] = w
    for r, bias in enumerate(layer.bias()):
        out[(k, "b", r, None)] = bias
    return out


def layered_entries(net) -> dict:
    """All entries of the standard layered form, keyed as in :func:`layer_entries`."""
    out = {}
    for k, layer in enumerate(to_layered(net).layers):
        out.update(layer_entries(k, layer))
    return out


def positions_hold(net, positions, expected, claim: str) -> Check:
    """The entries of ``net`` at ``positions`` equal ``expected`` (in order); layers read only where needed."""
    layers = to_layered(net).layers
    tables = {k: layer_entries(k, layers[k]) for k in {pos[0] for pos in positions} if k < len(layers)}
    got = [tables.get(pos[0], {}).get(pos) for pos in positions]
    bad = [pos for pos, g, e in zip(positions, got, expected) if g != e]
    return Check("intrinsic_by_construction", claim, len(positions), len(expected),
                 not bad and len(positions) == len(expected), "==", {"wrong_positions": bad[:3]})


def only_declared_differ(networks, declared, descriptions) -> Check:
    """Building for several targets (``descriptions``), exactly the ``declared`` positions differ.

    Layers are compared as exact ops first; entries are read only in layers that differ.
    """
    forms = [to_layered(net).layers for net in networks]
    declared = set(declared)
    shapes = {tuple((layer.in_dims, layer.out_dim) for layer in form) for form in forms}
    if len(shapes) != 1:
        return Check("intrinsic_by_diff", "the architecture does not depend on f", "different shapes",
                     "one shape", False, "==")
    differing = set()
    for k, group in enumerate(zip(*forms)):
        if any(layer != group[0] for layer in group[1:]):
            tables = [layer_entries(k, layer) for layer in group]
            differing |= {pos for pos in tables[0] if len({t[pos] for t in tables}) > 1}
    parameters = sum(layer.out_dim * (sum(layer.in_dims) + 1) for layer in forms[0])
    return Check("intrinsic_by_diff", f"building for {len(networks)} targets, exactly the declared "
                 "parameters differ", len(differing), len(declared), differing == declared, "==",
                 {"undeclared_but_differing": sorted(map(str, differing - declared))[:3],
                  "declared_but_constant": sorted(map(str, declared - differing))[:3]},
                 {"targets": list(descriptions), "parameters": parameters})
