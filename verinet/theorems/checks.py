"""Exact step-by-step checks of the Theorem A.1 construction and its consequences.

Each function follows one step of the proof (Shen-Yang-Zhang 2022, Appendix A) on a built
:class:`~verinet.theorems.intrinsic.Instance` and returns :class:`~verinet.claims.certificate.Check`
records (never raising on a false inequality, so that a certificate lists every failure
with its witness).

* :func:`phi1_constant_on_cubes` -- ``phi_1 = 4^rho(beta)`` on every closed cube.  Proof:
  the first layer of ``phi_1`` is separable (each unit reads one coordinate) and the
  second layer is rank one (its pre-activations are ``c_r y + b_r`` for one scalar
  ``y = sum_i y_i(x_i)``), so ``phi_1`` is a function of ``y``; each ``y_i`` is checked
  constant on every axis interval by its exact 1-D form, hence ``phi_1`` is constant on
  ``Qbar_beta`` and equals its value at ``x_beta``, computed by exact evaluation.
* :func:`bits_recovered` -- ``s phi_2(L(4^j)) + b = s q_j / 2^n + b`` for every ``j``, by one
  batched exact evaluation of the tail network on ``4^1, ..., 4^J``.
* :func:`tail_range` -- the exact range of ``phi_2`` on all of ``R^n`` from its last layer.
* :func:`error_off_trifling`, :func:`trifling_measure`, :func:`lp_bound` -- the inequalities.
* :func:`intrinsic_by_construction`, :func:`intrinsic_by_diff`, :func:`sizes` -- counts.
"""

from collections import defaultdict

import sympy

from .._backend import MPQ
from ..analysis.measure import union_measure
from ..analysis.pwl1d import piecewise_linear_form
from ..errors import BoundViolation
from ..interpret.exact import evaluate
from ..interpret.layered import from_layered, to_layered
from ..interpret.metrics import size_metrics
from ..ops import Affine
from ..claims.certificate import Check, compare_le
from .intrinsic import truncations
from ..reals import to_sympy

__all__ = ["phi1_constant_on_cubes", "axis_values", "bits_recovered", "tail_range", "last_layer_range",
           "error_off_trifling", "trifling_measure", "lp_bound", "intrinsic_by_construction",
           "intrinsic_by_diff", "layered_entries", "sizes", "block_parameters", "cube_values",
           "scaling_valid"]


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
        ts, vs = form.breakpoints, form.values
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
    if values is None:
        return [constant]
    cubes = grid.cubes()
    got = [y for (y,) in evaluate(inst.phi1, [grid.corner(beta) for beta in cubes])]
    bad = [(beta, v) for beta, v in zip(cubes, got) if v != 4 ** grid.rho(beta)]
    beta, v = bad[0] if bad else (cubes[-1], got[-1])
    value = Check("phi1_eq_four_pow_rho", "phi_1(x_beta) = 4^rho(beta) for every beta", v, 4 ** grid.rho(beta),
                  not bad, "==", {"beta": beta, "rho": grid.rho(beta), "mismatches": len(bad)})
    return [constant, value]


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
    top = 2**inst.grid.n
    cubes = inst.grid.cubes()
    claim = "s phi_2(L(4^j)) + b = s min(floor(2^n (f(x_beta)-b)/s), 2^n-1)/2^n + b for all j"
    try:
        qs = truncations(inst.grid, inst.target, inst.s, inst.b)
    except BoundViolation as exc:
        return Check("bits_recovered", claim, "(f(x_beta) - b)/s outside [0, 1]", "[0, 1]", False, "==",
                     {"beta": exc.witness, "reason": str(exc)})
    expected = [inst.s * MPQ(q, top) + inst.b for q in qs]
    bad = [j for j, (v, e) in enumerate(zip(values, expected)) if v != e]
    j = bad[0] if bad else len(values) - 1
    return Check("bits_recovered", claim, values[j], expected[j], not bad, "==",
                 {"beta": cubes[j], "j": j + 1, "mismatches": len(bad)}, {"truncation": qs[j]})


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
    return [compare_le("scaling_lower", "b + omega(sqrt(d)) <= f(0), so (f - b)/s >= 0 on [0,1]^d", b + w, f0,
                       {"point": (MPQ(0),) * d}),
            compare_le("scaling_upper", "f(0) + omega(sqrt(d)) <= b + s, so (f - b)/s <= 1 on [0,1]^d", f0 + w, b + s,
                       {"point": (MPQ(0),) * d})]


