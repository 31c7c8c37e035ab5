"""Linear regions of a ReLU network inside a box, as exact polytopes.

On a box ``X`` a ReLU network ``phi`` is continuous and piecewise affine.  The search walks
the network's ops in order, keeping every node's value as an exact affine function of the
input on the current polytope ``R`` (integer matrix over one denominator).  At each ReLU
unit with pre-activation ``z(x) = r . (x, 1)`` it decides, exactly:

* ``z >= 0`` on ``R`` (the unit passes ``z``) or ``z <= 0`` on ``R`` (it outputs 0): first
  from the interval pass on the whole box, then from the known vertices of ``R`` and one
  exact LP (:mod:`verinet.analysis.lp`) for the other sign;
* otherwise ``min_R z < 0 < max_R z`` and ``R`` splits into ``R & {z <= 0}`` and
  ``R & {z >= 0}``.  Both parts have the dimension of the box: a point of ``R`` with
  ``z > 0`` pulled slightly towards a relative-interior point of ``R`` stays in the relative
  interior and keeps ``z > 0``.

Each leaf of the search is a *region*: a polytope (the box's rows plus one row per split
on its path) on which every ReLU has a fixed sign, hence ``phi`` is one affine map.  The
regions cover the box and their relative interiors are disjoint.  They are activation
regions: two neighbours may carry the same affine map, so their number bounds the number
of maximal linear pieces from above.

The known vertices of ``R`` (corners, LP optima) are inherited by the children that contain
them; each is a valid warm start for the next LP and often decides a unit without one.
"""

import math
from dataclasses import dataclass, field

from .._backend import MPQ, IntMatrix
from ..errors import InvalidArgument
from ..network import Network
from ..numbers import as_rational
from ..interpret.columns import affine_kernels
from ..interpret.walk import Rules
from ..ops import Add, Affine, Concat, Input, ReLU, ReQU, Slice, TRANSCENDENTAL
from .budget import as_budget
from .interval_pass import as_box, interval_bounds
from .lp import Vertex, box_rows, corner_vertex, dot, maximize, minimize

__all__ = ["Region", "Leaf", "leaves", "iter_regions", "linear_regions"]


@dataclass(frozen=True)
class Region:
    """A polytope inside the box on which the network is the affine map ``x -> W x + b``.

    Attributes
    ----------
    inequalities : tuple of (tuple of MPQ, MPQ)
        Rows ``(a, c)`` meaning ``a . x <= c``: first the box's ``2 d`` rows, then one row
        per ReLU split on the region's path (H-representation, exact).
    weights : tuple of tuple of MPQ
        ``W`` (out_dim rows of d entries).
    bias : tuple of MPQ
        ``b``.
    """

    inequalities: tuple
    weights: tuple
    bias: tuple

    def contains(self, point) -> bool:
        """True when ``point`` satisfies every inequality (boundary included)."""
        x = [as_rational(v, f"point[{i}]") for i, v in enumerate(point)]
        if len(x) != len(self.weights[0]):
            raise InvalidArgument(f"point has {len(x)} coordinates, the region lives in dimension {len(self.weights[0])}")
        return all(dot(a, x) <= c for a, c in self.inequalities)

    def value(self, point) -> tuple:
        """``W x + b`` at ``point`` (equal to the network's value when ``point`` is in the region)."""
        x = [as_rational(v, f"point[{i}]") for i, v in enumerate(point)]
        return tuple(dot(w, x) + b for w, b in zip(self.weights, self.bias))


@dataclass(frozen=True)
class Leaf:
    """A region in the search's own terms: LP rows, known vertices, output form ``matrix / den``."""

    rows: list
    vertices: list
    matrix: IntMatrix
    den: int

    def region(self) -> Region:
        d = self.matrix.ncols() - 1
        inequalities = tuple((tuple(MPQ(v) for v in a), MPQ(c)) for a, c in self.rows)
        table = self.matrix.tolist()
        weights = tuple(tuple(MPQ(int(v), self.den) for v in row[:d]) for row in table)
        bias = tuple(MPQ(int(row[d]), self.den) for row in table)
        return Region(inequalities, weights, bias)

    def output_row(self, index: int = 0) -> tuple:
        """``(a, c)``: output ``index`` is ``(a . x + c) / den`` on this region (integers)."""
        row = [int(v) for v in self.matrix.tolist()[index]]
        return row[:-1], row[-1]


# ---------------------------------------------------------------------------------------
# Affine forms: a node's value on the current region is matrix . (x, 1) / den, with an
# integer matrix (k x (d + 1)) and a positive integer den, kept reduced.


