"""Exact maximum (or minimum) of a ReLU network on a box by branch and bound.

Main statement
--------------
:func:`extreme` returns ``M = max_X sigma phi`` (``sigma = +1`` for the maximum, ``-1`` for the
minimum, ``min phi = -max(-phi)``) with a point ``x*`` of ``X`` where ``sigma phi(x*) = M``
(exact evaluation), and a *certificate*: a list of sub-boxes partitioning ``X`` (the leaves of
the split tree), each with an exact rational ``B >= max sigma phi`` on it and ``B <= M``:

* ``"pruned"``: ``B`` is the exact linear relaxation bound (:func:`verinet.analysis.relaxation.relax`)
  of the sub-box, and ``B <= phi(x')`` for a point ``x'`` already evaluated, so the sub-box
  cannot hold a larger value;
* ``"affine"``: every ReLU unit is stable on the sub-box, so ``phi`` is affine there and
  ``B`` is its exact maximum, at a corner;
* ``"regions"``: the sub-box's linear regions were enumerated (:mod:`verinet.analysis.regions`:
  every unstable ReLU split, an exact LP on each fully fixed activation pattern) and ``B``
  is the exact maximum over them.

Since the sub-boxes cover ``X``, ``max_X sigma phi = max B = M``.  :func:`recheck` re-derives
every bound of a certificate from the network alone.

Search
------
Best first: the open sub-box with the largest bound (the loosest) is taken next.  Unless it
can be pruned, it is closed when its units are all stable, or enumerated when few units
remain unstable (``leaf_units``) or halving each side once has not reduced their number
(many kinks meet at one point, which splitting the box cannot separate); otherwise it is
halved across its widest side.  Every new sub-box's majorant corner is evaluated exactly,
which raises the best value found.  The search stops when no open sub-box has a bound above
the best value: then the best value equals the largest remaining bound.
"""

import heapq
from dataclasses import dataclass

from .._backend import MPQ
from ..errors import BudgetExceeded, VerinetError
from ..interpret.exact import evaluate
from ..network import Network
from .leaf_extremes import leaf_extremes, leaf_value
from .regions import leaves
from .relaxation import kernels, relax

__all__ = ["Branch", "Extreme", "extreme", "recheck", "LEAF_UNITS"]

LEAF_UNITS = 4


@dataclass(frozen=True)
class Branch:
    """One leaf of the split tree: ``sign * phi <= bound`` on ``box``; ``how`` is ``"pruned"``,
    ``"affine"`` or ``"regions"`` (then ``regions`` counts the regions enumerated)."""

    box: tuple
    bound: MPQ
    how: str
    regions: int = 0

    def as_json(self) -> dict:
        return {"box": [[str(a), str(b)] for a, b in self.box], "bound": str(self.bound), "how": self.how,
                "regions": self.regions}


@dataclass(frozen=True)
class Extreme:
    """``value = max_X sign * phi = sign * phi(witness)``; ``nodes`` relaxations computed,
    ``regions`` regions enumerated (both counted when this search computed them, not when it
    reused the other search's); ``branches`` the certificate (module docstring)."""

    sign: int
    value: MPQ
    witness: tuple
    nodes: int
    regions: int
    branches: tuple


class _Search:
    def __init__(self, net, sign, budget, weights, cache):
        self.net, self.sign, self.budget, self.weights, self.cache = net, sign, budget, weights, cache
        self.best, self.witness = None, None
        self.nodes = self.regions = 0
        self.branches = []

    def consider(self, points) -> None:
        for point, (y,) in zip(points, evaluate(self.net, points)):
            value = self.sign * y
            if self.best is None or value > self.best:
                self.best, self.witness = value, tuple(point)

    def bound(self, box, parent=None):
        """The relaxation of ``box`` for this search's sign; both signs are computed at once and
        kept in the cache, which the other search of the same box reuses (the split tree is
        deterministic, so both searches meet the same sub-boxes near the root)."""
        if box not in self.cache:
            self.nodes += 1
            self.budget.charge_regions(len(self.cache) + 1 + self.regions, stage=f"branch and bound node {len(self.cache) + 1}")
            self.cache[box] = relax(self.net, box, self.weights, (1, -1), None if parent is None else parent.bounds)
        return self.cache[box][0 if self.sign > 0 else 1]

    def enumerate(self, box) -> None:
        """Close ``box`` by its regions: the exact maximum of ``sign * phi`` over each."""
        top, count = None, 0
        for leaf in leaves(self.net, box, self.budget):
            count += 1
            low, high = leaf_extremes(leaf, box)
            point = high if self.sign > 0 else low
            value = self.sign * leaf_value(leaf, point)
            if top is None or value > top[0]:
                top = (value, point)
        self.regions += count
        self.budget.charge_regions(len(self.cache) + self.regions, stage=f"branch and bound node {len(self.cache)}")
        self.consider([top[1]])
        self.branches.append(Branch(box, top[0], "regions", count))


def _halves(box):
    i = max(range(len(box)), key=lambda k: box[k][1] - box[k][0])
    lo, hi = box[i]
    mid = (lo + hi) / 2
    return [box[:i] + ((lo, mid),) + box[i + 1 :], box[:i] + ((mid, hi),) + box[i + 1 :]]


