"""Size estimates of a construction from its parameters, checked before it is built.

Each registered builder with parameters gives an :class:`Estimate`: upper bounds of its
hidden width, its depth and the bits of its largest weight (numerator or denominator),
computed from the parameters alone.  :func:`check_estimate` refuses a build past
:class:`Limits`, naming the estimate and the flag that raises the limit, so that
``verinet build sawtooth --m 10^20`` stops at once instead of aborting inside GNU MP.

The parameter count is bounded as for a dense chain: hidden layers of width ``W``, depth
``D`` (``D`` hidden layers), input width ``a`` and output width ``b`` have at most

    (a + 1) W + (D - 1)(W + 1) W + (W + 1) b        (D >= 1),    (a + 1) b   (D = 0)

weights and biases; a construction's layered form never has wider layers than ``W``.
"""

from dataclasses import dataclass

from .._backend import MPQ
from ..errors import BudgetExceeded

__all__ = ["Estimate", "Limits", "check_estimate", "bits", "rational_bits", "capped_power", "CAP_BITS",
           "lemma_5_1_bits", "monomial_estimate"]

# Estimates are exact integers, but a power such as 2^(m n) is capped at 2^CAP_BITS: any
# limit is far below it, and computing 2^(10^20) would not end.
CAP_BITS = 4096


def bits(k: int) -> int:
    """Bits of ``|k|``."""
    return abs(int(k)).bit_length()


def rational_bits(q) -> int:
    """The larger of the bits of the numerator and of the denominator of ``q``."""
    q = MPQ(q)
    return max(bits(q.numerator), bits(q.denominator))


def capped_power(base: int, exponent: int) -> int:
    """``base ** exponent`` for ``base >= 2``, or ``2^CAP_BITS`` when that is larger."""
    if exponent * (bits(base) - 1) >= CAP_BITS:
        return 2**CAP_BITS
    return min(base**exponent, 2**CAP_BITS)


@dataclass(frozen=True)
class Estimate:
    """Upper bounds of a network's sizes, from its construction's parameters."""

    width: int
    depth: int
    weight_bits: int
    in_dim: int = 1
    out_dim: int = 1

    @property
    def parameters(self) -> int:
        """The dense-chain bound of the module docstring."""
        a, b, W, D = self.in_dim, self.out_dim, self.width, self.depth
        if D == 0:
            return (a + 1) * b
        return (a + 1) * W + (D - 1) * (W + 1) * W + (W + 1) * b


def lemma_5_1_bits(N: int, L: int) -> int:
    """Weight bits of Lemma 5.1's square network: its error ``2^(-2Lk-2)`` with ``2^k <= 3N``."""
    return 2 * L * (bits(N) + 1) + 2


def monomial_estimate(k: int, d: int, N: int, L: int) -> Estimate:
    """Prop. 4.1's ``x^alpha`` with ``k = |alpha|`` in ``d`` variables: width ``9(N+1)+k-1``,
    depth ``7k^2 L`` (Lemma 5.3 runs Lemma 4.2 with ``N + 1`` at depth ``7kL``)."""
    return Estimate(9 * (N + 1) + k, 7 * k * k * L, lemma_5_1_bits(N + 1, 7 * k * L) + 8, in_dim=d)


@dataclass(frozen=True)
class Limits:
    """The largest estimate built by default.

    ``tent-iterate --k 100000`` (600006 parameters, 17 s) and ``sawtooth --m 16000``
    (32002-bit weights, about 12 s and 1.5 GB) are within them.
    """

    max_parameters: int = 4_000_000
    max_layers: int = 1_000_000
    max_weight_bits: int = 32_768


# (estimate field, limit field, CLI flag, what it measures)
_CHECKS = (
    ("parameters", "max_parameters", "--max-parameters", "parameters"),
    ("depth", "max_layers", "--max-layers", "layers"),
    ("weight_bits", "max_weight_bits", "--max-weight-bits", "bits in its largest weight"),
)


def _amount(n: int) -> str:
    if n >= 2**CAP_BITS:
        return f"more than 2^{CAP_BITS}"
    return f"up to about 2^{bits(n) - 1}" if n >= 2**64 else f"up to {n}"


def check_estimate(name: str, estimate: Estimate, limits: Limits = Limits()) -> None:
    """Refuse ``estimate`` when it is past one of ``limits``.

    Raises
    ------
    BudgetExceeded
        Naming the construction, the estimated size, the limit and the flag that raises it.
    """
    for field, limit_field, flag, what in _CHECKS:
        value, limit = getattr(estimate, field), getattr(limits, limit_field)
        if value > limit:
            raise BudgetExceeded(f"{name} would have {_amount(value)} {what} (estimated from its "
                                 f"parameters), over the limit {limit}; raise it with {flag} N")
