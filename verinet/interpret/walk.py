"""The one graph walk every interpreter shares.

An interpreter is a :class:`Rules` table: its name, and for each op type it supports a rule
``rule(op, args, ctx) -> value`` (``args`` the values of the node's arguments in slot order,
``ctx`` whatever the interpreter passes along, e.g. a budget).  The op types of the table
are the interpreter's op group (``verinet.ops``: ``PIECEWISE_LINEAR``, ``PIECEWISE_POLYNOMIAL``,
``ALL_OPS``, ...).  :func:`walk` refuses a network holding an op outside the group before
computing anything, naming the interpreter, the op and the node.
"""

from ..errors import UnsupportedOp
from ..network import Network
from ..ops import Input

__all__ = ["Rules", "walk"]


class Rules:
    """An interpreter's rule table over the op group it supports.

    ``hints`` maps op types to a sentence appended to the refusal of that op (e.g. where
    the op *is* supported).
    """

    __slots__ = ("interpreter", "table", "group", "hints")

    def __init__(self, interpreter: str, table: dict, hints: dict = None):
        if Input in table:
            raise ValueError("Input has no rule: every walk starts from the input value")
        self.interpreter = interpreter
        self.table = dict(table)
        self.group = frozenset(table)
        self.hints = dict(hints or {})

    def refusal(self, net: Network):
        """The :class:`UnsupportedOp` for the first node (in walk order) outside the group, or None."""
        present = net.derived("op types", _op_types)
        if present <= self.group | {Input}:
            return None
        for node in net.order():
            op = net.op(node)
            if type(op) is not Input and type(op) not in self.group:
                hint = self.hints.get(type(op))
                return UnsupportedOp(f"{self.interpreter}: no rule for {type(op).__name__} at node {node!r}"
                                     + (f"; {hint}" if hint else ""))
        return None  # pragma: no cover - present says there is such a node

    def supports(self, net: Network) -> bool:
        """Whether every op of ``net`` has a rule here."""
        return self.refusal(net) is None

    def check(self, net: Network) -> None:
        """Raise :class:`UnsupportedOp` unless every op of ``net`` has a rule here."""
        refusal = self.refusal(net)
        if refusal is not None:
            raise refusal


def _op_types(net: Network) -> frozenset:
    return frozenset(type(net.op(node)) for node in net.order())


def walk(net: Network, inputs, rules: Rules, ctx=None, on_node=None):
    """The value of ``net``'s output under ``rules``, starting from ``inputs`` at the input node.

    Nodes are visited in the network's topological order; each value is dropped after its
    last use.  ``on_node(node, value)``, when given, sees every node's value as it is computed
    (the input's included), for callers that need intermediate values.

    Raises
    ------
    UnsupportedOp
        Before any work, when an op of ``net`` has no rule in ``rules``.
    """
    rules.check(net)
    table = rules.table
    env = {}
    for node in net.order():
        op = net.op(node)
        if type(op) is Input:
            value = inputs
        else:
            value = table[type(op)](op, tuple(env[a] for a in net.arguments(node)), ctx)
        env[node] = value
        if on_node is not None:
            on_node(node, value)
        for a in net.freed_after(node):
            del env[a]
    return env[net.output]