def extreme(net: Network, box, sign: int, budget, leaf_units: int = LEAF_UNITS, cache=None) -> Extreme:
    """``max_X sign * phi`` with witness and certificate (module docstring).

    Parameters
    ----------
    net : Network
        A scalar-output ReLU network (checked by the caller).
    box : tuple of (MPQ, MPQ)
        Already checked (:func:`verinet.analysis.interval_pass.as_box`).
    sign : {1, -1}
    budget : Budget
        Each relaxation and each enumerated region counts against ``budget.regions``.
    leaf_units : int
        A sub-box with at most this many unstable units is enumerated instead of split.
    cache : dict, optional
        Relaxations by sub-box, shared by the searches for the maximum and the minimum.

    Raises
    ------
    BudgetExceeded
        When the region or time cap is passed; the message says how far the bounds got:
        the best exact value found and the largest open bound.
    """
    search = _Search(net, sign, budget, kernels(net), {} if cache is None else cache)
    d = sum(1 for a, b in box if a < b)  # the sides a split can halve
    heap, tick = [], 0
    try:
        root = search.bound(box)
        search.consider([root.corner, tuple((a + b) / 2 for a, b in box)])
        heap.append((-root.bound, tick, box, root, 0))
        while heap:
            _, _, sub, rel, stall = heapq.heappop(heap)
            if rel.bound <= search.best:
                search.branches.append(Branch(sub, rel.bound, "pruned"))
                continue
            if rel.unstable == 0:
                search.consider([rel.corner])
                search.branches.append(Branch(sub, rel.bound, "affine"))
                continue
            if rel.unstable <= leaf_units or stall >= d:
                search.enumerate(sub)
                continue
            children = [(half, search.bound(half, rel)) for half in _halves(sub)]
            search.consider([r.corner for _, r in children])
            for half, r in children:
                tick += 1
                heapq.heappush(heap, (-r.bound, tick, half, r, stall + 1 if r.unstable >= rel.unstable else 0))
    except BudgetExceeded as exc:
        raise BudgetExceeded(f"{exc}; branch and bound had {_bracket(search, heap, sign)}") from None
    _check_dominated(search)
    return Extreme(sign, search.best, search.witness, search.nodes, search.regions, tuple(search.branches))


def _bracket(search, heap, sign) -> str:
    """``max phi in [best, open bound]`` (or the min's bracket) when the search stopped."""
    if search.best is None:
        return "no bound yet"
    top = max([search.best] + [-key for key, *_ in heap])
    low, high = (search.best, top) if sign > 0 else (-top, -search.best)
    return f"{'max' if sign > 0 else 'min'} phi in [{low}, {high}] ({search.nodes} nodes, {search.regions} regions)"


def _check_dominated(search) -> None:
    """Every branch bound is at most the best value (an ``"affine"`` one equals a value evaluated)."""
    for branch in search.branches:
        if branch.bound > search.best:
            raise VerinetError(f"internal error: branch and bound left a branch with bound {branch.bound} "
                               f"above the maximum {search.best} found")


def recheck(net: Network, box, result: Extreme) -> None:
    """Re-check a certificate from :func:`extreme` against ``net``, independently of the search.

    The witness is evaluated exactly; the split tree is replayed from ``box`` (each internal
    box halved across its widest side, as the search does, so every sub-box sees the same
    inherited bounds) down to the certificate's branches, and at each branch the claim is
    derived again: a ``"pruned"`` or ``"affine"`` bound from the relaxation (an affine
    branch with no unstable unit), a ``"regions"`` bound from the sub-box's regions; each must
    be at most the value.  The branches must be exactly the leaves reached.

    Raises
    ------
    VerinetError
        Naming the first claim that does not hold.
    """
    sign, value = result.sign, result.value
    ((y,),) = evaluate(net, [result.witness])
    if sign * y != value:
        raise VerinetError(f"certificate: phi at the witness is {y}, not the claimed {sign * value}")
    claims = {b.box: b for b in result.branches}
    smallest = min((_volume(b.box) for b in result.branches), default=0)
    weights = kernels(net)
    stack, seen = [(box, None)], 0
    while stack:
        sub, parent = stack.pop()
        (r,) = relax(net, sub, weights, (sign,), None if parent is None else parent.bounds)
        claim = claims.get(sub)
        if claim is None:
            if _volume(sub) <= smallest:
                raise VerinetError(f"certificate: the branches do not cover the box (nothing covers {_text(sub)})")
            stack.extend((half, r) for half in _halves(sub))
            continue
        seen += 1
        bound = _rederived(net, sub, sign, r, claim)
        if bound > value:
            raise VerinetError(f"certificate: branch {_text(sub)} ({claim.how}) has bound {bound} above the value {value}")
    if seen != len(claims):
        raise VerinetError(f"certificate: {len(claims) - seen} branches are not leaves of the split tree")


def _rederived(net, box, sign, r, claim) -> MPQ:
    if claim.how == "regions":
        values = []
        for leaf in leaves(net, box):
            low, high = leaf_extremes(leaf, box)
            values.append(sign * leaf_value(leaf, high if sign > 0 else low))
        return max(values)
    if claim.how == "affine" and r.unstable:
        raise VerinetError(f"certificate: branch {_text(box)} is not affine ({r.unstable} unstable units)")
    return r.bound


def _volume(box) -> MPQ:
    """The product of the box's positive side lengths (a fixed coordinate counts 1)."""
    out = MPQ(1)
    for a, b in box:
        if b > a:
            out *= b - a
    return out


def _text(box) -> str:
    return "[" + "; ".join(f"{a}, {b}" for a, b in box) + "]"
