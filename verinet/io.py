"""Network files: versioned JSON with every number exact, so ``load(save(N)) == N``.

Main statements
---------------
* :func:`save` writes ``format "verinet-network"``, ``version`` 1 (ReLU networks) or 2 (with ReQU, Sigmoid or Gaussian ops): the input and output
  node names and one object per node (in :meth:`Network.order`) with its op, its
  arguments in slot order and the op's fields.  Weights and biases are exact rationals
  written as strings in lowest terms (``"3/7"``, ``"-2"``), so numbers of any size survive.
* The same network gives the same bytes: the node order, the key order and the number
  spelling depend only on the network.
* :func:`load` reads a file back, accepting only what :func:`save` can mean: a truncated
  or malformed file, an unknown format tag or version, an unknown op, a missing, extra or
  repeated field, a number that is not exact (a JSON float such as ``0.5``, ``NaN``), a shape
  mismatch, a cycle or a dangling node each raise :class:`~verinet.errors.FileFormatError`
  naming the file and the node and field at fault.

The format is documented field by field in ``docs/file-format.md``.
"""

import hashlib
import json
import os
from decimal import Decimal

import networkx as nx

from .errors import BudgetExceeded, FileFormatError, InvalidArgument, NetworkTypeError
from .json_objects import unique_keys
from .network import Network
from .numbers import as_rational, rational_str
from .ops import Add, Affine, Concat, Gaussian, Input, ReLU, ReQU, Sigmoid, Slice

__all__ = ["FORMAT", "VERSION", "MAX_FILE_BYTES", "save", "load", "read_bounded", "to_json_dict", "from_json_dict",
           "dumps", "loads", "sha256"]

# Largest file load reads by default: reading takes memory about 160 times the file's size.
MAX_FILE_BYTES = 32 * 2**20

FORMAT = "verinet-network"
VERSION = 2

# The version that introduced each op (version 1: the ReLU format).  A file is written with
# the lowest version that holds all its ops, so a ReLU network's bytes are those of version 1.
_OP_VERSION = {ReQU: 2, Sigmoid: 2, Gaussian: 2}

_TOP_KEYS = ("format", "version", "input", "output", "nodes")


# --- writing -------------------------------------------------------------------------------

def _rationals(values) -> list:
    return list(map(rational_str, values))


# Each writer gives the op's fields; name, op and args are written for every node.
WRITERS = {
    Input: lambda op: {"dim": op.dim},
    Affine: lambda op: {
        "weights": [_rationals(row) for row in op.weights()],
        "bias": _rationals(op.bias()),
    },
    ReLU: lambda op: {"dim": op.dim},
    ReQU: lambda op: {"dim": op.dim},
    Sigmoid: lambda op: {"dim": op.dim},
    Gaussian: lambda op: {"dim": op.dim},
    Add: lambda op: {"dim": op.dim, "arity": op.arity},
    Concat: lambda op: {"dims": list(op.dims)},
    Slice: lambda op: {"in_dim": op.in_dim, "start": op.start, "stop": op.stop},
}


def to_json_dict(net: Network) -> dict:
    """The JSON-ready description of ``net`` (see ``docs/file-format.md``): version 1 for a
    network of version-1 ops, else the version of its newest op.

    Raises
    ------
    InvalidArgument
        If ``net`` is not a Network or a node name is not a string (JSON names are strings).

    Examples
    --------
    >>> from verinet import NetworkBuilder
    >>> b = NetworkBuilder()
    >>> y = b.affine(b.input(1, name="x"), [["1/2"]], ["-3"], name="a")
    >>> to_json_dict(b.build(y))["nodes"][1]
    {'name': 'a', 'op': 'Affine', 'args': ['x'], 'weights': [['1/2']], 'bias': ['-3']}
    """
    if not isinstance(net, Network):
        raise InvalidArgument(f"to_json_dict expects a Network, got {type(net).__name__}")
    nodes, version = [], 1
    for node in net.order():
        if type(node) is not str:
            raise InvalidArgument(
                f"node {node!r} of type {type(node).__name__} cannot be saved: node names must be strings"
            )
        op = net.op(node)
        fields = WRITERS[type(op)](op)
        version = max(version, _OP_VERSION.get(type(op), 1))
        nodes.append({"name": node, "op": type(op).__name__, "args": list(net.arguments(node)), **fields})
    return {"format": FORMAT, "version": version, "input": net.input, "output": net.output, "nodes": nodes}


