# Theorem (Shen-Yang-Zhang 2022, Theorem 2.3)
#   For eps > 0, alpha in (0, 1], lam > 0 there is phi in H(d+1, 1) such that for every Hölder f
#   (order alpha, constant lam) on [0,1]^d there are s >= 0, v in [0, 1), b with
#   |s phi(x, v) + b - f(x)| <= eps on [0,1]^d; phi does not depend on f.
#
# ## Network
#   verinet.theorems.three: n least with 5 lam d^(alpha/2) 2^(-alpha n) <= eps/2; Theorem 2.2's
#   network with L replaced by products (Lemma 4.2) of the a_l unpacked from v (Lemma A.3).
#
# ## What is checked (exactly)
#   * the choice of n; every Theorem A.1 step; v has n 2^(dn+1) bits and unpacks exactly;
#   * the product error 3 eta <= 2^-n; the cell analysis; sup |s phi + b - f| <= eps;
#   * at small sizes the whole phi(x, v) is built and evaluated at one point per cell;
#   * with --diff (default): phi is identical for other targets of the class, and exactly
#     s, v, b differ.
#
# ## What is not checked
#   * Lemma 4.2's error bound and the 3-Lipschitz continuity of phi_{2,l} are used, not re-derived;
#     at large sizes phi is not built (the floor network has 2n(2^(mn) - 1) units).
#
# ## References
#   Shen-Yang-Zhang 2022, Thm 2.3 (spec section 7); docs/theorems.md.

import sys

from _theorem import finish, parser

from verinet.numbers import as_rational
from verinet.claims.targets import parse_target
from verinet.theorems.three import class_targets, verify_2_3


def main(argv=None):
    p = parser("Theorem 2.3 (three intrinsic parameters) checked exactly", 1, "sin(3*x1)/40")
    p.add_argument("--eps", default="1/2", help="accuracy eps > 0 (exact)")
    p.set_defaults(lipschitz="3/40")
    args = p.parse_args(argv)

    def run():
        target = parse_target(args.f, args.d, lipschitz=None if args.holder else args.lipschitz, holder=args.holder)
        others = None if args.no_diff else class_targets(args.d, *target.holder)
        return verify_2_3(args.d, as_rational(args.eps, "eps"), target, diff_with=others)

    return finish("thm_2_3", run, args)


if __name__ == "__main__":
    sys.exit(main())
