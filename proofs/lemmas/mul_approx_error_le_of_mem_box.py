"""Theorem (Lu-Shen-Yang-Zhang 2021, Lemma 4.2, with Lemmas 5.1 and 5.2)
  For N, L >= 1 and a < b there is a ReLU network phi of width 9N + 1 and depth L with
  |phi(x, y) - xy| <= 6 (b - a)^2 N^-L for all (x, y) in [a, b]^2.

Network
  verinet.constructions.product.product(N, L, a, b) (`verinet build product ...`):
  phi(x, y) = (b-a)^2 psi(X, Y) + a relu(x + y + 2|a|) - a^2 - 2a|a|, X = (x-a)/(b-a),
  psi(X, Y) = 2 (S((X+Y)/2) - S(X/2) - S(Y/2)), S the Lemma 5.1 square network.

What is checked (exactly)
  1. S: its exact piecewise-linear form on [0, 1] (verinet.analysis.pwl1d) interpolates x^2
     at its breakpoints, so 0 <= S(t) - t^2 <= eps := max over pieces of (piece length / 2)^2,
     computed exactly; eps <= N^-L (Lemma 5.1).
  2. psi - XY = 2 (e1 - e2 - e3) with e_i in [0, eps], so |psi - XY| <= 4 eps <= 6 N^-L
     (Lemma 5.2); the arguments (X+Y)/2, X/2, Y/2 lie in [0, 1] for X, Y in [0, 1].
  3. phi - xy = (b-a)^2 (psi - XY) (the identity a(x + y + 2|a|) - a^2 - 2a|a| = a(x+y) - a^2
     holds on [a, b]^2 where x + y + 2|a| >= 0), checked by exact evaluation on a grid
     against that formula; so |phi - xy| <= 4 (b-a)^2 eps <= 6 (b-a)^2 N^-L.
  4. width <= 9N + 1 and depth == L from the layered form.

What is not checked
  * the network identity of step 3 is checked on a 9 x 9 grid of the box (it holds by
    construction: verinet.constructions._layers.sum_of_chains), not symbolically.
  * S with more than 2^21 pieces ((2^k)^L, k = sawtooth_order(N)) is refused as too long.

References
  Lu, Shen, Yang, Zhang, Deep network approximation for smooth functions, SIAM J. Math.
  Anal. 53 (2021), Lemmas 4.2, 5.1, 5.2; spec smooth_and_growth.md section 1.6.
"""

import itertools
import sys

from verinet import MPQ, evaluate
from verinet.analysis.pwl1d import piecewise_linear_form
from verinet.claims.certificate import Certificate, compare_eq, compare_le
from verinet.claims.finite import values_equal
from verinet.claims.sizes import size_table
from verinet.claims.theorem import Param, Theorem, exact, integer
from verinet.constructions.product import product, sawtooth_order, square
from verinet.interpret.metrics import size_metrics

from proofs._theorem import entry_points
from proofs.lemmas._steps import MAX_PIECES, interpolates_square, require_at_most, sized, square_error_peak

REFERENCE = "Lu-Shen-Yang-Zhang 2021, Lemma 4.2 with Lemmas 5.1 and 5.2"
STATEMENT = ("For N, L >= 1 and a < b there is a ReLU network phi of width 9N + 1 and depth L with "
             "|phi(x, y) - xy| <= 6 (b - a)^2 N^-L on [a, b]^2.")


