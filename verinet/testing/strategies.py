"""Hypothesis strategies for exact numbers, affine ops, small random networks and targets.

Public (``pip install 'verinet[test]'`` brings hypothesis): ``from verinet.testing import
rationals, networks, points``.  Every strategy shrinks towards small, simple values (zero,
small integers, few nodes), so a failing example is reported in its simplest form.

``rationals(max_bits=64, kind="mpq")``
    Exact rationals: zero, small integers, dyadics and general ``p/q`` with
    ``|p| < 2**max_bits`` and ``1 <= q < 2**max_bits``, both signs.  ``kind`` is ``"mpq"``
    (gmpy2, the backend type), ``"fraction"`` (``fractions.Fraction``) or ``"any"`` (either,
    plus ``int`` and ``"p/q"`` strings: everything ``as_rational`` accepts).
``affine_ops(in_dim=None, out_dim=None, max_dim=5, max_bits=16)``
    ``verinet.ops.Affine`` maps; a dimension left ``None`` is drawn from ``1..max_dim``.
    Weights and biases come from :func:`rationals` (so some rows are zero, some entries huge).
``networks(max_in=3, max_width=5, max_depth=4, ops=ALL_OPS, in_dim=None, out_dim=None, max_nodes=8, max_bits=8)``
    Small valid :class:`verinet.Network` s built with ``NetworkBuilder`` from the ops named in
    ``ops`` (a subset of ``{"affine", "relu", "add", "concat", "slice"}``, or of
    ``EXACT_OPS``, which adds ``"requ"``; the default leaves ReQU out).  Every node
    lies on a path from the input to the output (unused values are concatenated into the
    output, or projected to width 1 and added when too wide to concatenate), every node
    width is at most ``max_width`` (input width at most ``max_in``),
    and every path holds at most ``max_depth`` ReLU (or ReQU) nodes.  ``in_dim``/``out_dim`` pin
    the widths (an output affine map is appended when ``out_dim`` is given); this is how
    tests draw composable pairs.
``dyadics(max_bits=32, lo=None, hi=None)``
    Dyadic rationals ``k / 2^e`` with ``0 <= e <= max_bits`` (optionally in ``[lo, hi]``): the
    points where the papers' constructions are exact, and the breakpoints of most of them.
``points(dim, max_bits=32)``
    A tuple of ``dim`` MPQ rationals, the inputs of ``evaluate``/``evaluate_reference``.
``points_in_box(box, max_bits=32)``
    A tuple of MPQ coordinates inside ``box`` (``[(lo, hi), ...]``, exact ends), end points
    included.
``lipschitz_targets(d, max_terms=3)``
    :class:`LipschitzTarget` s: an expression string in ``x1..xd`` (for the one safe parser)
    with a proved Lipschitz constant on ``[0, 1]^d`` (Euclidean norm): affine maps, scaled
    sines and products, each with a constant derived exactly from its coefficients.
``matrices(rows, cols, max_bits=8)``
    A ``rows x cols`` list of lists of MPQ rationals (weights for the calculus' affine maps).
"""

from dataclasses import dataclass
from fractions import Fraction

from hypothesis import strategies as st

from .._backend import MPQ
from ..network import NetworkBuilder
from ..numbers import as_rational
from ..ops import Affine

__all__ = ["ALL_OPS", "EXACT_OPS", "rationals", "dyadics", "affine_ops", "networks", "points", "points_in_box",
           "matrices", "LipschitzTarget", "lipschitz_targets"]

ALL_OPS = frozenset({"affine", "relu", "add", "concat", "slice"})
EXACT_OPS = ALL_OPS | {"requ"}


@st.composite
def _pq(draw, max_bits):
    bound = 2**max_bits - 1
    shape = draw(st.sampled_from(["zero", "small", "dyadic", "general", "big"]))
    if shape == "zero":
        return 0, 1
    if shape == "small":
        return draw(st.integers(-4, 4)), draw(st.integers(1, 4))
    if shape == "dyadic":
        return draw(st.integers(-bound, bound)), 2 ** draw(st.integers(0, max_bits))
    if shape == "big":  # numerator near the bound
        return draw(st.sampled_from([-1, 1])) * (bound - draw(st.integers(0, 3))), draw(st.integers(1, 3))
    return draw(st.integers(-bound, bound)), draw(st.integers(1, max(bound, 1)))


