"""An exact linear relaxation of a ReLU network on a box: a sound upper bound of ``max sigma phi``.

Main statement
--------------
Let ``X = prod_i [a_i, b_i]`` and ``phi`` a scalar ReLU network.  :func:`relax` returns, for
``sigma in {+1, -1}``, a rational ``B`` with ``sigma phi(x) <= B`` for every ``x`` in ``X``, the
corner of ``X`` where its linear majorant is largest, and how many ReLU units are *unstable*
on ``X`` (their pre-activation bounds straddle 0).  When no unit is unstable, ``phi`` is
affine on ``X``, the majorant is ``sigma phi`` itself and ``B`` is the exact maximum of
``sigma phi`` on ``X``, attained at that corner.

Method (CROWN, every number an exact rational)
----------------------------------------------
The ReLU nodes are relaxed in walk order.  For a ReLU whose input is node ``z``:

1. *Bounds.*  Every node carries two affine functions of ``x``, ``lo(x) <= z(x) <= up(x)`` on
   ``X``, exact through ``Affine`` (``W^+ up + W^- lo + b``), ``Add``, ``Concat``, ``Slice``
   and through the relaxed units (step 2); ``max_X (g . x + c) = c + sum_i max(g_i a_i, g_i b_i)``
   (the corner the signs pick) gives bounds ``l_j <= z_j <= u_j``, intersected with those of an
   enclosing box when the caller passes them (``inherited``: a sub-box inherits them
   soundly).  For the units still open (``l_j < 0 < u_j``) the rows ``+e_j`` and ``-e_j`` on
   ``z`` are *back-substituted*: pulled back through the graph in reverse order, exactly
   through the linear ops and at each earlier unstable unit with coefficient ``lambda`` by
   its upper line (``lambda >= 0``) or its lower line (``lambda < 0``), which gives
   ``+-z_j(x) <= g . x + h`` on ``X`` and usually tighter bounds.
2. *Triangle.*  ``l_j >= 0``: the unit passes ``z_j``; ``u_j <= 0``: it gives ``0``; otherwise
   ``alpha z <= relu(z) <= s (z - l')`` for ``z in [l_j, u_j]``, with ``l' <= l_j`` and
   ``u' >= u_j`` dyadic (:data:`FRACTION_BITS` fraction bits), ``s >= u' / (u' - l')``
   dyadic and ``alpha = 1`` if ``u' >= -l'`` else ``0``.  The upper line is ``0`` at ``l'`` and at
   least ``u'`` at ``u'``, hence above the convex ``relu`` on ``[l', u']``; rounding to dyadics
   only widens the triangle, so it stays sound and the numbers stay short.

Finally the objective ``sigma phi`` is pulled back the same way and maximized at a corner.
This is CROWN's bound (Zhang et al. 2018, "Efficient neural network robustness certification
with general activation functions") with the triangle relaxation (Ehlers 2017), computed in
exact rational arithmetic (integer matrices over one denominator, multiplied by python-flint).
"""

import math
from dataclasses import dataclass

from .._backend import MPQ, IntMatrix
from ..interpret.walk import Rules, walk
from ..network import Network
from ..ops import Add, Affine, Concat, Input, ReLU, ReQU, Slice, TRANSCENDENTAL

__all__ = ["Relaxation", "relax", "kernels", "RULES", "FRACTION_BITS"]

FRACTION_BITS = 32
ONE = 1 << FRACTION_BITS  # the dyadic unit: slopes are S / ONE, lower ends L / ONE
ZERO = MPQ(0)


@dataclass(frozen=True)
class Relaxation:
    """``sigma phi(x) <= bound`` on the box for ``sigma = sign``; ``corner`` maximizes the
    linear majorant; ``unstable`` counts the unstable ReLU units (0: ``bound`` is exact);
    ``bounds`` maps each ReLU node to its units' exact ``(l, u)`` on the box."""

    sign: int
    bound: MPQ
    corner: tuple
    unstable: int
    bounds: dict


def kernels(net: Network) -> dict:
    """``{id(op): (W, W^+, W^-, b)}`` for every Affine op: integer matrices and the bias
    numerators, all over ``op.denominator``."""
    out = {}
    for node in net.order():
        op = net.op(node)
        if type(op) is Affine:
            rows = op.weight_numerators
            out[id(op)] = (IntMatrix([list(r) for r in rows]), IntMatrix([[max(v, 0) for v in r] for r in rows]),
                           IntMatrix([[min(v, 0) for v in r] for r in rows]), list(op.bias_numerators))
    return out


