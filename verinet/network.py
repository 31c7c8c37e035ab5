"""``Network``: a checked DAG of ops, and ``NetworkBuilder`` to assemble one.

A network is a networkx ``DiGraph`` whose nodes carry one attribute, ``op`` (an op from
``verinet.ops``), and whose edges carry one attribute, ``slot`` (the input position at the
head).  It has exactly one ``Input`` node and one designated output node.  Networks are
immutable: the graph is frozen and every op is frozen data.
"""

import itertools

import networkx as nx

from .errors import InvalidArgument, NetworkTypeError, ShapeError, VerinetError
from .ops import OP_TYPES, Affine, Concat, Gaussian, Input, ReLU, ReQU, Add, Sigmoid, Slice

__all__ = ["Network", "NetworkBuilder", "check_network"]


class Network:
    """An immutable, checked network with one input node and one output node.

    Use :class:`NetworkBuilder` (or the calculus in ``verinet.calculus``) to make one.
    """

    __slots__ = ("graph", "output", "_order", "_input", "_arguments", "_derived")

    def __init__(self, graph: nx.DiGraph, output, *, _replacing: dict = None):
        """Check ``graph`` (see :func:`check_network`) and keep a sealed copy of it.

        ``_replacing`` is private to :meth:`with_ops`, which passes its own graph and output
        and ``{node: op}`` with every new op of the in/out widths of the op it replaces (which
        :meth:`with_ops` has checked).  The copy takes those ops; it has the wiring of a
        checked network and ops of the same shapes, so it passes every check exactly when
        that network does, and the order and argument lists are taken over from
        ``graph``'s network instead of computed again.
        """
        if not isinstance(graph, nx.DiGraph) or graph.is_multigraph():
            raise NetworkTypeError(f"a network needs a networkx DiGraph, got {type(graph).__name__}")
        init = object.__setattr__  # the instance is read-only once built (see __setattr__)
        init(self, "graph", _sealed(graph, _replacing))
        init(self, "output", output)
        if _replacing is None:
            init(self, "_order", _checked_order(self.graph, output))
            init(self, "_arguments", {})
        else:
            base = _replacing["network"]
            init(self, "_order", base._order)
            init(self, "_arguments", base._arguments)
        init(self, "_input", next(n for n in self._order if type(self.graph.nodes[n]["op"]) is Input))
        init(self, "_derived", {})

    def __setattr__(self, name, value):
        raise AttributeError(f"Network is immutable: cannot set {name!r}")

    def __reduce__(self):
        """Pickle and copy as ``Network(graph, output)`` over a plain copy of the graph.

        The sealed graph's read-only attribute views cannot be pickled; the public
        constructor checks and seals the plain copy again, so ``pickle.loads(pickle.dumps(net))``,
        ``copy.copy(net)`` and ``copy.deepcopy(net)`` are networks equal to ``net``.
        """
        return (Network, (_plain(self.graph), self.output))

    @property
    def input(self):
        """The id of the ``Input`` node."""
        return self._input

    @property
    def in_dim(self) -> int:
        return self.op(self._input).dim

    @property
    def out_dim(self) -> int:
        return self.op(self.output).out_dim

    def op(self, node):
        """The op at ``node``."""
        return self.graph.nodes[node]["op"]

    def order(self) -> tuple:
        """All nodes in a deterministic topological order (lexicographic among ties)."""
        return self._order

    def arguments(self, node) -> list:
        """The predecessors of ``node`` sorted by input slot (computed once per node)."""
        args = self._arguments.get(node)
        if args is None:
            preds = self.graph.pred[node]
            args = self._arguments[node] = sorted(preds, key=lambda u: preds[u]["slot"])
        return list(args)

    def freed_after(self, node) -> tuple:
        """The arguments of ``node`` that no later node in :meth:`order` needs (the output
        excepted): a walk over :meth:`order` may drop their values once ``node`` is computed.
        Computed once per network."""
        return self.derived("freed after", _freed_after).get(node, ())

    def derived(self, key, compute):
        """``compute(self)``, computed once per ``key`` and kept with this (immutable) network.

        For data that depends on the network alone, such as its standard layered form.
        """
        if key not in self._derived:
            self._derived[key] = compute(self)
        return self._derived[key]

    def with_ops(self, ops: dict) -> "Network":
        """This network with the ops at some nodes replaced by ops of the same shape.

        The wiring is unchanged and every new op takes and gives the widths of the op it
        replaces, so the result is well formed: it goes through the constructor, which
        reuses this network's order and argument lists instead of checking the graph again.

        Raises
        ------
        InvalidArgument, ShapeError
            For a node not in the network, a non-op, or an op of another shape.
        """
        graph = self.graph
        for node, op in ops.items():
            if node not in graph:
                raise InvalidArgument(f"with_ops: {node!r} is not a node of the network")
            old = graph.nodes[node]["op"]
            if type(op) not in OP_TYPES:
                raise NetworkTypeError(f"with_ops: node {node!r} would hold {op!r}, which is not a verinet op")
            if (op.in_dims, op.out_dim) != (old.in_dims, old.out_dim):
                raise ShapeError(f"with_ops: node {_describe(graph, node)} maps widths {old.in_dims} -> {old.out_dim}, "
                                 f"the new op {type(op).__name__} maps {op.in_dims} -> {op.out_dim}")
        return Network(graph, self.output, _replacing={"network": self, "ops": ops})

    def __eq__(self, other):
        if not isinstance(other, Network):
            return NotImplemented
        return (
            self.output == other.output
            and dict(self.graph.nodes(data="op")) == dict(other.graph.nodes(data="op"))
            and sorted(self.graph.edges(data="slot"), key=str) == sorted(other.graph.edges(data="slot"), key=str)
        )

    def __hash__(self):
        """A hash of the output and every ``(node, op, arguments)`` in order (computed once):
        networks differing in one weight hash apart, and equal networks hash alike."""
        return self.derived("hash", _hash)

    def __repr__(self):
        return f"<Network {self.in_dim} -> {self.out_dim}, {len(self.graph)} nodes, output {self.output!r}>"


