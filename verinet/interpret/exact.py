"""Exact batched evaluation: the public entry points and the choice of path.

Three exact representations of a batch, one module each, all exact, all giving reduced
``MPQ`` results:

* **limbs** (:mod:`verinet.interpret.limb_path`, the fast path): integers over one
  denominator held as float64 limbs, one BLAS product per affine node.  It needs every
  affine row sum of |integer weights| (and every ``Add`` arity) to be at most
  :data:`verinet.interpret.limbs.MAX_BOUND` (the radix argument of
  :mod:`verinet.interpret.limbs`);
* **packed** (:mod:`verinet.interpret.packed`): each coordinate's whole batch as one big
  integer, a few gmpy2 operations per node; any weights, and the fast path for deep, narrow
  networks whose numbers have thousands of bits;
* **columns** (:mod:`verinet.interpret.columns`): python-flint matrices over per-column
  denominators; the independent second general path the tests compare.

:func:`plan` says which path ``path="auto"`` takes for a network and why, so that users and
certificates can see it.  Every path covers the exact op group (affine maps, sums,
concatenation, slices, ReLU and ReQU).  Sigmoid and Gaussian are transcendental: they are
refused, with a pointer to ``verinet.enclose``, before any work.

Points come in as sequences of exact numbers, or already as integers over one denominator
(:class:`CommonBatch`, e.g. a numpy int64 array), or as a :class:`Batch`
(:mod:`verinet.interpret.batch`).
"""

import math

from . import columns, limb_path, packed
from . import limbs as L
from .batch import Batch, CommonBatch, as_columns, as_common, from_batch, from_points, to_batch
from .walk import Rules
from ..errors import InvalidArgument, ShapeError
from ..int64 import exact_array
from ..network import Network
from ..ops import Gaussian, PIECEWISE_POLYNOMIAL, Sigmoid

__all__ = ["evaluate", "evaluate_one", "run_batch", "plan", "RULES", "Batch", "CommonBatch", "to_batch", "from_batch",
           "PATHS"]

PATHS = ("auto", "limbs", "packed", "columns")

_ENCLOSE = ("it is transcendental, so no exact value exists: use verinet.enclose(net, points, prec=...) "
            "for rigorous balls")
RULES = Rules("exact evaluation", dict.fromkeys(PIECEWISE_POLYNOMIAL), hints={Sigmoid: _ENCLOSE, Gaussian: _ENCLOSE})
"""The op group of exact evaluation, checked before a path is chosen (the tables of the paths,
``limb_path``, ``packed`` and ``columns``, hold the rules and are walked)."""


def _check_path(path: str) -> None:
    if path not in PATHS:
        raise InvalidArgument(f"path={path!r} must be one of {PATHS}")


def plan(net: Network) -> tuple:
    """``(path, reason)``: the path ``evaluate(net, ..., path="auto")`` takes, and why.

    ``"limbs"`` when every affine row sum of |integer weights| and every ``Add`` arity is at
    most :data:`~verinet.interpret.limbs.MAX_BOUND` (the reason gives the largest one and
    the radix), else ``"packed"`` (the reason names a node past the bound).  Computed once
    per network.

    Raises
    ------
    UnsupportedOp
        For a network with an op no exact path evaluates (Sigmoid, Gaussian).

    Examples
    --------
    >>> from verinet.network import NetworkBuilder
    >>> b = NetworkBuilder(); x = b.input(1)
    >>> plan(b.build(b.requ(b.affine(x, [["1/3"]], ["-1/2"]))))
    ('limbs', 'every affine row sum of |integer weights| and Add arity <= 1099511627774 (max 1): radix 2^50')
    """
    RULES.check(net)
    return net.derived("exact plan", _plan)


def _plan(net: Network) -> tuple:
    c, node = limb_path.bound(net)
    k = L.radix(c)
    if k is not None:
        return "limbs", f"every affine row sum of |integer weights| and Add arity <= {L.MAX_BOUND} (max {c}): radix 2^{k}"
    return "packed", (f"node {node!r} has an affine row sum of |integer weights| (or Add arity) {c}, over the limb "
                      f"bound {L.MAX_BOUND}")


