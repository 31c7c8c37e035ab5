"""The one graph walk every batched evaluator shares: a rule per op type, applied in order."""

from ..network import Network
from ..ops import Input

__all__ = ["walk"]


def walk(net: Network, value, rules: dict):
    """Evaluate ``net`` from the input ``value`` with ``rules`` (``{op type: rule(op, *args)}``),
    in the network's topological order; values are dropped after their last use."""
    order = net.order()
    arguments = {node: net.arguments(node) for node in order}
    last_use = {arg: node for node in order for arg in arguments[node]}
    env = {}
    for node in order:
        op = net.op(node)
        if type(op) is Input:
            env[node] = value
            continue
        args = arguments[node]
        env[node] = rules[type(op)](op, *(env[a] for a in args))
        for a in args:
            if last_use[a] == node and a != net.output:
                del env[a]
    return env[net.output]
