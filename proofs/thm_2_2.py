# Theorem (Shen-Yang-Zhang 2022, Theorem 2.2)
#   For n >= 1 there are phi_1 in H_{3^d 2^(dn+5)}(d, 3^d), phi_2 in H_{3^d 2^(dn+8) n}(3^d n, 1)
#   such that for every f in C([0,1]^d), with L blockwise (a_1 t, ..., a_n t),
#   ||s phi_2(L(phi_1(x))) + b - f||_{L^inf} <= omega_f(sqrt(d) 2^-n) + 2^(-n+2) omega_f(sqrt(d)):
#   3^d n + 2 intrinsic parameters.
#
# ## Network
#   verinet.theorems.intrinsic.build_2_2: the mid repair (Lemma A.2) of Theorem A.1's network,
#   psi_{i+1}(x) = mid(psi_i(x - delta e_{i+1}), psi_i(x), psi_i(x + delta e_{i+1})), then s y + b.
#
# ## What is checked (exactly)
#   * every Theorem A.1 step for the rescaled target;
#   * the sup over all of [0,1]^d, by exact cell analysis of the mid repair (the network is
#     also evaluated at one point per cell and must lie in the cell's interval), against
#     three bounds: sharp (omega + s 2^-n), fixed delta (+ d omega(delta)) and the paper's;
#   * psi_1, psi_2 parameter counts; 3^d n + 2 intrinsic parameters by construction and diff.
#
# ## The paper's gap
#   The paper picks delta with d omega_f(delta)/s <= 2^-n, so phi_1 depends on f.  Here delta is
#   the f-independent 1/(3K) and the bound that holds for it is checked; the paper's delta for
#   this target (and the diff targets) is reported in the certificate (intrinsic.paper_gap).
#
# ## What is not checked
#   * the modulus of continuity is a hypothesis; mid networks are the constructions module's.
#
# ## References
#   Shen-Yang-Zhang 2022, Thm 2.2, Lemma A.2 (spec section 6); docs/theorems.md.

import sys

from _theorem import finish, parser

from verinet.numbers import as_rational
from verinet.theorems.suite import verify_2_2
from verinet.claims.targets import parse_target


def main(argv=None):
    p = parser("Theorem 2.2 (L^inf, 3^d n + 2 intrinsic parameters) checked exactly", 1, "sin(3*x1)/2")
    p.add_argument("--n", type=int, default=3, help="bits per cube value (K = 2^n)")
    p.add_argument("--delta", help="shift/trifling width in (0, 1/(3K)] (default 1/(3K), f-independent)")
    args = p.parse_args(argv)

    def run():
        target = parse_target(args.f, args.d, lipschitz=args.lipschitz, holder=args.holder)
        delta = as_rational(args.delta, "delta") if args.delta else None
        return verify_2_2(args.d, args.n, target, delta, diff=not args.no_diff)

    return finish("thm_2_2", run, args)


if __name__ == "__main__":
    sys.exit(main())
