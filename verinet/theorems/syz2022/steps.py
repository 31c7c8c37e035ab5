"""The steps of Theorem A.1's proof, shared by Theorems A.1, 2.1, 2.2 and 2.3 (Shen-Yang-Zhang 2022).

Each function follows one step of the proof (Appendix A; Sections 5-7 for the scaled
theorems) on a built :class:`~verinet.theorems.syz2022.instance.Instance` and returns
:class:`~verinet.claims.certificate.Check` records, named after their conclusions (never
raising on a false inequality, so that a certificate lists every failure with its witness).
The theorem modules choose which steps they run, in the order of their proofs.

* :func:`scaling_valid` -- ``(f - b)/s`` maps ``[0, 1]^d`` into ``[0, 1]``.
* :func:`phi1_constant_on_cubes` -- ``phi_1 = 4^rho(beta)`` on every closed cube.  Proof:
  the first layer of ``phi_1`` is separable (each unit reads one coordinate) and the
  second layer is rank one (its pre-activations are ``c_r y + b_r`` for one scalar
  ``y = sum_i y_i(x_i)``), so ``phi_1`` is a function of ``y``; each ``y_i`` is checked
  constant on every axis interval by its exact 1-D form, hence ``phi_1`` is constant on
  ``Qbar_beta`` and equals its value at ``x_beta``, computed by exact evaluation.
* :func:`bits_recovered` -- ``s phi_2(L(4^j)) + b = s q_j / 2^n + b`` for every ``j``, by one
  batched exact evaluation of the tail network on ``4^1, ..., 4^J``.
* :func:`tail_range` -- the exact range of ``phi_2`` on all of ``R^n`` from its last layer.
* :func:`error_off_trifling`, :func:`trifling_measure` -- the inequalities of Theorem A.1.
* :func:`parameter_counts`, :func:`intrinsic_by_construction`, :func:`intrinsic_by_diff` -- counts.
"""

import sympy

from ..._backend import MPQ
from ...analysis.last_layer import last_layer_range
from ...analysis.measure import union_measure
from ...analysis.pwl1d import piecewise_linear_form
from ...calculus import affine_network
from ...claims import intrinsic, sizes
from ...claims.certificate import Check, compare_le
from ...claims.finite import equal_on_points, values_equal
from ...constructions.bits import bit_extraction
from ...errors import BoundViolation
from ...interpret.exact import evaluate
from ...interpret.layered import from_layered, to_layered
from ...ops import Affine
from ...reals import to_sympy
from .instance import truncations

__all__ = ["scaling_valid", "phi1_constant_on_cubes", "axis_values", "cube_values", "bits_recovered",
           "tail_range", "error_off_trifling", "trifling_measure", "phi2_blocks", "parameter_counts",
           "intrinsic_by_construction", "intrinsic_by_diff", "instance_record", "a1_steps"]


def _split_phi1(phi1):
    """The axis networks ``y_i`` of ``phi_1``, or None when ``phi_1`` is not of that shape.

    Shape: the first hidden layer is separable and the second affine map is rank one, so
    everything after it is a function of ``y = sum_i y_i(x_i)``.
    """
    layers = to_layered(phi1).layers
    if len(layers) < 3:
        return None
    first, second = layers[0], layers[1]
    W0, b0 = first.weights(), first.bias()
    axis_of = []
    for row in W0:
        nonzero = [i for i, w in enumerate(row) if w]
        if len(nonzero) > 1:
            return None
        axis_of.append(nonzero[0] if nonzero else None)
    W1 = second.weights()
    base = next((row for row in W1 if any(row)), None)
    if base is None:
        return None
    pivot = next(k for k, w in enumerate(base) if w)
    for row in W1:
        c = row[pivot] / base[pivot]
        if any(w != c * v for w, v in zip(row, base)):
            return None
    d = phi1.in_dim
    nets = []
    for i in range(d):
        units = [k for k, a in enumerate(axis_of) if a == i]
        if not units:
            nets.append(None)
            continue
        l0 = Affine.from_rationals([[W0[k][i]] for k in units], [b0[k] for k in units])
        l1 = Affine.from_rationals([[base[k] for k in units]], [0])
        nets.append(from_layered([l0, l1]))
    return nets


