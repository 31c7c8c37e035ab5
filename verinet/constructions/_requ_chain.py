"""Private gadget machinery shared by the ReQU constructions (:mod:`.requ`, :mod:`.requ_spline`).

A *form* is an affine expression ``sum_j w_j z_j + bias`` over the current ReQU layer's outputs
``z``.  A *gadget* is a list of neuron pre-activations (forms) and the combination of those
neurons that is its value; the three identities of :mod:`.requ` ([S] square, [P] product,
[I] identity) are gadgets.  :class:`Chain` stacks layers of gadgets, multiplying consecutive
affine maps out, so the network is a plain chain affine, ReQU, ..., affine.
"""

from .._backend import MPQ
from ..network import NetworkBuilder

__all__ = ["Form", "ONE", "square", "product", "identity", "Chain"]


class Form:
    """An affine form ``sum_j w_j z_j + bias`` over the current layer's outputs ``z``."""

    __slots__ = ("w", "bias")

    def __init__(self, w: dict, bias):
        self.w, self.bias = {j: MPQ(c) for j, c in w.items() if c}, MPQ(bias)

    def __add__(self, other):
        w = dict(self.w)
        for j, c in other.w.items():
            w[j] = w.get(j, 0) + c
        return Form(w, self.bias + other.bias)

    def __mul__(self, c):
        return Form({j: v * c for j, v in self.w.items()}, self.bias * c)

    def __neg__(self):
        return self * -1

    def __eq__(self, other):
        return isinstance(other, Form) and self.w == other.w and self.bias == other.bias

    __hash__ = None


ONE = Form({}, 1)


def square(u):
    """[S]: neurons and the form (over the neuron indices 0, 1) of ``u^2``."""
    return [u, -u], [(0, MPQ(1)), (1, MPQ(1))]


def product(u, v):
    """[P]: neurons and the form of ``u v``."""
    return [u + v, -(u + v), u + (-v), v + (-u)], [(0, MPQ(1, 4)), (1, MPQ(1, 4)), (2, MPQ(-1, 4)), (3, MPQ(-1, 4))]


def identity(u):
    """[I]: neurons and the form of ``u``."""
    return product(u, ONE)


class Chain:
    """Builds affine, ReQU, ..., affine from layers of gadgets over a state of forms."""

    def __init__(self, in_dim: int):
        self.nb = NetworkBuilder()
        self.base = self.nb.input(in_dim)
        self.width = in_dim
        self.layers = 0

    def coordinate(self, j) -> Form:
        return Form({j: 1}, 0)

    def layer(self, gadgets, constants=None) -> list:
        """One ReQU layer of ``gadgets`` (pairs ``(neurons, output form)``); returns the new state,
        output ``i`` plus ``constants[i]`` when given."""
        neurons, outputs = [], []
        for pre, out in gadgets:
            offset = len(neurons)
            neurons += pre
            outputs.append(Form({offset + k: c for k, c in out}, 0))
        self.layers += 1
        h = self.nb.requ(self.nb.affine(self.base, *self._matrix(neurons), name=f"L{self.layers - 1}"),
                         name=f"requ{self.layers}")
        self.base, self.width = h, len(neurons)
        if constants is not None:
            outputs = [f + Form({}, c) for f, c in zip(outputs, constants)]
        return outputs

    def _matrix(self, forms):
        return ([[f.w.get(j, MPQ(0)) for j in range(self.width)] for f in forms], [f.bias for f in forms])

    def build(self, forms):
        return self.nb.build(self.nb.affine(self.base, *self._matrix(forms), name=f"L{self.layers}"))