class _Pass:
    """The walk's context: the box over one denominator, the weights, the relaxed units."""

    def __init__(self, net, box, weights, inherited):
        q = math.lcm(*(int(v.denominator) for pair in box for v in pair))
        self.net, self.box, self.q = net, box, q
        self.mid = [int((a + b) * q) for a, b in box]  # 2 q * centre
        self.rad = [int((b - a) * q) for a, b in box]  # 2 q * radius
        self.kernels = weights
        self.inherited = inherited or {}
        self.units = {}  # ReLU node -> (diagonal of the passing units, unstable units, scale P), see _relu
        self.bounds = {}
        self.unstable = 0
        self.node = None

    def pull_back(self, start, rows):
        """``(G, den, h, hden)``: each row ``r`` of the integer matrix ``rows`` (on node
        ``start``) satisfies ``r . start(x) <= (G_r . x) / den + h_r / hden`` on the box."""
        net = self.net
        order = net.order()
        pending = {start: (rows, 1)}
        h, hden = IntMatrix(rows.nrows(), 1), 1
        for node in reversed(order[: order.index(start) + 1]):
            if node not in pending:
                continue
            y, den = pending.pop(node)
            op = net.op(node)
            if type(op) is Input:
                return y, den, h, hden
            args = net.arguments(node)
            if type(op) is Affine:
                w, _, _, bias = self.kernels[id(op)]
                h, hden = _plus((h, hden), (y * IntMatrix([[v] for v in bias]), den * op.denominator))
                pulled = [(y * w, den * op.denominator)]
            elif type(op) is ReLU:
                y, extra, P = self.relu_back(node, y)
                h, hden = _plus((h, hden), (extra, den * P))
                pulled = [(y, den * P)]
            elif type(op) is Add:
                pulled = [(y, den)] * len(args)
            elif type(op) is Concat:
                pulled, start_col = [], 0
                for width in op.dims:
                    pulled.append((y * _selector(op.out_dim, start_col, width), den))
                    start_col += width
            else:  # Slice
                pulled = [(y * _selector(op.in_dim, op.start, op.stop - op.start).transpose(), den)]
            for arg, part in zip(args, pulled):
                pending[arg] = _plus(pending[arg], part) if arg in pending else part
        raise AssertionError("the walk order reaches the input")  # pragma: no cover

    def relu_back(self, node, y):
        """Rows ``y`` on a ReLU's output pulled back to its input, both scaled by the node's
        ``P`` (``ONE^2`` when a unit is relaxed, else 1), the column of the upper lines' shifts
        (times ``P``) the rows pick up, and ``P``."""
        passing, unstable, P = self.units[node]
        out = y * passing
        m = y.nrows()
        extra = IntMatrix(m, 1)
        for j, S, L, alpha in unstable:
            for i in range(m):
                v = y[i, j]
                if v > 0:  # the upper line s (z - l') = (S z - S L / ONE) / ONE
                    out[i, j] = v * S * ONE
                    extra[i, 0] -= v * S * L
                elif v < 0 and alpha:  # the lower line z
                    out[i, j] = v * ONE * ONE
        return out, extra, P

    def extremes(self, rows, den, sign):
        """``max_X`` (``sign = 1``) or ``min_X`` (``-1``) of each row ``(r . x + c) / den``:
        ``r . centre + c + sign * sum_i |r_i| radius_i``."""
        q2 = 2 * self.q
        return [MPQ(sum(r * m + sign * abs(r) * w for r, m, w in zip(row, self.mid, self.rad)) + row[-1] * q2,
                    den * q2) for row in rows]

    def maxima(self, G, den, h, hden):
        """``max_X (G_r . x / den + h_r / hden)`` per row, and the maximizing corners."""
        q2 = 2 * self.q
        d = len(self.box)
        centre = G * IntMatrix(d, 1, self.mid)
        values, corners = [], []
        for i in range(G.nrows()):
            row = [G[i, j] for j in range(d)]
            spread = sum(abs(r) * w for r, w in zip(row, self.rad))
            values.append(MPQ(int(centre[i, 0] + spread), den * q2) + MPQ(int(h[i, 0]), hden))
            corners.append(tuple(b if r > 0 else a for r, (a, b) in zip(row, self.box)))
        return values, corners


