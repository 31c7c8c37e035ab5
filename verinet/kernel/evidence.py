"""Re-checking one check from its evidence, and re-deriving what the instance and networks determine.

Each evidence kind (docs/certificates.md) is one function ``(ctx, check, evidence, where) ->
status``; it raises :class:`~.check.Mismatch` naming the field that disagrees, or
:class:`~.check.Skip` saying why it cannot re-check.

* ``values_at_points`` -- evaluate the network exactly at the listed points, compare with the
  expected values; ``derive`` re-derives points and expected values from the instance
  (``cube_corners_pow4``: ``x_beta`` and ``4^rho(beta)``, Shen-Yang-Zhang eq. 9;
  ``bits_of_truncations``: ``4^j`` and ``s q_j/2^n + b``, Prop. B.1).
* ``axis_constancy`` -- ``phi_1``'s first layer is separable and its second rank one, so
  ``phi_1`` is a function of ``y = sum_i y_i(x_i)``; each ``y_i`` is a one-hidden-layer 1-D
  function whose breakpoints are its units' zeros, so it is constant on an interval iff it takes
  one value at both ends and at every breakpoint inside.  The intervals are the axis intervals
  ``[k/K, (k+1)/K - delta]``, the first extended down to -1 and the last up to 2.
* ``last_layer_range`` -- the range of ``c + sum_r w_r relu(u_r)`` over ``R^k``, grouping units
  with one weight row (verinet.analysis.last_layer's argument, written again).
* ``formula`` -- ``lhs`` and ``rhs`` are formulas of the instance (safe parser), recomputed.
* ``block_parameters`` -- the parameter count of the blocks' embedded networks and the bound.
* ``positions_hold`` / ``only_declared_differ`` -- the intrinsic parameters (Shen-Yang-Zhang Sec. 2).
* ``network_size`` -- a size metric of the embedded network (the lemmas' width, depth, counts).
* ``unpacking`` -- Lemma A.3 on the instance's packed ``v`` (Theorem 2.3).
"""

from itertools import product

import sympy

from .._backend import MPQ
from ..errors import FileFormatError
from ..reals import sign, to_sympy
from .compare import Mismatch, Skip, interval, same, stated
from .read import expression, get, number, rational

__all__ = ["recheck", "whole_certificate", "KINDS"]


def recheck(ctx, check, ev, where) -> str:
    kind = get(ev, "kind", str, f"{where}.evidence")
    if kind not in KINDS:
        raise Skip(f"evidence kind {kind!r} is unknown to this kernel")
    return KINDS[kind](ctx, check, ev, f"{where}.evidence")


def _expect(ok: bool, message: str) -> None:
    if not ok:
        raise Mismatch(message)


def _ints(ctx, *names) -> list:
    return [get(ctx.instance, k, int, "instance") for k in names]


def variables(ctx) -> dict:
    """The instance's numbers as sympy values, by name (the formulas' variables), and ``f0``, the
    instance's target at the origin."""
    out = {}
    for key, value in ctx.instance.items():
        if isinstance(value, int) and not isinstance(value, bool):
            out[key] = sympy.Integer(value)
        elif isinstance(value, str) and key.isidentifier() and (x := number(value, f"instance.{key}")) is not None:
            out[key] = x
    if isinstance(ctx.instance.get("target"), str) and isinstance(ctx.instance.get("d"), int):
        out["f0"] = _target_at(ctx, [0] * ctx.instance["d"])
    return out


def _target_at(ctx, point) -> sympy.Expr:
    xs = {f"x{i + 1}": to_sympy(v) for i, v in enumerate(point)}
    return expression(get(ctx.instance, "target", str, "instance"), xs, "instance.target")


