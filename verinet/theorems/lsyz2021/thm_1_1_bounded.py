"""Theorem 1.1 on the bounded-weight variant [R]: every bit-extraction step replaced by the doubling chain.

Statement checked (verinet's reconstruction [R] of the seed's claim for Morina-Holler, spec
smooth_and_growth.md 2.6 and 3.2; Morina-Holler's own construction could not be read)::

    For f in C^s([0,1]^d) and N, L >= 1, Theorem 1.1's network with the steep step
    relu(2^L (y - 1/2) + 1) - relu(2^L (y - 1/2)) of every bit-extraction stage replaced by the
    doubling chain (depth L + 1, parameters <= 2) computes the same values as the original at
    every point of the proof, has width 17 s^(d+1) 3^d d (N+2) log2(8N) and depth
    (18 s^2 (L+2) + L^2) log2(4L) + 2d, its bit extraction has ||theta||_inf = max(2, L) instead
    of 2^L, and ||phi - f||_inf <= 85 (s+1)^d 8^s ||f||_{C^s} N^(-2s/d) L^(-2s/d).

Why the error certificate carries over: both steps are ``clip(2^L (y - 1/2) + 1, 0, 1)`` on
all of R (:mod:`verinet.constructions.doubling`, checked on the exact 1-D forms), so the two
networks are the same function; verinet checks that at every stored index ``i`` (each Prop. 4.4
network), at every sample point of the error checks (inside ``Omega`` too), before and after the
median repair, and for ``d = 1`` on the exact 1-D forms over ``[0, 1]``.  Theorem 1.1's checks
(:func:`.thm_1_1.check`) then run again on the variant itself.

The depth: a stage of Lemma 3.5 is ``L + 2`` layers instead of 2, so each Lemma 5.7 network is
``L^2`` deeper.  verinet runs Prop. 4.4's planes side by side [R], so its network is exactly ``L^2``
deeper than the original (checked); in the paper's layout of ``ceil(log2(2L)) <= log2(4L)``
serial stages it would be ``L^2 ceil(log2(2L))`` deeper, hence the formula above: depth
``O(L^2 log L)``, the seed's depth for Morina-Holler.

What stays large (reported in ``sizes.parameters`` from
:func:`verinet.interpret.statistics.parameter_statistics`, per block, for both networks, not
hidden): the step function ``psi`` (slopes ~ K/delta up to 1/delta^2, spec 1.10), the product's
``2 (b - a)^2 = 72``, the breakpoints ``i`` of Lemma 5.7's ``psi`` (up to ``N^2 L^2 - 1``) and the
index weights ``K^j`` merged into the planes' first layer.  At the sizes verinet builds these
exceed ``2^L``, so ``||theta||_inf`` of the whole network is often the same for both variants;
the bit planes' blocks show the difference.
"""

from ..._backend import MPQ
from ...analysis.budget import Budget
from ...analysis.pwl1d import piecewise_linear_form
from ...calculus import scale
from ...claims.certificate import Certificate, compare_eq, compare_le
from ...claims.theorem import Theorem
from ...constructions._layers import chain
from ...constructions.bit_fitting import prefix_bit_sum_layers
from ...constructions.doubling import VARIANTS, check_step, step_layers
from ...constructions.extremes import mid_repair
from ...errors import BoundViolation, BudgetExceeded
from ...interpret.exact import evaluate
from ...interpret.metrics import size_metrics
from ...interpret.statistics import parameter_statistics
from . import steps, thm_1_1
from .common import PAPER, log2, parameters, target_of
from .instance import build

__all__ = ["STATEMENT", "check", "verify", "THEOREM", "depth_bound", "same_values", "parameter_checks"]

REFERENCE = f"{PAPER}, Theorem 1.1 on the bounded-weight variant [R]"
STATEMENT = ("For f in C^s([0,1]^d) and N, L >= 1, Theorem 1.1's network with every bit-extraction step replaced by the "
             "doubling chain computes the same values as the original at every point of the proof, has width "
             "17 s^(d+1) 3^d d (N+2) log2(8N) and depth (18 s^2 (L+2) + L^2) log2(4L) + 2d, bit extraction with "
             "||theta||_inf = max(2, L) instead of 2^L, and ||phi - f||_inf <= 85 (s+1)^d 8^s ||f||_{C^s} "
             "N^(-2s/d) L^(-2s/d).")


