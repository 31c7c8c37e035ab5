"""Builders of the intrinsic-parameter networks (Shen-Yang-Zhang 2022, Thms A.1, 2.1, 2.2, 2.3).

Main statements
---------------
* Theorem A.1: ``phi_2 o L o phi_1`` with ``phi_1 = h o rho o (g, ..., g)`` (step, index
  and power maps of :mod:`verinet.constructions.step`, see :func:`phi1_network`), ``L(t) = (a_1 t, ..., a_n t)`` and
  ``phi_2(y) = sum_l 2^-l phi_{2,l}(y_l)`` (Prop. B.1 bit extraction,
  :func:`~verinet.constructions.bits.bit_extraction`) reproduces the ``n``-bit truncation of
  ``f(x_beta)`` on every cube ``Q_beta``.
* Theorem 2.1: ``s phi_2(L(phi_1(x))) + b`` with ``n + 2`` intrinsic parameters
  ``a_1..a_n, s, b``.
* Theorem 2.2: the mid repair (Lemma A.2,
  :func:`~verinet.constructions.extremes.mid_repair`) of the Theorem A.1 network, so the
  ``a_l`` appear ``3^d`` times: ``3^d n + 2`` intrinsic parameters.
* Theorem 2.3: see :mod:`verinet.theorems.three`.

Layout [R]: the paper merges ``L`` into the next affine map.  To keep every intrinsic
parameter a *literal* entry of the standard layered form, the network here routes
``phi_1(x) >= 4`` through one ReLU (identity there), applies ``L`` as its own affine layer
followed by a ReLU (``a_l t >= 0``), and routes ``phi_2 >= 0`` through one ReLU before the
final map ``y -> s y + b``.  That costs three hidden layers (widths 1, n, 1) and changes no
value; sizes of ``phi_1`` and ``phi_2`` are reported separately as in the theorems.

Scaling [R]: the paper's ``s = 2 omega_f(sqrt(d))``, ``b = f(0) - omega_f(sqrt(d))`` are not
rational in general.  Here ``s = 2W`` and ``b = c - W`` with a rational ``c`` near ``f(0)``
and a rational ``W >= omega(sqrt(d)) + |f(0) - c|``, ``omega`` the target's declared
modulus; then ``(f - b)/s`` maps ``[0, 1]^d`` into ``[0, 1]``, and every bound holds with
``W`` in place of ``omega_f(sqrt(d))``.
"""

from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import product

import sympy

from .._backend import MPQ
from ..calculus import compose, concatenate, parallel, post_affine, pre_affine
from ..constructions.bits import bit_extraction, digits_number
from ..constructions.extremes import mid3, mid_repair
from ..constructions.step import index_map, power_map, step_function
from ..errors import BoundViolation, InvalidArgument
from ..network import Network, NetworkBuilder
from ..ops import Affine
from ..numbers import as_rational
from ..claims.grid import Grid
from ..reals import floor_of, is_le, rational_bounds, to_sympy
from ..claims.targets import Target

__all__ = ["Instance", "scaling", "truncations", "key_parameters", "tail_network", "phi2_network",
           "build_a1", "build_2_1", "build_2_2", "theorem_2_1_delta", "paper_2_2_delta",
           "psi1_network", "psi2_network", "phi1_network", "assemble", "reassemble"]


@dataclass(frozen=True)
class Instance:
    """One built theorem instance.

    Attributes
    ----------
    theorem : str
        ``"A.1"``, ``"2.1"`` or ``"2.2"``.
    grid : Grid
        ``d``, ``n``, ``K = 2^n`` and ``delta``.
    target : Target
    s, b : MPQ
        Scale and shift of the network's last layer (``1`` and ``0`` for Theorem A.1).
    truncations : tuple of int
        ``q_j = min(floor(2^n (f(x_beta) - b)/s), 2^n - 1)`` for ``j = rho(beta) = 1..K^d``,
        as computed by the builder (the checks recompute them from ``f``).
    key : tuple of MPQ
        ``a_1..a_n`` as stored in ``L``: built as ``a_l = sum_j theta_{j,l} 4^-j`` with
        ``theta_{j,l}`` bit ``l`` of ``q_j``.
    phi1 : Network
        The cube index ``R^d -> R`` of Theorem A.1.
    phi2 : Network
        ``R^n -> R``, ``y -> sum_l 2^-l phi_{2,l}(y_l)``.
    tail : Network
        ``R -> R``, ``t -> s relu(phi_2(relu(L relu(t)))) + b``.
    network : Network
        The whole network ``R^d -> R``.
    intrinsic : tuple
        The declared intrinsic parameters as positions ``(layer, "W" or "b", row, col)`` of
        the standard layered form of ``network``.
    p : MPQ or None
        The exponent of Theorem 2.1.
    """

    theorem: str
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


