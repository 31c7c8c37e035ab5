"""Slow, obviously-correct reference evaluation with ``fractions.Fraction``.

Used only to test the fast evaluators against; one rule per op, no cleverness.  Covers the
exact ops (``verinet.ops.PIECEWISE_POLYNOMIAL``): ReLU and ReQU networks.
"""

from fractions import Fraction

from ..network import Network
from ..ops import Add, Affine, Concat, ReLU, ReQU, Slice, TRANSCENDENTAL
from .walk import Rules, walk

__all__ = ["evaluate_reference", "RULES"]


def _affine(op, args, ctx):
    (x,) = args
    d = op.denominator
    return [
        sum((Fraction(w, d) * v for w, v in zip(row, x)), Fraction(0)) + Fraction(b, d)
        for row, b in zip(op.weight_numerators, op.bias_numerators)
    ]


RULES = Rules(
    "reference evaluation",
    {
        Affine: _affine,
        ReLU: lambda op, args, ctx: [max(v, Fraction(0)) for v in args[0]],
        ReQU: lambda op, args, ctx: [max(v, Fraction(0)) ** 2 for v in args[0]],
        Add: lambda op, args, ctx: [sum(vs, Fraction(0)) for vs in zip(*args)],
        Concat: lambda op, args, ctx: [v for x in args for v in x],
        Slice: lambda op, args, ctx: args[0][op.start : op.stop],
    },
    hints=dict.fromkeys(TRANSCENDENTAL, "its values are irrational: enclose it with verinet.enclose"),
)


def evaluate_reference(net: Network, point) -> list:
    """The output of ``net`` at one point, computed with ``Fraction`` node by node."""
    return walk(net, [Fraction(str(v)) for v in point], RULES)
