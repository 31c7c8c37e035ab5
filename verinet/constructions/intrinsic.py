"""The networks of the intrinsic-parameter theorems (Shen-Yang-Zhang 2022, Thms A.1, 2.1-2.3).

Main constructions
------------------
* :func:`phi1_network` -- the cube index ``phi_1 = h o rho o (g, ..., g)`` of Theorem A.1
  (step, index and power maps of :mod:`verinet.constructions.step`): ``phi_1 = 4^rho(beta)``
  on every cube ``Q_beta``.
* :func:`phi2_network` -- ``phi_2(y) = sum_l 2^-l phi_{2,l}(y_l)`` with Prop. B.1's bit
  extraction (:func:`~verinet.constructions.bits.bit_extraction`) in each coordinate.
* :func:`assemble` -- ``phi_2 o L o phi_1`` with ``L(t) = (a_1 t, ..., a_n t)`` and the last
  map ``y -> s y + b``; with ``repaired=True`` the mid repair (Lemma A.2,
  :func:`~verinet.constructions.extremes.mid_repair`) of Theorem 2.2 in between.
* :func:`phi_network` -- Theorem 2.3's fixed ``phi(x, v)``: unpacking (Lemma A.3), products
  (Lemma 4.2) in place of ``L``, the shifted cube indices and the mid tree.

These networks depend on the sizes and on the *key parameters* ``a_l``, ``s``, ``b`` only;
which key parameters a target gets, and the checks, are the theorem modules'
(:mod:`verinet.theorems.syz2022`).

Layout [R]: the paper merges ``L`` into the next affine map.  To keep every intrinsic
parameter a *literal* entry of the standard layered form, the network here routes
``phi_1(x) >= 4`` through one ReLU (identity there), applies ``L`` as its own affine layer
followed by a ReLU (``a_l t >= 0``), and routes ``phi_2 >= 0`` through one ReLU before the
final map ``y -> s y + b``.  That costs three hidden layers (widths 1, n, 1) and changes no
value; sizes of ``phi_1`` and ``phi_2`` are reported separately as in the theorems.
"""

from functools import lru_cache
from itertools import product as cartesian

from .._backend import MPQ
from ..calculus import compose, concatenate, parallel, post_affine, pre_affine
from ..network import Network, NetworkBuilder
from ..errors import InvalidArgument
from ..numbers import as_rational
from ..ops import Affine
from ._layers import check_int, parse_int
from .bits import bit_extraction, digits_number
from .construction import Construction
from .estimates import Estimate, capped_power
from .extremes import mid3, mid_repair
from .packing import unpacking
from .product import product
from .registry import register
from .step import index_map, power_map, step_function

__all__ = ["phi1_network", "phi2_network", "tail_network", "key_parameters", "assemble", "psi1_network",
           "psi2_network", "product_plan", "phi_network", "syz_phi1", "syz_phi2", "syz_phi"]


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


def key_parameters(n: int, qs) -> tuple:
    """``a_l = sum_{j=1}^{J} theta_{j,l} 4^-j`` with ``theta_{j,l}`` the ``l``-th bit (MSB first) of ``q_j``."""
    return tuple(digits_number("".join(str((q >> (n - l)) & 1) for q in qs)) for l in range(1, n + 1))


def assemble(d: int, delta, phi1: Network, phi2: Network, key, s, b, repaired: bool = False) -> tuple:
    """``(tail, network, notes)`` from the pieces: ``phi_1``, ``phi_2``, ``L``'s key parameters, ``s``, ``b``.

    ``tail(t) = s relu(phi_2(relu(L relu(t)))) + b``; the network is ``tail o phi_1``, or when
    ``repaired`` (Theorem 2.2) ``s relu(mid_repair(psi_0)) + b`` with ``psi_0 = phi_2 o L o
    phi_1`` unscaled (``notes["psi0"]``).

    The networks for given ``(d, delta, phi1, phi2, repaired)`` are assembled once with
    placeholders (:func:`_template`); each call puts its own ``L`` and ``(s, b)`` ops into the
    nodes that hold them (``Network.with_ops``), so building for several targets costs one
    assembly.
    """
    templates = _template(d, delta, phi1, phi2, repaired)
    ops = {"L": Affine.from_rationals([[a] for a in key], [0] * len(key), name="L"),
           "scale": Affine.from_rationals([[s]], [b], name="scale")}
    tail, network, *psi0 = (net.with_ops({node: ops[role] for node, role in sites.items()})
                            for net, sites in templates)
    return tail, network, {"psi0": psi0[0]} if psi0 else {}