# The formulas of the checks the kernel knows (Shen-Yang-Zhang 2022): a certificate must use
# these; a check not listed is re-derived from the formulas it states (docs/certificates.md).
FORMULAS = {
    "scaling_lower": ("b + W", "f0"), "scaling_upper": ("f0 + W", "b + s"), "cube_radius": ("d/K**2", "d/K**2"),
    "error_off_trifling": ("w + s/K", "wc + s/K"), "trifling_measure": ("1 - (1 - (K - 1)*delta)**d", "d*K*delta"),
    "delta_choice": ("d*K*delta*2**p", "2**(-p*n)"), "choice_of_n": ("5*lam*d**(alpha/2)*2**(-alpha*n)", "eps/2"), "lp_bound": ("A**p*(1 - mu) + (s*m)**p*mu", "(wc + 2*s/K)**p"),
}
LETS = {"W": {"omega": "sqrt(d)"}, "w": {"omega": "sqrt(d/K**2)"}, "wc": {"omega": "sqrt(d)/K"}, "A": "wc + s/K",
        "mu": "1 - (1 - (K - 1)*delta)**d", "lo": {"derived": "phi2_range_subset_unit.lo"},
        "hi": {"derived": "phi2_range_subset_unit.hi"}, "m": "Max(hi, 1 - lo)"}


def _let(ctx, names: dict, spec, where: str):
    if isinstance(spec, str):
        return expression(spec, names, where)
    if isinstance(spec, dict) and set(spec) == {"omega"}:
        r = _let(ctx, names, spec["omega"], f"{where}.omega")
        return expression(get(ctx.instance, "modulus_bound", str, "instance"), {"r": r}, "instance.modulus_bound")
    if isinstance(spec, dict) and set(spec) == {"derived"}:
        if spec["derived"] not in ctx.derived:
            raise Skip(f"it uses {spec['derived']}, which the kernel did not re-derive")
        return ctx.derived[spec["derived"]]
    raise FileFormatError(f"{where}={spec!r} is not a formula, omega or derived value")


def formula(ctx, check, ev, where) -> str:
    names, lets = variables(ctx), get(ev, "let", dict, where)
    if check["name"] in FORMULAS:
        _expect((ev.get("lhs"), ev.get("rhs")) == FORMULAS[check["name"]], f"{where}: not the formulas of "
                f"{check['name']} ({' <= '.join(FORMULAS[check['name']])})")
        _expect(all(LETS.get(k) == v for k, v in lets.items()), f"{where}.let: not the kernel's definitions")
    for name, spec in lets.items():
        names[name] = _let(ctx, names, spec, f"{where}.let.{name}")
    for side in ("lhs", "rhs"):
        value = expression(get(ev, side, str, where), names, f"{where}.{side}")
        _expect(value.is_number and same(value, stated(check, side, where), where),
                f"{where[:-9]}.{side}={check[side]!r} but the kernel computes {value} from evidence.{side}")
    return "re-derived"


def values_at_points(ctx, check, ev, where) -> str:
    net = ctx.chain(ev.get("network"), f"{where}.network")
    points = [[rational(x, f"{where}.points[{i}]") for x in p] for i, p in enumerate(get(ev, "points", list, where))]
    expected = [rational(y, f"{where}.expected[{i}]") for i, y in enumerate(get(ev, "expected", list, where))]
    _expect(len(points) == len(expected) and net.out_dim == 1 and all(len(p) == net.in_dim for p in points),
            f"{where}: points and expected values do not fit the network")
    derive = ev.get("derive")
    if derive is not None:
        want_points, want_values = DERIVE[derive](ctx)
        _expect(points == want_points, f"{where}.points: not the points {derive} derives from the instance")
        if want_values is not None:
            _expect(expected == want_values, f"{where}.expected: not the values {derive} derives from the instance")
    ctx.charge(len(points) * (net.nonzero_weights + 1), f"evaluating the network at {len(points)} points")
    got = [net.evaluate(p)[0] for p in points]
    bad = [i for i, (g, e) in enumerate(zip(got, expected)) if g != e]
    i = bad[0] if bad else len(got) - 1
    name = where[:-9]
    _expect(same(stated(check, "lhs", name), got[i], name), f"{name}.lhs={check['lhs']!r}: the network gives {got[i]}")
    _expect(same(stated(check, "rhs", name), expected[i], name), f"{name}.rhs={check['rhs']!r}: expected {expected[i]}")
    _expect(check["holds"] == (not bad), f"{name}.holds={check['holds']}: {len(bad)} of the points disagree")
    _expect(check["witness"].get("mismatches") == len(bad), f"{name}.witness.mismatches: {len(bad)} disagree")
    return "re-checked"


