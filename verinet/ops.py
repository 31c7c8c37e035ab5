"""The closed set of network operations: inert, frozen, shape-checked data.

Each op knows its input widths and output width and validates local invariants on
construction; no op carries evaluation logic (interpreters in ``verinet.interpret`` do).

An ``Affine`` map ``x -> W x + b`` is stored over one common denominator:
``W = weight_numerators / denominator`` and ``b = bias_numerators / denominator``, reduced so
that the gcd of all numerators and the denominator is 1.  Equal maps are equal ops.
"""

import math
from dataclasses import dataclass

from ._backend import MPQ
from .errors import BudgetExceeded, InvalidArgument, ShapeError
from .numbers import as_rationals

__all__ = [
    "Op",
    "Input",
    "Affine",
    "ReLU",
    "ReQU",
    "Sigmoid",
    "Gaussian",
    "Add",
    "Concat",
    "Slice",
    "OP_TYPES",
    "LINEAR",
    "ACTIVATIONS",
    "PIECEWISE_LINEAR",
    "PIECEWISE_POLYNOMIAL",
    "TRANSCENDENTAL",
    "ALL_OPS",
]


def _check_dim(value, name):
    if type(value) is not int or value < 1:
        raise InvalidArgument(f"{name}={value!r} must be a positive int")


@dataclass(frozen=True, slots=True)
class Input:
    """The network input, a vector of width ``dim``."""

    dim: int

    def __post_init__(self):
        _check_dim(self.dim, "Input.dim")

    in_dims = ()

    @property
    def out_dim(self) -> int:
        return self.dim


# An affine op stores its entries as integers over one common denominator; that costs
# (bits of the denominator) x (entries) bits.  Past this many bits (2 GiB) the layer is refused
# before it is built: entries with unrelated denominators (random p/q) can have an LCM of
# millions of bits, which would take hours and tens of GiB.
MAX_AFFINE_BITS = 1 << 34


def _common_denominator(values, name: str) -> int:
    """The LCM of the denominators of ``values``, or ``BudgetExceeded`` as soon as storing the
    values over it would pass :data:`MAX_AFFINE_BITS` (computed incrementally, so the refusal is
    quick)."""
    limit = MAX_AFFINE_BITS // max(len(values), 1)
    den = 1
    for k, v in enumerate(values):
        q = int(v.denominator)
        if den % q:
            den = den // math.gcd(den, q) * q
            if den.bit_length() > limit:
                raise BudgetExceeded(
                    f"{name}: the {len(values)} entries have no common denominator of at most {limit} bits (after "
                    f"{k + 1} entries it has {den.bit_length()}): stored exactly they would take more than "
                    f"{MAX_AFFINE_BITS // 2**33} GiB.  Exact layers need denominators with a small common multiple "
                    f"(powers of 2, as floats and the papers' constructions have); rescale or round the weights "
                    f"explicitly first")
    return den


