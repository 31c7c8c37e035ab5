"""Theorem (Lu-Shen-Yang-Zhang 2021, Lemma 5.3 and Prop. 4.1; the sum is [D])
  For N, L >= 1 and k >= 2 the k-fold product network phi_{k-1} (phi_1 = Lemma 4.2 with
  N + 1, depth 7kL on [-1/10, 11/10]; phi_{i+1} = phi_1(phi_i, relu(x_{i+2}))) satisfies
  |phi_{k-1} - x_1 ... x_k| <= 9(k - 1)(N + 1)^(-7kL) on [0, 1]^k; padding with ones gives
  every x^alpha with |alpha| <= k (Prop. 4.1: error <= 9k(N + 1)^(-7kL)), and a polynomial
  p = c_0 + sum c_alpha x^alpha is approximated within sum |c_alpha| 9k(N + 1)^(-7kL).

Network
  verinet.constructions.product.product_many, verinet.constructions.polynomials.polynomial
  (`verinet build polynomial --coefficients ... --N N --L L`).

What is checked (exactly)
  1. The square S inside phi_1: its exact 1-D form interpolates t^2 at its breakpoints, so
     0 <= S - t^2 <= eps_S := max (piece length / 2)^2 (exact).
  2. Lemma 4.2 on [a, b] = [-1/10, 11/10]: |phi_1 - xy| <= 4 (b - a)^2 eps_S =: eps, and
     eps <= 6 (6/5)^2 (N + 1)^(-7kL) <= 9 (N + 1)^(-7kL).
  3. Lemma 5.3's induction: with e_i := sup |phi_i - x_1..x_{i+1}|, e_{i+1} <= eps + e_i
     (|x| <= 1), valid while phi_i stays in [-1/10, 11/10], i.e. (k - 2) eps <= 1/10; so
     e_{k-1} <= (k - 1) eps <= 9(k - 1)(N + 1)^(-7kL) <= 9k(N + 1)^(-7kL).
  4. The polynomial bound sum |c_alpha| (k - 1) eps <= the claim (triangle inequality).
  5. For d = 1 and k = 2, the exact sup error of the whole polynomial network on [0, 1]
     (verinet.analysis.sup_error on its 1-D form; the target is a polynomial, so the
     maximiser is a breakpoint or a root of the derivative) is <= the claim.
  6. Depth 7kL(k - 1) <= 7k^2 L; width <= T (9(N + 1) + k - 1).
  For affine p (k <= 1 or no non-zero c_i, i >= 1) the network is p itself: its exact sup error is 0.

What is not checked
  * step 5 for k >= 3: the 1-D form has ~4 million pieces at k = 3, N = L = 1 (8 min);
    steps 1-4 prove the bound for every k from exactly computed eps.
  * S with more than 2^21 pieces ((2^j)^(7kL), j = sawtooth_order(N + 1)) is refused as too long.

References
  Lu, Shen, Yang, Zhang, SIAM J. Math. Anal. 53 (2021), Lemmas 4.2, 5.1-5.3, Prop. 4.1;
  spec smooth_and_growth.md 1.6.
"""

import sys

from verinet import MPQ
from verinet.analysis import piecewise_linear_form, sup_error
from verinet.claims.certificate import Certificate, compare_eq, compare_le
from verinet.claims.sizes import size_table
from verinet.claims.theorem import Param, Theorem, integer, text
from verinet.constructions.polynomials import polynomial_error_bound, univariate_polynomial
from verinet.constructions.product import sawtooth_order, square
from verinet.interpret.metrics import size_metrics
from verinet.numbers import parse_vector

from proofs._theorem import entry_points
from proofs.lemmas._steps import MAX_PIECES, interpolates_square, require_at_most, sized, square_error_peak

REFERENCE = "Lu-Shen-Yang-Zhang 2021, Lemma 5.3 and Prop. 4.1"
STATEMENT = ("For N, L >= 1 a polynomial p = c_0 + sum_{i>=1} c_i x^i of degree k >= 2 is approximated on [0, 1] by "
             "a ReLU network within sum_{i>=1} |c_i| 9k (N + 1)^(-7kL), of depth 7kL(k - 1) <= 7k^2 L and width "
             "<= T (9(N + 1) + k - 1), T the number of non-zero non-constant terms.")


def exact_sup_error(network, terms, bound, name: str, claim: str):
    """``sup_[0,1] |network - p| <= bound`` from the network's exact 1-D form.

    The target is a polynomial, so :func:`~verinet.analysis.sup_error` is exact; were it an
    enclosure, its upper end (a rigorous bound) is compared.
    """
    (form,) = piecewise_linear_form(network, 0, 1)
    target = " + ".join(f"({v})*x**{i}" for (i,), v in terms.items())
    result = sup_error(form, target)
    return compare_le(name, claim, result.value if result.exact else result.upper, bound,
                      {"x": result.witness}, {"exact": result.exact, "pieces": form.pieces})