def _selector(total, start, width):
    """The ``total x width`` integer matrix picking columns ``start .. start + width - 1``."""
    return IntMatrix(total, width, [int(i - start == j) for i in range(total) for j in range(width)])


def _plus(a, b):
    """The sum of two integer matrices over their denominators, ``(matrix, den)``."""
    den = math.lcm(a[1], b[1])
    return a[0] * (den // a[1]) + b[0] * (den // b[1]), den


class _Lines:
    """A node's lower and upper affine functions of ``x``: integer matrices ``k x (d + 1)``
    over one denominator, row ``(r, c)`` meaning ``(r . x + c) / den``."""

    __slots__ = ("lo", "up", "den")

    def __init__(self, lo, up, den):
        self.lo, self.up, self.den = lo, up, den


def _ints(matrix) -> list:
    return [[int(v) for v in row] for row in matrix.tolist()]


def _affine(op, args, ctx):
    (x,) = args
    _, wp, wn, bias = ctx.kernels[id(op)]
    width = x.lo.ncols()
    shift = IntMatrix(len(bias), width, [v * x.den if j == width - 1 else 0 for v in bias for j in range(width)])
    return _Lines(wp * x.lo + wn * x.up + shift, wp * x.up + wn * x.lo + shift, op.denominator * x.den)


def _relu(op, args, ctx):
    """Bound the input units on the box, then fix each unit's relaxation (module docstring)."""
    (x,) = args
    node = ctx.node
    lo_rows, up_rows, den = _ints(x.lo), _ints(x.up), x.den
    k = len(lo_rows)
    bounds = list(ctx.inherited.get(node, [(None, None)] * k))  # bounds on an enclosing box hold here too
    open_units = [j for j, (a, b) in enumerate(bounds) if a is None or a < 0 < b]
    if open_units:
        lows = ctx.extremes([lo_rows[j] for j in open_units], den, -1)
        highs = ctx.extremes([up_rows[j] for j in open_units], den, 1)
        for j, lj, uj in zip(open_units, lows, highs):
            a, b = bounds[j]
            bounds[j] = (lj if a is None else max(a, lj), uj if b is None else min(b, uj))
    tighten = [j for j in open_units if bounds[j][0] < 0 < bounds[j][1]]
    if tighten:  # back-substitution bounds for the units the forward lines leave open
        n = len(tighten)
        rows = IntMatrix(2 * n, k, [(1 - 2 * (r >= n)) * int(tighten[r % n] == j) for r in range(2 * n) for j in range(k)])
        values, _ = ctx.maxima(*ctx.pull_back(ctx.net.arguments(node)[0], rows))
        for j, hi, lo in zip(tighten, values[:n], values[n:]):
            a, b = bounds[j]
            bounds[j] = (max(a, -lo), min(b, hi))
    ctx.bounds[node] = bounds
    unstable = [j for j in tighten if bounds[j][0] < 0 < bounds[j][1]]
    P = ONE * ONE if unstable else 1  # with an unstable unit every row goes over den * ONE^2
    zero = [0] * len(lo_rows[0])
    passing, relaxed, lo, up = [], [], [], []
    for j, ((lj, uj), row_lo, row_up) in enumerate(zip(bounds, lo_rows, up_rows)):
        passing.append(P if lj >= 0 else 0)
        if lj >= 0:
            lo.append([v * P for v in row_lo] if P > 1 else row_lo)
            up.append([v * P for v in row_up] if P > 1 else row_up)
        elif uj <= 0:
            lo.append(zero)
            up.append(zero)
        else:
            L = (int(lj.numerator) * ONE) // int(lj.denominator)  # l' = L / ONE <= l
            U = -((-int(uj.numerator) * ONE) // int(uj.denominator))  # u' = U / ONE >= u
            S = -((-U * ONE) // (U - L))  # s = S / ONE >= u' / (u' - l')
            alpha = int(U >= -L)
            relaxed.append((j, S, L, alpha))
            scaled = [v * S * ONE for v in row_up]  # s up / den - s l' = (S ONE up - S L den) / (den ONE^2)
            scaled[-1] -= S * L * den
            up.append(scaled)
            lo.append([v * P for v in row_lo] if alpha else zero)
    ctx.unstable += len(relaxed)
    key = ("diagonal", tuple(passing))
    if key not in ctx.kernels:
        ctx.kernels[key] = IntMatrix(k, k, [passing[i] if i == j else 0 for i in range(k) for j in range(k)])
    ctx.units[node] = (ctx.kernels[key], relaxed, P)
    return _reduced(lo, up, den * P) if P > 1 else _Lines(IntMatrix(lo), IntMatrix(up), den)


def _reduced(lo, up, den):
    """The lines over ``den`` with the common content of every entry and ``den`` divided out."""
    g = math.gcd(den, *(v for row in lo for v in row), *(v for row in up for v in row))
    if g > 1:
        lo = [[v // g for v in row] for row in lo]
        up = [[v // g for v in row] for row in up]
    return _Lines(IntMatrix(lo), IntMatrix(up), den // g)


def _common(xs):
    """The arguments' lines over one denominator: ``([(lo, up), ...], den)``."""
    den = math.lcm(*(x.den for x in xs))
    return [(x.lo * (den // x.den), x.up * (den // x.den)) for x in xs], den


def _add(op, xs, ctx):
    scaled, den = _common(xs)
    lo, up = scaled[0]
    for a, b in scaled[1:]:
        lo, up = lo + a, up + b
    return _Lines(lo, up, den)


def _concat(op, xs, ctx):
    scaled, den = _common(xs)
    return _Lines(IntMatrix([r for a, _ in scaled for r in _ints(a)]), IntMatrix([r for _, b in scaled for r in _ints(b)]), den)


def _slice(op, args, ctx):
    (x,) = args
    return _Lines(IntMatrix(_ints(x.lo)[op.start : op.stop]), IntMatrix(_ints(x.up)[op.start : op.stop]), x.den)


RULES = Rules(
    "exact linear relaxation",
    {Affine: _affine, ReLU: _relu, Add: _add, Concat: _concat, Slice: _slice},
    hints={ReQU: "ReQU networks are piecewise polynomial: use the 1-D piecewise-polynomial form",
           **dict.fromkeys(TRANSCENDENTAL, "enclose it with verinet.enclose")},
)


def relax(net: Network, box, weights=None, signs=(1, -1), inherited=None) -> tuple:
    """The exact relaxation bounds of ``sign * phi`` on ``box`` for each sign in ``signs``.

    Parameters
    ----------
    net : Network
        A scalar-output ReLU network.
    box : tuple of (MPQ, MPQ)
        Already checked (:func:`verinet.analysis.interval_pass.as_box`).
    weights : dict, optional
        ``kernels(net)``, computed once by a caller that relaxes many boxes.
    inherited : dict, optional
        ``Relaxation.bounds`` of a box containing ``box``: valid on ``box`` too, intersected.

    Returns
    -------
    tuple of Relaxation
        One per sign, in order; see the module docstring for the claim.

    Examples
    --------
    >>> from verinet.network import NetworkBuilder
    >>> from verinet.analysis.interval_pass import as_box
    >>> b = NetworkBuilder(); x = b.input(2)
    >>> net = b.build(b.relu(b.affine(x, [[1, -1]])))        # relu(x1 - x2)
    >>> top, bottom = relax(net, as_box("0,1;0,1"))
    >>> str(top.bound), [str(v) for v in top.corner], str(-bottom.bound), top.unstable
    ('1', ['1', '0'], '-1', 1)
    """
    ctx = _Pass(net, box, kernels(net) if weights is None else weights, inherited)
    order = iter(net.order()[1:])

    def on_node(node, value):  # the walk calls it after each node, the input first
        ctx.node = next(order, None)

    d = len(box)
    identity = IntMatrix(d, d + 1, [int(i == j) for i in range(d) for j in range(d + 1)])
    out = walk(net, _Lines(identity, identity, 1), RULES, ctx=ctx, on_node=on_node)
    values, corners = ctx.maxima(*ctx.pull_back(net.output, IntMatrix([[sign] for sign in signs])))
    forward = [ctx.extremes(_ints(out.up), out.den, 1)[0] if s > 0 else -ctx.extremes(_ints(out.lo), out.den, -1)[0]
               for s in signs]
    return tuple(Relaxation(s, min(v, f), c, ctx.unstable, ctx.bounds)
                 for s, v, f, c in zip(signs, values, forward, corners))