@lru_cache(maxsize=4)
def _template(d: int, delta, phi1: Network, phi2: Network, repaired: bool) -> tuple:
    """``((tail, sites), (network, sites)[, (psi0, sites)])``: :func:`_assembled` with ``a_l = 0``,
    ``s = 1``, ``b = 0``, and for each network the nodes (``{node: "L" or "scale"}``) that hold
    ``L`` (``3^d`` copies when repaired) and the final ``y -> s y + b``."""
    n = phi2.in_dim
    tail, network, notes = _assembled(d, delta, phi1, phi2, (MPQ(0),) * n, MPQ(1), MPQ(0), repaired)
    copies = 3**d if repaired else 1
    if not repaired:
        found = [(tail, {"L": "L", "scale": "scale"}), (network, {"c1/L": "L", "c1/scale": "scale"})]
    else:
        ls = {node: "L" for node in network.graph if node.rsplit("/", 1)[-1] == "L"}
        found = [(tail, {"L": "L", "scale": "scale"}), (network, {**ls, "post": "scale"}),
                 (notes["psi0"], {"c1/L": "L"})]
    placeholder = {"L": Affine.from_rationals([[0]] * n, [0] * n), "scale": Affine.from_rationals([[1]], [0])}
    if sum(role == "L" for role in found[1][1].values()) != copies or any(
            net.op(node) != placeholder[role] for net, sites in found for node, role in sites.items()):
        raise AssertionError("the template's L and scale nodes are not where assemble put them")
    return tuple(found)


def _assembled(d: int, delta, phi1: Network, phi2: Network, key, s, b, repaired: bool) -> tuple:
    """The networks of :func:`assemble`, composed from the pieces."""
    tail = tail_network(phi2, key, s, b)
    if not repaired:
        return tail, compose(tail, phi1), {}
    # psi_0 = phi_2(relu(L relu(phi_1))) in [0, 1]: the Theorem A.1 network for (f - b)/s.
    psi0 = compose(tail_network(phi2, key, MPQ(1), MPQ(0)), phi1)
    network = post_affine(compose(_relu1(), mid_repair(psi0, delta)), [[s]], [b])
    return tail, network, {"psi0": psi0}


def _relu1() -> Network:
    nb = NetworkBuilder()
    x = nb.input(1, name="y")
    return nb.build(nb.affine(nb.relu(x, name="mid/relu"), [[1]], [0], name="id"))


def psi1_network(phi1: Network, delta) -> Network:
    """``psi_{1,d}``: the ``3^d`` shifted copies ``phi_1(x + delta e)``, ``e in {-1,0,1}^d`` (Section 6)."""
    d = phi1.in_dim
    eye = [[int(r == c) for c in range(d)] for r in range(d)]
    # Coordinate 1 varies fastest, so psi_{2,d}'s innermost mids run over e_1 as in Lemma A.2.
    shifts = [tuple(reversed(e)) for e in cartesian((-1, 0, 1), repeat=d)]
    copies = [pre_affine(phi1, eye, [delta * e for e in shift]) for shift in shifts]
    return concatenate(*copies)


def psi2_network(phi2: Network, d: int) -> Network:
    """``psi_{2,d}``: ``psi_{2,i}(y_1, y_2, y_3) = mid(psi_{2,i-1}(y_1), psi_{2,i-1}(y_2), psi_{2,i-1}(y_3))``."""
    psi = phi2
    mid = mid3().network
    for _ in range(d):
        psi = compose(mid, parallel(psi, psi, psi))
    return psi


def product_plan(J: int, n: int, N: int = 2) -> dict:
    """``M = 1 + 4^J`` and the least depth ``L`` with ``3 * 6 (2M)^2 N^-L <= 2^-n`` (Lemma 4.2)."""
    M = 1 + 4**J
    L = 1
    while 3 * 6 * (2 * M) ** 2 * 2**n > N**L:
        L += 1
    return {"M": M, "N": N, "L": L, "eta": MPQ(6 * (2 * M) ** 2, N**L), "width": 9 * N + 1}


def phi_network(phi1: Network, phi2: Network, delta, n: int, m: int, plan: dict) -> Network:
    """Theorem 2.3's ``phi(x, v)``: ``psi_{2,d}`` of the products ``psi_eta(g_l(v), psi_{1,d}(x)_c)``.

    ``g_l(v)`` is Lemma A.3's unpacking of ``n`` numbers of ``m`` bits; each product is
    Lemma 4.2's network on ``[-M, M]^2`` with the plan's ``N``, ``L``.  Only the sizes shape
    it: ``phi`` does not depend on the target.
    """
    d = phi1.in_dim
    psi1 = psi1_network(phi1, delta)
    psi2 = psi2_network(phi2, d)
    unpacker = unpacking(m, [MPQ(0)] * n).network
    mul = product(plan["N"], plan["L"], -plan["M"], plan["M"]).network
    nb = NetworkBuilder()
    z = nb.input(d + 1, name="xv")
    t = nb.embed(psi1, nb.slice(z, 0, d), prefix="psi1")
    a = nb.embed(unpacker, nb.slice(z, d, d + 1), prefix="unpack")
    outs = []
    for c in range(3**d):
        for l in range(n):
            pair = nb.concat(nb.slice(a, l, l + 1), nb.slice(t, c, c + 1))
            outs.append(nb.embed(mul, pair, prefix=f"mul{c}_{l}"))
    y = nb.embed(psi2, nb.concat(*outs), prefix="psi2")
    return nb.build(y)


