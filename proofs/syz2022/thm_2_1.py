"""Theorem (Shen-Yang-Zhang 2022, Theorem 2.1)
  For n >= 1 and p in [1, oo) there are phi_1 in H_{2^(dn+4)}(d, 1), phi_2 in H_{2^(dn+5) n}(n, 1)
  such that for every f in C([0,1]^d) there is a linear L(t) = (a_1 t, ..., a_n t) with
  ||s phi_2(L(phi_1(x))) + b - f||_{L^p} <= omega_f(sqrt(d) 2^-n) + 2^(-n+2) omega_f(sqrt(d)),
  s = 2 omega_f(sqrt(d)), b = f(0) - omega_f(sqrt(d)): n + 2 intrinsic parameters.

Network
  verinet.theorems.syz2022.thm_2_1.build: Theorem A.1's network for (f - b)/s with
  delta = min(1/(3K), 2^-ceil(p(n+1))/(dK)), then y -> s y + b.

What is checked (exactly)
  * (f - b)/s maps [0,1]^d into [0,1] (b + omega(sqrt d) <= f(0) <= b + s - omega(sqrt d));
  * every Theorem A.1 step (see thm_a1.py) for the rescaled target;
  * d K delta 2^p <= 2^(-pn) and the L^p inequality
    A^p (1 - |Omega|) + (s m)^p |Omega| <= (omega(sqrt(d) 2^-n) + 2^(-n+2) W)^p, compared exactly;
  * n + 2 intrinsic parameters, by construction and by building for other targets.

What is not checked
  * s = 2W with a rational W >= omega(sqrt d) + |f(0) - c| replaces the (irrational) paper s;
    the modulus of continuity is a hypothesis.

References
  Shen-Yang-Zhang 2022, Thm 2.1 and its proof (spec section 5); docs/theorems.md.
"""

import sys

from verinet.theorems.registry import get
from proofs._theorem import entry_points

THEOREM = get("syz22-2.1")
PARAMETERS = THEOREM.parameters


prove, main = entry_points(THEOREM)


if __name__ == "__main__":
    sys.exit(main())
