"""Theorem (Shen-Yang-Zhang 2022, Theorem 2.3)
  For eps > 0, alpha in (0, 1], lam > 0 there is phi in H(d+1, 1) such that for every Hölder f
  (order alpha, constant lam) on [0,1]^d there are s >= 0, v in [0, 1), b with
  |s phi(x, v) + b - f(x)| <= eps on [0,1]^d; phi does not depend on f.

Network
  verinet.theorems.syz2022.thm_2_3: n least with 5 lam d^(alpha/2) 2^(-alpha n) <= eps/2; Theorem 2.2's
  network with L replaced by products (Lemma 4.2) of the a_l unpacked from v (Lemma A.3).

What is checked (exactly)
  * the choice of n; every Theorem A.1 step; v has n 2^(dn+1) bits and unpacks exactly;
  * the product error 3 eta <= 2^-n; the cell analysis; sup |s phi + b - f| <= eps;
  * at small sizes the whole phi(x, v) is built and evaluated at one point per cell;
  * with --diff (default): phi is identical for other targets of the class, and exactly
    s, v, b differ.

What is not checked
  * Lemma 4.2's error bound and the 3-Lipschitz continuity of phi_{2,l} are used, not re-derived;
    at large sizes phi is not built (the floor network has 2n(2^(mn) - 1) units).

References
  Shen-Yang-Zhang 2022, Thm 2.3 (spec section 7); docs/theorems.md.
"""

import sys

from verinet.theorems.registry import get
from proofs._theorem import entry_points

THEOREM = get("syz22-2.3")
PARAMETERS = THEOREM.parameters


prove, main = entry_points(THEOREM)


if __name__ == "__main__":
    sys.exit(main())