def axis_values(grid, phi1, lo=MPQ(-1), hi=MPQ(2)) -> tuple:
    """Per axis, the constant value of ``y_i`` on each extended axis interval, or a failing witness.

    Returns ``(values, witness)``: ``values[i][k]`` for ``k = 0..K-1``, or ``(None, witness)``.
    The intervals are ``[k/K, (k+1)/K - delta]`` with the first extended down to ``lo`` and
    the last up to ``hi`` (so shifted points of Theorem 2.2 are covered).
    """
    nets = _split_phi1(phi1)
    if nets is None:
        return None, {"reason": "phi_1 is not separable + rank-one; constancy not established"}
    values = []
    for i, net in enumerate(nets):
        if net is None:
            values.append([MPQ(0)] * grid.K)
            continue
        (form,) = piecewise_linear_form(net, lo, hi)
        ts = form.breakpoints
        row = []
        for k in range(grid.K):
            a, b = grid.axis_interval(k)
            a = lo if k == 0 else a
            b = hi if k == grid.K - 1 else b
            inside = [t for t in ts if a < t < b]
            va, vb = form(a), form(b)
            if inside or va != vb:
                return None, {"axis": i + 1, "interval": (a, b), "value_at_ends": (va, vb),
                              "kink_inside": inside[:1]}
            row.append(va)
        values.append(row)
    return values, {}


def phi1_constant_on_cubes(inst) -> list:
    """``phi_1 = 4^rho(beta)`` on every closed cube ``Qbar_beta`` (eq. 9), exactly."""
    grid = inst.grid
    values, witness = axis_values(grid, inst.phi1)
    constant = Check("phi1_constant_on_cubes", "each y_i(x_i) is constant on every axis interval "
                     "(1-D form), so phi_1 is constant on every cube", "constant" if values else "not constant",
                     "constant", values is not None, "==", witness)
    constant.with_evidence("axis_constancy", network=inst.phi1)
    if values is None:
        return [constant]
    cubes = grid.cubes()
    points, expected = [grid.corner(beta) for beta in cubes], [MPQ(4) ** grid.rho(beta) for beta in cubes]
    _, value = equal_on_points(inst.phi1, points, expected,
                               "phi1_eq_four_pow_rho", "phi_1(x_beta) = 4^rho(beta) for every beta",
                               lambda i: {"beta": cubes[i], "rho": grid.rho(cubes[i])})
    return [constant, value.with_evidence("values_at_points", network=inst.phi1, points=points, expected=expected,
                                          derive="cube_corners_pow4")]


def cube_values(inst) -> list:
    """``s phi_2(L(4^j)) + b`` for ``j = 1..J`` (one batched exact evaluation; the key parameters'
    ``2J``-bit weights send it down the packed path, :mod:`verinet.interpret.packed`)."""
    J = inst.grid.cube_count
    return [y for (y,) in evaluate(inst.tail, [[MPQ(4) ** j] for j in range(1, J + 1)])]


def bits_recovered(inst, values) -> Check:
    """The network returns ``s q_j/2^n + b``: the ``n``-bit truncation of ``(f(x_beta) - b)/s``, exactly.

    ``q_j = min(floor(2^n (f(x_beta) - b)/s), 2^n - 1)`` is recomputed from the target with
    the network's ``s`` and ``b``; a grid point where ``(f - b)/s`` leaves ``[0, 1]`` fails
    the check with that cube as witness.
    """
    top = 2**inst.n
    cubes = inst.grid.cubes()
    claim = "s phi_2(L(4^j)) + b = s min(floor(2^n (f(x_beta)-b)/s), 2^n-1)/2^n + b for all j"
    try:
        qs = truncations(inst.n, inst.grid, inst.target, inst.s, inst.b)
    except BoundViolation as exc:
        return Check("bits_recovered", claim, "(f(x_beta) - b)/s outside [0, 1]", "[0, 1]", False, "==",
                     {"beta": exc.witness, "reason": str(exc)})
    expected = [inst.s * MPQ(q, top) + inst.b for q in qs]
    check = values_equal("bits_recovered", claim, values, expected, lambda j: {"beta": cubes[j], "j": j + 1},
                         lambda j: {"truncation": qs[j]})
    return check.with_evidence("values_at_points", network=inst.tail, points=[[MPQ(4) ** j] for j in range(1, len(qs) + 1)],
                               expected=expected, derive="bits_of_truncations")