def _cubes(ctx) -> list:
    d, K = _ints(ctx, "d", "K")
    if K**d > 2**16:
        raise Skip(f"K^d = {K}^{d} cubes is over the kernel's 2^16")
    return [tuple(reversed(rev)) for rev in product(range(K), repeat=d)], K


def _corners_pow4(ctx):
    cubes, K = _cubes(ctx)
    rho = [1 + sum(b * K**i for i, b in enumerate(beta)) for beta in cubes]
    return [[MPQ(b, K) for b in beta] for beta in cubes], [MPQ(4) ** r for r in rho]


def _bits(ctx):
    cubes, K = _cubes(ctx)
    (n,) = _ints(ctx, "n")
    points = [[MPQ(4) ** j] for j in range(1, len(cubes) + 1)]
    if "truncations" not in ctx.instance:
        return points, None
    s, b = (rational(get(ctx.instance, k, str, "instance"), f"instance.{k}") for k in ("s", "b"))
    qs = get(ctx.instance, "truncations", list, "instance")
    return points, [s * MPQ(q, 2**n) + b for q in qs]


DERIVE = {"cube_corners_pow4": _corners_pow4, "bits_of_truncations": _bits}


def axis_constancy(ctx, check, ev, where) -> str:
    net = ctx.chain(ev.get("network"), f"{where}.network")
    d, K = _ints(ctx, "d", "K")
    delta = rational(get(ctx.instance, "delta", str, "instance"), "instance.delta")
    constant = _phi1_constant(net, d, K, delta, MPQ(-1), MPQ(2))  # axis_values' extension (Thm 2.2's shifts)
    name = where[:-9]
    _expect(check["lhs"] == ("constant" if constant else "not constant") and check["holds"] == constant,
            f"{name}.lhs={check['lhs']!r}, holds={check['holds']}: the kernel finds phi_1 "
            f"{'constant' if constant else 'not constant'} on the cubes")
    return "re-derived"


def _phi1_constant(net, d, K, delta, lo, hi) -> bool:
    if len(net.layers) < 3 or net.activations[0] != "ReLU" or net.in_dim != d:
        return False
    (W0, b0), (W1, _) = net.layers[0], net.layers[1]
    axis = []
    for row in W0:
        nonzero = [i for i, w in enumerate(row) if w]
        if len(nonzero) > 1:
            return False
        axis.append(nonzero[0] if nonzero else None)
    base = next((row for row in W1 if any(row)), None)
    if base is None:
        return False
    pivot = next(k for k, w in enumerate(base) if w)
    if any(w != row[pivot] / base[pivot] * v for row in W1 for w, v in zip(row, base)):
        return False  # not rank one
    for i in range(d):
        units = [(W0[k][i], b0[k], base[k]) for k in range(len(W0)) if axis[k] == i]
        kinks = sorted({-b / w for w, b, _ in units})
        ends = [(lo if k == 0 else MPQ(k, K), hi if k == K - 1 else MPQ(k + 1, K) - delta) for k in range(K)]
        y = _sweep(units, sorted(set(kinks) | {t for ab in ends for t in ab}))
        for a, e in ends:
            if any(y[t] != y[a] for t in [e] + [t for t in kinks if a < t < e]):
                return False
    return True


def _sweep(units, points) -> dict:
    """``{t: sum_u c relu(w t + b)}`` at sorted ``points``, by one sweep over the units' kinks ``-b/w``:
    left of its kink a unit with ``w < 0`` adds ``c (w t + b)``, right of it one with ``w > 0`` does."""
    slope = sum((c * w for w, b, c in units if w < 0), MPQ(0))
    shift = sum((c * b for w, b, c in units if w < 0 or not w and b > 0), MPQ(0))
    events = sorted(((-b / w, w, b, c) for w, b, c in units if w), key=lambda e: e[0])
    out, j = {}, 0
    for t in points:
        while j < len(events) and events[j][0] <= t:
            _, w, b, c = events[j]
            sign_ = 1 if w > 0 else -1  # w > 0 turns on at its kink, w < 0 turns off
            slope, shift, j = slope + sign_ * c * w, shift + sign_ * c * b, j + 1
        out[t] = slope * t + shift
    return out


