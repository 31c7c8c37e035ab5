"""Exact continuous piecewise-linear form of a scalar-input network on an interval.

Main statement
--------------
A ReLU network ``phi: R -> R^k`` is continuous and piecewise linear.  On ``[a, b]`` each
output coordinate equals the linear interpolant of its values at finitely many breakpoints
``a = t_0 < t_1 < ... < t_n = b``.  :func:`piecewise_linear_form` computes those breakpoints
and values exactly, one :class:`PWLForm` per output, with collinear neighbouring pieces
merged (every interior breakpoint is a genuine kink).  The cost grows with the number of
pieces, never with a sampling grid.

Method
------
Every node's value is propagated as a function on one shared *grid* of points containing
every breakpoint of every node computed so far; between two grid points every live node
is affine.  Numbers are integers in homogeneous coordinates:

* grid point ``t_j = T_j / E_j`` with ``gcd(T_j, E_j) = 1`` and ``E_j > 0``;
* each coordinate (row) of a node carries one positive integer *scale* ``c`` and the
  integers ``N_j = c * E_j * value(t_j)``.

On a segment a row is affine, ``value(t) = alpha t + beta``, so ``N = c (alpha T + beta E)``
is a *linear* function of the homogeneous point ``(T, E)``.

* Affine ``W = Wn / D``, ``b = bn / D``: output row ``i`` has scale ``D L`` with
  ``L = lcm(c_k : Wn_ik != 0)`` and numerators ``sum_k Wn_ik (L / c_k) N_k + bn_i L E``.
  The content ``gcd(D L, N)`` is then divided out, so numbers stay as small as the values
  (its part common to ``D L`` and the coefficients is divided out before the sum is formed).
* ReLU: a row with ``N_j < 0 < N_{j+1}`` (or the reverse) crosses zero inside segment ``j``
  at the homogeneous point ``mu (T_j, E_j) + nu (T_{j+1}, E_{j+1})`` with
  ``mu = |N_{j+1}|``, ``nu = |N_j|``.  By linearity every live row takes the numerator
  ``mu N_j + nu N_{j+1}`` there; after the point is reduced by ``g = gcd`` of its two
  coordinates the numerator is ``(mu N_j + nu N_{j+1}) / g``.  When that is not an integer
  for some inserted point, the whole row and its scale are multiplied by the least factor
  that makes all of them integers.  Then ``N -> max(N, 0)``.
* Add, Concat, Slice act on rows.

Collinearity of ``(t_{j-1}, v_{j-1}), (t_j, v_j), (t_{j+1}, v_{j+1})`` is tested on the
integers: with ``A_j = N_{j+1} E_j - N_j E_{j+1}`` and ``B_j = T_{j+1} E_j - T_j E_{j+1}``
(so the slope on segment ``j`` is ``A_j / (c B_j)``), breakpoint ``j`` is a kink iff
``A_{j-1} B_j != A_j B_{j-1}``, i.e. iff the reduced fractions ``A_{j-1} / B_{j-1}`` and
``A_j / B_j`` differ (``B > 0``).

Every row is a numpy array: ``int64`` while a bound computed beforehand in Python ints
proves that the operation cannot leave ``[-(2^63 - 1), 2^63 - 1]``, and an object array of
Python ints otherwise (:mod:`verinet.int64`).  The two dtypes run the same code, so results are
exact for numbers of any size; Yarotsky's ``f_20`` (2^20 pieces) stays in ``int64``
throughout.
"""

import bisect
import math
from itertools import repeat
from operator import mul

import numpy as np

from .._backend import MPQ
from ..errors import InvalidArgument, NetworkTypeError
from ..interpret.walk import Rules, walk
from ..network import Network
from ..numbers import as_rational
from ..ops import Add, Affine, Concat, ReLU, ReQU, Slice, TRANSCENDENTAL
from .budget import as_budget
from ..int64 import combination, exact_array, max_abs, product, tight

__all__ = ["PWLForm", "piecewise_linear_form", "RULES"]