def scaling_valid(inst) -> list:
    """``b + omega(sqrt(d)) <= f(0)`` and ``f(0) + omega(sqrt(d)) <= b + s``: ``(f - b)/s`` maps into ``[0, 1]``.

    Since ``|f(x) - f(0)| <= omega_f(||x||) <= omega(sqrt(d))`` on ``[0, 1]^d``, these two exact
    inequalities give ``0 <= (f - b)/s <= 1`` everywhere, the hypothesis of Theorem A.1 for
    the rescaled target (proof of Thm 2.1, Section 5 step 1).
    """
    target, d = inst.target, inst.grid.d
    f0 = target.exact((MPQ(0),) * d)
    w = target.omega(sympy.sqrt(d))
    s, b = to_sympy(inst.s), to_sympy(inst.b)
    let = {"W": {"omega": "sqrt(d)"}}  # f0, the target at the origin, is the kernel's own
    return [compare_le("scaling_lower", "b + omega(sqrt(d)) <= f(0), so (f - b)/s >= 0 on [0,1]^d", b + w, f0,
                       {"point": (MPQ(0),) * d}).with_evidence("formula", let=let, lhs="b + W", rhs="f0"),
            compare_le("scaling_upper", "f(0) + omega(sqrt(d)) <= b + s, so (f - b)/s <= 1 on [0,1]^d", f0 + w, b + s,
                       {"point": (MPQ(0),) * d}).with_evidence("formula", let=let, lhs="f0 + W", rhs="b + s")]


def tail_range(inst) -> Check:
    """``phi_2(R^n) subset [0, 1]`` (Prop. B.1: each ``phi_{2,l}`` takes values in [0, 1])."""
    rng = last_layer_range(inst.phi2)
    ok = rng is not None and 0 <= rng[0] and rng[1] <= 1
    return Check("phi2_range_subset_unit", "phi_2(R^n) is contained in [0, 1]",
                 "unbounded" if rng is None else f"[{rng[0]}, {rng[1]}]", "[0, 1]", ok, "subset",
                 {}, {"range": rng}).with_evidence("last_layer_range", network=inst.phi2)