def last_layer_range(ctx, check, ev, where) -> str:
    net = ctx.chain(ev.get("network"), f"{where}.network")
    (w,), (c,) = net.layers[-1]
    W, b = net.layers[-2]
    groups = {}
    for r, (row, bias) in enumerate(zip(W, b)):
        if w[r]:
            groups.setdefault(tuple(row), []).append((w[r], bias))
    rng = (c, c)
    for units in groups.values():
        if sum(wr for wr, _ in units):
            rng = None
            break
        values = [MPQ(0)] + [sum((wr * max(MPQ(0), br - bz) for wr, br in units), MPQ(0)) for _, bz in units]
        rng = (rng[0] + min(values), rng[1] + max(values))
    name = where[:-9]
    _expect(check["rhs"] == "[0, 1]", f"{name}.rhs={check['rhs']!r}: the claim is phi_2(R^n) in [0, 1] (Prop. B.1)")
    if rng is None:
        _expect(check["lhs"] == "unbounded", f"{name}.lhs={check['lhs']!r}: the kernel finds the range unbounded")
        return "re-derived"
    got = interval(check["lhs"], f"{name}.lhs")
    _expect(same(got[0], rng[0], name) and same(got[1], rng[1], name),
            f"{name}.lhs={check['lhs']!r}: the kernel derives [{rng[0]}, {rng[1]}]")
    ctx.derived[f"{check['name']}.lo"], ctx.derived[f"{check['name']}.hi"] = map(sympy.Rational, map(str, rng))
    return "re-derived"


def block_parameters(ctx, check, ev, where) -> str:
    count = 0
    for i, block in enumerate(get(ev, "blocks", list, where)):
        if not (isinstance(block, list) and len(block) == 2 and isinstance(block[1], int)):
            raise FileFormatError(f"{where}.blocks[{i}] is not [network, multiplicity]")
        net = ctx.chain(block[0], f"{where}.blocks[{i}]")
        count += block[1] * sum(len(bias) * (len(W[0]) + 1 if W else 1) for W, bias in net.layers)
    bound = expression(get(ev, "bound", str, where), variables(ctx), f"{where}.bound")
    name = where[:-9]
    _expect(same(stated(check, "lhs", name), count, name), f"{name}.lhs={check['lhs']!r}: the blocks have {count}")
    _expect(same(stated(check, "rhs", name), bound, name), f"{name}.rhs={check['rhs']!r}: the bound is {bound}")
    label = get(ev, "block", str, where)
    _expect(ctx.data["sizes"].get(label, {}).get("block_parameters") == count,
            f"sizes.{label}.block_parameters: the blocks have {count}")
    return "re-derived"


def _position(p, where):
    if not (isinstance(p, list) and len(p) == 4 and isinstance(p[0], int) and p[1] in ("W", "b")
            and isinstance(p[2], int) and (p[3] is None or isinstance(p[3], int))):
        raise FileFormatError(f"{where}={p!r} is not a position [layer, 'W' or 'b', row, col]")
    return tuple(p)


