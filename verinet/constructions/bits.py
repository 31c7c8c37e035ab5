"""Bit extraction with a width-2 network (Shen-Yang-Zhang 2022, Prop. B.1 and Lemma B.2).

Main statements
---------------
* Lemma B.2: for ``a = sum_{j=1}^{J} theta_j 4^-j`` with bits ``theta_j``,
  ``T_{4^J}(4^j a)`` lies in ``[0, 1/3]`` when ``theta_j = 0`` and in ``[2/3, 1]`` when
  ``theta_j = 1`` (``T_m`` the sawtooth with ``m`` teeth).
* Prop. B.1: ``phi = G o T_{4^J}`` with ``G(z) = 3 relu(z - 1/3) - 3 relu(z - 2/3)`` has width 2
  and depth ``2J + 2``, takes values in ``[0, 1]`` on all of R and satisfies
  ``phi(4^j a) = theta_j`` for ``j = 1..J``.  The network does not depend on the bits.
"""

from .._backend import MPQ
from ..errors import BoundViolation
from ..interpret.exact import evaluate
from .construction import Construction
from .estimates import Estimate
from ._layers import chain, check_bits, parse_bits
from .registry import register
from .sawtooth import sawtooth_wave_deep, tent_layers

__all__ = ["bit_extraction", "digits_number", "extraction_points", "DIGIT_INTERVALS", "sawtooth_digit_values",
           "check_sawtooth_digit_gap"]

THIRD = MPQ(1, 3)

# Lemma B.2: T_{4^J}(4^j a) lies in DIGIT_INTERVALS[theta_j].
DIGIT_INTERVALS = {0: (MPQ(0), THIRD), 1: (2 * THIRD, MPQ(1))}


def digits_number(bits) -> MPQ:
    """``a = sum_{j=1}^{J} theta_j 4^-j``: the bits as base-4 digits in ``{0, 1}``.

    Examples
    --------
    >>> str(digits_number("0110"))
    '5/64'
    """
    theta = check_bits(bits)
    return sum((MPQ(t, 4**j) for j, t in enumerate(theta, start=1)), MPQ(0))


def extraction_points(bits) -> list:
    """The points ``4^j a`` for ``j = 1..J`` at which Prop. B.1 reads the bits back."""
    a = digits_number(bits)
    return [4**j * a for j in range(1, len(check_bits(bits)) + 1)]