def error_off_trifling(inst, values) -> list:
    """``|s phi(x) + b - f(x)| <= omega(sqrt(d) 2^-n) + s 2^-n`` off ``Omega``.

    On ``Qbar_beta`` the network is the constant ``c_beta`` (checks above), so for ``x`` there
    ``|c_beta - f(x)| <= |c_beta - f(x_beta)| + omega(||x - x_beta||)``.  The first term is at
    most ``s 2^-n`` because ``q_beta`` is the exact floor; the radius is checked exactly.
    The *measured* ``max |c_beta - f(x_beta)|`` (upper end of its enclosure) and the largest
    certified *lower* bound of the error over the cube corners are reported as witnesses.
    """
    grid, target, s = inst.grid, inst.target, inst.s
    cubes = grid.cubes()
    radius2 = max(grid.radius_squared(beta) for beta in cubes)
    # The largest cube is the last one, [(K-1)/K, 1]^d: radius^2 = d/K^2.
    radius = Check("cube_radius", "||x - x_beta||_2^2 <= d/K^2 on every closed cube", radius2,
                   MPQ(grid.d, grid.K**2), radius2 <= MPQ(grid.d, grid.K**2)).with_evidence(
                       "formula", let={}, lhs="d/K**2", rhs="d/K**2")
    worst_cube, worst_e = None, MPQ(-1)
    worst_point, worst_low = None, MPQ(-1)
    for beta, c in zip(cubes, values):
        for x in (grid.corner(beta), grid.far_corner(beta)):
            lo, hi = target.bounds(x, 64)
            upper, lower = max(hi - c, c - lo), max(lo - c, c - hi, MPQ(0))
            if x == grid.corner(beta) and upper > worst_e:
                worst_cube, worst_e = beta, upper
            if lower > worst_low:
                worst_point, worst_low = x, lower
    bound = target.omega(sympy.sqrt(grid.d) / grid.K) + to_sympy(s) / grid.K
    measured = Check("discretisation_error", "max_beta |c_beta - f(x_beta)| <= s 2^-n (n-bit truncation)",
                     worst_e, s / grid.K, worst_e <= s / grid.K, "<=", {"beta": worst_cube})
    claim = compare_le("error_off_trifling",
                       "sup off Omega |s phi + b - f| <= omega(sqrt(d) 2^-n) + s 2^-n (Thm A.1, scaled)",
                       target.omega(sympy.sqrt(to_sympy(radius2))) + to_sympy(s) / grid.K, bound,
                       {"worst_cube": worst_cube, "worst_point": worst_point,
                        "certified_error_lower_bound_at_worst_point": worst_low})
    claim.with_evidence("formula", let={"w": {"omega": "sqrt(d/K**2)"}, "wc": {"omega": "sqrt(d)/K"}},
                        lhs="w + s/K", rhs="wc + s/K")
    return [radius, measured, claim]


def trifling_measure(inst) -> Check:
    """``|Omega| <= dK delta``, with ``|Omega|`` exact, cross-checked by the box-union measure."""
    grid = inst.grid
    mu = grid.trifling_measure()
    other = union_measure(grid.trifling_boxes())
    detail = {"box_union_measure": other}
    if other != mu:
        return Check("trifling_measure", "|Omega| by closed form equals the box-union measure",
                     mu, other, False, "==", {}, detail)
    return Check("trifling_measure", "|Omega| = 1 - (1 - (K-1) delta)^d <= d K delta", mu,
                 grid.d * grid.K * grid.delta, mu <= grid.d * grid.K * grid.delta, "<=", {}, detail).with_evidence(
                     "formula", let={}, lhs="1 - (1 - (K - 1)*delta)**d", rhs="d*K*delta")


def phi2_blocks(n: int, J: int, copies: int = 1) -> list:
    """``phi_2`` as blocks: ``n`` bit-extraction chains and the combination ``sum 2^-l y_l`` (``n + 1`` parameters)."""
    combine = affine_network([[MPQ(1, 2**l) for l in range(1, n + 1)]], [0])
    return [(bit_extraction("0" * J).network, n * copies), (combine, copies)]


# Theorem A.1's size claims: phi_1 in H_{2^(dn+4)}(d, 1), phi_2 in H_{2^(dn+5) n}(n, 1).
A1_SIZES = (sizes.SizeBound("phi1", "2^(dn+4)", lambda d, n: 2 ** (d * n + 4)),
            sizes.SizeBound("phi2", "2^(dn+5) n", lambda d, n: 2 ** (d * n + 5) * n))


def parameter_counts(inst, table: dict, blocks: dict, bounds) -> list:
    """``#parameters <= bound(d, n)`` for each named block (:func:`verinet.claims.sizes.parameter_checks`).

    The evidence lists the blocks' networks with their multiplicities and the bound as a formula
    in ``d`` and ``n`` (the paper's ``2^(dn+4)`` written ``2**(d*n+4)``).
    """
    checks = sizes.parameter_checks(blocks, bounds, {"d": inst.grid.d, "n": inst.n}, table)
    for check, bound in zip(checks, bounds):
        formula = bound.formula.replace("dn", "d*n").replace("^", "**").replace(" ", "*")
        check.with_evidence("block_parameters", block=bound.block, blocks=[list(b) for b in blocks[bound.block]],
                            bound=formula)
    return checks


