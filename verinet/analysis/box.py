"""Exact range of a scalar ReLU network on a box, and whether it is constant there.

Main statements
---------------
* :func:`box_range`: ``min`` and ``max`` of ``phi`` over the box ``X`` with witnesses
  ``argmin``, ``argmax`` in ``X`` (exact rational points, re-checked by exact evaluation).
  ``phi`` is continuous and affine on each region ``R`` of :mod:`verinet.analysis.regions`,
  the regions cover ``X``, so ``max_X phi = max_R max_{x in R} phi_R(x)``, each inner max an
  exact LP attained at a vertex of ``R``.  By default (``method="auto"``) the regions are not
  all visited: a box with one free coordinate (``a_i = b_i`` for the others) of a ReLU
  network is read off the exact 1-D form of the restriction (:mod:`verinet.analysis.box1d`),
  and any other box goes to exact branch and bound (:mod:`verinet.analysis.bnb`): sub-boxes
  whose exact relaxation bound is at most a value already attained are pruned, and only the
  remaining small sub-boxes are enumerated; its certificate lists every branch with its exact
  bound.  ``method="enumerate"`` visits every region; when the search never splits (every ReLU
  stable on ``X``) ``phi`` is one affine map ``g . x + h`` with extremes at corners.
* :func:`constant_on_box`: ``phi`` is constant on ``X`` iff ``min = max``.  Decided fast: the
  interval enclosure of the output may be a single point (constant); two corners or the
  centre may differ (not constant, with both points as witnesses); otherwise regions are
  searched only until one of them is not flat.
* :func:`analyze_box`: both, as a JSON-ready dict for ``verinet analyze FILE --box``.
"""

from dataclasses import dataclass
from itertools import islice, product

from .._backend import MPQ
from ..errors import InvalidArgument, ShapeError, VerinetError
from ..interpret.exact import evaluate
from ..network import Network
from .box1d import METHOD as METHOD_1D, free_coordinate, range_1d
from .bnb import extreme
from .budget import as_budget
from .interval_pass import as_box, interval_bounds
from .leaf_extremes import leaf_extremes, leaf_value
from .regions import RULES as REGION_RULES, leaves

__all__ = ["BoxRange", "Constancy", "box_range", "constant_on_box", "analyze_box"]

MAX_CORNER_PROBES = 64
METHODS = ("auto", "1d", "branch-and-bound", "enumerate")
METHOD_BNB = "exact branch and bound"


@dataclass(frozen=True)
class BoxRange:
    """``minimum = phi(argmin) <= phi(x) <= phi(argmax) = maximum`` for every ``x`` in the box.

    ``regions`` is the number of regions searched (1 when the network is affine on the box),
    or, when ``method`` is ``"1-D form"``, the number of linear pieces of the restriction to
    the box's free coordinate, or for branch and bound the relaxations computed plus the
    regions enumerated; ``method`` says how the extremes were found; ``branches`` is branch
    and bound's certificate (the minimum's, then the maximum's), empty otherwise.
    """

    minimum: MPQ
    maximum: MPQ
    argmin: tuple
    argmax: tuple
    regions: int
    method: str
    branches: tuple = ()


@dataclass(frozen=True)
class Constancy:
    """Whether ``phi`` is constant on the box; ``value`` when it is, else two ``witnesses``
    ``(x, y)`` with ``phi(x) != phi(y)``.  ``regions``: how many regions were searched."""

    constant: bool
    value: MPQ | None
    witnesses: tuple
    regions: int


def _require_scalar(net: Network) -> None:
    if net.out_dim != 1:
        raise ShapeError(f"box analysis needs a scalar-output network; this one has {net.out_dim} outputs")


def _verified(net: Network, points, values) -> None:
    """Re-evaluate the witnesses exactly; a mismatch is a bug in this module, never a result."""
    for point, value, got in zip(points, values, evaluate(net, points)):
        if got[0] != value:
            raise VerinetError(
                f"internal error: box analysis found {value} at {[str(v) for v in point]} "
                f"but exact evaluation gives {got[0]}"
            )


