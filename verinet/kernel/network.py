"""The embedded networks: a small reader of verinet's JSON format for chains, and an exact evaluator.

A certificate embeds each network in its standard layered form (``Input``, then ``Affine``
and one activation node alternately, ending with an ``Affine``: the form every size and
intrinsic position refers to), under the SHA-256 of its canonical JSON.  This reader accepts
exactly that shape -- nothing of :mod:`verinet.io` or :mod:`verinet.network` is used -- and
:meth:`Chain.evaluate` computes ``L_L(sigma(... sigma(L_0 x)))`` in exact rationals (gmpy2),
skipping zero weights; ``sigma`` is ReLU ``max(0, t)`` or ReQU ``max(0, t)^2``.
"""

from .._backend import MPQ
from ..errors import FileFormatError
from .read import get, rational

__all__ = ["Chain", "ACTIVATIONS"]

ACTIVATIONS = {"ReLU": lambda t: t if t > 0 else MPQ(0), "ReQU": lambda t: t * t if t > 0 else MPQ(0)}


class Chain:
    """``layers[k] = (W, b)`` (rationals) and ``activations[k]`` after every layer but the last."""

    def __init__(self, data, where: str):
        if get(data, "format", str, where) != "verinet-network" or get(data, "version", int, where) not in (1, 2):
            raise FileFormatError(f"{where}: not a verinet-network of version 1 or 2")
        nodes = get(data, "nodes", list, where)
        if not nodes or get(nodes[0], "op", str, f"{where}.nodes[0]") != "Input":
            raise FileFormatError(f"{where}.nodes[0] must be the Input node")
        self.in_dim = get(nodes[0], "dim", int, f"{where}.nodes[0]")
        self.layers, self.activations = [], []
        width, previous = self.in_dim, get(nodes[0], "name", str, f"{where}.nodes[0]")
        for i, node in enumerate(nodes[1:], start=1):
            at = f"{where}.nodes[{i}]"
            op = get(node, "op", str, at)
            if get(node, "args", list, at) != [previous]:
                raise FileFormatError(f"{at}: not a chain (args must be [{previous!r}])")
            previous = get(node, "name", str, at)
            if (op == "Affine") != (i % 2 == 1):
                raise FileFormatError(f"{at}: op {op!r} out of place in a layered chain")
            if op == "Affine":
                W = [[rational(w, f"{at}.weights[{r}][{c}]") for c, w in enumerate(get_list(row, f"{at}.weights[{r}]"))]
                     for r, row in enumerate(get(node, "weights", list, at))]
                b = [rational(v, f"{at}.bias[{r}]") for r, v in enumerate(get(node, "bias", list, at))]
                if len(W) != len(b) or any(len(row) != width for row in W):
                    raise FileFormatError(f"{at}: weights are not {len(b)} x {width}")
                self.layers.append((W, b))
                width = len(b)
            elif op in ACTIVATIONS:
                self.activations.append(op)
            else:
                raise FileFormatError(f"{at}: op {op!r}; the kernel evaluates ReLU and ReQU chains only")
        if len(nodes) % 2 or get(data, "output", str, where) != previous:
            raise FileFormatError(f"{where}: the chain must end with its output Affine node")
        self.out_dim = width
        self.sparse = [[[(c, w) for c, w in enumerate(row) if w] for row in W] for W, _ in self.layers]
        self.nonzero_weights = sum(len(row) for rows in self.sparse for row in rows)

    def evaluate(self, point) -> list:
        """The exact output at ``point`` (a list of rationals)."""
        x = list(point)
        for k, (rows, (_, bias)) in enumerate(zip(self.sparse, self.layers)):
            x = [sum((w * x[c] for c, w in row), b) for row, b in zip(rows, bias)]
            if k < len(self.activations):
                sigma = ACTIVATIONS[self.activations[k]]
                x = [sigma(t) for t in x]
        return x

    def entry(self, layer: int, kind: str, row: int, col):
        """The weight ``W[row][col]`` (``kind == "W"``) or bias ``b[row]`` of layer ``layer``; None if absent."""
        if not (0 <= layer < len(self.layers)):
            return None
        W, b = self.layers[layer]
        if kind == "b" and col is None and 0 <= row < len(b):
            return b[row]
        if kind == "W" and 0 <= row < len(W) and isinstance(col, int) and 0 <= col < len(W[row]):
            return W[row][col]
        return None

    def sizes(self) -> dict:
        """Depth, width, parameter counts and magnitudes of the layered form (verinet's ``size_metrics``)."""
        values = [v for W, b in self.layers for v in [w for row in W for w in row] + b]
        widths = [len(b) for _, b in self.layers[:-1]]
        return {"depth": len(self.layers) - 1, "width": max(widths, default=0), "parameters": len(values),
                "nonzero_parameters": sum(1 for v in values if v), "max_abs_parameter": max(abs(v) for v in values),
                "max_numerator_bits": max(int(abs(v.numerator)).bit_length() for v in values),
                "max_denominator_bits": max(int(v.denominator).bit_length() for v in values)}


def get_list(value, where: str) -> list:
    if not isinstance(value, list):
        raise FileFormatError(f"{where} is a {type(value).__name__}, expected a list")
    return value
