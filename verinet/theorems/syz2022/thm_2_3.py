"""Theorem 2.3: one fixed network ``phi(x, v)`` and three intrinsic parameters ``s, v, b``.

Main statement (Shen-Yang-Zhang 2022, Thm 2.3)::

    for Hölder f (order alpha, constant lam) there are s >= 0, v in [0, 1), b with
    |s phi(x, v) + b - f(x)| <= eps on [0, 1]^d,  phi independent of f.

Proof followed (Section 7 of the spec), one step function each:

1. (:func:`choice_of_n`) ``n`` is the least integer with ``5 lam d^(alpha/2) 2^(-alpha n) <= eps/2``.
2. (:func:`.steps.a1_steps`, :func:`cells_within_eps`) The Theorem 2.2 instance for ``n`` is checked exactly (cube values, cell analysis).
3. (:func:`product_error`) ``L`` is replaced by products ``psi_eta(a_l, t)`` (Lemma 4.2 on ``[-M, M]^2``,
   ``M = 1 + 4^(K^d)``, error ``eta = 6 (2M)^2 N^-L``); the ``phi_{2,l}`` are 3-Lipschitz
   (``G`` has slope 3, the sawtooth slope 1) and ``mid`` is 1-Lipschitz, so the output moves
   by at most ``3 eta``.  ``N = 2`` and the least ``L`` with ``3 eta <= 2^-n`` are used.
4. (:func:`unpacking_check`, :func:`v_bits_check`) The ``a_l`` are packed into ``v`` (Lemma A.3, :func:`~verinet.constructions.packing.pack`),
   ``n 2^(dn+1)`` bits; the unpacking ``g_i(v) = g(2^(mi) v)/2^m - g(2^(m(i-1)) v)`` with the
   continuous floor ``g`` (ramps of width ``2^-mn``) is checked to return every ``a_i``
   exactly.
5. (:func:`three_parameter_bound`) The final inequality ``sup_L^inf(2.2) + 3 s eta <= eps`` is compared exactly.

The network ``phi`` depends on the class ``(eps, alpha, lam, d)`` only; a target with its own
(smaller) Hölder constant gets its own ``s``.  A given triple ``(s, v, b)`` can be checked in
place of the constructed one: ``L`` then holds the numbers unpacked from ``v``
(:func:`~.instance.reassemble`), and every check compares that network
with the target.

What is built: at small sizes (``m n <= 8``) the whole ``phi(x, v)`` -- unpacking network,
products, shifted cube indices, bit extraction and mid tree -- and it is evaluated exactly
at one point per cell.  At larger sizes the floor network (``2 n (2^(mn) - 1)`` units) and
the products (depth ``L ~ 4 K^d``) are not built; their contribution enters through the
exact unpacking identity and Lemma 4.2's error bound.
"""
import sympy

from ..._backend import MPQ
from ...claims.certificate import Certificate, Check, compare_le
from ...claims.targets import Target, symbols_for
from ...claims.theorem import Param, Theorem, exact, integer
from ...constructions.intrinsic import phi_network, product_plan
from ...constructions.packing import pack, unpack
from ...errors import InvalidArgument
from ...interpret.exact import evaluate
from ...interpret.metrics import size_metrics
from ...numbers import as_rational
from ...reals import exact_number, is_le, to_sympy
from . import steps
from .common import DIFF, MAX_DIMENSION, PAPER, TARGET_PARAMETERS, target_of, with_hypotheses
from .instance import build_instance, reassemble, scaling
from .thm_2_2 import linf_cells

__all__ = ["STATEMENT", "choose_n", "choice_of_n", "product_error", "unpacking_check", "v_bits_check",
           "cells_within_eps", "class_targets", "verify", "THEOREM"]

REFERENCE = f"{PAPER}, Theorem 2.3"
STATEMENT = ("For eps > 0, alpha in (0, 1], lam > 0 there is phi in H(d+1, 1) such that for every Hölder f "
             "(order alpha, constant lam) on [0,1]^d there are s >= 0, v in [0, 1), b with "
             "|s phi(x, v) + b - f(x)| <= eps on [0,1]^d.")


def _choice_bound(d: int, alpha, lam, n: int):
    return 5 * lam * sympy.Integer(d) ** (alpha / 2) * sympy.Integer(2) ** (-alpha * n)