def box_range(net: Network, box, budget=None, method: str = "auto") -> BoxRange:
    """Exact minimum and maximum of a scalar network on a box, with witnesses.

    Parameters
    ----------
    net : Network
        A ReLU network with one output.
    box : str or sequence of (a, b)
        ``"a1,b1;a2,b2"`` or pairs of exact numbers, ``a_i <= b_i``.
    budget : Budget, optional
        Caps on regions (branch-and-bound nodes count as regions), on pieces (1-D box) and
        seconds.
    method : {"auto", "1d", "branch-and-bound", "enumerate"}
        ``"auto"``: the exact 1-D form when the network is ReLU and exactly one coordinate
        of the box is free (``a_k < b_k``), exact branch and bound otherwise
        (:mod:`verinet.analysis.bnb`); ``"enumerate"``: an exact LP on every linear region.

    Returns
    -------
    BoxRange
        ``method`` says which way was taken; for branch and bound ``branches`` holds the
        two certificates (:class:`~verinet.analysis.bnb.Extreme`, minimum then maximum).

    Raises
    ------
    InvalidArgument
        For a float, unparsable or empty (``a_i > b_i``) coordinate, or a bad budget.
    ShapeError
        When the box's dimension is not the input width, or the output is not scalar.
    BudgetExceeded
        When the region, piece (1-D box) or time cap is passed, saying how far it got;
        no partial range is returned.

    Examples
    --------
    >>> from verinet.network import NetworkBuilder
    >>> b = NetworkBuilder(); x = b.input(2)
    >>> h = b.relu(b.affine(x, [[1, 1], [1, -1]], [-1, 0]))
    >>> net = b.build(b.affine(h, [[1, -2]]))       # relu(x1 + x2 - 1) - 2 relu(x1 - x2)
    >>> r = box_range(net, "0,1;0,1")
    >>> str(r.minimum), [str(v) for v in r.argmin], str(r.maximum), [str(v) for v in r.argmax]
    ('-2', ['1', '0'], '1', ['1', '1'])
    >>> r = box_range(net, "1/2,1/2;-1,1")                # x1 fixed: the 1-D form of x2 -> phi
    >>> str(r.minimum), [str(v) for v in r.argmin], str(r.maximum), r.method
    ('-3', ['1/2', '-1'], '1/2', '1-D form')
    """
    _require_scalar(net)
    box = as_box(box, net.in_dim)
    budget = as_budget(budget)
    if method not in METHODS:
        raise InvalidArgument(f"box method={method!r} must be one of {', '.join(METHODS)}")
    k = free_coordinate(net, box)
    if method == "1d" and k is None:
        raise InvalidArgument("box method '1d' needs a ReLU network and a box with exactly one free coordinate")
    if k is not None and method in ("auto", "1d"):
        low, argmin, high, argmax, pieces = range_1d(net, box, k, budget)
        _verified(net, [argmin, argmax], [low, high])
        return BoxRange(low, high, argmin, argmax, pieces, METHOD_1D)
    REGION_RULES.check(net)
    if method == "enumerate":
        return _enumerated(net, box, budget)
    cache = {}
    top = extreme(net, box, 1, budget, cache=cache)
    bottom = extreme(net, box, -1, budget, cache=cache)
    _verified(net, [bottom.witness, top.witness], [-bottom.value, top.value])
    return BoxRange(-bottom.value, top.value, bottom.witness, top.witness,
                    top.nodes + top.regions + bottom.nodes + bottom.regions, METHOD_BNB, (bottom, top))


def _enumerated(net, box, budget) -> BoxRange:
    """The range from every region: an exact LP per region (corners when there is one)."""
    best_low = best_high = None
    count = 0
    for leaf in leaves(net, box, budget):
        count += 1
        low, high = leaf_extremes(leaf, box)
        low_value, high_value = leaf_value(leaf, low), leaf_value(leaf, high)
        if best_low is None or low_value < best_low[0]:
            best_low = (low_value, low)
        if best_high is None or high_value > best_high[0]:
            best_high = (high_value, high)
    _verified(net, [best_low[1], best_high[1]], [best_low[0], best_high[0]])
    method = "affine on the box (every ReLU stable), extremes at corners" if count == 1 else "exact LP on every region"
    return BoxRange(best_low[0], best_high[0], best_low[1], best_high[1], count, method)


def _probe_points(box) -> list:
    """The centre, then corners (all of them when there are at most 64)."""
    centre = tuple((lo + hi) / 2 for lo, hi in box)
    return [centre] + [tuple(c) for c in islice(product(*box), MAX_CORNER_PROBES)]


