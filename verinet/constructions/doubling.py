"""The steep step of bit extraction, and its bounded-weight replacement: the doubling chain.

Main statements
---------------
* The steep step (Shen-Yang-Zhang 2020, eqs. 3.11-3.12, with ``delta = 2^-R``):
  ``relu(2^R z + 1) - relu(2^R z) = clip(2^R z + 1, 0, 1)`` for every real ``z``; one hidden
  layer of width 2, weight ``2^R`` (:func:`steep_step_layers`).  With ``z = xi - 1/2`` and
  ``R = L`` it reads bit ``theta_j`` of ``xi_j = bin0.theta_j ... theta_L`` (``xi_j - 1/2 <=
  -2^-L`` when ``theta_j = 0``); its ``2^L`` is the exponential parameter of Lu-Shen-Yang-Zhang
  2021 (spec smooth_and_growth.md 1.8, 1.10).
* The doubling chain [R] (spec 2.6, verinet's reconstruction of the bounded-weight bit
  extraction the seed attributes to Morina-Holler)::

      w_0 = relu(z + 2^-R) - relu(z + 2^-R - 1),   w_k = relu(2 w_{k-1}) - relu(2 w_{k-1} - 1),  k = 1..R,

  has width 2, depth ``R + 1``, weights in ``{1, 2, -2}``, biases ``2^-R, 2^-R - 1, 0, -1``
  (so ``||theta||_inf = 2`` for ``R >= 1``) and ``w_R = clip(2^R z + 1, 0, 1)`` for every real
  ``z``: ``relu(t) - relu(t - 1) = clip(t, 0, 1)`` and ``clip(2 clip(t, 0, 1), 0, 1) =
  clip(2 t, 0, 1)``, so ``w_k = clip(2^k (z + 2^-R), 0, 1)`` (:func:`doubling_step_layers`).
  It is the same function as the steep step on all of R, at depth ``R + 1`` instead of 1.

:func:`check_step` checks either chain exactly against ``clip(2^R z + 1, 0, 1)`` on its 1-D
form; beyond ``[-1, 1]`` both are constant (their first layer is: ``relu(t) - relu(t - 1)`` of an
affine ``t``, constant outside ``[-2^-R, 1 - 2^-R]`` resp. ``[-2^-R, 0]``, and every later layer is
a function of it).
"""

from .._backend import MPQ
from ..analysis.pwl1d import PWLForm, piecewise_linear_form
from ..errors import BoundViolation, InvalidArgument
from .construction import Construction
from .estimates import Estimate
from ._layers import chain, check_int, parse_int
from .registry import register

__all__ = ["VARIANTS", "check_variant", "steep_step_layers", "doubling_step_layers", "step_layers", "clip_step",
           "check_step", "doubling_step"]

VARIANTS = ("lsyz", "bounded")  # the paper's steep step; the doubling chain


def check_variant(variant) -> str:
    """``variant`` if it is one of :data:`VARIANTS`, else ``InvalidArgument`` naming it."""
    if variant not in VARIANTS:
        raise InvalidArgument(f"variant={variant!r} must be one of {', '.join(VARIANTS)} (lsyz: the paper's steep "
                              f"step of weight 2^L; bounded: the doubling chain, weights <= 2, depth L + 1 per bit)")
    return variant


def steep_step_layers(R: int, center=0) -> list:
    """``t -> relu(2^R (t - c) + 1) - relu(2^R (t - c))`` (``c = center``): one hidden layer, ``(W, b)`` pairs."""
    check_int(R, "R", 0)
    big, c = MPQ(2**R), MPQ(center)
    return [([[big], [big]], [1 - big * c, -big * c]), ([[1, -1]], [0])]


def doubling_step_layers(R: int, center=0) -> list:
    """The doubling chain of ``z = t - center`` (module docstring): ``R + 1`` hidden layers of width 2."""
    check_int(R, "R", 0)
    shift = MPQ(1, 2**R) - MPQ(center)
    return ([([[1], [1]], [shift, shift - 1])] + [([[2, -2], [2, -2]], [0, -1])] * R + [([[1, -1]], [0])])


