"""Theorem 2.3: one fixed network ``phi(x, v)`` and three intrinsic parameters ``s, v, b``.

Main statement (Shen-Yang-Zhang 2022, Thm 2.3)::

    for Hölder f (order alpha, constant lam) there are s >= 0, v in [0, 1), b with
    |s phi(x, v) + b - f(x)| <= eps on [0, 1]^d,  phi independent of f.

Proof followed (Section 7 of the spec):

1. ``n`` is the least integer with ``5 lam d^(alpha/2) 2^(-alpha n) <= eps/2``.
2. The Theorem 2.2 instance for ``n`` is checked exactly (cube values, cell analysis).
3. ``L`` is replaced by products ``psi_eta(a_l, t)`` (Lemma 4.2 on ``[-M, M]^2``,
   ``M = 1 + 4^(K^d)``, error ``eta = 6 (2M)^2 N^-L``); the ``phi_{2,l}`` are 3-Lipschitz
   (``G`` has slope 3, the sawtooth slope 1) and ``mid`` is 1-Lipschitz, so the output moves
   by at most ``3 eta``.  ``N = 2`` and the least ``L`` with ``3 eta <= 2^-n`` are used.
4. The ``a_l`` are packed into ``v`` (Lemma A.3, :func:`~verinet.constructions.packing.pack`),
   ``n 2^(dn+1)`` bits; the unpacking ``g_i(v) = g(2^(mi) v)/2^m - g(2^(m(i-1)) v)`` with the
   continuous floor ``g`` (ramps of width ``2^-mn``) is checked to return every ``a_i``
   exactly.
5. The final inequality ``sup_L^inf(2.2) + 3 s eta <= eps`` is compared exactly.

The network ``phi`` depends on the class ``(eps, alpha, lam, d)`` only; a target with its own
(smaller) Hölder constant gets its own ``s``.  A given triple ``(s, v, b)`` can be checked in
place of the constructed one: ``L`` then holds the numbers unpacked from ``v``
(:func:`~verinet.theorems.intrinsic.reassemble`), and every check compares that network
with the target.

What is built: at small sizes (``m n <= 8``) the whole ``phi(x, v)`` -- unpacking network,
products, shifted cube indices, bit extraction and mid tree -- and it is evaluated exactly
at one point per cell.  At larger sizes the floor network (``2 n (2^(mn) - 1)`` units) and
the products (depth ``L ~ 4 K^d``) are not built; their contribution enters through the
exact unpacking identity and Lemma 4.2's error bound.
"""

import sympy

from .._backend import MPQ
from ..calculus import compose
from ..constructions.packing import pack, unpack, unpacking
from ..constructions.product import product
from ..errors import InvalidArgument
from ..interpret.exact import evaluate
from ..numbers import as_rational
from ..network import NetworkBuilder
from . import checks
from ..claims.certificate import Certificate, Check, compare_le
from .intrinsic import build_a1, psi1_network, psi2_network, reassemble, scaling
from .linf import linf_cells
from ..reals import exact_number, is_le, to_sympy
from ..claims.targets import Target, symbols_for

__all__ = ["choose_n", "product_plan", "unpacking_check", "phi_network", "class_targets", "verify_2_3",
           "STATEMENT_2_3"]

STATEMENT_2_3 = ("For eps > 0, alpha in (0, 1], lam > 0 there is phi in H(d+1, 1) such that for every Hölder f "
                 "(order alpha, constant lam) on [0,1]^d there are s >= 0, v in [0, 1), b with "
                 "|s phi(x, v) + b - f(x)| <= eps on [0,1]^d.")


def choose_n(d: int, eps, alpha, lam) -> int:
    """The least ``n >= 1`` with ``5 lam d^(alpha/2) 2^(-alpha n) <= eps/2`` (decided exactly)."""
    eps, alpha, lam = (exact_number(v, name) for v, name in ((eps, "eps"), (alpha, "alpha"), (lam, "lam")))
    for value, name in ((eps, "eps"), (alpha, "alpha"), (lam, "lam")):
        if not value.is_positive:
            raise InvalidArgument(f"{name}={value} must be > 0")
    n = 1
    while not is_le(5 * lam * sympy.Integer(d) ** (alpha / 2) * sympy.Integer(2) ** (-alpha * n), to_sympy(eps) / 2):
        n += 1
    return n


def product_plan(J: int, n: int, N: int = 2) -> dict:
    """``M = 1 + 4^J`` and the least depth ``L`` with ``3 * 6 (2M)^2 N^-L <= 2^-n`` (Lemma 4.2)."""
    M = 1 + 4**J
    L = 1
    while 3 * 6 * (2 * M) ** 2 * 2**n > N**L:
        L += 1
    return {"M": M, "N": N, "L": L, "eta": MPQ(6 * (2 * M) ** 2, N**L), "width": 9 * N + 1}