def _chosen(net: Network, path: str) -> str:
    """The path that runs for ``path`` (``"auto"``: :func:`plan`; ``"limbs"`` insists)."""
    _check_path(path)
    RULES.check(net)
    if path == "auto":
        return plan(net)[0]
    if path == "limbs" and limb_path.radix(net) is None:
        raise InvalidArgument(f"path='limbs' cannot run: {plan(net)[1]}; use path='auto', 'packed' or 'columns'")
    return path


def _run_packed(net: Network, batch: CommonBatch) -> CommonBatch:
    """``net`` on the packed path; the output rows brought over their least common denominator."""
    rows, dens = packed.run_packed(net, batch._coords.tolist(), batch.denominator)
    den = math.lcm(*dens)
    rows = [row if d == den else [v * (den // d) for v in row] for row, d in zip(rows, dens)]
    return CommonBatch._of(exact_array(rows), den)


def run_batch(net: Network, batch, *, path: str = "auto"):
    """Evaluate ``net`` on a :class:`Batch` or :class:`CommonBatch`; the result is of the same kind.

    ``path`` as in :func:`evaluate`; each path converts a batch of the other kind on the way
    in and out.  A :class:`CommonBatch` in and out of the limb path involves no Python
    number per coordinate (only per output coordinate when outputs exceed int64).

    Raises
    ------
    InvalidArgument
        For something that is not a batch, or a bad ``path`` (see :func:`evaluate`).
    ShapeError
        When the batch width is not the network's input width.
    UnsupportedOp
        For Sigmoid or Gaussian nodes (see :func:`plan`).
    """
    if not isinstance(batch, (Batch, CommonBatch)):
        raise InvalidArgument(f"batch={batch!r} must be a Batch or a CommonBatch")
    if batch.width != net.in_dim:
        raise ShapeError(f"batch has points of width {batch.width}, the network input has width {net.in_dim}")
    chosen = _chosen(net, path)
    if chosen == "limbs":
        out = limb_path.run(net, as_common(batch), limb_path.radix(net))
    elif chosen == "packed":
        out = _run_packed(net, as_common(batch))
    else:
        out = columns.run(net, as_columns(batch))
    return as_columns(out) if isinstance(batch, Batch) else as_common(out)


def evaluate(net: Network, points, *, path: str = "auto") -> list:
    """Exact outputs of ``net`` at each point, as tuples of ``MPQ``.

    Parameters
    ----------
    net : Network
    points : sequence of sequences, or a :class:`CommonBatch` or :class:`Batch`
        Each point has ``net.in_dim`` exact numbers (see ``verinet.as_rational``).  A
        :class:`CommonBatch` (integers over one denominator) skips the per-number parsing.
    path : {"auto", "limbs", "packed", "columns"}
        Which exact representation computes the result (module docstring): ``"auto"``
        takes the path :func:`plan` names.  All give the same exact values; the choice
        exists so that tests can run each one.

    Raises
    ------
    InvalidArgument, ShapeError
        For a float or unparsable coordinate, a point of the wrong width, no points, an
        unknown ``path``, or ``path="limbs"`` for weights too large for limbs.
    UnsupportedOp
        For Sigmoid or Gaussian nodes: use ``verinet.enclose``.

    Examples
    --------
    >>> from verinet.network import NetworkBuilder
    >>> b = NetworkBuilder(); x = b.input(1)
    >>> net = b.build(b.relu(b.affine(x, [["1/3"]], ["-1/2"])))
    >>> [str(y[0]) for y in evaluate(net, [[1], [6]])]
    ['0', '3/2']
    >>> evaluate(net, [[6]], path="columns") == evaluate(net, [[6]], path="limbs")
    True
    >>> [str(y[0]) for y in evaluate(net, CommonBatch([[2], [12]], 2))]
    ['0', '3/2']
    """
    _check_path(path)  # reported before the points are read
    RULES.check(net)
    batch = points if isinstance(points, (Batch, CommonBatch)) else from_points(points, net.in_dim)
    return from_batch(run_batch(net, batch, path=path))


def evaluate_one(net: Network, point, *, path: str = "auto") -> tuple:
    """Exact output of ``net`` at one point."""
    return evaluate(net, [point], path=path)[0]
