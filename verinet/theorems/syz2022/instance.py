"""One built instance of the intrinsic-parameter construction for a target (Shen-Yang-Zhang 2022).

The networks are :mod:`verinet.constructions.intrinsic`'s; this module chooses what a target
puts into them:

* the truncations ``q_j = min(floor(2^n (f(x_beta) - b)/s), 2^n - 1)`` at the cube corners,
  decided rigorously (:func:`truncations`), and the key parameters ``a_l`` built from their
  bits;
* the scaling ``(s, b)`` [R]: the paper's ``s = 2 omega_f(sqrt(d))``, ``b = f(0) -
  omega_f(sqrt(d))`` are not rational in general.  Here ``s = 2W`` and ``b = c - W`` with a
  rational ``c`` near ``f(0)`` and a rational ``W >= omega(sqrt(d)) + |f(0) - c|``,
  ``omega`` the target's modulus; then ``(f - b)/s`` maps ``[0, 1]^d`` into ``[0, 1]``, and
  every bound holds with ``W`` in place of ``omega_f(sqrt(d))`` (:func:`scaling`);
* the trifling width ``delta`` of each theorem (:func:`theorem_2_1_delta`,
  :func:`paper_2_2_delta`).
"""

from dataclasses import dataclass, field, replace

import sympy

from ..._backend import MPQ
from ...balls import exact_ball
from ...claims.grid import Grid
from ...claims.targets import Target
from ...constructions.intrinsic import assemble, key_parameters, phi1_network, phi2_network
from ...errors import BoundViolation, InvalidArgument
from ...network import Network
from ...numbers import as_rational
from ...reals import floor_of, is_le, rational_bounds, to_sympy

__all__ = ["Instance", "build_instance", "reassemble", "scaling", "truncations", "theorem_2_1_delta",
           "paper_2_2_delta"]


@dataclass(frozen=True)
class Instance:
    """One built instance.

    Attributes
    ----------
    n : int
        Bits per cube value; the grid has ``K = 2^n`` cells per axis.
    grid : Grid
        ``d``, ``K`` and ``delta``.
    target : Target
    s, b : MPQ
        Scale and shift of the network's last layer (``1`` and ``0`` for Theorem A.1).
    truncations : tuple of int
        ``q_j = min(floor(2^n (f(x_beta) - b)/s), 2^n - 1)`` for ``j = rho(beta) = 1..K^d``,
        as computed by the builder (the checks recompute them from ``f``).
    key : tuple of MPQ
        ``a_1..a_n`` as stored in ``L``: ``a_l = sum_j theta_{j,l} 4^-j`` with
        ``theta_{j,l}`` bit ``l`` of ``q_j``.
    phi1, phi2, tail, network : Network
        ``R^d -> R`` cube index; ``R^n -> R`` bit extraction sum; ``t -> s relu(phi_2(relu(L
        relu(t)))) + b``; the whole network ``R^d -> R``.
    intrinsic : tuple
        The declared intrinsic parameters as positions ``(layer, "W" or "b", row, col)`` of
        the standard layered form of ``network``.
    scaled : bool
        ``s`` and ``b`` are intrinsic parameters (Theorems 2.1-2.3; not A.1).
    repaired : bool
        The network is the mid repair of Theorem 2.2 (``3^d`` copies of ``L``).
    p : MPQ or None
        The exponent of Theorem 2.1.
    """

    n: int
    grid: Grid
    target: Target
    s: MPQ
    b: MPQ
    truncations: tuple
    key: tuple
    phi1: Network
    phi2: Network
    tail: Network
    network: Network
    intrinsic: tuple
    scaled: bool = False
    repaired: bool = False
    p: MPQ = None
    notes: dict = field(default_factory=dict)


def scaling(target: Target, bits: int = 32) -> tuple:
    """``(s, b)`` rational with ``(f - b)/s`` mapping ``[0, 1]^d`` into ``[0, 1]``.

    ``c`` is ``f(0)`` when rational, else the lower end of a ``2^-bits`` enclosure;
    ``W`` is the smallest multiple of ``2^-bits`` with ``W >= omega(sqrt(d)) + (f(0) - c)``.
    Since ``|f(x) - f(0)| <= omega_f(||x||) <= omega(sqrt(d))``, ``f - b`` lies in ``[0, 2W]``.
    """
    zero = (MPQ(0),) * target.d
    c, c_hi = target.bounds(zero, bits)
    _, w = rational_bounds(target.omega(sympy.sqrt(target.d)), bits)
    w = _ceil_to(w + (c_hi - c), bits)
    if w <= 0:
        raise InvalidArgument(f"the modulus of {target.description} gives W = {w}; it must be positive")
    return 2 * w, c - w


