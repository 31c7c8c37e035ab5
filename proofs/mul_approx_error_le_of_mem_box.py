# Theorem (Lu-Shen-Yang-Zhang 2021, Lemma 4.2, with Lemmas 5.1 and 5.2)
#   For N, L >= 1 and a < b there is a ReLU network phi of width 9N + 1 and depth L with
#   |phi(x, y) - xy| <= 6 (b - a)^2 N^-L for all (x, y) in [a, b]^2.
#
# ## Network
#   verinet.constructions.product.product(N, L, a, b) (`verinet build product ...`):
#   phi(x, y) = (b-a)^2 psi(X, Y) + a relu(x + y + 2|a|) - a^2 - 2a|a|, X = (x-a)/(b-a),
#   psi(X, Y) = 2 (S((X+Y)/2) - S(X/2) - S(Y/2)), S the Lemma 5.1 square network.
#
# ## What is checked
#   1. S: its exact piecewise-linear form on [0, 1] (verinet.analysis.pwl1d) interpolates x^2
#      at its breakpoints, so 0 <= S(t) - t^2 <= eps := max over pieces of (piece length / 2)^2,
#      computed exactly; eps <= N^-L (Lemma 5.1).
#   2. psi - XY = 2 (e1 - e2 - e3) with e_i in [0, eps], so |psi - XY| <= 4 eps <= 6 N^-L
#      (Lemma 5.2); the arguments (X+Y)/2, X/2, Y/2 lie in [0, 1] for X, Y in [0, 1].
#   3. phi - xy = (b-a)^2 (psi - XY) (the identity a(x + y + 2|a|) - a^2 - 2a|a| = a(x+y) - a^2
#      holds on [a, b]^2 where x + y + 2|a| >= 0), checked by exact evaluation on a grid
#      against that formula; so |phi - xy| <= 4 (b-a)^2 eps <= 6 (b-a)^2 N^-L.
#   4. width <= 9N + 1 and depth == L from the layered form.
#
# ## What is not checked
#   * the network identity of step 3 is checked on a grid of the box (it holds by
#     construction: verinet.constructions._layers.sum_of_chains), not symbolically.
#
# ## References
#   Lu, Shen, Yang, Zhang, Deep network approximation for smooth functions, SIAM J. Math.
#   Anal. 53 (2021), Lemmas 4.2, 5.1, 5.2; spec smooth_and_growth.md section 1.6.

import argparse
import itertools
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _report import Report  # noqa: E402

from verinet import MPQ, evaluate  # noqa: E402
from verinet.analysis.pwl1d import piecewise_linear_form  # noqa: E402
from verinet.constructions.product import product, square  # noqa: E402
from verinet.interpret.metrics import size_metrics  # noqa: E402
from verinet.numbers import as_rational  # noqa: E402


def prove(N: int, L: int, a, b) -> Report:
    a, b = as_rational(a, "a"), as_rational(b, "b")
    c = product(N, L, a, b)
    bound = c.claims["sup_error"]
    report = Report(f"|phi(x, y) - xy| <= 6 (b-a)^2 N^-L = {bound} on [{a}, {b}]^2, width 9N+1, depth L")
    # Step 1: the square network is the interpolant of t^2 at its own breakpoints.
    (form,) = piecewise_linear_form(square(N, L).network, 0, 1)
    report.check("S interpolates t^2 at its breakpoints",
                 all(v == t * t for t, v in zip(form.breakpoints, form.values)), f"{form.pieces} pieces")
    eps = max(((t1 - t0) / 2) ** 2 for t0, t1 in zip(form.breakpoints, form.breakpoints[1:]))
    report.check("eps <= N^-L (Lemma 5.1)", eps <= MPQ(1, N**L), f"eps = {eps}")
    # Step 2 is arithmetic on eps: |psi - XY| <= 4 eps.
    report.check("4 eps <= 6 N^-L (Lemma 5.2)", 4 * eps <= MPQ(6, N**L))
    # Step 3: phi = (b-a)^2 psi(X, Y) + a(x + y) - a^2 on a grid of the box.
    s = b - a
    axis = [a + s * MPQ(i, 8) for i in range(9)]
    points = list(itertools.product(axis, axis))
    phi = [y for (y,) in evaluate(c.network, [list(p) for p in points])]
    halves = [[(x - a) / s / 2 + (y - a) / s / 2] for x, y in points] + [[(x - a) / s / 2] for x, _ in points] \
        + [[(y - a) / s / 2] for _, y in points]
    S = [v for (v,) in evaluate(square(N, L).network, halves)]
    n = len(points)
    psi = [2 * (S[i] - S[n + i] - S[2 * n + i]) for i in range(n)]
    report.check("phi == (b-a)^2 psi(X, Y) + a(x+y) - a^2 on the grid",
                 all(f == s * s * p + a * (x + y) - a * a for f, p, (x, y) in zip(phi, psi, points)))
    report.check("4 (b-a)^2 eps <= claimed 6 (b-a)^2 N^-L", 4 * s * s * eps <= bound, f"{4 * s * s * eps} <= {bound}")
    worst = max(abs(f - x * y) for f, (x, y) in zip(phi, points))
    report.check("grid error <= 4 (b-a)^2 eps", worst <= 4 * s * s * eps, f"largest grid error {worst}")
    metrics = size_metrics(c.network)
    report.check("width <= 9N + 1", metrics["width"] <= c.claims["width"], f"{metrics['width']} <= {c.claims['width']}")
    report.check("depth == L", metrics["depth"] == c.claims["depth"] == L)
    return report


def main(argv=None):
    parser = argparse.ArgumentParser(description="Lemma 4.2 product network, checked exactly")
    parser.add_argument("--N", type=int, default=3)
    parser.add_argument("--L", type=int, default=3)
    parser.add_argument("--a", default="-3")
    parser.add_argument("--b", default="3")
    args = parser.parse_args(argv)
    report = prove(args.N, args.L, args.a, args.b)
    report.print()
    return 0 if report.verdict else 1


if __name__ == "__main__":
    sys.exit(main())