def constant_on_box(net: Network, box, budget=None) -> Constancy:
    """Decide exactly whether a scalar network is constant on a box.

    Cheapest test first: a one-point interval enclosure of the output proves constancy;
    two probe points (centre and corners) with different values disprove it; otherwise the
    regions are searched and the search stops at the first region where the network is not
    flat (or whose value differs from the first region's).

    Returns
    -------
    Constancy

    Raises
    ------
    InvalidArgument, ShapeError, BudgetExceeded
        As :func:`box_range`.

    Examples
    --------
    >>> from verinet.network import NetworkBuilder
    >>> b = NetworkBuilder(); x = b.input(2)
    >>> net = b.build(b.relu(b.affine(x, [[1, 1]], [-3])))     # relu(x1 + x2 - 3)
    >>> c = constant_on_box(net, "0,1;0,1")
    >>> c.constant, str(c.value)
    (True, '0')
    >>> constant_on_box(net, "0,2;0,2").constant
    False
    """
    _require_scalar(net)
    box = as_box(box, net.in_dim)
    budget = as_budget(budget)
    ((lo, hi),) = interval_bounds(net, box)[net.output]
    if lo == hi:
        return Constancy(True, lo, (), 0)
    probes = _probe_points(box)
    values = [y for (y,) in evaluate(net, probes)]
    for point, value in zip(probes[1:], values[1:]):
        if value != values[0]:
            return Constancy(False, None, (probes[0], point), 0)
    count = 0
    for leaf in leaves(net, box, budget):
        count += 1
        low, high = leaf_extremes(leaf, box)
        for point in (low, high):
            if leaf_value(leaf, point) != values[0]:
                _verified(net, [point], [leaf_value(leaf, point)])
                return Constancy(False, None, (probes[0], point), count)
    return Constancy(True, values[0], (), count)


def analyze_box(net: Network, box, budget=None, method: str = "auto") -> dict:
    """The box report for ``verinet analyze FILE --box``: JSON-ready, every number an exact string.

    Keys: ``box``, ``interval`` (the cheap enclosure of the output), ``min``, ``max``,
    ``argmin``, ``argmax``, ``constant``, ``value`` (the constant value or ``None``),
    ``regions`` (number of linear regions searched, of linear pieces for a 1-D box, or of
    relaxations and regions for branch and bound), ``method`` (see :func:`box_range`) and
    ``certificate``: for branch and bound ``{"min": ..., "max": ...}``, each with the
    ``value``, its ``witness``, ``nodes``, ``regions`` and the ``branches`` that partition the
    box, each ``{"box", "bound", "how", "regions"}`` with ``bound`` exact and at most the
    value (:mod:`verinet.analysis.bnb`); ``None`` for the other methods.

    Raises
    ------
    InvalidArgument, ShapeError, BudgetExceeded
        As :func:`box_range`.

    Examples
    --------
    >>> from verinet.network import NetworkBuilder
    >>> b = NetworkBuilder(); x = b.input(1)
    >>> net = b.build(b.relu(x))
    >>> report = analyze_box(net, "-1,1/2")
    >>> report["min"], report["max"], report["argmax"], report["constant"], report["regions"], report["method"]
    ('0', '1/2', ['1/2'], False, 2, '1-D form')
    """
    _require_scalar(net)
    box = as_box(box, net.in_dim)
    ((lo, hi),) = interval_bounds(net, box)[net.output]
    result = box_range(net, box, budget, method)
    constant = result.minimum == result.maximum
    return {
        "box": [[str(a), str(b)] for a, b in box],
        "interval": [str(lo), str(hi)],
        "min": str(result.minimum),
        "max": str(result.maximum),
        "argmin": [str(v) for v in result.argmin],
        "argmax": [str(v) for v in result.argmax],
        "constant": constant,
        "value": str(result.minimum) if constant else None,
        "regions": result.regions,
        "method": result.method,
        "certificate": {name: _certificate(e) for name, e in zip(("min", "max"), result.branches)} or None,
    }


def _certificate(e) -> dict:
    """One search's certificate as exact strings; a ``"min"`` bound is on ``-phi``."""
    return {"value": str(e.sign * e.value), "witness": [str(v) for v in e.witness], "nodes": e.nodes,
            "regions": e.regions, "branches": [b.as_json() for b in e.branches]}