def verify(coefficients: str, N: int, L: int, exact_limit: int) -> Certificate:
    """Check Prop. 4.1 summed for ``p(x) = sum_i c_i x^i`` on ``[0, 1]``; its certificate."""
    c = univariate_polynomial(parse_vector(coefficients, "coefficients"), N, L)
    terms = c.parameters["terms"]
    k = max(i for (i,) in terms)
    T = sum(1 for (i,), v in terms.items() if i and v)
    bound = polynomial_error_bound(terms, N, L)
    cert = Certificate(REFERENCE, STATEMENT, {"coefficients": coefficients, "N": N, "L": L,
                                              "exact_limit": exact_limit, "k": k},
                       sizes=size_table({"phi": c.network}))
    if k < 2 or T == 0:
        cert.checks.append(exact_sup_error(c.network, terms, 0, "affine_sup_error_zero", "p is affine: the network "
                                           "is the affine map p itself, sup |phi - p| <= 0"))
        return cert
    D = 7 * k * L
    require_at_most("pieces of S", (2 ** sawtooth_order(N + 1)) ** D, MAX_PIECES, "the 1-D form of the square "
                    "inside the product has (2^j)^(7kL) pieces, j = sawtooth_order(N + 1)")
    # Step 1: the square inside the product block.
    (form,) = piecewise_linear_form(square(N + 1, D).network, 0, 1)
    cert.checks.append(interpolates_square("S_values_eq_square", "S(t) = t^2 at every breakpoint t", form))
    eps_S, _ = square_error_peak(form.breakpoints)
    # Step 2: Lemma 4.2 on [-1/10, 11/10].
    width2 = MPQ(6, 5) ** 2
    eps = 4 * width2 * eps_S
    cert.checks += [
        compare_le("eps_le_lemma_4_2", "eps = 4 (6/5)^2 eps_S <= 6 (6/5)^2 (N+1)^(-7kL) (Lemma 4.2)", eps,
                   6 * width2 / MPQ(N + 1) ** D),
        compare_le("eps_le_nine", "eps <= 9 (N+1)^(-7kL)", eps, MPQ(9, (N + 1) ** D)),
        # Step 3: the induction stays inside [-1/10, 11/10].
        compare_le("induction_in_box", "(k - 2) eps <= 1/10 (phi_i stays in the product's box)", (k - 2) * eps,
                   MPQ(1, 10)),
        compare_le("product_error_le", "(k - 1) eps <= 9k (N+1)^(-7kL) (Lemma 5.3, Prop. 4.1)", (k - 1) * eps,
                   MPQ(9 * k, (N + 1) ** D)),
    ]
    # Step 4: the sum.
    total = sum((abs(v) for (i,), v in terms.items() if i), MPQ(0))
    cert.checks.append(compare_le("sum_bound_le_claim", "sum_{i>=1} |c_i| (k - 1) eps <= sum_{i>=1} |c_i| 9k "
                                  "(N+1)^(-7kL)", total * (k - 1) * eps, bound))
    # Step 5: the exact sup error of the whole network.
    if k <= exact_limit:
        cert.checks.append(exact_sup_error(c.network, terms, bound, "exact_sup_error_le_claim",
                                           "exact sup_[0,1] |phi - p| <= sum_{i>=1} |c_i| 9k (N+1)^(-7kL)"))
    metrics = size_metrics(c.network)
    cert.checks += [sized(compare_eq("depth_eq", "depth 7kL(k - 1)", metrics["depth"], D * (k - 1)),
                           c.network, "depth"),
                    sized(compare_le("depth_le", "depth <= 7k^2 L", metrics["depth"], 7 * k * k * L),
                           c.network, "depth"),
                    sized(compare_le("width_le", "width <= T (9(N+1) + k - 1)", metrics["width"],
                                     T * (9 * (N + 1) + k - 1)), c.network, "width")]
    if k > exact_limit:
        cert.not_checked.append(f"The exact sup error of the whole network (degree {k} > exact_limit "
                                f"{exact_limit}); steps 1-4 bound it from the exactly computed eps.")
    return cert


THEOREM = Theorem(
    name="polynomial-approx-error-le-of-degree", reference=REFERENCE, statement=STATEMENT,
    summary="Prop. 4.1: a degree-k polynomial on [0, 1] within sum |c_i| 9k (N+1)^(-7kL), depth 7kL(k - 1)",
    parameters={"coefficients": Param(text, "1,-2,3", "coefficients c_0,c_1,...,c_k, exact numbers"),
                "N": Param(integer("N", 1, 64), 1, "width parameter N"),
                "L": Param(integer("L", 1, 8), 1, "depth parameter L"),
                "exact_limit": Param(integer("exact_limit", 0, 2), 2, "largest degree k <= 2 for the "
                                     "whole-network exact sup")},
    run=verify,
)
PARAMETERS = THEOREM.parameters


prove, main = entry_points(THEOREM)


if __name__ == "__main__":
    sys.exit(main())
