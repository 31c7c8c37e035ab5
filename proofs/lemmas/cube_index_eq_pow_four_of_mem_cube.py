"""Theorem (Shen-Yang-Zhang 2022, proof of Thm. A.1, Step 2, eq. (9))
  Let K >= 2, d >= 1, delta in (0, 1/K).  The step function
    g(x) = sum_{k=1}^{K-1} (relu(x - k/K + delta) - relu(x - k/K)) / delta
  equals k on [k/K, (k+1)/K - delta] (k < K - 1) and K - 1 on [(K-1)/K, 1]; the index map
  rho(y) = 1 + sum_i y_i K^(i-1) is a bijection {0..K-1}^d -> {1..K^d}; the power map
    h(y) = 4 + 12 relu(y - 1) + sum_{j=2}^{J-1} 9 4^(j-1) relu(y - j)
  satisfies h(j) = 4^j for j = 1..J and h >= 4; hence phi_1(x) = h(rho(g(x_1), ..., g(x_d)))
  equals 4^rho(beta) on every cube Q_beta = prod_i [beta_i/K, (beta_i+1)/K - delta 1_{beta_i < K-1}].

Network
  verinet.constructions.step: step_function(K, delta), index_map(K, d), power_map(J),
  cube_index(K, d, delta) (`verinet build step|index-map|power-map|cube-index`).

What is checked (exactly)
  1. g: its exact 1-D form on [0, 1] has no breakpoint inside a good interval and the value
     k at both of its ends, so g == k on the whole interval (linear there).
  2. rho: exact images of all K^d multi-indices are 1..K^d, each once.
  3. h: its exact 1-D form on [1, J] has breakpoints 1..J with values 4^j; h is constant 4
     left of 1 (all units off; evaluated at -10^6, 0, 1), so h >= 4 on R.
  4. phi_1: on every cube Q_beta the box analysis (verinet.analysis.constant_on_box, an exact
     region search) proves phi_1 constant, with value 4^rho(beta).
  5. sizes: widths [2d(K-1)] for g, J - 1 for h, [2d(K-1), K^d - 1] for phi_1; the parameter
     count of the folded layered form against the paper's 11 K^d + 2 is reported (the paper
     keeps rho as a layer of its own; folded, K = 3, d = 2 needs 105 > 101).

What is not checked
  * points of the sliver x_i in (1 - delta, 1] are covered (the cube for beta_i = K - 1
    reaches 1) but points of Omega are not claimed.
  * K^d > 256 cubes: refused as too long (one region search per cube).

References
  Shen, Yang, Zhang, ICML 2022, proof of Thm. A.1, Step 2; spec intrinsic_parameters.md
  section 4 (explicit formulas [R]).
"""

import itertools
import sys

from verinet import evaluate
from verinet.analysis import constant_on_box, piecewise_linear_form
from verinet.claims.certificate import Certificate, Check, compare_eq
from verinet.claims.finite import equal_on_points, values_equal
from verinet.claims.sizes import size_table
from verinet.claims.theorem import Param, Theorem, exact, integer
from verinet.constructions.step import cube_index, index_map, power_map, step_function
from verinet.interpret.metrics import size_metrics

from proofs._theorem import entry_points
from proofs.lemmas._steps import equals_on_intervals, require_at_most, sized, step_intervals

REFERENCE = "Shen-Yang-Zhang 2022, proof of Thm. A.1, Step 2, eq. (9)"
STATEMENT = ("For K >= 2, d >= 1, delta in (0, 1/K): the step function g equals k on [k/K, (k+1)/K - delta] "
             "(K - 1 on [(K-1)/K, 1]), rho(y) = 1 + sum_i y_i K^(i-1) is a bijection {0..K-1}^d -> {1..K^d}, "
             "h(j) = 4^j with h >= 4, so phi_1 = h o rho o g equals 4^rho(beta) on every cube Q_beta.")

MAX_CUBES = 256  # K^d: K = 16, d = 2 takes about 9 seconds


def constant_on_cubes(network, K: int, d: int, delta) -> Check:
    """Step 4: ``phi_1`` is constant with value ``4^rho(beta)`` on every ``Q_beta`` (cubes where it is, of all)."""
    betas = list(itertools.product(range(K), repeat=d))
    axis = step_intervals(K, delta)
    wrong = []
    for beta in betas:
        result = constant_on_box(network, [axis[b][:2] for b in beta])
        rho = 1 + sum(b * K**i for i, b in enumerate(beta))
        if not (result.constant and result.value == 4**rho):
            wrong.append({"beta": list(beta), "value": result.value, "witnesses": result.witnesses})
    return Check("phi1_eq_pow_four_on_cubes", "phi_1 is constant = 4^rho(beta) on Q_beta (exact box analysis; "
                 "cubes where it is, of K^d)", len(betas) - len(wrong), len(betas), not wrong, "==",
                 wrong[0] if wrong else {})


