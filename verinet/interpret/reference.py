"""Slow, obviously-correct reference evaluation with ``fractions.Fraction``.

Used only to test the fast evaluator against; one rule per op, no cleverness.
"""

from fractions import Fraction

from ..network import Network
from ..ops import Add, Affine, Concat, Input, ReLU, Slice

__all__ = ["evaluate_reference"]


def _affine(op, x):
    d = op.denominator
    return [
        sum((Fraction(w, d) * v for w, v in zip(row, x)), Fraction(0)) + Fraction(b, d)
        for row, b in zip(op.weight_numerators, op.bias_numerators)
    ]


RULES = {
    Affine: _affine,
    ReLU: lambda op, x: [max(v, Fraction(0)) for v in x],
    Add: lambda op, *xs: [sum(vs, Fraction(0)) for vs in zip(*xs)],
    Concat: lambda op, *xs: [v for x in xs for v in x],
    Slice: lambda op, x: x[op.start : op.stop],
}


def evaluate_reference(net: Network, point) -> list:
    """The output of ``net`` at one point, computed with ``Fraction`` node by node."""
    env = {}
    for node in net.order():
        op = net.op(node)
        if type(op) is Input:
            env[node] = [Fraction(str(v)) for v in point]
        else:
            env[node] = RULES[type(op)](op, *(env[a] for a in net.arguments(node)))
    return env[net.output]