def verify(N: int, L: int, a, b) -> Certificate:
    """Check Lemma 4.2 for one ``(N, L, [a, b])``; its certificate."""
    require_at_most("pieces of S", (2 ** sawtooth_order(N)) ** L, MAX_PIECES, "the 1-D form of Lemma 5.1's "
                    "square has (2^k)^L pieces, k = sawtooth_order(N)")
    c, S = product(N, L, a, b), square(N, L).network
    a, b = c.parameters["a"], c.parameters["b"]
    s = b - a
    cert = Certificate(REFERENCE, STATEMENT, {"N": N, "L": L, "a": a, "b": b},
                       sizes=size_table({"phi": c.network, "S": S}))
    # Step 1: the square network is the interpolant of t^2 at its own breakpoints.
    (form,) = piecewise_linear_form(S, 0, 1)
    cert.checks.append(interpolates_square("S_values_eq_square", "S(t) = t^2 at every breakpoint t", form))
    eps, t = square_error_peak(form.breakpoints)
    cert.checks.append(compare_le("eps_le_lemma_5_1", "eps := sup (S - t^2) <= N^-L (Lemma 5.1)", eps,
                                  MPQ(1, N**L), {"t": t}))
    # Step 2 is arithmetic on eps: |psi - XY| <= 4 eps.
    cert.checks.append(compare_le("four_eps_le_lemma_5_2", "4 eps <= 6 N^-L (Lemma 5.2)", 4 * eps, MPQ(6, N**L)))
    # Step 3: phi = (b-a)^2 psi(X, Y) + a(x + y) - a^2 on a grid of the box.
    axis = [a + s * MPQ(i, 8) for i in range(9)]
    points = list(itertools.product(axis, axis))
    phi = [y for (y,) in evaluate(c.network, [list(p) for p in points])]
    halves = [[(x - a) / s / 2 + (y - a) / s / 2] for x, y in points] + [[(x - a) / s / 2] for x, _ in points] \
        + [[(y - a) / s / 2] for _, y in points]
    S_values = [v for (v,) in evaluate(S, halves)]
    n = len(points)
    psi = [2 * (S_values[i] - S_values[n + i] - S_values[2 * n + i]) for i in range(n)]
    formula = [s * s * p + a * (x + y) - a * a for p, (x, y) in zip(psi, points)]
    cert.checks.append(values_equal("phi_eq_scaled_psi_on_grid", "phi = (b-a)^2 psi(X, Y) + a(x+y) - a^2 on the "
                                    "9 x 9 grid of [a, b]^2", phi, formula, witness=lambda i: {"xy": list(points[i])}))
    cert.checks.append(compare_le("error_bound_le_claim", "4 (b-a)^2 eps <= 6 (b-a)^2 N^-L", 4 * s * s * eps,
                                  6 * s * s / MPQ(N) ** L))
    worst, i = max((abs(f - x * y), i) for i, (f, (x, y)) in enumerate(zip(phi, points)))
    cert.checks.append(compare_le("grid_error_le_bound", "max over the grid |phi - xy| <= 4 (b-a)^2 eps", worst,
                                  4 * s * s * eps, {"xy": list(points[i])}))
    metrics = size_metrics(c.network)
    cert.checks += [sized(compare_le("width_le", "width <= 9N + 1", metrics["width"], 9 * N + 1), c.network, "width"),
                    sized(compare_eq("depth_eq", "depth L", metrics["depth"], L), c.network, "depth")]
    cert.not_checked = ["The identity phi = (b-a)^2 psi(X, Y) + a(x+y) - a^2 is checked on a 9 x 9 grid "
                        "(it holds by construction), not symbolically."]
    return cert


THEOREM = Theorem(
    name="mul-approx-error-le-of-mem-box", reference=REFERENCE, statement=STATEMENT,
    summary="Lemma 4.2: |phi(x, y) - xy| <= 6 (b-a)^2 N^-L on [a, b]^2 with width 9N + 1, depth L",
    parameters={"N": Param(integer("N", 1, 4096), 3, "width parameter N"),
                "L": Param(integer("L", 1, 21), 3, "depth L, with (2^k)^L <= 2^21 for k = sawtooth_order(N)"),
                "a": Param(exact("a"), "-3", "left end a of the box [a, b]^2, exact"),
                "b": Param(exact("b"), "3", "right end b > a, exact")},
    run=verify,
)
PARAMETERS = THEOREM.parameters


prove, main = entry_points(THEOREM)


if __name__ == "__main__":
    sys.exit(main())