@register(
    "bit-extraction",
    "Prop. B.1 bit extraction phi = G o T_{4^J}: width 2, depth 2J+2, phi(4^j a) = theta_j",
    parameters={"bits": (parse_bits, "the bits theta_1..theta_J as a 0/1 string; J = its length")},
    estimate=lambda bits: Estimate(2, 2 * len(bits) + 2, 2 * len(bits) + 2),
)
def bit_extraction(bits) -> Construction:
    """Prop. B.1: ``phi = G o T_{4^J}`` as a width-2 chain of depth ``2J + 2``.

    With ``N = 2^(2J+1)`` and input ``t`` (spec intrinsic_parameters.md, section 4 Step 4):

    1. ``u_1 = relu(t/N - 1/2)``, ``w_1 = relu(1/2 - t/N)``;
    2. for ``k = 2..2J+1``, with ``z = 1 - 2u_{k-1} - 2w_{k-1}`` (the tent map):
       ``u_k = relu(z - 1/2)``, ``w_k = relu(1/2 - z)``;
    3. with ``z = 1 - 2u_{2J+1} - 2w_{2J+1}``: ``p = relu(z - 1/3)``, ``q = relu(z - 2/3)``;
    4. output ``3p - 3q``.

    Steps 1-2 compute ``h^(2J+1)(t / N) = T_{4^J}(t)`` on ``[0, 2 4^J]``; the points
    ``4^j a <= 4^J / 3`` lie there.

    Parameters
    ----------
    bits : str or sequence of 0/1
        ``theta_1 .. theta_J``.  Only ``J`` shapes the network; the bits give the claimed
        values and the number ``a`` stored in the claims.

    Returns
    -------
    Construction
        Claims: width 2, depth ``2J + 2``, at most ``6(2J + 2) + 3`` parameters (the chain
        has ``12J + 13``), largest weight 3, range ``[0, 1]``, ``a`` and the pairs
        ``(4^j a, theta_j)``.

    Raises
    ------
    InvalidArgument
        If ``bits`` is empty or holds anything but 0 and 1.

    Examples
    --------
    >>> c = bit_extraction("0110")
    >>> [str(y) for (y,) in evaluate(c.network, [[x] for x in extraction_points("0110")])]
    ['0', '1', '1', '0']

    References
    ----------
    Shen, Yang, Zhang, "Deep Network Approximation in Terms of Intrinsic Parameters",
    ICML 2022, Prop. B.1 and Lemma B.2.
    """
    theta = check_bits(bits)
    J = len(theta)
    layers = tent_layers(2 * J + 1, MPQ(1, 2 ** (2 * J + 1)))
    # Replace the last tent output z = 1 - 2u - 2w by the pre-activations of G: z - 1/3, z - 2/3.
    layers[-1] = ([[-2, -2], [-2, -2]], [1 - THIRD, 1 - 2 * THIRD])
    layers.append(([[3, -3]], [0]))
    a = digits_number(theta)
    return Construction(
        name="bit-extraction",
        network=chain(layers, name="bx"),
        parameters={"bits": "".join(map(str, theta))},
        claims={
            "width": 2,
            "depth": 2 * J + 2,
            "parameters": 6 * (2 * J + 2) + 3,
            "max_abs_weight": MPQ(3),
            "range": (MPQ(0), MPQ(1)),
            "a": a,
            "values": tuple((x, MPQ(t)) for x, t in zip(extraction_points(theta), theta)),
        },
        reference="Shen-Yang-Zhang 2022, Prop. B.1",
    )


def sawtooth_digit_values(bits) -> list:
    """The values ``T_{4^J}(4^j a)``, ``j = 1..J``, by exact evaluation.

    ``T_{4^J}`` is :func:`~verinet.constructions.sawtooth.sawtooth_wave_deep`; Lemma B.2 says
    each value lies in ``DIGIT_INTERVALS[theta_j]``.

    Raises
    ------
    InvalidArgument
        If ``bits`` is not a non-empty 0/1 sequence.

    Examples
    --------
    >>> [str(v) for v in sawtooth_digit_values("101")]
    ['15/16', '1/4', '1']
    """
    theta = check_bits(bits)
    saw = sawtooth_wave_deep(4 ** len(theta)).network
    return [y for (y,) in evaluate(saw, [[x] for x in extraction_points(theta)])]


def check_sawtooth_digit_gap(bits) -> list:
    """Check Lemma B.2 exactly and return the values ``T_{4^J}(4^j a)``, ``j = 1..J``.

    Raises
    ------
    BoundViolation
        If some ``T_{4^J}(4^j a)`` is outside ``[0, 1/3]`` (bit 0) or ``[2/3, 1]`` (bit 1);
        the witness is ``(j, value)``.
    InvalidArgument
        If ``bits`` is not a non-empty 0/1 sequence.

    Examples
    --------
    >>> [str(v) for v in check_sawtooth_digit_gap("101")]
    ['15/16', '1/4', '1']
    """
    theta = check_bits(bits)
    values = sawtooth_digit_values(theta)
    for j, (t, v) in enumerate(zip(theta, values), start=1):
        low, high = DIGIT_INTERVALS[t]
        if not low <= v <= high:
            raise BoundViolation(
                f"Lemma B.2: T_(4^J)(4^{j} a) = {v} is not in [{low}, {high}] for theta_{j} = {t}",
                witness=(j, v),
            )
    return values
