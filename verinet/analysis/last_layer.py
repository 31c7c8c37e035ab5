"""The exact range on all of ``R^k`` of a network whose last hidden layer is read off directly."""

from collections import defaultdict

from .._backend import MPQ
from ..interpret.layered import to_layered

__all__ = ["last_layer_range"]


def last_layer_range(net) -> tuple:
    """The exact range ``(lo, hi)`` of ``net`` on all of ``R^k``, from its last hidden layer.

    The output is ``c + sum_r w_r relu(u_r)``.  Units whose pre-activations share one weight
    row differ only by their biases, so each such group contributes a 1-D function
    ``F(z) = sum w_r relu(z + b_r)`` of one free variable ``z``; ``F`` is 0 at ``-oo`` and,
    when ``sum w_r = 0``, constant at ``+oo``, so its range is spanned by its values at the
    kinks ``z = -b_r``.  The sum of the groups' ranges contains the network's range (groups
    need not reach their extremes together, so this is an enclosure).  Returns None when
    some group is unbounded.
    """
    layers = to_layered(net).layers
    last, prev = layers[-1], layers[-2]
    (w,), (c,) = last.weights(), last.bias()
    groups = defaultdict(list)
    for r, (row, bias) in enumerate(zip(prev.weights(), prev.bias())):
        if w[r]:
            groups[tuple(row)].append((w[r], bias))
    lo = hi = c
    for units in groups.values():
        if sum(wr for wr, _ in units):
            return None
        values = [MPQ(0)] + [sum((wr * max(MPQ(0), z + br) for wr, br in units), MPQ(0))
                             for z in (-br for _, br in units)]
        lo, hi = lo + min(values), hi + max(values)
    return lo, hi