class PWLForm:
    """The exact continuous piecewise-linear function through given breakpoints.

    ``value(x)`` is the linear interpolant of ``(t_j, v_j)``; ``t_j = T[j] / E[j]`` and
    ``v_j = N[j] / (scale * E[j])`` (all ints, ``E[j] > 0``, ``scale > 0``).  Build one with
    :func:`piecewise_linear_form` or :meth:`from_points`.

    Attributes
    ----------
    T, E, N : tuple of int
        The homogeneous integer data (see the module docstring).
    scale : int
    """

    __slots__ = ("T", "E", "N", "scale", "_breakpoints", "_values", "_arrays")

    def __init__(self, T, E, N, scale):
        self.T, self.E, self.N, self.scale = tuple(T), tuple(E), tuple(N), scale
        self._breakpoints = None
        self._values = None
        self._arrays = None

    @classmethod
    def from_points(cls, breakpoints, values) -> "PWLForm":
        """The interpolant of exact points; breakpoints must increase strictly.

        Collinear breakpoints are kept (use :meth:`merged` to drop them).

        Raises
        ------
        InvalidArgument
            For fewer than two points, unequal lengths, or non-increasing breakpoints.
        """
        ts = [as_rational(t, f"breakpoints[{j}]") for j, t in enumerate(breakpoints)]
        vs = [as_rational(v, f"values[{j}]") for j, v in enumerate(values)]
        if len(ts) < 2 or len(ts) != len(vs):
            raise InvalidArgument(f"need >= 2 breakpoints and as many values, got {len(ts)} and {len(vs)}")
        for j in range(len(ts) - 1):
            if not ts[j] < ts[j + 1]:
                raise InvalidArgument(f"breakpoints must increase: t[{j}]={ts[j]} >= t[{j + 1}]={ts[j + 1]}")
        scale = math.lcm(*(int(v.denominator) for v in vs))
        T = [int(t.numerator) for t in ts]
        E = [int(t.denominator) for t in ts]
        N = [int(v * scale * e) for v, e in zip(vs, E)]
        return cls(T, E, N, scale)

    @property
    def pieces(self) -> int:
        """Number of linear pieces."""
        return len(self.T) - 1

    @property
    def interval(self) -> tuple:
        """``(a, b)`` as ``MPQ``."""
        return MPQ(self.T[0], self.E[0]), MPQ(self.T[-1], self.E[-1])

    @property
    def breakpoints(self) -> tuple:
        """``(t_0, ..., t_n)`` as ``MPQ``, including both ends of the interval."""
        if self._breakpoints is None:
            self._breakpoints = tuple(map(MPQ, self.T, self.E))
        return self._breakpoints

    @property
    def values(self) -> tuple:
        """``(phi(t_0), ..., phi(t_n))`` as ``MPQ``."""
        if self._values is None:
            self._values = tuple(map(MPQ, self.N, map(mul, repeat(self.scale), self.E)))
        return self._values

    def arrays(self) -> tuple:
        """``(T, E, N)`` as numpy integer arrays, each ``int64`` when all its entries fit and
        ``object`` (Python ints) otherwise (see :mod:`verinet.int64`).  Computed once."""
        if self._arrays is None:
            self._arrays = tuple(map(exact_array, (self.T, self.E, self.N)))
        return self._arrays

    def slopes(self) -> tuple:
        """The slope of each piece, as ``MPQ``."""
        T, E, N, c = self.T, self.E, self.N, self.scale
        return tuple(
            MPQ(N[j + 1] * E[j] - N[j] * E[j + 1], c * (T[j + 1] * E[j] - T[j] * E[j + 1]))
            for j in range(len(T) - 1)
        )

    def __call__(self, x) -> MPQ:
        """Exact value at ``x`` in the interval.

        Raises
        ------
        InvalidArgument
            For a float, or ``x`` outside ``[a, b]``.
        """
        x = as_rational(x, "x")
        ts, vs = self.breakpoints, self.values
        if not ts[0] <= x <= ts[-1]:
            raise InvalidArgument(f"x={x} lies outside the interval [{ts[0]}, {ts[-1]}]")
        j = min(bisect.bisect_right(ts, x), len(ts) - 1)
        t0, t1, v0, v1 = ts[j - 1], ts[j], vs[j - 1], vs[j]
        return v0 + (v1 - v0) * (x - t0) / (t1 - t0)

    def merged(self) -> "PWLForm":
        """The same function without collinear interior breakpoints."""
        arrays = self.arrays()
        keep = _kinks(*arrays)
        if keep.all():
            return self
        T, E, N = (a[keep] for a in arrays)
        merged = PWLForm(T.tolist(), E.tolist(), N.tolist(), self.scale)
        merged._arrays = (T, E, N)
        return merged

    def to_sympy(self, x=None):
        """The form as a sympy ``Piecewise`` in ``x`` (``nan`` outside ``[a, b]``)."""
        import sympy

        x = sympy.Symbol("x") if x is None else x
        ts = [sympy.Rational(int(t), int(e)) for t, e in zip(self.T, self.E)]
        vs = [sympy.Rational(int(n), self.scale * int(e)) for n, e in zip(self.N, self.E)]
        args = []
        for j in range(len(ts) - 1):
            slope = (vs[j + 1] - vs[j]) / (ts[j + 1] - ts[j])
            expr = slope * x + (vs[j] - slope * ts[j])
            cond = sympy.And(x >= ts[0], x <= ts[1]) if j == 0 else x <= ts[j + 1]
            args.append((expr, cond))
        return sympy.Piecewise(*args)

    def __eq__(self, other):
        if not isinstance(other, PWLForm):
            return NotImplemented
        a, b = self.merged(), other.merged()
        return a.breakpoints == b.breakpoints and a.values == b.values

    __hash__ = None

    def __repr__(self):
        lo, hi = self.interval
        return f"<PWLForm on [{lo}, {hi}] with {self.pieces} pieces>"