def verify(K: int, d: int, delta) -> Certificate:
    """Check Step 2 of Theorem A.1 for one ``(K, d, delta)``; its certificate."""
    require_at_most("K^d", K**d, MAX_CUBES, "one exact region search per cube Q_beta")
    step, c = step_function(K, delta), cube_index(K, d, delta)
    delta = c.parameters["delta"]
    J = K**d
    power = power_map(J)
    cert = Certificate(REFERENCE, STATEMENT, {"K": K, "d": d, "delta": delta},
                       sizes=size_table({"g": step.network, "h": power.network, "phi_1": c.network}))
    # Step 1: the step function on its good intervals.
    (form,) = piecewise_linear_form(step.network, 0, 1)
    cert.checks.append(equals_on_intervals("g_eq_k_on_intervals", "g = k on [k/K, (k+1)/K - delta] and K - 1 on "
                                           "[(K-1)/K, 1] (intervals shown, of K)", step.network, form,
                                           step_intervals(K, delta)))
    metrics = size_metrics(step.network)
    cert.checks += [sized(compare_eq("g_width_eq", "g has width 2(K - 1)", metrics["width"], 2 * (K - 1)),
                           step.network, "width"),
                    sized(compare_eq("g_depth_eq", "g has depth 1", metrics["depth"], 1), step.network, "depth"),
                    sized(compare_eq("g_max_abs_parameter_eq", "g's largest |parameter| is 1/delta",
                               metrics["max_abs_parameter"], 1 / delta), step.network, "max_abs_parameter")]
    # Step 2: the index map is a bijection onto 1..K^d.
    betas = list(itertools.product(range(K), repeat=d))
    images = sorted(y for (y,) in evaluate(index_map(K, d).network, [list(b) for b in betas]))
    cert.checks.append(values_equal("rho_bijective", "rho maps {0..K-1}^d onto {1..K^d}, each value once (sorted "
                                    "images against 1..K^d)", images, list(range(1, J + 1))))
    # Step 3: the power map interpolates (j, 4^j) and is 4 left of 1.
    (pform,) = piecewise_linear_form(power.network, 1, J)
    cert.checks += [
        values_equal("h_breakpoints_eq", "the breakpoints of h on [1, J] are 1..J", pform.breakpoints,
                     list(range(1, J + 1))),
        values_equal("h_values_eq_pow_four", "h(j) = 4^j for j = 1..J", pform.values,
                     [4**j for j in range(1, J + 1)], witness=lambda i: {"j": i + 1}),
        equal_on_points(power.network, [[-10**6], [0], [1]], [4, 4, 4], "h_eq_four_left_of_one",
                        "h = 4 at -10^6, 0, 1 (all units off left of 1, so h >= 4 on R)")[1],
    ]
    # Step 4: phi_1 is constant on every cube, with the value 4^rho(beta).
    cert.checks.append(constant_on_cubes(c.network, K, d, delta))
    metrics = size_metrics(c.network)
    W = 2 * d * (K - 1)
    folded = W * (d + 1) + (K**d - 1) * (W + 1) + K**d
    cert.checks += [
        sized(compare_eq("phi1_widthvec", "phi_1 has widthvec [2d(K - 1), K^d - 1]", metrics["hidden_widths"],
                   [W, K**d - 1]), c.network, "hidden_widths"),
        sized(compare_eq("phi1_folded_parameters_eq", "#parameters of the folded layered form = W(d+1) + (K^d-1)(W+1) "
                   "+ K^d, W = 2d(K-1)", metrics["parameters"], folded, detail={"paper_count_11Kd_plus_2":
                                                                           11 * K**d + 2}), c.network, "parameters"),
    ]
    cert.not_checked = ["Points of the trifling region Omega (no claim is made there).",
                        "The paper's count 11 K^d + 2 keeps rho as a layer of its own; the folded count is checked."]
    return cert


THEOREM = Theorem(
    name="cube-index-eq-pow-four-of-mem-cube", reference=REFERENCE, statement=STATEMENT,
    summary="Thm. A.1 Step 2: phi_1 = h o rho o g equals 4^rho(beta) on every cube Q_beta",
    parameters={"K": Param(integer("K", 2, 64), 4, "cells per axis K, with K^d <= 256"),
                "d": Param(integer("d", 1, 8), 2, "dimension d"),
                "delta": Param(exact("delta"), "1/16", "ramp width delta in (0, 1/K), exact")},
    run=verify,
)
PARAMETERS = THEOREM.parameters


prove, main = entry_points(THEOREM)


if __name__ == "__main__":
    sys.exit(main())