def truncations(grid: Grid, target: Target, s: MPQ, b: MPQ) -> tuple:
    """``q_j = min(floor(2^n (f(x_beta) - b)/s), 2^n - 1)`` in ``rho`` order, decided rigorously.

    Raises
    ------
    BoundViolation
        When some ``(f(x_beta) - b)/s`` lies outside ``[0, 1]`` (the target does not map into
        the unit interval); the witness is ``beta``.
    """
    top = 2**grid.n
    out = []
    for beta in grid.cubes():
        x = grid.corner(beta)
        exact = target.rational(x)
        if exact is not None:
            y = top * (exact - b) / s
            q = int(y.numerator // y.denominator)
        else:
            q = floor_of(lambda prec: (target.ball(x, prec) - _ball(b)) * top / _ball(s),
                         exact=lambda: (target.exact(x) - to_sympy(b)) * top / to_sympy(s))
        if not 0 <= q <= top:
            raise BoundViolation(
                f"(f(x_beta) - b)/s is outside [0, 1] at beta={beta} (floor(2^n value) = {q})", witness=beta)
        out.append(min(q, top - 1))
    return tuple(out)


def _ball(q):
    from .._backend import Ball, FlintQ

    return Ball(FlintQ(int(q.numerator), int(q.denominator)))


def key_parameters(n: int, qs) -> tuple:
    """``a_l = sum_{j=1}^{J} theta_{j,l} 4^-j`` with ``theta_{j,l}`` the ``l``-th bit (MSB first) of ``q_j``."""
    return tuple(digits_number("".join(str((q >> (n - l)) & 1) for q in qs)) for l in range(1, n + 1))


@lru_cache(maxsize=8)
def phi2_network(n: int, J: int) -> Network:
    """``y -> sum_{l=1}^{n} 2^-l phi_{2,l}(y_l)``, each ``phi_{2,l}`` Prop. B.1 with ``J`` bits.

    Cached: it depends on ``n`` and ``J`` only (networks are immutable), so building the
    instances of several targets reuses it.
    """
    chain = bit_extraction("0" * J).network
    return post_affine(parallel(*[chain] * n), [[MPQ(1, 2**l) for l in range(1, n + 1)]])


def tail_network(phi2: Network, key, s, b) -> Network:
    """``t -> s relu(phi_2(relu(L relu(t)))) + b`` with ``L(t) = (a_1 t, ..., a_n t)`` literal."""
    nb = NetworkBuilder()
    t = nb.input(1, name="t")
    u = nb.relu(t, name="phi1/relu")
    v = nb.relu(nb.affine(u, [[a] for a in key], [0] * len(key), name="L"), name="L/relu")
    y = nb.embed(phi2, v, prefix="phi2")
    w = nb.relu(y, name="phi2/relu")
    return nb.build(nb.affine(w, [[s]], [b], name="scale"))


@lru_cache(maxsize=8)
def phi1_network(K: int, d: int, delta) -> Network:
    """``phi_1(x) = h(relu(rho(g(x_1), ..., g(x_d))))``: Step 2 with ``rho`` kept in its own layer.

    Cached on ``(K, d, delta)`` like :func:`phi2_network`.

    [R] Folding ``rho`` into the power map's affine map
    (:func:`~verinet.constructions.step.cube_index`) makes that layer dense,
    ``2d(K-1)(K^d-1)`` weights, which exceeds the paper's ``2^(dn+4)`` once ``dK > 8``.  Routing
    ``y = rho(...) >= 1`` through one ReLU unit (identity there) gives three hidden layers of
    widths ``2d(K-1)``, 1, ``K^d - 1`` and about ``2d(d+2)K + 3K^d`` parameters, within the
    paper's count ``11 K^d + 2``-style bound ``2^(dn+4)``.
    """
    steps = parallel(*[step_function(K, delta).network] * d)
    return compose(power_map(K**d).network, _relu1(), index_map(K, d).network, steps)


def build_a1(d: int, n: int, target: Target, delta=None, s=MPQ(1), b=MPQ(0), theorem="A.1", p=None) -> Instance:
    """Theorem A.1 (``s = 1``, ``b = 0``; ``f`` must map into ``[0, 1]``), or any ``s, b``.

    ``delta`` defaults to ``1/(3K)``.

    Raises
    ------
    InvalidArgument
        For bad ``d``, ``n`` or ``delta``.
    BoundViolation
        When ``(f - b)/s`` leaves ``[0, 1]`` at a grid point.
    """
    grid = Grid(d, n, MPQ(1, 3 * 2**n) if delta is None else delta)
    _check_target(target, d)
    qs = truncations(grid, target, s, b)
    key = key_parameters(grid.n, qs)
    phi1 = phi1_network(grid.K, d, grid.delta)
    phi2 = phi2_network(grid.n, grid.cube_count)
    tail, network, notes = assemble(theorem, grid, phi1, phi2, key, s, b)
    return Instance(theorem, grid, target, s, b, qs, key, phi1, phi2, tail, network,
                    _intrinsic_positions(theorem, grid), p, notes)


def assemble(theorem: str, grid: Grid, phi1: Network, phi2: Network, key, s, b) -> tuple:
    """``(tail, network, notes)`` from the pieces: ``phi_1``, ``phi_2``, ``L``'s key parameters, ``s``, ``b``.

    ``tail(t) = s relu(phi_2(relu(L relu(t)))) + b``; the network is ``tail o phi_1``, or for
    Theorem 2.2 ``s relu(mid_repair(psi_0)) + b`` with ``psi_0 = phi_2 o L o phi_1`` unscaled
    (``notes["psi0"]``).

    The networks for given ``(theorem, grid, phi1, phi2)`` are assembled once with
    placeholders (:func:`_template`); each call puts its own ``L`` and ``(s, b)`` ops into the
    nodes that hold them (``Network.with_ops``), so building for several targets costs one
    assembly.
    """
    templates = _template(theorem, grid, phi1, phi2)
    ops = {"L": Affine.from_rationals([[a] for a in key], [0] * len(key), name="L"),
           "scale": Affine.from_rationals([[s]], [b], name="scale")}
    tail, network, *psi0 = (net.with_ops({node: ops[role] for node, role in sites.items()})
                            for net, sites in templates)
    return tail, network, {"psi0": psi0[0]} if psi0 else {}


@lru_cache(maxsize=4)
def _template(theorem: str, grid: Grid, phi1: Network, phi2: Network) -> tuple:
    """``((tail, sites), (network, sites)[, (psi0, sites)])``: :func:`_assembled` with ``a_l = 0``,
    ``s = 1``, ``b = 0``, and for each network the nodes (``{node: "L" or "scale"}``) that hold
    ``L`` (``3^d`` copies in Theorem 2.2) and the final ``y -> s y + b``."""
    n = grid.n
    tail, network, notes = _assembled(theorem, grid, phi1, phi2, (MPQ(0),) * n, MPQ(1), MPQ(0))
    copies = 3**grid.d if theorem == "2.2" else 1
    if theorem != "2.2":
        found = [(tail, {"L": "L", "scale": "scale"}), (network, {"c1/L": "L", "c1/scale": "scale"})]
    else:
        ls = {node: "L" for node in network.graph if node.rsplit("/", 1)[-1] == "L"}
        found = [(tail, {"L": "L", "scale": "scale"}), (network, {**ls, "post": "scale"}),
                 (notes["psi0"], {"c1/L": "L"})]
    placeholder = {"L": Affine.from_rationals([[0]] * n, [0] * n), "scale": Affine.from_rationals([[1]], [0])}
    if sum(role == "L" for role in found[1][1].values()) != copies or any(
            net.op(node) != placeholder[role] for net, sites in found for node, role in sites.items()):
        raise AssertionError(f"Theorem {theorem}: the template's L and scale nodes are not where assemble put them")
    return tuple(found)


def _assembled(theorem: str, grid: Grid, phi1: Network, phi2: Network, key, s, b) -> tuple:
    """The networks of :func:`assemble`, composed from the pieces."""
    tail = tail_network(phi2, key, s, b)
    if theorem != "2.2":
        return tail, compose(tail, phi1), {}
    # psi_0 = phi_2(relu(L relu(phi_1))) in [0, 1]: the Theorem A.1 network for (f - b)/s.
    psi0 = compose(tail_network(phi2, key, MPQ(1), MPQ(0)), phi1)
    network = post_affine(compose(_relu1(), mid_repair(psi0, grid.delta)), [[s]], [b])
    return tail, network, {"psi0": psi0}


def reassemble(inst: Instance, key=None, s=None, b=None, phi1: Network = None) -> Instance:
    """``inst`` with some pieces replaced and the network rebuilt from them.

    The claims (grid, ``delta``, target, the builder's truncations) are kept, so the checks
    of :mod:`verinet.theorems.checks` compare the rebuilt network with what the proof
    requires: e.g. ``reassemble(inst, key=flipped)`` stores other bits in ``L`` and
    ``reassemble(inst, phi1=phi1_network(K, d, wrong_delta))`` uses another ramp width.
    Theorem 2.3 uses it for a given triple ``(s, v, b)``.

    Raises
    ------
    InvalidArgument
        If ``key`` does not hold ``n`` exact numbers or ``phi1`` is not ``R^d -> R``.
    """
    n, d = inst.grid.n, inst.grid.d
    key = inst.key if key is None else tuple(as_rational(a, f"key[{i}]") for i, a in enumerate(key))
    if len(key) != n:
        raise InvalidArgument(f"key has {len(key)} entries, expected n={n}")
    s = inst.s if s is None else as_rational(s, "s")
    b = inst.b if b is None else as_rational(b, "b")
    phi1 = inst.phi1 if phi1 is None else phi1
    if not isinstance(phi1, Network) or (phi1.in_dim, phi1.out_dim) != (d, 1):
        raise InvalidArgument(f"phi1={phi1!r} must be a Network R^{d} -> R")
    tail, network, notes = assemble(inst.theorem, inst.grid, phi1, inst.phi2, key, s, b)
    return replace(inst, key=key, s=s, b=b, phi1=phi1, tail=tail, network=network, notes=notes)


def _intrinsic_positions(theorem: str, grid: Grid) -> tuple:
    """Positions ``(layer, "W"/"b", row, col)`` of ``a_l`` (each copy) and of ``s``, ``b`` in the layered form.

    phi_1 has 4 affine layers (0..3), layer 4 is ``L``; then ``2J + 2`` bit-extraction
    layers, the ``phi_2`` relu and the scale (plus ``2d`` mid layers and a relu for Thm 2.2).
    """
    n, J = grid.n, grid.cube_count
    copies = 3**grid.d if theorem == "2.2" else 1
    depth = 3 + 1 + 1 + (2 * J + 2) + 1 + ((2 * grid.d + 1) if theorem == "2.2" else 0)
    key = tuple((4, "W", c * n + l, c) for c in range(copies) for l in range(n))
    scale = () if theorem == "A.1" else ((depth, "W", 0, 0), (depth, "b", 0, None))
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


def build_2_1(d: int, n: int, target: Target, p=MPQ(1), delta=None, bits: int = 32) -> Instance:
    """Theorem 2.1: ``s phi_2(L(phi_1(x))) + b`` with ``delta`` from :func:`theorem_2_1_delta`."""
    s, b = scaling(target, bits)
    delta = theorem_2_1_delta(d, n, p) if delta is None else delta
    return build_a1(d, n, target, delta, s, b, theorem="2.1", p=p)


def paper_2_2_delta(d: int, n: int, target: Target, s: MPQ) -> MPQ:
    """The paper's (f-dependent) choice: the largest ``2^-k <= 1/(3K)`` with ``d omega(delta)/s <= 2^-n``."""
    k = 0
    while MPQ(1, 2**k) > MPQ(1, 3 * 2**n):
        k += 1
    while not is_le(d * target.omega(MPQ(1, 2**k)) / to_sympy(s), sympy.Rational(1, 2**n)):
        k += 1
    return MPQ(1, 2**k)


def build_2_2(d: int, n: int, target: Target, delta=None, bits: int = 32) -> Instance:
    """Theorem 2.2: the mid repair (Lemma A.2) of Theorem A.1's network, then ``s y + b``.

    ``delta`` defaults to the f-independent ``1/(3K)`` (see docs/theorems.md for why this
    suffices); pass :func:`paper_2_2_delta` for the paper's choice.
    """
    s, b = scaling(target, bits)
    return build_a1(d, n, target, delta, s, b, theorem="2.2")


def _relu1() -> Network:
    nb = NetworkBuilder()
    x = nb.input(1, name="y")
    return nb.build(nb.affine(nb.relu(x, name="mid/relu"), [[1]], [0], name="id"))


def psi1_network(phi1: Network, delta) -> Network:
    """``psi_{1,d}``: the ``3^d`` shifted copies ``phi_1(x + delta e)``, ``e in {-1,0,1}^d`` (Section 6)."""
    d = phi1.in_dim
    eye = [[int(r == c) for c in range(d)] for r in range(d)]
    # Coordinate 1 varies fastest, so psi_{2,d}'s innermost mids run over e_1 as in Lemma A.2.
    shifts = [tuple(reversed(e)) for e in product((-1, 0, 1), repeat=d)]
    copies = [pre_affine(phi1, eye, [delta * e for e in shift]) for shift in shifts]
    return concatenate(*copies)


def psi2_network(phi2: Network, d: int) -> Network:
    """``psi_{2,d}``: ``psi_{2,i}(y_1, y_2, y_3) = mid(psi_{2,i-1}(y_1), psi_{2,i-1}(y_2), psi_{2,i-1}(y_3))``."""
    psi = phi2
    mid = mid3().network
    for _ in range(d):
        psi = compose(mid, parallel(psi, psi, psi))
    return psi