def depth_bound(L, s, d):
    """``(18 s^2 (L+2) + L^2) log2(4L) + 2d`` (exact sympy)."""
    return (18 * s * s * (L + 2) + L * L) * log2(4 * L) + 2 * d


def _values(net, points):
    return [y for (y,) in evaluate(net, points)]


def same_values(inst, original, repaired, repaired_original) -> tuple:
    """``(checks, note)``: the variant against the original [exact]: the two steps as functions, every
    Prop. 4.4 network at every stored index, both networks and their repairs at every sample point, and
    for ``d = 1`` the 1-D forms on ``[0, 1]`` (``note`` says why not, when they have too many pieces)."""
    L, checks = inst.L, []
    wrong = None
    for variant in VARIANTS:
        try:
            check_step(chain(step_layers(L, variant, MPQ(1, 2))), L, MPQ(1, 2))
        except BoundViolation as exc:
            wrong = wrong or {"variant": variant, "t, step(t), clip": list(exc.witness)}
    checks.append(compare_eq("steps_are_one_function", "[exact 1-D forms] the steep step and the doubling chain "
                             f"(verinet.constructions.doubling) are both clip(2^{L} (y - 1/2) + 1, 0, 1) on "
                             "[-1/2, 3/2] (constant beyond)",
                             0 if wrong is None else 1, 0, wrong or {}))
    indices = [[i] for i in range(inst.K ** inst.d)]
    bad = None
    for alpha, (net, _, table) in inst.parts.fits.items():
        other, _, other_table = original.parts.fits[alpha]
        if table != other_table:
            bad = bad or {"alpha": list(alpha), "stored bits differ": True}
        for (i,), y, z in zip(indices, _values(net, indices), _values(other, indices)):
            if y != z and bad is None:
                bad = {"alpha": list(alpha), "i": i, "variant": y, "original": z}
    checks.append(compare_eq("fits_equal_at_every_index", "[exact] every Prop. 4.4 network phi~_alpha of the variant "
                             f"equals the original's at every stored index i < K^d = {len(indices)}",
                             0 if bad is None else 1, 0, bad or {}))
    points = steps.sample_points(inst, inside_omega=True)
    for name, net, other, what in (("networks_equal_at_samples", inst.network, original.network, "phi~ (Theorem 2.2)"),
                                   ("repaired_equal_at_samples", repaired, repaired_original, "phi_d (Theorem 2.1)")):
        bad = next(({"x": p, "variant": y, "original": z} for p, y, z in zip(points, _values(net, points),
                                                                          _values(other, points)) if y != z), None)
        checks.append(compare_eq(name, f"[exact] the variant's {what} equals the original's at the {len(points)} "
                                 "sample points of the error checks (cells and Omega)", 0 if bad is None else 1, 0,
                                 bad or {}))
    if inst.d != 1:
        return checks, None
    try:
        budget = Budget(pieces=steps.MAX_PIECES)
        (form,), (other,) = (piecewise_linear_form(n, 0, 1, budget) for n in (inst.network, original.network))
    except BudgetExceeded:
        return checks, (f"networks_equal_1d: the 1-D forms have more than {steps.MAX_PIECES} pieces; the variant "
                        "equals the original at the stored indices and sample points only")
    checks.append(compare_eq("networks_equal_1d", "[exact 1-D forms] the variant's phi~ is the original's on [0, 1] "
                             f"({form.pieces} pieces)", int(form != other), 0))
    return checks, None


def _blocks(net) -> dict:
    """Per block (first prefix part) of ``net``: ``||theta||_inf`` and where it is."""
    stats = parameter_statistics(net, level=1)
    return {"max_abs_parameter": stats.max_abs_parameter, "location": stats.location.to_dict(),
            "per_block": {k: {"max_abs_parameter": b.max_abs_parameter, "node": b.location.node,
                              "layer": b.location.layer} for k, b in stats.per_block.items()},
            "bit_planes_max_abs_parameter": max(b.max_abs_parameter for k, b in parameter_statistics(net).per_block.items()
                                                if "/plane" in k)}