def unpacking_check(v, key, m: int) -> Check:
    """``g_i(v) = a_i`` exactly: every ``2^(mi) v`` lies on a flat of ``g`` and the floors give ``key``."""
    n = len(key)
    ramp = MPQ(1, 2 ** (m * n))
    off_flat = []
    for i in range(1, n + 1):
        for y in (v * 2 ** (m * i), v * 2 ** (m * (i - 1))):
            if y - (y.numerator // y.denominator) > 1 - ramp:
                off_flat.append((i, y))
    got = unpack(v, n, m)
    bad = [i for i, (g, a) in enumerate(zip(got, key), start=1) if g != a]
    return Check("unpacking_exact", "g_i(v) = g(2^(mi) v)/2^m - g(2^(m(i-1)) v) = a_i for i = 1..n, "
                 "each argument on a flat [l, l + 1 - 2^-mn] of the continuous floor g",
                 len(bad) + len(off_flat), 0, not bad and not off_flat, "==",
                 {"wrong_i": bad[:3], "off_flat": off_flat[:1]}, {"bits_of_v": m * n})


def v_bits_check(v, n: int, m: int) -> Check:
    """``v in [0, 1)`` and ``2^(n m) v`` is an integer: ``v`` holds (at most) ``n 2^(dn+1)`` bits."""
    den = int(v.denominator)
    bits = den.bit_length() - 1
    ok = 0 <= v < 1 and den == 1 << bits and bits <= n * m
    return Check("v_bits", "v in [0, 1) has a binary expansion of at most n 2^(dn+1) bits", bits, n * m, ok, "<=",
                 {"v_in_unit_interval": bool(0 <= v < 1), "denominator_is_power_of_two": den == 1 << bits})


def phi_network(inst, plan) -> object:
    """The whole ``phi(x, v)`` of Theorem 2.3 (only for small instances)."""
    grid = inst.grid
    d, n, m = grid.d, grid.n, 2 * grid.cube_count
    psi1 = psi1_network(inst.phi1, grid.delta)
    psi2 = psi2_network(inst.phi2, d)
    unpacker = unpacking(m, [MPQ(0)] * n).network  # only n shapes it: phi does not depend on f
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


def class_targets(d: int, alpha, lam) -> list:
    """Fixed members of the Hölder class ``(alpha, lam)`` for the intrinsic-parameter diff.

    ``-lam x1`` and ``lam x1/2 + 1/3``: ``|x1 - y1| <= |x1 - y1|^alpha <= ||x - y||^alpha`` on
    ``[0, 1]^d``, so their Hölder constants are ``lam`` and ``lam/2``.  They get different
    ``s`` (``2W`` follows the constant), ``b`` (``-W`` against the non-dyadic ``1/3 - W/2``)
    and ``v`` (the first bit at ``x_beta = (1/2, 0, ..)``: below and above ``1/2``).
    """
    x1 = symbols_for(d)[0]
    return [Target.from_expression(-lam * x1, d, holder=(alpha, lam)),
            Target.from_expression(lam * x1 / 2 + sympy.Rational(1, 3), d, holder=(alpha, lam / 2))]


def _class_data(target, alpha, lam) -> tuple:
    if target.holder is None:
        raise InvalidArgument(f"Theorem 2.3 needs Hölder data for the target {target.description}")
    t_alpha, t_lam = target.holder
    alpha = t_alpha if alpha is None else exact_number(alpha, "alpha")
    lam = t_lam if lam is None else exact_number(lam, "lam")
    if t_alpha != alpha or not is_le(t_lam, lam):
        raise InvalidArgument(f"the target's Hölder data (alpha={t_alpha}, lam={t_lam}) is not in the class "
                              f"(alpha={alpha}, lam={lam})")
    return alpha, lam


def verify_2_3(d: int, eps, target, alpha=None, lam=None, s=None, v=None, b=None, build_limit: int = 8,
               diff_with=None) -> Certificate:
    """Check Theorem 2.3 for a Hölder target at accuracy ``eps``.

    Parameters
    ----------
    alpha, lam
        The class; default: the target's own Hölder data.  ``phi`` depends only on
        ``(d, eps, alpha, lam)``.
    s, v, b
        A given triple to check; default: the constructed one (``s = 2W``, ``b = c - W``,
        ``v`` packing the ``a_l`` of the rescaled target).
    build_limit
        The whole ``phi(x, v)`` is built and evaluated when ``m n`` is at most this.
    diff_with
        Other targets of the class for the intrinsic-parameter diff (e.g. :func:`class_targets`).

    Raises
    ------
    InvalidArgument
        For ``eps <= 0`` or a target outside the class.
    """
    from .suite import _core_checks, _instance_dict, _timed

    eps = exact_number(eps, "eps")
    if not eps.is_positive:
        raise InvalidArgument(f"eps={eps} must be > 0")
    alpha, lam = _class_data(target, alpha, lam)
    cert = Certificate("Shen-Yang-Zhang 2022, Theorem 2.3", STATEMENT_2_3, {})
    n = choose_n(d, eps, alpha, lam)
    with _timed(cert.seconds, "build"):
        inst = build_a1(d, n, target, None, *scaling(target), theorem="2.3")
        J, m = inst.grid.cube_count, 2 * inst.grid.cube_count
        v = pack(inst.key, m) if v is None else as_rational(v, "v")
        if s is not None or b is not None or v != pack(inst.key, m):
            inst = reassemble(inst, key=unpack(v, n, m), s=s, b=b)
    plan = product_plan(J, n)
    s, b = inst.s, inst.b
    cert.instance = {**_instance_dict(inst), "eps": eps, "alpha": alpha, "lam": lam, "m": m,
                     "bits_of_v": n * m, "v_denominator_bits": int(v.denominator).bit_length() - 1,
                     "product": {k: plan[k] for k in ("N", "L", "width")}, "M_bits": plan["M"].bit_length()}
    if n * m <= 256:
        cert.instance["v"] = v
    cert.checks.append(compare_le("choice_of_n", "5 lam d^(alpha/2) 2^(-alpha n) <= eps/2", 5 * lam * sympy.Integer(d)
                                  ** (alpha / 2) * sympy.Integer(2) ** (-alpha * n), eps / 2))
    values, rng = _core_checks(inst, cert)
    cert.checks = [c for c in cert.checks if c.name not in ("intrinsic_by_construction",)]
    with _timed(cert.seconds, "unpacking"):
        cert.checks.append(unpacking_check(v, inst.key, m))
        cert.checks.append(v_bits_check(v, n, m))
    eta = plan["eta"]
    cert.checks.append(Check("product_error", "3 eta <= 2^-n, eta = 6 (2M)^2 N^-L (Lemma 4.2 on [-M, M]^2)",
                             3 * eta, MPQ(1, 2**n), 3 * eta <= MPQ(1, 2**n), "<="))
    small = m * n <= build_limit
    with _timed(cert.seconds, "linf_cells"):
        realised, phi = None, None
        if small:
            phi = phi_network(inst, plan)
            realised = lambda points: [s * y + b for (y,) in evaluate(phi, [p + (v,) for p in points])]  # noqa: E731
        worst, sampled, outside = linf_cells(inst, values, rng, cap=4096 if small else 0, realised=realised,
                                             slack=3 * s * eta)
    if small:
        cert.checks.append(Check("phi_within_cell_intervals", f"s phi(x, v) + b at {sampled} cell points lies in the "
                                 "cell's interval widened by 3 s eta", len(outside), 0, not outside, "==",
                                 {"first_outside": outside[:1]}))
        cert.sizes["phi"] = {k: val for k, val in checks.size_metrics(phi).items() if k != "layers"}
    if diff_with:
        with _timed(cert.seconds, "intrinsic"):
            cert.checks.append(_intrinsic_three(inst, plan, phi, v, diff_with))
    final = worst[1] + 3 * to_sympy(s) * to_sympy(eta)
    cert.checks.append(compare_le("three_parameter_bound", "sup |s phi(x, v) + b - f| <= eps", final, eps,
                                  {"worst_cell": worst[2], "endpoint_cube": worst[3]}))
    cert.intrinsic = {"declared": 3, "names": ["s", "v", "b"], "bits_of_v": n * m}
    cert.not_checked = [
        "The declared Hölder data of the target is trusted (hypothesis of the theorem).",
        "3-Lipschitz continuity of phi_{2,l} (Prop. B.1 structure G o T) and Lemma 4.2's error bound are used, "
        "not re-derived, for the product perturbation.",
    ] + ([] if small else [
        f"phi(x, v) is not built: the floor network of Lemma A.3 would have 2n(2^(mn) - 1) units with mn = {m * n}, "
        f"and each product network depth L = {plan['L']}; the unpacking identity and the cell analysis are checked "
        "exactly instead."])
    return cert


def _intrinsic_three(inst, plan, phi, v, targets) -> Check:
    """Build for other targets of the class: ``phi`` is identical, exactly ``s``, ``v``, ``b`` differ.

    ``phi`` is compared as a whole network when it was built, else through the only pieces
    it is made of (``phi_1``, ``phi_2``; the unpacking and product networks depend on
    ``n``, ``m`` and the plan alone).
    """
    m = 2 * inst.grid.cube_count
    triples, same = [(inst.s, v, inst.b)], True
    for target in targets:
        other = build_a1(inst.grid.d, inst.grid.n, target, None, *scaling(target), theorem="2.3")
        triples.append((other.s, pack(other.key, m), other.b))
        same = same and (phi_network(other, plan) == phi if phi is not None
                         else (other.phi1, other.phi2) == (inst.phi1, inst.phi2))
    differ = [name for name, column in zip("svb", zip(*triples)) if len(set(column)) > 1]
    return Check("intrinsic_three", f"phi(x, v) is identical for {len(triples)} targets of the class and exactly "
                 "s, v, b differ", len(differ), 3, same and differ == ["s", "v", "b"], "==",
                 {"phi_identical": same, "differing": differ},
                 {"targets": [inst.target.description] + [t.description for t in targets]})
