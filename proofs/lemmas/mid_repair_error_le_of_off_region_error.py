"""Theorem (Lu-Shen-Yang-Zhang 2021, Lemmas 3.3 and 3.4; Shen-Yang-Zhang 2022, Lemma A.2)
  Let K >= 1, delta in (0, 1/(3K)], f in C([0, 1]^d), and g: R^d -> R with |g - f| <= eps on
  [0, 1]^d minus the trifling region Omega(K, delta).  Then phi_d, defined by phi_0 = g and
  phi_{i+1}(x) = mid(phi_i(x - delta e_{i+1}), phi_i(x), phi_i(x + delta e_{i+1})), satisfies
  |phi_d - f| <= eps + d omega_f(delta) on all of [0, 1]^d.  With g of width N and depth L,
  phi_d has width 3^d (N + 4) and depth L + 2d.

Network
  verinet.constructions.extremes.mid_repair_of_step(K, delta, d) (`verinet build mid-repair`):
  the instance f(x) = (x_1 + ... + x_d)/d, g(x) = sum_i (step(x_i)/(dK) + spike(x_i)) with a
  hat of height 1 on every trifling interval, repaired by extremes.mid_repair.

What is checked (exactly)
  1. Hypothesis: g - f = sum_i (g_1(x_i) - x_i/d) with g_1(t) = g(t, 0, ..., 0) (g_1(0) = 0);
     the exact 1-D form of g_1 gives sup |g_1(t) - t/d| over the good set [0, 1] \\ Omega
     (attained at a breakpoint or an end of a good interval), so eps = d times it; eps <= 1/K.
  2. g is genuinely wrong on Omega: sup |g - f| over [0, 1]^d exceeds 1/K + d delta.
  3. Conclusion: phi_d - f is piecewise linear (f is linear), so its exact range over
     [0, 1]^d (1-D form for d = 1, box region analysis for d >= 2) gives the exact sup error,
     checked <= eps + d omega_f(delta) with omega_f(delta) = delta / sqrt(d) <= delta, i.e.
     <= eps + d delta <= the paper's rational bound 1/K + d delta.
  4. depth == 1 + 2d, width <= 3^d (N + 4) with N = 5 d (K - 1) the width of g.

What is not checked
  * Lemma 3.4 for an arbitrary g: one instance per run (the lemma quantifies over all g).
  * d >= 2 runs the region search, whose cost grows like (3K)^d: (3K)^d <= 576 is accepted
    (d = 2 with K <= 8, d = 3 with K = 2); tests run d = 1, 2.

References
  Lu, Shen, Yang, Zhang, SIAM J. Math. Anal. 53 (2021), Lemmas 3.2-3.4 (pp. 17-22);
  Shen-Yang-Zhang 2022, Lemma A.2; spec smooth_and_growth.md 1.4.
"""

import sys

from verinet import MPQ, evaluate
from verinet.analysis import box_range, piecewise_linear_form
from verinet.calculus import affine_network, pre_affine, sum_networks
from verinet.claims.certificate import Certificate, compare_eq, compare_le
from verinet.claims.sizes import size_table
from verinet.claims.theorem import Param, Theorem, exact, integer
from verinet.constructions._layers import chain
from verinet.constructions.extremes import _spiky_mean_layers, mid_repair_of_step
from verinet.interpret.metrics import size_metrics

from proofs._theorem import entry_points
from proofs.lemmas._steps import require_at_most, sized, step_intervals

REFERENCE = "Lu-Shen-Yang-Zhang 2021, Lemmas 3.3 and 3.4"
STATEMENT = ("If |g - f| <= eps on [0, 1]^d minus the trifling region Omega(K, delta), delta <= 1/(3K), then the "
             "mid repair phi_d of g satisfies |phi_d - f| <= eps + d omega_f(delta) on all of [0, 1]^d, with width "
             "3^d (N + 4) and depth L + 2d for g of width N and depth L.")

MAX_REGION_SIZE = 576  # (3K)^d for the region search at d >= 2: K = 8, d = 2 takes about 13 seconds


def sup_abs_minus_mean(net, d: int) -> tuple:
    """``(sup, point)``: the exact sup over ``[0, 1]^d`` of ``|net(x) - mean(x)|`` and where it is attained.

    ``net - mean`` is piecewise linear: for ``d = 1`` its sup is at a breakpoint of its 1-D
    form, for ``d >= 2`` the box analysis gives its exact range.
    """
    diff = sum_networks(net, affine_network([[MPQ(-1, d)] * d]))
    if d == 1:
        (form,) = piecewise_linear_form(diff, 0, 1)
        return max((abs(v), (t,)) for t, v in zip(form.breakpoints, form.values))
    r = box_range(diff, [(0, 1)] * d)
    return max((abs(r.minimum), r.argmin), (abs(r.maximum), r.argmax))