def dumps(net: Network) -> str:
    """The file text of ``net``: JSON with one node per line, ASCII only, ending in a newline."""
    d = to_json_dict(net)
    head = ", ".join(f"{json.dumps(k)}: {json.dumps(d[k])}" for k in _TOP_KEYS[:-1])
    lines = ",\n".join("  " + json.dumps(node) for node in d["nodes"])
    return f'{{{head},\n "nodes": [\n{lines}\n]}}\n'


def sha256(net: Network) -> str:
    """The SHA-256 (hex) of ``net``'s canonical file text, :func:`dumps`: equal networks have
    equal hashes, and a file written by :func:`save` hashes to the same value as its bytes."""
    return hashlib.sha256(dumps(net).encode("ascii")).hexdigest()


def save(net: Network, path) -> None:
    """Write ``net`` to ``path`` (see :func:`dumps`); ``load(path) == net`` afterwards.

    Raises
    ------
    InvalidArgument
        As :func:`to_json_dict`.
    OSError
        If the file cannot be written.
    """
    text = dumps(net)
    with open(path, "w", encoding="ascii", newline="\n") as f:
        f.write(text)


# --- reading -------------------------------------------------------------------------------

class _Reader:
    """Reads one node's fields, raising ``FileFormatError`` that names file, node and field."""

    def __init__(self, source: str, name: str, op_name: str, node: dict):
        self.source, self.name, self.op_name, self.node = source, name, op_name, node

    def fail(self, message: str, field: str | None = None):
        where = f"{self.source}: node {self.name!r} ({self.op_name})"
        if field is not None:
            where += f", field {field!r}"
        raise FileFormatError(f"{where}: {message}")

    def integer(self, field: str) -> int:
        value = self.node[field]
        if type(value) is not int:
            self.fail(f"{_show(value)} is not a JSON integer", field)
        return value

    def integers(self, field: str) -> tuple:
        values = self.node[field]
        if type(values) is not list or not values or any(type(v) is not int for v in values):
            self.fail(f"{_show(values)} is not a non-empty list of JSON integers", field)
        return tuple(values)

    def rational(self, value, field: str):
        # Exact numbers are strings (any form as_rational reads) or JSON integers; a JSON
        # number with a fraction or exponent (0.5, 1e-3, NaN) is not read, as it would be
        # rounded by most JSON writers and readers.
        if isinstance(value, Decimal):
            self.fail(f'{value} is a JSON float; write exact numbers as strings such as "1/2"', field)
        try:
            return as_rational(value, field)
        except InvalidArgument as exc:
            self.fail(str(exc))

    def rational_list(self, values, field: str) -> list:
        if type(values) is not list:
            self.fail(f"{_show(values)} is not a list of numbers", field)
        return [self.rational(v, f"{field}[{i}]") for i, v in enumerate(values)]


def _bad(source: str, message: str) -> FileFormatError:
    return FileFormatError(f"{source}: {message}")


def _names(keys) -> str:
    return ", ".join(map(repr, keys))


def _show(value) -> str:
    """``value`` as JSON, cut to 60 characters, for error messages."""
    try:
        text = json.dumps(value, default=str)
    except (RecursionError, ValueError):  # nesting or an integer too deep/large to print
        return f"a {type(value).__name__} too large to show"
    return text if len(text) <= 60 else text[:57] + "..."


def _read_affine(r: _Reader) -> Affine:
    rows = r.node["weights"]
    if type(rows) is not list or not rows:
        r.fail(f"{_show(rows)} is not a non-empty list of rows", "weights")
    weights = [r.rational_list(row, f"weights[{i}]") for i, row in enumerate(rows)]
    bias = r.rational_list(r.node["bias"], "bias")
    return Affine.from_rationals(weights, bias, name="weights and bias")