def _ceil_to(q: MPQ, bits: int) -> MPQ:
    scaled = q * 2**bits
    return MPQ(-(-scaled.numerator // scaled.denominator), 2**bits)


def truncations(n: int, grid: Grid, target: Target, s: MPQ, b: MPQ) -> tuple:
    """``q_j = min(floor(2^n (f(x_beta) - b)/s), 2^n - 1)`` in ``rho`` order, decided rigorously.

    Raises
    ------
    BoundViolation
        When some ``(f(x_beta) - b)/s`` lies outside ``[0, 1]`` (the target does not map into
        the unit interval); the witness is ``beta``.
    """
    top = 2**n
    out = []
    for beta in grid.cubes():
        x = grid.corner(beta)
        exact = target.rational(x)
        if exact is not None:
            y = top * (exact - b) / s
            q = int(y.numerator // y.denominator)
        else:
            q = floor_of(lambda prec: (target.ball(x, prec) - exact_ball(b)) * top / exact_ball(s),
                         exact=lambda: (target.exact(x) - to_sympy(b)) * top / to_sympy(s))
        if not 0 <= q <= top:
            raise BoundViolation(
                f"(f(x_beta) - b)/s is outside [0, 1] at beta={beta} (floor(2^n value) = {q})", witness=beta)
        out.append(min(q, top - 1))
    return tuple(out)


def build_instance(d: int, n: int, target: Target, delta=None, s=MPQ(1), b=MPQ(0), scaled: bool = False,
                   repaired: bool = False, p=None) -> Instance:
    """Theorem A.1's construction for ``(f - b)/s`` (``s = 1``, ``b = 0``: ``f`` must map into ``[0, 1]``).

    ``delta`` defaults to ``1/(3K)``; ``scaled`` declares ``s``, ``b`` intrinsic and
    ``repaired`` builds Theorem 2.2's mid repair.

    Raises
    ------
    InvalidArgument
        For bad ``d``, ``n`` or ``delta``.
    BoundViolation
        When ``(f - b)/s`` leaves ``[0, 1]`` at a grid point.
    """
    if type(n) is not int or n < 1:
        raise InvalidArgument(f"n={n!r} must be an int >= 1")
    grid = Grid(d, 2**n, MPQ(1, 3 * 2**n) if delta is None else delta)
    _check_target(target, d)
    qs = truncations(n, grid, target, s, b)
    key = key_parameters(n, qs)
    phi1 = phi1_network(grid.K, d, grid.delta)
    phi2 = phi2_network(n, grid.cube_count)
    tail, network, notes = assemble(d, grid.delta, phi1, phi2, key, s, b, repaired)
    return Instance(n, grid, target, s, b, qs, key, phi1, phi2, tail, network,
                    _intrinsic_positions(n, grid, scaled, repaired), scaled, repaired, p, notes)


def reassemble(inst: Instance, key=None, s=None, b=None, phi1: Network = None) -> Instance:
    """``inst`` with some pieces replaced and the network rebuilt from them.

    The claims (grid, ``delta``, target, the builder's truncations) are kept, so the checks
    compare the rebuilt network with what the proof requires: e.g. ``reassemble(inst,
    key=flipped)`` stores other bits in ``L`` and ``reassemble(inst, phi1=phi1_network(K, d,
    wrong_delta))`` uses another ramp width.  Theorem 2.3 uses it for a given triple ``(s, v, b)``.

    Raises
    ------
    InvalidArgument
        If ``key`` does not hold ``n`` exact numbers or ``phi1`` is not ``R^d -> R``.
    """
    n, d = inst.n, inst.grid.d
    key = inst.key if key is None else tuple(as_rational(a, f"key[{i}]") for i, a in enumerate(key))
    if len(key) != n:
        raise InvalidArgument(f"key has {len(key)} entries, expected n={n}")
    s = inst.s if s is None else as_rational(s, "s")
    b = inst.b if b is None else as_rational(b, "b")
    phi1 = inst.phi1 if phi1 is None else phi1
    if not isinstance(phi1, Network) or (phi1.in_dim, phi1.out_dim) != (d, 1):
        raise InvalidArgument(f"phi1={phi1!r} must be a Network R^{d} -> R")
    tail, network, notes = assemble(d, inst.grid.delta, phi1, inst.phi2, key, s, b, inst.repaired)
    return replace(inst, key=key, s=s, b=b, phi1=phi1, tail=tail, network=network, notes=notes)


def _intrinsic_positions(n: int, grid: Grid, scaled: bool, repaired: bool) -> tuple:
    """Positions ``(layer, "W"/"b", row, col)`` of ``a_l`` (each copy) and of ``s``, ``b`` in the layered form.

    phi_1 has 4 affine layers (0..3), layer 4 is ``L``; then ``2J + 2`` bit-extraction
    layers, the ``phi_2`` relu and the scale (plus ``2d`` mid layers and a relu when repaired).
    """
    J = grid.cube_count
    copies = 3**grid.d if repaired else 1
    depth = 3 + 1 + 1 + (2 * J + 2) + 1 + ((2 * grid.d + 1) if repaired else 0)
    key = tuple((4, "W", c * n + l, c) for c in range(copies) for l in range(n))
    scale = ((depth, "W", 0, 0), (depth, "b", 0, None)) if scaled else ()
    return key + scale


def _check_target(target, d):
    if not isinstance(target, Target):
        raise InvalidArgument(f"target={target!r} is not a verinet.claims.targets.Target")
    if target.d != d:
        raise InvalidArgument(f"the target has d={target.d}, the instance d={d}")


def theorem_2_1_delta(d: int, n: int, p) -> MPQ:
    """``delta = min(1/(3K), 2^-ceil(p(n+1)) / (dK))``, so that ``dK delta 2^p <= 2^-pn`` (Section 5)."""
    K = 2**n
    exponent = sympy.ceiling(to_sympy(p) * (n + 1))
    return min(MPQ(1, 3 * K), MPQ(1, d * K * 2 ** int(exponent)))


def paper_2_2_delta(d: int, n: int, target: Target, s: MPQ) -> MPQ:
    """The paper's (f-dependent) choice: the largest ``2^-k <= 1/(3K)`` with ``d omega(delta)/s <= 2^-n``."""
    k = 0
    while MPQ(1, 2**k) > MPQ(1, 3 * 2**n):
        k += 1
    while not is_le(d * target.omega(MPQ(1, 2**k)) / to_sympy(s), sympy.Rational(1, 2**n)):
        k += 1
    return MPQ(1, 2**k)