def step_layers(R: int, variant: str, center=0) -> list:
    """``t -> clip(2^R (t - center) + 1, 0, 1)`` as the paper's steep step (``"lsyz"``) or the doubling chain (``"bounded"``)."""
    return (steep_step_layers if check_variant(variant) == "lsyz" else doubling_step_layers)(R, center)


def clip_step(z, R: int) -> MPQ:
    """``clip(2^R z + 1, 0, 1)`` exactly."""
    return min(max(2**R * MPQ(z) + 1, MPQ(0)), MPQ(1))


def check_step(net, R: int, center=0) -> PWLForm:
    """The exact 1-D form of ``net`` on ``[c - 1, c + 1]`` (``c = center``), checked equal to
    ``clip(2^R (t - c) + 1, 0, 1)``, whose kinks ``c - 2^-R`` and ``c`` lie inside.

    Raises
    ------
    BoundViolation
        When the forms differ; the witness is ``(t, net(t), clip value)`` at the first
        break point (of either form) where they do.
    InvalidArgument
        When ``net`` is not a network of scalar input and output.
    """
    check_int(R, "R", 0)
    if (net.in_dim, net.out_dim) != (1, 1):
        raise InvalidArgument(f"a step chain maps a scalar to a scalar; this network maps R^{net.in_dim} to R^{net.out_dim}")
    c = MPQ(center)
    (form,) = piecewise_linear_form(net, c - 1, c + 1)
    kinks = sorted({c - 1, c - MPQ(1, 2**R), c, c + 1})
    if form != PWLForm.from_points(kinks, [clip_step(t - c, R) for t in kinks]):
        for t in sorted(set(form.breakpoints) | set(kinks)):
            if form(t) != clip_step(t - c, R):
                raise BoundViolation(f"the step chain is not clip(2^{R} (t - {c}) + 1, 0, 1): at t = {t} it is "
                                     f"{form(t)}, not {clip_step(t - c, R)}", witness=(t, form(t), clip_step(t - c, R)))
    return form


@register(
    "doubling-step",
    "the doubling chain w <- relu(2w) - relu(2w - 1) (spec 2.6) [R]: clip(2^R z + 1, 0, 1) with width 2, depth R+1, "
    "|theta| <= 2 (the steep step's weight is 2^R)",
    parameters={"R": (parse_int(0), "steepness R: the step rises from 0 to 1 on [-2^-R, 0]")},
    estimate=lambda R: Estimate(2, R + 1, R + 3),
)
def doubling_step(R: int) -> Construction:
    """The doubling chain as a construction, checked exactly (:func:`check_step`) before it is returned.

    Returns
    -------
    Construction
        Claims: width 2, depth ``R + 1``, ``max_abs_parameter`` 2 (1 when ``R = 0``), the
        function ``clip(2^R z + 1, 0, 1)`` and its kinks ``-2^-R, 0``.

    Examples
    --------
    >>> from verinet.interpret.statistics import parameter_statistics
    >>> c = doubling_step(5)
    >>> str(parameter_statistics(c.network).max_abs_parameter), c.claims["depth"]
    ('2', 6)
    """
    net = chain(doubling_step_layers(R), name="doubling")
    check_step(net, R)
    return Construction(
        name="doubling-step", network=net, parameters={"R": R},
        claims={"width": 2, "depth": R + 1, "max_abs_parameter": MPQ(2 if R else 1),
                "function": "clip(2^R z + 1, 0, 1)", "kinks": (-MPQ(1, 2**R), MPQ(0))},
        reference="verinet [R] of the bounded-weight bit extraction (spec smooth_and_growth.md 2.6); the steep step "
                  "it replaces is Shen-Yang-Zhang 2020, eqs. 3.11-3.12")