# phi's unpacking network has 2n(2^(mn) - 1) floor units: built only up to this mn.
PHI_BITS_LIMIT = 8


def _delta(K: int, delta):
    return MPQ(1, 3 * K) if delta is None else as_rational(delta, "delta")


@register(
    "syz22-phi1",
    "Shen-Yang-Zhang 2022 phi_1: phi_1 = 4^rho(beta) on every cube of the K = 2^n grid (Thm A.1, Step 2)",
    parameters={"d": (parse_int(1), "input dimension d >= 1"), "n": (parse_int(1), "bits n >= 1, K = 2^n")},
    estimate=lambda d, n: Estimate(
        max(capped_power(2, d * n), 2 * d * capped_power(2, n)),
        3,
        2 * capped_power(2, d * n) + 2 * n + 4,
        in_dim=d),
)
def syz_phi1(d: int, n: int, delta=None) -> Construction:
    """:func:`phi1_network` for ``K = 2^n`` (``delta`` default ``1/(3K)``); claims: ``#parameters <= 2^(dn+4)``,
    values ``4^1..4^(K^d)``."""
    check_int(d, "d", 1), check_int(n, "n", 1)
    K = 2**n
    return Construction("syz22-phi1", phi1_network(K, d, _delta(K, delta)), {"d": d, "n": n, "delta": _delta(K, delta)},
                        {"parameters": 2 ** (d * n + 4), "value_range": (MPQ(4), MPQ(4) ** (K**d))},
                        "Shen-Yang-Zhang 2022, Thm A.1, Step 2")


@register(
    "syz22-phi2",
    "Shen-Yang-Zhang 2022 phi_2: sum_l 2^-l phi_{2,l}(y_l), n bit extractions of J = 2^(dn) bits (Thm A.1, Step 3)",
    parameters={"d": (parse_int(1), "input dimension d >= 1"), "n": (parse_int(1), "bits n >= 1, K = 2^n")},
    estimate=lambda d, n: Estimate(
        2 * n,
        2 * capped_power(2, d * n) + 2,
        2 * capped_power(2, d * n) + 2,
        in_dim=2),
)
def syz_phi2(d: int, n: int) -> Construction:
    """:func:`phi2_network` with ``J = 2^(dn)``; claims: ``#parameters <= 2^(dn+5) n`` (block count)."""
    check_int(d, "d", 1), check_int(n, "n", 1)
    return Construction("syz22-phi2", phi2_network(n, 2 ** (d * n)), {"d": d, "n": n},
                        {"parameters": 2 ** (d * n + 5) * n}, "Shen-Yang-Zhang 2022, Thm A.1, Step 3 (Prop. B.1)")


def _phi_estimate(d: int, n: int) -> Estimate:
    """Linear in the unpacked bits ``mn = 2 n 2^(dn)`` (the factors bound the one built instance,
    ``d = n = 1``; larger ones are refused by ``PHI_BITS_LIMIT``)."""
    mn = 2 * n * capped_power(2, d * n)
    return Estimate(10 * mn, 8 * mn, 10 * mn, in_dim=d + 1)


@register(
    "syz22-phi",
    "Shen-Yang-Zhang 2022 Thm 2.3: the fixed network phi(x, v) for n bits in dimension d (small sizes only)",
    parameters={"d": (parse_int(1), "input dimension d >= 1"), "n": (parse_int(1), "bits n >= 1, K = 2^n")},
    estimate=lambda d, n: _phi_estimate(d, n),
)
def syz_phi(d: int, n: int) -> Construction:
    """:func:`phi_network` with ``K = 2^n``, ``delta = 1/(3K)``, ``m = 2 K^d`` and :func:`product_plan`."""
    check_int(d, "d", 1), check_int(n, "n", 1)
    K = 2**n
    J = K**d
    if 2 * J * n > PHI_BITS_LIMIT:
        raise InvalidArgument(f"syz22-phi with d={d}, n={n}: the unpacking network has 2n(2^(mn) - 1) units with "
                              f"mn = {2 * J * n} > {PHI_BITS_LIMIT} (only d = n = 1 is built)")
    plan = product_plan(J, n)
    net = phi_network(phi1_network(K, d, MPQ(1, 3 * K)), phi2_network(n, J), MPQ(1, 3 * K), n, 2 * J, plan)
    return Construction("syz22-phi", net, {"d": d, "n": n}, {"product": plan}, "Shen-Yang-Zhang 2022, Thm 2.3")
