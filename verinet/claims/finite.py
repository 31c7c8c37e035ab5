"""Claims of the form "the network equals given values on a finite set of inputs".

Checked by one batched exact evaluation (:func:`~verinet.interpret.exact.evaluate`); the
first mismatch is the witness.  This is the whole claim only where the set is what the
statement quantifies over (the cube corners of a step function, the points ``4^j`` of bit
extraction): between such points nothing is claimed here.
"""

from ..interpret.exact import evaluate
from .certificate import Check

__all__ = ["values_equal", "equal_on_points"]


def values_equal(name: str, claim: str, got, expected, witness=lambda i: {}, detail=lambda i: {}) -> Check:
    """``got[i] == expected[i]`` for every ``i``: one :class:`Check` comparing the first mismatch.

    ``lhs``/``rhs`` are the values at the first mismatch (at the last index when all agree);
    ``witness(i)`` and ``detail(i)`` describe that index, and ``witness["mismatches"]``
    counts the indices that disagree.
    """
    bad = [i for i, (g, e) in enumerate(zip(got, expected)) if g != e]
    if len(got) != len(expected):
        bad.append(min(len(got), len(expected)))
    i = bad[0] if bad else len(got) - 1
    g = got[i] if i < len(got) else "missing"
    e = expected[i] if i < len(expected) else "missing"
    return Check(name, claim, g, e, not bad, "==", {**witness(i), "mismatches": len(bad)}, detail(i))


def equal_on_points(net, points, expected, name: str, claim: str, witness=lambda i: {}, detail=lambda i: {}):
    """``(values, check)``: the network's exact scalar outputs at ``points`` and :func:`values_equal`; the
    check's evidence (``values_at_points``) lets the trust kernel evaluate ``net`` there again."""
    got = [y for (y,) in evaluate(net, points)]
    check = values_equal(name, claim, got, expected, witness, detail)
    return got, check.with_evidence("values_at_points", network=net, points=points, expected=expected)