def last_layer_range(net) -> tuple:
    """The exact range ``(lo, hi)`` of ``net`` on all of ``R^k``, from its last hidden layer.

    The output is ``c + sum_r w_r relu(u_r)``.  Units whose pre-activations share one weight
    row differ only by their biases, so each such group contributes a 1-D function
    ``F(z) = sum w_r relu(z + b_r)`` of one free variable ``z``; ``F`` is 0 at ``-oo`` and,
    when ``sum w_r = 0``, constant at ``+oo``, so its range is spanned by its values at the
    kinks ``z = -b_r``.  The sum of the groups' ranges contains the network's range (groups
    need not reach their extremes together, so this is an enclosure).  Returns None when
    some group is unbounded.
    """
    layers = to_layered(net).layers
    last, prev = layers[-1], layers[-2]
    (w,), (c,) = last.weights(), last.bias()
    groups = defaultdict(list)
    for r, (row, bias) in enumerate(zip(prev.weights(), prev.bias())):
        if w[r]:
            groups[tuple(row)].append((w[r], bias))
    lo = hi = c
    for units in groups.values():
        if sum(wr for wr, _ in units):
            return None
        values = [MPQ(0)] + [sum((wr * max(MPQ(0), z + br) for wr, br in units), MPQ(0))
                             for z in (-br for _, br in units)]
        lo, hi = lo + min(values), hi + max(values)
    return lo, hi


def tail_range(inst) -> Check:
    """``phi_2(R^n) subset [0, 1]`` (Prop. B.1: each ``phi_{2,l}`` takes values in [0, 1])."""
    rng = last_layer_range(inst.phi2)
    ok = rng is not None and 0 <= rng[0] and rng[1] <= 1
    return Check("phi2_range_subset_unit", "phi_2(R^n) is contained in [0, 1]",
                 "unbounded" if rng is None else f"[{rng[0]}, {rng[1]}]", "[0, 1]", ok, "subset",
                 {}, {"range": rng})


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
    radius = Check("cube_radius", "||x - x_beta||_2^2 <= d/K^2 on every closed cube", radius2,
                   MPQ(grid.d, grid.K**2), radius2 <= MPQ(grid.d, grid.K**2))
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
                 grid.d * grid.K * grid.delta, mu <= grid.d * grid.K * grid.delta, "<=", {}, detail)


def lp_bound(inst, tail_rng) -> list:
    """Theorem 2.1: ``||s phi + b - f||_p <= omega(sqrt(d) 2^-n) + 2^(-n+2) W`` with ``s = 2W``.

    ``||E||_p^p <= A^p (1 - |Omega|) + (s m)^p |Omega|`` where ``A`` is the bound off ``Omega``
    and ``m = max(hi, 1 - lo)`` bounds ``|phi_2 - (f-b)/s|`` on ``Omega`` (both in [0, 1]).
    Compared exactly with ``B^p``; also checks the paper's choice ``dK delta 2^p <= 2^-pn``.
    """
    grid, target, s, p = inst.grid, inst.target, to_sympy(inst.s), to_sympy(inst.p)
    mu = to_sympy(grid.trifling_measure())
    lo, hi = tail_rng
    m = to_sympy(max(hi, 1 - lo))
    A = target.omega(sympy.sqrt(grid.d) / grid.K) + s / grid.K
    B = target.omega(sympy.sqrt(grid.d) / grid.K) + s * 2 / grid.K
    delta_ok = compare_le("delta_choice", "d K delta 2^p <= 2^(-p n) (proof of Thm 2.1)",
                          grid.d * grid.K * to_sympy(grid.delta) * 2**p, sympy.Integer(2) ** (-p * grid.n))
    lp = compare_le("lp_bound", "||s phi + b - f||_p^p <= (omega(sqrt(d) 2^-n) + 2^(-n+2) W)^p",
                    A**p * (1 - mu) + (s * m) ** p * mu, B**p, {}, {"A": A, "p": p, "measure": mu, "m": m})
    return [delta_ok, lp]


def _layer_entries(k: int, layer) -> dict:
    out = {}
    for r, row in enumerate(layer.weights()):
        for c, w in enumerate(row):
            out[(k, "W", r, c)] = w
    for r, bias in enumerate(layer.bias()):
        out[(k, "b", r, None)] = bias
    return out