def intrinsic_by_construction(inst) -> Check:
    """The declared positions hold exactly ``a_1..a_n`` (each copy), then ``s`` and ``b`` when scaled."""
    scale = [inst.s, inst.b] if inst.scaled else []
    copies = (len(inst.intrinsic) - len(scale)) // inst.n
    expected = [a for _ in range(copies) for a in inst.key] + scale
    check = intrinsic.positions_hold(inst.network, inst.intrinsic, expected, "the declared positions hold a_1..a_n, s, b")
    return check.with_evidence("positions_hold", network=inst.network, positions=inst.intrinsic, expected=expected,
                               scaled=inst.scaled)


def intrinsic_by_diff(instances) -> Check:
    """Built for several targets, exactly the first instance's declared positions differ."""
    nets = [i.network for i in instances]
    check = intrinsic.only_declared_differ(nets, instances[0].intrinsic, [i.target.description for i in instances])
    return check.with_evidence("only_declared_differ", networks=nets, positions=instances[0].intrinsic)


def instance_record(inst) -> dict:
    """The certificate's ``instance`` field: sizes, target, modulus, ``s``, ``b`` and the key."""
    g = inst.grid
    out = {"d": g.d, "n": inst.n, "K": g.K, "delta": g.delta, "target": inst.target.description,
           "modulus_bound": str(inst.target.modulus), "modulus_source": inst.target.modulus_source, "s": inst.s, "b": inst.b,
           "key_parameters_bits": [g.cube_count * 2] * inst.n}
    if inst.p is not None:
        out["p"] = inst.p
    if g.cube_count <= 64:
        out["key_parameters"] = list(inst.key)
        out["truncations"] = list(inst.truncations)
    return out


def a1_steps(inst, cert, size_blocks: dict, size_bounds, by_construction: bool = True, diff_with=None) -> tuple:
    """Run Theorem A.1's steps in the order of its proof; returns ``(cube values, phi_2 range)``.

    Scaled instances first check the scaling; then ``phi_1`` on the cubes, the bits, the
    range of ``phi_2``, the error off the trifling region and its measure, the parameter
    counts of ``size_blocks`` against ``size_bounds``, and the intrinsic parameters (by
    construction unless ``by_construction`` is false; by diff against ``diff_with``).
    """
    if inst.scaled:
        with cert.timed("scaling"):
            cert.checks += scaling_valid(inst)
    with cert.timed("phi1_cubes"):
        cert.checks += phi1_constant_on_cubes(inst)
        cert.record_plan("phi1", inst.phi1)
    with cert.timed("bits (batched evaluation of phi_2 o L on 4^j)"):
        values = cube_values(inst)
        cert.record_plan("tail", inst.tail)
        cert.checks.append(bits_recovered(inst, values))
    with cert.timed("phi2_range"):
        rng_check = tail_range(inst)
        cert.checks.append(rng_check)
    with cert.timed("error_off_trifling"):
        cert.checks += error_off_trifling(inst, values)
        cert.checks.append(trifling_measure(inst))
    with cert.timed("sizes"):
        cert.labels = {"phi1": inst.phi1, "phi2": inst.phi2, "network": inst.network}
        cert.sizes = sizes.size_table(cert.labels)
        cert.checks += parameter_counts(inst, cert.sizes, size_blocks, size_bounds)
    with cert.timed("intrinsic"):
        if by_construction:
            cert.checks.append(intrinsic_by_construction(inst))
        if diff_with:
            cert.checks.append(intrinsic_by_diff([inst] + diff_with))
    cert.intrinsic = {"declared": len(inst.intrinsic), "positions": [str(p) for p in inst.intrinsic],
                      "key_parameters_bits_each": 2 * inst.grid.cube_count}
    return values, rng_check.detail["range"]
