"""Small networks shared by the bridge tests."""

from fractions import Fraction as F

from verinet.network import NetworkBuilder

__all__ = ["TRAP", "mixed_network"]

TRAP = 1 + F(1, 2**24) + F(1, 2**60)  # float64 first would round this to 1.0 in float32


def mixed_network():
    """A small DAG (skip connection, thirds and sevenths, a double-rounding trap)."""
    b = NetworkBuilder()
    x = b.input(2, name="x")
    h = b.relu(b.affine(x, [["1/3", "-2/7"], [TRAP, "5/11"], ["-1", "1/10"]], ["1/5", "-1/3", "0"]))
    y = b.affine(h, [["3/7", "-1/9", "2"], ["1", "1", "-1/6"]], ["1/7", "0"])
    return b.build(b.add(y, b.affine(x, [["1/2", "0"], ["0", "-1/3"]])))