def _reduced(matrix, den):
    g = math.gcd(den, *(int(v) for v in matrix.entries()))
    return (matrix / g, den // g) if g > 1 else (matrix, den)


def _affine(op: Affine, args, ctx):
    # (Wn / D) (M / e) + bn / D = (Wn M + bn (0, ..., 0, e)) / (D e); ctx = (search, state, node)
    ((matrix, den),) = args
    weights, bias = ctx[0].kernels[id(op)]
    width = matrix.ncols()
    shift = IntMatrix(1, width, [0] * (width - 1) + [den])
    return _reduced(weights * matrix + bias * shift, op.denominator * den)


def _common(xs):
    den = math.lcm(*(e for _, e in xs))
    return [m * (den // e) for m, e in xs], den


def _add(op: Add, xs, ctx):
    matrices, den = _common(xs)
    total = matrices[0]
    for m in matrices[1:]:
        total = total + m
    return _reduced(total, den)


def _concat(op: Concat, xs, ctx):
    matrices, den = _common(xs)
    return _reduced(IntMatrix([row for m in matrices for row in m.tolist()]), den)


def _slice(op: Slice, args, ctx):
    ((matrix, den),) = args
    return _reduced(IntMatrix(matrix.tolist()[op.start : op.stop]), den)


def _relu(op: ReLU, args, ctx):
    """The search step: the unit signs on the region, or a split (``ctx = (search, state, node)``)."""
    search, state, node = ctx
    return search.relu(state, node, op, args[0])


RULES = Rules(
    "linear regions",
    {Affine: _affine, ReLU: _relu, Add: _add, Concat: _concat, Slice: _slice},
    hints={ReQU: "ReQU networks are piecewise polynomial, not piecewise linear: use the 1-D piecewise-polynomial form",
           **dict.fromkeys(TRANSCENDENTAL, "enclose it with verinet.enclose")},
)
"""The search walks these rules itself (it stops at splits and resumes in each child), so the
table follows the shared walk's signature and group but is not run by :func:`walk`."""


class _Split(list):
    """The two child states a ReLU rule returns instead of a value when its region splits."""


@dataclass
class _State:
    """One node of the search: a polytope, its known vertices and the walk's position."""

    step: int
    env: dict
    rows: list
    vertices: list
    unit: int = 0
    pending: list = None  # the current ReLU's input rows, as ints
    decided: list = field(default_factory=list)  # its output rows decided so far


class _Search:
    def __init__(self, net: Network, box, budget):
        self.net = net
        self.box = box
        self.budget = budget
        self.d = net.in_dim
        self.order = net.order()
        self.bounds = interval_bounds(net, box)
        self.kernels = affine_kernels(net)

    def initial(self) -> _State:
        d = self.d
        identity = IntMatrix(d, d + 1, [1 if j == i else 0 for i in range(d) for j in range(d + 1)])
        return _State(step=0, env={self.net.input: (identity, 1)}, rows=box_rows(self.box), vertices=[corner_vertex(self.box)])

    def advance(self, state: _State):
        """Walk on until a split (return the two children) or the end (return None)."""
        net, table = self.net, RULES.table
        while state.step < len(self.order):
            node = self.order[state.step]
            op = net.op(node)
            if type(op) is not Input:
                value = table[type(op)](op, tuple(state.env[a] for a in net.arguments(node)), (self, state, node))
                if type(value) is _Split:
                    return value
                state.env[node] = value
            self.finish(state, node)
        return None

    def finish(self, state: _State, node):
        for arg in self.net.freed_after(node):
            del state.env[arg]
        state.step += 1

    def relu(self, state: _State, node, op: ReLU, x):
        """The ReLU's output on the region, or a :class:`_Split` at its first undecided unit
        (resumed from there in each child)."""
        (arg,) = self.net.arguments(node)
        matrix, den = x
        if state.pending is None:
            state.pending = [[int(v) for v in row] for row in matrix.tolist()]
        bounds = self.bounds[arg]
        while state.unit < op.dim:
            j = state.unit
            self.budget.check_time(f"node {node!r} unit {j}")
            r = state.pending[j]
            lo, hi = bounds[j]
            sign = 1 if lo >= 0 else -1 if hi <= 0 else self.sign_on_region(r, state)
            if sign == 0:
                return self.split(state, r)
            state.decided.append(r if sign > 0 else [0] * len(r))
            state.unit += 1
        value = (IntMatrix(state.decided), den)
        state.unit, state.pending, state.decided = 0, None, []
        return value

    def sign_on_region(self, r, state: _State) -> int:
        """+1 if r . (x, 1) >= 0 on the region, -1 if <= 0, 0 if it takes both signs."""
        a, c = r[:-1], r[-1]
        values = [dot(a, v.point) + c for v in state.vertices]
        low, high = min(values), max(values)
        # Known vertices bound min_R z from above and max_R z from below; an LP gives the
        # exact value only for the side whose sign is still open.
        if low >= 0:
            best = minimize(a, state.rows, state.vertices[values.index(low)])
            _remember(state.vertices, best)
            low = dot(a, best.point) + c
            if low >= 0:
                return 1
        if high <= 0:
            best = maximize(a, state.rows, state.vertices[values.index(high)])
            _remember(state.vertices, best)
            high = dot(a, best.point) + c
            if high <= 0:
                return -1
        return 0

    def split(self, state: _State, r):
        """The children ``R & {z <= 0}`` (unit off) and ``R & {z >= 0}`` (unit on)."""
        a, c = r[:-1], r[-1]
        values = [dot(a, v.point) + c for v in state.vertices]
        off = ((tuple(a), -c), [v for v, z in zip(state.vertices, values) if z <= 0], [0] * len(r))
        on = ((tuple(-v for v in a), c), [v for v, z in zip(state.vertices, values) if z >= 0], r)
        return _Split(
            _State(
                step=state.step,
                env=dict(state.env),
                rows=state.rows + [row],
                vertices=vertices,
                unit=state.unit + 1,
                pending=state.pending,
                decided=state.decided + [output],
            )
            for row, vertices, output in (off, on)
        )


def _remember(vertices: list, vertex: Vertex) -> None:
    if all(v.point != vertex.point for v in vertices):
        vertices.append(vertex)


def leaves(net: Network, box, budget=None):
    """Generate the regions of ``net`` on ``box`` in the search's own form (:class:`Leaf`).

    Regions come in a deterministic depth-first order (unit off before unit on).  The
    budget is charged one region at a time and its clock checked at every ReLU unit.

    Raises
    ------
    InvalidArgument, ShapeError
        For a bad box or budget.
    UnsupportedOp
        For an op outside ``verinet.ops.PIECEWISE_LINEAR`` (ReQU, sigmoid, Gaussian).
    BudgetExceeded
        When the region cap or the time cap is passed; the message says how many regions
        were completed.
    """
    RULES.check(net)
    box = as_box(box, net.in_dim)
    budget = as_budget(budget)
    search = _Search(net, box, budget)
    stack = [search.initial()]
    count = 0
    while stack:
        state = stack.pop()
        children = search.advance(state)
        if children:
            stack.extend(reversed(children))
            continue
        count += 1
        budget.charge_regions(count, stage=f"region {count} ({len(state.rows) - 2 * search.d} splits deep)")
        matrix, den = state.env[net.output]
        yield Leaf(state.rows, state.vertices, matrix, den)


def iter_regions(net: Network, box, budget=None):
    """Generate the linear (activation) regions of ``net`` inside ``box`` as :class:`Region`.

    See the module docstring for the method and :func:`leaves` for order, budget and errors.
    """
    for leaf in leaves(net, box, budget):
        yield leaf.region()


def linear_regions(net: Network, box, budget=None) -> list:
    """All linear (activation) regions of ``net`` inside ``box``, each with its affine map.

    Parameters
    ----------
    net : Network
        Any ReLU network; its input width is the box's dimension.
    box : str or sequence of (a, b)
        Rational corners, see :func:`verinet.analysis.interval_pass.as_box`.
    budget : Budget, optional
        Caps on regions and seconds.

    Returns
    -------
    list of Region
        Polytopes covering the box with disjoint relative interiors; on each one the
        network equals ``region.weights x + region.bias`` exactly.

    Raises
    ------
    InvalidArgument, ShapeError
        For a bad box or budget.
    BudgetExceeded
        When the budget runs out (the message says how many regions were completed).

    Examples
    --------
    >>> from verinet.network import NetworkBuilder
    >>> b = NetworkBuilder(); x = b.input(2)
    >>> net = b.build(b.relu(b.affine(x, [[1, -1]])))        # relu(x1 - x2)
    >>> [[str(w) for w in r.weights[0]] for r in linear_regions(net, "0,1;0,1")]
    [['0', '0'], ['1', '-1']]
    """
    return list(iter_regions(net, box, budget))
