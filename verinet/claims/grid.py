"""The cube grid of the step-function constructions (Shen-Yang-Zhang 2022, Step 1 and eq. 4;
Lu-Shen-Yang-Zhang 2021, Section 4).

With ``K >= 1`` cells per axis (``K = 2^n`` in Shen-Yang-Zhang) and ``delta in (0, 1/(3K)]``:

* ``x_beta = beta / K`` and ``Q_beta = prod_i [beta_i/K, (beta_i + 1)/K - delta]`` for
  ``beta in {0..K-1}^d``; the index map ``rho(beta) = 1 + sum_i beta_i K^(i-1)`` numbers the
  cubes ``1..K^d``.
* The trifling region ``Omega = union_i {x : x_i in union_{k=1}^{K-1} (k/K - delta, k/K)}``.
* [R] ``[0, 1]^d \\ Omega`` is the union of the *closed* cubes ``Qbar_beta`` in which the
  last interval of each axis is ``[(K-1)/K, 1]`` (the paper's ``Q_beta`` miss the sliver
  ``(1 - delta, 1]``); the step function maps all of ``Qbar_beta`` to ``beta``.
* ``|Omega| = 1 - (1 - (K-1) delta)^d <= d (K-1) delta <= d K delta``.

The axis cells of :func:`axis_cells` split ``[0, 1]`` so that on each cell the position of
``x - delta``, ``x`` and ``x + delta`` (which interval or gap) is constant; the L^inf check
of Theorem 2.2 runs over their products.
"""

from dataclasses import dataclass
from itertools import product

from .._backend import MPQ
from ..errors import BudgetExceeded, InvalidArgument
from ..numbers import as_rational

__all__ = ["Grid", "label", "MAX_CUBES"]

# The most cubes :meth:`Grid.cubes` lists: every check visits each one (K^d = 2^10 already
# takes minutes), so a larger grid is refused at once instead of exhausting memory.
MAX_CUBES = 1 << 16


def _size(k: int) -> str:
    """``k`` itself up to 2^64, else ``2^e`` for a power of two or its size in bits."""
    if k <= 2**64:
        return str(k)
    return f"2^{k.bit_length() - 1}" if k & (k - 1) == 0 else f"an integer of {k.bit_length()} bits"


@dataclass(frozen=True)
class Grid:
    """``K`` cells per axis in dimension ``d`` with trifling width ``delta``."""

    d: int
    K: int
    delta: MPQ

    def __post_init__(self):
        for name in ("d", "K"):
            value = getattr(self, name)
            if type(value) is not int or value < 1:
                raise InvalidArgument(f"{name}={value!r} must be an int >= 1")
        delta = as_rational(self.delta, "delta")
        object.__setattr__(self, "delta", delta)
        if not 0 < delta <= MPQ(1, 3 * self.K):
            raise InvalidArgument(f"delta={delta} must lie in (0, 1/(3K)] = (0, 1/{3 * self.K}]")

    @property
    def cube_count(self) -> int:
        return self.K**self.d

    def rho(self, beta) -> int:
        """``1 + sum_i beta_i K^(i-1)``."""
        return 1 + sum(b * self.K**i for i, b in enumerate(beta))

    def cubes(self) -> list:
        """All ``beta``, ordered by ``rho(beta) = 1, 2, ..., K^d``.

        Raises
        ------
        BudgetExceeded
            When ``K^d > MAX_CUBES``.
        """
        if self.cube_count > MAX_CUBES:
            raise BudgetExceeded(f"the grid has K^d >= 2^{self.cube_count.bit_length() - 1} cubes (K = {_size(self.K)}, "
                                 f"d = {self.d}); the limit is verinet.claims.grid.MAX_CUBES = {MAX_CUBES}")
        return [tuple(reversed(rev)) for rev in product(range(self.K), repeat=self.d)]

    def corner(self, beta) -> tuple:
        """``x_beta = beta / K``."""
        return tuple(MPQ(b, self.K) for b in beta)

    def axis_interval(self, k: int) -> tuple:
        """``[k/K, (k+1)/K - delta]``, the last one closed up to 1."""
        hi = MPQ(1) if k == self.K - 1 else MPQ(k + 1, self.K) - self.delta
        return MPQ(k, self.K), hi

    def far_corner(self, beta) -> tuple:
        """The corner of ``Qbar_beta`` farthest from ``x_beta``."""
        return tuple(self.axis_interval(b)[1] for b in beta)

    def radius_squared(self, beta) -> MPQ:
        """``max_{x in Qbar_beta} ||x - x_beta||_2^2`` (at most ``d / K^2``)."""
        return sum((hi - lo) ** 2 for lo, hi in map(self.axis_interval, beta))

    def trifling_measure(self) -> MPQ:
        """``|Omega| = 1 - (1 - (K-1) delta)^d``, exactly."""
        return 1 - (1 - (self.K - 1) * self.delta) ** self.d

    def trifling_boxes(self) -> list:
        """``Omega`` as a union of ``d (K - 1)`` slabs (boxes as ``((lo, hi), ...)``)."""
        unit = (MPQ(0), MPQ(1))
        return [
            tuple((MPQ(k, self.K) - self.delta, MPQ(k, self.K)) if i == axis else unit for i in range(self.d))
            for axis in range(self.d)
            for k in range(1, self.K)
        ]

    def axis_cells(self) -> list:
        """Cells of ``[0, 1]``: ``(lo, hi, labels)`` with ``labels`` those of ``x - delta, x, x + delta``.

        Points and open intervals alternate; ``labels`` is constant on each cell.
        """
        K, delta = self.K, self.delta
        points = {MPQ(0), MPQ(1)}
        for k in range(1, K):
            points.update(MPQ(k, K) + j * delta for j in (-2, -1, 0, 1))
        points = sorted(p for p in points if 0 <= p <= 1)
        cells = []
        for i, p in enumerate(points):
            cells.append((p, p, self.labels(p)))
            if i + 1 < len(points):
                q = points[i + 1]
                cells.append((p, q, self.labels((p + q) / 2)))
        return cells

    def labels(self, x) -> tuple:
        return tuple(label(self.K, self.delta, x + s * self.delta) for s in (-1, 0, 1))


def label(K: int, delta, y) -> tuple:
    """``('I', k)`` when ``y`` is in the (extended) interval of cube index ``k``, ``('G', k)`` in gap ``k``.

    The first interval extends to ``-oo`` and the last to ``+oo``, matching the step function.
    """
    below = (y * K).numerator // (y * K).denominator  # floor(K y)
    nxt = below + 1
    if 1 <= nxt <= K - 1 and y > MPQ(nxt, K) - delta:
        return ("G", int(nxt))
    return ("I", int(min(K - 1, max(0, below))))
