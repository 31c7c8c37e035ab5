"""Theorem (Lu-Shen-Yang-Zhang 2021, Lemma 5.4 = Shen-Yang-Zhang 2019, Lemma 2.2; Lemma 5.5;
         Prop. 4.3 for d >= 2)
  For samples x_0 < ... < x_{m(n+1)} with y_i >= 0 there is a network of widthvec
  [2m, 2n + 1] with (i) phi(x_i) = y_i, (ii) phi linear on [x_{i-1}, x_i] for i not a multiple
  of n + 1, (iii) sup_{[x_0, x_{m(n+1)}]} |phi| <= 3 max y prod_k (1 + spread_k / gap_k).
  Lemma 5.5: widthvec [N, NL] fits in width 2N + 2, depth L + 1.  Prop. 4.3 (d >= 2): with
  K = floor(N^(1/d))^2 floor(L^(2/d)) and delta <= 1/(3K) the fitted step function is k on
  [k/K, (k+1)/K - delta 1_{k <= K-2}], width 4 floor(N^(1/d)) + 3, depth 4L + 5.

Network
  verinet.constructions.fitting.point_fitting, deepen_layers, fitted_step
  (`verinet build point-fitting|fitted-step`).

What is checked (exactly)
  1. (i) by exact evaluation at every sample; (ii) from the exact 1-D form (no breakpoint
     strictly inside a linear interval); (iii) the exact sup of |phi| over [x_0, x_end]
     (a piecewise-linear function's sup is at a breakpoint) against the bound.
  2. Lemma 5.5: the deep network has the same exact 1-D form as the shallow one on
     [x_0 - 1, x_end + 1], depth L + 1 and width <= 2N + 2.
  3. Prop. 4.3: the fitted step network's exact 1-D form has no breakpoint inside any good
     interval and the value k at both ends; width and depth against the claim.

What is not checked
  * the papers give no bound on the second-layer weights; they are reported (detail lines).
  * Prop. 4.3 for d = 1 (a two-level composition of two fits) is not built.

References
  Lu, Shen, Yang, Zhang, SIAM J. Math. Anal. 53 (2021), Lemmas 5.4, 5.5, Prop. 4.3; Shen,
  Yang, Zhang, Neural Networks 119 (2019), Lemma 2.2; spec smooth_and_growth.md 1.7, 2.10.
"""

import random
import sys

from verinet import MPQ
from verinet.analysis import piecewise_linear_form
from verinet.claims.certificate import Certificate, compare_eq, compare_le
from verinet.claims.finite import equal_on_points, values_equal
from verinet.claims.sizes import size_table
from verinet.claims.theorem import Param, Theorem, integer
from verinet.constructions._layers import chain
from verinet.constructions.fitting import (
    deepen_layers,
    fitted_step,
    fitting_sup_bound,
    integer_root,
    point_fitting,
    point_fitting_layers,
)
from verinet.interpret.metrics import size_metrics

from proofs._theorem import entry_points
from proofs.lemmas._steps import breakpoints_inside, counted, equals_on_intervals, sized, step_intervals

REFERENCE = "Lu-Shen-Yang-Zhang 2021, Lemmas 5.4, 5.5 and Prop. 4.3"
STATEMENT = ("Samples x_0 < ... < x_{m(n+1)}, y_i >= 0 are fitted by a network of widthvec [2m, 2n + 1], linear on "
             "[x_{i-1}, x_i] for (n + 1) not dividing i, with sup |phi| <= 3 max y prod_k (1 + spread_k/gap_k); "
             "widthvec [N, NL] fits in width 2N + 2, depth L + 1 (Lemma 5.5); for d >= 2 the fitted step "
             "function equals k on [k/K, (k+1)/K - delta 1_{k <= K-2}] with width 4 floor(N^(1/d)) + 3, depth "
             "4L + 5 (Prop. 4.3).")


def random_samples(rng, m: int, n: int) -> tuple:
    """``m(n + 1) + 1`` increasing rationals ``p/q`` (``|p| <= 60``, ``q <= 7``) and values ``y >= 0``."""
    pool = sorted({MPQ(rng.randint(-60, 60), rng.randint(1, 7)) for _ in range(4 * m * (n + 1) + 8)})
    xs = sorted(rng.sample(pool, m * (n + 1) + 1))
    return xs, [MPQ(rng.randint(0, 9), rng.randint(1, 3)) for _ in xs]


def fitting_checks(xs, ys, m: int, n: int, network) -> list:
    """Lemma 5.4 (i)-(iii) and the widthvec for the fit of ``(xs, ys)``."""
    _, fits = equal_on_points(network, [[x] for x in xs], ys, "fit_eq_samples", "(i) phi(x_i) = y_i",
                              witness=lambda i: {"i": i})
    (form,) = piecewise_linear_form(network, xs[0], xs[-1])
    linear = [(xs[i - 1], xs[i]) for i in range(1, m * (n + 1) + 1) if i % (n + 1)]
    sup, x = max((abs(v), t) for t, v in zip(form.breakpoints, form.values))
    metrics = size_metrics(network)
    return [
        fits,
        counted("fit_linear_between_samples", "(ii) no breakpoint inside [x_{i-1}, x_i] for (n + 1) not dividing i "
                "(intervals where it holds, of all)", linear, lambda ab: not breakpoints_inside(form, [ab])),
        compare_le("fit_sup_le_bound", "(iii) sup |phi| on [x_0, x_end] <= 3 max y prod_k (1 + spread_k / gap_k)",
                   sup, fitting_sup_bound(xs, ys, m, n), {"x": x}),
        sized(compare_eq("fit_widthvec", "widthvec [2m, 2n + 1]", metrics["hidden_widths"], [2 * m, 2 * n + 1],
                   detail={"max_abs_parameter": metrics["max_abs_parameter"]}), network, "hidden_widths"),
    ]


