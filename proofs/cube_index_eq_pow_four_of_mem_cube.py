# Theorem (Shen-Yang-Zhang 2022, proof of Thm. A.1, Step 2, eq. (9))
#   Let K >= 2, d >= 1, delta in (0, 1/K).  The step function
#     g(x) = sum_{k=1}^{K-1} (relu(x - k/K + delta) - relu(x - k/K)) / delta
#   equals k on [k/K, (k+1)/K - delta] (k < K - 1) and K - 1 on [(K-1)/K, 1]; the index map
#   rho(y) = 1 + sum_i y_i K^(i-1) is a bijection {0..K-1}^d -> {1..K^d}; the power map
#     h(y) = 4 + 12 relu(y - 1) + sum_{j=2}^{J-1} 9 4^(j-1) relu(y - j)
#   satisfies h(j) = 4^j for j = 1..J and h >= 4; hence phi_1(x) = h(rho(g(x_1), ..., g(x_d)))
#   equals 4^rho(beta) on every cube Q_beta = prod_i [beta_i/K, (beta_i+1)/K - delta 1_{beta_i < K-1}].
#
# ## Network
#   verinet.constructions.step: step_function(K, delta), index_map(K, d), power_map(J),
#   cube_index(K, d, delta) (`verinet build step|index-map|power-map|cube-index`).
#
# ## What is checked
#   1. g: its exact 1-D form on [0, 1] has no breakpoint inside a good interval and the value
#      k at both of its ends, so g == k on the whole interval (linear there).
#   2. rho: exact images of all K^d multi-indices are 1..K^d, each once.
#   3. h: its exact 1-D form on [1, J] has breakpoints 1..J with values 4^j; h is constant 4
#      left of 1 (all units off) and increasing right of J, so h >= 4 on R.
#   4. phi_1: on every cube Q_beta the box analysis (verinet.analysis.constant_on_box, an exact
#      region search) proves phi_1 constant, with value 4^rho(beta).
#   5. sizes: widths [2d(K-1)] for g, J - 1 for h, [2d(K-1), K^d - 1] for phi_1; the parameter
#      count of the folded layered form against the paper's 11 K^d + 2 is reported (the paper
#      keeps rho as a layer of its own; folded, K = 3, d = 2 needs 105 > 101).
#
# ## What is not checked
#   * points of the sliver x_i in (1 - delta, 1] are covered (the cube for beta_i = K - 1
#     reaches 1) but points of Omega are not claimed.
#
# ## References
#   Shen, Yang, Zhang, ICML 2022, proof of Thm. A.1, Step 2; spec intrinsic_parameters.md
#   section 4 (explicit formulas [R]).

import argparse
import itertools
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _report import Report  # noqa: E402

from verinet import MPQ, evaluate  # noqa: E402
from verinet.analysis import constant_on_box, piecewise_linear_form  # noqa: E402
from verinet.constructions.step import cube_index, index_map, power_map, step_function  # noqa: E402
from verinet.interpret.metrics import size_metrics  # noqa: E402
from verinet.numbers import as_rational  # noqa: E402


def prove(K: int, d: int, delta) -> Report:
    delta = as_rational(delta, "delta")
    report = Report(f"phi_1 = 4^rho(beta) on every cube Q_beta (K = {K}, d = {d}, delta = {delta})")
    # Step 1: the step function on its good intervals.
    step = step_function(K, delta)
    (form,) = piecewise_linear_form(step.network, 0, 1)
    pieces = [(MPQ(k, K), MPQ(k + 1, K) - delta if k < K - 1 else MPQ(1), k) for k in range(K)]
    exact = all(
        not any(a < t < b for t in form.breakpoints)
        and [y for (y,) in evaluate(step.network, [[a], [b]])] == [k, k]
        for a, b, k in pieces
    )
    report.check("g == k on [k/K, (k+1)/K - delta] and K-1 on [(K-1)/K, 1]", exact)
    report.check("g: width 2(K-1), depth 1, largest weight 1/delta",
                 (size_metrics(step.network)["width"], size_metrics(step.network)["depth"],
                  size_metrics(step.network)["max_abs_parameter"]) == (2 * (K - 1), 1, 1 / delta))
    # Step 2: the index map is a bijection onto 1..K^d.
    betas = list(itertools.product(range(K), repeat=d))
    images = [y for (y,) in evaluate(index_map(K, d).network, [list(b) for b in betas])]
    report.check("rho: {0..K-1}^d -> {1..K^d} bijective", sorted(images) == list(range(1, K**d + 1)))
    # Step 3: the power map interpolates (j, 4^j).
    J = K**d
    if J >= 2:
        power = power_map(J)
        (pform,) = piecewise_linear_form(power.network, 1, J)
        report.check("h(j) == 4^j, breakpoints exactly 1..J",
                     pform.breakpoints == tuple(range(1, J + 1)) and pform.values == tuple(4**j for j in range(1, J + 1)))
        report.check("h == 4 left of 1 (so h >= 4 on R)",
                     [y for (y,) in evaluate(power.network, [[-10**6], [0], [1]])] == [4, 4, 4])
    # Step 4: phi_1 is constant on every cube, with the value 4^rho(beta).
    c = cube_index(K, d, delta)
    wrong = []
    for beta in betas:
        cube = [(MPQ(b, K), MPQ(b + 1, K) - (delta if b < K - 1 else 0)) for b in beta]
        result = constant_on_box(c.network, cube)
        rho = 1 + sum(b * K**i for i, b in enumerate(beta))
        if not (result.constant and result.value == 4**rho):
            wrong.append(beta)
    report.check("phi_1 constant == 4^rho(beta) on every Q_beta (exact box analysis)", not wrong,
                 f"{len(betas)} cubes" + (f"; wrong on {wrong[:3]}" if wrong else ""))
    metrics = size_metrics(c.network)
    W = 2 * d * (K - 1)
    report.check("phi_1 hidden widths [2d(K-1), K^d - 1]", metrics["hidden_widths"] == [W, K**d - 1])
    folded = W * (d + 1) + (K**d - 1) * (W + 1) + K**d
    report.check("folded parameter count == W(d+1) + (K^d-1)(W+1) + K^d", metrics["parameters"] == folded,
                 f"{folded} vs the paper's 11 K^d + 2 = {11 * K**d + 2} (rho kept as its own layer)")
    return report


def main(argv=None):
    parser = argparse.ArgumentParser(description="Step 2 of Thm. A.1 (step, index and power maps), checked exactly")
    parser.add_argument("--K", type=int, default=4)
    parser.add_argument("--d", type=int, default=2)
    parser.add_argument("--delta", default="1/16")
    args = parser.parse_args(argv)
    report = prove(args.K, args.d, args.delta)
    report.print()
    return 0 if report.verdict else 1


if __name__ == "__main__":
    sys.exit(main())
