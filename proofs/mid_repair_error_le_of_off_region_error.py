# Theorem (Lu-Shen-Yang-Zhang 2021, Lemmas 3.3 and 3.4; Shen-Yang-Zhang 2022, Lemma A.2)
#   Let K >= 1, delta in (0, 1/(3K)], f in C([0, 1]^d), and g: R^d -> R with |g - f| <= eps on
#   [0, 1]^d minus the trifling region Omega(K, delta).  Then phi_d, defined by phi_0 = g and
#   phi_{i+1}(x) = mid(phi_i(x - delta e_{i+1}), phi_i(x), phi_i(x + delta e_{i+1})), satisfies
#   |phi_d - f| <= eps + d omega_f(delta) on all of [0, 1]^d.  With g of width N and depth L,
#   phi_d has width 3^d (N + 4) and depth L + 2d.
#
# ## Network
#   verinet.constructions.extremes.mid_repair_of_step(K, delta, d) (`verinet build mid-repair`):
#   the instance f(x) = (x_1 + ... + x_d)/d, g(x) = sum_i (step(x_i)/(dK) + spike(x_i)) with a
#   hat of height 1 on every trifling interval, repaired by extremes.mid_repair.
#
# ## What is checked
#   1. Hypothesis: g - f = sum_i (g_1(x_i) - x_i/d) with g_1(t) = g(t, 0, ..., 0) (g_1(0) = 0);
#      the exact 1-D form of g_1 gives sup |g_1(t) - t/d| over the good set [0, 1] \ Omega
#      (attained at a breakpoint or an end of a good interval), so eps = d times it; eps <= 1/K.
#   2. g is genuinely wrong on Omega: sup |g - f| over [0, 1]^d exceeds eps + d delta.
#   3. Conclusion: phi_d - f is piecewise linear (f is linear), so its exact range over
#      [0, 1]^d (1-D form for d = 1, box region analysis for d >= 2) gives the exact sup error,
#      checked <= eps + d omega_f(delta) with omega_f(delta) = delta / sqrt(d) <= delta, i.e.
#      <= the stored rational claim 1/K + d delta.
#   4. depth == 1 + 2d, width <= 3^d (N + 4) with N = 5 d (K - 1) the width of g.
#
# ## What is not checked
#   * Lemma 3.4 for an arbitrary g: one instance per run (the lemma quantifies over all g).
#   * d >= 3 takes long (3^d copies in the region search); tests run d = 1, 2.
#
# ## References
#   Lu, Shen, Yang, Zhang, SIAM J. Math. Anal. 53 (2021), Lemmas 3.2-3.4 (pp. 17-22);
#   Shen-Yang-Zhang 2022, Lemma A.2; spec smooth_and_growth.md 1.4.

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _report import Report  # noqa: E402

from verinet import MPQ, evaluate  # noqa: E402
from verinet.analysis import box_range, piecewise_linear_form  # noqa: E402
from verinet.calculus import affine_network, pre_affine, sum_networks  # noqa: E402
from verinet.constructions._layers import chain  # noqa: E402
from verinet.constructions.extremes import _spiky_mean_layers, mid_repair_of_step  # noqa: E402
from verinet.interpret.metrics import size_metrics  # noqa: E402
from verinet.numbers import as_rational  # noqa: E402


def good_intervals(K, delta):
    """[0, 1] minus the open trifling intervals (k/K - delta, k/K)."""
    ends = [MPQ(0)] + [MPQ(k, K) for k in range(1, K)]
    return [(a, (MPQ(k + 1, K) - delta) if k < K - 1 else MPQ(1)) for k, a in enumerate(ends)]


def sup_abs_minus_mean(net, d):
    """Exact sup over [0, 1]^d of |net(x) - mean(x)| (net - mean is piecewise linear)."""
    diff = sum_networks(net, affine_network([[MPQ(-1, d)] * d]))
    if d == 1:
        (form,) = piecewise_linear_form(diff, 0, 1)
        return max(abs(v) for v in form.values)
    r = box_range(diff, [(0, 1)] * d)
    return max(abs(r.minimum), abs(r.maximum))


def prove(K: int, delta, d: int) -> Report:
    delta = as_rational(delta, "delta")
    c = mid_repair_of_step(K, delta, d)
    bound = c.claims["sup_error"]
    report = Report(f"|phi_{d} - f| <= eps + d omega_f(delta) <= {bound} on [0, 1]^{d} (K = {K}, delta = {delta})")
    g = chain(_spiky_mean_layers(K, delta, d), name="g")
    # Step 1: the hypothesis, coordinate by coordinate.
    g1 = pre_affine(g, [[1]] + [[0]] * (d - 1))
    (form,) = piecewise_linear_form(g1, 0, 1)
    report.check("g_1(0) == 0", evaluate(g1, [[0]])[0][0] == 0)
    worst = MPQ(0)
    for a, b in good_intervals(K, delta):
        inside = [t for t in form.breakpoints if a < t < b]
        points = [a, b] + inside
        vals = [y for (y,) in evaluate(g1, [[t] for t in points])]
        worst = max([worst] + [abs(v - t / d) for t, v in zip(points, vals)])
    eps = d * worst
    report.check("eps := sup_{off Omega} |g - f| <= 1/K", eps <= MPQ(1, K), f"eps = {eps}")
    # Step 2: g alone is wrong on the trifling region.
    g_error = sup_abs_minus_mean(g, d)
    report.check("g violates the bound on Omega (the repair matters)", g_error > bound, f"sup |g - f| = {g_error}")
    # Step 3: the repaired network, exact sup over the whole cube.
    phi_error = sup_abs_minus_mean(c.network, d)
    report.check("sup |phi_d - f| <= eps + d delta", phi_error <= eps + d * delta, f"sup = {phi_error}")
    report.check("eps + d delta <= claimed 1/K + d delta", eps + d * delta <= bound)
    metrics = size_metrics(c.network)
    N = 5 * d * (K - 1)
    report.check("depth == L + 2d", metrics["depth"] == c.claims["depth"] == 1 + 2 * d)
    report.check("width <= 3^d (N + 4)", metrics["width"] <= c.claims["width"] == 3**d * (N + 4),
                 f"{metrics['width']} <= {c.claims['width']}")
    return report


def main(argv=None):
    parser = argparse.ArgumentParser(description="Lemmas 3.3/3.4 mid repair, checked exactly on an instance")
    parser.add_argument("--K", type=int, default=4)
    parser.add_argument("--delta", default="1/12")
    parser.add_argument("--d", type=int, default=1)
    args = parser.parse_args(argv)
    report = prove(args.K, args.delta, args.d)
    report.print()
    return 0 if report.verdict else 1


if __name__ == "__main__":
    sys.exit(main())