def positions_hold(ctx, check, ev, where) -> str:
    net = ctx.chain(ev.get("network"), f"{where}.network")
    positions = [_position(p, f"{where}.positions[{i}]") for i, p in enumerate(get(ev, "positions", list, where))]
    expected = [rational(v, f"{where}.expected[{i}]") for i, v in enumerate(get(ev, "expected", list, where))]
    name = where[:-9]
    shown = [f"({p[0]}, '{p[1]}', {p[2]}, {p[3]})" for p in positions]
    _expect(ctx.data["intrinsic"].get("positions") == shown, "intrinsic.positions: not the evidence's positions")
    _expect(ctx.data["intrinsic"].get("declared") == len(positions), "intrinsic.declared: not the number of positions")
    scaled = get(ev, "scaled", bool, where)
    (n,), last = _ints(ctx, "n"), len(net.layers) - 1
    copies = (len(positions) - 2 * scaled) // n
    want = [(4, "W", c * n + l, c) for c in range(copies) for l in range(n)] + [(last, "W", 0, 0), (last, "b", 0, None)][
        :2 * scaled]  # a_l in L (layer 4, after phi_1's four), s and b in the output layer (Shen-Yang-Zhang Sec. 2)
    _expect(positions == want, f"{where}.positions: not a_1..a_n in layer 4 (each copy) then s, b in layer {last}")
    if "key_parameters" in ctx.instance:
        key = [rational(a, "instance.key_parameters") for a in get(ctx.instance, "key_parameters", list, "instance")]
        scale = [rational(ctx.instance[k], f"instance.{k}") for k in ("s", "b")] if scaled else []
        _expect(expected == key * copies + scale, f"{where}.expected: not the instance's key parameters, s, b")
    bad = [p for p, e in zip(positions, expected) if net.entry(*p) != e]
    ok = not bad and len(positions) == len(expected)
    _expect(check["holds"] == ok and check["lhs"] == str(len(positions)) and check["rhs"] == str(len(expected)),
            f"{name}.holds/lhs/rhs: {len(bad)} positions of {len(positions)} do not hold their values")
    return "re-checked"


def only_declared_differ(ctx, check, ev, where) -> str:
    nets = [ctx.chain(s, f"{where}.networks[{i}]") for i, s in enumerate(get(ev, "networks", list, where))]
    declared = {_position(p, f"{where}.positions[{i}]") for i, p in enumerate(get(ev, "positions", list, where))}
    name = where[:-9]
    shapes = {tuple((len(b), len(W[0]) if W else 0) for W, b in n.layers) for n in nets}
    if len(shapes) != 1:
        _expect(not check["holds"], f"{name}.holds: the networks' architectures differ")
        return "re-checked"
    differing = set()
    for k, layers in enumerate(zip(*(n.layers for n in nets))):
        W, b = layers[0]
        for r in range(len(b)):
            differing |= {(k, "W", r, c) for c in range(len(W[r])) if any(L[0][r][c] != W[r][c] for L in layers)}
            if any(L[1][r] != b[r] for L in layers):
                differing.add((k, "b", r, None))
    count = sum(len(b) * (len(W[0]) + 1) for W, b in nets[0].layers)
    _expect(check["holds"] == (differing == declared) and check["lhs"] == str(len(differing))
            and check["rhs"] == str(len(declared)), f"{name}.holds/lhs/rhs: {len(differing)} positions differ")
    _expect(check.get("detail", {}).get("parameters") == count, f"{name}.detail.parameters: the networks have {count}")
    return "re-checked"


def network_size(ctx, check, ev, where) -> str:
    net = ctx.chain(ev.get("network"), f"{where}.network")
    metric, name = get(ev, "metric", str, where), where[:-9]
    sizes = {**net.sizes(), "hidden_widths": [len(b) for _, b in net.layers[:-1]]}
    _expect(metric in sizes, f"{where}.metric={metric!r} is not one of {', '.join(sizes)}")
    value = sizes[metric]
    ok = str(value) == check["lhs"] if metric == "hidden_widths" else same(stated(check, "lhs", name), value, name)
    _expect(ok, f"{name}.lhs={check['lhs']!r}: the embedded network's {metric} is {value}")
    return "re-derived"


