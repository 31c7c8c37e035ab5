# Theorem (Lu-Shen-Yang-Zhang 2021, Lemma 5.3 and Prop. 4.1; the sum is [D])
#   For N, L >= 1 and k >= 2 the k-fold product network phi_{k-1} (phi_1 = Lemma 4.2 with
#   N + 1, depth 7kL on [-1/10, 11/10]; phi_{i+1} = phi_1(phi_i, relu(x_{i+2}))) satisfies
#   |phi_{k-1} - x_1 ... x_k| <= 9(k - 1)(N + 1)^(-7kL) on [0, 1]^k; padding with ones gives
#   every x^alpha with |alpha| <= k (Prop. 4.1: error <= 9k(N + 1)^(-7kL)), and a polynomial
#   p = c_0 + sum c_alpha x^alpha is approximated within sum |c_alpha| 9k(N + 1)^(-7kL).
#
# ## Network
#   verinet.constructions.product.product_many, verinet.constructions.polynomials.polynomial
#   (`verinet build polynomial --coefficients ... --N N --L L`).
#
# ## What is checked
#   1. The square S inside phi_1: its exact 1-D form interpolates t^2 at its breakpoints, so
#      0 <= S - t^2 <= eps_S := max (piece length / 2)^2 (exact).
#   2. Lemma 4.2 on [a, b] = [-1/10, 11/10]: |phi_1 - xy| <= 4 (b - a)^2 eps_S =: eps, and
#      eps <= 6 (6/5)^2 (N + 1)^(-7kL) <= 9 (N + 1)^(-7kL).
#   3. Lemma 5.3's induction: with e_i := sup |phi_i - x_1..x_{i+1}|, e_{i+1} <= eps + e_i
#      (|x| <= 1), valid while phi_i stays in [-1/10, 11/10], i.e. i eps <= 1/10; so
#      e_{k-1} <= (k - 1) eps <= 9(k - 1)(N + 1)^(-7kL) <= 9k(N + 1)^(-7kL).
#   4. The polynomial bound sum |c_alpha| (k - 1) eps <= the claim (triangle inequality).
#   5. For d = 1 and k = 2, the exact sup error of the whole polynomial network on [0, 1]
#      (verinet.analysis.sup_error on its 1-D form; the target is a polynomial, so the
#      maximiser is a breakpoint or a root of the derivative) is <= the claim.
#   6. Depth 7kL(k - 1) <= 7k^2 L; width <= T (9(N + 1) + k - 1).
#
# ## What is not checked
#   * step 5 for k >= 3: the 1-D form has ~4 million pieces at k = 3, N = L = 1 (8 min);
#     steps 1-4 prove the bound for every k from exactly computed eps.
#
# ## References
#   Lu, Shen, Yang, Zhang, SIAM J. Math. Anal. 53 (2021), Lemmas 4.2, 5.1-5.3, Prop. 4.1;
#   spec smooth_and_growth.md 1.6.

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _report import Report  # noqa: E402

from verinet import MPQ  # noqa: E402
from verinet.analysis import piecewise_linear_form, sup_error  # noqa: E402
from verinet.constructions.polynomials import univariate_polynomial  # noqa: E402
from verinet.constructions.product import square  # noqa: E402
from verinet.interpret.metrics import size_metrics  # noqa: E402
from verinet.numbers import parse_vector  # noqa: E402


def prove(coefficients, N: int, L: int, exact_limit: int = 2) -> Report:
    c = univariate_polynomial(coefficients, N, L)
    k = c.claims["degree"]
    bound = c.claims["sup_error"]
    report = Report(f"|phi - p| <= sum |c_i| 9k(N+1)^(-7kL) = {bound} on [0, 1] (k = {k}, N = {N}, L = {L})")
    if k < 2:
        report.check("degree <= 1: the network is the affine map itself (error 0)", bound == 0)
        return report
    D = 7 * k * L
    # Step 1: the square inside the product block.
    (form,) = piecewise_linear_form(square(N + 1, D).network, 0, 1)
    report.check("S interpolates t^2 at its breakpoints", all(v == t * t for t, v in zip(form.breakpoints, form.values)))
    eps_S = max(((t1 - t0) / 2) ** 2 for t0, t1 in zip(form.breakpoints, form.breakpoints[1:]))
    # Step 2: Lemma 4.2 on [-1/10, 11/10].
    width2 = MPQ(6, 5) ** 2
    eps = 4 * width2 * eps_S
    report.check("eps = 4 (6/5)^2 eps_S <= 6 (6/5)^2 (N+1)^(-7kL) <= 9 (N+1)^(-7kL)",
                 eps <= 6 * width2 / MPQ(N + 1) ** D <= MPQ(9, (N + 1) ** D), f"eps = {eps}")
    # Step 3: the induction stays inside [-1/10, 11/10].
    report.check("(k - 2) eps <= 1/10 (phi_i stays in the product's box)", (k - 2) * eps <= MPQ(1, 10))
    report.check("(k - 1) eps <= 9k (N+1)^(-7kL)", (k - 1) * eps <= MPQ(9 * k, (N + 1) ** D))
    # Step 4: the sum.
    total = sum((abs(v) for v in c.parameters["terms"].values()), MPQ(0)) - abs(c.parameters["terms"][(0,)])
    report.check("sum |c_i| (k - 1) eps <= claim", total * (k - 1) * eps <= bound, f"{total * (k - 1) * eps}")
    # Step 5: the exact sup error of the whole network.
    if k <= exact_limit:
        (pform,) = piecewise_linear_form(c.network, 0, 1)
        target = " + ".join(f"({v})*x**{i}" for (i,), v in c.parameters["terms"].items())
        result = sup_error(pform, target)
        report.check("exact sup |phi - p| on [0, 1] <= claim", result.exact and result.value <= bound,
                     f"{result.value} at x = {result.witness} ({pform.pieces} pieces)")
    metrics = size_metrics(c.network)
    report.check("depth 7kL(k-1) <= 7k^2 L", metrics["depth"] == D * (k - 1) <= c.claims["depth"])
    report.check("width <= T (9(N+1) + k - 1)", metrics["width"] <= c.claims["width"],
                 f"{metrics['width']} <= {c.claims['width']}")
    return report


def main(argv=None):
    parser = argparse.ArgumentParser(description="Prop. 4.1 polynomials, error bound checked exactly")
    parser.add_argument("--coefficients", default="1,-2,3", help="c_0,c_1,...,c_k")
    parser.add_argument("--N", type=int, default=1)
    parser.add_argument("--L", type=int, default=1)
    parser.add_argument("--exact-limit", type=int, default=2, help="largest degree for the whole-network exact sup")
    args = parser.parse_args(argv)
    report = prove(parse_vector(args.coefficients), args.N, args.L, args.exact_limit)
    report.print()
    return 0 if report.verdict else 1


if __name__ == "__main__":
    sys.exit(main())