def _kinks(T, E, N):
    """``keep[j]`` (a boolean array): breakpoint ``j`` is an end point or a genuine change of
    slope.  ``T, E, N`` are integer arrays (``int64`` or ``object``, see :mod:`verinet.int64`).

    The slopes ``A_j / (c B_j)`` of neighbouring segments are compared as reduced fractions
    ``A_j / B_j`` (``B_j > 0``), which avoids the products ``A_{j-1} B_j``; ``A_j`` and
    ``B_j`` are formed divided by ``gcd(E_j, E_{j+1})``, which keeps them small on dyadic grids.
    """
    keep = np.ones(len(T), dtype=bool)
    if len(T) > 2:
        g = np.gcd(E[:-1], E[1:])
        e0, e1 = E[:-1] // g, E[1:] // g
        A = combination([(1, product(N[1:], e0)), (-1, product(N[:-1], e1))])
        B = combination([(1, product(T[1:], e0)), (-1, product(T[:-1], e1))])
        g = np.gcd(A, B)
        A, B = A // g, B // g
        keep[1:-1] = (A[1:] != A[:-1]) | (B[1:] != B[:-1])
    return keep


# --------------------------------------------------------------------------------------
# The walk.  A node's value is a _Vec: rows of integer numerators on the shared grid, one
# positive scale per row.  A row (and the grid's T and E) is a numpy array of dtype int64
# when every entry fits, else of dtype object (Python ints): each operation bounds its
# result first (:mod:`verinet.int64`) and works on Python ints only when int64 could overflow, so
# the same code is exact for numbers of any size.  Row arrays may be shared between nodes
# (Slice, Concat, copies); they are never mutated in place, so sharing is safe and
# refinement keeps it.


class _Vec:
    __slots__ = ("rows", "scales")

    def __init__(self, rows, scales):
        self.rows = rows
        self.scales = scales