def choose_n(d: int, eps, alpha, lam) -> int:
    """The least ``n >= 1`` with ``5 lam d^(alpha/2) 2^(-alpha n) <= eps/2`` (decided exactly)."""
    eps, alpha, lam = (exact_number(v, name) for v, name in ((eps, "eps"), (alpha, "alpha"), (lam, "lam")))
    for value, name in ((eps, "eps"), (alpha, "alpha"), (lam, "lam")):
        if not value.is_positive:
            raise InvalidArgument(f"{name}={value} must be > 0")
    n = 1
    while not is_le(_choice_bound(d, alpha, lam, n), to_sympy(eps) / 2):
        n += 1
    return n


def choice_of_n(d: int, n: int, eps, alpha, lam) -> Check:
    """Step 1: ``5 lam d^(alpha/2) 2^(-alpha n) <= eps/2``."""
    check = compare_le("choice_of_n", "5 lam d^(alpha/2) 2^(-alpha n) <= eps/2", _choice_bound(d, alpha, lam, n),
                       eps / 2)
    return check.with_evidence("formula", let={}, lhs="5*lam*d**(alpha/2)*2**(-alpha*n)", rhs="eps/2")


def product_error(plan, n: int) -> Check:
    """Step 3: ``3 eta <= 2^-n`` for Lemma 4.2's products on ``[-M, M]^2``."""
    eta = plan["eta"]
    return Check("product_error", "3 eta <= 2^-n, eta = 6 (2M)^2 N^-L (Lemma 4.2 on [-M, M]^2)",
                 3 * eta, MPQ(1, 2**n), 3 * eta <= MPQ(1, 2**n), "<=")