def rationals(max_bits: int = 64, kind: str = "mpq"):
    """Exact rationals of numerator and denominator below ``2**max_bits`` (see module doc)."""
    pairs = _pq(max_bits)
    if kind == "mpq":
        return pairs.map(lambda pq: MPQ(*pq))
    if kind == "fraction":
        return pairs.map(lambda pq: Fraction(*pq))
    if kind == "any":
        return st.one_of(
            pairs.map(lambda pq: MPQ(*pq)),
            pairs.map(lambda pq: Fraction(*pq)),
            pairs.map(lambda pq: pq[0] // pq[1]),
            pairs.map(lambda pq: f"{pq[0]}/{pq[1]}"),
        )
    raise ValueError(f"kind={kind!r} must be 'mpq', 'fraction' or 'any'")


@st.composite
def affine_ops(draw, in_dim=None, out_dim=None, max_dim: int = 5, max_bits: int = 16):
    """``Affine`` ops ``x -> W x + b`` of the given (or random) shape."""
    n = in_dim if in_dim is not None else draw(st.integers(1, max_dim))
    m = out_dim if out_dim is not None else draw(st.integers(1, max_dim))
    entries = rationals(max_bits)
    weights = draw(st.lists(st.lists(entries, min_size=n, max_size=n), min_size=m, max_size=m))
    bias = draw(st.lists(entries, min_size=m, max_size=m))
    return Affine.from_rationals(weights, bias)


@st.composite
def networks(
    draw,
    max_in: int = 3,
    max_width: int = 5,
    max_depth: int = 4,
    ops=ALL_OPS,
    in_dim=None,
    out_dim=None,
    max_nodes: int = 8,
    max_bits: int = 8,
):
    """Small valid networks (see module doc)."""
    ops = frozenset(ops)
    if not ops or not ops <= EXACT_OPS:
        raise ValueError(f"ops={sorted(ops)} must be a non-empty subset of {sorted(EXACT_OPS)}")
    b = NetworkBuilder()
    x = b.input(in_dim if in_dim is not None else draw(st.integers(1, max_in)))
    relus = {x: 0}  # node -> largest number of ReLUs on a path from the input
    unused = [x]  # nodes nothing consumes yet, in creation order

    def add(node, args, depth):
        relus[node] = depth
        for a in args:
            if a in unused:
                unused.remove(a)
        unused.append(node)

    nodes = list(relus)
    for _ in range(draw(st.integers(1, max_nodes))):
        kind = draw(st.sampled_from(sorted(ops)))
        a = draw(st.sampled_from(nodes))
        w = b.width(a)
        if kind == "affine":
            op = draw(affine_ops(in_dim=w, max_dim=max_width, max_bits=max_bits))
            add(b.affine_op(a, op), [a], relus[a])
        elif kind in ("relu", "requ") and relus[a] < max_depth:
            add(b.relu(a) if kind == "relu" else b.requ(a), [a], relus[a] + 1)
        elif kind == "slice" and w > 1:
            start = draw(st.integers(0, w - 1))
            stop = draw(st.integers(start + 1, w))
            add(b.slice(a, start, stop), [a], relus[a])
        elif kind in ("add", "concat"):
            partners = [n for n in nodes if n != a and (b.width(n) == w if kind == "add" else b.width(n) + w <= max_width)]
            if not partners:
                continue
            # Distinct arguments: a graph has one edge per pair of nodes (the builder rejects repeats).
            args = [a] + draw(st.lists(st.sampled_from(partners), min_size=1, max_size=2, unique=True))
            if kind == "concat" and sum(b.width(n) for n in args) > max_width:
                args = args[:2]
            node = b.add(*args) if kind == "add" else b.concat(*args)
            add(node, args, max(relus[n] for n in args))
        else:
            continue
        nodes = list(relus)
    # Feed every unconsumed value into the output so that nothing dangles.
    if sum(b.width(n) for n in unused) > max_width:  # too wide to concatenate: project and add
        unused = [b.affine_op(n, draw(affine_ops(in_dim=b.width(n), out_dim=1, max_bits=max_bits))) for n in unused]
        out = b.add(*unused)
    else:
        out = unused[-1] if len(unused) == 1 else b.concat(*unused)
    if out_dim is not None and (b.width(out) != out_dim or out == x):
        out = b.affine_op(out, draw(affine_ops(in_dim=b.width(out), out_dim=out_dim, max_bits=max_bits)))
    elif out == x:  # the input alone is not a network with an output node of its own
        out = b.affine_op(x, draw(affine_ops(in_dim=b.width(x), max_dim=max_width, max_bits=max_bits)))
    return b.build(out)


def dyadics(max_bits: int = 32, lo=None, hi=None):
    """Dyadic rationals ``k / 2^e``, ``0 <= e <= max_bits``, in ``[lo, hi]`` when given (exact ends)."""
    lo = None if lo is None else as_rational(lo, "lo")
    hi = None if hi is None else as_rational(hi, "hi")
    if lo is not None and hi is not None and lo > hi:
        raise ValueError(f"lo={lo} > hi={hi}")

    @st.composite
    def draw_dyadic(draw):
        e = draw(st.integers(0, max_bits))
        scale = 2**e
        low = -(2**max_bits) if lo is None else -((-lo.numerator * scale) // lo.denominator)  # ceil(lo 2^e)
        high = 2**max_bits if hi is None else (hi.numerator * scale) // hi.denominator  # floor(hi 2^e)
        if low > high:  # no multiple of 2^-e in [lo, hi]: fall back to an end point
            return lo if lo is not None else hi
        return MPQ(draw(st.integers(low, high)), scale)

    return draw_dyadic()


def points(dim: int, max_bits: int = 32):
    """A point of ``dim`` exact MPQ coordinates."""
    return st.tuples(*[rationals(max_bits) for _ in range(dim)])


def points_in_box(box, max_bits: int = 32):
    """A point of ``box`` (``[(lo, hi), ...]``): per coordinate an end point, a dyadic or
    ``lo + t (hi - lo)`` with a rational ``t`` in ``[0, 1]``."""
    ends = [(as_rational(lo, "lo"), as_rational(hi, "hi")) for lo, hi in box]
    for lo, hi in ends:
        if lo > hi:
            raise ValueError(f"box side [{lo}, {hi}] is empty")
    fractions = st.tuples(st.integers(0, 2**max_bits), st.integers(1, 2**max_bits)).map(
        lambda pq: MPQ(min(pq), max(pq)))

    def coordinate(lo, hi):
        return st.one_of(st.sampled_from([lo, hi]), dyadics(max_bits, lo, hi), fractions.map(lambda t: lo + t * (hi - lo)))

    return st.tuples(*[coordinate(lo, hi) for lo, hi in ends])


@dataclass(frozen=True)
class LipschitzTarget:
    """``expression`` (in ``x1..xd``) is ``lipschitz``-Lipschitz on ``[0, 1]^d`` (Euclidean norm), proved
    by the construction of :func:`lipschitz_targets`; hand both to a theorem as ``f`` and ``lipschitz``."""

    expression: str
    d: int
    lipschitz: MPQ


@st.composite
def lipschitz_targets(draw, d: int, max_terms: int = 3):
    """Sums of terms ``c x_i``, ``c sin(k x_i)`` and ``c x_i x_j`` with small rational ``c`` and
    integer ``k``; the Lipschitz constant is the sum of the terms' constants ``|c|``, ``|c| k``
    and ``|c| sqrt 2`` (bounded by ``3/2 |c|``), each an upper bound of the term's gradient
    norm on ``[0, 1]^d`` (``|grad x_i x_j| = |(x_j, x_i)| <= sqrt 2``; ``|grad x_i^2| <= 2``)."""
    terms, constant = [], MPQ(0)
    for _ in range(draw(st.integers(1, max_terms))):
        c = MPQ(draw(st.integers(-4, 4).filter(bool)), draw(st.integers(1, 4)))
        i = draw(st.integers(1, d))
        kind = draw(st.sampled_from(["linear", "sine", "product"]))
        if kind == "linear":
            terms.append(f"({c})*x{i}")
            constant += abs(c)
        elif kind == "sine":
            k = draw(st.integers(1, 5))
            terms.append(f"({c})*sin({k}*x{i})")
            constant += abs(c) * k
        else:
            j = draw(st.integers(1, d))
            terms.append(f"({c})*x{i}*x{j}")
            constant += abs(c) * (2 if i == j else MPQ(3, 2))
    return LipschitzTarget(" + ".join(terms), d, constant)


def matrices(rows: int, cols: int, max_bits: int = 8):
    """A ``rows x cols`` matrix (list of row lists) of exact MPQ entries."""
    return st.lists(st.lists(rationals(max_bits), min_size=cols, max_size=cols), min_size=rows, max_size=rows)