def layered_entries(net) -> dict:
    """``{(layer, "W", row, col) or (layer, "b", row, None): value}`` of the standard layered form."""
    out = {}
    for k, layer in enumerate(to_layered(net).layers):
        out.update(_layer_entries(k, layer))
    return out


def intrinsic_by_construction(inst) -> Check:
    """The declared positions hold exactly ``a_1..a_n`` (each ``copies`` times), then ``s`` and ``b`` (not in A.1)."""
    layers = to_layered(inst.network).layers
    tables = {k: _layer_entries(k, layers[k]) for k in {pos[0] for pos in inst.intrinsic} if k < len(layers)}
    scale = [] if inst.theorem == "A.1" else [inst.s, inst.b]
    copies = (len(inst.intrinsic) - len(scale)) // inst.grid.n
    expected = [a for _ in range(copies) for a in inst.key] + scale
    got = [tables.get(pos[0], {}).get(pos) for pos in inst.intrinsic]
    bad = [pos for pos, g, e in zip(inst.intrinsic, got, expected) if g != e]
    return Check("intrinsic_by_construction", "the declared positions hold a_1..a_n, s, b",
                 len(inst.intrinsic), copies * inst.grid.n + len(scale), not bad, "==", {"wrong_positions": bad[:3]})


def intrinsic_by_diff(instances) -> Check:
    """Build for several targets: exactly the declared positions differ, all else is identical.

    Layers are compared as exact ops first; entries are read only in layers that differ.
    """
    forms = [to_layered(i.network).layers for i in instances]
    declared = set(instances[0].intrinsic)
    shapes = {tuple((layer.in_dims, layer.out_dim) for layer in form) for form in forms}
    if len(shapes) != 1:
        return Check("intrinsic_by_diff", "the architecture does not depend on f", "different shapes",
                     "one shape", False, "==")
    differing = set()
    for k, group in enumerate(zip(*forms)):
        if any(layer != group[0] for layer in group[1:]):
            tables = [_layer_entries(k, layer) for layer in group]
            differing |= {pos for pos in tables[0] if len({t[pos] for t in tables}) > 1}
    parameters = sum(layer.out_dim * (sum(layer.in_dims) + 1) for layer in forms[0])
    return Check("intrinsic_by_diff", f"building for {len(instances)} targets, exactly the declared "
                 "parameters differ", len(differing), len(declared), differing == declared, "==",
                 {"undeclared_but_differing": sorted(map(str, differing - declared))[:3],
                  "declared_but_constant": sorted(map(str, declared - differing))[:3]},
                 {"targets": [i.target.description for i in instances], "parameters": parameters})


def block_parameters(blocks) -> int:
    """``sum multiplicity * #parameters(net)`` over ``(net, multiplicity)`` blocks.

    The papers count a network built from parallel sub-networks as the sum of the parts'
    parameters; the standard layered form stores the zero blocks between parallel chains
    as well (``(2n)^2`` entries per layer for ``n`` width-2 chains), so its count is larger.
    Both are reported; the theorem bounds are compared with this block count.
    """
    return sum(mult * size_metrics(net)["parameters"] for net, mult in blocks)


def sizes(inst, phi1_blocks, phi2_blocks, bounds, names=("phi1", "phi2")) -> tuple:
    """Size metrics (layered form) and the checks ``#params <= bound`` on the block counts."""
    table = {}
    for name, net in ((names[0], phi1_blocks[0][0] if len(phi1_blocks) == 1 else None),
                      ("phi2", inst.phi2), ("network", inst.network)):
        if net is not None:
            m = size_metrics(net)
            table[name] = {k: m[k] for k in ("depth", "width", "parameters", "nonzero_parameters",
                                             "max_abs_parameter", "max_numerator_bits", "max_denominator_bits")}
    checks = []
    for name, blocks, bound in ((names[0], phi1_blocks, bounds[0]), (names[1], phi2_blocks, bounds[1])):
        count = block_parameters(blocks)
        table.setdefault(name, {})["block_parameters"] = count
        checks.append(Check(f"{name}_parameters", f"#parameters({name}) summed over its blocks <= paper bound",
                            count, bound, count <= bound, "<="))
    return table, checks