def parameter_checks(inst, original, final, final_original) -> tuple:
    """``(checks, table)``: Lemma 3.5's ``||theta||_inf`` in both forms, and the final networks' [exact];
    the table is the per-block statistics of both Theorem 2.2 networks (what remains large)."""
    L = inst.L
    steep, doubling = (parameter_statistics(chain(prefix_bit_sum_layers(L, v))).max_abs_parameter for v in VARIANTS)
    theta, theta_original = parameter_statistics(final).max_abs_parameter, parameter_statistics(final_original).max_abs_parameter
    checks = [
        compare_eq("steep_bit_extraction_theta", "[exact] the paper's bit extraction (Lemma 3.5 of Shen-Yang-Zhang 2020) "
                   "has ||theta||_inf = 2^L", steep, MPQ(2**L)),
        compare_eq("bounded_bit_extraction_theta", "[exact] the doubling-chain bit extraction has ||theta||_inf = max(2, L) "
                   "(weights 2, the l - j biases)", doubling, MPQ(max(2, L))),
        compare_le("theta_not_larger", "[exact] ||theta||_inf of the variant's B phi_d <= the original's", theta,
                   theta_original, {}, {"variant": theta, "original": theta_original}),
    ]
    return checks, {"bounded": _blocks(inst.network), "original": _blocks(original.network),
                    "final_max_abs_parameter": {"bounded": theta, "original": theta_original}}


def check(inst, original) -> Certificate:
    """Theorem 1.1's checks on the variant ``inst``, then the comparisons with ``original`` and the depth."""
    L, s, d = inst.L, inst.s, inst.d
    with_repair = Certificate(REFERENCE, STATEMENT, {})
    with with_repair.timed("repair_both"):
        repaired, repaired_original = mid_repair(inst.network, inst.delta), mid_repair(original.network, original.delta)
    cert = thm_1_1.check(inst, repaired)
    cert.theorem, cert.statement = REFERENCE, STATEMENT
    cert.instance["variant"] = inst.variant
    with cert.timed("same_values"):
        checks, note = same_values(inst, original, repaired, repaired_original)
        cert.checks += checks
        cert.not_checked += [note] if note else []
    with cert.timed("parameters"):
        checks, table = parameter_checks(inst, original, scale(repaired, inst.scale), scale(repaired_original, original.scale))
        cert.checks += checks
        cert.sizes["parameters"] = table
    with cert.timed("sizes"):
        depth, depth_original = size_metrics(repaired)["depth"], size_metrics(repaired_original)["depth"]
        cert.checks += [
            compare_eq("depth_is_original_plus_L2", "[exact] depth(phi_d) = depth of the original's phi_d + L^2 (each "
                       "of Lemma 3.5's L stages L layers deeper; planes side by side [R])", depth, depth_original + L * L),
            compare_le("bounded_depth", "[exact] depth(phi_d) <= (18 s^2 (L+2) + L^2) log2(4L) + 2d", depth,
                       depth_bound(L, s, d)),
        ]
        cert.sizes["phi_original"] = {"depth": depth_original}
    cert.seconds = {**with_repair.seconds, **cert.seconds}
    cert.not_checked.append("[R] The variant is verinet's reconstruction of the seed's bounded-weight claim for "
                            "Morina-Holler (their construction could not be read); sizes.parameters reports the "
                            "parameters that stay large (steps psi ~ 1/delta^2, product 72, breakpoints N^2 L^2).")
    return cert


def verify(d, s, N, L, f, cs_norm=None, delta=None, max_parameters=None) -> Certificate:
    """Build the variant and the original on one instance and check."""
    limit = {} if max_parameters is None else {"max_parameters": max_parameters}
    timing = Certificate(REFERENCE, STATEMENT, {})
    target = target_of(d, f)
    with timing.timed("build"):
        inst = build(N, L, s, d, target, cs_norm, delta, variant="bounded", **limit)
    with timing.timed("build_original"):
        original = build(N, L, s, d, target, cs_norm, inst.delta, **limit)
    cert = check(inst, original)
    cert.seconds = {**timing.seconds, **cert.seconds}
    return cert


THEOREM = Theorem(
    name="lsyz21-1.1-bounded", reference=REFERENCE, statement=STATEMENT,
    summary="Thm 1.1 with the doubling chain for bit extraction [R]: same values, depth + L^2, bit-extraction "
            "||theta|| max(2, L) not 2^L",
    parameters=parameters(1, 1, 1, 2, "sin(3*x1)"), run=verify,
)