class _Attrs(dict):
    """A node's or edge's attribute dict while a sealed graph is filled (an ordinary dict)."""

    __slots__ = ()


class _ReadOnlyAttrs(dict):
    """A node's or edge's attribute dict in a sealed graph: every change raises ``TypeError``.

    :func:`_sealed` fills :class:`_Attrs` dicts through networkx and then turns each into
    this class (the same layout, so ``__class__`` assignment is allowed): the filling runs at
    C speed and no method of a built graph can change an op or a slot.
    """

    __slots__ = ()

    def _refuse(self, *args, **kwargs):
        raise TypeError("the ops and slots of a built network are read-only")

    __setitem__ = __delitem__ = setdefault = pop = popitem = clear = update = __ior__ = _refuse


class _SealedGraph(nx.DiGraph):
    """A DiGraph whose attribute dicts are made by networkx's documented
    ``node_attr_dict_factory`` / ``edge_attr_dict_factory`` hooks (:class:`_Attrs`)."""

    node_attr_dict_factory = _Attrs
    edge_attr_dict_factory = _Attrs

    def copy(self, as_view=False):
        """An ordinary, writable DiGraph copy (or networkx's read-only view)."""
        return super().copy(as_view=True) if as_view else _plain(self)


def _sealed(graph: nx.DiGraph, replacing: dict = None) -> nx.DiGraph:
    """A frozen copy of ``graph`` (with ``replacing["ops"][node]`` as the op of those nodes)
    whose node and edge attribute dicts are read-only.

    ``nx.freeze`` stops adding and removing nodes and edges but leaves the attribute dicts
    writable; sealing them too means no op or slot of a built network can change under the
    data derived from it (order, arguments, layered form).  ``graph`` itself is left as it
    was.  Filled through the public ``add_nodes_from``/``add_edges_from``.
    """
    sealed = _SealedGraph()
    ops = replacing["ops"] if replacing else {}
    sealed.add_nodes_from((v, {**d, "op": ops[v]}) if v in ops else (v, d) for v, d in graph.nodes(data=True))
    sealed.add_edges_from(graph.edges(data=True))
    for _, data in sealed.nodes(data=True):
        data.__class__ = _ReadOnlyAttrs
    for _, _, data in sealed.edges(data=True):
        data.__class__ = _ReadOnlyAttrs
    return nx.freeze(sealed)


def _plain(graph: nx.DiGraph) -> nx.DiGraph:
    """An ordinary DiGraph with the nodes, edges and (copied) attribute dicts of ``graph``."""
    plain = nx.DiGraph()
    plain.add_nodes_from((v, dict(d)) for v, d in graph.nodes(data=True))
    plain.add_edges_from((u, v, dict(d)) for u, v, d in graph.edges(data=True))
    return plain


def _hash(net: Network) -> int:
    return hash((net.output, tuple((node, net.op(node), tuple(net.arguments(node))) for node in net.order())))