class _Grid:
    """The shared grid and the live node values that must follow its refinements.

    The walk's ``ctx``: its ``on_node`` (:meth:`visited`) keeps ``env`` equal to the walk's
    live values and ``step`` at the node being computed.
    """

    __slots__ = ("T", "E", "env", "budget", "net", "step")

    def __init__(self, T, E, budget, net):
        self.T, self.E, self.env, self.budget, self.net, self.step = T, E, {}, budget, net, 0

    def visited(self, node, value) -> None:
        env = self.env
        env[node] = value
        for a in self.net.freed_after(node):
            del env[a]
        self.budget.check_time(f"node {node!r}")
        self.step += 1

    def node(self):
        """The node being computed."""
        return self.net.order()[self.step]

    def refine(self, js, mus, nus, stage):
        """Insert the points ``mu (T_j, E_j) + nu (T_{j+1}, E_{j+1})`` (for the parallel
        arrays ``js, mus, nus``, sorted by position) and extend every live row there by
        linearity."""
        n, k = len(self.T), len(js)
        self.budget.charge_pieces(n - 1 + k, stage)
        unit = max_abs(mus) == 1 and max_abs(nus) == 1  # mu, nu >= 1
        inserted_at = js + np.arange(1, k + 1)
        if k == n - 1 and (js == np.arange(k)).all():  # one point inside every segment: interleave
            old_at = slice(0, n + k, 2)
        else:
            old_at = np.ones(n + k, dtype=bool)
            old_at[inserted_at] = False

        def combined(row):
            """``mu row[j] + nu row[j + 1]`` at every inserted point, exactly."""
            left, right = row[js], row[js + 1]
            if unit:
                return combination([(1, left), (1, right)])
            return combination([(1, product(mus, left)), (1, product(nus, right))])

        def merged(row, inserted):
            if row.dtype != inserted.dtype:
                row, inserted = row.astype(object), inserted.astype(object)
            out = np.empty(n + k, dtype=row.dtype)
            out[old_at] = row
            out[inserted_at] = inserted
            return out

        new_T, new_E = combined(self.T), combined(self.E)
        gs = np.gcd(new_T, new_E)
        exact_points = not (gs != 1).any()
        done = {}

        def extend(row):
            """``(new_row, F)``: the row on the refined grid, multiplied by ``F`` (and its
            scale with it) when some ``(mu N_j + nu N_{j+1}) / g`` is not an integer."""
            key = id(row)
            if key not in done:
                sums = combined(row)
                factor = 1
                if not exact_points and (sums % gs).any():
                    factor = math.lcm(*np.unique(gs // np.gcd(gs, sums)).tolist())
                    row, sums = combination([(factor, row)]), combination([(factor, sums)])
                inserted = sums if exact_points else sums // gs
                done[key] = (merged(row, inserted), factor)
            return done[key]

        T = tight(merged(self.T, new_T // gs))
        E = tight(merged(self.E, new_E // gs))
        done[id(self.T)] = (T, 1)
        for vec in self.env.values():
            extended = [extend(row) for row in vec.rows]
            vec.rows = [row for row, _ in extended]
            vec.scales = [c * factor for c, (_, factor) in zip(vec.scales, extended)]
        self.T, self.E = T, E


def _combine(terms, width):
    """``sum_k a_k row_k`` over a list of ``(a_k, row_k)`` with nonzero int ``a_k``."""
    if not terms:
        return np.zeros(width, dtype=np.int64)
    if len(terms) == 1 and terms[0][0] == 1:
        return terms[0][1]
    return combination(terms)


def _combined_reduced(terms, width, scale):
    """``(row, scale)`` for ``sum_k a_k row_k / scale``, content divided out.

    The part ``g = gcd(scale, a_1, a_2, ...)`` of the content is divided out of the
    coefficients before combining, which keeps the numbers (and the int64 bounds) small.
    """
    g = math.gcd(scale, *(a for a, _ in terms))
    return _reduced(_combine([(a // g, row) for a, row in terms], width), scale // g)


def _reduced(row, scale):
    """Divide the content ``gcd(scale, row)`` out of a row and its scale."""
    g = math.gcd(scale, int(np.gcd.reduce(row))) if len(row) and scale != 1 else scale
    if g == 1:
        return tight(row), scale
    return tight(row // g), scale // g


def _affine(op, args, grid):
    (x,) = args
    rows, scales = [], []
    width = len(grid.T)
    for weights, bias in zip(op.weight_numerators, op.bias_numerators):
        # Row i alone is (weights, bias) / D; cancel its own common factor first.
        g = math.gcd(op.denominator, bias, *weights)
        D, bias = op.denominator // g, bias // g
        used = [k for k, w in enumerate(weights) if w]
        L = math.lcm(*(x.scales[k] for k in used)) if used else 1
        terms = [(weights[k] // g * (L // x.scales[k]), x.rows[k]) for k in used]
        if bias:
            terms.append((bias * L, grid.E))
        row, scale = _combined_reduced(terms, width, D * L)
        rows.append(row)
        scales.append(scale)
    return _Vec(rows, scales)


def _crossings(row):
    """``(js, mus, nus)``: the segments ``j`` where a row changes sign strictly inside, and
    the reduced weights ``mu = |N_{j+1}|``, ``nu = |N_j|`` of the zero on each."""
    left, right = row[:-1], row[1:]
    (js,) = np.nonzero(((left < 0) & (right > 0)) | ((left > 0) & (right < 0)))
    mus, nus = abs(row[js + 1]), abs(row[js])
    gs = np.gcd(mus, nus)
    return js, mus // gs, nus // gs


def _plan(crossings):
    """Merge the crossings of several rows, sorted by position, without duplicates.

    Along segment ``j`` the point moves monotonically with ``nu / mu``.
    """
    if len(crossings) == 1:
        return crossings[0]
    points = sorted({
        (j, MPQ(nu, mu), mu, nu)
        for js, mus, nus in crossings
        for j, mu, nu in zip(js.tolist(), mus.tolist(), nus.tolist())
    })
    js = np.array([p[0] for p in points], dtype=np.intp)
    return js, exact_array([p[2] for p in points]), exact_array([p[3] for p in points])


def _relu(op, args, grid):
    (x,) = args
    signs = [(r.min(), r.max()) for r in x.rows]
    crossings = [_crossings(r) for r, (lo, hi) in zip(x.rows, signs) if lo < 0 < hi]
    if crossings:
        grid.refine(*_plan(crossings), stage=f"ReLU node {grid.node()!r}")
    rows = []
    for r, (lo, hi) in zip(x.rows, signs):  # x.rows now lives on the refined grid; signs are unchanged
        if lo >= 0:
            rows.append(r)
        elif hi <= 0:
            rows.append(np.zeros(len(r), dtype=np.int64))
        else:
            rows.append(tight(np.maximum(r, 0)))
    return _Vec(rows, list(x.scales))


def _add(op, xs, grid):
    rows, scales = [], []
    width = len(grid.T)
    for i in range(op.dim):
        L = math.lcm(*(x.scales[i] for x in xs))
        terms = [(L // x.scales[i], x.rows[i]) for x in xs]
        row, scale = _combined_reduced(terms, width, L)
        rows.append(row)
        scales.append(scale)
    return _Vec(rows, scales)


def _concat(op, xs, grid):
    return _Vec([r for x in xs for r in x.rows], [c for x in xs for c in x.scales])


def _slice(op, args, grid):
    (x,) = args
    return _Vec(x.rows[op.start : op.stop], x.scales[op.start : op.stop])


RULES = Rules(
    "1-D form",
    {Affine: _affine, ReLU: _relu, Add: _add, Concat: _concat, Slice: _slice},
    hints={ReQU: "ReQU networks are piecewise polynomial: use the 1-D piecewise-polynomial form",
           **dict.fromkeys(TRANSCENDENTAL, "enclose it with verinet.enclose")},
)


def piecewise_linear_form(net: Network, a, b, budget=None) -> tuple:
    """The exact piecewise-linear form of each output of ``net`` on ``[a, b]``.

    Parameters
    ----------
    net : Network
        A network with scalar input (``net.in_dim == 1``).
    a, b : exact numbers
        The interval, ``a < b`` (ints, Fractions, ``MPQ`` or strings such as ``"1/3"``).
    budget : Budget, optional
        Caps the number of pieces of the shared grid and the time spent.

    Returns
    -------
    tuple of PWLForm
        One form per output coordinate, collinear pieces merged.

    Raises
    ------
    InvalidArgument
        For a float end point or ``a >= b``.
    NetworkTypeError
        When the input is not scalar.
    UnsupportedOp
        For an op outside ``verinet.ops.PIECEWISE_LINEAR`` (ReQU, sigmoid, Gaussian).
    BudgetExceeded
        When the grid would exceed ``budget.pieces`` or the time runs out; the message
        names the node reached and the largest grid completed.

    Examples
    --------
    >>> from verinet.network import NetworkBuilder
    >>> nb = NetworkBuilder(); x = nb.input(1)
    >>> tent = nb.affine(nb.relu(nb.affine(x, [[1], [1]], [0, "-1/2"])), [[2, -4]])
    >>> (form,) = piecewise_linear_form(nb.build(tent), 0, 1)
    >>> [str(t) for t in form.breakpoints], [str(v) for v in form.values]
    (['0', '1/2', '1'], ['0', '1', '0'])

    Notes
    -----
    Exact throughout: only integer arithmetic is used (see the module docstring).  The
    work is proportional to the sum over nodes of width times grid size.
    """
    if not isinstance(net, Network):
        raise InvalidArgument(f"net={net!r} is not a verinet Network")
    if net.in_dim != 1:
        raise NetworkTypeError(f"the 1-D form needs a scalar input; the network input has width {net.in_dim}")
    a, b = as_rational(a, "a"), as_rational(b, "b")
    if not a < b:
        raise InvalidArgument(f"the interval needs a < b, got a={a}, b={b}")
    budget = as_budget(budget)
    ends = exact_array([int(a.numerator), int(b.numerator)]), exact_array([int(a.denominator), int(b.denominator)])
    grid = _Grid(*ends, budget, net)
    budget.charge_pieces(1, "the input")
    out = _walk(net, grid)
    T, E = grid.T.tolist(), grid.E.tolist()
    forms = []
    for row, scale in zip(out.rows, out.scales):
        row, scale = _reduced(row, scale)
        form = PWLForm(T, E, row.tolist(), scale)
        form._arrays = (grid.T, grid.E, row)
        forms.append(form.merged())
    return tuple(forms)



def _walk(net: Network, grid: _Grid) -> _Vec:
    """The output of ``net`` on ``grid`` (whose ``T`` is the input row), through the shared walk."""
    return walk(net, _Vec([grid.T], [1]), RULES, ctx=grid, on_node=grid.visited)