def unpacking_check(v, key, m: int) -> Check:
    """Step 4: ``g_i(v) = a_i`` exactly: every ``2^(mi) v`` lies on a flat of ``g`` and the floors give ``key``."""
    n = len(key)
    ramp = MPQ(1, 2 ** (m * n))
    off_flat = []
    for i in range(1, n + 1):
        for y in (v * 2 ** (m * i), v * 2 ** (m * (i - 1))):
            if y - (y.numerator // y.denominator) > 1 - ramp:
                off_flat.append((i, y))
    got = unpack(v, n, m)
    bad = [i for i, (g, a) in enumerate(zip(got, key), start=1) if g != a]
    check = Check("unpacking_exact", "g_i(v) = g(2^(mi) v)/2^m - g(2^(m(i-1)) v) = a_i for i = 1..n, "
                  "each argument on a flat [l, l + 1 - 2^-mn] of the continuous floor g",
                  len(bad) + len(off_flat), 0, not bad and not off_flat, "==",
                  {"wrong_i": bad[:3], "off_flat": off_flat[:1]}, {"bits_of_v": m * n})
    return check.with_evidence("unpacking")  # v, the key parameters, n and m are the instance's


def v_bits_check(v, n: int, m: int) -> Check:
    """Step 4: ``v in [0, 1)`` and ``2^(n m) v`` is an integer: ``v`` holds (at most) ``n 2^(dn+1)`` bits."""
    den = int(v.denominator)
    bits = den.bit_length() - 1
    ok = 0 <= v < 1 and den == 1 << bits and bits <= n * m
    return Check("v_bits", "v in [0, 1) has a binary expansion of at most n 2^(dn+1) bits", bits, n * m, ok, "<=",
                 {"v_in_unit_interval": bool(0 <= v < 1), "denominator_is_power_of_two": den == 1 << bits})


def cells_within_eps(inst, values, rng, plan, phi, v, eps) -> list:
    """Step 5: the cell analysis with the product slack ``3 s eta``, and ``sup + 3 s eta <= eps``.

    When ``phi`` was built, its exact values at the cell points must lie in their cells'
    intervals widened by ``3 s eta``.
    """
    s, b, eta = inst.s, inst.b, plan["eta"]
    realised = None
    if phi is not None:
        realised = lambda points: [s * y + b for (y,) in evaluate(phi, [p + (v,) for p in points])]  # noqa: E731
    worst, sampled, outside = linf_cells(inst, values, rng, cap=4096 if phi is not None else 0, realised=realised,
                                         slack=3 * s * eta)
    out = []
    if phi is not None:
        out.append(Check("phi_within_cell_intervals", f"s phi(x, v) + b at {sampled} cell points lies in the "
                         "cell's interval widened by 3 s eta", len(outside), 0, not outside, "==",
                         {"first_outside": outside[:1]}))
    final = worst[1] + 3 * to_sympy(s) * to_sympy(eta)
    out.append(compare_le("three_parameter_bound", "sup |s phi(x, v) + b - f| <= eps", final, eps,
                          {"worst_cell": worst[2], "endpoint_cube": worst[3]}))
    return out


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


def _build(d: int, n: int, target):
    return build_instance(d, n, target, None, *scaling(target), scaled=True)


def verify(d: int, eps, target, alpha=None, lam=None, s=None, v=None, b=None, build_limit: int = 8,
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
    eps = exact_number(eps, "eps")
    if not eps.is_positive:
        raise InvalidArgument(f"eps={eps} must be > 0")
    alpha, lam = _class_data(target, alpha, lam)
    cert = Certificate(REFERENCE, STATEMENT, {})
    n = choose_n(d, eps, alpha, lam)
    with cert.timed("build"):
        inst = _build(d, n, target)
        J, m = inst.grid.cube_count, 2 * inst.grid.cube_count
        v = pack(inst.key, m) if v is None else as_rational(v, "v")
        if s is not None or b is not None or v != pack(inst.key, m):
            inst = reassemble(inst, key=unpack(v, n, m), s=s, b=b)
    plan = product_plan(J, n)
    cert.instance = {**steps.instance_record(inst), "eps": eps, "alpha": alpha, "lam": lam, "m": m,
                     "bits_of_v": n * m, "v_denominator_bits": int(v.denominator).bit_length() - 1,
                     "product": {k: plan[k] for k in ("N", "L", "width")}, "M_bits": plan["M"].bit_length()}
    if n * m <= 256:
        cert.instance["v"] = v
    cert.checks.append(choice_of_n(d, n, eps, alpha, lam))
    blocks = {"phi1": [(inst.phi1, 1)], "phi2": steps.phi2_blocks(n, J)}
    values, rng = steps.a1_steps(inst, cert, blocks, steps.A1_SIZES, by_construction=False)
    with cert.timed("unpacking"):
        cert.checks.append(unpacking_check(v, inst.key, m))
        cert.checks.append(v_bits_check(v, n, m))
    cert.checks.append(product_error(plan, n))
    small = m * n <= build_limit
    with cert.timed("linf_cells"):
        phi = phi_network(inst.phi1, inst.phi2, inst.grid.delta, n, m, plan) if small else None
        cert.checks += cells_within_eps(inst, values, rng, plan, phi, v, eps)
    if phi is not None:
        cert.sizes["phi"] = {k: val for k, val in size_metrics(phi).items() if k != "layers"}
    if diff_with:
        with cert.timed("intrinsic"):
            cert.checks.append(_intrinsic_three(inst, plan, phi, v, diff_with))
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
        other = _build(inst.grid.d, inst.n, target)
        triples.append((other.s, pack(other.key, m), other.b))
        same = same and (phi_network(other.phi1, other.phi2, other.grid.delta, other.n, m, plan) == phi
                         if phi is not None else (other.phi1, other.phi2) == (inst.phi1, inst.phi2))
    differ = [name for name, column in zip("svb", zip(*triples)) if len(set(column)) > 1]
    return Check("intrinsic_three", f"phi(x, v) is identical for {len(triples)} targets of the class and exactly "
                 "s, v, b differ", len(differ), 3, same and differ == ["s", "v", "b"], "==",
                 {"phi_identical": same, "differing": differ},
                 {"targets": [inst.target.description] + [t.description for t in targets]})


def _run(d, eps, f, lipschitz, holder, modulus, alpha, lam, s, v, b, no_diff) -> Certificate:
    target = target_of(d, f, lipschitz, holder, modulus)
    others = None if no_diff or target.holder is None else class_targets(d, *target.holder)
    return with_hypotheses(verify(d, eps, target, alpha, lam, s, v, b, diff_with=others), target)


THEOREM = Theorem(
    name="syz22-2.3", reference=REFERENCE, statement=STATEMENT,
    summary="Thm 2.3: |s phi(x, v) + b - f| <= eps with one fixed phi; s, v, b intrinsic",
    parameters={"d": Param(integer("d", 1, MAX_DIMENSION), 1, f"input dimension d <= {MAX_DIMENSION}"),
                "eps": Param(exact("eps"), "1/2", "target accuracy eps > 0 (exact)"), **TARGET_PARAMETERS,
                "alpha": Param(exact("alpha"), None, "Hölder order of the class; default: the target's"),
                "lam": Param(exact("lam"), None, "Hölder constant of the class; default: the target's"),
                "s": Param(exact("s"), None, "a given scale s to check instead of the constructed one"),
                "v": Param(exact("v"), None, "a given packed v in [0, 1) to check"),
                "b": Param(exact("b"), None, "a given shift b to check"), **DIFF},
    run=_run, target_defaults={"f": "sin(3*x1)/40", "lipschitz": "3/40"},
)