# op name -> (fields besides name/op/args, reader building the op)
READERS = {
    "Input": (("dim",), lambda r: Input(r.integer("dim"))),
    "Affine": (("weights", "bias"), _read_affine),
    "ReLU": (("dim",), lambda r: ReLU(r.integer("dim"))),
    "ReQU": (("dim",), lambda r: ReQU(r.integer("dim"))),
    "Sigmoid": (("dim",), lambda r: Sigmoid(r.integer("dim"))),
    "Gaussian": (("dim",), lambda r: Gaussian(r.integer("dim"))),
    "Add": (("dim", "arity"), lambda r: Add(r.integer("dim"), r.integer("arity"))),
    "Concat": (("dims",), lambda r: Concat(r.integers("dims"))),
    "Slice": (
        ("in_dim", "start", "stop"),
        lambda r: Slice(r.integer("in_dim"), r.integer("start"), r.integer("stop")),
    ),
}


def _read_node(source: str, index: int, node) -> tuple:
    """``(name, op, args)`` of the ``index``-th entry of ``nodes``."""
    if type(node) is not dict:
        raise _bad(source, f"nodes[{index}] is {_show(node)}, not a JSON object")
    name = node.get("name")
    if type(name) is not str:
        raise _bad(source, f"nodes[{index}] has name {_show(name)}; a node name must be a string")
    op_name = node.get("op")
    if type(op_name) is not str or op_name not in READERS:
        raise _bad(source, f"node {name!r} has unknown op {_show(op_name)}; known ops: {', '.join(READERS)}")
    fields, read = READERS[op_name]
    r = _Reader(source, name, op_name, node)
    expected = {"name", "op", "args", *fields}
    missing = [k for k in ("args", *fields) if k not in node]
    if missing:
        r.fail(f"missing field(s) {_names(missing)}")
    extra = sorted(set(node) - expected)
    if extra:
        r.fail(f"unknown field(s) {_names(extra)}; {op_name} has {_names(fields)}")
    args = node["args"]
    if type(args) is not list or any(type(a) is not str for a in args):
        r.fail(f"{_show(args)} is not a list of node names", "args")
    if len(set(args)) != len(args):
        r.fail(f"{_show(args)} names a node twice; a node reads each argument once", "args")
    try:
        op = read(r)
    except (InvalidArgument, NetworkTypeError) as exc:
        r.fail(str(exc))
    except BudgetExceeded as exc:  # a layer too large to hold exactly: the same error, naming the node
        raise BudgetExceeded(f"{r.source}: node {r.name!r} ({op_name}): {exc}") from None
    return name, op, args


def _check_header(source: str, d) -> None:
    if type(d) is not dict:
        raise _bad(source, f"the top level is {type(d).__name__}, expected a JSON object")
    if d.get("format") != FORMAT:
        tag = _show(d.get("format"))
        raise _bad(source, f"not a verinet network file (format {tag}, expected {FORMAT!r})")
    version = d.get("version")
    if type(version) is not int or version < 1:
        raise _bad(source, f"unknown version {_show(version)}; this verinet reads versions 1 to {VERSION}")
    if version > VERSION:
        raise _bad(source, f"version {version} is newer than this verinet reads ({VERSION}); upgrade verinet")
    missing = [k for k in _TOP_KEYS if k not in d]
    if missing:
        raise _bad(source, f"missing top-level field(s) {_names(missing)}")
    extra = sorted(set(d) - set(_TOP_KEYS))
    if extra:
        raise _bad(source, f"unknown top-level field(s) {_names(extra)}")
    if type(d["nodes"]) is not list or not d["nodes"]:
        nodes = _show(d["nodes"])
        raise _bad(source, f"field 'nodes' is {nodes}; a network needs a non-empty list of nodes")