def deepening_checks(xs, ys, m: int, n: int, network) -> tuple:
    """Lemma 5.5 with ``N' = 2m`` first-layer units and ``L' = ceil((2n+1)/(2m))`` blocks: ``(deep, checks)``."""
    blocks = -(-(2 * n + 1) // (2 * m))
    deep = chain(deepen_layers(point_fitting_layers(xs, ys, m, n), 2 * m, blocks), name="deep")
    (deep_form,) = piecewise_linear_form(deep, xs[0] - 1, xs[-1] + 1)
    (wide_form,) = piecewise_linear_form(network, xs[0] - 1, xs[-1] + 1)
    metrics = size_metrics(deep)
    return deep, [
        values_equal("deep_breakpoints_eq", "Lemma 5.5: the deep and the shallow network have the same breakpoints "
                     "on [x_0 - 1, x_end + 1]", deep_form.breakpoints, wide_form.breakpoints),
        values_equal("deep_values_eq", "Lemma 5.5: ... and the same values there", deep_form.values,
                     wide_form.values, witness=lambda i: {"t": deep_form.breakpoints[i]}),
        sized(compare_eq("deep_depth_eq", "Lemma 5.5: depth L' + 1, L' = ceil((2n + 1)/(2m))", metrics["depth"],
                   blocks + 1), deep, "depth"),
        sized(compare_le("deep_width_le", "Lemma 5.5: width <= 2N' + 2, N' = 2m", metrics["width"], 4 * m + 2),
               deep, "width"),
    ]


def step_checks(N: int, L: int, d: int) -> tuple:
    """Prop. 4.3 (``d >= 2``) with ``delta = 1/(3K)``: ``(network, checks)``."""
    K = integer_root(N, d) ** 2 * integer_root(L * L, d)
    delta = MPQ(1, 3 * K)
    s = fitted_step(N, L, d, delta)
    (form,) = piecewise_linear_form(s.network, 0, 1)
    metrics = size_metrics(s.network)
    return s.network, [
        equals_on_intervals("step_eq_k_on_intervals", f"Prop. 4.3: phi = k on [k/K, (k+1)/K - delta 1_(k <= K-2)], "
                            f"K = {K} (intervals shown, of K)", s.network, form, step_intervals(K, delta)),
        sized(compare_le("step_width_le", "Prop. 4.3: width <= 4 floor(N^(1/d)) + 3", metrics["width"],
                   4 * integer_root(N, d) + 3), s.network, "width"),
        sized(compare_le("step_depth_le", "Prop. 4.3: depth <= 4L + 5", metrics["depth"], 4 * L + 5,
                   detail={"max_abs_parameter": metrics["max_abs_parameter"]}), s.network, "depth"),
    ]


def verify(m: int, n: int, N: int, L: int, d: int, seed: int) -> Certificate:
    """Check Lemmas 5.4, 5.5 on pseudo-random samples and Prop. 4.3 for ``(N, L, d)``; the certificate."""
    xs, ys = random_samples(random.Random(seed), m, n)
    fit = point_fitting(xs, ys, m, n).network
    deep, deep_checks = deepening_checks(xs, ys, m, n, fit)
    step, stepped = step_checks(N, L, d)
    cert = Certificate(REFERENCE, STATEMENT, {"m": m, "n": n, "N": N, "L": L, "d": d, "seed": seed},
                       sizes=size_table({"fit": fit, "deep": deep, "step": step}))
    cert.checks = fitting_checks(xs, ys, m, n, fit) + deep_checks + stepped
    cert.not_checked = ["The papers give no bound on the second-layer weights; the largest is reported.",
                        "Prop. 4.3 for d = 1 (a two-level composition of two fits) is not built."]
    return cert


THEOREM = Theorem(
    name="point-fitting-eq-of-samples", reference=REFERENCE, statement=STATEMENT,
    summary="Lemmas 5.4/5.5: fit m(n+1)+1 samples with widthvec [2m, 2n+1], deepen it; Prop. 4.3 step function",
    parameters={"m": Param(integer("m", 1, 16), 3, "Lemma 5.4's m: m(n + 1) + 1 samples"),
                "n": Param(integer("n", 1, 16), 4, "Lemma 5.4's n"),
                "N": Param(integer("N", 1, 256), 9, "Prop. 4.3's width parameter N"),
                "L": Param(integer("L", 1, 16), 2, "Prop. 4.3's depth parameter L"),
                "d": Param(integer("d", 2, 8), 2, "Prop. 4.3's dimension d >= 2, sets K"),
                "seed": Param(integer("seed", 0), 0, "seed of the pseudo-random samples")},
    run=verify,
)
PARAMETERS = THEOREM.parameters


prove, main = entry_points(THEOREM)


if __name__ == "__main__":
    sys.exit(main())