def off_region_error(g1, d: int, K: int, delta) -> tuple:
    """``(sup, t)``: ``sup |g_1(t) - t/d|`` over the good intervals, at the ends and breakpoints inside them."""
    (form,) = piecewise_linear_form(g1, 0, 1)
    points = [t for a, b, _ in step_intervals(K, delta) for t in [a, b] + [s for s in form.breakpoints if a < s < b]]
    values = [y for (y,) in evaluate(g1, [[t] for t in points])]
    return max((abs(v - t / d), t) for t, v in zip(points, values))


def verify(K: int, delta, d: int) -> Certificate:
    """Check Lemma 3.4 on the worked instance ``(K, delta, d)``; its certificate."""
    if d >= 2:
        require_at_most("(3K)^d", (3 * K) ** d, MAX_REGION_SIZE, "for d >= 2 the exact region search over "
                        "[0, 1]^d grows like (3K)^d")
    c = mid_repair_of_step(K, delta, d)
    g = chain(_spiky_mean_layers(K, delta, d), name="g")
    cert = Certificate(REFERENCE, STATEMENT, {"K": K, "delta": delta, "d": d},
                       sizes=size_table({"g": g, "phi_d": c.network}))
    bound = MPQ(1, K) + d * delta
    # Step 1: the hypothesis, coordinate by coordinate (g - f is a sum over the axes).
    g1 = pre_affine(g, [[1]] + [[0]] * (d - 1))
    cert.checks.append(compare_eq("g1_at_zero_eq_zero", "g_1(0) = 0", evaluate(g1, [[0]])[0][0], 0))
    worst, t = off_region_error(g1, d, K, delta)
    eps = d * worst
    cert.checks.append(compare_le("eps_le_inv_K", "eps := sup_{[0,1]^d \\ Omega} |g - f| = d sup |g_1(t) - t/d| "
                                  "<= 1/K", eps, MPQ(1, K), {"t": t}))
    # Step 2: g alone is wrong on the trifling region.  For rationals x = p/q and y = r/s,
    # x < y iff y - x = (rq - ps)/(qs) >= 1/(qs), i.e. x + 1/(qs) <= y: the strict
    # inequality is written as an exact "<=".
    g_error, x = sup_abs_minus_mean(g, d)
    gap = MPQ(1, bound.denominator * g_error.denominator)
    cert.checks.append(compare_le("g_error_gt_bound", "sup |g - f| > 1/K + d delta (g fails on Omega, the repair "
                                  "matters), as 1/K + d delta + 1/(q q') <= sup |g - f| for the denominators q, q'",
                                  bound + gap, g_error, {"x": list(x)}, {"bound": bound, "gap": gap}))
    # Step 3: the repaired network, exact sup over the whole cube.
    phi_error, x = sup_abs_minus_mean(c.network, d)
    cert.checks.append(compare_le("phi_error_le_eps_plus_d_delta", "sup_[0,1]^d |phi_d - f| <= eps + d delta",
                                  phi_error, eps + d * delta, {"x": list(x)}))
    cert.checks.append(compare_le("eps_plus_d_delta_le_bound", "eps + d delta <= 1/K + d delta", eps + d * delta,
                                  bound))
    metrics = size_metrics(c.network)
    N = 5 * d * (K - 1)
    cert.checks += [sized(compare_eq("depth_eq", "depth L + 2d with L = 1", metrics["depth"], 1 + 2 * d),
                           c.network, "depth"),
                    sized(compare_le("width_le", "width <= 3^d (N + 4), N = 5d(K - 1) the width of g", metrics["width"],
                               3**d * (N + 4)), c.network, "width")]
    cert.not_checked = ["Lemma 3.4 for an arbitrary g: one worked instance per run.",
                        f"d >= 2 with (3K)^d > {MAX_REGION_SIZE}: the region search is refused as too long."]
    return cert


THEOREM = Theorem(
    name="mid-repair-error-le-of-off-region-error", reference=REFERENCE, statement=STATEMENT,
    summary="Lemmas 3.3/3.4: the mid repair of g brings |g - f| <= eps off Omega to eps + d delta on [0, 1]^d",
    parameters={"K": Param(integer("K", 2, 256), 4, "cells per axis K"),
                "delta": Param(exact("delta"), "1/12", "trifling width delta in (0, 1/(3K)], exact"),
                "d": Param(integer("d", 1, 3), 1, "dimension d; for d >= 2, (3K)^d <= 576")},
    run=verify,
)
PARAMETERS = THEOREM.parameters


prove, main = entry_points(THEOREM)


if __name__ == "__main__":
    sys.exit(main())
