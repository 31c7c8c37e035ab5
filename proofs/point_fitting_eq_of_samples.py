# Theorem (Lu-Shen-Yang-Zhang 2021, Lemma 5.4 = Shen-Yang-Zhang 2019, Lemma 2.2; Lemma 5.5;
#          Prop. 4.3 for d >= 2)
#   For samples x_0 < ... < x_{m(n+1)} with y_i >= 0 there is a network of widthvec
#   [2m, 2n + 1] with (i) phi(x_i) = y_i, (ii) phi linear on [x_{i-1}, x_i] for i not a multiple
#   of n + 1, (iii) sup_{[x_0, x_{m(n+1)}]} |phi| <= 3 max y prod_k (1 + spread_k / gap_k).
#   Lemma 5.5: widthvec [N, NL] fits in width 2N + 2, depth L + 1.  Prop. 4.3 (d >= 2): with
#   K = floor(N^(1/d))^2 floor(L^(2/d)) and delta <= 1/(3K) the fitted step function is k on
#   [k/K, (k+1)/K - delta 1_{k <= K-2}], width 4 floor(N^(1/d)) + 3, depth 4L + 5.
#
# ## Network
#   verinet.constructions.fitting.point_fitting, deepen_layers, fitted_step
#   (`verinet build point-fitting|fitted-step`).
#
# ## What is checked
#   1. (i) by exact evaluation at every sample; (ii) from the exact 1-D form (no breakpoint
#      strictly inside a linear interval); (iii) the exact sup of |phi| over [x_0, x_end]
#      (a piecewise-linear function's sup is at a breakpoint) against the bound.
#   2. Lemma 5.5: the deep network has the same exact 1-D form as the shallow one on
#      [x_0 - 1, x_end + 1], depth L + 1 and width <= 2N + 2.
#   3. Prop. 4.3: the fitted step network's exact 1-D form has no breakpoint inside any good
#      interval and the value k at both ends; width and depth against the claim.
#
# ## What is not checked
#   * the papers give no bound on the second-layer weights; they are reported (detail lines).
#   * Prop. 4.3 for d = 1 (a two-level composition of two fits) is not built.
#
# ## References
#   Lu, Shen, Yang, Zhang, SIAM J. Math. Anal. 53 (2021), Lemmas 5.4, 5.5, Prop. 4.3; Shen,
#   Yang, Zhang, Neural Networks 119 (2019), Lemma 2.2; spec smooth_and_growth.md 1.7, 2.10.

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _report import Report  # noqa: E402

from verinet import MPQ, evaluate  # noqa: E402
from verinet.analysis import piecewise_linear_form  # noqa: E402
from verinet.constructions._layers import chain  # noqa: E402
from verinet.constructions.fitting import (  # noqa: E402
    deepen_layers,
    fitted_step,
    integer_root,
    point_fitting,
    point_fitting_layers,
)
from verinet.interpret.metrics import size_metrics  # noqa: E402


def random_samples(rng, m, n):
    pool = sorted({MPQ(rng.randint(-60, 60), rng.randint(1, 7)) for _ in range(4 * m * (n + 1) + 8)})
    xs = sorted(rng.sample(pool, m * (n + 1) + 1))
    return xs, [MPQ(rng.randint(0, 9), rng.randint(1, 3)) for _ in xs]


def prove(m: int, n: int, N: int, L: int, d: int, seed: int = 0) -> Report:
    report = Report(f"Lemma 5.4 (m = {m}, n = {n}), Lemma 5.5, Prop. 4.3 (N = {N}, L = {L}, d = {d})")
    xs, ys = random_samples(random.Random(seed), m, n)
    c = point_fitting(xs, ys, m, n)
    report.check("(i) phi(x_i) == y_i", [y for (y,) in evaluate(c.network, [[x] for x in xs])] == ys)
    (form,) = piecewise_linear_form(c.network, xs[0], xs[-1])
    report.check("(ii) linear on [x_{i-1}, x_i], i not a multiple of n+1",
                 not any(a < t < b for a, b in c.claims["linear_on"] for t in form.breakpoints))
    sup = max(abs(v) for v in form.values)
    report.check("(iii) sup |phi| <= 3 max y prod(1 + spread/gap)", sup <= c.claims["sup_abs"],
                 f"{sup} <= {c.claims['sup_abs']}")
    metrics = size_metrics(c.network)
    report.check("widthvec [2m, 2n+1]", metrics["hidden_widths"] == [2 * m, 2 * n + 1],
                 f"largest parameter {metrics['max_abs_parameter']} (no bound in the papers)")
    # Lemma 5.5 with N' = 2m first-layer units and L' = ceil((2n+1)/(2m)) blocks.
    blocks = -(-(2 * n + 1) // (2 * m))
    deep = chain(deepen_layers(point_fitting_layers(xs, ys, m, n), 2 * m, blocks))
    (deep_form,) = piecewise_linear_form(deep, xs[0] - 1, xs[-1] + 1)
    (wide_form,) = piecewise_linear_form(c.network, xs[0] - 1, xs[-1] + 1)
    report.check("Lemma 5.5: same function (exact 1-D forms agree)",
                 (deep_form.breakpoints, deep_form.values) == (wide_form.breakpoints, wide_form.values))
    dm = size_metrics(deep)
    report.check("Lemma 5.5: depth L' + 1, width <= 2N' + 2", dm["depth"] == blocks + 1 and dm["width"] <= 4 * m + 2,
                 f"L' = {blocks}, width {dm['width']}")
    # Prop. 4.3, d >= 2.
    K = integer_root(N, d) ** 2 * integer_root(L * L, d)
    s = fitted_step(N, L, d, MPQ(1, 3 * K))
    (sform,) = piecewise_linear_form(s.network, 0, 1)
    pieces = s.claims["pieces"]
    ends = [y for (y,) in evaluate(s.network, [[t] for a, b, _ in pieces for t in (a, b)])]
    report.check("Prop. 4.3: phi == k on every good interval",
                 ends == [k for _, _, k in pieces for _ in range(2)]
                 and not any(a < t < b for a, b, _ in pieces for t in sform.breakpoints), f"K = {s.claims['K']}")
    sm = size_metrics(s.network)
    report.check("Prop. 4.3: width <= 4 floor(N^(1/d)) + 3, depth <= 4L + 5",
                 sm["width"] <= s.claims["width"] and sm["depth"] <= s.claims["depth"],
                 f"width {sm['width']}, depth {sm['depth']}, largest parameter {sm['max_abs_parameter']}")
    return report


def main(argv=None):
    parser = argparse.ArgumentParser(description="Lemma 5.4/5.5 point fitting and Prop. 4.3, checked exactly")
    parser.add_argument("--m", type=int, default=3)
    parser.add_argument("--n", type=int, default=4)
    parser.add_argument("--N", type=int, default=9)
    parser.add_argument("--L", type=int, default=2)
    parser.add_argument("--d", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    report = prove(args.m, args.n, args.N, args.L, args.d, args.seed)
    report.print()
    return 0 if report.verdict else 1


if __name__ == "__main__":
    sys.exit(main())
