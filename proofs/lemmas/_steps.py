"""Proof steps shared by the lemma scripts: facts read off exact 1-D forms, and the size limit.

* :func:`step_intervals` -- where a step function with ``K`` steps and ramps of width
  ``delta`` equals ``k``: ``[k/K, (k+1)/K - delta]``, the last one ``[(K-1)/K, 1]``.
* :func:`breakpoints_inside` -- the first breakpoint of a 1-D form strictly inside each interval.
* :func:`equals_on_intervals` -- a network equals ``k`` on each ``[a, b]``: no breakpoint
  inside, ``k`` at both ends.
* :func:`interpolates_square` -- a 1-D form takes the value ``t^2`` at each of its breakpoints.
* :func:`square_error_peak` -- then ``sup (form - t^2)`` is the largest ``(h/2)^2`` over its
  pieces of length ``h``, attained at a midpoint.
* :func:`counted` -- a property holds for every item of a finite list (how many, of all).
* :func:`require_at_most` -- refuse an instance too large to check in seconds.
* :func:`sized` -- a size claim with the evidence the trust kernel re-derives its ``lhs`` from.
"""

from bisect import bisect_right

from verinet import MPQ, evaluate
from verinet.claims.certificate import Check
from verinet.claims.finite import values_equal
from verinet.errors import InvalidArgument

__all__ = ["MAX_PIECES", "step_intervals", "breakpoints_inside", "equals_on_intervals", "interpolates_square",
           "square_error_peak", "counted", "require_at_most", "sized"]

# The most linear pieces a lemma's 1-D form may have: 2^21 pieces take a few seconds.
MAX_PIECES = 2**21


def step_intervals(K: int, delta) -> list:
    """``(k/K, (k+1)/K - delta, k)`` for ``k < K - 1`` and ``((K-1)/K, 1, K - 1)``."""
    return [(MPQ(k, K), MPQ(k + 1, K) - delta if k < K - 1 else MPQ(1), k) for k in range(K)]


def breakpoints_inside(form, intervals) -> dict:
    """``{i: t}`` for each interval ``intervals[i] = (a, b, ...)`` holding a breakpoint ``a < t < b`` (the first)."""
    points = form.breakpoints
    out = {}
    for i, (a, b, *_) in enumerate(intervals):
        j = bisect_right(points, a)
        if j < len(points) and points[j] < b:
            out[i] = points[j]
    return out


def equals_on_intervals(name: str, claim: str, net, form, intervals) -> Check:
    """``net == k`` on every ``[a, b]`` of ``intervals`` (triples ``(a, b, k)``), from ``net``'s exact 1-D ``form``.

    ``net`` is continuous and piecewise linear: with no breakpoint of ``form`` strictly inside
    ``[a, b]`` it is affine there, so if it equals ``k`` at ``a`` and at ``b`` it equals ``k``
    on all of ``[a, b]``.  ``form`` is ``net``'s form on a range containing every interval.

    lhs: the number of intervals on which this is shown; rhs: the number of intervals.  The
    witness is the first interval that fails, with its end values and a breakpoint inside it.
    """
    ends = [y for (y,) in evaluate(net, [[t] for a, b, _ in intervals for t in (a, b)])]
    inside = breakpoints_inside(form, intervals)
    bad = [i for i, (_, _, k) in enumerate(intervals) if i in inside or ends[2 * i] != k or ends[2 * i + 1] != k]
    witness = {}
    if bad:
        i = bad[0]
        a, b, k = intervals[i]
        witness = {"interval": [a, b], "k": k, "values_at_ends": ends[2 * i:2 * i + 2],
                   "breakpoint_inside": inside.get(i)}
    return Check(name, claim, len(intervals) - len(bad), len(intervals), not bad, "==", witness)


def interpolates_square(name: str, claim: str, form) -> Check:
    """The form's value at each breakpoint ``t`` is ``t^2`` (the first mismatch is compared)."""
    points = form.breakpoints
    return values_equal(name, claim, form.values, [t * t for t in points], witness=lambda i: {"t": points[i]})


def square_error_peak(breakpoints) -> tuple:
    """``(max over pieces of ((t1 - t0)/2)^2, the midpoint of that piece)``.

    Where a piecewise-linear ``S`` interpolates ``t^2`` at its breakpoints, on a piece
    ``[t0, t1]`` it is ``S(t) = (t0 + t1) t - t0 t1``, so ``S(t) - t^2 = (t - t0)(t1 - t)``:
    zero at both ends, concave, largest at the midpoint, where it is ``((t1 - t0)/2)^2``.  So
    the value returned is ``sup (S - t^2)`` exactly, and ``S - t^2 >= 0`` between breakpoints.
    """
    h, t0 = max((t1 - t0, t0) for t0, t1 in zip(breakpoints, breakpoints[1:]))
    return (h / 2) ** 2, t0 + h / 2


def counted(name: str, claim: str, items, holds) -> Check:
    """``#{x in items : holds(x)} == #items``; the first ``x`` where it fails is the witness."""
    bad = [x for x in items if not holds(x)]
    return Check(name, claim, len(items) - len(bad), len(items), not bad, "==", {"first": bad[0]} if bad else {})


def require_at_most(what: str, value: int, limit: int, why: str) -> None:
    """Refuse an instance whose ``what`` is ``value > limit``, saying ``why`` it would take too long.

    Raises
    ------
    InvalidArgument
        ``"{what} = {value} exceeds {limit}: {why}"``.
    """
    if value > limit:
        raise InvalidArgument(f"{what} = {value} exceeds {limit}: {why}")


def sized(check: Check, net, metric: str) -> Check:
    """``check``, whose ``lhs`` is ``metric`` (``width``, ``depth``, ``parameters``, ``max_abs_parameter``,
    ``hidden_widths``) of ``net``'s standard layered form, with that as its evidence (``network_size``):
    the kernel embeds ``net`` and recomputes the metric (docs/certificates.md)."""
    return check.with_evidence("network_size", network=net, metric=metric)
