"""Theorem (Shen-Yang-Zhang 2022, Theorem A.1)
  For n >= 1, K = 2^n, delta in (0, 1/(3K)] there are phi_1 in H_{2^(dn+4)}(d, 1) and
  phi_2 in H_{2^(dn+5) n}(n, 1), independent of f, such that for every continuous
  f: [0,1]^d -> [0,1] there is L(t) = (a_1 t, ..., a_n t), a_l in [0, 1/3), 2^m a_l integers
  (m = 2^(dn+1)), with |phi_2(L(phi_1(x))) - f(x)| <= omega_f(sqrt(d) 2^-n) + 2^-n off the
  trifling region Omega(K, delta), |Omega| <= d K delta.

Network
  verinet.theorems.syz2022.thm_a1.build: phi_1 = h o rho o (g, ..., g) (step, index, power maps),
  L with the key parameters a_l = sum_j theta_{j,l} 4^-j, phi_2 = sum_l 2^-l phi_{2,l} (Prop. B.1).

What is checked (exactly, per instance)
  * phi_1 is constant on every closed cube Q_beta and equals 4^rho(beta) (eq. 9);
  * phi_2(L(4^j)) is the n-bit truncation of f(x_beta), recomputed from f (eq. 10-12);
  * phi_2(R^n) in [0, 1]; the cube radius; the error bound off Omega; |Omega| <= d K delta
    (closed form and box-union measure);
  * parameter counts of phi_1, phi_2 against 2^(dn+4), 2^(dn+5) n; width, depth, weights;
  * intrinsic parameters: the declared positions hold a_1..a_n, and building for other
    targets changes exactly those entries.

What is not checked
  * The target's modulus of continuity is a hypothesis (declared, or derived by interval
    arithmetic); sup_Q |f - c_beta| is bounded through it, not computed.

References
  Shen, Yang, Zhang, Deep Network Approximation in Terms of Intrinsic Parameters, ICML 2022,
  Thm A.1 and its proof; spec intrinsic_parameters.md sections 3-4; docs/theorems.md.
"""

import sys

from verinet.theorems.registry import get
from proofs._theorem import entry_points

THEOREM = get("syz22-a1")
PARAMETERS = THEOREM.parameters


prove, main = entry_points(THEOREM)


if __name__ == "__main__":
    sys.exit(main())