@dataclass(frozen=True, slots=True)
class Affine:
    """``x -> W x + b`` with exact rational ``W`` (out_dim x in_dim) and ``b``.

    Build one from rationals with :meth:`from_rationals`; the raw constructor takes integer
    numerators over one positive common denominator and reduces them.
    """

    weight_numerators: tuple  # tuple of out_dim rows, each a tuple of in_dim ints
    bias_numerators: tuple  # tuple of out_dim ints
    denominator: int

    def __post_init__(self):
        rows, bias, den = self.weight_numerators, self.bias_numerators, self.denominator
        if type(den) is not int or den < 1:
            raise InvalidArgument(f"Affine denominator={den!r} must be a positive int")
        if not isinstance(rows, tuple) or not rows or not isinstance(rows[0], tuple):
            raise ShapeError(f"Affine weight_numerators={rows!r} must be a non-empty tuple of tuples")
        in_dim = len(rows[0])
        if in_dim < 1:
            raise ShapeError("Affine needs at least one input column")
        for i, row in enumerate(rows):
            if not isinstance(row, tuple) or len(row) != in_dim:
                raise ShapeError(f"Affine weight row {i}={row!r} is not a tuple of {in_dim} entries")
            if any(type(v) is not int for v in row):
                raise InvalidArgument(f"Affine weight row {i} must hold ints, got {row!r}")
        if not isinstance(bias, tuple) or len(bias) != len(rows):
            raise ShapeError(f"Affine bias_numerators={bias!r} is not a tuple of {len(rows)} entries")
        if any(type(v) is not int for v in bias):
            raise InvalidArgument(f"Affine bias numerators must be ints, got {bias!r}")
        g = math.gcd(den, *bias, *(v for row in rows for v in row))
        if g != 1:
            rows = tuple(tuple(v // g for v in row) for row in rows)
            bias = tuple(v // g for v in bias)
            object.__setattr__(self, "weight_numerators", rows)
            object.__setattr__(self, "bias_numerators", bias)
            object.__setattr__(self, "denominator", den // g)

    @classmethod
    def from_rationals(cls, weights, bias=None, name: str = "Affine") -> "Affine":
        """Build ``x -> W x + b`` from rows of exact numbers (see ``as_rational``).

        ``bias`` defaults to zero.  Errors name the offending entry, e.g. ``W[2][0]``.
        """
        if isinstance(weights, (str, bytes)) or not hasattr(weights, "__iter__"):
            raise InvalidArgument(f"{name}: weights={weights!r} must be a list of rows")
        # as_rationals names the entry at fault and refuses a row that is a string or a scalar.
        w = [list(as_rationals(row, f"{name} W[{i}]")) for i, row in enumerate(weights)]
        if not w or not w[0]:
            raise ShapeError(f"{name}: weight matrix is empty")
        width = len(w[0])
        for i, row in enumerate(w):
            if len(row) != width:
                raise ShapeError(f"{name}: weight row {i} has {len(row)} entries, expected {width}")
        if bias is None:
            b = [MPQ(0)] * len(w)
        else:
            b = list(as_rationals(bias, f"{name} b"))
        if len(b) != len(w):
            raise ShapeError(f"{name}: bias has {len(b)} entries, weight matrix has {len(w)} rows")
        den = _common_denominator([v for row in w for v in row] + b, name)
        return cls(
            tuple(tuple(int(v * den) for v in row) for row in w),
            tuple(int(v * den) for v in b),
            den,
        )

    @property
    def in_dims(self) -> tuple:
        return (len(self.weight_numerators[0]),)

    @property
    def out_dim(self) -> int:
        return len(self.weight_numerators)

    def weights(self) -> list:
        """``W`` as a list of rows of exact rationals."""
        d = self.denominator
        return [[MPQ(v, d) for v in row] for row in self.weight_numerators]

    def bias(self) -> list:
        """``b`` as a list of exact rationals."""
        return [MPQ(v, self.denominator) for v in self.bias_numerators]


class _Elementwise:
    """An activation applied coordinatewise to a vector of width ``dim``."""

    __slots__ = ()

    def __post_init__(self):
        _check_dim(self.dim, f"{type(self).__name__}.dim")

    @property
    def in_dims(self) -> tuple:
        return (self.dim,)

    @property
    def out_dim(self) -> int:
        return self.dim


@dataclass(frozen=True, slots=True)
class ReLU(_Elementwise):
    """Elementwise ``sigma(t) = max(0, t)`` on a vector of width ``dim``."""

    dim: int


@dataclass(frozen=True, slots=True)
class ReQU(_Elementwise):
    """Elementwise ``sigma_2(t) = max(0, t)^2`` (the rectified quadratic unit) on width ``dim``.

    Polynomial on each side of 0, so rational inputs give rational outputs: exactly evaluable.
    """

    dim: int


@dataclass(frozen=True, slots=True)
class Sigmoid(_Elementwise):
    """Elementwise logistic ``t -> 1 / (1 + exp(-t))`` on width ``dim``.

    Transcendental: its values at rationals (other than none) are irrational, so it is only
    enclosed (rigorous balls), never evaluated exactly.
    """

    dim: int


@dataclass(frozen=True, slots=True)
class Gaussian(_Elementwise):
    """Elementwise ``t -> exp(-t^2)`` on width ``dim``; transcendental (enclosed only)."""

    dim: int


@dataclass(frozen=True, slots=True)
class Add:
    """Sum of ``arity`` vectors of width ``dim``."""

    dim: int
    arity: int = 2

    def __post_init__(self):
        _check_dim(self.dim, "Add.dim")
        _check_dim(self.arity, "Add.arity")

    @property
    def in_dims(self) -> tuple:
        return (self.dim,) * self.arity

    @property
    def out_dim(self) -> int:
        return self.dim


@dataclass(frozen=True, slots=True)
class Concat:
    """Concatenation of vectors of the given widths, in slot order."""

    dims: tuple

    def __post_init__(self):
        if not isinstance(self.dims, tuple) or not self.dims:
            raise InvalidArgument(f"Concat.dims={self.dims!r} must be a non-empty tuple")
        for i, d in enumerate(self.dims):
            _check_dim(d, f"Concat.dims[{i}]")

    @property
    def in_dims(self) -> tuple:
        return self.dims

    @property
    def out_dim(self) -> int:
        return sum(self.dims)


@dataclass(frozen=True, slots=True)
class Slice:
    """Coordinates ``start:stop`` of a vector of width ``in_dim``."""

    in_dim: int
    start: int
    stop: int

    def __post_init__(self):
        _check_dim(self.in_dim, "Slice.in_dim")
        if not (type(self.start) is int and type(self.stop) is int and 0 <= self.start < self.stop <= self.in_dim):
            raise ShapeError(f"Slice {self.start}:{self.stop} is not a non-empty range inside width {self.in_dim}")

    @property
    def in_dims(self) -> tuple:
        return (self.in_dim,)

    @property
    def out_dim(self) -> int:
        return self.stop - self.start


Op = Input | Affine | ReLU | ReQU | Sigmoid | Gaussian | Add | Concat | Slice
OP_TYPES = frozenset({Input, Affine, ReLU, ReQU, Sigmoid, Gaussian, Add, Concat, Slice})

# Op groups: an interpreter declares the group it supports (see ``verinet.interpret.walk``).
# ``Input`` belongs to no group: every walk starts from it.
LINEAR = frozenset({Affine, Add, Concat, Slice})
"""Affine in their inputs."""
ACTIVATIONS = frozenset({ReLU, ReQU, Sigmoid, Gaussian})
"""Elementwise nonlinearities; a layered network has one per hidden layer."""
PIECEWISE_LINEAR = LINEAR | {ReLU}
"""ReLU networks: continuous piecewise affine, analysed exactly by the region and 1-D forms."""
PIECEWISE_POLYNOMIAL = PIECEWISE_LINEAR | {ReQU}
"""Exact over the rationals: rational inputs give rational outputs."""
TRANSCENDENTAL = frozenset({Sigmoid, Gaussian})
"""Irrational at rational points: enclosed by rigorous balls only."""
ALL_OPS = PIECEWISE_POLYNOMIAL | TRANSCENDENTAL