def _freed_after(net: Network) -> dict:
    """``{node: the arguments whose last use is node}`` for :meth:`Network.freed_after`."""
    last_use = {arg: node for node in net.order() for arg in net.arguments(node)}
    freed = {}
    for arg, node in last_use.items():
        if arg != net.output:
            freed.setdefault(node, []).append(arg)
    return {node: tuple(args) for node, args in freed.items()}


def _describe(net_graph, node) -> str:
    op = net_graph.nodes[node].get("op")
    return f"{node!r} ({type(op).__name__ if op is not None else 'no op'})"


def check_network(net: Network) -> None:
    """Check that ``net`` is well formed; raise ``NetworkTypeError``/``ShapeError`` if not.

    Checked: the graph is non-empty and acyclic; every node holds a known op; there is
    exactly one ``Input``; every node's in-degree matches its op's arity with slots
    0..k-1; every edge joins matching widths; every node lies on a path from the input to
    the output (no dangling nodes).
    """
    _checked_order(net.graph, net.output)


def _checked_order(g, output) -> tuple:
    """The checks of :func:`check_network`; returns the deterministic topological order
    (lexicographic by ``str`` among ties)."""
    if len(g) == 0:
        raise NetworkTypeError("the network is empty: it has no nodes")
    if output not in g:
        raise NetworkTypeError(f"output node {output!r} is not in the network")
    try:
        order = tuple(nx.lexicographical_topological_sort(g, key=str))
    except nx.NetworkXUnfeasible:
        cycle = nx.find_cycle(g)
        path = " -> ".join(repr(u) for u, _ in cycle) + f" -> {cycle[0][0]!r}"
        raise NetworkTypeError(f"the network has a cycle: {path}") from None
    inputs = []
    for node, op in g.nodes(data="op"):  # every op first: the wiring check reads the ops of arguments
        if type(op) not in OP_TYPES:
            raise NetworkTypeError(f"node {node!r} holds {op!r}, which is not a verinet op")
        if type(op) is Input:
            inputs.append(node)
    for node, op in g.nodes(data="op"):
        _check_wiring(g, node, op)
    if len(inputs) != 1:
        raise NetworkTypeError(f"a network needs exactly one Input node, found {len(inputs)}: {sorted(map(str, inputs))}")
    # The wiring check gave every node but the Input at least one argument, so in this DAG
    # every node is reached from the Input; and every node reaches a node without successors,
    # so all reach the output exactly when the output is the only such node (one degree scan;
    # the two searches run only to name the dangling nodes).
    if any(k == 0 and n != output for n, k in g.out_degree()):
        useful = nx.descendants(g, inputs[0]) | {inputs[0]}
        useful &= nx.ancestors(g, output) | {output}
        dangling = sorted((str(n) for n in g if n not in useful))
        raise NetworkTypeError(
            f"dangling nodes (not on a path from input {inputs[0]!r} to output {output!r}): {dangling[:10]}"
            + (f" and {len(dangling) - 10} more" if len(dangling) > 10 else "")
        )
    return order


def _check_wiring(g, node, op) -> None:
    expected = op.in_dims
    pred = g.pred[node]
    if len(expected) == 1 and len(pred) == 1:  # the common case: one argument, in slot 0, of the right width
        ((source, data),) = pred.items()
        slot = data.get("slot")
        if type(slot) is int and slot == 0 and g.nodes[source]["op"].out_dim == expected[0]:
            return
    edges = [(u, node, data.get("slot")) for u, data in pred.items()]
    if any(type(s) is not int for _, _, s in edges):
        raise NetworkTypeError(f"node {_describe(g, node)} has input slots {[s for _, _, s in edges]}, not all ints")
    edges.sort(key=lambda e: e[2])
    slots = [s for _, _, s in edges]
    if slots != list(range(len(expected))):
        raise NetworkTypeError(
            f"node {_describe(g, node)} expects {len(expected)} input(s) in slots "
            f"{list(range(len(expected)))}, found slots {slots}"
        )
    for (source, _, slot), width in zip(edges, expected):
        produced = g.nodes[source]["op"].out_dim
        if produced != width:
            raise ShapeError(
                f"node {_describe(g, node)} expects width {width} in slot {slot} "
                f"but {_describe(g, source)} provides width {produced}"
            )