def unpacking(ctx, check, ev, where) -> str:
    """Lemma A.3 on the instance's ``v``: every ``2^(mi) v`` and ``2^(m(i-1)) v`` lies on a flat
    ``[l, l + 1 - 2^-mn]`` of the continuous floor, and ``floor(2^(mi) v)/2^m - floor(2^(m(i-1)) v) = a_i``."""
    n, m = _ints(ctx, "n", "m")
    if "v" not in ctx.instance or "key_parameters" not in ctx.instance:
        raise Skip("the instance lists neither v nor the key parameters (too many bits)")
    v = rational(ctx.instance["v"], "instance.v")
    key = [rational(a, "instance.key_parameters") for a in get(ctx.instance, "key_parameters", list, "instance")]
    floor = lambda y: MPQ(y.numerator // y.denominator)  # noqa: E731
    ramp = MPQ(1, 2 ** (m * n))
    off = sum(1 for i in range(1, n + 1) for y in (v * 2 ** (m * i), v * 2 ** (m * (i - 1))) if y - floor(y) > 1 - ramp)
    bad = sum(1 for i, a in enumerate(key, 1) if floor(v * 2 ** (m * i)) / 2**m - floor(v * 2 ** (m * (i - 1))) != a)
    bad += abs(len(key) - n)
    name = where[:-9]
    _expect(check["lhs"] == str(off + bad) and check["holds"] == (off + bad == 0),
            f"{name}.lhs={check['lhs']!r}: the kernel finds {bad} wrong a_i and {off} arguments off a flat")
    return "re-derived"


KINDS = {"values_at_points": values_at_points, "unpacking": unpacking, "network_size": network_size, "axis_constancy": axis_constancy,
         "last_layer_range": last_layer_range, "formula": formula, "block_parameters": block_parameters,
         "positions_hold": positions_hold, "only_declared_differ": only_declared_differ}


def whole_certificate(ctx) -> list:
    """Problems with what the instance and the embedded networks determine: the size table of
    every labelled network, ``K = 2^n``, and the key parameters and truncations of the instance."""
    problems = []
    for label, sha in ctx.data.get("labels", {}).items():
        try:
            sizes = ctx.chain(sha, f"labels.{label}").sizes()
        except Skip:
            continue
        except (Mismatch, FileFormatError) as exc:
            problems.append(str(exc))
            continue
        table = ctx.data["sizes"].get(label, {})
        for key, value in sizes.items():
            if str(table.get(key)) != str(value):
                problems.append(f"sizes.{label}.{key}={table.get(key)!r}: the embedded network has {value}")
    try:
        problems += _instance(ctx)
    except (Mismatch, FileFormatError) as exc:
        problems.append(str(exc))
    return problems


def _instance(ctx) -> list:
    inst = ctx.instance
    if not {"n", "K", "d", "truncations", "key_parameters", "target", "s", "b"} <= set(inst):
        return []
    (n, K, d), problems = _ints(ctx, "n", "K", "d"), []
    if K != 2**n:
        return [f"instance.K={K} is not 2^n = {2**n}"]
    qs = get(inst, "truncations", list, "instance")
    J = K**d
    if len(qs) != J or not all(isinstance(q, int) and 0 <= q < K for q in qs):
        return [f"instance.truncations: not {J} integers in [0, 2^n)"]
    key = [rational(a, "instance.key_parameters") for a in get(inst, "key_parameters", list, "instance")]
    want = [sum((MPQ((q >> (n - l)) & 1, 4**j) for j, q in enumerate(qs, start=1)), MPQ(0)) for l in range(1, n + 1)]
    if key != want:
        problems.append("instance.key_parameters: not a_l = sum_j theta_{j,l} 4^-j of the truncations")
    if inst.get("key_parameters_bits") != [2 * J] * n:
        problems.append(f"instance.key_parameters_bits: not {[2 * J] * n}")
    if ctx.data["intrinsic"].get("key_parameters_bits_each", 2 * J) != 2 * J:
        problems.append(f"intrinsic.key_parameters_bits_each: not 2 K^d = {2 * J}")
    s, b = (to_sympy(rational(inst[k], f"instance.{k}")) for k in ("s", "b"))
    cubes, _ = _cubes(ctx)
    for j, (beta, q) in enumerate(zip(cubes, qs)):
        y = K * (_target_at(ctx, [sympy.Rational(x, K) for x in beta]) - b) / s
        if not (sign(y - q) >= 0 and (q == K - 1 or sign(q + 1 - y) > 0)):
            problems.append(f"instance.truncations[{j}]={q}: floor(2^n (f(x_beta) - b)/s) at beta={list(beta)} differs")
            break
    return problems