def from_json_dict(d, source: str = "<json>") -> Network:
    """The network described by ``d`` (the inverse of :func:`to_json_dict`).

    Parameters
    ----------
    d : dict
        Parsed JSON.  JSON floats should arrive as ``decimal.Decimal`` (``json.loads(...,
        parse_float=Decimal)``) so that error messages show them as written; Python floats
        are rejected as well.
    source : str
        How the data is called in error messages (the file name, for :func:`load`).

    Raises
    ------
    FileFormatError
        For anything but a well-formed description of a known version; the message names
        ``source`` and the node and field at fault.
    """
    _check_header(source, d)
    graph_nodes, edges = {}, []
    for index, entry in enumerate(d["nodes"]):
        name, op, args = _read_node(source, index, entry)
        needs = _OP_VERSION.get(type(op), 1)
        if needs > d["version"]:
            raise _bad(source, f"node {name!r}: op {type(op).__name__} needs version {needs}, the file says "
                               f"version {d['version']}")
        if name in graph_nodes:
            raise _bad(source, f"node name {name!r} is used twice (nodes[{index}])")
        graph_nodes[name] = op
        edges += [(a, name, slot) for slot, a in enumerate(args)]
    for a, name, slot in edges:
        if a not in graph_nodes:
            raise _bad(source, f"node {name!r}, field 'args'[{slot}]: {a!r} is not a node of the file")
    for key in ("input", "output"):
        if type(d[key]) is not str or d[key] not in graph_nodes:
            raise _bad(source, f"field {key!r}: {_show(d[key])} is not a node of the file")
    graph = nx.DiGraph()
    for name, op in graph_nodes.items():
        graph.add_node(name, op=op)
    for a, name, slot in edges:
        graph.add_edge(a, name, slot=slot)
    try:
        net = Network(graph, d["output"])
    except NetworkTypeError as exc:
        raise _bad(source, str(exc)) from None
    if net.input != d["input"]:
        raise _bad(source, f"field 'input' names {d['input']!r} but the Input node is {net.input!r}")
    return net


def loads(text: str, source: str = "<string>") -> Network:
    """The network in file text ``text`` (see :func:`load`)."""
    if not text.strip():
        raise _bad(source, "the file is empty")
    try:
        d = json.loads(text, parse_float=Decimal, parse_constant=Decimal, object_pairs_hook=unique_keys)
    except FileFormatError as exc:  # a repeated key
        raise _bad(source, str(exc)) from None
    except json.JSONDecodeError as exc:
        # A file cut short fails at its end, or inside its last string (which the JSON
        # scanner reports at the string's opening quote).
        at = f"line {exc.lineno} column {exc.colno}"
        if exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string"):
            raise _bad(source, f"truncated JSON (the text ends early: {exc.msg} at {at})") from None
        raise _bad(source, f"invalid JSON at {at}: {exc.msg}") from None
    except (ValueError, RecursionError) as exc:  # a huge integer literal, deep nesting
        raise _bad(source, f"unreadable JSON: {exc}") from None
    return from_json_dict(d, source)


def read_bounded(path, max_bytes=None) -> bytes:
    """The bytes of the file at ``path``, refusing one longer than ``max_bytes`` (default
    :data:`MAX_FILE_BYTES`) without reading past the limit (``/dev/zero`` ends at once)."""
    limit = MAX_FILE_BYTES if max_bytes is None else max_bytes
    with open(path, "rb") as f:
        data = f.read(limit + 1)
    if len(data) > limit:
        raise FileFormatError(f"{os.fspath(path)}: the file is larger than {limit} bytes; raise the limit with "
                              "verinet --max-file-bytes N (or max_bytes=N)")
    return data


def load(path, max_bytes=None) -> Network:
    """Read the network saved at ``path`` by :func:`save` (at most ``max_bytes``, see :func:`read_bounded`).

    Raises
    ------
    FileFormatError
        If the file is not valid UTF-8 JSON describing a network of a known version (truncated,
        corrupted, wrong format tag or version, unknown op, missing or repeated field, inexact number,
        shape mismatch, cycle, dangling node); the message names the file and the node
        and field at fault.
    OSError
        If the file cannot be read (missing, a directory, no permission).
    """
    source = os.fspath(path)
    data = read_bounded(path, max_bytes)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _bad(source, f"not UTF-8 text (byte {data[exc.start]:#04x} at offset {exc.start})") from None
    return loads(text, str(source))
