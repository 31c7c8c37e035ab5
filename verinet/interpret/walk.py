"""The one graph walk every batched evaluator shares: a rule per op type, applied in order."""

from ..network import Network
from ..ops import Input

__all__ = ["walk"]


def walk(net: Network, value, rules: dict):
    """Evaluate ``net`` from the input ``value`` with ``rules`` (``{op type: rule(op, *args)}``),
    in the network's topological order; values are dropped after their last use."""
    env = {}
    for node in net.order():
        op = net.op(node)
        env[node] = value if type(op) is Input else rules[type(op)](op, *(env[a] for a in net.arguments(node)))
        for a in net.freed_after(node):
            del env[a]
    return env[net.output]