class NetworkBuilder:
    """Mutable helper that assembles a :class:`Network` node by node.

    Examples
    --------
    >>> b = NetworkBuilder()
    >>> x = b.input(1)
    >>> y = b.relu(b.affine(x, [[2]], [-1]))
    >>> net = b.build(y)
    >>> net.in_dim, net.out_dim
    (1, 1)
    """

    def __init__(self, prefix: str = ""):
        self.graph = nx.DiGraph()
        self._prefix = prefix
        self._counter = itertools.count()

    def _new(self, op, args, name=None):
        node = name if name is not None else self._fresh_name(type(op).__name__.lower())
        if node in self.graph:
            raise InvalidArgument(f"node name {node!r} is already used")
        for a in args:
            if a not in self.graph:
                raise InvalidArgument(f"argument {a!r} of new node {node!r} is not a node of this builder")
            if args.count(a) > 1:  # a DiGraph holds one edge per pair: the later slot would overwrite the first
                raise InvalidArgument(
                    f"new node {node!r} takes {a!r} in more than one slot; route the repeats through "
                    f"an identity node (e.g. slice(x, 0, width)) or use an affine map"
                )
        self.graph.add_node(node, op=op)
        for slot, a in enumerate(args):
            self.graph.add_edge(a, node, slot=slot)
        return node

    def _fresh_name(self, kind: str) -> str:
        return f"{self._prefix}{kind}{next(self._counter)}"

    def _made(self, kind: str, args, name, make_op):
        """Add the op ``make_op()`` under ``name`` (or a fresh name of ``kind``), so that an
        invalid op is reported with the node it was meant for."""
        name = self._fresh_name(kind) if name is None else name
        try:
            op = make_op()
        except VerinetError as exc:
            raise type(exc)(f"node {name!r}: {exc}") from None
        return self._new(op, tuple(args), name)

    def width(self, node) -> int:
        """Output width of an existing node."""
        if node not in self.graph:
            raise InvalidArgument(f"{node!r} is not a node of this builder")
        return self.graph.nodes[node]["op"].out_dim

    def add_op(self, op, args=(), name=None):
        """Add any op with its arguments in slot order; returns the new node id."""
        return self._new(op, tuple(args), name)

    def input(self, dim: int, name=None):
        return self._made("input", (), name, lambda: Input(dim))

    def affine(self, x, weights, bias=None, name=None):
        """``W x + b`` with exact entries (strings, ints, Fractions, mpq)."""
        if name is None:  # name the node first, so that errors in W or b name it
            name = self._fresh_name("affine")
        return self._new(Affine.from_rationals(weights, bias, name=f"node {name!r}"), (x,), name)

    def affine_op(self, x, op: Affine, name=None):
        return self._new(op, (x,), name)

    def relu(self, x, name=None):
        """``max(0, t)`` on every coordinate of ``x``."""
        return self._made("relu", (x,), name, lambda: ReLU(self.width(x)))

    def requ(self, x, name=None):
        """``max(0, t)^2`` on every coordinate of ``x`` (exact over the rationals)."""
        return self._made("requ", (x,), name, lambda: ReQU(self.width(x)))

    def sigmoid(self, x, name=None):
        """The logistic ``1 / (1 + exp(-t))`` on every coordinate of ``x`` (enclosed only)."""
        return self._made("sigmoid", (x,), name, lambda: Sigmoid(self.width(x)))

    def gaussian(self, x, name=None):
        """``exp(-t^2)`` on every coordinate of ``x`` (enclosed only)."""
        return self._made("gaussian", (x,), name, lambda: Gaussian(self.width(x)))

    def add(self, *xs, name=None):
        def make_op():
            widths = [self.width(x) for x in xs]
            if len(set(widths)) != 1:
                raise ShapeError(f"cannot add nodes of widths {widths}")
            return Add(widths[0], len(xs))

        return self._made("add", xs, name, make_op)

    def concat(self, *xs, name=None):
        return self._made("concat", xs, name, lambda: Concat(tuple(self.width(x) for x in xs)))

    def slice(self, x, start: int, stop: int, name=None):
        return self._made("slice", (x,), name, lambda: Slice(self.width(x), start, stop))

    def embed(self, net: Network, x, prefix: str):
        """Copy ``net`` into this builder with its input fed by node ``x``; return its output.

        Node ids of ``net`` are prefixed with ``prefix + '/'``.
        """
        if self.width(x) != net.in_dim:
            raise ShapeError(f"cannot feed width {self.width(x)} from {x!r} into network {prefix!r} of input width {net.in_dim}")
        rename = {net.input: x}
        for node in net.order():
            if node == net.input:
                continue
            new = f"{prefix}/{node}"
            rename[node] = self._new(net.op(node), [rename[a] for a in net.arguments(node)], new)
        return rename[net.output]

    def build(self, output) -> Network:
        """A checked :class:`Network` with the given output node (a sealed copy of the graph
        built so far; the builder can go on)."""
        return Network(self.graph, output)
